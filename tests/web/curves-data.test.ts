// What the curves chart is handed: aligned columns with gaps (never NaN), markers where trials
// stopped, diverged and peaked, and a y range a diverged loss cannot flatten.
import { describe, expect, it } from 'vitest';
import { buildCurveData } from '../../web/src/study/curves-data.js';
import { StudyModel } from '../../web/src/study/study-model.js';
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

describe('promoted and pruned trials on the curves', () => {
  function studyWithPromotionAndPrune(): StudyModel {
    const m = new StudyModel();
    m.reset(studyDetail(), [trialRecord('s0-t00'), trialRecord('s0-t01', { index: 1 })]);
    [0.9, 0.6].forEach((v, i) => m.apply(epochEvent('s0-t00', metrics(i + 1, v, 0.7 + i / 10))));
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, status: 'completed', bestEpoch: 2, bestMetric: 0.8, reason: null, epochsDone: 2 });
    m.apply(epochEvent('s0-t01', metrics(1, 1.5, 0.3)));
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t01', stage: 0, status: 'pruned', bestEpoch: 1, bestMetric: 0.3, reason: 'val_acc 0.3 at rung 1 (epoch 1) is not in the top 1/3 of 3 trials (cut 0.7)', epochsDone: 1 });
    // Stage 2: s1-t00 continues s0-t00 after its epoch 2.
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's1-t00', stage: 1, config: config(), backend: 'wasm', host: 'h', resumedFromEpoch: null, promotedFrom: { trialId: 's0-t00', stage: 0, epoch: 2 } });
    [0.5, 0.45].forEach((v, i) => m.apply(epochEvent('s1-t00', metrics(i + 3, v, 0.85 + i / 100), 0, 2, 1)));
    return m;
  }

  it('draws a promoted trial as one line that continues its parent, and not the parent on its own', () => {
    const d = buildCurveData(studyWithPromotionAndPrune().trialList, 'loss', { showTrain: false, logY: false });
    expect(d.series.map((s) => s.trial.id)).toEqual(['s0-t01', 's1-t00']);
    const line = d.columns[1 + d.series.findIndex((s) => s.trial.id === 's1-t00')];
    expect(line).toEqual([0.9, 0.6, 0.5, 0.45, null, null]); // stage 2 plans 6 epochs
  });

  it('marks a pruned trial with its own marker', () => {
    const d = buildCurveData(studyWithPromotionAndPrune().trialList, 'loss', { showTrain: false, logY: false });
    expect(d.markers.filter((m) => m.kind === 'pruned').map((m) => [m.trial.id, m.epoch, m.trial.stopReason])).toEqual([
      ['s0-t01', 1, 'val_acc 0.3 at rung 1 (epoch 1) is not in the top 1/3 of 3 trials (cut 0.7)'],
    ]);
  });

  it('counts learning of a promotion as a change of structure (the chart rebuilds its series)', () => {
    const m = new StudyModel();
    m.reset(studyDetail(), [trialRecord('s0-t00')]);
    const before = m.structureVersion;
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's1-t00', stage: 1, config: config(), backend: 'wasm', host: 'h', resumedFromEpoch: null, promotedFrom: { trialId: 's0-t00', stage: 0, epoch: 2 } });
    expect(m.structureVersion).toBeGreaterThan(before);
  });
});
