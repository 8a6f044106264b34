import { describe, expect, it } from 'vitest';
import { extractChoice, extractChoiceStrict, extractNumber, extractNumberStrict } from '../../bench/extract';

const CHOICES = ['the red chair', 'the blue box', 'the chair'];

describe('extractChoice', () => {
  it.each([
    ['B', 'B'],
    ['b', 'B'],
    ['B.', 'B'],
    ['(B)', 'B'],
    ['**B**', 'B'],
    ['B) the blue box', 'B'],
    ['B. the blue box', 'B'],
    ['The answer is (B).', 'B'],
    ['The answer is b', 'B'],
    ['Answer: C', 'C'],
    ['**Answer:** A', 'A'],
    ['I would pick option B here.', 'B'],
    ['A', 'A'],
    ['A.', 'A'],
    ['the blue box', 'B'],
    ['The blue box is closer.', 'B'],
    ['A red chair is closer than anything else.', 'A'],
    ['It is the red chair.', 'A'],
    ['The chair.', 'C'],
    [
      'Let me think. The red chair sits higher, so A would be farther... The blue box is lower.\nAnswer: B',
      'B',
    ],
    ['<think>A or B? A seems close, but B...</think>\nB', 'B'],
    ['Looking at A and B, the closer one is\nC', 'C'],
  ])('reads %j as %s', (reply, expected) => {
    expect(extractChoice(reply, CHOICES)).toBe(expected);
  });

  it.each(['', 'I cannot tell.', 'D', 'Both the red chair and the blue box are equally far.', 'A or B'])(
    'finds no answer in %j',
    (reply) => {
      expect(extractChoice(reply, CHOICES)).toBeNull();
    },
  );
});

describe('extractChoiceStrict', () => {
  it.each([
    ['B', 'B'],
    ['b', 'B'],
    ['B.', 'B'],
    ['B. the blue box', 'B'],
    ['B the blue box', 'B'],
    ['(B)', null],
    ['**B**', null],
    ['The answer is B', null],
    [' B', null],
    ['B.\n', null],
    ['D', null],
  ])('reads %j as %s, like lmms-eval', (reply, expected) => {
    expect(extractChoiceStrict(reply, CHOICES.length)).toBe(expected);
  });
});

describe('extractNumber', () => {
  it.each([
    ['2.37', 'm', 2.37],
    ['2.37 m', 'm', 2.37],
    ['2.37m', 'm', 2.37],
    ['about 2.4 meters', 'm', 2.4],
    ['237 cm', 'm', 2.37],
    ['2370 mm', 'm', 2.37],
    ['1.2 m', 'cm', 120],
    ['84 centimeters', 'cm', 84],
    ['17.5 m²', 'm2', 17.5],
    ['17.5 square meters', 'm2', 17.5],
    ['17.5 sq m', 'm2', 17.5],
    ['30°', 'deg', 30],
    ['30 degrees', 'deg', 30],
    ['-30 degrees', 'deg', -30],
    ['1,200 mm', 'm', 1.2],
    ['three', 'count', 3],
    ['There are 3 chairs.', 'count', 3],
    ['2 m (the chair is 1 m wide)', 'm', 2],
    ['The answer is 4 meters, not 2.', 'm', 4],
    ['2-3 m', 'm', 2],
  ] as const)('reads %j in %s as %d', (reply, unit, expected) => {
    expect(extractNumber(reply, unit, { final: false })).toBeCloseTo(expected, 10);
  });

  it('takes the final number after a reasoning trace', () => {
    const reply = 'The chair is 1 m wide and 3 m from the wall, so the gap is about\n2.5 m';
    expect(extractNumber(reply, 'm', { final: true })).toBe(2.5);
    expect(extractNumber(reply, 'm', { final: false })).toBe(1);
  });

  it('prefers the number after the last answer marker', () => {
    expect(extractNumber('Roughly 3 m by 4 m. Final answer: 12 m2', 'm2', { final: true })).toBe(12);
  });

  it('ignores a unit of another dimension', () => {
    expect(extractNumber('45 meters', 'deg', { final: false })).toBe(45);
  });

  it.each(['', 'no idea', 'several'])('finds no number in %j', (reply) => {
    expect(extractNumber(reply, 'count', { final: false })).toBeNull();
  });
});

describe('extractNumberStrict', () => {
  it.each([
    ['2.5', 2.5],
    ['2.5.', 2.5],
    ['3', 3],
    ['1e3', 1000],
    ['1_000', 1000],
    ['2.5 m', 2.5],
    ['2.5m', null],
    ['about 2.5', null],
    ['three', null],
    ['', null],
  ] as const)('reads %j as %s, like lmms-eval', (reply, expected) => {
    expect(extractNumberStrict(reply)).toBe(expected);
  });
});
