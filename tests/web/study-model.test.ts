// The study page's data model: events folded in idempotently, whatever mix of REST snapshot,
// replay and resumed stream they come from.
import { describe, expect, it } from 'vitest';
import { parseStudyEvent } from '../../web/src/shared/api-client.js';
import { FEED_STATES, feedBadge } from '../../web/src/study/study-feed.js';
import { StudyModel, describeStageCounts, patienceText } from '../../web/src/study/study-model.js';
import { STUDY_ID, config, epochEvent, metrics, studyDetail, trialRecord } from './web-fixtures.js';

function modelWithTwoTrials(): StudyModel {
  const m = new StudyModel();
  m.reset(studyDetail(), [trialRecord('s0-t00', { config: config({ optimizer: 'sgd' }) }), trialRecord('s0-t01', { index: 1 })]);
  return m;
}

describe('StudyModel', () => {
  it('keeps one entry per epoch, in order, however often and in whatever order epochs arrive', () => {
    const m = modelWithTwoTrials();
    for (const e of [2, 1, 3, 2]) m.apply(epochEvent('s0-t00', metrics(e, 1 / e)));
    expect(m.trials.get('s0-t00')!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(m.epochEvents).toBe(4);
    expect(m.replacedEpochs).toBe(1);
  });

  it('shows a running trial’s patience counter from its latest epoch', () => {
    const m = modelWithTwoTrials();
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's0-t01', stage: 0, config: config(), backend: 'wasm', host: 'h', resumedFromEpoch: null });
    m.apply(epochEvent('s0-t01', metrics(1, 0.5), 0));
    m.apply(epochEvent('s0-t01', metrics(2, 0.6), 1));
    const t = m.trials.get('s0-t01')!;
    expect(t.status).toBe('running');
    expect(t.bestEpoch).toBe(1);
    expect(patienceText(t)).toBe('1 of 2 epochs without improvement');
  });

  it('takes a finished trial’s reason and best epoch from its trial-finished event, and never lets a replayed start undo it', () => {
    const m = modelWithTwoTrials();
    const reason = 'val_loss 0.6 did not improve on 0.5 (epoch 1) by 0.001 for 2 epochs';
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, status: 'early-stopped', bestEpoch: 1, bestMetric: 0.9, reason, epochsDone: 3 });
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, config: config({ optimizer: 'sgd' }), backend: 'wasm', host: 'h', resumedFromEpoch: null });
    m.apply(epochEvent('s0-t00', metrics(3, 0.7), 2));
    const t = m.trials.get('s0-t00')!;
    expect(t.status).toBe('early-stopped');
    expect(t.stopReason).toBe(reason);
    expect(t.bestEpoch).toBe(1);
    expect(m.rankedMetric(t)).toBe(0.9);
  });

  it('drops the epochs a resumed trial will train again', () => {
    const m = modelWithTwoTrials();
    for (const e of [1, 2, 3]) m.apply(epochEvent('s0-t00', metrics(e, 1)));
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, config: config(), backend: 'wasm', host: 'h2', resumedFromEpoch: 2 });
    expect(m.trials.get('s0-t00')!.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  });

  it('adds a new stage’s trials as placeholders and counts progress per stage', () => {
    const m = modelWithTwoTrials();
    const before = m.structureVersion;
    m.apply({ type: 'stage-started', studyId: STUDY_ID, stage: 1, trialIds: ['s1-t00'], space: studyDetail().spec.space, epochs: 6 });
    expect(m.structureVersion).toBeGreaterThan(before);
    expect(m.trials.get('s1-t00')).toMatchObject({ stage: 1, status: 'queued', epochsPlanned: 6, config: null });
    m.mergeTrials([trialRecord('s1-t00', { stage: 1, epochs: 6, config: config({ optimizer: 'sgd', learningRate: 0.01 }) })]);
    expect(m.trials.get('s1-t00')!.config?.learningRate).toBe(0.01);
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, status: 'completed', bestEpoch: 4, bestMetric: 0.8, reason: null, epochsDone: 4 });
    expect(m.stageCounts().map((s) => [s.index, s.finished, s.trialsPlanned, s.state])).toEqual([
      [0, 1, 2, 'running'],
      [1, 0, 1, 'queued'],
    ]);
  });

  it('takes a live stage\'s per-optimizer spaces from its stage-started event (the LR view shades each)', () => {
    const m = modelWithTwoTrials();
    const space = studyDetail().spec.space;
    const adam = { ...space, learningRate: { type: 'log-uniform' as const, min: 1e-4, max: 1e-2 } };
    m.apply({ type: 'stage-started', studyId: STUDY_ID, stage: 1, trialIds: ['s1-t00'], space, epochs: 6, spaces: { adam } });
    expect(m.stages[1]?.spaces).toEqual({ adam });
  });

  it('counts cancelled trials apart from the done ones, and shows every unfinished stage of a cancelled study cancelled', () => {
    const m = modelWithTwoTrials();
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t00', stage: 0, status: 'completed', bestEpoch: 4, bestMetric: 0.8, reason: null, epochsDone: 4 });
    m.apply({ type: 'trial-started', studyId: STUDY_ID, trialId: 's0-t01', stage: 0, config: config(), backend: 'wasm', host: 'h', resumedFromEpoch: null });
    expect(m.stageCounts().map((s) => [s.state, describeStageCounts(s)])).toEqual([
      ['running', '1 of 2 done · 1 running'],
      ['pending', '0 of 1 done'],
    ]);
    m.apply({ type: 'study-state', studyId: STUDY_ID, state: 'cancelled', message: 'cancelled by request' });
    m.apply({ type: 'trial-finished', studyId: STUDY_ID, trialId: 's0-t01', stage: 0, status: 'cancelled', bestEpoch: null, bestMetric: null, reason: 'cancelled in epoch 1 after batch 3 of 9', epochsDone: 0 });
    expect(m.stageCounts().map((s) => [s.index, s.finished, s.cancelled, s.running, s.state])).toEqual([
      [0, 1, 1, 0, 'cancelled'],
      [1, 0, 0, 0, 'cancelled'],
    ]);
    expect(describeStageCounts(m.stageCounts()[0]!)).toBe('1 of 2 done · 1 cancelled');
  });

  it('keeps a stage completed before the cancel completed', () => {
    const m = new StudyModel();
    const detail = studyDetail({ state: 'cancelled' });
    m.reset({ ...detail, stages: detail.stages.map((s) => ({ ...s, state: 'completed' })) }, [trialRecord('s0-t00', { status: 'completed' }), trialRecord('s0-t01', { index: 1, status: 'completed' })]);
    expect(m.stageCounts().map((s) => s.state)).toEqual(['completed', 'cancelled']);
  });

  it('ends with the study’s final state and best configurations', () => {
    const m = modelWithTwoTrials();
    const best = { objective: { metric: 'val_acc' as const, mode: 'max' as const }, overall: null, byOptimizer: {} };
    m.apply({ type: 'study-finished', studyId: STUDY_ID, state: 'completed', best });
    expect(m.state).toBe('completed');
    expect(m.best).toBe(best);
    expect(m.bestIsFinal).toBe(true);
    m.setBest({ ...best }, false);
    expect(m.best).toBe(best);
  });
});

