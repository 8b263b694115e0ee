// A trial whose early-stopping rule fires on its last planned epoch cut nothing short: the dashboard
// does not call it "stopped early" (trials table, best table, tooltips, LR view).
import { describe, expect, it } from 'vitest';
import { trialStateLabel } from '../../web/src/shared/format.js';
import { markerTip } from '../../web/src/study/curves-tips.js';
import { MARKER_KINDS } from '../../web/src/study/curves-data.js';

describe('trialStateLabel', () => {
  it('calls an early stop on the last planned epoch "trained out", one before it "stopped early"', () => {
    expect(trialStateLabel('early-stopped', 3, 3)).toBe('trained out');
    expect(trialStateLabel('early-stopped', 2, 3)).toBe('stopped early');
    expect(trialStateLabel('early-stopped', 2, undefined)).toBe('stopped early');
    expect(trialStateLabel('completed', 3, 3)).toBe('completed');
    expect(trialStateLabel('pruned', 1, 3)).toBe('pruned');
  });

  it('titles the stop marker on the last epoch as the rule met at the end, not an early stop', () => {
    const trial = { id: 's0-t02', stage: 0, index: 2, status: 'early-stopped', epochs: [{}, {}, {}], epochsPlanned: 3, bestEpoch: 1, bestMetric: 0.9, stopReason: 'val_loss did not improve for 2 epochs', config: null };
    const tip = (epoch: number) => markerTip({ trial, kind: MARKER_KINDS.stop, epoch, value: 0.3 } as never, null).title;
    expect(tip(3)).toBe('Early-stopping rule met at its last epoch (3 of 3)');
    expect(tip(2)).toBe('Stopped early after epoch 2 of 3');
  });
});
