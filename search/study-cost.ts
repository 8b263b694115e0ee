// What a StudySpec can cost before it is queued (POST /api/studies?dryRun=1 and the create form):
// trials and epochs per stage, at most (no promotion, no pruning) and with every kept trial promoted,
// the training images those epochs read, and — from the speed the workers last measured — roughly
// how long. Pure: the API passes the workers' figures in. With `repeats` every count is of runs
// (configurations × repeats); a confirm stage retrains from zero (nothing promoted).
import type { StudySpec } from '../types/index.js';
import type { StageCost, StudyCost, TimeEstimate } from '../types/api.js';
import { stageRepeats } from './configurations.js';

export type { StageCost, StudyCost, TimeEstimate };

export function studyCost(spec: Pick<StudySpec, 'stages' | 'data' | 'repeats'>): StudyCost {
  const stages = spec.stages.map((s, i): StageCost => {
    const prev = spec.stages[i - 1];
    const r = stageRepeats(spec, i);
    const continues = prev && !s.confirm && s.promote !== false && s.epochs > prev.epochs && stageRepeats(spec, i - 1) === r;
    const promoted = continues ? r * Math.min(s.keepTop ?? 1, s.trials, prev.trials) : 0;
    const runs = s.trials * r;
    return {
      stage: i + 1,
      trials: runs,
      epochs: s.epochs,
      epochsAtMost: runs * s.epochs,
      epochsWithPromotion: (runs - promoted) * s.epochs + promoted * (s.epochs - (prev?.epochs ?? 0)),
    };
  });
  const epochsAtMost = stages.reduce((n, s) => n + s.epochsAtMost, 0);
  return {
    trials: stages.reduce((n, s) => n + s.trials, 0),
    stages,
    epochsAtMost,
    epochsWithPromotion: stages.reduce((n, s) => n + s.epochsWithPromotion, 0),
    trainSamplesAtMost: epochsAtMost * spec.data.trainSamples,
  };
}

/** Roughly how long, from the workers' last measured speeds; null when no worker has measured one. */
export function estimateTime(cost: StudyCost, trainSamples: number, speeds: readonly number[]): TimeEstimate | null {
  const measured = speeds.filter((v) => Number.isFinite(v) && v > 0);
  if (measured.length === 0) return null;
  const samplesPerSec = measured.reduce((a, b) => a + b, 0);
  return {
    workers: measured.length,
    samplesPerSec: Math.round(samplesPerSec),
    secondsAtMost: Math.round(cost.trainSamplesAtMost / samplesPerSec),
    secondsWithPromotion: Math.round((cost.epochsWithPromotion * trainSamples) / samplesPerSec),
    note: 'training only, at the speed each worker last measured (on whatever model it trained); validation, model builds and a different model change it',
  };
}
