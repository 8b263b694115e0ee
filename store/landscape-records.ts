// Loss-landscape records: one hash per study, landscape id → record (progress while it runs,
// then the result). Written only while the study exists (store/guarded-writes.ts).
import type { Redis } from 'ioredis';
import type { LandscapeRecord } from '../types/index.js';
import { keys } from './keys.js';
import { writeIfStudyExists } from './guarded-writes.js';

export class LandscapeRecords {
  constructor(private readonly redis: Redis) {}

  /** Stores a landscape record (new, or its progress and result as it runs). False, and nothing written, when its study is gone. */
  async saveLandscape(record: LandscapeRecord): Promise<boolean> {
    return writeIfStudyExists(this.redis, record.studyId, 'HSET', keys.landscapes(record.studyId), record.id, JSON.stringify(record));
  }

  async deleteLandscape(studyId: string, landscapeId: string): Promise<void> {
    await this.redis.hdel(keys.landscapes(studyId), landscapeId);
  }

  async getLandscape(studyId: string, landscapeId: string): Promise<LandscapeRecord | null> {
    const raw = await this.redis.hget(keys.landscapes(studyId), landscapeId);
    return raw ? (JSON.parse(raw) as LandscapeRecord) : null;
  }

  /** A study's landscapes, oldest first. */
  async listLandscapes(studyId: string): Promise<LandscapeRecord[]> {
    const all = await this.redis.hvals(keys.landscapes(studyId));
    return all.map((r) => JSON.parse(r) as LandscapeRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
