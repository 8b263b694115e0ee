// Styles every dashboard element adopts: cards, tables that scroll sideways on a phone, state
// badges, buttons. Shadow roots don't inherit document styles, so each element lists these.
import { css } from 'lit';

export const sharedStyles = css`
  :host { color: #1d2430; }
  a { color: #1f5fbf; }
  .card { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 0.8rem 1rem; min-width: 0; }
  .card > h2, .card > header > h2 { margin: 0 0 0.6rem; font-size: 1rem; font-weight: 650; }
  .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #eef0f2; vertical-align: top; font-variant-numeric: tabular-nums; }
  th { font-weight: 600; color: #4a5361; white-space: nowrap; background: #fafbfc; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .nowrap { white-space: nowrap; }
  .muted { color: #5b6472; }
  .small { font-size: 0.8rem; }
  .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; white-space: nowrap; background: #eef0f2; color: #3a4350; }
  .badge.running, .badge.live { background: #e3f0ff; color: #0b4f9c; }
  .badge.completed, .badge.ended { background: #e4f5ea; color: #17673a; }
  .badge.early-stopped { background: #fff3d6; color: #7a5200; }
  .badge.diverged, .badge.failed { background: #fde6dc; color: #9c2f00; }
  .badge.cancelled, .badge.closed { background: #eceef1; color: #5b6472; }
  .badge.queued, .badge.loading, .badge.reconnecting { background: #f1ecfb; color: #5a3b99; }
  .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.35em; vertical-align: baseline; }
  button { font: inherit; font-size: 0.85rem; padding: 0.3rem 0.7rem; border-radius: 6px; border: 1px solid #c9ccd1; background: #fff; color: #1d2430; cursor: pointer; }
  button:hover { background: #f3f5f7; }
  button.primary { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
  button.primary:hover { background: #184f9f; }
  button:disabled { opacity: 0.55; cursor: default; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
  .error { color: #b00020; }
`;
