// The StudySpec validator (search/spec-schema.ts): every malformed spec gets an issue naming the
// field and the rule, a valid one comes back with its defaults filled in, and no input makes it throw.
import { describe, expect, it } from 'vitest';
import type { FieldIssue } from '../../types/index.js';
import { featureMapSizes, formatIssues, formatPath, validateStudySpec } from '../../search/spec-schema.js';
import { LIMITS } from '../../search/defaults.js';
import { createRng, randomInt } from '../../search/rng.js';
import { designExampleSpec } from '../helpers/specs.js';

/** A fresh copy of the StudySpec example of design.md, for a test to change. */
const designExample = () => structuredClone(designExampleSpec);

type Spec = ReturnType<typeof designExample> & Record<string, unknown>;
/** The design example with one change applied. */
const changed = (change: (s: Spec) => void): Spec => {
  const s = designExample() as Spec;
  change(s);
  return s;
};
const space = (s: Spec) => s.space as Record<string, unknown>;

const issuesOf = (input: unknown): FieldIssue[] => {
  const result = validateStudySpec(input);
  return result.ok ? [] : result.issues;
};

// Each malformed spec, the path its issue must have, and words its message must contain.
const malformed: Array<[string, unknown, string, string]> = [
  ['null', null, '', 'the study spec must be an object, got null'],
  ['an array', [1, 2], '', 'the study spec must be an object, got an array of 2'],
  ['a string', '{"name": "x"}', '', 'the study spec must be an object, got the string'],
  ['a number', 42, '', 'must be an object, got 42'],
  ['a missing name', changed((s) => delete (s as Partial<Spec>).name), 'name', 'name is required'],
  ['an empty name', changed((s) => (s.name = '   ')), 'name', 'name must not be empty'],
  ['a name too long', changed((s) => (s.name = 'x'.repeat(201))), 'name', 'name must be at most 200 characters'],
  ['a name with a control character', changed((s) => (s.name = 'bell\u0007')), 'name', 'name must not contain control characters'],
  ['a name with a NUL', changed((s) => (s.name = 'a\u0000b')), 'name', 'name must not contain control characters'],
  ['a name that is a number', changed((s) => ((s as Record<string, unknown>).name = 5)), 'name', 'name must be a string, got 5'],
  ['an unknown dataset', changed((s) => (s.dataset = 'cifar10')), 'dataset', 'dataset must be one of mnist, fashion-mnist, synthetic, got the string "cifar10"'],
  ['a negative seed', changed((s) => (s.seed = -1)), 'seed', 'seed must be ≥ 0, got -1'],
  ['a fractional seed', changed((s) => (s.seed = 1.5)), 'seed', 'seed must be an integer, got 1.5'],
  ['a seed in quotes', changed((s) => ((s as Record<string, unknown>).seed = '42')), 'seed', 'seed must be a number, got the string "42" (write numbers without quotes)'],
  ['a missing space', changed((s) => delete (s as Partial<Spec>).space), 'space', 'space is required'],
  ['a missing learning rate', changed((s) => delete space(s).learningRate), 'space.learningRate', 'space.learningRate is required'],
  ['min > max', changed((s) => (space(s).learningRate = { type: 'log-uniform', min: 0.1, max: 0.001 })), 'space.learningRate.min', 'space.learningRate.min must be < max, got min 0.1 and max 0.001'],
  ['min = max', changed((s) => (space(s).learningRate = { type: 'uniform', min: 0.1, max: 0.1 })), 'space.learningRate.min', 'use { "type": "fixed" } for a single value'],
  ['min ≤ 0 for log-uniform', changed((s) => (space(s).learningRate = { type: 'log-uniform', min: 0, max: 0.1 })), 'space.learningRate.min', 'space.learningRate.min must be > 0 for log-uniform'],
  ['a NaN-like string', changed((s) => (space(s).learningRate = { type: 'log-uniform', min: 'NaN', max: 0.1 })), 'space.learningRate.min', 'space.learningRate.min must be a number, got the string "NaN"'],
  ['NaN itself', changed((s) => (space(s).learningRate = { type: 'uniform', min: NaN, max: 0.1 })), 'space.learningRate.min', 'space.learningRate.min must be a number, got NaN'],
  ['Infinity', changed((s) => (space(s).learningRate = { type: 'uniform', min: 0.01, max: Infinity })), 'space.learningRate.max', 'space.learningRate.max must be a number, got Infinity'],
  ['a learning rate above 10', changed((s) => (space(s).learningRate = { type: 'log-uniform', min: 1e-3, max: 100 })), 'space.learningRate.max', 'space.learningRate.max must be in (0, 10], got 100'],
  ['a misspelt distribution type', changed((s) => (space(s).learningRate = { type: 'loguniform', min: 1e-5, max: 0.1 })), 'space.learningRate.type', 'space.learningRate.type must be one of log-uniform, uniform, int, log-int, categorical, fixed, got the string "loguniform"'],
  ['a missing distribution type', changed((s) => (space(s).learningRate = { min: 1e-5, max: 0.1 })), 'space.learningRate.type', 'space.learningRate.type is required'],
  ['a bare number for a dimension', changed((s) => (space(s).learningRate = 0.01)), 'space.learningRate', 'space.learningRate must be a distribution object'],
  ['an int learning rate', changed((s) => (space(s).learningRate = { type: 'int', min: 1, max: 3 })), 'space.learningRate.type', 'space.learningRate must be log-uniform, uniform, categorical or fixed, not int'],
  ['an unknown optimizer', changed((s) => (space(s).optimizer = { type: 'categorical', values: ['sgd', 'adamw'] })), 'space.optimizer.values[1]', 'space.optimizer values must be among sgd, momentum, rmsprop, adam'],
  ['an unknown fixed optimizer', changed((s) => (space(s).optimizer = { type: 'fixed', value: 'lbfgs' })), 'space.optimizer.value', 'space.optimizer.value must be among sgd, momentum, rmsprop, adam, got the string "lbfgs"'],
  ['a uniform optimizer', changed((s) => (space(s).optimizer = { type: 'uniform', min: 0, max: 1 })), 'space.optimizer.type', 'space.optimizer must be categorical or fixed, not uniform'],
  ['no optimizer values', changed((s) => (space(s).optimizer = { type: 'categorical', values: [] })), 'space.optimizer.values', 'space.optimizer.values must have at least 1 entry'],
  ['a knob for an optimizer never sampled', changed((s) => {
    space(s).optimizer = { type: 'categorical', values: ['sgd', 'momentum'] };
    space(s).beta1 = { type: 'uniform', min: 0.8, max: 0.95 };
  }), 'space.beta1', 'space.beta1 applies only to adam, which space.optimizer never samples'],
  ['momentum for adam alone', changed((s) => {
    space(s).optimizer = { type: 'fixed', value: 'adam' };
    space(s).momentum = { type: 'fixed', value: 0.9 };
  }), 'space.momentum', 'space.momentum applies only to momentum and rmsprop, which space.optimizer never samples'],
  ['a uniform batch size', changed((s) => (space(s).batchSize = { type: 'uniform', min: 16, max: 64 })), 'space.batchSize.type', 'space.batchSize must be int, log-int, categorical or fixed, not uniform (batchSize is an integer)'],
  ['a batch size of 0', changed((s) => (space(s).batchSize = { type: 'categorical', values: [32, 0] })), 'space.batchSize.values[1]', 'space.batchSize values must be an integer in [1, 1024], got 0'],
  ['a fractional int bound', changed((s) => (space(s).batchSize = { type: 'int', min: 1.5, max: 64 })), 'space.batchSize.min', 'space.batchSize.min must be an integer, got 1.5'],
  ['a batch size above the limit', changed((s) => (space(s).batchSize = { type: 'log-int', min: 16, max: 4096 })), 'space.batchSize.max', 'space.batchSize.max must be in [1, 1024], got 4096'],
  ['repeated categorical values', changed((s) => (space(s).batchSize = { type: 'categorical', values: [32, 64, 32] })), 'space.batchSize.values[2]', 'space.batchSize.values[2] repeats 32'],
  ['momentum of 1', changed((s) => (space(s).momentum = { type: 'uniform', min: 0.5, max: 1 })), 'space.momentum.max', 'space.momentum.max must be in [0, 1), got 1'],
  ['epsilon of 0 on a log scale', changed((s) => (space(s).epsilon = { type: 'log-uniform', min: 0, max: 1e-6 })), 'space.epsilon.min', 'space.epsilon.min must be > 0 for log-uniform'],
  ['nesterov that is not a boolean', changed((s) => (space(s).nesterov = { type: 'categorical', values: [true, 'yes'] })), 'space.nesterov.values[1]', 'space.nesterov values must be true or false, got the string "yes"'],
  ['an unknown space dimension', changed((s) => (space(s).lr = { type: 'fixed', value: 0.1 })), 'space.lr', 'space.lr is not a known field of space'],
  ['a misspelt space dimension', changed((s) => (space(s).learningrate = { type: 'fixed', value: 0.1 })), 'space.learningrate', 'did you mean learningRate?'],
  ['an extra key in a distribution', changed((s) => (space(s).learningRate = { type: 'log-uniform', min: 1e-5, max: 0.1, base: 10 })), 'space.learningRate.base', 'space.learningRate.base is not a known field of space.learningRate (known fields: type, min, max)'],
  ['an extra top-level key', changed((s) => (s.stage = [])), 'stage', 'stage is not a known field of the study spec; did you mean stages?'],
  ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}'), '__proto__', '__proto__ is not a known field of the study spec'],
  ['missing stages', changed((s) => delete (s as Partial<Spec>).stages), 'stages', 'stages is required'],
  ['no stages', changed((s) => (s.stages = [])), 'stages', 'stages must have at least 1 entry'],
  ['stages as an object', changed((s) => ((s as Record<string, unknown>).stages = { trials: 4 })), 'stages', 'stages must be an array, got an object'],
  ['trials: 0', changed((s) => (s.stages[0]!.trials = 0)), 'stages[0].trials', 'stages[0].trials must be ≥ 1, got 0'],
  ['trials: 1e9', changed((s) => (s.stages[0]!.trials = 1e9)), 'stages[0].trials', 'stages[0].trials must be ≤ 500, got 1000000000'],
  ['negative epochs', changed((s) => (s.stages[1]!.epochs = -2)), 'stages[1].epochs', 'stages[1].epochs must be ≥ 1, got -2'],
  ['fractional epochs', changed((s) => (s.stages[0]!.epochs = 2.5)), 'stages[0].epochs', 'stages[0].epochs must be an integer, got 2.5'],
  ['missing epochs', changed((s) => delete (s.stages[0] as { epochs?: number }).epochs), 'stages[0].epochs', 'stages[0].epochs is required'],
  ['too many stages', changed((s) => (s.stages = Array.from({ length: 11 }, () => ({ trials: 2, epochs: 1 })))), 'stages', 'stages must have at most 10 entries, got an array of 11'],
  ['too many trials in all', changed((s) => (s.stages = [{ trials: 400, epochs: 1 }, { trials: 400, epochs: 1 }, { trials: 400, epochs: 1 }])), 'stages', 'stages: the trials of all stages must add up to at most 1000, got 1200'],
  ['keepTop on the first stage', changed((s) => ((s.stages[0] as { keepTop?: number }).keepTop = 4)), 'stages[0].keepTop', 'stages[0].keepTop is not allowed on the first stage'],
  ['keepTop too large', changed((s) => (s.stages[1]!.keepTop = 17)), 'stages[1].keepTop', 'stages[1].keepTop must be ≤ stages[0].trials (16), got 17'],
  ['a shape that shrinks below 1×1', changed((s) => (s.model.filters = [8, 16, 32])), 'model.filters', 'model.filters: after conv block 3 the image is 0×0; use padding "same" or fewer/smaller convs'],
  ['a kernel bigger than the image', changed((s) => {
    s.dataset = 'synthetic';
    (s as Record<string, unknown>).data = {};
    s.model.kernelSize = 11;
  }), 'model.filters', 'model.filters: after conv block 2 the image is 0×0'],
  ['a kernel size above the limit', changed((s) => (s.model.kernelSize = 13)), 'model.kernelSize', 'model.kernelSize must be ≤ 11, got 13'],
  ['too many filters in a block', changed((s) => (s.model.filters = [8, 300])), 'model.filters[1]', 'model.filters[1] must be ≤ 256, got 300'],
  ['too many conv blocks', changed((s) => (s.model.filters = [1, 1, 1, 1, 1, 1, 1])), 'model.filters', 'model.filters must have at most 6 entries'],
  ['too many dense layers', changed((s) => (s.model.dense = [8, 8, 8, 8, 8])), 'model.dense', 'model.dense must have at most 4 entries'],
  ['dropout of 1', changed((s) => (s.model.dropout = 1)), 'model.dropout', 'model.dropout must be < 1, got 1'],
  ['another model kind', changed((s) => (s.model.kind = 'resnet')), 'model.kind', 'model.kind must be "lenet", got the string "resnet"'],
  ['an unknown padding', changed((s) => ((s.model as Record<string, unknown>).padding = 'full')), 'model.padding', 'model.padding must be one of valid, same'],
  ['model: null', changed((s) => ((s as Record<string, unknown>).model = null)), 'model', 'model must be an object, got null'],
  ['patience 0', changed((s) => (s.earlyStopping.patience = 0)), 'earlyStopping.patience', 'earlyStopping.patience must be ≥ 1, got 0'],
  ['an unknown monitor', changed((s) => (s.earlyStopping.monitor = 'loss')), 'earlyStopping.monitor', 'earlyStopping.monitor must be one of val_loss, val_acc'],
  ['a mode against the monitor', changed((s) => ((s.earlyStopping as Record<string, unknown>).mode = 'max')), 'earlyStopping.mode', 'earlyStopping.mode must be "min" for earlyStopping.monitor val_loss'],
  ['a negative minDelta', changed((s) => (s.earlyStopping.minDelta = -0.1)), 'earlyStopping.minDelta', 'earlyStopping.minDelta must be ≥ 0, got -0.1'],
  ['enabled as a string', changed((s) => ((s.earlyStopping as Record<string, unknown>).enabled = 'yes')), 'earlyStopping.enabled', 'earlyStopping.enabled must be true or false, got the string "yes"'],
  ['an accuracy baseline above 1', changed((s) => (s.earlyStopping = { ...s.earlyStopping, monitor: 'val_acc', baseline: 90 } as Spec['earlyStopping'])), 'earlyStopping.baseline', 'earlyStopping.baseline must be in [0, 1] when monitoring val_acc'],
  ['an unknown objective metric', changed((s) => (s.objective.metric = 'accuracy')), 'objective.metric', 'objective.metric must be one of val_loss, val_acc, got the string "accuracy"'],
  ['minimizing accuracy', changed((s) => (s.objective.mode = 'min')), 'objective.mode', 'objective.mode must be "max" for objective.metric val_acc'],
  ['more samples than the dataset has', changed((s) => (s.data = { trainSamples: 59000, valSamples: 2000 })), 'data', 'data.trainSamples + data.valSamples must be ≤ 60000 for mnist, got 59000 + 2000 = 61000'],
  ['a default split that no longer fits', changed((s) => {
    s.dataset = 'synthetic';
    s.data = { trainSamples: 4000 } as Spec['data'];
  }), 'data', 'data.trainSamples + data.valSamples must be ≤ 4096 for synthetic, got 4000 + 1024 = 5024 (data.valSamples defaults to 1024)'],
  ['no training examples left', changed((s) => (s.data = { valSamples: 60000 } as Spec['data'])), 'data.valSamples', 'data.valSamples must be < 60000 for mnist'],
  ['trainSamples: 0', changed((s) => (s.data.trainSamples = 0)), 'data.trainSamples', 'data.trainSamples must be ≥ 1, got 0'],
  ['an unknown data key', changed((s) => ((s.data as Record<string, unknown>).testSamples = 10)), 'data.testSamples', 'data.testSamples is not a known field of data'],
  ['flips for mnist', changed((s) => ((s.data as Record<string, unknown>).augmentation = { flip: true })), 'data.augmentation.flip', 'data.augmentation.flip applies only to fashion-mnist (a flipped digit is not the same digit), got true for mnist'],
  ['flips for the synthetic set', changed((s) => {
    s.dataset = 'synthetic';
    s.data = { trainSamples: 1000, valSamples: 500, augmentation: { shift: 1, flip: true } } as Spec['data'];
  }), 'data.augmentation.flip', "data.augmentation.flip applies only to fashion-mnist (a flipped synthetic image has its patch where another class's patch is)"],
  ['a shift above 4', changed((s) => ((s.data as Record<string, unknown>).augmentation = { shift: 5 })), 'data.augmentation.shift', 'data.augmentation.shift must be ≤ 4, got 5'],
  ['a negative shift', changed((s) => ((s.data as Record<string, unknown>).augmentation = { shift: -1 })), 'data.augmentation.shift', 'data.augmentation.shift must be ≥ 0, got -1'],
  ['a fractional shift', changed((s) => ((s.data as Record<string, unknown>).augmentation = { shift: 1.5 })), 'data.augmentation.shift', 'data.augmentation.shift must be an integer, got 1.5'],
  ['flip as a string', changed((s) => ((s.data as Record<string, unknown>).augmentation = { flip: 'true' })), 'data.augmentation.flip', 'data.augmentation.flip must be true or false, got the string "true"'],
  ['augmentation: null', changed((s) => ((s.data as Record<string, unknown>).augmentation = null)), 'data.augmentation', 'data.augmentation must be an object, got null'],
  ['an unknown augmentation key', changed((s) => ((s.data as Record<string, unknown>).augmentation = { rotate: 10 })), 'data.augmentation.rotate', 'data.augmentation.rotate is not a known field of data.augmentation (known fields: shift, flip)'],
  ['a pruner that is a string', changed((s) => ((s as Record<string, unknown>).pruner = 'median')), 'pruner', 'pruner must be an object such as {"type": "median"}, got the string "median"'],
  ['an unknown pruner type', changed((s) => ((s as Record<string, unknown>).pruner = { type: 'hyperband' })), 'pruner.type', 'pruner.type must be one of "none", "median", "asha", got the string "hyperband"'],
  ['a pruner without a type', changed((s) => ((s as Record<string, unknown>).pruner = { warmupEpochs: 1 })), 'pruner.type', 'pruner.type must be one of'],
  ['an ASHA reduction below 2', changed((s) => ((s as Record<string, unknown>).pruner = { type: 'asha', reduction: 1 })), 'pruner.reduction', 'pruner.reduction must be ≥ 2, got 1'],
  ['an ASHA first rung of 0', changed((s) => ((s as Record<string, unknown>).pruner = { type: 'asha', minEpochs: 0 })), 'pruner.minEpochs', 'pruner.minEpochs must be ≥ 1, got 0'],
  ['a negative median warmup', changed((s) => ((s as Record<string, unknown>).pruner = { type: 'median', warmupEpochs: -1 })), 'pruner.warmupEpochs', 'pruner.warmupEpochs must be ≥ 0, got -1'],
  ['a median knob on ASHA', changed((s) => ((s as Record<string, unknown>).pruner = { type: 'asha', warmupEpochs: 1 })), 'pruner.warmupEpochs', 'pruner.warmupEpochs is not a known field of pruner'],
  ['promote on the first stage', changed((s) => ((s.stages[0] as Record<string, unknown>).promote = true)), 'stages[0].promote', 'stages[0].promote is not allowed on the first stage'],
  ['promote as a string', changed((s) => ((s.stages[1] as Record<string, unknown>).promote = 'yes')), 'stages[1].promote', 'stages[1].promote must be true or false, got the string "yes"'],
  ['an unknown refine mode', changed((s) => ((s as Record<string, unknown>).refine = 'local')), 'refine', 'refine must be one of global, conditional, per-optimizer'],
  ['a misspelt augmentation key', changed((s) => ((s.data as Record<string, unknown>).augmentation = { flips: true })), 'data.augmentation.flips', 'data.augmentation.flips is not a known field of data.augmentation; did you mean flip?'],
];

