// uPlot's own stylesheet, adopted into the shadow roots of the chart elements (a document-level
// stylesheet does not reach inside them), plus the tooltip style the charts share.
import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export const uplotStyles = unsafeCSS(uplotCss);

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
