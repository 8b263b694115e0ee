// Augmentation of training batches: a shift moves every pixel by the drawn offset and fills the
// uncovered border with a standardised 0 pixel, a flip mirrors left–right, the draws replay from
// (seed, epoch, position), and nothing but the training batch's own copy is ever changed.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../search/dataset-info.js';
import { createRng } from '../../search/rng.js';
import type { AugmentationSpec } from '../../types/index.js';
import { augmentBatch, augments, drawTransform, exampleRng, transformImage, type BatchAugmentation, type ImageShape } from '../../worker/training/augmentation.js';
import { batchBuffers, gatherBatch, gatherBatchArrays } from '../../worker/training/batches.js';
import { loadDataset, standardisedZero, type DataSubset } from '../../worker/training/datasets.js';

const FILL = -0.5;

/** `count` images of H×W×C whose pixel values are all distinct (image n, row r, col c, channel k → a unique number). */
function distinctImages(count: number, shape: ImageShape): Float32Array {
  const per = shape.height * shape.width * shape.channels;
  return Float32Array.from({ length: count * per }, (_, i) => i + 1);
}

const pixelAt = (pixels: Float32Array, shape: ImageShape, n: number, r: number, c: number, k = 0) =>
  pixels[((n * shape.height + r) * shape.width + c) * shape.channels + k]!;

/** A DataSubset over hand-made images (labels = index mod 10). */
function subsetOf(images: Float32Array, shape: ImageShape, size: number): DataSubset {
  const info: DatasetInfo = { ...shape, classes: 10, trainSize: size, testSize: 0, flipAugmentation: true, flipNote: '', description: 'test images' };
  return { info, size, images, labels: Uint8Array.from({ length: size }, (_, i) => i % 10), indices: Int32Array.from({ length: size }, (_, i) => i) };
}

const aug = (spec: AugmentationSpec, seed = 3, epoch = 1): BatchAugmentation => ({ spec, seed, epoch, fill: FILL });

describe('drawTransform', () => {
  it('draws dy and dx uniformly from [−shift, shift], and flips about half the images', () => {
    const rng = createRng(1, 'draws');
    const seen = new Map<number, number>();
    let flips = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const t = drawTransform({ shift: 2, flip: true }, rng);
      for (const d of [t.dy, t.dx]) seen.set(d, (seen.get(d) ?? 0) + 1);
      if (t.flip) flips++;
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    for (const count of seen.values()) expect(count / (2 * n)).toBeCloseTo(0.2, 1);
    expect(flips / n).toBeGreaterThan(0.45);
    expect(flips / n).toBeLessThan(0.55);
  });

  it('draws nothing and changes nothing for shift 0 and flip false', () => {
    const rng = createRng(1, 'none');
    const before = createRng(1, 'none').next();
    expect(drawTransform({ shift: 0, flip: false }, rng)).toEqual({ dy: 0, dx: 0, flip: false });
    expect(rng.next()).toBe(before); // the generator was not advanced
    expect(augments({ shift: 0, flip: false })).toBe(false);
    expect(augments({ shift: 1, flip: false })).toBe(true);
    expect(augments({ shift: 0, flip: true })).toBe(true);
  });
});

