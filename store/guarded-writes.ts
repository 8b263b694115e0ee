// The scripts that keep a deleted study deleted (see store/study-store.ts): every write that could
// create one of a study's keys again runs only while the study's record exists, in one script, so
// a worker finishing late cannot bring a key of it back. Shared by the parts of the store.
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** Runs one write command (ARGV[1]) on KEYS[2] with the remaining ARGV only while the study record KEYS[1] exists; 1 if it ran. */
const WRITE_IF_STUDY_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call(ARGV[1], KEYS[2], unpack(ARGV, 2))
return 1`;

/** One write to a key of the study, made only while the study's record exists. */
export async function writeIfStudyExists(redis: Redis, studyId: string, command: 'SET' | 'HSET', key: string, ...args: Array<string | Buffer>): Promise<boolean> {
  return (await redis.eval(WRITE_IF_STUDY_EXISTS, 2, keys.study(studyId), key, command, ...args)) === 1;
}

export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
export const fromBuffer = (buf: Buffer): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
