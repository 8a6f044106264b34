import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { numericChoices, quantityAnswer, shuffledChoices, yesNo } from '../../tasks/answers';
import { formatQuantity, roundAnswer } from '../../tasks/numbers';
import { letter } from '../../tasks/schema';
import { pickBalanced, pickDisjoint, pickUnguessable } from '../../tasks/selection';
import { boxGap, leftOrRight, sideOf } from '../../tasks/spatial';

const DEG = Math.PI / 180;

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('roundAnswer / formatQuantity', () => {
  it('rounds per unit: m 0.01, m² 0.1, cm and degrees 1, without binary noise', () => {
    expect(roundAnswer(2.345678, 'm')).toBe(2.35);
    expect(roundAnswer(0.1 + 0.2, 'm')).toBe(0.3);
    expect(roundAnswer(17.349, 'm2')).toBe(17.3);
    expect(roundAnswer(84.5, 'cm')).toBe(85);
    expect(roundAnswer(-0.0001, 'deg')).toBe(0);
  });

  it('shows option values at a readable precision', () => {
    expect(formatQuantity(0.834, 'm')).toBe('0.83 m');
    expect(formatQuantity(2.37, 'm')).toBe('2.4 m');
    expect(formatQuantity(17.35, 'm2')).toBe('17.4 m²');
    expect(formatQuantity(44.6, 'deg')).toBe('45°');
  });
});

describe('shuffledChoices / yesNo', () => {
  it('puts the right option at every letter equally often', () => {
    const rng = Rng.root(1);
    const letters = Array.from(
      { length: 4000 },
      () => shuffledChoices(rng, 'a', ['b', 'c', 'd']).answer as string,
    );
    for (const n of Object.values(tally(letters))) expect(n / 4000).toBeCloseTo(0.25, 1);
    const yes = Array.from({ length: 2000 }, () => yesNo(rng, true));
    expect(yes.every((p) => p.choices![(p.answer as string).charCodeAt(0) - 65] === 'yes')).toBe(true);
    expect(tally(yes.map((p) => p.answer as string)).A / 2000).toBeCloseTo(0.5, 1);
  });

  it('deals the right position within a stream: every letter exactly as often, uniform across streams', () => {
    // 12 items with 3 options in one task's stream: each letter right exactly 4 times.
    const rng = Rng.root(2).fork('scene', 0, 'tasks', 'relative_distance');
    const dealt = Array.from({ length: 12 }, () => shuffledChoices(rng, 'a', ['b', 'c']).answer as string);
    expect(tally(dealt)).toEqual({ A: 4, B: 4, C: 4 });
    // The first item of each of many streams (a scene with one item): A as often as B or C.
    const first = Array.from(
      { length: 3000 },
      (_, k) => shuffledChoices(Rng.root(3).fork('scene', k), 'a', ['b', 'c']).answer as string,
    );
    for (const n of Object.values(tally(first))) expect(n / 3000).toBeCloseTo(1 / 3, 1);
  });

  it('refuses duplicate options', () => {
    expect(() => shuffledChoices(Rng.root(0), 'left', ['left'])).toThrow(/duplicate/);
  });
});

describe('numericChoices', () => {
  // A skewed quantity (log-normal, like distances in rooms): the truth and the pool from it.
  const draw = (rng: Rng) => Math.exp(rng.range(-1, 1) + rng.range(-1, 1) + 0.5);

  it('shows 3–4 ascending, distinct values at least 25% apart, the truth at a uniform rank', () => {
    const rng = Rng.root(2);
    const ranks: string[] = [];
    for (let k = 0; k < 6000; k++) {
      const truth = draw(rng);
      const parts = numericChoices(
        rng,
        truth,
        'm',
        Array.from({ length: 12 }, () => draw(rng)),
        3,
      );
      if (!parts) continue;
      const values = parts.choices!.map((c) => Number.parseFloat(c));
      expect([...values].sort((a, b) => a - b)).toEqual(values);
      expect(new Set(values).size).toBe(3);
      const shown = values[(parts.answer as string).charCodeAt(0) - 65];
      expect(Math.abs(shown - truth)).toBeLessThanOrEqual(0.05 + 1e-9);
      for (let i = 1; i < 3; i++) expect(values[i] / values[i - 1]).toBeGreaterThan(1.15);
      ranks.push(parts.answer as string);
    }
    expect(ranks.length).toBeGreaterThan(2000);
    for (const n of Object.values(tally(ranks))) expect(n / ranks.length).toBeCloseTo(1 / 3, 1);
  });

  it('leaves a prior over the quantity at chance: the option nearest its typical value is right 1 in 4', () => {
    const rng = Rng.root(5);
    let right = 0;
    let asked = 0;
    for (let k = 0; k < 4000; k++) {
      const truth = draw(rng);
      const parts = numericChoices(
        rng,
        truth,
        'm',
        Array.from({ length: 12 }, () => draw(rng)),
        4,
      );
      if (!parts) continue;
      asked++;
      const values = parts.choices!.map((c) => Number.parseFloat(c));
      const typical = Math.exp(0.5);
      const errors = values.map((v) => Math.abs(Math.log(v / typical)));
      right += Number(letter(errors.indexOf(Math.min(...errors))) === parts.answer);
    }
    expect(asked).toBeGreaterThan(1000);
    // Four standard errors of a fair guesser.
    expect(Math.abs(right / asked - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / asked));
  });

  it('returns null when the pool holds too few values apart, and quantityAnswer falls back to a number', () => {
    expect(numericChoices(Rng.root(3), 10, 'm', [10.5, 11, 9.5, 30], 4)).toBeNull();
    const parts = quantityAnswer(Rng.root(3), 10, 'm', []);
    expect(parts).toEqual({ choices: null, answer: 10, unit: 'm' });
  });
});

