// A tiny generated dataset for fast tests and demos: 16×16×1 images in 10 classes, where class k is
// a bright 4×4 patch at a position only class k uses, on a noisy background. A LeNet with one conv
// block learns it to >90% validation accuracy within 2–3 epochs on the pure-JS cpu backend, so the
// whole training engine can be exercised in seconds.
//
// Generation (fixed seed SYNTHETIC_SEED, the same bytes on every machine):
//   label  = randomInt(rng, 10)
//   pixel  = clamp(0.1 + N(0, 0.25), 0, 1) everywhere, then inside the class's patch
//   pixel  = clamp(brightness + N(0, 0.25), 0, 1) with brightness = uniform(0.6, 1.0) per image.
// N(0, σ) is Box–Muller on the seeded generator. Train uses createRng(SYNTHETIC_SEED, 'train'),
// test createRng(SYNTHETIC_SEED, 'test'); sizes come from DATASET_INFO.synthetic (4096 / 1024).
import { createRng, randomInt, type Rng } from '../../search/rng.js';
import { DATASET_INFO } from '../../search/dataset-info.js';
import type { RawDataset } from './raw-dataset.js';

export const SYNTHETIC_SEED = 1234567;
const SIZE = 16;
const PATCH = 4;
const NOISE = 0.25;
const BACKGROUND = 0.1;

/** Top-left corner (row, col) of each class's patch: two rows of five, neighbours overlap by one column. */
export const SYNTHETIC_PATCHES: ReadonlyArray<readonly [number, number]> = [
  [2, 0], [2, 3], [2, 6], [2, 9], [2, 12],
  [10, 0], [10, 3], [10, 6], [10, 9], [10, 12],
];

function gaussian(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]: log stays finite
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function generate(count: number, rng: Rng): { pixels: Float32Array; labels: Uint8Array } {
  const pixels = new Float32Array(count * SIZE * SIZE);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = randomInt(rng, SYNTHETIC_PATCHES.length);
    labels[n] = label;
    const [top, left] = SYNTHETIC_PATCHES[label]!;
    const brightness = 0.6 + 0.4 * rng.next();
    const base = n * SIZE * SIZE;
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) {
        const inPatch = r >= top && r < top + PATCH && c >= left && c < left + PATCH;
        pixels[base + r * SIZE + c] = clamp01((inPatch ? brightness : BACKGROUND) + NOISE * gaussian(rng));
      }
    }
  }
  return { pixels, labels };
}

export function generateSyntheticRaw(): RawDataset {
  const info = DATASET_INFO.synthetic;
  const train = generate(info.trainSize, createRng(SYNTHETIC_SEED, 'train'));
  const test = generate(info.testSize, createRng(SYNTHETIC_SEED, 'test'));
  return { height: SIZE, width: SIZE, channels: 1, trainPixels: train.pixels, trainLabels: train.labels, testPixels: test.pixels, testLabels: test.labels };
}
