// What GET /api/studies/:id/export returns: one row per trial (or, with `epochs=1`, per trial and
// epoch) as plain scalar columns, and those rows as RFC 4180 CSV. Pure functions of the records,
// so the columns are the same in CSV and JSON and a test can check them without a server.
import type { EpochMetrics, TrialConfig, TrialRecord } from '../types/index.js';
import { COMMON_DIMENSIONS, OPTIMIZER_KNOBS } from '../types/index.js';

import type { ExportCell as Cell, ExportRow as Row } from '../types/api.js';

export type { Cell, Row };

/** Every config value a trial can have, in a fixed order (knobs that do not apply are empty). */
const CONFIG_COLUMNS = [...COMMON_DIMENSIONS, ...OPTIMIZER_KNOBS] as const;

function configCells(config: TrialConfig): Row {
  const row: Row = {};
  for (const key of CONFIG_COLUMNS) row[key] = (config as unknown as Record<string, Cell | undefined>)[key] ?? null;
  return row;
}

const metricCells = (prefix: string, m: EpochMetrics | null | undefined): Row => ({
  [`${prefix}_epoch`]: m?.epoch ?? null,
  [`${prefix}_val_loss`]: m?.valLoss ?? null,
  [`${prefix}_val_acc`]: m?.valAcc ?? null,
  [`${prefix}_train_loss`]: m?.trainLoss ?? null,
  [`${prefix}_train_acc`]: m?.trainAcc ?? null,
});

/** Seconds spent training and evaluating, from the per-epoch timings (a promoted trial's include its parent's). */
const trainingSeconds = (epochs: readonly EpochMetrics[]) => Number(epochs.reduce((s, m) => s + m.seconds, 0).toFixed(3));

/** One row per trial: id, stage, status, every config value, best and final metrics, test metrics, why it ended, where and how long it ran. */
export function trialRows(trials: readonly TrialRecord[], epochsOf: (trialId: string) => readonly EpochMetrics[]): Row[] {
  return trials.map((t) => {
    const epochs = epochsOf(t.id);
    return {
      trial: t.id,
      stage: t.stage + 1,
      status: t.status,
      promoted_from: t.promotedFrom?.trialId ?? null,
      ...configCells(t.config),
      epochs_done: t.epochsDone,
      epochs_planned: t.epochs,
      best_metric: t.bestMetric,
      ...metricCells('best', t.bestMetrics),
      ...metricCells('final', epochs[epochs.length - 1]),
      test_loss: t.test?.loss ?? null,
      test_acc: t.test?.acc ?? null,
      stop_reason: t.stopReason,
      backend: t.backend,
      host: t.host,
      seconds: trainingSeconds(epochs),
    };
  });
}

/** One row per trial and epoch (`epochs=1`): the trial's id, stage, status and config, then that epoch's metrics. */
export function epochRows(trials: readonly TrialRecord[], epochsOf: (trialId: string) => readonly EpochMetrics[]): Row[] {
  return trials.flatMap((t) =>
    epochsOf(t.id).map((m) => ({
      trial: t.id,
      stage: t.stage + 1,
      status: t.status,
      ...configCells(t.config),
      epoch: m.epoch,
      train_loss: m.trainLoss,
      train_acc: m.trainAcc,
      val_loss: m.valLoss,
      val_acc: m.valAcc,
      learning_rate: m.learningRate,
      seconds: m.seconds,
      samples_per_sec: m.samplesPerSec,
    })),
  );
}

/** A CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled); null is empty. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV: a header of every column (first row's order, then any others), CRLF line ends. */
export function toCsv(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const lines = [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? null)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
