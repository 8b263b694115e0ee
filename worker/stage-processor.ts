// The `stage` job runs once every `train` job of its stage has finished (it is their BullMQ flow
// parent). It ranks the stage's trials, and either narrows the space around the best ones and
// queues the next stage, or finishes the study with its best configurations. Re-running it is
// harmless: the next stage's trials and jobs have derived ids and are planned deterministically.
// A cancelled (or deleted) study stays so: a stage job that runs after the cancel, or while it
// lands, neither plans nor queues a next stage and never writes over the cancelled record.
import type { Job } from 'bullmq';
import type { StageJobData, StageJobResult, StageRecord, StudyRecord, TrialRecord } from '../types/index.js';
import { bestSummary, rankTrials } from '../search/rank.js';
import { refineSpace } from '../search/refine.js';
import { hullSpace, refineConditional, refinePerOptimizer, spacesByOptimizer } from '../search/per-optimizer.js';
import { planStage } from '../search/plan-stage.js';
import { StudyNotFoundError, type StudyStore } from '../store/study-store.js';
import { enqueueStage, removeStudyJobs, type Queues } from '../store/queues.js';

export interface StageProcessorDeps {
  store: StudyStore;
  queues: Queues;
  log?: (line: string) => void;
}

const usable = (t: TrialRecord) => (t.status === 'completed' || t.status === 'early-stopped') && t.bestMetric !== null && Number.isFinite(t.bestMetric);

/** False when the study is gone, cancelled or failed: nothing more may be planned for it. */
const advancing = (s: StudyRecord | null): s is StudyRecord => s !== null && s.state !== 'cancelled' && s.state !== 'failed';

export async function processStageJob(deps: StageProcessorDeps, job: Job<StageJobData>): Promise<StageJobResult> {
  try {
    return await advanceStudy(deps, job.data);
  } catch (err) {
    // Deleted while the stage was being ranked: nothing to advance.
    if (err instanceof StudyNotFoundError) return { studyId: job.data.studyId, stage: job.data.stage, next: 'cancelled' };
    throw err;
  }
}

async function advanceStudy(deps: StageProcessorDeps, { studyId, stage }: StageJobData): Promise<StageJobResult> {
  const { store, queues } = deps;
  const cancelled: StageJobResult = { studyId, stage, next: 'cancelled' };
  const study = await store.getStudy(studyId);
  if (!advancing(study)) return cancelled;

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
  const nextSpec = spec.stages[next]!;
  // Promotion: kept trials that trained their whole budget continue here from their checkpoint
  // (an early-stopped one has said it is done; one already at this stage's epochs has nothing to add).
  const promoted = nextSpec.promote === false ? [] : kept.filter((t) => t.status === 'completed' && t.epochsDone < nextSpec.epochs).slice(0, nextSpec.trials);
  const plan = planNextStage(spec, studyId, next, finished, existing, ranked.filter(usable), kept, promoted, now);
  if (!existing) await copyPromotedState(store, studyId, plan.trials);
  if (!existing) {
    await store.updateStudy(studyId, (s) => {
      if (s.stages[next] || !advancing(s)) return null;
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
  if (!advancing(await store.getStudy(studyId))) return cancelled;
  await enqueueStage(queues, studyId, next, plan.stage.trialIds);
  if (!advancing(await store.getStudy(studyId))) {
    // Cancelled while the stage was being queued, perhaps after the cancel removed the study's jobs: take them back out.
    await removeStudyJobs(queues, studyId, { stages: [next], trialIds: plan.stage.trialIds, landscapeIds: [] });
    return cancelled;
  }
  // The finished stage's checkpoints were kept for promotion; the promoted trials have their copies.
  for (const t of own) await store.deleteCheckpoint(studyId, t.id);
  deps.log?.(`study ${studyId}: stage ${next + 1} queued with ${plan.trials.length} trial(s) around the best ${kept.length} (${promoted.length} promoted)`);
  return { studyId, stage, next: 'stage' };
}

/** The next stage's space (narrowed by the study's refine mode) and trials, promotions first. */
function planNextStage(
  spec: StudyRecord['spec'],
  studyId: string,
  next: number,
  finished: StageRecord,
  existing: StageRecord | undefined,
  usableRanked: TrialRecord[],
  kept: TrialRecord[],
  promoted: TrialRecord[],
  now: string,
): ReturnType<typeof planStage> {
  const keepTop = spec.stages[next]?.keepTop ?? 1;
  const mode = spec.refine ?? 'global';
  switch (mode) {
    case 'per-optimizer': {
      // Each optimizer narrows around its own best keepTop trials (search/per-optimizer.ts).
      const spaces = existing?.spaces ?? refinePerOptimizer(finished.spaces ?? spacesByOptimizer(finished.space), usableRanked, keepTop);
      return planStage(studyId, spec, next, existing?.space ?? hullSpace(spaces), now, { optimizerSpaces: spaces, promoted });
    }
    case 'conditional': {
      const refined = refineConditional(finished.spaces ?? spacesByOptimizer(finished.space), kept);
      const spaces = existing?.spaces ?? refined.spaces;
      return planStage(studyId, spec, next, existing?.space ?? hullSpace(spaces), now, { optimizerSpaces: spaces, slots: refined.slots, promoted });
    }
    case 'global':
      return planStage(studyId, spec, next, existing?.space ?? refineSpace(finished.space, kept.map((t) => t.config)), now, { promoted });
    default: {
      const never: never = mode;
      throw new TypeError(`unknown refine mode ${String(never)}`);
    }
  }
}

/** Each promoted trial starts from a copy of its parent's checkpoint and history (never over its own). */
async function copyPromotedState(store: StudyStore, studyId: string, trials: TrialRecord[]): Promise<void> {
  for (const t of trials) {
    if (t.promotedFrom) await store.copyTrialState(studyId, t.promotedFrom.trialId, t.id);
  }
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
