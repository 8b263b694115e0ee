// Paired seeds (issue 15): repeat k of every configuration of a stage starts from the same initial
// weights, sees the same batches and drops the same units; repeats differ from each other; a
// seeded dropout replays exactly. Trained for real on the synthetic set with the tiny LeNet.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudySpec, TrialConfig, TrialRecord } from '../../types/index.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { planStage } from '../../search/plan-stage.js';
import { loadDataset, type Dataset } from '../../worker/training/datasets.js';
import { buildModel, seedDropout } from '../../worker/training/build-model.js';
import { trainTrial, type TrainTrialInput } from '../../worker/training/train-trial.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { ADAM, NO_EARLY_STOPPING, TINY_LENET, weightsFingerprint } from './training-fixtures.js';

let synthetic: Dataset;

function specWithRepeats(repeats: number): StudySpec {
  const result = validateStudySpec(tinyStudySpec({ repeats }));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

/** What one run looked like at the start and batch by batch: its initial weights' hash and every batch's positions. */
async function observe(t: TrialRecord, config: TrialConfig, dropout = 0): Promise<{ init: string; batches: string[]; trainLoss: number[] }> {
  let init = '';
  const batches: string[] = [];
  const input: TrainTrialInput = {
    dataset: synthetic, model: { ...TINY_LENET, dropout }, config: { ...config, dropout }, epochs: 1, seed: t.seed, splitSeed: 7,
    trainSamples: 128, valSamples: 64, earlyStopping: NO_EARLY_STOPPING,
    onModelReady: (m) => void (init = weightsFingerprint(m)),
    onBatch: (b) => void batches.push(Array.from(b.positions).join(',')),
  };
  const outcome = await trainTrial(input);
  return { init, batches, trainLoss: outcome.history.map((m) => m.trainLoss ?? NaN) };
}

describe('paired seeds', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    synthetic = await loadDataset('synthetic');
  });

  it('plans repeat k of every configuration with the same seed, and different seeds for different repeats', () => {
    const spec = specWithRepeats(3);
    const { trials } = planStage('study', spec, 0, spec.space, '2026-01-01T00:00:00.000Z');
    expect(trials).toHaveLength(4 * 3);
    for (let k = 0; k < 3; k++) expect(new Set(trials.filter((t) => t.repeat === k).map((t) => t.seed)).size).toBe(1);
    expect(new Set(trials.map((t) => t.seed)).size).toBe(3);
    // Repeat 0 keeps the study seed, so a one-repeat study trains exactly as before.
    expect(trials.find((t) => t.repeat === 0)!.seed).toBe(spec.seed);
    expect(new Set(trials.map((t) => t.configId)).size).toBe(4);
  });

  it('gives repeat k of two configurations equal initial weight hashes and equal batch orders; repeats differ', async () => {
    const spec = specWithRepeats(2);
    const { trials } = planStage('study', spec, 0, spec.space, '2026-01-01T00:00:00.000Z');
    const [a0, a1, b0, b1] = [trials[0]!, trials[1]!, trials[2]!, trials[3]!];
    expect([a0.repeat, a1.repeat, b0.repeat, b1.repeat]).toEqual([0, 1, 0, 1]);
    const sgd: TrialConfig = { ...ADAM, optimizer: 'sgd', learningRate: 0.05 };
    const [ra0, ra1, rb0, rb1] = [await observe(a0, ADAM), await observe(a1, ADAM), await observe(b0, sgd), await observe(b1, sgd)];
    expect(rb0.init).toBe(ra0.init);
    expect(rb1.init).toBe(ra1.init);
    expect(rb0.batches).toEqual(ra0.batches);
    expect(rb1.batches).toEqual(ra1.batches);
    expect(ra1.init).not.toBe(ra0.init);
    expect(ra1.batches).not.toEqual(ra0.batches);
  });

  it('replays a seeded dropout exactly, and draws other masks for another seed', async () => {
    const t = (seed: number) => ({ seed }) as TrialRecord;
    const first = await observe(t(5), ADAM, 0.5);
    const again = await observe(t(5), ADAM, 0.5);
    expect(again.trainLoss).toEqual(first.trainLoss);
    // Same weights and batches (seed 5) but masks from another seed: only seedDropout's seed differs.
    const model = buildModel({ ...TINY_LENET, dropout: 0.5 }, synthetic.info, { seed: 5, l2: 0, dropout: 0.5 });
    const xs = tf.ones([2, synthetic.info.height, synthetic.info.width, synthetic.info.channels]);
    const out = (epoch: number, batch: number) => {
      seedDropout(model, 5, epoch, batch);
      return Array.from((model.apply(xs, { training: true }) as tf.Tensor).dataSync());
    };
    expect(out(1, 0)).toEqual(out(1, 0));
    expect(out(1, 1)).not.toEqual(out(1, 0));
    model.dispose();
    xs.dispose();
  });
});
