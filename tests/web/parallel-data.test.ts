// The parallel coordinates' data from a StudyModel: an axis per sampled dimension (a log axis for
// the learning rate, a categorical one for the optimizer) and the objective last, a line per
// finished trial with a score placed by fraction and coloured best-on-top, and the trials a brush
// selects.
import { describe, expect, it } from 'vitest';
import { StudyModel } from '../../web/src/study/study-model.js';
import { brushedTrialIds, buildParallelData, unitsAt } from '../../web/src/study/analysis/parallel-data.js';
import { config, studyDetail, trialRecord } from './web-fixtures.js';

function model() {
  const m = new StudyModel();
  m.reset(studyDetail(), [
    trialRecord('s0-t00', { status: 'completed', bestMetric: 0.9, config: config({ optimizer: 'adam', learningRate: 1e-3 }) }),
    trialRecord('s0-t01', { index: 1, status: 'early-stopped', bestMetric: 0.5, config: config({ optimizer: 'sgd', learningRate: 1e-1 }) }),
    trialRecord('s0-t02', { index: 2, status: 'diverged', bestMetric: null, config: config({ optimizer: 'sgd', learningRate: 1 }) }),
    trialRecord('s0-t03', { index: 3, status: 'running', config: config() }),
  ]);
  return m;
}

describe('the parallel coordinates’ data', () => {
  it('has an axis per sampled dimension and the objective, with log and categorical axes', () => {
    const d = buildParallelData(model());
    expect(d.axes.map((a) => `${a.key}:${a.scale}`)).toEqual(['optimizer:categorical', 'learningRate:log', 'objective:linear']);
    expect(d.axes[1]).toMatchObject({ title: 'learning rate (log)', lo: -5, hi: 0 });
    expect(d.axes[0]!.ticks.map((t) => t.label)).toEqual(['sgd', 'adam']);
  });

  it('draws one line per finished trial with a score, worst first, placed by fraction', () => {
    const d = buildParallelData(model());
    expect(d.lines.map((l) => l.trial.id)).toEqual(['s0-t01', 's0-t00']);
    expect(d.undrawn).toBe(1);
    const best = d.lines[1]!;
    expect(best.goodness).toBe(1);
    expect(best.fracs[0]).toBe(1); // adam, the second category
    expect(best.fracs[1]).toBeCloseTo(0.4); // 1e-3 is 2 of 5 decades up from 1e-5
    expect(best.fracs[2]).toBe(1);
  });

  it('selects the trials whose lines pass every brush, and nothing brushed selects null', () => {
    const d = buildParallelData(model());
    const lr = d.axes[1]!;
    expect(brushedTrialIds(d, [])).toBeNull();
    expect(brushedTrialIds(d, [{ key: 'learningRate', lo: unitsAt(lr, 0.3), hi: unitsAt(lr, 0.5) }])).toEqual(['s0-t00']);
    expect(brushedTrialIds(d, [{ key: 'learningRate', lo: -5, hi: 0 }, { key: 'optimizer', lo: 0, hi: 0.2 }])).toEqual(['s0-t01']);
  });
});
