// What `study follow` prints: on a terminal, a screen redrawn as events arrive (stage bars, the
// running trials with epoch and patience, the best so far, the last stops and prunes with their
// reasons); elsewhere (a pipe, a log, a test) one line per thing that happened. Pure text from the
// dashboard's own StudyModel, so the CLI and the page say the same.
import type { StudyEvent } from '../types/index.js';
import { describeStageCounts, patienceText, type StudyModel } from '../web/src/study/study-model.js';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

function bar(done: number, total: number, width = 24): string {
  const n = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
}

/** The full screen (TTY mode). */
export function followScreen(model: StudyModel, recent: readonly string[]): string {
  const study = model.study;
  const lines = [`${study?.spec.name ?? ''} (${study?.id ?? ''}) — ${model.state}`];
  for (const s of model.stageCounts()) lines.push(`stage ${s.index + 1} ${bar(s.finished + s.cancelled, s.trialsPlanned)} ${describeStageCounts(s)} · ${s.state}`);
  const running = model.trialList.filter((t) => t.status === 'running');
  if (running.length > 0) lines.push('', 'running:');
  for (const t of running) {
    const last = t.epochs[t.epochs.length - 1];
    lines.push(`  ${t.id} ${t.config?.optimizer ?? ''} lr ${t.config?.learningRate.toExponential(2) ?? ''} · epoch ${last?.epoch ?? t.promotedFrom?.epoch ?? 0}/${t.epochsPlanned} · val_acc ${pct(last?.valAcc)} · ${patienceText(t)}`);
  }
  const best = model.best?.overall;
  lines.push('', `best so far: ${best ? `${best.trialId} ${best.config.optimizer} lr ${best.config.learningRate.toExponential(2)} · ${model.objective.metric} ${best.metric?.toFixed(4) ?? '—'}` : '—'}`);
  if (recent.length > 0) lines.push('', ...recent.slice(-8));
  return lines.join('\n');
}

/** The line an event deserves in log mode (and in the TTY screen's recent list), or null. */
export function eventLine(event: StudyEvent): string | null {
  switch (event.type) {
    case 'stage-started':
      return `stage ${event.stage + 1} started: ${event.trialIds.length} trials × ${event.epochs} epochs`;
    case 'trial-started':
      return `${event.trialId} started: ${event.config.optimizer} lr ${event.config.learningRate.toExponential(2)} on ${event.host} (${event.backend})${event.promotedFrom ? `, continuing ${event.promotedFrom.trialId} after epoch ${event.promotedFrom.epoch}` : ''}${event.resumedFromEpoch !== null ? `, resuming after epoch ${event.resumedFromEpoch}` : ''}`;
    case 'trial-finished':
      return `${event.trialId} ${event.status} after ${event.epochsDone} epoch${event.epochsDone === 1 ? '' : 's'}${event.bestMetric !== null ? ` (best ${event.bestMetric.toFixed(4)})` : ''}${event.reason ? `: ${event.reason}` : ''}`;
    case 'stage-finished':
      return `stage ${event.stage + 1} finished`;
    case 'study-state':
      return `study ${event.state}${event.message ? `: ${event.message}` : ''}`;
    case 'study-finished':
      return `study ${event.state}${event.best?.overall ? `; best ${event.best.overall.trialId} ${event.best.overall.config.optimizer} lr ${event.best.overall.config.learningRate.toExponential(2)} (${event.best.objective.metric} ${event.best.overall.metric?.toFixed(4) ?? '—'})` : ''}`;
    case 'epoch':
      return null;
    default: {
      const never: never = event;
      void never;
      return null;
    }
  }
}
