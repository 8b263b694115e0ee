// computeLandscape on a trial trained here (tiny LeNet, synthetic set, cpu backend): progress row
// by row, the centre is the trial's recorded validation loss, its final weights project to the
// origin, and PCA needs a trajectory that spans a plane.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LandscapeRequest, StudySpec, TrialRecord } from '../../../types/index.js';
import { encodeTensors } from '../../../worker/training/checkpoint.js';
import { loadDataset, type Dataset } from '../../../worker/training/datasets.js';
import { trainTrial, type TrialOutcome } from '../../../worker/training/train-trial.js';
import { computeLandscape, type KeptTrial } from '../../../worker/landscape/compute-landscape.js';
import { validateStudySpec } from '../../../search/spec-schema.js';
import { ADAM, TINY_LENET } from '../training-fixtures.js';

let dataset: Dataset;
let spec: StudySpec;
let kept: KeptTrial;
let outcome: TrialOutcome;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await loadDataset('synthetic');
  const v = validateStudySpec({
    name: 'landscape unit', dataset: 'synthetic', seed: 5, model: TINY_LENET,
    space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: ADAM.learningRate }, batchSize: { type: 'fixed', value: ADAM.batchSize } },
    stages: [{ trials: 1, epochs: 2 }],
    earlyStopping: { monitor: 'val_loss', patience: 5, restoreBest: true, warmup: 0, minDelta: 0 },
    data: { trainSamples: 384, valSamples: 128 },
    keepWeights: true,
  });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  spec = v.spec;
  const epochs: KeptTrial['epochs'] = [];
  let final: Uint8Array | null = null;
  outcome = await trainTrial({
    dataset, model: spec.model, config: ADAM, epochs: 2, seed: spec.seed, splitSeed: spec.seed,
    trainSamples: spec.data.trainSamples, valSamples: spec.data.valSamples, earlyStopping: spec.earlyStopping,
    onCheckpoint: (c) => void epochs.push({ epoch: c.epoch, bytes: c.weights }),
    onFinish: async (model) => {
      final = await encodeTensors(model.getWeights());
    },
  });
  const trial = { id: 's0-t00', seed: spec.seed, config: ADAM, bestEpoch: outcome.bestEpoch, bestMetrics: outcome.bestMetrics } as TrialRecord;
  kept = { trial, epochs, final: final!, history: outcome.history };
}, 60_000);

const request = (over: Partial<LandscapeRequest>): LandscapeRequest => ({ directions: 'random', grid: 3, span: null, seed: 1, trials: ['s0-t00'], ...over });

describe('computeLandscape', () => {
  it('reports every row as it goes, and leaves no tensor behind', async () => {
    const rows: Array<[number, number]> = [];
    const before = tf.memory().numTensors;
    const r = await computeLandscape({ dataset, spec, request: request({}), trials: [kept], onRow: (done, total) => void rows.push([done, total]) });
    expect(rows).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe('cpu');
    expect(r.parameters).toBeGreaterThan(1000);
  });

  it('has the recorded validation loss of the final weights at its centre, where they project', async () => {
    const r = await computeLandscape({ dataset, spec, request: request({ directions: 'pca' }), trials: [kept] });
    expect(r.centre.loss).toBe(outcome.bestMetrics!.valLoss);
    expect(r.centre.epoch).toBe(outcome.bestEpoch);
    const [path] = r.trajectories;
    expect(path!.final).toEqual({ x: 0, y: 0 });
    expect(path!.points.map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(path!.points.find((p) => p.epoch === outcome.bestEpoch)).toMatchObject({ x: 0, y: 0 });
    expect(path!.points.find((p) => p.epoch === 0)!.valLoss).toBeNull();
    expect(r.explainedVariance![0] + r.explainedVariance![1]).toBeCloseTo(1, 6);
  });

  it('refuses PCA over a trajectory of one epoch', async () => {
    const short: KeptTrial = { ...kept, epochs: kept.epochs.slice(0, 1), final: kept.epochs[0]!.bytes };
    await expect(computeLandscape({ dataset, spec, request: request({ directions: 'pca' }), trials: [short] })).rejects.toThrow(/fewer than two directions/);
  });
});
