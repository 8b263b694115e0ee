// Several runs of one thing (a configuration's repeats, an optimizer over noise seeds) drawn as
// one line with a band: at each x the runs' median (or mean) and their lowest and highest value.
// Pure, so the Node tests check it; the study page's comparison card and the surfaces
// page's noise-seed spread (surfaces/noise-repeats.ts) both draw it.
import { mean, median } from './stats.js';

export interface RunBand {
  /** The middle line: the median of the runs that have a value there (or their mean), null where none has. */
  mid: Array<number | null>;
  low: Array<number | null>;
  high: Array<number | null>;
}

/** The band of `runs` (each indexed by x; null or missing = no value there) over `length` points. */
export function runBand(runs: ReadonlyArray<ReadonlyArray<number | null | undefined>>, length: number, middle: 'median' | 'mean' = 'median'): RunBand {
  const band: RunBand = { mid: [], low: [], high: [] };
  for (let i = 0; i < length; i++) {
    const at = runs.map((r) => r[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
    if (at.length === 0) {
      band.mid.push(null);
      band.low.push(null);
      band.high.push(null);
      continue;
    }
    band.mid.push(middle === 'median' ? median(at) : mean(at));
    band.low.push(at[0]!);
    band.high.push(at[at.length - 1]!);
  }
  return band;
}