describe('validateStudySpec rejects a malformed spec with an issue naming the field and the rule', () => {
  it(`has at least 30 cases (${malformed.length})`, () => {
    expect(malformed.length).toBeGreaterThanOrEqual(30);
  });

  it.each(malformed)('%s', (_name, input, path, words) => {
    const issues = issuesOf(input);
    const match = issues.find((i) => i.path === path && i.message.includes(words));
    expect(match, `no issue at "${path}" containing "${words}" among:\n${formatIssues(issues)}`).toBeDefined();
  });
});

describe('validateStudySpec on valid specs', () => {
  it('accepts the design example and fills in the defaults', () => {
    const result = validateStudySpec(designExample());
    expect(result).toEqual({
      ok: true,
      spec: {
        ...designExample(),
        model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [64], dropout: 0, l2: 0 },
        earlyStopping: { enabled: true, monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0.001, warmup: 1, restoreBest: true },
        data: { trainSamples: 12000, valSamples: 2000, augmentation: { shift: 0, flip: false } },
      },
    });
  });

  it('fills every default of a minimal spec', () => {
    const result = validateStudySpec({
      name: 'minimal',
      dataset: 'synthetic',
      space: designExample().space,
      stages: [{ trials: 10, epochs: 1 }, { trials: 4, epochs: 2 }, { trials: 2, epochs: 4 }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.seed).toBe(42);
    expect(result.spec.model).toEqual({ kind: 'lenet', filters: [8, 16], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [64], dropout: 0, l2: 0 });
    expect(result.spec.earlyStopping).toEqual({ enabled: true, monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0.001, warmup: 1, restoreBest: true });
    expect(result.spec.objective).toEqual({ metric: 'val_acc', mode: 'max' });
    expect(result.spec.data).toEqual({ trainSamples: 3072, valSamples: 1024, augmentation: { shift: 0, flip: false } });
    // keepTop defaults to a quarter of the previous stage, at least 1
    expect(result.spec.stages).toEqual([{ trials: 10, epochs: 1 }, { trials: 4, epochs: 2, keepTop: 3 }, { trials: 2, epochs: 4, keepTop: 1 }]);
  });

  it('derives the mode from the metric when it is omitted', () => {
    const result = validateStudySpec(changed((s) => {
      s.earlyStopping = { monitor: 'val_acc' } as Spec['earlyStopping'];
      s.objective = { metric: 'val_loss' } as Spec['objective'];
    }));
    expect(result.ok && [result.spec.earlyStopping.mode, result.spec.objective.mode]).toEqual(['max', 'min']);
  });

  it('defaults mnist to 12000 training and 2000 validation examples', () => {
    const result = validateStudySpec(changed((s) => delete (s as Partial<Spec>).data));
    expect(result.ok && result.spec.data).toEqual({ trainSamples: 12000, valSamples: 2000, augmentation: { shift: 0, flip: false } });
  });

  it('accepts flips for fashion-mnist and shifts of 0 to 4 pixels for every dataset, filling in what is omitted', () => {
    const withData = (dataset: string, augmentation: unknown) => validateStudySpec(changed((s) => {
      s.dataset = dataset;
      s.data = { trainSamples: 1000, valSamples: 500, augmentation } as Spec['data'];
    }));
    const fashion = withData('fashion-mnist', { flip: true });
    expect(fashion.ok && fashion.spec.data.augmentation).toEqual({ shift: 0, flip: true });
    const both = withData('fashion-mnist', { shift: 4, flip: true });
    expect(both.ok && both.spec.data.augmentation).toEqual({ shift: 4, flip: true });
    for (const dataset of ['mnist', 'fashion-mnist', 'synthetic']) {
      for (const shift of [0, 1, 4]) {
        const result = withData(dataset, { shift });
        expect(result.ok ? result.spec.data.augmentation : result.issues).toEqual({ shift, flip: false });
      }
      const off = withData(dataset, { flip: false });
      expect(off.ok && off.spec.data.augmentation).toEqual({ shift: 0, flip: false });
    }
  });

  it('reports a refused flip next to a bad shift, not instead of it', () => {
    const issues = issuesOf(changed((s) => ((s.data as Record<string, unknown>).augmentation = { shift: 9, flip: true })));
    expect(issues.map((i) => i.path).sort()).toEqual(['data.augmentation.flip', 'data.augmentation.shift']);
  });

  it('accepts every distribution type where it fits, and knobs for the optimizers sampled', () => {
    const result = validateStudySpec(changed((s) => {
      s.model.filters = [8, 16, 32];
      (s.model as Record<string, unknown>).padding = 'same';
      Object.assign(space(s), {
        batchSize: { type: 'log-int', min: 16, max: 256 },
        l2: { type: 'log-uniform', min: 1e-6, max: 1e-3 },
        dropout: { type: 'uniform', min: 0, max: 0.5 },
        momentum: { type: 'uniform', min: 0.5, max: 0.99 },
        nesterov: { type: 'categorical', values: [false, true] },
        rho: { type: 'fixed', value: 0.95 },
        epsilon: { type: 'log-uniform', min: 1e-8, max: 1e-6 },
        beta1: { type: 'uniform', min: 0.8, max: 0.95 },
        beta2: { type: 'categorical', values: [0.99, 0.999] },
      });
    }));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('trims the name', () => {
    const result = validateStudySpec(changed((s) => (s.name = '  lr sweep  ')));
    expect(result.ok && result.spec.name).toBe('lr sweep');
  });
});

describe('validateStudySpec on pruners and promotion', () => {
  it("fills a pruner's defaults from its type alone", () => {
    const median = validateStudySpec(changed((s) => ((s as Record<string, unknown>).pruner = { type: 'median' })));
    expect(median.ok && median.spec.pruner).toEqual({ type: 'median', warmupEpochs: 1, minPeers: 4 });
    const asha = validateStudySpec(changed((s) => ((s as Record<string, unknown>).pruner = { type: 'asha', reduction: 4 })));
    expect(asha.ok && asha.spec.pruner).toEqual({ type: 'asha', minEpochs: 1, reduction: 4, minPeers: 2 });
  });
  it('keeps promote where it was given', () => {
    const r = validateStudySpec(changed((s) => ((s.stages[1] as Record<string, unknown>).promote = false)));
    expect(r.ok && r.spec.stages[1]).toEqual({ trials: 8, epochs: 6, keepTop: 4, promote: false });
  });
});

describe('validateStudySpec collects every problem, not just the first', () => {
  it('reports one issue for each of five unrelated problems', () => {
    const issues = issuesOf(changed((s) => {
      s.dataset = 'cifar10';
      space(s).learningRate = { type: 'log-uniform', min: 0, max: 0.1 };
      s.stages[0]!.trials = 0;
      s.earlyStopping.patience = 0;
      s.extra = true;
    }));
    expect(issues.map((i) => i.path).sort()).toEqual(['dataset', 'earlyStopping.patience', 'extra', 'space.learningRate.min', 'stages[0].trials']);
  });

  it('caps a flood of issues with a line saying how many more', () => {
    const flood = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`junk${i}`, i]));
    const issues = issuesOf({ ...designExample(), ...flood });
    expect(issues).toHaveLength(LIMITS.maxIssues + 1);
    expect(issues.at(-1)?.message).toBe('…and 400 more issues');
  });
});

