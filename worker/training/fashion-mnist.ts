// Reads Fashion-MNIST from the `fashion-mnist` package and gives it the train/test split the package
// lacks. The package ships one JSON file per class, `src/clothes/<class>.json` = `{ "data": [[784
// bytes], ...] }`; class 0 also holds two empty arrays (entries 1000 and 7001), which are dropped, so
// every class has 7,000 images of 28×28 uint8 pixels.
//
// The split, exactly (FASHION_SPLIT_SEED = 20240101):
//   for each class c in 0..9, with its n valid images in file order:
//     order = shuffledIndices(n, createRng(20240101, 'fashion-split', c))
//     nTest = floor(n / 7)  → the LAST nTest entries of `order` go to test, the rest to train
//   (7,000 per class ⇒ 6,000 train + 1,000 test, 60,000 / 10,000 in all, classes balanced);
//   then train and test are each interleaved by one more permutation,
//     shuffledIndices(60000, createRng(20240101, 'fashion-order', 'train')) and the same with 'test',
//   so the first k examples of either set are not all one class.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRng, shuffledIndices } from '../../search/rng.js';
import type { RawDataset } from './raw-dataset.js';

export const FASHION_SPLIT_SEED = 20240101;
const CLASSES = 10;
const PIXELS = 28 * 28;

function clothesDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
}

async function readClass(dir: string, c: number): Promise<Uint8Array[]> {
  const text = await readFile(join(dir, `${c}.json`), 'utf8');
  const parsed = JSON.parse(text) as { data?: unknown };
  if (!Array.isArray(parsed.data)) throw new Error(`fashion-mnist ${c}.json: no "data" array`);
  const images: Uint8Array[] = [];
  for (const entry of parsed.data) {
    if (!Array.isArray(entry) || entry.length !== PIXELS) continue; // the empty arrays in class 0
    images.push(Uint8Array.from(entry as number[]));
  }
  return images;
}

function gather(images: Uint8Array[], labels: number[], seedLabel: string): { pixels: Uint8Array; labels: Uint8Array } {
  const n = images.length;
  const order = shuffledIndices(n, createRng(FASHION_SPLIT_SEED, 'fashion-order', seedLabel));
  const pixels = new Uint8Array(n * PIXELS);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const src = order[i]!;
    pixels.set(images[src]!, i * PIXELS);
    out[i] = labels[src]!;
  }
  return { pixels, labels: out };
}

export async function loadFashionMnistRaw(): Promise<RawDataset> {
  const dir = clothesDir();
  const trainImages: Uint8Array[] = [], trainLabels: number[] = [];
  const testImages: Uint8Array[] = [], testLabels: number[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const images = await readClass(dir, c);
    const n = images.length;
    const order = shuffledIndices(n, createRng(FASHION_SPLIT_SEED, 'fashion-split', c));
    const nTest = Math.floor(n / 7);
    for (let i = 0; i < n; i++) {
      const image = images[order[i]!]!;
      if (i < n - nTest) { trainImages.push(image); trainLabels.push(c); }
      else { testImages.push(image); testLabels.push(c); }
    }
  }
  const train = gather(trainImages, trainLabels, 'train');
  const test = gather(testImages, testLabels, 'test');
  return { height: 28, width: 28, channels: 1, trainPixels: train.pixels, trainLabels: train.labels, testPixels: test.pixels, testLabels: test.labels };
}
