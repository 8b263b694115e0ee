// Hyperparameter importance: which dimensions explain the objective of a stage's trials. Pure and
// deterministic (the forest's bootstrap comes from createRng(seed, 'importance', stage)), so the
// API answers the same numbers for the same trials on any machine.
//
// Method: functional ANOVA over a random forest (Hutter et al., 2014; search/fanova.ts over
// search/regression-tree.ts), as Optuna's FanovaImportanceEvaluator does. The forest is fitted to
// (configuration → objective) of the stage's finished trials with a finite objective (completed,
// early-stopped and pruned ones: those the ranking scores, at their best epoch); each tree's
// variance over the stage's space is split into one main effect per dimension, and a dimension's
// importance is its share of the variance, averaged over the trees. The space is measured as the
// trials were drawn from it: uniform in log10 for log-uniform and log-int dimensions, uniform for
// uniform and int ones, each category alike for categorical ones. What no single dimension
// explains is reported as interactions.
//
// One stage at a time, the first by default: a stage samples one space at one epoch budget, so the
// differences in its objective come from the configurations alone. Later stages sample narrowed
// ranges around the best and train longer; pooling them would credit the budget to whichever
// dimensions were narrowed. A knob that applies to only some of the stage's trials (momentum of
// momentum trials) is left out and listed with the reason. Fewer than MIN_IMPORTANCE_TRIALS trials
// give no numbers, only a sentence saying so.
import type { CategoricalValue, ObjectiveSpec, OptimizerKnob, SearchSpace, TrialRecord } from '../types/index.js';
import { FINISHED_TRIAL_STATES, OPTIMIZER_KNOBS } from '../types/index.js';
import type { DimensionImportance, ImportanceResult, SkippedDimension } from '../types/api.js';
import { optimizersFor } from './defaults.js';
import { decomposeTree } from './fanova.js';
import { isRanked } from './rank.js';
import { DEFAULT_FOREST_OPTIONS, growForest, type Feature, type ForestOptions } from './regression-tree.js';
import { createRng } from './rng.js';
import { DIMENSION_LABELS, DIMENSION_ORDER, sampledDimensions, scaled, type SampledDimension } from './search-dimensions.js';

/** Below this many finished trials with a finite objective the importance says nothing. */
export const MIN_IMPORTANCE_TRIALS = 8;

