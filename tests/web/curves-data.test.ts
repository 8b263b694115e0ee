// What the curves chart is handed: aligned columns with gaps (never NaN), markers where trials
// stopped, diverged and peaked, and a y range a diverged loss cannot flatten.
import { describe, expect, it } from 'vitest';
import { buildCurveData } from '../../web/src/curves-data.js';
import { StudyModel } from '../../web/src/study-model.js';
import { STUDY_ID, config, epochEvent, metrics, studyDetail, trialRecord } from './web-fixtures.js';

function studyWithStoppedAndDivergedTrials(): StudyModel {
  const m = new StudyModel();
  m.reset(studyDetail(), [trialRecord('s0-t00', { config: config({ optimizer: 'sgd' }) }), trialRecord('s0-t01', { index: 1 })]);
  [0.9, 0.5, 0.52, 0.55].forEach((v, i) => m.apply(epochEvent('s0-t00', metrics(i + 1, v, 0.6 + i / 100))));
  m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, status: 'early-stopped', bestEpoch: 2, bestMetric: 0.61, reason: 'val_loss 0.55 did not improve on 0.5 (epoch 2) by 0.001 for 2 epochs', epochsDone: 4 });
  m.apply(epochEvent('s0-t01', metrics(1, 1.2, 0.3)));
  m.apply(epochEvent('s0-t01', metrics(2, null, 0.1)));
  m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t01', stage: 0, status: 'diverged', bestEpoch: 1, bestMetric: 0.3, reason: 'train loss 651.5 in epoch 2 is more than 10 × ln(10)', epochsDone: 2 });
  return m;
}

describe('buildCurveData', () => {
  it('aligns one column per trial on epochs 1..max, with null where there is no finite value', () => {
    const d = buildCurveData(studyWithStoppedAndDivergedTrials().trialList, 'loss', { showTrain: false, logY: false });
    expect(d.columns[0]).toEqual([1, 2, 3, 4]);
    expect(d.columns[1]).toEqual([0.9, 0.5, 0.52, 0.55]);
    expect(d.columns[2]).toEqual([1.2, null, null, null]);
    expect(d.columns.flat().some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    expect(d.series.map((s) => [s.trial.id, s.kind, s.points])).toEqual([['s0-t00', 'val', 4], ['s0-t01', 'val', 1]]);
  });

  it('marks where a trial stopped early, where one diverged, and their best epochs', () => {
    const d = buildCurveData(studyWithStoppedAndDivergedTrials().trialList, 'loss', { showTrain: false, logY: false });
    expect(d.markers.map((m) => [m.trial.id, m.kind, m.epoch])).toEqual([
      ['s0-t00', 'best', 2],
      ['s0-t00', 'stop', 4],
      ['s0-t01', 'best', 1],
      ['s0-t01', 'diverged', 2],
    ]);
    // The diverged epoch has no finite loss: its marker sits on the top edge (value null).
    expect(d.markers.find((m) => m.kind === 'diverged')?.value).toBeNull();
  });

  it('scales y to the trials that trained sensibly, so a diverged loss runs off the top', () => {
    const m = studyWithStoppedAndDivergedTrials();
    const d = buildCurveData(m.trialList, 'loss', { showTrain: false, logY: false });
    expect(d.yRange![1]).toBeLessThan(1.2);
    expect(d.yRange![0]).toBeGreaterThanOrEqual(0);
    expect(buildCurveData(m.trialList, 'acc', { showTrain: false, logY: false }).yRange).toEqual([0, 1]);
  });

  it('adds a train column after each val column when train curves are on', () => {
    const d = buildCurveData(studyWithStoppedAndDivergedTrials().trialList, 'loss', { showTrain: true, logY: true });
    expect(d.series.map((s) => s.kind)).toEqual(['val', 'train', 'val', 'train']);
    expect(d.columns).toHaveLength(5);
  });
});
