// Messages between a data-parallel trainer and its helper thread (besides the shared memory of
// shared-part.ts, which carries every step): the model to replicate, and the helper's replies.
import type { ModelSpec } from '../../../types/index.js';
import type { DatasetInfo } from '../../../search/dataset-info.js';
import type { PartSizes } from './shared-part.js';

/** What a helper needs to build a replica of the trainer's model (its weights come every step). */
export interface ReplicaSpec {
  model: ModelSpec;
  info: DatasetInfo;
  l2: number;
  dropout: number;
}

export type ToHelper = { type: 'model'; replica: ReplicaSpec; sizes: PartSizes; buffer: SharedArrayBuffer };

export type FromHelper = { type: 'ready' } | { type: 'failed'; message: string };
