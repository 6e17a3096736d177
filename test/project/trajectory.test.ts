import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cagr, growthRate, leastSquares, progressClass, projectSeries, trajectory, type TrajectoryInput } from '../../src/core/trajectory.js';
import type { Target } from '../../src/core/types.js';

const atLeast18: Target = { value: 18, comparator: '>=' };

/** The README's worked example: baseline 9.8 (2020), target 18 (2025), observed 13.1 (2023). */
const worked: TrajectoryInput = {
  baseline: { year: 2020, value: 9.8 },
  ownBaseline: true,
  observations: [{ year: 2023, value: 13.1 }],
  target: atLeast18,
  targetValue: 18,
  targetYear: 2025,
};

describe('the worked example', () => {
  const t = trajectory(worked);

  it('uses growth rates from the two end points', () => {
    expect(t).toMatchObject({ method: 'cagr', linear_reason: null, fit: 'end_points' });
    // (13.1 / 9.8)^(1/3) − 1 and (18 / 9.8)^(1/5) − 1
    expect(t.growth_actual).toBeCloseTo(0.1016, 4);
    expect(t.growth_required).toBeCloseTo(0.1293, 4);
    expect(t.growth_actual).toBeCloseTo((13.1 / 9.8) ** (1 / 3) - 1, 12);
  });

  it('classes R ≈ 0.786 as progress that needs acceleration', () => {
    expect(t.ratio).toBeCloseTo(0.786, 3);
    expect(t.progress).toBe('acceleration_needed');
  });

  it('puts the straight line at 14.72 in 2023 and projects 15.90 for 2025', () => {
    expect(t.expected).toBeCloseTo(14.72, 10);
    expect(t.projected).toBeCloseTo(15.9, 2);
    expect(t.projected).toBeCloseTo(13.1 * (13.1 / 9.8) ** (2 / 3), 10);
    expect(t.projected_meets).toBe(false);
  });

  it('gives the growth and the pace needed from now', () => {
    expect(t.growth_needed).toBeCloseTo(Math.sqrt(18 / 13.1) - 1, 12);
    expect(t.pace_needed).toBeCloseTo((18 - 13.1) / 2, 12);
    expect(t.pace_required).toBeCloseTo((18 - 9.8) / 5, 12);
  });

  it('reaches the target in 2027 at this pace (3.28 years after 2023)', () => {
    expect(t.reached_year).toBe(2027);
  });
});

describe('progress classes', () => {
  it('uses the Eurostat thresholds 0.95 and 0.60', () => {
    expect(progressClass(0.95)).toBe('on_track');
    expect(progressClass(0.9499)).toBe('acceleration_needed');
    expect(progressClass(0.6)).toBe('acceleration_needed');
    expect(progressClass(0.5999)).toBe('limited_progress');
    expect(progressClass(0)).toBe('limited_progress');
    expect(progressClass(-0.01)).toBe('deterioration');
  });

  it('tests "target achieved" before any ratio', () => {
    const t = trajectory({ ...worked, observations: [{ year: 2022, value: 11 }, { year: 2023, value: 18.5 }] });
    expect(t.progress).toBe('target_achieved');
    expect(t.reached_year).toBe(2023);
  });

  it('calls a fall deterioration', () => {
    const t = trajectory({ ...worked, observations: [{ year: 2023, value: 9 }] });
    expect(t.ratio).toBeLessThan(0);
    expect(t.progress).toBe('deterioration');
    expect(t.reached_year).toBeNull();
  });
});

describe('a decrease target ("about 1.9", lower is better)', () => {
  const about: Target = { value: 1.9, comparator: '≈', tolerance: 0.05, better: 'lower' };
  const input: TrajectoryInput = {
    baseline: { year: 2020, value: 2.2 },
    ownBaseline: true,
    observations: [{ year: 2024, value: 2.1 }],
    target: about,
    targetValue: 1.9,
    targetYear: 2025,
  };

  it('flips the sign: a falling ratio is progress', () => {
    const t = trajectory(input);
    const actual = (2.1 / 2.2) ** (1 / 4) - 1;
    const required = (1.9 / 2.2) ** (1 / 5) - 1;
    expect(t.growth_actual).toBeCloseTo(actual, 12);
    expect(t.growth_required).toBeCloseTo(required, 12);
    expect(t.ratio).toBeCloseTo(-actual / Math.abs(required), 12);
    expect(t.ratio).toBeGreaterThan(0);
    expect(t.progress).toBe('limited_progress'); // R ≈ 0.39
  });

  it('and a rising ratio is deterioration', () => {
    expect(trajectory({ ...input, observations: [{ year: 2024, value: 2.3 }] }).progress).toBe('deterioration');
  });

  it('counts the band: 1.94 meets "about 1.9 ±0.05"', () => {
    expect(trajectory({ ...input, observations: [{ year: 2024, value: 1.94 }] }).progress).toBe('target_achieved');
  });

  it('reaches the edge of the band, not the centre', () => {
    // 2.1 falling at the trend's rate reaches 1.95 (the band's upper edge) before 1.9
    const t = trajectory(input);
    const rate = (2.1 / 2.2) ** (1 / 4) - 1;
    const years = Math.log(1.95 / 2.1) / Math.log(1 + rate);
    expect(t.reached_year).toBe(2024 + Math.ceil(years));
  });
});

