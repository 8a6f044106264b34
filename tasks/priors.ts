import { Rng } from '../sim/rng';
import type { SceneFacts } from './scene-facts';
import type { QaItem } from './schema';
import type { AnswerType } from './structured';

/**
 * Guessers that never look at the images, learned on one split and scored on another, for `sim
 * stats` and `sim eval` alike:
 *   text-only       the right option text most often seen for the same question template (object
 *                   names masked), or for numbers the template's typical answer;
 *   category prior  the same, keyed by the question with each object named by its category only:
 *                   what one knows of mugs and sofas in general ("a sofa is farther than a mug",
 *                   "a mug is about 10 cm"). For options that are numbers it picks the one nearest
 *                   the typical answer for that category; for numeric answers it gives that
 *                   typical answer (the geometric mean).
 */

export const PRIORS = ['text-only', 'category'] as const;
export type PriorKind = (typeof PRIORS)[number];

/** What the guessers know of an item: its texts with names and numbers masked, and its answer. */
export interface PriorRow {
  id: string;
  task: string;
  unit: string | null;
  answer_type: AnswerType;
  /** A letter or a number: the guessers learn and answer choice and numeric items only. */
  answer: string | number;
  /** The question with object names as <object>, numbers as #. */
  question: string;
  /** The question with object names as <category>, numbers as #. */
  byCategory: string;
  /** Option texts as written, and with object names as <category> and numbers as #. */
  options: string[] | null;
  masked: string[] | null;
  /** The number each option states, when every option is a number. */
  values: number[] | null;
}

/** Masks names (longest first, so "the red table lamp" is not read as "the red table" + " lamp") and numbers. */
function template(
  text: string,
  names: ReadonlyMap<string, string>,
  mark: (category: string) => string,
): string {
  let out = text;
  for (const [name, category] of [...names].sort((a, b) => b[0].length - a[0].length))
    out = out.split(name).join(mark(category));
  return out.replace(/\d+(\.\d+)?/g, '#');
}

export function priorRow(item: QaItem, scene: SceneFacts): PriorRow {
  const names = new Map(scene.objects.map((o) => [o.name, o.category]));
  const options = item.choices;
  const numbers = options?.map((c) => /^\s*(-?\d+(?:\.\d+)?)\s*(m|cm|m²|°)?\s*$/.exec(c)?.[1]);
  return {
    id: item.id,
    task: item.task,
    unit: item.unit,
    answer_type: item.answer_type,
    // Image options are lettered too: their letter feeds always-first and the letter balance.
    answer: hasPrior(item) || item.answer_type === 'image_choice' ? (item.answer as string | number) : '',
    question: template(item.question, names, () => '<object>'),
    byCategory: template(item.question, names, (category) => `<${category}>`),
    options,
    masked: options?.map((c) => template(c, names, (category) => `<${category}>`)) ?? null,
    values: numbers?.every((n) => n !== undefined) ? numbers.map(Number) : null,
  };
}

/** Choice and numeric items: those a guesser answers (structured answers have random and heuristic baselines in `sim eval`). */
export const hasPrior = (q: Pick<QaItem, 'answer_type'>) =>
  q.answer_type === 'choice' || q.answer_type === 'number';

/** A guess: an option index for choice items, a number for numeric ones. */
export type Guess = { option: number } | { value: number };

export const rightIndex = (r: Pick<PriorRow, 'answer'>) => (r.answer as string).charCodeAt(0) - 65;

interface Learned {
  /** Right option text counts by key. */
  texts: Map<string, Map<string, number>>;
  /** Sum and count of log right answers by key (numeric options and numeric answers). */
  logs: Map<string, { sum: number; n: number }>;
}

/**
 * Learns a guesser from rows. Keys are tried in order (for the category prior: the question with
 * categories, then with bare <object>s, then the task alone); ties and unseen keys are broken at
 * random, seeded by the item id (the same guess every run, and no preference for any letter).
 */
export class Prior {
  private readonly learned: Learned = { texts: new Map(), logs: new Map() };

  constructor(
    readonly kind: PriorKind,
    rows: Iterable<PriorRow>,
  ) {
    for (const r of rows) this.learn(r);
  }

  private keys(r: PriorRow): string[] {
    const tail = [`${r.task}|${r.unit ?? ''}`];
    const question = this.kind === 'category' ? [r.byCategory, r.question] : [r.question];
    return [...question.map((q) => `${r.task}|${q}`), ...tail];
  }

  private optionsOf(r: PriorRow): string[] | null {
    return this.kind === 'category' ? r.masked : r.options;
  }

  learn(r: PriorRow): void {
    const value = typeof r.answer === 'number' ? r.answer : r.values?.[rightIndex(r)];
    for (const key of this.keys(r)) {
      if (value !== undefined && value > 0) {
        const s = this.learned.logs.get(key) ?? { sum: 0, n: 0 };
        s.sum += Math.log(value);
        s.n++;
        this.learned.logs.set(key, s);
      }
      const texts = this.optionsOf(r);
      if (texts && !r.values) {
        const right = texts[rightIndex(r)];
        const f = this.learned.texts.get(key) ?? new Map<string, number>();
        f.set(right, (f.get(right) ?? 0) + 1);
        this.learned.texts.set(key, f);
      }
    }
  }

  /** The typical (geometric mean) answer learned for the row's first known key, or null. */
  private typical(r: PriorRow): number | null {
    const s = this.keys(r)
      .map((k) => this.learned.logs.get(k))
      .find((x) => x !== undefined);
    return s ? Math.exp(s.sum / s.n) : null;
  }

  guess(r: PriorRow): Guess {
    const rng = Rng.root(0).fork('prior', this.kind, r.id);
    if (typeof r.answer === 'number') return { value: this.typical(r) ?? 1 };
    const n = r.options!.length;
    let scores: number[];
    const typical = r.values ? this.typical(r) : null;
    if (r.values && typical !== null)
      scores = r.values.map((v) => -Math.abs(Math.log(Math.max(v, 1e-9) / typical)));
    else {
      const f = this.keys(r)
        .map((k) => this.learned.texts.get(k))
        .find((x) => x !== undefined);
      const texts = this.optionsOf(r)!;
      scores = texts.map((t) => f?.get(t) ?? 0);
    }
    const best = Math.max(...scores);
    const tied = Array.from({ length: n }, (_, i) => i).filter((i) => scores[i] === best);
    return { option: rng.pick(tied) };
  }
}