describe('pickBalanced / pickUnguessable / pickDisjoint', () => {
  const items = Array.from({ length: 40 }, (_, i) => ({
    i,
    cls: i % 4 === 0 ? 'rare' : 'common',
    group: i % 2 ? 'g1' : 'g2',
  }));

  it('pickBalanced draws each class about equally often when each is available', () => {
    const got = Array.from(
      { length: 500 },
      (_, s) => pickBalanced(Rng.root(s), items, 1, (c) => c.cls, ['rare', 'common'])[0].cls,
    );
    expect(tally(got).rare / 500).toBeCloseTo(0.5, 1);
  });

  it('pickUnguessable uses only groups offering every answer, each answer equally often', () => {
    const onlyLeft = [{ group: 'turn', answer: 'left' }];
    expect(
      pickUnguessable(
        Rng.root(0),
        onlyLeft,
        3,
        (c) => c.group,
        (c) => c.answer,
        ['left', 'right'],
      ),
    ).toEqual([]);
    const both = [
      ...onlyLeft,
      ...Array.from({ length: 9 }, () => ({ group: 'move', answer: 'right' })),
      { group: 'move', answer: 'left' },
    ];
    const got = Array.from(
      { length: 600 },
      (_, s) =>
        pickUnguessable(
          Rng.root(s),
          both,
          1,
          (c) => c.group,
          (c) => c.answer,
          ['left', 'right'],
        )[0],
    );
    expect(got.every((c) => c.group === 'move')).toBe(true);
    expect(tally(got.map((c) => c.answer)).left / 600).toBeCloseTo(0.5, 1);
  });

  it('pickDisjoint never uses an object twice', () => {
    const pairs = [
      [1, 2],
      [2, 3],
      [3, 4],
      [1, 4],
    ];
    const got = pickDisjoint(Rng.root(5), pairs, 3, (p) => p);
    expect(new Set(got.flat()).size).toBe(got.flat().length);
  });
});

describe('sideOf / leftOrRight / boxGap', () => {
  it('classifies angles into quarters, dropping those within 15° of an edge', () => {
    expect(sideOf(0)).toBe('front');
    expect(sideOf(80 * DEG)).toBe('left');
    expect(sideOf(-100 * DEG)).toBe('right');
    expect(sideOf(179 * DEG)).toBe('behind');
    expect(sideOf(-179 * DEG)).toBe('behind');
    expect(sideOf(40 * DEG)).toBeNull();
    expect(sideOf(29 * DEG)).toBe('front');
    expect(sideOf(31 * DEG)).toBeNull();
    expect(leftOrRight(10 * DEG)).toBeNull();
    expect(leftOrRight(170 * DEG)).toBeNull();
    expect(leftOrRight(-30 * DEG)).toBe('right');
  });

  it('measures the gap between upright boxes: side by side, diagonal, stacked, overlapping', () => {
    const box = (position: [number, number, number], yaw = 0) => ({
      size: [1, 1, 1] as const,
      position,
      yaw,
    });
    expect(boxGap(box([0, 0.5, 0]), box([3, 0.5, 0]))).toBeCloseTo(2, 9);
    expect(boxGap(box([0, 0.5, 0]), box([3, 0.5, 3]))).toBeCloseTo(Math.hypot(2, 2), 9);
    expect(boxGap(box([0, 0.5, 0]), box([0, 2.5, 0]))).toBeCloseTo(1, 9);
    expect(boxGap(box([0, 0.5, 0]), box([0.5, 0.5, 0], 0.7))).toBe(0);
    // A box turned 45° reaches √½ towards its neighbour.
    expect(boxGap(box([0, 0.5, 0]), box([3, 0.5, 0], Math.PI / 4))).toBeCloseTo(2.5 - Math.SQRT1_2, 9);
  });
});
