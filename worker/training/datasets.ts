// The datasets a trial trains on, loaded once per process and shared by every trial the worker runs
// (MNIST's 60,000 training images are 188 MB as floats: loading them per trial would dominate).
//
// Standardisation: every pixel x becomes (x − μ) / σ, where μ and σ are the mean and (population)
// standard deviation of ALL pixels of the training part (one scalar each, not per position). The
// test part is standardised with the training μ and σ, so nothing about the test set leaks in.
// For MNIST that is μ ≈ 33.3, σ ≈ 78.6 on the 0–255 scale (0.1307 / 0.3081 on 0–1, the usual values).
//
// Validation examples are carved from the training part by `splitTrainVal`, never from the test part:
// the test part is reserved for the final evaluation of a study's best configurations.
import { DATASET_INFO, type DatasetInfo } from '../../search/dataset-info.js';
import { createRng, shuffledIndices } from '../../search/rng.js';
import type { DatasetName } from '../../types/index.js';
import { loadFashionMnistRaw } from './fashion-mnist.js';
import { loadMnistRaw } from './mnist.js';
import type { RawDataset } from './raw-dataset.js';
import { generateSyntheticRaw } from './synthetic-dataset.js';

export interface Dataset {
  name: DatasetName;
  info: DatasetInfo;
  /** trainSize × H × W × C, standardised with the training mean and std (see the header). */
  trainImages: Float32Array;
  trainLabels: Uint8Array;
  /** testSize × H × W × C, standardised with the *training* mean and std. */
  testImages: Float32Array;
  testLabels: Uint8Array;
  /** The training-set pixel mean and std, in the raw scale (0–255 for MNIST / Fashion-MNIST, 0–1 for synthetic). */
  pixelMean: number;
  pixelStd: number;
}

/** Some examples of a dataset, contiguous in memory, ready to be cut into batches. */
export interface DataSubset {
  info: DatasetInfo;
  size: number;
  /** size × H × W × C standardised pixels. */
  images: Float32Array;
  labels: Uint8Array;
  /** Where each example sits in the dataset's training part. */
  indices: Int32Array;
}

export interface TrainValSplit {
  train: DataSubset;
  val: DataSubset;
}

const cache = new Map<DatasetName, Promise<Dataset>>();

async function loadRaw(name: DatasetName): Promise<RawDataset> {
  switch (name) {
    case 'mnist': return loadMnistRaw();
    case 'fashion-mnist': return loadFashionMnistRaw();
    case 'synthetic': return generateSyntheticRaw();
    default: {
      const unknown: never = name;
      throw new Error(`unknown dataset ${String(unknown)}`);
    }
  }
}

/** Mean and population standard deviation of all values, accumulated in float64. */
export function pixelStats(pixels: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += pixels[i]!;
  const mean = sum / pixels.length;
  let sq = 0;
  for (let i = 0; i < pixels.length; i++) {
    const d = pixels[i]! - mean;
    sq += d * d;
  }
  return { mean, std: Math.sqrt(sq / pixels.length) };
}

function standardise(pixels: ArrayLike<number>, mean: number, std: number): Float32Array {
  const out = new Float32Array(pixels.length);
  const inv = 1 / std;
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i]! - mean) * inv;
  return out;
}

/**
 * The standardised value of a raw 0 pixel, (0 − μ) / σ, as float32 — bit-identical to a 0 pixel in
 * `trainImages`. Augmentation fills the border a shift uncovers with it ("black", not 0).
 */
export function standardisedZero(dataset: Pick<Dataset, 'pixelMean' | 'pixelStd'>): number {
  return Math.fround((0 - dataset.pixelMean) * (1 / dataset.pixelStd));
}

async function buildDataset(name: DatasetName): Promise<Dataset> {
  const info = DATASET_INFO[name];
  const raw = await loadRaw(name);
  const pixelsPerImage = info.height * info.width * info.channels;
  const checks: Array<[string, number, number]> = [
    ['train images', raw.trainPixels.length, info.trainSize * pixelsPerImage],
    ['train labels', raw.trainLabels.length, info.trainSize],
    ['test images', raw.testPixels.length, info.testSize * pixelsPerImage],
    ['test labels', raw.testLabels.length, info.testSize],
  ];
  for (const [what, got, want] of checks) {
    if (got !== want) throw new Error(`${name}: ${what} has ${got} values, DATASET_INFO expects ${want}`);
  }
  const { mean, std } = pixelStats(raw.trainPixels);
  if (!(std > 0)) throw new Error(`${name}: training pixels have zero variance`);
  return {
    name,
    info,
    trainImages: standardise(raw.trainPixels, mean, std),
    trainLabels: raw.trainLabels,
    testImages: standardise(raw.testPixels, mean, std),
    testLabels: raw.testLabels,
    pixelMean: mean,
    pixelStd: std,
  };
}

/** Loads (first call) or returns the process-wide copy of a dataset. Concurrent callers share one load. */
export function loadDataset(name: DatasetName): Promise<Dataset> {
  let pending = cache.get(name);
  if (!pending) {
    pending = buildDataset(name);
    cache.set(name, pending);
    pending.catch(() => cache.delete(name)); // a failed load may be retried
  }
  return pending;
}

/** Copies the listed training examples into one contiguous subset. */
export function subsetOf(dataset: Dataset, indices: Int32Array): DataSubset {
  const { info } = dataset;
  const per = info.height * info.width * info.channels;
  const images = new Float32Array(indices.length * per);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]!;
    images.set(dataset.trainImages.subarray(src * per, (src + 1) * per), i * per);
    labels[i] = dataset.trainLabels[src]!;
  }
  return { info, size: indices.length, images, labels, indices };
}

/**
 * Training and validation examples for a trial, both from the dataset's training part.
 * order = shuffledIndices(trainSize, createRng(seed, 'train-val-split'));
 * validation = order[0 .. valSamples), training = order[valSamples .. valSamples + trainSamples).
 * Pass the *study* seed so that every trial of a study validates on the same examples.
 */
export function splitTrainVal(dataset: Dataset, trainSamples: number, valSamples: number, seed: number): TrainValSplit {
  const available = dataset.info.trainSize;
  if (!Number.isInteger(trainSamples) || trainSamples < 1) throw new RangeError(`trainSamples must be a positive integer, got ${trainSamples}`);
  if (!Number.isInteger(valSamples) || valSamples < 1) throw new RangeError(`valSamples must be a positive integer, got ${valSamples}`);
  if (trainSamples + valSamples > available) {
    throw new RangeError(`${dataset.name} has ${available} training examples; trainSamples ${trainSamples} + valSamples ${valSamples} = ${trainSamples + valSamples} is too many`);
  }
  const order = shuffledIndices(available, createRng(seed, 'train-val-split'));
  return {
    val: subsetOf(dataset, order.slice(0, valSamples)),
    train: subsetOf(dataset, order.slice(valSamples, valSamples + trainSamples)),
  };
}
