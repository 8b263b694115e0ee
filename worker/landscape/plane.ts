// The plane a loss landscape is drawn on, as plain arithmetic over flat weight vectors (every
// tensor of a model, in model.getWeights() order, concatenated): its two directions, the grid's
// axes, and where a trajectory's weights land on it. No tfjs: the landscape job does the tensors.
//
// Directions (Li, Xu, Taylor, Studer & Goldstein, 2018, "Visualizing the Loss Landscape of Neural
// Nets"):
// - random, filter-normalised (their §4): d ~ N(0, I) with the weights' shape, then every filter
//   d_{i,j} rescaled to the norm of the same filter of the centre weights θ:
//   d_{i,j} ← d_{i,j} / ‖d_{i,j}‖ · ‖θ_{i,j}‖. A filter is one output unit's weights: for tfjs's
//   kernel layouts ([kh, kw, in, out] for conv, [in, out] for dense) the entries with one index on
//   the last axis. Biases (rank-1 tensors) get a zero direction, as in their code's default.
// - pca (their §7): the rows M_k = θ_k − θ_c of every kept per-epoch weight vector, centred on their
//   mean as PCA does; d₁, d₂ are the top two principal directions (unit vectors), found from the
//   small Gram matrix M·Mᵀ (one row per epoch) by Jacobi's eigenvalue method, so no P×P matrix is
//   ever formed.
// Projection: a weight vector θ lands at the (x, y) minimising ‖θ − θ_c − x·d₁ − y·d₂‖ (least
// squares, exact for the non-orthogonal random pair too); θ_c itself lands at (0, 0) exactly.
import type { Rng } from '../../search/rng.js';

/** Concatenates per-tensor values into one flat vector. */
export function flatten(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Splits a flat vector back into per-tensor views (no copy) of the given shapes. */
export function split(flat: Float32Array, shapes: readonly number[][]): Float32Array[] {
  const out: Float32Array[] = [];
  let offset = 0;
  for (const shape of shapes) {
    const size = shape.reduce((n, d) => n * d, 1);
    out.push(flat.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== flat.length) throw new RangeError(`a weight vector of ${flat.length} values does not fit shapes of ${offset}`);
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** A standard normal draw (Box–Muller, one of the pair). */
function gaussian(rng: Rng): number {
  const u1 = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
}

/** A filter-normalised random direction around `centre` (see the header). */
export function filterNormalizedDirection(centre: Float32Array, shapes: readonly number[][], rng: Rng): Float32Array {
  const d = new Float32Array(centre.length);
  let offset = 0;
  for (const shape of shapes) {
    const size = shape.reduce((n, s) => n * s, 1);
    if (shape.length >= 2) {
      const units = shape[shape.length - 1]!;
      const noise = new Float64Array(size);
      for (let i = 0; i < size; i++) noise[i] = gaussian(rng);
      for (let j = 0; j < units; j++) {
        let dn = 0;
        let wn = 0;
        for (let i = j; i < size; i += units) {
          dn += noise[i]! * noise[i]!;
          wn += centre[offset + i]! * centre[offset + i]!;
        }
        const scale = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
        for (let i = j; i < size; i += units) d[offset + i] = noise[i]! * scale;
      }
    }
    offset += size;
  }
  return d;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (cyclic Jacobi rotations), largest first.
 * vectors[k] is the unit eigenvector of values[k].
 */
export function symmetricEigen(matrix: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

/**
 * The top two principal directions of `points` (flat weight vectors), as unit vectors, and the
 * share of the points' variance along each. Throws when the points span fewer than two directions.
 */
export function pcaDirections(points: readonly Float32Array[], centre: Float32Array): { d1: Float32Array; d2: Float32Array; explained: [number, number] } {
  const m = points.length;
  const size = centre.length;
  const mean = new Float64Array(size);
  for (const p of points) for (let i = 0; i < size; i++) mean[i]! += (p[i]! - centre[i]!) / m;
  const rows = points.map((p) => {
    const r = new Float64Array(size);
    for (let i = 0; i < size; i++) r[i] = p[i]! - centre[i]! - mean[i]!;
    return r;
  });
  const gram = rows.map((ri, i) => rows.map((rj, j) => (j < i ? 0 : dot(ri, rj))));
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) gram[i]![j] = gram[j]![i]!;
  const { values, vectors } = symmetricEigen(gram);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  const direction = (k: number): Float32Array => {
    const u = vectors[k]!;
    const d = new Float64Array(size);
    rows.forEach((r, i) => {
      const w = u[i]!;
      for (let j = 0; j < size; j++) d[j]! += w * r[j]!;
    });
    const norm = Math.sqrt(dot(d, d));
    return Float32Array.from(d, (x) => x / norm);
  };
  const [l1 = 0, l2 = 0] = values;
  if (!(total > 0) || !(l2 > total * 1e-12)) {
    throw new Error(`the trajectories' ${m} weight vectors span fewer than two directions: pca needs at least two epochs of kept weights beyond the initial ones`);
  }
  return { d1: direction(0), d2: direction(1), explained: [l1 / total, l2 / total] };
}

/** Projects weight vectors onto the plane through `centre` spanned by d₁, d₂ (least squares). */
export function planeProjector(centre: Float32Array, d1: Float32Array, d2: Float32Array) {
  const a11 = dot(d1, d1);
  const a12 = dot(d1, d2);
  const a22 = dot(d2, d2);
  const det = a11 * a22 - a12 * a12;
  if (!(det > 0)) throw new Error('the two landscape directions are parallel or zero');
  return (weights: Float32Array): { x: number; y: number; residual: number } => {
    const delta = new Float64Array(centre.length);
    for (let i = 0; i < delta.length; i++) delta[i] = weights[i]! - centre[i]!;
    const b1 = dot(d1, delta);
    const b2 = dot(d2, delta);
    const x = (a22 * b1 - a12 * b2) / det;
    const y = (a11 * b2 - a12 * b1) / det;
    const norm = Math.sqrt(dot(delta, delta));
    if (norm === 0) return { x: 0, y: 0, residual: 0 };
    let r = 0;
    for (let i = 0; i < delta.length; i++) r += (delta[i]! - x * d1[i]! - y * d2[i]!) ** 2;
    return { x, y, residual: Math.sqrt(r) / norm };
  };
}

/** n evenly spaced coordinates from −span to span; the middle one (n odd) is exactly 0. */
export function gridAxis(span: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (span * (2 * i - (n - 1))) / (n - 1));
}

/** centre + a·d₁ + b·d₂, rounded to float32 (exactly `centre` at a = b = 0). */
export function pointOnPlane(centre: Float32Array, d1: Float32Array, d2: Float32Array, a: number, b: number, out = new Float32Array(centre.length)): Float32Array {
  for (let i = 0; i < centre.length; i++) out[i] = centre[i]! + a * d1[i]! + b * d2[i]!;
  return out;
}
