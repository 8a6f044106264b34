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
  const row = (
    task: string,
    kind: ScoreRow['kind'],
    score: number,
    i: number,
    more: Partial<ScoreRow> = {},
  ) => ({
    id: `${task}-${i}`,
    task,
    kind,
    form: 'image' as const,
    capabilities: ['spatial_relation'],
    level: 'perception',
    answer_type: 'choice',
    pair: null,
    score,
    ...more,
  });
  const rows: ScoreRow[] = [
    ...[1, 1, 0, 1].map((score, i) => row('count', 'static', score, i, { capabilities: ['counting'] })),
    ...[0.5, 0.7].map((score, i) => row('distance', 'static', score, i, { capabilities: ['distance'] })),
    ...[0, 1].map((score, i) =>
      row('ego_motion', 'dynamic', score, i, {
        capabilities: ['egocentric_motion', 'spatial_relation'],
        level: 'reasoning',
      }),
    ),
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
    expect(m.perception_gap).toEqual({});
    expect(m.details).toEqual({});
  });

  it('groups by form, capability and level, averaging over the tasks in each group', () => {
    const m = computeMetrics(rows, { resamples: 0, rng: Rng.root(0) });
    expect(Object.keys(m.by_form)).toEqual(['image']);
    expect(m.by_form.image.score).toBeCloseTo((0.75 + 0.6 + 0.5) / 3, 12);
    expect(m.by_form.image.n).toBe(8);
    // An item counts in every capability it has.
    expect(Object.keys(m.by_capability)).toEqual([
      'counting',
      'distance',
      'egocentric_motion',
      'spatial_relation',
    ]);
    expect(m.by_capability.counting).toEqual({ score: 0.75, lo: 0.75, hi: 0.75, n: 4 });
    expect(m.by_capability.distance.score).toBeCloseTo(0.6, 12);
    expect(m.by_capability.egocentric_motion).toEqual({ score: 0.5, lo: 0.5, hi: 0.5, n: 2 });
    expect(m.by_capability.spatial_relation).toEqual({ score: 0.5, lo: 0.5, hi: 0.5, n: 2 });
    expect(m.by_level.perception.score).toBeCloseTo((0.75 + 0.6) / 2, 12);
    expect(m.by_level.perception.n).toBe(6);
    expect(m.by_level.reasoning).toEqual({ score: 0.5, lo: 0.5, hi: 0.5, n: 2 });
  });

  it('measures the perception gap per task over image items whose text twin was asked', () => {
    const m = computeMetrics(
      [
        row('size', 'static', 0, 0),
        row('size', 'static', 1, 0, { id: 'size-0-text', form: 'text' }),
        row('size', 'static', 1, 1),
        row('size', 'static', 1, 1, { id: 'size-1-text', form: 'text' }),
        row('size', 'static', 0, 2), // no twin asked: left out of the gap
        row('count', 'static', 1, 0), // no twin at all
        row('count', 'static', 0, 9, { id: 'count-9-text', form: 'text' }), // twin of nothing asked
      ],
      { resamples: 0, rng: Rng.root(0) },
    );
    expect(Object.keys(m.perception_gap)).toEqual(['size']);
    expect(m.perception_gap.size).toEqual({
      pairs: 2,
      image: { score: 0.5, lo: 0.5, hi: 0.5, n: 2 },
      text: { score: 1, lo: 1, hi: 1, n: 2 },
      gap: { score: 0.5, lo: 0.5, hi: 0.5, n: 2 },
    });
    expect(m.by_form.image.score).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(m.by_form.text.score).toBeCloseTo((1 + 0) / 2, 12);
    expect(m.by_form.text.n).toBe(3);
  });

  it('averages the secondary figures of structured answers per task', () => {
    const m = computeMetrics(
      [
        row('box_grounding', 'static', 1, 0, { detail: { iou: 0.8 } }),
        row('box_grounding', 'static', 0, 1, { detail: { iou: 0.2 } }),
        row('box_grounding', 'static', 0, 2, { detail: null }),
        row('count', 'static', 1, 0),
      ],
      { resamples: 0, rng: Rng.root(0) },
    );
    expect(Object.keys(m.details)).toEqual(['box_grounding']);
    expect(m.details.box_grounding.iou.score).toBeCloseTo(0.5, 12);
    expect(m.details.box_grounding.iou.n).toBe(2);
  });

  it('brackets each estimate with a reproducible bootstrap interval', () => {
    const a = computeMetrics(rows, { resamples: 300, rng: Rng.root(5) });
    const b = computeMetrics(rows, { resamples: 300, rng: Rng.root(5) });
    expect(a).toEqual(b);
    for (const s of [
      a.overall,
      ...Object.values(a.by_task),
      ...Object.values(a.by_kind),
      ...Object.values(a.by_capability),
      ...Object.values(a.by_level),
    ]) {
      expect(s!.lo).toBeLessThanOrEqual(s!.score);
      expect(s!.hi).toBeGreaterThanOrEqual(s!.score);
    }
    expect(a.by_task.count.lo).toBeLessThan(a.by_task.count.hi);
  });

  it('measures the far-looks-up gap over complete pairs only', () => {
    const pair = (id: string, role: 'consistent' | 'counter', score: number): ScoreRow =>
      row('depth_order', 'static', score, 0, { id: `${id}-${role}`, pair: { id, role } });
    const m = computeMetrics(
      [
        pair('p1', 'consistent', 1),
        pair('p1', 'counter', 0),
        pair('p2', 'consistent', 1),
        pair('p2', 'counter', 1),
        pair('p3', 'consistent', 0),
        pair('p3', 'counter', 1),
        pair('p4', 'consistent', 1), // twin not asked: left out
        // Text twins carry their image twins' pairs, but "far looks up" is about images: left out.
        { ...pair('p1', 'counter', 1), id: 'p1-counter-text', form: 'text' },
        { ...pair('p4', 'counter', 0), id: 'p4-counter-text', form: 'text' },
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
