// Limits an operator sets for one deployment (environment variables, config/env.ts), on top of the
// hard limits of search/defaults.ts that no spec may pass. A public playground might allow 50
// trials of 20 epochs; a team's own cluster the full range. Checked after validation, with issues
// of the same shape, so a 400 names the field, the limit and the variable that sets it.
import type { FieldIssue, StudySpec } from '../types/index.js';
import { LIMITS } from './defaults.js';
import { totalRuns } from './configurations.js';

export interface DeploymentLimits {
  /** @defaultValue LIMITS.maxTrialsPerStudy (1000) — MAX_TRIALS_PER_STUDY */
  maxTrialsPerStudy: number;
  /** @defaultValue LIMITS.epochsPerStage.max (200) — MAX_EPOCHS_PER_STAGE */
  maxEpochsPerStage: number;
  /** @defaultValue 60000 — MAX_TRAIN_SAMPLES */
  maxTrainSamples: number;
}

export const DEFAULT_DEPLOYMENT_LIMITS: Readonly<DeploymentLimits> = {
  maxTrialsPerStudy: LIMITS.maxTrialsPerStudy,
  maxEpochsPerStage: LIMITS.epochsPerStage.max,
  maxTrainSamples: 60000,
};

export function checkDeploymentLimits(spec: StudySpec, limits: DeploymentLimits): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const configs = spec.stages.reduce((n, s) => n + s.trials, 0);
  const total = totalRuns(spec);
  if (total > limits.maxTrialsPerStudy) {
    issues.push({ path: 'stages', message: `stages: ${total} trials in all${total > configs ? ` (${configs} configurations with their repeats)` : ''} is more than this server allows per study (${limits.maxTrialsPerStudy}, MAX_TRIALS_PER_STUDY)` });
  }
  spec.stages.forEach((s, i) => {
    if (s.epochs > limits.maxEpochsPerStage) {
      issues.push({ path: `stages[${i}].epochs`, message: `stages[${i}].epochs must be ≤ ${limits.maxEpochsPerStage} on this server (MAX_EPOCHS_PER_STAGE), got ${s.epochs}` });
    }
  });
  if (spec.data.trainSamples > limits.maxTrainSamples) {
    issues.push({ path: 'data.trainSamples', message: `data.trainSamples must be ≤ ${limits.maxTrainSamples} on this server (MAX_TRAIN_SAMPLES), got ${spec.data.trainSamples}` });
  }
  return issues;
}
