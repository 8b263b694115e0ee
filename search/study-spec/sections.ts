// The other sections of a StudySpec, each parsed with its zod schema and then checked against the
// rest of the spec where a rule needs it: the pruner (one schema per type), the model (its image
// must stay at least 1×1 after every conv block), early stopping and the objective (the mode a
// metric implies), and the data (sizes within the dataset; flips only where labels survive them).
import type { z } from 'zod';
import type { DataSpec, DatasetName, EarlyStoppingSpec, FieldIssue, MetricMode, MetricName, ModelSpec, ObjectiveSpec, PrunerSpec } from '../../types/index.js';
import { DATASETS } from '../../types/index.js';
import { DATASET_INFO } from '../dataset-info.js';
import { defaultData, defaultMode } from '../defaults.js';
import { andList, describeValue, ownField, valueHint } from '../validation/index.js';
import { dataSchema, earlyStoppingSchema, modelSchema, objectiveSchema, PRUNER_SCHEMAS, PRUNER_TYPES, prunerTypeOf } from './schemas.js';
import { parseSection } from './wording.js';

/** An omitted section means "all defaults"; `null` is not omitted and gets its own issue. */
const orEmpty = (v: unknown) => (v === undefined ? {} : v);

// ---------------------------------------------------------------------------------------------
// pruner
// ---------------------------------------------------------------------------------------------

export function validatePruner(raw: unknown, issues: FieldIssue[]): PrunerSpec | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: 'pruner', message: `pruner must be an object such as {"type": "median"}, got ${describeValue(raw)}` });
    return undefined;
  }
  const type = prunerTypeOf(raw);
  if (!type) {
    const written = (raw as { type?: unknown }).type;
    issues.push({ path: 'pruner.type', message: `pruner.type must be one of ${PRUNER_TYPES.map((t) => JSON.stringify(t)).join(', ')}, got ${describeValue(written)}${valueHint(written, PRUNER_TYPES)}` });
    return undefined;
  }
  return parseSection(PRUNER_SCHEMAS[type] as z.ZodType<PrunerSpec>, raw, ['pruner'], issues);
}

// ---------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------

/** The model with its defaults; its shape is checked against the dataset's images when both are known. */
export function validateModel(raw: unknown, dataset: DatasetName | undefined, issues: FieldIssue[]): ModelSpec | undefined {
  const model = parseSection(modelSchema, orEmpty(raw), ['model'], issues);
  if (model && dataset) checkModelShape(model, dataset, issues);
  return model;
}

/** Height and width after each conv block (conv with `kernelSize`/`padding`, then 2×2 pooling, stride 2, floor). */
export function featureMapSizes(height: number, width: number, model: Pick<ModelSpec, 'filters' | 'kernelSize' | 'padding'>): Array<{ height: number; width: number }> {
  const out: Array<{ height: number; width: number }> = [];
  let h = height;
  let w = width;
  for (let i = 0; i < model.filters.length; i++) {
    if (model.padding === 'valid') {
      h = h - model.kernelSize + 1;
      w = w - model.kernelSize + 1;
    }
    h = Math.max(0, Math.floor(h / 2));
    w = Math.max(0, Math.floor(w / 2));
    out.push({ height: h, width: w });
  }
  return out;
}

