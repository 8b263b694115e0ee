// Tick positions for a log axis that stay readable on a narrow chart: the powers of ten in range
// (uPlot's default also ticks 2…9 of each decade), or 1-2-5 steps when the range spans less than
// two decades and powers of ten alone would leave it nearly bare.
export function logSplits(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const out: number[] = [];
  if (hi - lo >= 1) {
    for (let e = lo; e <= hi; e++) out.push(10 ** e);
    return out;
  }
  for (let e = lo - 1; e <= hi; e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(3));
      if (v >= min && v <= max) out.push(v);
    }
  }
  return out;
}
