// The StudySpecs the study page hands to the new-study editor: a re-run of one trial ("Copy JSON"
// and "Re-run" on a best configuration) and a copy of the whole study ("Clone study"). Pure
// functions of the study's validated spec, so a test can put what they make through the server's
// own validator and sampler.
//
// A re-run is one stage of one trial that samples exactly the trial's configuration: every
// dimension of the config `fixed` to its value (the knobs that do not apply to its optimizer are
// absent from a config, and so from the space). It trains for its stage's budget — the epochs the
// trial was planned, a promoted trial's earlier stages included — with the study's early
// stopping, not for the epochs it happened to train: with the same seed, data and model a trial
// that stopped early stops at the same epoch again, and one the pruner cut (the re-run has no
// pruner) shows what it would have done.
import type { DimensionName, Distribution, SearchSpace, StudySpec, TrialConfig } from '../../../types/index.js';
import { COMMON_DIMENSIONS, OPTIMIZER_KNOBS } from '../../../types/index.js';
import { LIMITS } from '../../../search/limits.js';

/** The trial a re-run repeats. */
export interface RerunSource {
  trialId: string;
  /** 0-based stage of the trial: its budget is that stage's `epochs`. */
  stage: number;
  config: TrialConfig;
  /**
   * The seed the trial trained with (TrialRecord.seed). @defaultValue the study's seed, which every
   * trial of a search stage without repeats trains with (paired seeds)
   */
  seed?: number;
}

/** `prefix` and the study's name, cut so the whole stays within the validator's name limit. */
function derivedName(prefix: string, name: string, suffix = ''): string {
  const room = LIMITS.nameMaxLength - prefix.length - suffix.length;
  const kept = name.length > room ? `${name.slice(0, Math.max(0, room - 1))}…` : name;
  return `${prefix}${kept}${suffix}`;
}

/** Every dimension of `config` as a `fixed` distribution. */
export function fixedSpace(config: TrialConfig): SearchSpace {
  const values = config as unknown as Partial<Record<DimensionName, string | number | boolean>>;
  const space: Partial<Record<DimensionName, Distribution>> = {};
  for (const dim of [...COMMON_DIMENSIONS, ...OPTIMIZER_KNOBS]) {
    const value = values[dim];
    if (value !== undefined) space[dim] = { type: 'fixed', value };
  }
  return space as SearchSpace;
}

/**
 * A spec that trains exactly `trial` once more: same dataset, model, data, seed, early stopping,
 * objective and keepWeights; one stage of one trial; no pruner, no refinement, no repeats.
 */
export function rerunSpec(study: StudySpec, trial: RerunSource): StudySpec {
  const epochs = study.stages[trial.stage]?.epochs ?? study.stages[0]!.epochs;
  return {
    name: derivedName('re-run of ', study.name, ` ${trial.trialId}`),
    dataset: study.dataset,
    seed: trial.seed ?? study.seed,
    model: study.model,
    space: fixedSpace(trial.config),
    stages: [{ trials: 1, epochs }],
    earlyStopping: study.earlyStopping,
    objective: study.objective,
    data: study.data,
    ...(study.keepWeights ? { keepWeights: true } : {}),
    pruner: { type: 'none' },
  };
}

/** The study's own spec under the name "copy of <name>". */
export function cloneSpec(study: StudySpec): StudySpec {
  return { ...study, name: derivedName('copy of ', study.name) };
}
