// Optional augmentation of training images (data.augmentation): a random shift — a random crop of
// the image zero-padded by `shift` pixels on every side — and, where labels survive it, a random
// left–right flip. Only training batches pass through here; validation and test images never do.
//
// Replay. The draws for the example at position p of epoch e's order come from
// createRng(deriveSeed(trialSeed, 'augment', e), p), one generator per example. So the augmented
// examples depend on (seed, epoch, position) only: paired trials (same seed) see the same augmented
// images in the same order whatever their optimizer — and whatever their batch size, since the epoch
// order does not depend on it either — and a resumed trial replays its epochs exactly.
//
// The transform of one image, with dy, dx uniform integers in [−shift, shift] and flip ~ Bernoulli(½):
//   out[r][c] = in[r − dy][flip ? W − 1 − (c − dx) : c − dx]   when r − dy ∈ [0, H) and c − dx ∈ [0, W),
//   out[r][c] = fill                                          otherwise,
// i.e. mirror first, then move the content dy rows down and dx columns right. `fill` is the
// standardised value of a 0 pixel, (0 − μ) / σ (see datasets.ts), so the border is "black", not 0.
import { createRng, deriveSeed, randomInt, type Rng } from '../../search/rng.js';
import type { AugmentationSpec } from '../../types/index.js';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** What one image gets: a left–right mirror when `flip`, then a move of `dy` rows down and `dx` columns right. */
export interface ImageTransform {
  dy: number;
  dx: number;
  flip: boolean;
}

/** Augmentation of one epoch's training batches. */
export interface BatchAugmentation {
  spec: AugmentationSpec;
  /** The trial seed. */
  seed: number;
  /** 1-based epoch. */
  epoch: number;
  /** Value of the pixels a shift uncovers: the standardised value of a 0 pixel. */
  fill: number;
}

/** True when `spec` changes anything (shift > 0 or flip on). */
export function augments(spec: AugmentationSpec): boolean {
  return spec.shift > 0 || spec.flip;
}

const epochSeed = (seed: number, epoch: number) => deriveSeed(seed, 'augment', epoch);

/** The generator of the example at `position` (0-based) of epoch `epoch`'s order. */
export function exampleRng(seed: number, epoch: number, position: number): Rng {
  return createRng(epochSeed(seed, epoch), position);
}

/**
 * One image's transform, drawn in this order: dy, then dx (each uniform in [−shift, shift], drawn only
 * when shift > 0), then flip (p = 0.5, drawn only when spec.flip).
 */
export function drawTransform(spec: AugmentationSpec, rng: Rng): ImageTransform {
  const s = spec.shift;
  const dy = s > 0 ? randomInt(rng, 2 * s + 1) - s : 0;
  const dx = s > 0 ? randomInt(rng, 2 * s + 1) - s : 0;
  const flip = spec.flip ? rng.next() < 0.5 : false;
  return { dy, dx, flip };
}

/**
 * Applies `t` in place to the image at pixels[offset .. offset + H·W·C) (row-major, channels last).
 * `scratch` (at least H·W·C floats) receives a copy of the original.
 */
export function transformImage(pixels: Float32Array, offset: number, shape: ImageShape, t: ImageTransform, fill: number, scratch: Float32Array): void {
  const { height: H, width: W, channels: C } = shape;
  const per = H * W * C;
  if (t.dy === 0 && t.dx === 0 && !t.flip) return;
  scratch.set(pixels.subarray(offset, offset + per));
  for (let r = 0; r < H; r++) {
    const sr = r - t.dy;
    const rowOut = offset + r * W * C;
    if (sr < 0 || sr >= H) {
      pixels.fill(fill, rowOut, rowOut + W * C);
      continue;
    }
    for (let c = 0; c < W; c++) {
      const sc = c - t.dx;
      const out = rowOut + c * C;
      if (sc < 0 || sc >= W) {
        for (let k = 0; k < C; k++) pixels[out + k] = fill;
        continue;
      }
      const src = (sr * W + (t.flip ? W - 1 - sc : sc)) * C;
      for (let k = 0; k < C; k++) pixels[out + k] = scratch[src + k]!;
    }
  }
}

/**
 * Augments, in place, the `count` images of a batch whose first image sits at position
 * `firstPosition` of the epoch's order (image i is at position firstPosition + i).
 */
export function augmentBatch(pixels: Float32Array, shape: ImageShape, count: number, firstPosition: number, aug: BatchAugmentation): void {
  if (!augments(aug.spec)) return;
  const per = shape.height * shape.width * shape.channels;
  if (pixels.length < count * per) throw new RangeError(`a batch of ${count} images needs ${count * per} pixels, got ${pixels.length}`);
  const seed = epochSeed(aug.seed, aug.epoch); // exampleRng without re-deriving it per image
  const scratch = new Float32Array(per);
  for (let i = 0; i < count; i++) {
    const t = drawTransform(aug.spec, createRng(seed, firstPosition + i));
    transformImage(pixels, i * per, shape, t, aug.fill, scratch);
  }
}
