// The study and trial lifecycles as pure steps (search/study-lifecycle.ts, search/trial-lifecycle.ts,
// search/landscape-lifecycle.ts): what each step writes and announces, and that a step on a record
// that has moved on changes nothing. No Redis: the store only runs these inside its transactions.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, StopDecision, TrialRecord } from '../../types/index.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { advanceStage, cancelStudy, finishStudy, isAdvancing, markStudyRunning, planNextStage, startStudy, summarizeFailures } from '../../search/study-lifecycle.js';
import { cancelQueuedTrial, endTrial, isKeepableTrial, recordTrialEpoch, requeueTrial, startTrial } from '../../search/trial-lifecycle.js';
import { completeLandscape, failLandscape, isFinishedLandscape, landscapeRowsDone, newLandscapeRecord, startLandscape } from '../../search/landscape-lifecycle.js';
import { rankTrials } from '../../search/rank.js';
import { epochMetrics, tinyStudySpec } from '../helpers/specs.js';

const NOW = '2026-12-02T00:00:00.000Z';
const LATER = '2026-12-02T01:00:00.000Z';

function newStudy() {
  const parsed = validateStudySpec(tinyStudySpec({ stages: [{ trials: 4, epochs: 2 }, { trials: 2, epochs: 4, keepTop: 2 }] }));
  if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
  return startStudy('0123456789ab', parsed.spec, NOW);
}

const metrics = (epoch: number, valAcc: number): EpochMetrics => epochMetrics({ epoch, valAcc });
const decision: StopDecision = { stop: false, reason: '', bestEpoch: 2, bestValue: 0.4, epochsSinceBest: 0 };

/** The stage's trials ended: the first two completed with val_acc 0.9 and 0.8, the rest diverged. */
function endedTrials(trials: TrialRecord[]): TrialRecord[] {
  return trials.map((t, i) =>
    i < 2 ? { ...t, status: 'completed', epochsDone: 2, bestEpoch: 2, bestMetric: 0.9 - i / 10, bestMetrics: metrics(2, 0.9 - i / 10) } : { ...t, status: 'diverged', stopReason: 'loss NaN at epoch 1' },
  );
}

describe('study lifecycle', () => {
  it('starts queued with its first stage planned and announced', () => {
    const { study, trials, events } = newStudy();
    expect(study).toMatchObject({ state: 'queued', currentStage: 0, createdAt: NOW, finishedAt: null, best: null });
    expect(trials).toHaveLength(4);
    expect(study.stages[0]!.trialIds).toEqual(trials.map((t) => t.id));
    expect(events.map((e) => e.type)).toEqual(['study-state', 'stage-started']);
  });

  it('runs once, and a second start changes nothing', () => {
    const { study } = newStudy();
    const running = markStudyRunning(study)!;
    expect(running.study.state).toBe('running');
    expect(running.events).toEqual([{ type: 'study-state', studyId: study.id, state: 'running' }]);
    expect(markStudyRunning(running.study)).toBeNull();
  });

  it('cancels every stage it had not completed, and a terminal study stays as it is', () => {
    const { study } = newStudy();
    const done = { ...study, stages: [{ ...study.stages[0]!, state: 'completed' as const }, { ...study.stages[0]!, index: 1, state: 'running' as const }] };
    const cancelled = cancelStudy(done, LATER)!;
    expect(cancelled.study).toMatchObject({ state: 'cancelled', finishedAt: LATER });
    expect(cancelled.study.stages.map((s) => s.state)).toEqual(['completed', 'cancelled']);
    expect(cancelStudy(cancelled.study, LATER)).toBeNull();
    expect(isAdvancing(cancelled.study)).toBe(false);
  });

  it('plans the next stage around the kept trials, promoting the ones that trained their budget, and enters it once', () => {
    const { study, trials } = newStudy();
    const ranked = rankTrials(endedTrials(trials), study.spec.objective);
    const plan = planNextStage(study, 0, ranked, LATER);
    expect(plan.trials.map((t) => t.promotedFrom?.trialId ?? null)).toEqual([ranked[0]!.id, ranked[1]!.id]);
    const entered = advanceStage(study, { stage: 0, ranked, plan, complete: true })!;
    expect(entered.study.currentStage).toBe(1);
    expect(entered.study.stages.map((s) => s.state)).toEqual(['completed', plan.stage.state]);
    expect(entered.trials).toEqual(plan.trials);
    expect(entered.events!.map((e) => e.type)).toEqual(['stage-finished', 'stage-started']);
    // Written already (an early start won): the barrier only completes the stage; an early call changes nothing.
    expect(advanceStage(entered.study, { stage: 0, ranked, plan: null, complete: true })).toBeNull();
    const early = advanceStage(study, { stage: 0, ranked, plan, complete: false })!;
    expect(early.study.stages[0]!.state).not.toBe('completed');
    const barrier = advanceStage(early.study, { stage: 0, ranked, plan: null, complete: true })!;
    expect(barrier.study.stages[0]!.state).toBe('completed');
    expect(barrier.trials).toBeUndefined();
  });

  it('finishes with its best configuration and completes every stage up to the last', () => {
    const { study, trials } = newStudy();
    const ended = endedTrials(trials);
    const finished = finishStudy(study, { state: 'completed', trials: ended, error: null, stage: 0, ranked: rankTrials(ended, study.spec.objective), now: LATER })!;
    expect(finished.study).toMatchObject({ state: 'completed', finishedAt: LATER, error: null });
    expect(finished.study.best?.overall?.trialId).toBe(ended[0]!.id);
    expect(finished.events!.map((e) => e.type)).toEqual(['stage-finished', 'study-finished']);
    expect(finishStudy(finished.study, { state: 'failed', trials: ended, error: 'x', stage: 0, ranked: [], now: LATER })).toBeNull();
  });

  it('says why a stage has nothing to keep', () => {
    const { trials } = newStudy();
    expect(summarizeFailures(endedTrials(trials).slice(2))).toBe('2 diverged (e.g. loss NaN at epoch 1)');
  });
});

