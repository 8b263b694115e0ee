// The short chaos run (npm run bench:chaos is the full one): 2 worker processes on the synthetic
// set, a busy worker SIGKILLed every ~3 s from the first epoch on, Redis (AOF) restarted once.
// The study must complete with every epoch recorded exactly once.
import { describe, expect, it } from 'vitest';
import { formatChaos, runChaos } from '../../bench/chaos.js';
import { tinyStudySpec } from '../helpers/specs.js';

describe('a study under chaos: workers SIGKILLed, Redis restarted', () => {
  it('completes with no epoch lost and none duplicated', async () => {
    const spec = tinyStudySpec({
      name: 'chaos',
      stages: [
        { trials: 4, epochs: 4 },
        { trials: 3, epochs: 6, keepTop: 2 },
        { trials: 2, epochs: 8, keepTop: 1 },
      ],
      earlyStopping: { enabled: false },
      data: { trainSamples: 3584, valSamples: 256 },
    });
    const lines: string[] = [];
    const r = await runChaos({ workers: 2, killEveryMs: 3000, spec, restartRedisAtEpochs: 16, seed: 3, timeoutMs: 240_000, lockMs: 2000, log: (l) => lines.push(l) });
    console.log(formatChaos(r));
    const summary = `${JSON.stringify(r)}\n${lines.join('\n')}`;
    expect(r.study, summary).toBe('completed');
    expect(r.epochsLost, summary).toBe(0);
    expect(r.epochsDuplicated, summary).toBe(0);
    expect(r.kills, summary).toBeGreaterThanOrEqual(1);
    expect(r.redisRestarts, summary).toBe(1);
    expect(r.trials).toBe(9);
  }, 300_000);
});
