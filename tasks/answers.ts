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

/**
 * The right option among the wrong ones, in a shuffled order. Its position is dealt (Rng.deal) from
 * the task's stream, so that within a scene each task's right answers spread evenly over the
 * letters: drawn independently, "always the first option" strayed past chance + 5 points on a task
 * of a 200-scene dataset now and then (37% against 30% on 315 items).
 */
export function shuffledChoices(rng: Rng, right: string, wrong: readonly string[]): AnswerParts {
  const at = rng.deal(wrong.length + 1);
  const choices = rng.shuffle(wrong);
  choices.splice(at, 0, right);
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

/** Any two options differ by at least this ratio: a believable misjudgement, never a near-tie. */
const MIN_RATIO = 1.25;

/**
 * 3–4 numeric options in ascending order: the truth and distractors drawn from `pool`, values the
 * same quantity takes elsewhere (other pairs or objects of the scene, other rooms of its type).
 * Drawn from where the truth itself comes from, every option is as likely as the truth before one
 * looks, so a prior over the quantity (a category's usual size, the usual distance) and the
 * position of the options tell nothing; the truth's rank is uniform. Null (ask a number instead)
 * when the draw puts two options within 25% of each other or the pool is too small.
 */
export function numericChoices(
  rng: Rng,
  truth: number,
  unit: Unit,
  pool: readonly number[],
  count = 4,
): AnswerParts | null {
  if (pool.length < count - 1) return null;
  // One draw, kept or refused as a whole: drawing again until the distractors fit around the truth
  // would favour a truth where values crowd (the usual ones), and a prior would find it.
  const values = [truth, ...rng.shuffle(pool).slice(0, count - 1)].sort((a, b) => a - b);
  if (values.some((v, i) => i > 0 && v / values[i - 1] < MIN_RATIO)) return null;
  const shown = values.map((v) => shownValue(v, unit));
  if (new Set(shown).size < count || shown.some((v) => v <= 0)) return null;
  return {
    choices: values.map((v) => formatQuantity(v, unit)),
    answer: letter(values.indexOf(truth)),
    unit: null,
  };
}

/** Share of quantity questions asked as multiple choice rather than as a free number. */
const CHOICE_SHARE = 0.4;

/**
 * A metric answer, as a free number (most of the time) or as 3–4 numeric options drawn from `pool`
 * (see numericChoices; an empty pool always gives a number).
 */
export function quantityAnswer(rng: Rng, truth: number, unit: Unit, pool: readonly number[]): AnswerParts {
  if (rng.bool(CHOICE_SHARE)) {
    const parts = numericChoices(rng, truth, unit, pool, rng.int(3, 4));
    if (parts) return parts;
  }
  return numberAnswer(truth, unit);
}
