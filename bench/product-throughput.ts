// Throughput of the product's own training path: a `train` job's trainTrial (seeded gather,
// divergence checks, yields to the event loop between batches) on the reference LeNet, so the
// bench reports what a study actually gets, beside the bare loop of lenet-throughput.ts.
import { loadDataset } from '../worker/training/datasets.js';
import { trainTrial } from '../worker/training/train-trial.js';
import { selectBackend } from '../worker/training/backend.js';
import type { TfjsBackendChoice } from '../types/index.js';

export interface ProductThroughput {
  backend: string;
  /** The training step trainTrial took (tapeless on wasm). */
  step: string;
  samplesPerSecond: number;
  valAcc: number;
}

export async function measureProductThroughput(backend: TfjsBackendChoice = 'auto', images = 8192): Promise<ProductThroughput> {
  const selected = await selectBackend(backend);
  const dataset = await loadDataset('mnist');
  const outcome = await trainTrial({
    dataset,
    model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [64], dropout: 0, l2: 0 },
    config: { optimizer: 'adam', learningRate: 1e-3, batchSize: 64, l2: 0, dropout: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    epochs: 2,
    seed: 1,
    trainSamples: images,
    valSamples: 1024,
    earlyStopping: { enabled: false, monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0, warmup: 0, restoreBest: false },
  });
  const last = outcome.history[outcome.history.length - 1]!;
  return { backend: selected.name, step: outcome.step, samplesPerSecond: last.samplesPerSec, valAcc: last.valAcc };
}

export const formatProductThroughput = (r: ProductThroughput) =>
  `lenet_product backend=${r.backend} step=${r.step} samples_per_s=${Math.round(r.samplesPerSecond)} val_acc=${r.valAcc.toFixed(3)}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatProductThroughput(await measureProductThroughput()));
}
