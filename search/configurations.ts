// Configurations, not runs, are compared. With `repeats: R` a stage trains each sampled
// configuration R times; repeat k of every configuration uses the same seed (paired seeds), so
// repeat k of two configurations starts from the same weights and sees the same batches,
// augmentation and dropout masks. This module maps runs onto configurations:
//
// - Seeds: repeat k of a search stage trains with repeatSeed(study seed, k) — the study seed itself
//   for k = 0, so a one-repeat study trains exactly as before. A `confirm` stage uses the fresh
//   repeats from the largest R of the stages before it on (R … R + R' − 1), seeds no earlier stage
//   used. A stage's own `repeats` overrides the study's for that stage.
// - A configuration's representative is one TrialRecord standing for all its runs: repeat 0's
//   record with `bestMetric` the aggregate (mean, or median under objective.aggregate) of the runs'
//   values and a status that says what the runs did together. Ranking, refinement and promotion
//   take representatives, so every rule written for trials acts on configurations, and a
//   configuration of one run is represented by that run itself (nothing changes without repeats).
//
// The representative's status: any run that failed, diverged or was cancelled makes the whole
// configuration so (a setting that blows up on one seed in three is not a good setting); else any
// run still queued or running makes it running (or queued when none started); else pruned if one
// was, early-stopped if one was, otherwise completed. Its metric aggregates the runs with a value,
// so a running configuration ranks by what its runs have reported so far.
import type { Aggregate, ObjectiveSpec, RepeatSummary, StudySpec, TrialRecord, TrialState } from '../types/index.js';
import { deriveSeed } from './rng.js';
import { mean, median, tInterval } from './stats.js';

/** The study's seeds per configuration (default 1). */
export const repeatsOf = (spec: Pick<StudySpec, 'repeats'>): number => spec.repeats ?? 1;

/** Seeds per configuration in stage `stage`: its own `repeats`, else the study's. */
export const stageRepeats = (spec: Pick<StudySpec, 'repeats' | 'stages'>, stage: number): number => spec.stages[stage]?.repeats ?? repeatsOf(spec);

/** Trials (runs) a stage trains: its record's once planned (a confirm stage may find fewer optimizers), else configurations × seeds. */
export function plannedRuns(spec: Pick<StudySpec, 'repeats' | 'stages'>, stage: number, planned?: { trialIds: readonly string[] }): number {
  return planned ? planned.trialIds.length : (spec.stages[stage]?.trials ?? 0) * stageRepeats(spec, stage);
}

/** Runs in all: every stage's configurations times its seeds. */
export const totalRuns = (spec: Pick<StudySpec, 'repeats' | 'stages'>): number => spec.stages.reduce((n, s, i) => n + s.trials * stageRepeats(spec, i), 0);

/** The first repeat index a confirm stage's fresh seeds start at: past every seed an earlier stage used. */
export const freshSeedOffset = (spec: Pick<StudySpec, 'repeats' | 'stages'>, stage: number): number => Math.max(1, ...spec.stages.slice(0, stage).map((_, i) => stageRepeats(spec, i)));

export const aggregateOf = (objective: ObjectiveSpec): Aggregate => objective.aggregate ?? 'mean';

/** The seed of repeat `repeat`: the study seed for repeat 0, deriveSeed(seed, 'repeat', k) after. */
export function repeatSeed(seed: number, repeat: number): number {
  return repeat === 0 ? seed : deriveSeed(seed, 'repeat', repeat);
}

/** Configuration ids are `s<stage>-c<index>`, e.g. `s0-c03`. */
export function configIdFor(stage: number, index: number): string {
  return `s${stage}-c${String(index).padStart(2, '0')}`;
}

export const configIdOf = (t: Pick<TrialRecord, 'id' | 'configId'>): string => t.configId ?? t.id;
export const repeatOf = (t: Pick<TrialRecord, 'repeat'>): number => t.repeat ?? 0;

/** The runs of each configuration, by repeat, in the order the configurations first appear. */
export function groupConfigurations(trials: readonly TrialRecord[]): TrialRecord[][] {
  const groups = new Map<string, TrialRecord[]>();
  for (const t of trials) groups.set(configIdOf(t), [...(groups.get(configIdOf(t)) ?? []), t]);
  return [...groups.values()].map((runs) => runs.sort((a, b) => repeatOf(a) - repeatOf(b)));
}

export function aggregateValues(values: readonly number[], aggregate: Aggregate): number {
  return aggregate === 'median' ? median(values) : mean(values);
}

const UNUSABLE: readonly TrialState[] = ['failed', 'diverged', 'cancelled'];
const valueOf = (t: TrialRecord): number | null => (t.bestMetric !== null && Number.isFinite(t.bestMetric) && !UNUSABLE.includes(t.status) ? t.bestMetric : null);

function groupStatus(runs: readonly TrialRecord[]): TrialState {
  const has = (s: TrialState) => runs.some((t) => t.status === s);
  const bad = UNUSABLE.find(has);
  if (bad) return bad;
  if (has('running') || (has('queued') && runs.some((t) => t.status !== 'queued'))) return 'running';
  if (has('queued')) return 'queued';
  return has('pruned') ? 'pruned' : has('early-stopped') ? 'early-stopped' : 'completed';
}

/** One record standing for a configuration's runs (the run itself when there is one). */
export function representative(runs: readonly TrialRecord[], objective: ObjectiveSpec): TrialRecord {
  const first = runs[0];
  if (!first) throw new RangeError('a configuration needs at least one run');
  if (runs.length === 1) return first;
  const status = groupStatus(runs);
  const values = runs.map(valueOf).filter((v): v is number => v !== null);
  const bestMetric = UNUSABLE.includes(status) || values.length === 0 ? null : aggregateValues(values, aggregateOf(objective));
  return { ...first, status, bestMetric, epochsDone: Math.min(...runs.map((t) => t.epochsDone)), test: meanTest(runs) };
}

/** The runs' test results averaged (null until every run has one). */
function meanTest(runs: readonly TrialRecord[]): TrialRecord['test'] {
  const tests = runs.map((t) => t.test);
  if (tests.some((t) => t === null)) return null;
  const losses = tests.map((t) => t!.loss).filter((l): l is number => l !== null);
  return { loss: losses.length === tests.length ? mean(losses) : null, acc: mean(tests.map((t) => t!.acc)) };
}

/** Every configuration's representative, in the order the configurations first appear. */
export function representatives(trials: readonly TrialRecord[], objective: ObjectiveSpec): TrialRecord[] {
  return groupConfigurations(trials).map((runs) => representative(runs, objective));
}

/** What a configuration of several runs adds up to; undefined for a configuration of one run. */
export function repeatSummary(runs: readonly TrialRecord[], objective: ObjectiveSpec): RepeatSummary | undefined {
  if (runs.length < 2) return undefined;
  const values = runs.map(valueOf);
  return {
    configId: configIdOf(runs[0]!),
    trialIds: runs.map((t) => t.id),
    seeds: runs.map((t) => t.seed),
    values,
    aggregate: aggregateOf(objective),
    interval: tInterval(values.filter((v): v is number => v !== null)),
  };
}
