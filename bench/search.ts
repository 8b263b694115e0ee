// `npm run bench:search`: the search problem of issue 11, through the real API, queue and worker
// processes, beside Optuna (TPE + MedianPruner on PyTorch, ../shared/anchors/optuna_median.py) in
// the same invocation. MNIST (and Fashion-MNIST), 12,000 training / 2,000 validation images, the
// reference LeNet, optimizer ∈ {sgd, momentum, rmsprop, adam}, learning rate log-uniform
// 1e-5 … 1e-1, batch 64; a budget of 84 cumulative epochs. For each system it prints best-so-far
// val_acc against cumulative epochs in the order epochs finished, then one summary line.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { DatasetName, StudyRecord } from '../types/index.js';
import { createApp } from '../api/app.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { startLocalRedis } from '../store/local-redis.js';
import { startEntry, type EntryProcess } from './child-process.js';
import { loadDataset, splitTrainVal, type DataSubset } from '../worker/training/datasets.js';

const run = promisify(execFile);
export const SEARCH_BUDGET_EPOCHS = 84;

/** One finished epoch, in the order epochs finished. */
export interface CurvePoint {
  trialId: string;
  valAcc: number;
  /** Seconds since the search started. */
  t: number;
}

export interface SearchFigures {
  system: string;
  dataset: DatasetName;
  bestAt84: number;
  first097At: number | null;
  first098At: number | null;
  /** Wall time until the 84th epoch (or the end, when fewer were used). */
  seconds: number;
  epochsUsed: number;
  /** Best so far after each cumulative epoch (index 0 = after epoch 1). */
  curve: number[];
  detail?: string;
}

export function figuresFromCurve(system: string, dataset: DatasetName, points: readonly CurvePoint[], detail?: string): SearchFigures {
  const within = points.slice(0, SEARCH_BUDGET_EPOCHS);
  const curve: number[] = [];
  let best = 0;
  for (const p of within) curve.push((best = Math.max(best, p.valAcc)));
  const firstAt = (x: number) => {
    const i = curve.findIndex((v) => v >= x);
    return i < 0 ? null : i + 1;
  };
  return { system, dataset, bestAt84: best, first097At: firstAt(0.97), first098At: firstAt(0.98), seconds: within.at(-1)?.t ?? 0, epochsUsed: points.length, curve, ...(detail ? { detail } : {}) };
}

export function formatSearch(f: SearchFigures): string {
  const curve = f.curve.map((v, i) => `${i + 1}:${v.toFixed(4)}`).join(' ');
  return [
    `search_curve system=${f.system} dataset=${f.dataset} ${curve}`,
    `search system=${f.system} dataset=${f.dataset} best_at_84=${f.bestAt84.toFixed(4)} first_0.97_at=${f.first097At ?? 'never'} first_0.98_at=${f.first098At ?? 'never'} seconds=${f.seconds.toFixed(0)} epochs_used=${f.epochsUsed}${f.detail ? ` ${f.detail}` : ''}`,
  ].join('\n');
}

/** The study the product runs on the problem: see README "Search that keeps what it trained". */
export function searchSpec(dataset: DatasetName, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `search bench (${dataset})`,
    dataset,
    seed: 42,
    model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, dense: [64], dropout: 0 },
    space: {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
      batchSize: { type: 'fixed', value: 64 },
    },
    // 16 + (3 promoted × 3 + 3 fresh × 4) + 2 promoted × 16 = 69 epochs at most, before pruning.
    stages: [
      { trials: 16, epochs: 1 },
      { trials: 6, epochs: 4, keepTop: 3 },
      { trials: 2, epochs: 20, keepTop: 2 },
    ],
    // refine and pruner: the defaults (global; ASHA with r = 1, η = 3).
    earlyStopping: { enabled: false },
    objective: { metric: 'val_acc', mode: 'max' },
    data: { trainSamples: 12000, valSamples: 2000 },
    ...overrides,
  };
}

export interface OursOptions {
  dataset: DatasetName;
  workers: number;
  spec?: Record<string, unknown>;
  label?: string;
  log?: (line: string) => void;
}

