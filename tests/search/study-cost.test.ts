import { describe, expect, it } from 'vitest';
import { estimateTime, studyCost } from '../../search/study-cost.js';

const data = { trainSamples: 12000, valSamples: 2000, augmentation: { shift: 0, flip: false } };

describe('studyCost', () => {
  it('counts epochs at most (everything from zero) and with every kept trial promoted', () => {
    const cost = studyCost({ data, stages: [{ trials: 16, epochs: 1 }, { trials: 6, epochs: 4, keepTop: 3 }, { trials: 2, epochs: 20, keepTop: 2 }] });
    expect(cost.trials).toBe(24);
    expect(cost.stages.map((s) => [s.epochsAtMost, s.epochsWithPromotion])).toEqual([[16, 16], [24, 3 * 4 + 3 * 3], [40, 2 * 16]]);
    expect(cost.epochsAtMost).toBe(80);
    expect(cost.epochsWithPromotion).toBe(16 + 21 + 32);
    expect(cost.trainSamplesAtMost).toBe(80 * 12000);
  });
  it('promotes nothing where promote is false or the epochs do not grow', () => {
    const cost = studyCost({ data, stages: [{ trials: 4, epochs: 3 }, { trials: 2, epochs: 3, keepTop: 2 }, { trials: 2, epochs: 5, keepTop: 1, promote: false }] });
    expect(cost.stages.map((s) => s.epochsWithPromotion)).toEqual([12, 6, 10]);
  });
});

describe('estimateTime', () => {
  it('divides the images by the workers’ summed speeds, and says nothing without a measured speed', () => {
    const cost = studyCost({ data, stages: [{ trials: 10, epochs: 2 }] });
    expect(estimateTime(cost, 12000, [])).toBeNull();
    expect(estimateTime(cost, 12000, [0, Number.NaN])).toBeNull();
    const e = estimateTime(cost, 12000, [8000, 4000])!;
    expect(e).toMatchObject({ workers: 2, samplesPerSec: 12000, secondsAtMost: 20, secondsWithPromotion: 20 });
    expect(e.note).toMatch(/training only/);
  });
});
