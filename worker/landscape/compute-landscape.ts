// A trained CNN's loss landscape: the validation loss on an n×n grid of the plane through the
// trial's final weights (plane.ts chooses the directions), and every listed trial's per-epoch
// weights projected onto that plane.
//
// The validation examples are exactly the ones the trial validated on: splitTrainVal with the
// study seed and the study's sample counts, evaluated by evaluateSubset as the training loop does.
// So the grid's centre, the final weights themselves (the best epoch's under restoreBest), has the
// validation loss the trial recorded for that epoch (bit for bit on the backend that trained it).
// Epoch 0 of a trajectory is the initial weights, rebuilt from the trial seed (build-model.ts).
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, LandscapeRequest, LandscapeResult, LandscapeTrajectory, StudySpec, TrialRecord } from '../../types/index.js';
import { createRng } from '../../search/rng.js';
import { buildModel } from '../training/build-model.js';
import { createTapelessStep } from '../training/tapeless-step/step.js';
import { decodeTensors } from '../training/checkpoint.js';
import { splitTrainVal, type Dataset } from '../training/datasets.js';
import { evaluateSubset } from '../training/evaluate.js';
import { filterNormalizedDirection, flatten, gridAxis, pcaDirections, planeProjector, pointOnPlane, split } from './plane.js';

/** A trial whose weights were kept (StudySpec.keepWeights). */
export interface KeptTrial {
  trial: TrialRecord;
  /** Encoded weights after each kept epoch (encodeTensors bytes), in epoch order. */
  epochs: Array<{ epoch: number; bytes: Uint8Array }>;
  /** Encoded final weights. */
  final: Uint8Array;
  /** The trial's recorded per-epoch metrics. */
  history: EpochMetrics[];
}

export interface ComputeLandscapeInput {
  dataset: Dataset;
  spec: StudySpec;
  request: LandscapeRequest;
  /** The centre trial first, then the others to project. */
  trials: KeptTrial[];
  signal?: AbortSignal;
  /** After every grid row (awaited): rows done so far, of `rows`. */
  onRow?: (rowsDone: number, rows: number) => void | Promise<void>;
}

/** Span of the pca grid around the trajectories: this many times their largest coordinate. */
export const PCA_SPAN_MARGIN = 1.25;

