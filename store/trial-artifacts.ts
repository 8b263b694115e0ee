// What a trial leaves besides its record: its checkpoint (to resume or be promoted from) and, for
// studies with keepWeights, its weights after every epoch and at the end (loss landscapes project
// them). Binary values; written only while the study exists (store/guarded-writes.ts).
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { fromBuffer, toBuffer, writeIfStudyExists } from './guarded-writes.js';

/** COPYs (no REPLACE) of KEYS[2] → KEYS[3], KEYS[4] → KEYS[5], … while the study (KEYS[1]) exists: a deleted study gets no keys back. */
const COPY_IF_STUDY_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #KEYS - 1, 2 do redis.call('COPY', KEYS[i], KEYS[i + 1]) end
return 1`;

export interface KeptWeights {
  epochs: Array<{ epoch: number; bytes: Uint8Array }>;
  final: Uint8Array | null;
}

export class TrialArtifacts {
  constructor(private readonly redis: Redis) {}

  /** Stores a trial's checkpoint (nothing once its study was deleted). */
  async saveCheckpoint(studyId: string, trialId: string, bytes: Uint8Array): Promise<void> {
    await writeIfStudyExists(this.redis, studyId, 'SET', keys.checkpoint(studyId, trialId), toBuffer(bytes));
  }

  async loadCheckpoint(studyId: string, trialId: string): Promise<Uint8Array | null> {
    const buf = await this.redis.getBuffer(keys.checkpoint(studyId, trialId));
    return buf ? fromBuffer(buf) : null;
  }

  /**
   * A promoted trial's start: copies of its parent's checkpoint, epoch history and (keepWeights)
   * per-epoch weights, so its record, curve and loss landscape cover its whole training. Never over
   * the trial's own (COPY without REPLACE), so a re-run stage job cannot undo training already done.
   */
  async copyTrialState(studyId: string, fromTrialId: string, toTrialId: string): Promise<void> {
    const pairs = [keys.checkpoint, keys.epochs, keys.weights].flatMap((key) => [key(studyId, fromTrialId), key(studyId, toTrialId)]);
    await this.redis.eval(COPY_IF_STUDY_EXISTS, 1 + pairs.length, keys.study(studyId), ...pairs);
  }

  async deleteCheckpoint(studyId: string, trialId: string): Promise<void> {
    await this.redis.unlink(keys.checkpoint(studyId, trialId));
  }

  /** Stores the weights after `epoch` (1-based), or the trial's final weights, as encodeTensors bytes (nothing once the study was deleted). */
  async saveWeights(studyId: string, trialId: string, which: number | 'final', bytes: Uint8Array): Promise<void> {
    const field = which === 'final' ? 'final' : `epoch:${which}`;
    await writeIfStudyExists(this.redis, studyId, 'HSET', keys.weights(studyId, trialId), field, toBuffer(bytes));
  }

  /** True when the trial's final weights were kept. */
  async hasFinalWeights(studyId: string, trialId: string): Promise<boolean> {
    return (await this.redis.hexists(keys.weights(studyId, trialId), 'final')) === 1;
  }

  /** The kept weights of a trial: per epoch in epoch order, and the final ones (null when not kept). */
  async loadWeights(studyId: string, trialId: string): Promise<KeptWeights> {
    const all = await this.redis.hgetallBuffer(keys.weights(studyId, trialId));
    const epochs: KeptWeights['epochs'] = [];
    let final: Uint8Array | null = null;
    for (const [field, buf] of Object.entries(all)) {
      if (field === 'final') final = fromBuffer(buf);
      else if (/^epoch:\d+$/.test(field)) epochs.push({ epoch: Number(field.slice(6)), bytes: fromBuffer(buf) });
    }
    return { epochs: epochs.sort((a, b) => a.epoch - b.epoch), final };
  }
}
