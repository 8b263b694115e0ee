// The learning-rate view's bands: one per stage, unless the stage refined per optimizer; then
// each optimizer's own range (the hull of them would shade nearly everything and say nothing).
import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../../types/index.js';
import { buildLrData, stageRanges } from '../../web/src/study/lr-data.js';
import { StudyModel } from '../../web/src/study/study-model.js';
import { studyDetail, trialRecord } from './web-fixtures.js';

const space = (min: number, max: number): SearchSpace => ({ optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min, max }, batchSize: { type: 'fixed', value: 32 } });

describe('the learning-rate view’s stage bands', () => {
  it('shades a plain stage’s range once', () => {
    expect(stageRanges({ index: 1, space: space(1e-4, 1e-2), spaces: null })).toEqual([{ stage: 1, optimizer: null, min: 1e-4, max: 1e-2 }]);
  });

  it('shades each optimizer’s own range where the stage refined per optimizer', () => {
    const ranges = stageRanges({ index: 1, space: space(1e-4, 0.3), spaces: { sgd: space(0.03, 0.3), adam: space(1e-4, 1e-3) } });
    expect(ranges).toEqual([
      { stage: 1, optimizer: 'sgd', min: 0.03, max: 0.3 },
      { stage: 1, optimizer: 'adam', min: 1e-4, max: 1e-3 },
    ]);
  });

  it('draws per-optimizer spaces that all share one range as one band', () => {
    expect(stageRanges({ index: 0, space: space(1e-5, 1), spaces: { sgd: space(1e-5, 1), adam: space(1e-5, 1) } })).toEqual([{ stage: 0, optimizer: null, min: 1e-5, max: 1 }]);
  });

  it('takes the per-optimizer spaces from the study’s stage records', () => {
    const detail = studyDetail();
    detail.stages = [
      { ...detail.stages[0]!, state: 'completed' },
      { index: 1, space: space(1e-4, 0.3), spaces: { sgd: space(0.03, 0.3), adam: space(1e-4, 1e-3) }, trialIds: ['s1-t00'], epochs: 6, state: 'running' },
    ];
    const model = new StudyModel();
    model.reset(detail, [trialRecord('s0-t00', { status: 'completed', bestMetric: 0.8, epochsDone: 4 })]);
    const data = buildLrData(model);
    expect(data.ranges.map((r) => `${r.stage}:${r.optimizer ?? 'all'}`)).toEqual(['0:all', '1:sgd', '1:adam']);
    expect(data.xRange[0]).toBeLessThan(1e-5);
  });
});
