// uPlot's own stylesheet, adopted into the shadow roots of the chart elements (a document-level
// stylesheet does not reach inside them), plus the styles the charts share: the plot's box with its
// "nothing yet" overlay, and the tooltip.
import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export const uplotStyles = unsafeCSS(uplotCss);

/** The host, the `.plot` box uPlot draws into and the `.empty` note over it. */
export const plotBoxStyles = css`
  :host { display: block; position: relative; min-width: 0; }
  .plot { position: relative; width: 100%; min-height: 200px; }
  .empty { position: absolute; inset: 40% 0 auto; text-align: center; color: var(--ink-faint); font-size: 0.9rem; pointer-events: none; }
  .uplot { font-family: inherit; }
`;

export const chartTipStyles = css`
  .tip {
    position: absolute;
    z-index: 5;
    max-width: min(22rem, 80vw);
    padding: 0.45rem 0.6rem;
    background: var(--tip-paper);
    border: 1px solid var(--line-control);
    border-radius: 6px;
    box-shadow: 0 2px 10px var(--shadow);
    font-size: 0.8rem;
    line-height: 1.35;
    pointer-events: none;
    color: var(--ink);
  }
  .tip.pinned {
    pointer-events: auto;
    border-color: var(--ink);
  }
  .tip strong { display: block; margin-bottom: 0.15rem; }
  .tip .reason { margin-top: 0.2rem; }
  .tip .muted { color: var(--ink-faint); }
  .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.3em; vertical-align: baseline; }
`;
