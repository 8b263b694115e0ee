// Styles every dashboard element adopts: a block host in the ink colour (an element's own styles,
// listed after these, may make it a grid), cards, tables that scroll sideways on a phone (the
// edge that hides columns fades, as ScrollHintController marks it, and a table's `.key` cells stay
// at the left on a narrow screen), state badges, buttons. Shadow roots don't inherit document
// styles, so each element lists these.
import { css } from 'lit';

export const sharedStyles = css`
  :host { display: block; color: var(--ink); }
  a { color: var(--accent); }
  .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; min-width: 0; }
  .card > h2, .card > header > h2 { margin: 0 0 0.6rem; font-size: 1rem; font-weight: 650; }
  .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; --fade: 2.5rem; }
  .table-wrap[data-more='right'] { mask-image: linear-gradient(to left, transparent, var(--mask-opaque) var(--fade)); }
  .table-wrap[data-more='left'] { mask-image: linear-gradient(to right, transparent, var(--mask-opaque) var(--fade)); }
  .table-wrap[data-more='both'] { mask-image: linear-gradient(to right, transparent, var(--mask-opaque) var(--fade), var(--mask-opaque) calc(100% - var(--fade)), transparent); }
  @media (max-width: 720px) {
    th.key, td.key { position: sticky; left: 0; z-index: 2; background: var(--paper); }
    th.key { background: var(--paper-header); }
    /* The key columns cover the left edge: only the right one fades. */
    .table-wrap[data-more='left'] { mask-image: none; }
    .table-wrap[data-more='both'] { mask-image: linear-gradient(to left, transparent, var(--mask-opaque) var(--fade)); }
  }
  table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--subtle); vertical-align: top; font-variant-numeric: tabular-nums; }
  th { font-weight: 600; color: var(--ink-muted); white-space: nowrap; background: var(--paper-header); }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .nowrap { white-space: nowrap; }
  .muted { color: var(--ink-faint); }
  .small { font-size: 0.8rem; }
  .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; white-space: nowrap; background: var(--subtle); color: var(--ink-soft); }
  .badge.running, .badge.live { background: var(--accent-soft); color: var(--accent-ink); }
  .badge.completed, .badge.ended { background: var(--badge-completed); color: var(--badge-completed-ink); }
  .badge.early-stopped { background: var(--badge-early-stopped); color: var(--badge-early-stopped-ink); }
  .badge.diverged, .badge.failed { background: var(--badge-diverged); color: var(--badge-diverged-ink); }
  .badge.cancelled, .badge.closed { background: var(--badge-cancelled); color: var(--badge-cancelled-ink); }
  .badge.queued, .badge.loading, .badge.reconnecting { background: var(--badge-queued); color: var(--badge-queued-ink); }
  .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.35em; vertical-align: baseline; }
  button { font: inherit; font-size: 0.85rem; padding: 0.3rem 0.7rem; border-radius: 6px; border: 1px solid var(--line-control); background: var(--paper); color: var(--ink); cursor: pointer; }
  button:hover { background: var(--paper-hover); }
  button.primary { background: var(--accent); border-color: var(--accent); color: var(--ink-inverse); }
  button.primary:hover { background: var(--accent-hover); }
  button:disabled { opacity: 0.55; cursor: default; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
  .error { color: var(--error); }
`;
