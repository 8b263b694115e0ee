// The `stage` job runs once every `train` job of its stage has finished (it is their BullMQ flow
// parent). It ranks the stage's trials, and either narrows the space around the best ones and
// queues the next stage, or finishes the study with its best configurations. Re-running it is
// harmless: the next stage's trials and jobs have derived ids and are planned deterministically.
import type { Job } from 'bullmq';
import type { StageJobData, StageJobResult, StudyRecord, TrialRecord } from '../types/index.js';
import { bestSummary, rankTrials } from '../search/rank.js';
import { refineSpace } from '../search/refine.js';
import { hullSpace, refinePerOptimizer, spacesByOptimizer } from '../search/per-optimizer.js';
import { planStage } from '../search/plan-stage.js';
import type { StudyStore } from '../store/study-store.js';
import { enqueueStage, type Queues } from '../store/queues.js';

export interface StageProcessorDeps {
  store: StudyStore;
  queues: Queues;
  log?: (line: string) => void;
}

const usable = (t: TrialRecord) => (t.status === 'completed' || t.status === 'early-stopped') && t.bestMetric !== null && Number.isFinite(t.bestMetric);

export async function processStageJob(deps: StageProcessorDeps, job: Job<StageJobData>): Promise<StageJobResult> {
  const { store, queues } = deps;
  const { studyId, stage } = job.data;
  const study = await store.getStudy(studyId);
  if (!study || study.state === 'cancelled' || study.state === 'failed') return { studyId, stage, next: 'cancelled' };

  const spec = study.spec;
  const trials = await store.listTrials(studyId);
  const own = trials.filter((t) => t.stage === stage);
  const ranked = rankTrials(own, spec.objective);
  const next = stage + 1;
  const hasNext = next < spec.stages.length;
  const kept = ranked.filter(usable).slice(0, spec.stages[next]?.keepTop ?? 1);

  if (kept.length === 0) {
    const reasons = summarizeFailures(own);
    const message = `every trial of stage ${stage + 1} ended without a usable result: ${reasons}`;
    await store.updateStudy(studyId, (s) => finishStudy(s, 'failed', trials, message, stage, ranked));
    deps.log?.(`study ${studyId} failed: ${message}`);
    return { studyId, stage, next: 'done' };
  }

  if (!hasNext) {
    await store.updateStudy(studyId, (s) => finishStudy(s, 'completed', trials, null, stage, ranked));
    deps.log?.(`study ${studyId} completed`);
    return { studyId, stage, next: 'done' };
  }

  const existing = study.stages[next];
  const finished = study.stages[stage]!;
  const now = new Date().toISOString();
  let plan: ReturnType<typeof planStage>;
  if (spec.refine === 'per-optimizer') {
    // Each optimizer narrows around its own best keepTop trials (search/per-optimizer.ts).
    const spaces = existing?.spaces ?? refinePerOptimizer(finished.spaces ?? spacesByOptimizer(finished.space), ranked.filter(usable), spec.stages[next]?.keepTop ?? 1);
    plan = planStage(studyId, spec, next, existing?.space ?? hullSpace(spaces), now, spaces);
  } else {
    plan = planStage(studyId, spec, next, existing?.space ?? refineSpace(finished.space, kept.map((t) => t.config)), now);
  }
  if (!existing) {
    await store.updateStudy(studyId, (s) => {
      if (s.stages[next] || s.state === 'cancelled') return null;
      const stages = s.stages.map((st) => (st.index === stage ? { ...st, state: 'completed' as const } : st));
      return {
        study: { ...s, state: 'running', stages: [...stages, plan.stage], currentStage: next },
        trials: plan.trials,
        events: [
          { type: 'stage-finished', studyId, stage, ranking: ranked.map((t) => t.id), nextSpace: plan.stage.space },
          { type: 'stage-started', studyId, stage: next, trialIds: plan.stage.trialIds, space: plan.stage.space, epochs: plan.stage.epochs },
        ],
      };
    });
  }
  const current = await store.getStudy(studyId);
  if (!current || current.state === 'cancelled') return { studyId, stage, next: 'cancelled' };
  await enqueueStage(queues, studyId, next, plan.stage.trialIds);
  deps.log?.(`study ${studyId}: stage ${next + 1} queued with ${plan.trials.length} trial(s) around the best ${kept.length}`);
  return { studyId, stage, next: 'stage' };
}

function finishStudy(s: StudyRecord, state: 'completed' | 'failed', trials: TrialRecord[], error: string | null, stage: number, ranked: TrialRecord[]) {
  if (s.state === 'completed' || s.state === 'failed' || s.state === 'cancelled') return null;
  const best = bestSummary(trials, s.spec.objective);
  const now = new Date().toISOString();
  return {
    study: {
      ...s,
      state,
      error,
      best,
      finishedAt: now,
      stages: s.stages.map((st) => (st.index === stage ? { ...st, state: 'completed' as const } : st)),
    },
    events: [
      { type: 'stage-finished' as const, studyId: s.id, stage, ranking: ranked.map((t) => t.id), nextSpace: null },
      { type: 'study-finished' as const, studyId: s.id, state, best },
    ],
  };
}

/** "3 diverged (loss NaN at epoch 1), 1 failed (error: …)" */
function summarizeFailures(trials: TrialRecord[]): string {
  const byStatus = new Map<string, TrialRecord[]>();
  for (const t of trials) byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t]);
  return [...byStatus.entries()].map(([status, ts]) => `${ts.length} ${status}${ts[0]?.stopReason ? ` (e.g. ${ts[0].stopReason})` : ''}`).join(', ');
}
