// The one gate a StudySpec passes before anything trains: zod checks the structure (strict objects,
// so a misspelt key is an error rather than silently ignored), then semantic checks that need the
// whole spec (ranges, knob applicability, the image shape after the conv blocks, stage chaining,
// dataset sizes). Every problem becomes a FieldIssue whose path and message name the field and the
// rule, all problems are collected (not just the first), defaults are filled in, and nothing throws.
// The sections live in search/study-spec/ (schemas, space, stages, the rest); the wording in
// search/validation/, shared with the other requests.
import type { FieldIssue, StudySpec } from '../types/index.js';
import { sampledOptimizers, SEED_DEFAULT } from './defaults.js';
import { capIssues, unreadableIssue } from './validation/index.js';
import { LIMITS } from './limits.js';
import { totalRuns } from './configurations.js';
import { datasetSchema, keepWeightsSchema, nameSchema, refineSchema, repeatsSchema, seedSchema, TOP_LEVEL_KEYS } from './study-spec/schemas.js';
import { validateData, validateEarlyStopping, validateModel, validateObjective, validatePruner } from './study-spec/sections.js';
import { validateSpace } from './study-spec/space.js';
import { checkRaceFairness, fitConfirmStage, validateStages } from './study-spec/stages.js';
import { parseSection, specFields } from './study-spec/wording.js';

export { formatPath } from './field-path.js';
export { formatIssues } from './validation/index.js';
export { featureMapSizes } from './study-spec/sections.js';
export { studySpecSchema } from './study-spec/schemas.js';

export type ValidationResult = { ok: true; spec: StudySpec } | { ok: false; issues: FieldIssue[] };

/** Every section in the order its problems are reported; undefined when any problem was found. */
function validate(input: unknown, issues: FieldIssue[]): StudySpec | undefined {
  const top = specFields(input, TOP_LEVEL_KEYS, [], issues);
  if (!top) return undefined;
  const required = (key: 'name' | 'dataset') => {
    if (top[key] === undefined) issues.push({ path: key, message: `${key} is required` });
    return top[key] !== undefined;
  };
  const name = required('name') ? parseSection(nameSchema, top.name, ['name'], issues) : undefined;
  const dataset = required('dataset') ? parseSection(datasetSchema, top.dataset, ['dataset'], issues) : undefined;
  const seed = top.seed === undefined ? SEED_DEFAULT : parseSection(seedSchema, top.seed, ['seed'], issues);
  // Optional switches; absent means false / 'global' (they stay absent in the validated spec).
  const keepWeights = top.keepWeights === undefined ? undefined : parseSection(keepWeightsSchema, top.keepWeights, ['keepWeights'], issues);
  const refine = top.refine === undefined ? undefined : parseSection(refineSchema, top.refine, ['refine'], issues);
  const pruner = top.pruner === undefined ? undefined : validatePruner(top.pruner, issues);
  const repeats = top.repeats === undefined ? undefined : parseSection(repeatsSchema, top.repeats, ['repeats'], issues);
  const model = validateModel(top.model, dataset, issues);
  const space = validateSpace(top.space, issues);
  const parsedStages = validateStages(top.stages, issues);
  const stages = parsedStages && space ? fitConfirmStage(parsedStages, refine, sampledOptimizers(space.optimizer), issues) : parsedStages;
  if (refine === 'per-optimizer' && space && stages) checkRaceFairness(sampledOptimizers(space.optimizer), stages, issues);
  if (stages) checkRuns(stages, repeats, issues);
  const earlyStopping = validateEarlyStopping(top.earlyStopping, issues);
  const objective = validateObjective(top.objective, issues);
  const data = validateData(top.data, dataset, issues);

  if (issues.length > 0) return undefined;
  if (name === undefined || dataset === undefined || seed === undefined || !model || !space || !stages || !earlyStopping || !objective || !data) {
    // Unreachable when every failure above recorded an issue; kept so a gap can never yield a half spec.
    issues.push({ path: '', message: 'the study spec is incomplete' });
    return undefined;
  }
  const switches = {
    ...(keepWeights !== undefined ? { keepWeights } : {}),
    ...(refine !== undefined ? { refine } : {}),
    ...(pruner !== undefined ? { pruner } : {}),
    ...(repeats !== undefined ? { repeats } : {}),
  };
  return { name, dataset, seed, model, space, stages, earlyStopping, objective, data, ...switches };
}

/** Every configuration trains its stage's repeats times: the runs of all stages within the study limit. */
function checkRuns(stages: StudySpec['stages'], repeats: number | undefined, issues: FieldIssue[]): void {
  const trials = stages.reduce((n, s) => n + s.trials, 0);
  const runs = totalRuns({ stages, repeats });
  if (runs > LIMITS.maxTrialsPerStudy && runs > trials) {
    const how = stages.some((s) => s.repeats !== undefined) ? "each stage's configurations × its repeats" : `${trials} configurations × ${repeats} repeats`;
    issues.push({ path: 'repeats', message: `repeats: ${how} = ${runs} runs, more than the ${LIMITS.maxTrialsPerStudy} a study may train` });
  }
}

/**
 * Validates a StudySpec from untrusted JSON. On success the spec has every default filled in;
 * on failure, every problem found (up to LIMITS.maxIssues), each naming its field and rule.
 * Never throws.
 */
export function validateStudySpec(input: unknown): ValidationResult {
  const issues: FieldIssue[] = [];
  let spec: StudySpec | undefined;
  try {
    spec = validate(input, issues);
  } catch (err) {
    issues.push(unreadableIssue('the study spec', err));
  }
  if (spec && issues.length === 0) return { ok: true, spec };
  return { ok: false, issues: capIssues(issues) };
}
