// Everything the study page knows about one study, kept as plain data outside Lit's reactive
// properties: trials with their per-epoch history, stages, best configurations. Study events
// are folded in one at a time (`apply`), idempotently, so a replay from the start of the stream,
// a resumed stream and a REST snapshot can be mixed in any order and still agree. Charts read
// it after `emit()`; nothing here touches the DOM, so the Node tests drive it directly.
import type {
  BestSummary,
  EpochMetrics,
  MetricName,
  ObjectiveSpec,
  OptimizerName,
  SearchSpace,
  StageProgress,
  StageRecord,
  StudyEvent,
  StudyState,
  TrialConfig,
  TrialRecord,
  TrialState,
} from '../../../types/index.js';
import { FINISHED_TRIAL_STATES } from '../../../types/index.js';
import { stageState, tallyTrials, type StageTally } from '../../../search/stage-progress.js';
import { plannedRuns } from '../../../search/configurations.js';
import type { StudyDetail } from '../shared/api-client.js';

export interface TrialView {
  id: string;
  stage: number;
  index: number;
  /** Null until the trial's record or its `trial-started` event has been seen. */
  config: TrialConfig | null;
  status: TrialState;
  epochsPlanned: number;
  /** One entry per epoch, in epoch order. */
  epochs: EpochMetrics[];
  epochsSinceBest: number;
  patience: number;
  /** 1-based epoch with the best monitored value so far. */
  bestEpoch: number | null;
  /** The objective at the best epoch, as the worker reported it when the trial finished. */
  bestMetric: number | null;
  stopReason: string | null;
  host: string | null;
  backend: string | null;
  /** A promoted trial: the trial (of the previous stage) it continues, and the epoch it took over at. */
  promotedFrom: { trialId: string; epoch: number } | null;
}

export interface StageView {
  index: number;
  trialsPlanned: number;
  epochs: number;
  trialIds: string[];
  space: SearchSpace | null;
  /**
   * Each optimizer's own space, where the stage refined per optimizer (StageRecord.spaces); null
   * otherwise (a stage this page saw start live gets them from its stage-started event).
   */
  spaces: Partial<Record<OptimizerName, SearchSpace>> | null;
  /** The state of the stage's record as the server last told it; null until the stage is planned. */
  recordState: StageRecord['state'] | null;
}

/** A stage with its trials counted and the state it is shown in (search/stage-progress.ts, as the API does). */
export type StageCounts = StageView & StageTally & { state: StageProgress['state'] };

export type ModelListener = (model: StudyModel) => void;

const isFinished = (s: TrialState) => FINISHED_TRIAL_STATES.includes(s);

/** The value of `metric` in one epoch, null where the loss was NaN or infinite. */
export function metricOf(m: EpochMetrics, metric: MetricName): number | null {
  const v = metric === 'val_loss' ? m.valLoss : m.valAcc;
  return v !== null && Number.isFinite(v) ? v : null;
}

/** "2 of 3 epochs without improvement", the patience counter of a running trial. */
export function patienceText(t: Pick<TrialView, 'epochsSinceBest' | 'patience'>): string {
  return `${t.epochsSinceBest} of ${t.patience} epoch${t.patience === 1 ? '' : 's'} without improvement`;
}

/** "5 of 8 done · 3 cancelled · 1 running": how far a stage got, cancelled trials apart from the done ones. */
export function describeStageCounts(s: Pick<StageCounts, 'finished' | 'cancelled' | 'running' | 'trialsPlanned'>): string {
  const rest = [s.cancelled ? `${s.cancelled} cancelled` : '', s.running ? `${s.running} running` : ''].filter(Boolean);
  return [`${s.finished} of ${s.trialsPlanned} done`, ...rest].join(' · ');
}

export class StudyModel {
  study: StudyDetail | null = null;
  state: StudyState = 'queued';
  readonly trials = new Map<string, TrialView>();
  stages: StageView[] = [];
  best: BestSummary | null = null;
  bestIsFinal = false;
  /** Bumped on every change. */
  version = 0;
  /** Bumped when trials appear (charts rebuild their series then, and only update data otherwise). */
  structureVersion = 0;
  /** Epoch events folded in, and how many of those replaced an epoch already held (a resumed trial re-running it). */
  epochEvents = 0;
  replacedEpochs = 0;
  private ordered: TrialView[] | null = null;
  private readonly listeners = new Set<ModelListener>();

