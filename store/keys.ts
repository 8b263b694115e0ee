// Every Redis key the product writes, in one place. BullMQ's own keys live under its `bull:`
// prefix (queue names in store/queues.ts); everything else lives under `opt:`.
//
//   opt:studies                        sorted set   studyId scored by creation time (ms)
//   opt:study:<id>                     string       StudyRecord JSON
//   opt:study:<id>:trials              hash         trialId → TrialRecord JSON
//   opt:study:<id>:epochs:<trialId>    hash         epoch number → EpochMetrics JSON (the kept history)
//   opt:study:<id>:events              stream       StudyEvent entries (field `e` = JSON), read by SSE
//   opt:study:<id>:ckpt:<trialId>      string       binary training checkpoint
//   opt:study:<id>:weights:<trialId>   hash         "epoch:<n>" / "final" → encoded weight tensors (keepWeights studies)
//   opt:study:<id>:landscapes          hash         landscapeId → LandscapeRecord JSON
//   opt:study:<id>:prune:<epoch>       hash         trialId → objective value at that epoch (pruning tables)
//   opt:workers                        hash         workerId → WorkerHeartbeat JSON

export const KEY_PREFIX = 'opt';

export const keys = {
  studies: () => `${KEY_PREFIX}:studies`,
  study: (studyId: string) => `${KEY_PREFIX}:study:${studyId}`,
  trials: (studyId: string) => `${KEY_PREFIX}:study:${studyId}:trials`,
  epochs: (studyId: string, trialId: string) => `${KEY_PREFIX}:study:${studyId}:epochs:${trialId}`,
  events: (studyId: string) => `${KEY_PREFIX}:study:${studyId}:events`,
  checkpoint: (studyId: string, trialId: string) => `${KEY_PREFIX}:study:${studyId}:ckpt:${trialId}`,
  weights: (studyId: string, trialId: string) => `${KEY_PREFIX}:study:${studyId}:weights:${trialId}`,
  landscapes: (studyId: string) => `${KEY_PREFIX}:study:${studyId}:landscapes`,
  pruneTable: (studyId: string, epoch: number) => `${KEY_PREFIX}:study:${studyId}:prune:${epoch}`,
  /** Glob matching every key of one study (its own id is generated, so it holds no glob characters). */
  studyPattern: (studyId: string) => `${KEY_PREFIX}:study:${studyId}:*`,
  workers: () => `${KEY_PREFIX}:workers`,
} as const;

export { LANDSCAPE_ID_PATTERN, STUDY_ID_PATTERN, TRIAL_ID_PATTERN } from '../search/ids.js';

