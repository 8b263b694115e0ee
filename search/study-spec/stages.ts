// The `stages` section of a StudySpec: each stage parsed on its own, then the rules that chain
// them (the first stage has nothing to keep or promote from; keepTop fits the stage before; the
// trials of all stages within the study limit), the per-optimizer race's minimum trials, and the
// confirm stage (only last, never first, no promotion; its trials are the configurations it retrains).
import type { z } from 'zod';
import type { FieldIssue, OptimizerName, RefineMode, StageSpec } from '../../types/index.js';
import { defaultKeepTop } from '../defaults.js';
import { LIMITS } from '../limits.js';
import { andList } from '../validation/index.js';
import { stageSchema, stagesSchema } from './schemas.js';
import { parseSection } from './wording.js';

type ParsedStage = z.output<typeof stageSchema>;

/** The stages with keepTop filled in, or undefined when `raw` is absent (a required-field issue) or any stage fails. */
export function validateStages(raw: unknown, issues: FieldIssue[]): StageSpec[] | undefined {
  if (raw === undefined) {
    issues.push({ path: 'stages', message: 'stages is required' });
    return undefined;
  }
  const list = parseSection(stagesSchema, raw, ['stages'], issues);
  if (!list) return undefined;
  const parsed = list.map((stage, i) => parseSection(stageSchema, stage, ['stages', i], issues));
  checkChaining(parsed, issues);
  const total = parsed.reduce((sum, s) => sum + (s?.trials ?? 0), 0);
  if (total > LIMITS.maxTrialsPerStudy) {
    issues.push({ path: 'stages', message: `stages: the trials of all stages must add up to at most ${LIMITS.maxTrialsPerStudy}, got ${total}` });
  }
  return parsed.every((s): s is ParsedStage => s !== undefined) ? parsed.map(withDefaults) : undefined;
}

/** No promote, keepTop or confirm on the first stage; confirm only on the last, without promote; a later keepTop at most the previous stage's trials. */
function checkChaining(parsed: ReadonlyArray<ParsedStage | undefined>, issues: FieldIssue[]): void {
  parsed.forEach((stage, i) => {
    if (!stage?.confirm) return;
    if (i === 0) issues.push({ path: 'stages[0].confirm', message: 'stages[0].confirm is not allowed on the first stage (a confirm stage retrains the previous stage\'s best configurations)' });
    else if (i !== parsed.length - 1) issues.push({ path: `stages[${i}].confirm`, message: `stages[${i}].confirm is allowed only on the last stage (stages[${parsed.length - 1}]): the comparison reads it` });
    if (i > 0 && stage.promote !== undefined) issues.push({ path: `stages[${i}].promote`, message: `stages[${i}].promote is not allowed with confirm (a confirm stage retrains from scratch on fresh seeds)` });
  });
  if (parsed[0]?.promote !== undefined) {
    issues.push({ path: 'stages[0].promote', message: 'stages[0].promote is not allowed on the first stage (there is no previous stage to promote trials from)' });
  }
  parsed.forEach((stage, i) => {
    if (!stage || stage.keepTop === undefined) return;
    if (i === 0) {
      issues.push({ path: 'stages[0].keepTop', message: 'stages[0].keepTop is not allowed on the first stage (there is no previous stage to keep trials from)' });
      return;
    }
    const prev = parsed[i - 1];
    if (prev && stage.keepTop > prev.trials) {
      issues.push({ path: `stages[${i}].keepTop`, message: `stages[${i}].keepTop must be ≤ stages[${i - 1}].trials (${prev.trials}), got ${stage.keepTop}` });
    }
  });
}

/** A later stage keeps defaultKeepTop of the previous one unless it says (a confirm stage: see fitConfirmStage); promote stays only where given. */
function withDefaults(s: ParsedStage, i: number, all: readonly ParsedStage[]): StageSpec {
  const prev = all[i - 1];
  const repeats = s.repeats !== undefined ? { repeats: s.repeats } : {};
  if (prev && s.confirm) return { trials: s.trials, epochs: s.epochs, ...(s.keepTop !== undefined ? { keepTop: s.keepTop } : {}), confirm: true, ...repeats };
  return prev
    ? { trials: s.trials, epochs: s.epochs, keepTop: s.keepTop ?? defaultKeepTop(prev.trials), ...(s.promote !== undefined ? { promote: s.promote } : {}), ...repeats }
    : { trials: s.trials, epochs: s.epochs, ...repeats };
}

/** A fair race (refine "per-optimizer") gives every optimizer at least one trial in every stage. */
export function checkRaceFairness(optimizers: readonly OptimizerName[], stages: readonly StageSpec[], issues: FieldIssue[]): void {
  stages.forEach((stage, i) => {
    if (stage.trials < optimizers.length) {
      issues.push({ path: `stages[${i}].trials`, message: `stages[${i}].trials must be ≥ ${optimizers.length} under refine "per-optimizer" (at least one trial for each of ${andList(optimizers)}), got ${stage.trials}` });
    }
  });
}

/**
 * A confirm stage retrains the previous stage's best configurations: under refine "per-optimizer"
 * the best keepTop of each optimizer (trials = keepTop × optimizers; keepTop defaults to
 * trials / optimizers), otherwise the best keepTop (trials = keepTop, its default). The stages with
 * the confirm stage's keepTop filled in.
 */
export function fitConfirmStage(stages: readonly StageSpec[], refine: RefineMode | undefined, optimizers: readonly OptimizerName[], issues: FieldIssue[]): StageSpec[] {
  return stages.map((stage, i) => {
    if (!stage.confirm) return stage;
    const per = refine === 'per-optimizer' ? optimizers.length : 1;
    const keepTop = stage.keepTop ?? Math.max(1, Math.floor(stage.trials / per));
    if (stage.trials !== keepTop * per) {
      const each = refine === 'per-optimizer' ? ` (keepTop ${keepTop} of each of ${andList(optimizers)})` : ` (its keepTop)`;
      issues.push({ path: `stages[${i}].trials`, message: `stages[${i}].trials of a confirm stage must be ${keepTop * per}${each}, the configurations it retrains, got ${stage.trials}` });
    }
    return { ...stage, keepTop };
  });
}