describe('trial lifecycle', () => {
  const queued = (): TrialRecord => newStudy().trials[0]!;

  it('starts with one more attempt, where it runs and the epoch it resumes after', () => {
    const started = startTrial(queued(), { backend: 'wasm', host: 'h1', resumedFromEpoch: 3, now: NOW });
    expect(started.trial).toMatchObject({ status: 'running', attempts: 1, backend: 'wasm', host: 'h1', startedAt: NOW, resumedFromEpoch: 3 });
    expect(started.events![0]).toMatchObject({ type: 'trial-started', resumedFromEpoch: 3 });
    // A second start keeps the first start time.
    expect(startTrial(started.trial, { backend: 'wasm', host: 'h2', resumedFromEpoch: null, now: LATER }).trial).toMatchObject({ attempts: 2, startedAt: NOW, resumedFromEpoch: 3 });
  });

  it('records an epoch as progress, patience and the best metric of the objective', () => {
    const t = recordTrialEpoch(queued(), metrics(2, 0.93), decision, metrics(2, 0.93), { metric: 'val_acc', mode: 'max' }).trial;
    expect(t).toMatchObject({ epochsDone: 2, bestEpoch: 2, epochsSinceBest: 0, bestMetric: 0.93 });
  });

  it('ends once: a second end changes nothing', () => {
    const ended = endTrial(queued(), { status: 'early-stopped', stopReason: 'patience' }, LATER)!;
    expect(ended.trial).toMatchObject({ status: 'early-stopped', finishedAt: LATER });
    expect(ended.events![0]).toMatchObject({ type: 'trial-finished', status: 'early-stopped', reason: 'patience' });
    expect(endTrial(ended.trial, { status: 'failed' }, LATER)).toBeNull();
    expect(cancelQueuedTrial(ended.trial, LATER)).toBeNull();
  });

  it('cancels only a queued trial, and hands back only a running one', () => {
    expect(cancelQueuedTrial(queued(), LATER)!.trial).toMatchObject({ status: 'cancelled', stopReason: 'study cancelled before the trial started' });
    expect(requeueTrial(queued())).toBeNull();
    const running = startTrial(queued(), { backend: 'wasm', host: 'h1', resumedFromEpoch: null, now: NOW }).trial;
    expect(requeueTrial(running)!.trial).toMatchObject({ status: 'queued', host: null });
  });

  it('keeps only trials that ended by themselves with a finite metric', () => {
    const t = { ...queued(), bestMetric: 0.9 };
    expect(isKeepableTrial({ ...t, status: 'completed' })).toBe(true);
    expect(isKeepableTrial({ ...t, status: 'early-stopped' })).toBe(true);
    expect(isKeepableTrial({ ...t, status: 'pruned' })).toBe(false);
    expect(isKeepableTrial({ ...t, status: 'completed', bestMetric: null })).toBe(false);
  });
});

describe('landscape lifecycle', () => {
  it('goes queued → running row by row → completed or failed', () => {
    const request = { directions: 'random' as const, grid: 5, span: null, seed: 1, trials: ['s0-t00'] };
    const queued = newLandscapeRecord('abcdefabcdef', '0123456789ab', 's0-t00', request, NOW);
    expect(queued).toMatchObject({ state: 'queued', progress: { rowsDone: 0, rows: 5 }, startedAt: null });
    const running = landscapeRowsDone(startLandscape(queued, LATER), 2);
    expect(running).toMatchObject({ state: 'running', startedAt: LATER, progress: { rowsDone: 2, rows: 5 } });
    expect(isFinishedLandscape(running)).toBe(false);
    expect(failLandscape(running, 'boom', LATER)).toMatchObject({ state: 'failed', error: 'boom', finishedAt: LATER });
    expect(isFinishedLandscape(completeLandscape(running, {} as never, LATER))).toBe(true);
  });
});