describe('transformImage', () => {
  const shape: ImageShape = { height: 4, width: 5, channels: 1 };
  const image = () => distinctImages(1, shape);
  const apply = (t: { dy: number; dx: number; flip: boolean }, s = shape, pixels = distinctImages(1, s)) => {
    transformImage(pixels, 0, s, t, FILL, new Float32Array(s.height * s.width * s.channels));
    return pixels;
  };

  it('moves the content dy rows down and dx columns right, filling the uncovered border', () => {
    const src = image();
    const out = apply({ dy: 1, dx: -2, flip: false });
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 5; c++) {
        const [sr, sc] = [r - 1, c + 2];
        const want = sr >= 0 && sr < 4 && sc >= 0 && sc < 5 ? pixelAt(src, shape, 0, sr, sc) : FILL;
        expect(pixelAt(out, shape, 0, r, c)).toBe(want);
      }
    }
    // Row 0 is all border; column 3 and 4 are border on every row.
    expect([0, 1, 2, 3, 4].map((c) => pixelAt(out, shape, 0, 0, c))).toEqual([FILL, FILL, FILL, FILL, FILL]);
    expect(pixelAt(out, shape, 0, 1, 0)).toBe(pixelAt(src, shape, 0, 0, 2));
  });

  it('mirrors each row left–right, keeping the channels of a pixel together', () => {
    const rgb: ImageShape = { height: 2, width: 3, channels: 3 };
    const src = distinctImages(1, rgb);
    const out = apply({ dy: 0, dx: 0, flip: true }, rgb);
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 3; c++) {
        for (let k = 0; k < 3; k++) expect(pixelAt(out, rgb, 0, r, c, k)).toBe(pixelAt(src, rgb, 0, r, 2 - c, k));
      }
    }
  });

  it('mirrors first, then shifts', () => {
    const src = image();
    const out = apply({ dy: 0, dx: 1, flip: true });
    for (let r = 0; r < 4; r++) {
      expect(pixelAt(out, shape, 0, r, 0)).toBe(FILL);
      for (let c = 1; c < 5; c++) expect(pixelAt(out, shape, 0, r, c)).toBe(pixelAt(src, shape, 0, r, 4 - (c - 1)));
    }
  });

  it('fills the whole image when the shift is as large as the image', () => {
    expect([...apply({ dy: 4, dx: 0, flip: false })].every((v) => v === FILL)).toBe(true);
  });
});

describe('augmentBatch', () => {
  const shape: ImageShape = { height: 8, width: 8, channels: 1 };
  const count = 64;

  it('moves every image of a batch by the offset drawn for its position', () => {
    const src = distinctImages(count, shape);
    const out = src.slice();
    augmentBatch(out, shape, count, 100, aug({ shift: 2, flip: false }, 9, 4));
    let moved = 0;
    for (let n = 0; n < count; n++) {
      const t = drawTransform({ shift: 2, flip: false }, exampleRng(9, 4, 100 + n));
      if (t.dy !== 0 || t.dx !== 0) moved++;
      for (let r = 0; r < 8; r++) {
        for (let c = 0; c < 8; c++) {
          const [sr, sc] = [r - t.dy, c - t.dx];
          const want = sr >= 0 && sr < 8 && sc >= 0 && sc < 8 ? pixelAt(src, shape, n, sr, sc) : FILL;
          expect(pixelAt(out, shape, n, r, c)).toBe(want);
        }
      }
    }
    expect(moved).toBeGreaterThan(count / 2); // 24 of 25 offsets move the image
  });

  it('flips roughly half of the images, each exactly mirrored', () => {
    const src = distinctImages(count, shape);
    const out = src.slice();
    augmentBatch(out, shape, count, 0, aug({ shift: 0, flip: true }));
    let flipped = 0;
    for (let n = 0; n < count; n++) {
      const mirrored = pixelAt(out, shape, n, 3, 0) === pixelAt(src, shape, n, 3, 7);
      if (mirrored) flipped++;
      for (let r = 0; r < 8; r++) {
        for (let c = 0; c < 8; c++) expect(pixelAt(out, shape, n, r, c)).toBe(pixelAt(src, shape, n, r, mirrored ? 7 - c : c));
      }
    }
    expect(flipped).toBeGreaterThan(16);
    expect(flipped).toBeLessThan(48);
  });

  it('gives the same seed, epoch and positions the same batch, and another seed or epoch another one', () => {
    const run = (seed: number, epoch: number) => {
      const pixels = distinctImages(count, shape);
      augmentBatch(pixels, shape, count, 0, aug({ shift: 3, flip: true }, seed, epoch));
      return pixels;
    };
    expect(run(5, 2)).toEqual(run(5, 2));
    expect(run(5, 2)).not.toEqual(run(6, 2));
    expect(run(5, 2)).not.toEqual(run(5, 3));
  });

  it('depends on positions, not on how the epoch is cut into batches', () => {
    const whole = distinctImages(count, shape);
    augmentBatch(whole, shape, count, 0, aug({ shift: 2, flip: true }));
    const halves = distinctImages(count, shape);
    const per = 64;
    augmentBatch(halves.subarray(0, 32 * per), shape, 32, 0, aug({ shift: 2, flip: true }));
    augmentBatch(halves.subarray(32 * per), shape, 32, 32, aug({ shift: 2, flip: true }));
    expect(halves).toEqual(whole);
  });

  it('leaves the pixels alone for shift 0 and flip false', () => {
    const pixels = distinctImages(count, shape);
    augmentBatch(pixels, shape, count, 0, aug({ shift: 0, flip: false }));
    expect(pixels).toEqual(distinctImages(count, shape));
  });
});