/** Runs the study on `workers` worker processes and a private Redis; epochs in the order the stream has them. */
export async function measureOurSearch(options: OursOptions): Promise<SearchFigures> {
  const log = options.log ?? (() => {});
  const server = await startLocalRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const store = new StudyStore(redis);
  const queues = createQueues(server.url);
  const app = createApp({ store, queues });
  const workers: EntryProcess[] = [];
  try {
    // One trial per process and one thread per trial: `workers` trials at once, one per core on
    // this machine (the defaults would give each process a slot per core: twice the cores in all).
    for (let i = 0; i < options.workers; i++) workers.push(startEntry('main/worker.ts', { REDIS_URL: server.url, WORKER_CONCURRENCY: '1', TRIAL_THREADS: '1' }));
    await Promise.all(workers.map((w) => w.waitForLine(/ready: backend/, 'a search worker to be ready', 120_000)));
    const spec = options.spec ?? searchSpec(options.dataset);
    const started = Date.now();
    const res = await app.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    if (res.status !== 201) throw new Error(`the search study was refused: ${res.status} ${await res.text()}`);
    const study = (await res.json()) as StudyRecord;
    // Follow the stream: each epoch event's arrival time is when that epoch finished.
    const points: CurvePoint[] = [];
    let last = '0';
    let state: StudyRecord['state'] = 'queued';
    const tail = store.events.tail(study.id, 1000);
    try {
      while (!['completed', 'failed', 'cancelled'].includes(state)) {
        for (const e of await tail.next(last, 1000)) {
          last = e.id;
          const ev = e.event;
          if (ev.type === 'epoch') {
            points.push({ trialId: ev.trialId, valAcc: ev.metrics.valAcc, t: (Date.now() - started) / 1000 });
            if (points.length % 10 === 0) log(`${options.label ?? 'ours'}: ${points.length} epochs, best ${Math.max(...points.map((p) => p.valAcc)).toFixed(4)}`);
          }
          if (ev.type === 'study-finished') state = ev.state;
        }
      }
    } finally {
      tail.close();
    }
    const trials = await store.listTrials(study.id);
    const pruned = trials.filter((t) => t.status === 'pruned').length;
    const promoted = trials.filter((t) => t.promotedFrom).length;
    return figuresFromCurve(options.label ?? 'ours', options.dataset, points, `trials=${trials.length} pruned=${pruned} promoted=${promoted} study=${state}`);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited('a search worker to stop', 30_000).catch(() => w.child.kill('SIGKILL'))));
    await queues.close();
    await store.close();
    redis.disconnect();
    await server.stop();
  }
}

const PYTHON = '/usr/bin/python3';

/**
 * The study's own train/validation split written as IDX files (training examples first, then the
 * validation ones), so the anchor trains and validates on exactly the images our trials do.
 */
export async function writeSplitAsIdx(dataset: DatasetName, trainSamples: number, valSamples: number, seed: number, dir: string): Promise<void> {
  const data = await loadDataset(dataset);
  const { train, val } = splitTrainVal(data, trainSamples, valSamples, seed);
  const per = data.info.height * data.info.width * data.info.channels;
  const n = train.size + val.size;
  const images = Buffer.alloc(16 + n * per);
  images.writeUInt32BE(0x803, 0);
  images.writeUInt32BE(n, 4);
  images.writeUInt32BE(data.info.height, 8);
  images.writeUInt32BE(data.info.width, 12);
  const labels = Buffer.alloc(8 + n);
  labels.writeUInt32BE(0x801, 0);
  labels.writeUInt32BE(n, 4);
  let i = 0;
  for (const part of [train, val] as DataSubset[]) {
    for (let k = 0; k < part.size; k++, i++) {
      for (let p = 0; p < per; p++) {
        const raw = part.images[k * per + p]! * data.pixelStd + data.pixelMean;
        images[16 + i * per + p] = Math.max(0, Math.min(255, Math.round(raw)));
      }
      labels[8 + i] = part.labels[k]!;
    }
  }
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels);
}

/** The Optuna anchor (24 trials of at most 4 epochs, 84 epochs at most) on the study's split of `dataset`. */
export async function measureOptunaAnchor(dataset: DatasetName = 'mnist'): Promise<SearchFigures | { unavailable: string }> {
  const script = resolve(process.env.OPTUNA_ANCHOR ?? '../shared/anchors/optuna_median.py');
  if (!existsSync(script)) return { unavailable: `no anchor script at ${script} (set OPTUNA_ANCHOR)` };
  try {
    await run(PYTHON, ['-c', 'import torch, optuna'], { timeout: 60_000 });
  } catch {
    return { unavailable: 'PyTorch or Optuna is not installed for /usr/bin/python3 (apt-get install -y python3-torch python3-optuna)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'opt-anchor-'));
  try {
    await writeSplitAsIdx(dataset, 12000, 2000, 42, dir);
    const { stdout } = await run(PYTHON, [script, dir, '24', '4', '12000', '2000'], { timeout: 1_200_000, maxBuffer: 16 * 1024 * 1024 });
    const points: CurvePoint[] = [];
    for (const m of stdout.matchAll(/trial (\d+) \S+ lr=\S+ epoch \d+ val_acc=([\d.]+) cum_epochs=\d+ best=[\d.]+ t=(\d+)s/g)) {
      points.push({ trialId: m[1]!, valAcc: Number(m[2]), t: Number(m[3]) });
    }
    const total = /seconds=(\d+)/.exec(stdout);
    const figures = figuresFromCurve('optuna', dataset, points, 'TPE+MedianPruner, PyTorch 2 threads, ≤4 epochs a trial, same split');
    // Its per-epoch times are whole seconds: take the total where it used all its epochs within the budget.
    if (points.length <= SEARCH_BUDGET_EPOCHS && total) figures.seconds = Number(total[1]);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