export interface ImportanceInput {
  /** The study's trials (any stage, any state: the function picks). */
  trials: readonly TrialRecord[];
  /** The stage's space (its record's `space`; under per-optimizer refinement the optimizers' hull). */
  space: SearchSpace;
  stage: number;
  objective: ObjectiveSpec;
  /** The study seed: the forest's bootstrap draws derive from it. */
  seed: number;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const isKnob = (name: string): name is OptimizerKnob => (OPTIMIZER_KNOBS as readonly string[]).includes(name);

/** The trials the importance is over: the stage's finished trials with a finite objective. */
export function importanceTrials(trials: readonly TrialRecord[], stage: number): TrialRecord[] {
  return trials.filter((t) => t.stage === stage && FINISHED_TRIAL_STATES.includes(t.status) && isRanked(t));
}

/** A dimension as a feature column: its values on its scale, or category codes. */
function encode(dim: SampledDimension, values: readonly CategoricalValue[]): { feature: Feature; column: number[] } {
  if (dim.scale === 'categorical') {
    const categories = [...dim.values];
    for (const v of values) if (!categories.includes(v)) categories.push(v);
    return { feature: { kind: 'categorical', count: categories.length }, column: values.map((v) => categories.indexOf(v)) };
  }
  const column = values.map((v) => scaled(dim, v as number));
  const lo = Math.min(scaled(dim, dim.min), ...column);
  const hi = Math.max(scaled(dim, dim.max), ...column);
  return { feature: { kind: 'numeric', lo, hi }, column };
}

/** Whether a trial has a usable value of the dimension (a number on a numeric one, anything on a categorical one). */
function hasValue(dim: SampledDimension, v: CategoricalValue | undefined): boolean {
  if (v === undefined) return false;
  if (dim.scale === 'categorical') return true;
  return typeof v === 'number' && Number.isFinite(v) && (dim.scale !== 'log' || v > 0);
}

function skipReason(dim: SampledDimension, trials: readonly TrialRecord[]): string {
  const missing = trials.filter((t) => !hasValue(dim, t.config[dim.name])).length;
  const only = isKnob(dim.name) ? ` (it applies to ${optimizersFor(dim.name).join(' and ')} only)` : '';
  return `${missing} of the ${trials.length} trials have no ${DIMENSION_LABELS[dim.name]}${only}; left out`;
}

function describe(result: Pick<ImportanceResult, 'importances' | 'interactions' | 'trials'>, metric: string, stage: number): string {
  const [top, ...rest] = result.importances;
  if (!top) return '';
  const others = rest.slice(0, 3).map((d) => `${DIMENSION_LABELS[d.dimension]} ${percent(d.importance)}`);
  const parts = [`${DIMENSION_LABELS[top.dimension]} explains ${percent(top.importance)} of the variance of ${metric} across the ${result.trials} finished trials of stage ${stage + 1}`];
  if (others.length > 0) parts.push(`${others.join(', ')}${rest.length > 3 ? ` and ${rest.length - 3} more` : ''}`);
  if (result.interactions !== null) parts.push(`${percent(result.interactions)} is in interactions between dimensions`);
  return `${parts.join('; ')}.`;
}

/** Which dimensions explain the objective across a stage's finished trials (see the header). */
export function hyperparameterImportance(input: ImportanceInput, options: ForestOptions = DEFAULT_FOREST_OPTIONS): ImportanceResult {
  const { stage, objective } = input;
  const trials = importanceTrials(input.trials, stage);
  const n = trials.length;
  const base = { method: 'fanova-random-forest' as const, trials: n, minTrials: MIN_IMPORTANCE_TRIALS, trees: options.trees, importances: [], interactions: null };
  const dims = sampledDimensions([input.space]);
  const usable = dims.filter((d) => trials.every((t) => hasValue(d, t.config[d.name])));
  const skipped: SkippedDimension[] = dims.filter((d) => !usable.includes(d)).map((d) => ({ dimension: d.name, reason: skipReason(d, trials) }));
  const none = (status: Exclude<ImportanceResult['status'], 'computed'>, summary: string): ImportanceResult => ({ ...base, status, skipped, summary });

  if (n < MIN_IMPORTANCE_TRIALS) {
    return none('too-few-trials', `${n === 0 ? 'No' : `Only ${n}`} trial${n === 1 ? '' : 's'} of stage ${stage + 1} finished with a finite ${objective.metric}; importance needs at least ${MIN_IMPORTANCE_TRIALS} to say anything.`);
  }
  if (usable.length === 0) {
    return none('nothing-sampled', `Stage ${stage + 1} samples no dimension that every trial has${dims.length > 0 ? ` (${skipped.map((s) => DIMENSION_LABELS[s.dimension]).join(', ')} apply to some trials only)` : ''}; there is nothing to compare.`);
  }
  const y = trials.map((t) => t.bestMetric!);
  if (y.every((v) => v === y[0])) {
    return none('no-variance', `All ${n} finished trials of stage ${stage + 1} have the same ${objective.metric} (${y[0]}); there is no variance to explain.`);
  }

  const encoded = usable.map((d) => encode(d, trials.map((t) => t.config[d.name]!)));
  const features = encoded.map((e) => e.feature);
  const x = trials.map((_, r) => encoded.map((e) => e.column[r]!));
  const forest = growForest(x, y, features, createRng(input.seed, 'importance', stage), options);
  const shares = forest
    .map((tree) => decomposeTree(tree, features))
    .filter((d) => d.variance > 0)
    .map((d) => d.mainEffects.map((v) => Math.min(1, v / d.variance)));
  const importances: DimensionImportance[] = usable.map((dim, j) => {
    const s = shares.map((row) => row[j]!);
    const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
    const sd = s.length > 1 ? Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1)) : 0;
    return { dimension: dim.name, scale: dim.scale, importance: mean, sd };
  });
  importances.sort((a, b) => b.importance - a.importance || DIMENSION_ORDER.indexOf(a.dimension) - DIMENSION_ORDER.indexOf(b.dimension));
  const interactions = Math.max(0, 1 - importances.reduce((a, d) => a + d.importance, 0));
  const result = { ...base, status: 'computed' as const, importances, interactions, skipped };
  return { ...result, summary: describe(result, objective.metric, stage) };
}