function decodeFlat(bytes: Uint8Array): Float32Array {
  const tensors = decodeTensors(bytes);
  try {
    return flatten(tensors.map((t) => t.dataSync() as Float32Array));
  } finally {
    tf.dispose(tensors);
  }
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export async function computeLandscape(input: ComputeLandscapeInput): Promise<LandscapeResult> {
  const started = performance.now();
  const { dataset, spec, request } = input;
  const centreTrial = input.trials[0];
  if (!centreTrial) throw new Error('a landscape needs its centre trial');
  const { val } = splitTrainVal(dataset, spec.data.trainSamples, spec.data.valSamples, spec.seed);
  const config = centreTrial.trial.config;
  const model = buildModel(spec.model, dataset.info, { seed: centreTrial.trial.seed, l2: config.l2, dropout: config.dropout });
  try {
    const shapes = model.getWeights().map((w) => [...w.shape]);
    const initials = new Map<number, Float32Array>();
    const initialWeights = (seed: number): Float32Array => {
      let w = initials.get(seed);
      if (!w) {
        const m = seed === centreTrial.trial.seed ? model : buildModel(spec.model, dataset.info, { seed, l2: 0, dropout: 0 });
        w = flatten(m.getWeights().map((t) => t.dataSync() as Float32Array));
        if (m !== model) m.dispose();
        initials.set(seed, w);
      }
      return w;
    };

    const centre = decodeFlat(centreTrial.final);
    if (centre.length !== shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0)) {
      throw new Error(`the kept weights of trial ${centreTrial.trial.id} do not fit the study's model`);
    }
    // Every trajectory point: epoch 0 (initial weights), then each kept epoch.
    const paths = input.trials.map((kept) => ({
      kept,
      points: [
        { epoch: 0, weights: initialWeights(kept.trial.seed) },
        ...kept.epochs.map((e) => ({ epoch: e.epoch, weights: decodeFlat(e.bytes) })),
      ],
      final: kept === centreTrial ? centre : decodeFlat(kept.final),
    }));

    let d1: Float32Array;
    let d2: Float32Array;
    let explained: [number, number] | null = null;
    if (request.directions === 'random') {
      d1 = filterNormalizedDirection(centre, shapes, createRng(request.seed, 'landscape-direction', 1));
      d2 = filterNormalizedDirection(centre, shapes, createRng(request.seed, 'landscape-direction', 2));
    } else {
      // Distinct points only: paired trials share their initial weights.
      const seen = new Set<Float32Array>();
      const points = paths.flatMap((p) => p.points.map((q) => q.weights)).filter((w) => !seen.has(w) && seen.add(w));
      ({ d1, d2, explained } = pcaDirections(points, centre));
    }
    const project = planeProjector(centre, d1, d2);

    const trajectories: LandscapeTrajectory[] = paths.map(({ kept, points, final }) => {
      const valLoss = new Map(kept.history.map((m) => [m.epoch, m.valLoss]));
      const f = project(final);
      return {
        trialId: kept.trial.id,
        optimizer: kept.trial.config.optimizer,
        learningRate: kept.trial.config.learningRate,
        points: points.map(({ epoch, weights }) => {
          const p = project(weights);
          return { epoch, x: p.x, y: p.y, valLoss: valLoss.get(epoch) ?? null };
        }),
        final: { x: f.x, y: f.y },
        finalResidual: f.residual,
      };
    });

    const fitted = (key: 'x' | 'y') => {
      const extent = Math.max(0, ...trajectories.flatMap((t) => [...t.points.map((p) => Math.abs(p[key])), Math.abs(t.final[key])]));
      return extent > 0 ? extent * PCA_SPAN_MARGIN : 1;
    };
    const spanX = request.span ?? (request.directions === 'pca' ? fitted('x') : 1);
    const spanY = request.span ?? (request.directions === 'pca' ? fitted('y') : 1);
    const xs = gridAxis(spanX, request.grid);
    const ys = gridAxis(spanY, request.grid);

    const loss: Array<Array<number | null>> = [];
    const acc: number[][] = [];
    const buffer = new Float32Array(centre.length);
    // On wasm the grid is evaluated by the tapeless forward pass (same numbers, fewer kernels).
    const tapeless = createTapelessStep(model);
    for (const [j, b] of ys.entries()) {
      const lossRow: Array<number | null> = [];
      const accRow: number[] = [];
      for (const a of xs) {
        if (input.signal?.aborted) throw new Error('landscape cancelled');
        const parts = split(pointOnPlane(centre, d1, d2, a, b, buffer), shapes);
        const tensors = parts.map((p, k) => tf.tensor(p, shapes[k]!, 'float32'));
        try {
          model.setWeights(tensors);
        } finally {
          tf.dispose(tensors);
        }
        const e = await evaluateSubset(model, val, input.signal, tapeless);
        lossRow.push(finiteOrNull(e.loss));
        accRow.push(e.acc);
      }
      loss.push(lossRow);
      acc.push(accRow);
      await input.onRow?.(j + 1, ys.length);
    }

    const mid = (request.grid - 1) / 2;
    const recorded = centreTrial.trial.bestMetrics;
    return {
      directions: request.directions,
      axes: { x: xs, y: ys },
      loss,
      acc,
      centre: { loss: loss[mid]?.[mid] ?? null, acc: acc[mid]?.[mid] ?? 0, recordedValLoss: recorded?.valLoss ?? null, epoch: centreTrial.trial.bestEpoch },
      trajectories,
      explainedVariance: explained,
      valSamples: val.size,
      parameters: centre.length,
      seconds: (performance.now() - started) / 1000,
      backend: tf.getBackend(),
    };
  } finally {
    model.dispose();
  }
}