describe('parseStudyEvent', () => {
  it('keeps a non-finite loss as null (a gap), never NaN', () => {
    const wire = JSON.stringify(epochEvent('s0-t00', { ...metrics(1, null), trainLoss: null }));
    const e = parseStudyEvent('epoch', wire);
    expect(e?.type).toBe('epoch');
    if (e?.type === 'epoch') {
      expect(e.metrics.valLoss).toBeNull();
      expect(e.metrics.trainLoss).toBeNull();
    }
  });

  it('ignores the stream’s own messages and anything malformed', () => {
    expect(parseStudyEvent('hello', '{}')).toBeNull();
    expect(parseStudyEvent('ping', '{}')).toBeNull();
    expect(parseStudyEvent('epoch', 'not json')).toBeNull();
    expect(parseStudyEvent('epoch', JSON.stringify({ type: 'study-state' }))).toBeNull();
  });
});

describe('feedBadge', () => {
  it('shows the feed state while the study runs, and none once it is over unless the feed failed', () => {
    expect(feedBadge(FEED_STATES.live, 'running')).toBe('live');
    expect(feedBadge(FEED_STATES.reconnecting, 'queued')).toBe('reconnecting');
    expect(feedBadge(FEED_STATES.live, 'cancelled')).toBeNull();
    expect(feedBadge(FEED_STATES.reconnecting, 'completed')).toBeNull();
    expect(feedBadge(FEED_STATES.ended, 'failed')).toBeNull();
    expect(feedBadge(FEED_STATES.failed, 'cancelled')).toBe('failed');
  });
});
