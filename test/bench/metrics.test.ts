import { describe, expect, it } from 'vitest';
import { percentileInterval } from '../../bench/bootstrap';
import { computeMetrics, type ScoreRow } from '../../bench/metrics';
import { Rng } from '../../sim/rng';
import { MRA_THRESHOLDS, meanRelativeAccuracy } from '../../tasks/numbers';

describe('meanRelativeAccuracy', () => {
  it('uses the thresholds of numpy.linspace(.5, .95, 10)', () => {
    expect(MRA_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
  });

  // Reference values computed with lmms-eval's mean_relative_accuracy (numpy 2.4).
  it.each([
    [1.05, 1, 1.0],
    [1.1, 1, 0.9],
    [0.9, 1, 0.9],
    [1.5, 1, 0.1],
    [0.5, 1, 0.1],
    [2.89, 2.37, 0.6],
    [84, 84, 1.0],
    [100, 84, 0.7],
    [1.2, 1, 0.7],
    [1.25, 1, 0.6],
    [0.75, 1, 0.6],
    [3, 2, 0.1],
    [17.5 * 1.22, 17.5, 0.6],
    [20, 30, 0.4],
    [1.45, 1, 0.2],
    [0.55, 1, 0.2],
    [0.95, 1, 1.0],
    [1.3, 1, 0.5],
    [0.7, 1, 0.5],
    [3.33, 3, 0.8],
  ])('MRA(%d, %d) = %d as lmms-eval computes it', (pred, gt, expected) => {
    expect(meanRelativeAccuracy(pred, gt)).toBeCloseTo(expected, 12);
  });

  it('scores an unparsable answer 0', () => {
    expect(meanRelativeAccuracy(null, 2)).toBe(0);
    expect(meanRelativeAccuracy(Number.NaN, 2)).toBe(0);
  });
});

describe('computeMetrics', () => {
  const rows: ScoreRow[] = [
    ...[1, 1, 0, 1].map((score) => ({ task: 'count', kind: 'static' as const, pair: null, score })),
    ...[0.5, 0.7].map((score) => ({ task: 'distance', kind: 'static' as const, pair: null, score })),
    ...[0, 1].map((score) => ({ task: 'ego_motion', kind: 'dynamic' as const, pair: null, score })),
  ];

  it('averages within tasks, then over tasks per kind and overall', () => {
    const m = computeMetrics(rows, { resamples: 0, rng: Rng.root(0) });
    expect(m.by_task.count).toEqual({ score: 0.75, lo: 0.75, hi: 0.75, n: 4 });
    expect(m.by_task.distance.score).toBeCloseTo(0.6, 12);
    expect(m.by_kind.static?.score).toBeCloseTo((0.75 + 0.6) / 2, 12);
    expect(m.by_kind.dynamic?.score).toBe(0.5);
    expect(m.overall.score).toBeCloseTo((0.75 + 0.6 + 0.5) / 3, 12);
    expect(m.overall.n).toBe(8);
    expect(m.gap).toBeNull();
  });

  it('brackets each estimate with a reproducible bootstrap interval', () => {
    const a = computeMetrics(rows, { resamples: 300, rng: Rng.root(5) });
    const b = computeMetrics(rows, { resamples: 300, rng: Rng.root(5) });
    expect(a).toEqual(b);
    for (const s of [a.overall, ...Object.values(a.by_task), ...Object.values(a.by_kind)]) {
      expect(s!.lo).toBeLessThanOrEqual(s!.score);
      expect(s!.hi).toBeGreaterThanOrEqual(s!.score);
    }
    expect(a.by_task.count.lo).toBeLessThan(a.by_task.count.hi);
  });

  it('measures the far-looks-up gap over complete pairs only', () => {
    const pair = (id: string, role: 'consistent' | 'counter', score: number): ScoreRow => ({
      task: 'depth_order',
      kind: 'static',
      pair: { id, role },
      score,
    });
    const m = computeMetrics(
      [
        pair('p1', 'consistent', 1),
        pair('p1', 'counter', 0),
        pair('p2', 'consistent', 1),
        pair('p2', 'counter', 1),
        pair('p3', 'consistent', 0),
        pair('p3', 'counter', 1),
        pair('p4', 'consistent', 1), // twin not asked: left out
      ],
      { resamples: 0, rng: Rng.root(0) },
    );
    expect(m.gap).toMatchObject({
      pairs: 3,
      right_consistent_wrong_counter: 1,
      wrong_consistent_right_counter: 1,
    });
    expect(m.gap!.consistent.score).toBeCloseTo(2 / 3, 12);
    expect(m.gap!.counter.score).toBeCloseTo(2 / 3, 12);
    expect(m.gap!.gap.score).toBeCloseTo(0, 12);
  });
});

describe('percentileInterval', () => {
  it('interpolates like numpy.percentile', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i);
    const a = percentileInterval(samples);
    expect(a.lo).toBeCloseTo(2.5, 12);
    expect(a.hi).toBeCloseTo(97.5, 12);
    const b = percentileInterval([3, 1, 2, 4]);
    expect(b.lo).toBeCloseTo(1.075, 12);
    expect(b.hi).toBeCloseTo(3.925, 12);
  });
});