describe('fallbacks to the straight-line method', () => {
  it('a zero baseline', () => {
    const t = trajectory({ ...worked, baseline: { year: 2020, value: 0 }, observations: [{ year: 2023, value: 6 }] });
    expect(t).toMatchObject({ method: 'linear', linear_reason: 'baseline_not_positive', growth_actual: null, growth_required: null });
    // 2 per year against the 3.6 per year the line from 0 to 18 asks for
    expect(t.pace_actual).toBeCloseTo(2, 12);
    expect(t.pace_required).toBeCloseTo(3.6, 12);
    expect(t.ratio).toBeCloseTo(2 / 3.6, 12);
    expect(t.progress).toBe('limited_progress');
    expect(t.projected).toBeCloseTo(10, 12);
    expect(t.reached_year).toBe(2029); // 6 + 2/yr reaches 18 after 6 years
  });

  it('a single data point of the region\'s own, against the plan\'s baseline', () => {
    const t = trajectory({ ...worked, ownBaseline: false });
    expect(t).toMatchObject({ method: 'linear', linear_reason: 'single_observation' });
    expect(t.pace_actual).toBeCloseTo(1.1, 12);
    expect(t.ratio).toBeCloseTo(1.1 / 1.64, 12);
    expect(t.projected).toBeCloseTo(15.3, 12);
  });

  it('a target equal to the baseline: no required pace, so missing it is deterioration', () => {
    const t = trajectory({ ...worked, targetValue: 9.8, target: { value: 9.8, comparator: '>=' }, observations: [{ year: 2023, value: 9.5 }] });
    expect(t).toMatchObject({ method: 'linear', linear_reason: 'target_equals_baseline', ratio: null, progress: 'deterioration' });
  });

  it('a negative value', () => {
    const t = trajectory({ ...worked, observations: [{ year: 2022, value: -1 }, { year: 2023, value: 13.1 }] });
    expect(t.linear_reason).toBe('value_not_positive');
  });
});

describe('more than two points: a least-squares trend on log values', () => {
  it('recovers the growth rate of an exactly geometric series', () => {
    const points = [2020, 2022, 2023, 2024].map((year) => ({ year, value: 10 * 1.07 ** (year - 2020) }));
    expect(growthRate(points)).toBeCloseTo(0.07, 12);
  });

  it('uses every point, not just the ends', () => {
    // Unevenly spaced: with 2020, 2022, 2024 the middle point would not move a straight line's slope.
    const t = trajectory({ ...worked, observations: [{ year: 2021, value: 14 }, { year: 2024, value: 13 }] });
    expect(t.fit).toBe('least_squares');
    const ends = (13 / 9.8) ** (1 / 4) - 1;
    const logs = [9.8, 14, 13].map(Math.log);
    const years = [2020, 2021, 2024];
    const slope = leastSquares(years.map((x, i) => ({ x, y: logs[i]! }))).slope;
    expect(t.growth_actual).toBeCloseTo(Math.exp(slope) - 1, 12);
    expect(t.growth_actual).not.toBeCloseTo(ends, 3);
  });

  it('with two points equals the end-point CAGR (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 1e6, noNaN: true }), fc.double({ min: 0.1, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 10 }), (a, b, years) => {
        const rate = growthRate([{ year: 2020, value: a }, { year: 2020 + years, value: b }]);
        const expected = cagr(a, b, years);
        expect(Math.abs(rate - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      }),
    );
  });
});

describe('projectSeries', () => {
  it('carries a positive series forward at its growth rate, others at their pace, one point as is', () => {
    expect(projectSeries([{ year: 2020, value: 100 }, { year: 2022, value: 121 }], 2024)).toBeCloseTo(146.41, 10);
    expect(projectSeries([{ year: 2020, value: 0 }, { year: 2022, value: 4 }], 2025)).toBeCloseTo(10, 12);
    expect(projectSeries([{ year: 2022, value: 7 }], 2025)).toBe(7);
  });
});
