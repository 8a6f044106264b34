import type { Rng } from '../sim/rng';
import { formatQuantity, roundAnswer, shownValue } from './numbers';
import { letter, type Unit } from './schema';

/**
 * Answer shapes shared by the tasks, built so that the right letter is uniform over the options and
 * an option text carries no hint: options are shuffled with the task's seeded stream, numeric
 * distractors sit on both sides of the truth.
 */

export interface AnswerParts {
  choices: string[] | null;
  answer: string | number;
  unit: Unit | null;
}

/** The right option among the wrong ones, in a shuffled order. */
export function shuffledChoices(rng: Rng, right: string, wrong: readonly string[]): AnswerParts {
  const choices = rng.shuffle([right, ...wrong]);
  if (new Set(choices).size !== choices.length) throw new Error(`duplicate options: ${choices.join(' | ')}`);
  return { choices, answer: letter(choices.indexOf(right)), unit: null };
}

/** Objects as options (by name); `ids` lists them in the order shown, for `targets`. */
export function objectChoices(
  rng: Rng,
  nameOf: (id: number) => string,
  right: number,
  wrong: readonly number[],
): AnswerParts & { ids: number[] } {
  const parts = shuffledChoices(rng, nameOf(right), wrong.map(nameOf));
  const byName = new Map([right, ...wrong].map((id) => [nameOf(id), id]));
  return { ...parts, ids: parts.choices!.map((name) => byName.get(name)!) };
}

export function yesNo(rng: Rng, truth: boolean): AnswerParts {
  return truth ? shuffledChoices(rng, 'yes', ['no']) : shuffledChoices(rng, 'no', ['yes']);
}

export function numberAnswer(value: number, unit: Unit): AnswerParts {
  return { choices: null, answer: roundAnswer(value, unit), unit };
}

/** Values a quantity can plausibly take (distractors stay inside, so none is absurd on its face). */
export interface Plausible {
  min: number;
  max: number;
}

/** Each distractor is off by a believable proportion: 25–60% per step away from its neighbour. */
const STEP = [1.25, 1.6] as const;

/**
 * 2–4 numeric options shown in ascending order, the truth at a uniformly drawn rank among them: the
 * letter is uniform, and neither the smallest, the middle nor the largest option is a safe guess.
 * Null when no rank keeps every option plausible and distinct once rounded for display.
 */
export function numericChoices(
  rng: Rng,
  truth: number,
  unit: Unit,
  plausible: Plausible,
  count = 4,
): AnswerParts | null {
  const ranks = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  for (const rank of ranks) {
    const values = [truth];
    for (let i = 0; i < rank; i++) values.unshift(values[0] / rng.range(STEP[0], STEP[1]));
    while (values.length < count) values.push(values[values.length - 1] * rng.range(STEP[0], STEP[1]));
    if (values[0] < plausible.min || values[count - 1] > plausible.max) continue;
    const shown = values.map((v) => shownValue(v, unit));
    if (new Set(shown).size < count || shown.some((v) => v <= 0)) continue;
    return { choices: values.map((v) => formatQuantity(v, unit)), answer: letter(rank), unit: null };
  }
  return null;
}

/** Share of quantity questions asked as multiple choice rather than as a free number. */
const CHOICE_SHARE = 0.4;

/** A metric answer, as a free number (most of the time) or as 2–4 numeric options. */
export function quantityAnswer(rng: Rng, truth: number, unit: Unit, plausible: Plausible): AnswerParts {
  if (rng.bool(CHOICE_SHARE)) {
    const parts = numericChoices(rng, truth, unit, plausible, rng.int(3, 4));
    if (parts) return parts;
  }
  return numberAnswer(truth, unit);
}