function checkModelShape(model: ModelSpec, dataset: DatasetName, issues: FieldIssue[]): void {
  const info = DATASET_INFO[dataset];
  const sizes = featureMapSizes(info.height, info.width, model);
  const block = sizes.findIndex((s) => s.height < 1 || s.width < 1);
  const size = sizes[block];
  if (size) {
    issues.push({
      path: 'model.filters',
      message: `model.filters: after conv block ${block + 1} the image is ${size.height}×${size.width}; use padding "same" or fewer/smaller convs (${dataset} images are ${info.height}×${info.width}, kernelSize ${model.kernelSize}, padding "${model.padding}")`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// earlyStopping and objective
// ---------------------------------------------------------------------------------------------

function checkMode(section: 'earlyStopping' | 'objective', metric: MetricName, mode: MetricMode | undefined, issues: FieldIssue[]): MetricMode {
  const natural = defaultMode(metric);
  if (mode !== undefined && mode !== natural) {
    const why = metric === 'val_loss' ? 'a lower loss is better' : 'a higher accuracy is better';
    const field = section === 'earlyStopping' ? 'monitor' : 'metric';
    issues.push({ path: `${section}.mode`, message: `${section}.mode must be "${natural}" for ${section}.${field} ${metric} (${why}), got "${mode}"` });
  }
  return natural;
}

/** Early stopping with its defaults; the mode follows the monitored metric, the baseline fits it. */
export function validateEarlyStopping(raw: unknown, issues: FieldIssue[]): EarlyStoppingSpec | undefined {
  const es = parseSection(earlyStoppingSchema, orEmpty(raw), ['earlyStopping'], issues);
  if (!es) return undefined;
  const mode = checkMode('earlyStopping', es.monitor, es.mode, issues);
  if (es.baseline !== undefined && es.monitor === 'val_acc' && (es.baseline < 0 || es.baseline > 1)) {
    issues.push({ path: 'earlyStopping.baseline', message: `earlyStopping.baseline must be in [0, 1] when monitoring val_acc, got ${es.baseline}` });
  } else if (es.baseline !== undefined && es.monitor === 'val_loss' && es.baseline < 0) {
    issues.push({ path: 'earlyStopping.baseline', message: `earlyStopping.baseline must be ≥ 0 when monitoring val_loss, got ${es.baseline}` });
  }
  const { baseline, ...rest } = es;
  return { ...rest, mode, ...(baseline !== undefined ? { baseline } : {}) };
}

export function validateObjective(raw: unknown, issues: FieldIssue[]): ObjectiveSpec | undefined {
  const obj = parseSection(objectiveSchema, orEmpty(raw), ['objective'], issues);
  return obj ? { metric: obj.metric, mode: checkMode('objective', obj.metric, obj.mode, issues), ...(obj.aggregate ? { aggregate: obj.aggregate } : {}) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// data
// ---------------------------------------------------------------------------------------------

/**
 * A flipped digit is another digit (or no digit): flips only where DATASET_INFO says labels survive
 * them. Judged on the input as written, so a bad shift next to it does not hide this problem.
 * True when the flip was refused.
 */
function checkFlip(raw: unknown, dataset: DatasetName | undefined, issues: FieldIssue[]): boolean {
  if (ownField(ownField(raw, 'augmentation'), 'flip') !== true || dataset === undefined || DATASET_INFO[dataset].flipAugmentation) return false;
  const flippable = DATASETS.filter((name) => DATASET_INFO[name].flipAugmentation);
  issues.push({
    path: 'data.augmentation.flip',
    message: `data.augmentation.flip applies only to ${andList(flippable)} (${DATASET_INFO[dataset].flipNote}), got true for ${dataset}`,
  });
  return true;
}

/** The data split with its defaults, within the dataset's training examples. */
export function validateData(raw: unknown, dataset: DatasetName | undefined, issues: FieldIssue[]): DataSpec | undefined {
  const flipRefused = checkFlip(raw, dataset, issues);
  const d = parseSection(dataSchema, orEmpty(raw), ['data'], issues);
  if (!d || !dataset) return undefined;
  const size = DATASET_INFO[dataset].trainSize;
  const fallback = defaultData(dataset, d.valSamples);
  const valSamples = fallback.valSamples;
  const trainSamples = d.trainSamples ?? fallback.trainSamples;
  if (d.trainSamples === undefined && trainSamples < 1) {
    issues.push({ path: 'data.valSamples', message: `data.valSamples must be < ${size} for ${dataset} so that some examples remain for training, got ${valSamples}` });
    return undefined;
  }
  if (trainSamples + valSamples > size) {
    const note = d.valSamples === undefined ? ` (data.valSamples defaults to ${valSamples})` : d.trainSamples === undefined ? ` (data.trainSamples defaults to ${trainSamples})` : '';
    issues.push({ path: 'data', message: `data.trainSamples + data.valSamples must be ≤ ${size} for ${dataset}, got ${trainSamples} + ${valSamples} = ${trainSamples + valSamples}${note}` });
    return undefined;
  }
  return flipRefused ? undefined : { trainSamples, valSamples, augmentation: d.augmentation ?? fallback.augmentation };
}
