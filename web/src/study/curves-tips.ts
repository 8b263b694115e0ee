// What the curves chart's tooltip says: for a line, the trial's config, where it is (with the API's
// trial id, which the landscape and the export name) and how it is doing (the patience counter
// while it runs); for a marker, what happened — stopped early, pruned, diverged or its best epoch —
// in words and numbers, with the stop reason the worker gave.
import { optimizerColor } from '../shared/chart-colors.js';
import { trialStateLabel, formatConfig, formatKnobs, formatMetric, formatNumber } from '../shared/format.js';
import { MARKER_KINDS, type CurveMarker } from './curves-data.js';
import { patienceText, type StudyModel, type TrialView } from './study-model.js';

/** A tooltip's text and swatch; the chart adds where it sits and whether it is pinned. */
export interface TipContent {
  color: string;
  title: string;
  lines: string[];
  reason: string | null;
}

function lastValues(t: TrialView): string | null {
  const last = t.epochs[t.epochs.length - 1];
  if (!last) return null;
  return `epoch ${last.epoch}: val loss ${last.valLoss === null ? 'not finite' : formatNumber(last.valLoss)}, val acc ${formatMetric('val_acc', last.valAcc)}`;
}

/** The hover text of a trial: its config, where it is, and how it is doing. */
export function trialTip(t: TrialView, note: string | null): TipContent {
  const lines = [`stage ${t.stage + 1} · trial ${t.index + 1} (${t.id}) · ${trialStateLabel(t.status, t.epochs.length, t.epochsPlanned)}${note ? ` · ${note}` : ''}`];
  const knobs = t.config ? formatKnobs(t.config) : '';
  if (knobs) lines.push(knobs);
  const values = lastValues(t);
  if (values) lines.push(values);
  if (t.status === 'running') lines.push(patienceText(t));
  return {
    color: optimizerColor(t.config?.optimizer),
    title: t.config ? formatConfig(t.config) : `trial ${t.id}`,
    lines,
    reason: t.status !== 'running' && t.stopReason ? t.stopReason : null,
  };
}

/** The text of a stop, divergence or best-epoch marker: what happened, in words and numbers. */
export function markerTip(m: CurveMarker, model: StudyModel | null): TipContent {
  const t = m.trial;
  const objective = model?.objective ?? { metric: 'val_acc' as const, mode: 'max' as const };
  const bestText = t.bestEpoch !== null ? `best epoch ${t.bestEpoch}${t.bestMetric !== null ? ` (${objective.metric} ${formatMetric(objective.metric, t.bestMetric)})` : ''}` : 'no best epoch';
  const head = t.config ? `${formatConfig(t.config)} · ${t.id}` : `trial ${t.id}`;
  const color = optimizerColor(t.config?.optimizer);
  switch (m.kind) {
    case MARKER_KINDS.stop:
      return { color, title: m.epoch >= t.epochsPlanned ? `Early-stopping rule met at its last epoch (${m.epoch} of ${t.epochsPlanned})` : `Stopped early after epoch ${m.epoch} of ${t.epochsPlanned}`, lines: [head, bestText], reason: t.stopReason ?? 'stopped early' };
    case MARKER_KINDS.pruned:
      return { color, title: `Pruned after epoch ${m.epoch} of ${t.epochsPlanned}`, lines: [head, bestText], reason: t.stopReason ?? 'pruned: it trailed its peers' };
    case MARKER_KINDS.diverged:
      return { color, title: `Diverged in epoch ${m.epoch}`, lines: [head, bestText], reason: t.stopReason ?? 'the loss stopped being a finite number' };
    case MARKER_KINDS.best:
      return {
        color,
        title: `Best epoch ${m.epoch}`,
        lines: [head, `${trialStateLabel(t.status, t.epochs.length, t.epochsPlanned)} after ${t.epochs.length} of ${t.epochsPlanned} epochs`],
        reason: t.stopReason,
      };
    default: {
      const never: never = m.kind;
      return never;
    }
  }
}
