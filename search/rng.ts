// Seeded randomness for everything that must replay: sampling, shuffles, augmentation.
// The generator is passed in as an argument (never a global), so the same seed gives the same
// numbers on any machine. Algorithm: sfc32 (Small Fast Counter), seeded through splitmix32.

/** A source of uniform floats in [0, 1). */
export interface Rng {
  next(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes a seed and any number of stream labels (stage index, trial index, epoch) into one 32-bit seed. */
export function deriveSeed(seed: number, ...streams: Array<number | string>): number {
  // The seed enters only through mix(): XOR-ing it into the start value as well cancelled it out
  // in the first mix, so every seed below 2^32 gave the same numbers.
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    h = splitmix32(h)();
  };
  mix(Math.floor(seed) >>> 0);
  mix(Math.floor(seed / 0x100000000) >>> 0);
  for (const s of streams) {
    if (typeof s === 'number') mix(s);
    else for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  }
  return h >>> 0;
}

/** sfc32 seeded from `seed` and optional stream labels: `createRng(42, 'stage', 1)`. */
export function createRng(seed: number, ...streams: Array<number | string>): Rng {
  const init = splitmix32(deriveSeed(seed, ...streams));
  let a = init(), b = init(), c = init(), d = init();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** An integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** Fisher–Yates shuffle of 0..n-1 (a data order a trial can replay from its seed and epoch). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}