describe('validateStudySpec never throws', () => {
  const hostile: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a bigint', 10n],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { name: 'x', dataset: 'mnist' })],
    ['a constructor key everywhere', JSON.parse('{"constructor":{"prototype":{}},"space":{"constructor":1,"toString":2},"model":{"__proto__":{}}}')],
    ['a deeply nested object', (() => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i++) deep = { a: deep };
      return { ...designExample(), model: deep, space: { optimizer: deep, learningRate: deep, batchSize: deep } };
    })()],
    ['a deeply nested array', (() => {
      let deep: unknown = [];
      for (let i = 0; i < 100_000; i++) deep = [deep];
      return { ...designExample(), stages: deep };
    })()],
    ['a huge categorical', changed((s) => (space(s).batchSize = { type: 'categorical', values: Array.from({ length: 100_000 }, (_, i) => i) }))],
    ['a proxy that throws on every read', new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } })],
    ['a getter that throws', changed((s) => Object.defineProperty(s, 'name', { enumerable: true, get: () => { throw new Error('getter'); } }))],
  ];

  it.each(hostile)('on %s', (_name, input) => {
    const result = validateStudySpec(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.length).toBeGreaterThan(0);
      for (const i of result.issues) expect(typeof i.message).toBe('string');
    }
  });

  it('on hundreds of random corruptions of a valid spec', () => {
    const rng = createRng(2024, 'fuzz');
    const junk: unknown[] = [null, undefined, -1, 0, 1e308, -0, NaN, Infinity, '', 'x', '1e-3', true, [], {}, [null], { type: 'fixed' }, { type: 'categorical', values: [] }];
    const corrupt = (node: unknown, depth: number): unknown => {
      if (depth > 0 && randomInt(rng, 4) === 0) return junk[randomInt(rng, junk.length)];
      if (Array.isArray(node)) return node.map((v) => corrupt(v, depth + 1));
      if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, corrupt(v, depth + 1)]));
      return node;
    };
    for (let round = 0; round < 300; round++) {
      const result = validateStudySpec(corrupt(designExample(), 0));
      if (!result.ok) for (const i of result.issues) expect(i.message.length).toBeGreaterThan(0);
    }
  });
});

describe('featureMapSizes', () => {
  it('applies conv then 2×2 pooling with floor, per block', () => {
    expect(featureMapSizes(28, 28, { filters: [8, 16], kernelSize: 5, padding: 'valid' })).toEqual([{ height: 12, width: 12 }, { height: 4, width: 4 }]);
    expect(featureMapSizes(28, 28, { filters: [1, 1, 1], kernelSize: 3, padding: 'same' })).toEqual([{ height: 14, width: 14 }, { height: 7, width: 7 }, { height: 3, width: 3 }]);
  });
});

describe('formatPath and formatIssues', () => {
  it('write dots for keys and brackets for indexes', () => {
    expect(formatPath(['stages', 1, 'keepTop'])).toBe('stages[1].keepTop');
    expect(formatPath(['space', 'learning rate'])).toBe('space["learning rate"]');
  });

  it('write one line per issue', () => {
    const issues = issuesOf(changed((s) => {
      s.stages[0]!.trials = 0;
      s.seed = -1;
    }));
    expect(formatIssues(issues).split('\n')).toEqual(['seed must be ≥ 0, got -1', 'stages[0].trials must be ≥ 1, got 0']);
  });
});
