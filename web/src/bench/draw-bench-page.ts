// The page script of `npm run bench`'s dashboard figure (bench/dashboard-draw.ts bundles it and
// runs it in Chromium): a <curves-chart> on a synthetic study of N trials × E epochs, timed for a
// full draw (build the uPlot from the model) and for one update (one more epoch for every running
// trial, folded into the model and drawn). Not part of the dashboard's build.
import type { StudyEvent, TrialRecord } from '../../../types/index.js';
import type { StudyDetail } from '../shared/api-client.js';
import themeCss from '../shared/theme.css?inline';
import '../study/curves-chart.js';
import { StudyModel } from '../study/study-model.js';

// The dashboard's page links the theme (its colours, which the chart reads); this page adopts it.
const theme = new CSSStyleSheet();
theme.replaceSync(themeCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, theme];

export interface DrawBenchResult {
  trials: number;
  epochs: number;
  fullDrawMs: number[];
  updateMs: number[];
  series: number;
  points: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPT = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;

function epochEvent(trialId: string, epoch: number, r: () => number, base: number): StudyEvent {
  const loss = base * Math.exp(-epoch / (5 + 10 * r())) + 0.05 * r();
  return {
    type: 'epoch',
    studyId: 'bench',
    trialId,
    stage: 0,
    metrics: { epoch, trainLoss: loss * 0.9, trainAcc: 1 - loss / 3, valLoss: loss, valAcc: Math.min(1, 1 - loss / 2.5), learningRate: 1e-3, seconds: 1, samplesPerSec: 1000 },
    epochsSinceBest: 0,
    patience: 3,
  };
}

/** Trials planned for `epochs + EXTRA_EPOCHS`, trained `epochs` so far: the updates add the rest. */
const EXTRA_EPOCHS = 15;

function benchStudy(trials: number, epochs: number): { model: StudyModel; bases: number[] } {
  const r = rng(42);
  const ids = Array.from({ length: trials }, (_, i) => `s0-t${String(i).padStart(3, '0')}`);
  const space = { optimizer: { type: 'categorical' as const, values: [...OPT] }, learningRate: { type: 'log-uniform' as const, min: 1e-5, max: 1 }, batchSize: { type: 'fixed' as const, value: 32 } };
  const study: StudyDetail = {
    id: 'bench',
    spec: {
      name: 'draw bench', dataset: 'synthetic', seed: 1,
      model: { kind: 'lenet', filters: [4], kernelSize: 3, padding: 'valid', activation: 'relu', pooling: 'max', dense: [16], dropout: 0, l2: 0 },
      space, stages: [{ trials, epochs: epochs + EXTRA_EPOCHS }],
      earlyStopping: { enabled: true, monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0.001, warmup: 1, restoreBest: true },
      objective: { metric: 'val_acc', mode: 'max' },
      data: { trainSamples: 1000, valSamples: 100, augmentation: { shift: 0, flip: false } },
    },
    state: 'running', stages: [{ index: 0, space, trialIds: ids, epochs: epochs + EXTRA_EPOCHS, state: 'running' }], currentStage: 0,
    createdAt: '', updatedAt: '', finishedAt: null, error: null, best: { objective: { metric: 'val_acc', mode: 'max' }, overall: null, byOptimizer: {} }, progress: [], trialsTotal: trials, trialsFinished: 0,
  };
  const records = ids.map((id, index): TrialRecord => ({
    id, studyId: 'bench', stage: 0, index, seed: 1,
    config: { optimizer: OPT[index % 4]!, learningRate: 10 ** (-5 + 5 * r()), batchSize: 32, l2: 0, dropout: 0 },
    epochs: epochs + EXTRA_EPOCHS, status: 'running', epochsDone: 0, epochsSinceBest: 0, bestEpoch: null, bestMetric: null, bestMetrics: null,
    test: null, stopReason: null, backend: 'wasm', host: 'bench', attempts: 1, resumedFromEpoch: null, createdAt: '', startedAt: '', finishedAt: null,
  }));
  const model = new StudyModel();
  model.reset(study, records);
  const bases = ids.map(() => 1 + 1.5 * r());
  ids.forEach((id, i) => {
    for (let e = 1; e <= epochs; e++) model.apply(epochEvent(id, e, r, bases[i]!));
  });
  return { model, bases };
}

async function runDrawBench(trials = 500, epochs = 30, runs = 7): Promise<DrawBenchResult> {
  const root = document.getElementById('root')!;
  const fullDrawMs: number[] = [];
  let chart = document.createElement('curves-chart');
  const { model, bases } = benchStudy(trials, epochs);
  for (let i = 0; i < runs; i++) {
    chart.remove();
    chart = document.createElement('curves-chart');
    chart.metric = 'loss';
    root.append(chart);
    await chart.updateComplete;
    const drawn = chart.nextDraw();
    const t0 = performance.now();
    chart.model = model;
    await drawn;
    fullDrawMs.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
  }
  const r = rng(7);
  const updateMs: number[] = [];
  const ids = model.trialList.map((t) => t.id);
  for (let k = 1; k <= Math.min(runs * 2, EXTRA_EPOCHS); k++) {
    const drawn = chart.nextDraw();
    const t0 = performance.now();
    ids.forEach((id, i) => model.apply(epochEvent(id, epochs + k, r, bases[i]!)));
    model.emit();
    await drawn;
    updateMs.push(performance.now() - t0);
    await new Promise((res) => requestAnimationFrame(() => res(null)));
  }
  return {
    trials,
    epochs,
    fullDrawMs,
    updateMs,
    series: Number(chart.dataset.series ?? 0),
    points: Number(chart.dataset.points ?? 0),
  };
}

declare global {
  interface Window {
    runDrawBench: typeof runDrawBench;
  }
}
window.runDrawBench = runDrawBench;