  get objective(): ObjectiveSpec {
    return this.study?.spec.objective ?? { metric: 'val_acc', mode: 'max' };
  }

  get patience(): number {
    return this.study?.spec.earlyStopping.patience ?? 0;
  }

  /** Trials by stage, then index within the stage. */
  get trialList(): readonly TrialView[] {
    this.ordered ??= [...this.trials.values()].sort((a, b) => a.stage - b.stage || a.index - b.index || a.id.localeCompare(b.id));
    return this.ordered;
  }

  subscribe(listener: ModelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells subscribers (charts) that the data changed; callers batch events first. */
  emit(): void {
    for (const l of this.listeners) l(this);
  }

  private touch(structure = false): void {
    this.version++;
    if (structure) {
      this.structureVersion++;
      this.ordered = null;
    }
  }

  /** Starts over from a REST snapshot of the study and its trials. */
  reset(study: StudyDetail, trials: readonly TrialRecord[]): void {
    this.study = study;
    this.state = study.state;
    this.best = study.best;
    this.bestIsFinal = study.state !== 'running' && study.state !== 'queued' && study.best !== null;
    this.trials.clear();
    this.stages = study.spec.stages.map((s, index) => {
      const rec = study.stages[index];
      return {
        index,
        trialsPlanned: plannedRuns(study.spec, index, rec),
        epochs: s.epochs,
        trialIds: rec?.trialIds ?? [],
        space: rec?.space ?? null,
        spaces: rec?.spaces ?? null,
        recordState: rec?.state ?? null,
      };
    });
    this.epochEvents = 0;
    this.replacedEpochs = 0;
    this.mergeTrials(trials);
    this.touch(true);
  }

  /** Fills in trials from REST records: new trials are added; known ones gain what events had not told yet. */
  mergeTrials(records: readonly TrialRecord[]): void {
    let added = false;
    for (const r of records) {
      const t = this.trials.get(r.id);
      if (!t) {
        this.trials.set(r.id, {
          id: r.id,
          stage: r.stage,
          index: r.index,
          config: r.config,
          status: r.status,
          epochsPlanned: r.epochs,
          epochs: [],
          epochsSinceBest: r.epochsSinceBest,
          patience: this.patience,
          bestEpoch: r.bestEpoch,
          bestMetric: r.bestMetric,
          stopReason: r.stopReason,
          host: r.host,
          backend: r.backend,
          promotedFrom: r.promotedFrom ? { trialId: r.promotedFrom.trialId, epoch: r.promotedFrom.epoch } : null,
        });
        added = true;
        continue;
      }
      // Learning that a trial continues another changes which lines are drawn: a structural change.
      if (r.promotedFrom && !t.promotedFrom) {
        t.promotedFrom = { trialId: r.promotedFrom.trialId, epoch: r.promotedFrom.epoch };
        added = true;
      }
      t.config ??= r.config;
      t.index = r.index;
      t.epochsPlanned = r.epochs;
      t.host ??= r.host;
      t.backend ??= r.backend;
      if (isFinished(r.status) && !isFinished(t.status)) {
        t.status = r.status;
        t.stopReason = r.stopReason;
        t.bestEpoch = r.bestEpoch;
        t.bestMetric = r.bestMetric;
      }
    }
    this.touch(added);
  }

  private trialFor(id: string, stage: number): TrialView {
    let t = this.trials.get(id);
    if (!t) {
      const stageView = this.stages[stage];
      t = {
        id,
        stage,
        index: stageView ? Math.max(0, stageView.trialIds.indexOf(id)) : 0,
        config: null,
        status: 'queued',
        epochsPlanned: stageView?.epochs ?? 0,
        epochs: [],
        epochsSinceBest: 0,
        patience: this.patience,
        bestEpoch: null,
        bestMetric: null,
        stopReason: null,
        host: null,
        backend: null,
        promotedFrom: null,
      };
      this.trials.set(id, t);
      this.touch(true);
    }
    return t;
  }

  /** Folds one study event in. Returns false for an event that changed nothing. */
  apply(event: StudyEvent): boolean {
    switch (event.type) {
      case 'study-state':
        this.state = event.state;
        break;
      case 'stage-started': {
        this.stages[event.stage] = {
          index: event.stage,
          trialsPlanned: this.study ? plannedRuns(this.study.spec, event.stage, event) : event.trialIds.length,
          epochs: event.epochs,
          trialIds: event.trialIds,
          space: event.space,
          spaces: event.spaces ?? this.stages[event.stage]?.spaces ?? null,
          recordState: this.stages[event.stage]?.recordState ?? 'queued',
        };
        event.trialIds.forEach((id, index) => {
          const t = this.trialFor(id, event.stage);
          t.index = index;
          t.epochsPlanned = event.epochs;
        });
        break;
      }
      case 'trial-started': {
        const t = this.trialFor(event.trialId, event.stage);
        t.config = event.config;
        t.host = event.host;
        t.backend = event.backend;
        if (event.promotedFrom && !t.promotedFrom) {
          t.promotedFrom = { trialId: event.promotedFrom.trialId, epoch: event.promotedFrom.epoch };
          this.touch(true); // the parent's line now continues as this trial's: the set of lines changed
        }
        // A finished trial never starts again; only a replayed old event could say so.
        if (!isFinished(t.status)) t.status = 'running';
        if (event.resumedFromEpoch !== null && !isFinished(t.status)) {
          t.epochs = t.epochs.filter((m) => m.epoch <= event.resumedFromEpoch!);
        }
        break;
      }
      case 'epoch': {
        const t = this.trialFor(event.trialId, event.stage);
        const m = event.metrics;
        this.epochEvents++;
        const at = t.epochs.findIndex((e) => e.epoch >= m.epoch);
        if (at < 0) t.epochs.push(m);
        else if (t.epochs[at]!.epoch === m.epoch) {
          t.epochs[at] = m;
          this.replacedEpochs++;
        } else t.epochs.splice(at, 0, m);
        if (m.epoch === t.epochs[t.epochs.length - 1]!.epoch) {
          t.epochsSinceBest = event.epochsSinceBest;
          t.patience = event.patience;
          if (!isFinished(t.status)) {
            t.status = 'running';
            t.bestEpoch = event.epochsSinceBest < m.epoch ? m.epoch - event.epochsSinceBest : null;
          }
        }
        break;
      }
      case 'trial-finished': {
        const outcome = { status: event.status, bestEpoch: event.bestEpoch, bestMetric: event.bestMetric, stopReason: event.reason } satisfies Partial<TrialView>;
        Object.assign(this.trialFor(event.trialId, event.stage), outcome);
        break;
      }
      case 'stage-finished': {
        const s = this.stages[event.stage];
        if (s) s.recordState = 'completed';
        break;
      }
      case 'study-finished':
        this.state = event.state;
        if (event.best) {
          this.best = event.best;
          this.bestIsFinal = true;
        }
        break;
      default: {
        const never: never = event;
        void never;
        return false;
      }
    }
    this.touch();
    return true;
  }

  setBest(best: BestSummary, final: boolean): void {
    if (this.bestIsFinal && !final) return;
    this.best = best;
    this.bestIsFinal = final;
    this.touch();
  }

  /** The objective metric a trial is ranked by: its reported best, else the value at its best epoch so far. */
  rankedMetric(t: TrialView): number | null {
    if (t.bestMetric !== null && isFinished(t.status)) return t.bestMetric;
    const at = t.bestEpoch !== null ? t.epochs.find((m) => m.epoch === t.bestEpoch) : undefined;
    return at ? metricOf(at, this.objective.metric) : t.bestMetric;
  }

  /** Done, cancelled and running counts per stage and the state each is shown in, for the progress bars. */
  stageCounts(): StageCounts[] {
    return this.stages.map((s) => {
      const tally = tallyTrials(this.trialList.filter((t) => t.stage === s.index).map((t) => t.status));
      return { ...s, ...tally, state: stageState(s.recordState, this.state, tally) };
    });
  }
}
