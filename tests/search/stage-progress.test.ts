// A stage's counts and state word: cancelled trials are not done, and a cancelled study's
// unfinished stages, never-planned ones included, say cancelled.
import { describe, expect, it } from 'vitest';
import { stageState, tallyTrials } from '../../search/stage-progress.js';

describe('tallyTrials', () => {
  it('counts cancelled trials apart from the done ones, and queued ones not at all', () => {
    expect(tallyTrials(['completed', 'early-stopped', 'diverged', 'failed', 'cancelled', 'cancelled', 'running', 'queued'])).toEqual({ finished: 4, cancelled: 2, running: 1 });
  });
});

describe('stageState', () => {
  const none = { finished: 0, cancelled: 0, running: 0 };
  const started = { finished: 1, cancelled: 0, running: 0 };

  it('is pending before the stage is planned, queued until a trial starts, then running', () => {
    expect(stageState(null, 'running', none)).toBe('pending');
    expect(stageState('queued', 'running', none)).toBe('queued');
    expect(stageState('queued', 'running', started)).toBe('running');
    expect(stageState('queued', 'running', { ...none, running: 1 })).toBe('running');
  });

  it('keeps a completed stage completed after a cancel', () => {
    expect(stageState('completed', 'cancelled', started)).toBe('completed');
  });

  it('shows every other stage of a cancelled study as cancelled, a never-planned one too', () => {
    expect(stageState('cancelled', 'cancelled', started)).toBe('cancelled');
    expect(stageState('queued', 'cancelled', started)).toBe('cancelled');
    expect(stageState(null, 'cancelled', none)).toBe('cancelled');
  });
});