describe('training batches', () => {
  const shape: ImageShape = { height: 6, width: 6, channels: 1 };
  const size = 40;
  const order = Int32Array.from({ length: size }, (_, i) => (i * 7) % size);

  it('augment the batch copy, never the subset it was cut from (validation and test batches take no augmentation)', () => {
    const images = distinctImages(size, shape);
    const subset = subsetOf(images, shape, size);
    const plain = gatherBatchArrays(subset, order, 8, 24);
    const augmented = gatherBatchArrays(subset, order, 8, 24, aug({ shift: 2, flip: true }));
    expect(augmented.labels).toEqual(plain.labels);
    expect(augmented.pixels).not.toEqual(plain.pixels);
    expect(images).toEqual(distinctImages(size, shape)); // the subset's own pixels are untouched
    // Without an augmentation (the evaluation path), a batch is the subset's rows as they are.
    const val = gatherBatchArrays(subset, null, 0, size);
    expect(val.pixels).toEqual(images);
  });

  it('fill reused buffers with exactly what fresh arrays get, batch after batch (the last one shorter)', () => {
    const subset = subsetOf(distinctImages(size, shape), shape, size);
    const buffers = batchBuffers(subset, 16);
    const spec = aug({ shift: 2, flip: true });
    for (const [start, end] of [[0, 16], [16, 32], [32, 37]] as const) {
      const reused = gatherBatchArrays(subset, order, start, end, spec, buffers);
      const fresh = gatherBatchArrays(subset, order, start, end, spec);
      expect(reused.pixels).toEqual(fresh.pixels);
      expect(reused.labels).toEqual(fresh.labels);
      expect(reused.pixels.buffer).toBe(buffers.pixels.buffer);
    }
  });

  it('are identical to unaugmented ones with shift 0 and flip false', () => {
    const subset = subsetOf(distinctImages(size, shape), shape, size);
    expect(gatherBatchArrays(subset, order, 0, 32, aug({ shift: 0, flip: false }))).toEqual(gatherBatchArrays(subset, order, 0, 32));
    const a = gatherBatch(subset, order, 0, 32, aug({ shift: 0, flip: false }));
    const b = gatherBatch(subset, order, 0, 32);
    expect(a.xs.shape).toEqual([32, 6, 6, 1]);
    expect(a.xs.dataSync()).toEqual(b.xs.dataSync());
    for (const t of [a.xs, a.ys, b.xs, b.ys]) t.dispose();
  });

  it('are filled with the standardised value of a 0 pixel, bit-identical to the dataset\'s own black pixels', async () => {
    const synthetic = await loadDataset('synthetic');
    const zero = standardisedZero(synthetic);
    expect(zero).toBeCloseTo(-synthetic.pixelMean / synthetic.pixelStd, 6);
    // The synthetic generator clamps at 0, so its darkest pixels are raw zeros.
    let darkest = Infinity;
    for (const v of synthetic.trainImages) darkest = Math.min(darkest, v);
    expect(darkest).toBe(zero);
  });
});
