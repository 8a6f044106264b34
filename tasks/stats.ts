import { z } from 'zod';
import { Rng } from '../sim/rng';
import { TASK_NAMES } from './index';
import { letter, type QaItem } from './schema';

/**
 * Distributions and baselines of a question set, as plain data (`sim stats` prints them): counts per
 * task and split, answer letters and answer texts, yes/no and left/right balance, numeric
 * histograms, minimal pairs, and three answerers that never look at the image content — the
 * far-looks-up shortcut (the lower centroid is closer), always "A", and two text-only guessers
 * (the answer text most often right for the same question template on train, scored on test; once
 * with the options as written and once with object names reduced to their category).
 */

/** The part of scene.json the statistics read; loose, so newer scene versions still pass. */
export const SceneFactsSchema = z.looseObject({
  id: z.string(),
  objects: z.array(z.looseObject({ id: z.number().int(), name: z.string(), category: z.string() })),
  frames: z.array(
    z.looseObject({
      index: z.number().int(),
      height: z.number().int().positive(),
      objects: z.array(
        z.looseObject({ id: z.number().int(), centroid: z.tuple([z.number(), z.number()]).nullable() }),
      ),
    }),
  ),
});
export type SceneFacts = z.infer<typeof SceneFactsSchema>;

export interface Tally {
  n: number;
  correct: number;
}

export interface NumericStats {
  unit: string;
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Ten equal bins from min to max. */
  bins: number[];
}

export interface TaskStats {
  task: string;
  kind: string;
  items: number;
  splits: Record<string, number>;
  choiceItems: number;
  /** Right letters of choice items, by number of options ("2": {A: n, B: n}, …). */
  letters: Record<string, Record<string, number>>;
  /** Per option text (object names masked by their category): how often shown, and right. */
  texts: Record<string, Tally>;
  /** Right answers among yes/no items and among left/right items. */
  yesNo: { yes: number; no: number };
  leftRight: { left: number; right: number };
  numeric: NumericStats[];
  alwaysA: Tally;
  /** Expected accuracy of a uniform guess over the options. */
  chance: number;
  /** Most frequent right answer text per template, learned on train, scored on test. */
  textOnly: Tally;
  /**
   * The same keyed by the question with object names reduced to their category, and options by
   * category: a prior like "chairs are usually closer", or "a ceiling fan is above a table".
   */
  categoryPrior: Tally;
}

export interface PairStats {
  /** Pair ids seen. */
  pairs: number;
  /** Pairs of exactly one consistent and one counter item with the same question and targets. */
  complete: number;
}

export interface StatsReport {
  items: number;
  scenes: number;
  splits: Record<string, number>;
  tasks: TaskStats[];
  pairs: PairStats;
  /** The lower-is-closer shortcut on depth_order, by pair role. */
  lowerIsCloser: Record<'consistent' | 'counter' | 'unpaired', Tally>;
  /** Split the text-only guesser learned from ("train", or every item when there is no train split). */
  textOnlyTrainedOn: string;
  textOnlyScoredOn: string;
}

/** Question template: object names and numbers masked, so paraphrases stay apart and scenes merge. */
function template(text: string, names: ReadonlyMap<string, string>, mark: (c: string) => string): string {
  let out = text;
  // Longest names first: "the red table lamp" must not be masked as "the red table" + " lamp".
  for (const [name, category] of [...names].sort((a, b) => b[0].length - a[0].length))
    out = out.split(name).join(mark(category));
  return out.replace(/\d+(\.\d+)?/g, '#');
}

/** What the statistics keep of an item: a few fields and its masked texts. */
interface Row {
  id: string;
  task: string;
  kind: string;
  split: string;
  answer: string | number;
  unit: string | null;
  pair: QaItem['pair'];
  /** Question and targets of a paired item, which its twin must share. */
  twinKey: string | null;
  question: string;
  /** The question with object names as <category>: what a reader knows of the objects without the image. */
  byCategory: string;
  /** Option texts as written, and with object names as <category> and numbers as #. */
  options: string[] | null;
  masked: string[] | null;
}

/** Accumulates items scene by scene (qa.jsonl order) and keeps no scene longer than needed. */
export class StatsCollector {
  private readonly rows: Row[] = [];
  private readonly scenes = new Set<string>();
  private readonly lower: StatsReport['lowerIsCloser'] = {
    consistent: { n: 0, correct: 0 },
    counter: { n: 0, correct: 0 },
    unpaired: { n: 0, correct: 0 },
  };

  add(item: QaItem, scene: SceneFacts): void {
    this.scenes.add(item.scene);
    const names = new Map(scene.objects.map((o) => [o.name, o.category]));
    this.rows.push({
      id: item.id,
      task: item.task,
      kind: item.kind,
      split: item.split,
      answer: item.answer,
      unit: item.unit,
      pair: item.pair,
      twinKey: item.pair ? `${item.question}|${item.targets.join()}` : null,
      question: template(item.question, names, () => '<object>'),
      byCategory: template(item.question, names, (category) => `<${category}>`),
      options: item.choices,
      masked: item.choices?.map((c) => template(c, names, (category) => `<${category}>`)) ?? null,
    });
    if (item.task === 'depth_order' && item.choices) this.scoreLowerIsCloser(item, scene);
  }

  private scoreLowerIsCloser(item: QaItem, scene: SceneFacts): void {
    const frameIndex = Number(/\/frames\/(\d+)\//.exec(item.images[0])?.[1] ?? Number.NaN);
    const frame = scene.frames.find((f) => f.index === frameIndex);
    const ids = item.choices!.map((c) => scene.objects.find((o) => o.name === c)?.id);
    const rows = ids.map((id) => frame?.objects.find((a) => a.id === id)?.centroid?.[1] ?? null);
    let pick = -1;
    rows.forEach((v, i) => {
      if (v !== null && (pick < 0 || v > rows[pick]!)) pick = i;
    });
    const tally = this.lower[item.pair?.role ?? 'unpaired'];
    tally.n++;
    if (pick >= 0 && letter(pick) === item.answer) tally.correct++;
  }

  finish(): StatsReport {
    const rows = this.rows;
    const hasTrain = rows.some((r) => r.split === 'train');
    const hasTest = rows.some((r) => r.split === 'test');
    const scoreOn = (r: Row) => !hasTest || r.split === 'test';
    const learn = rows.filter((r) => !hasTrain || r.split === 'train');
    const guessers = {
      textOnly: learnTextOnly(learn, (r) => r.options, [(r) => r.question]),
      categoryPrior: learnTextOnly(learn, (r) => r.masked, [(r) => r.byCategory, (r) => r.question]),
    };

    const tasks = [...groupBy(rows, (r) => r.task)].sort(([a], [b]) => taskRank(a) - taskRank(b));
    return {
      items: rows.length,
      scenes: this.scenes.size,
      splits: countBy(rows, (r) => r.split),
      tasks: tasks.map(([task, rs]) => taskStats(task, rs, guessers, scoreOn)),
      pairs: pairStats(rows),
      lowerIsCloser: this.lower,
      textOnlyTrainedOn: hasTrain ? 'train' : 'all splits',
      textOnlyScoredOn: hasTest ? 'test' : 'all splits',
    };
  }
}

type Guesser = (r: Row) => number;

/**
 * Most frequent right option text per (task, question key) on the learning items: the first key
 * seen in training decides (e.g. the question with categories, then with bare <object>s); ties and
 * unseen keys are broken at random.
 */
function learnTextOnly(
  learn: readonly Row[],
  textsOf: (r: Row) => string[] | null,
  keys: readonly ((r: Row) => string)[],
): Guesser {
  const freq = new Map<string, Map<string, number>>();
  for (const m of learn) {
    const texts = textsOf(m);
    if (!texts) continue;
    const right = texts[rightIndex(m)];
    keys.forEach((key, k) => {
      const id = `${k}|${m.task}|${key(m)}`;
      const f = freq.get(id) ?? new Map<string, number>();
      f.set(right, (f.get(right) ?? 0) + 1);
      freq.set(id, f);
    });
  }
  return (m) => {
    const f = keys.map((key, k) => freq.get(`${k}|${m.task}|${key(m)}`)).find((x) => x !== undefined);
    const scores = textsOf(m)!.map((o) => f?.get(o) ?? 0);
    const best = Math.max(...scores);
    const tied = scores.flatMap((s, i) => (s === best ? [i] : []));
    // Seeded by the item id: the same guess every run, and no preference for any letter.
    return Rng.root(0).fork('text-only', m.id).pick(tied);
  };
}

/** Registry order; tasks this version does not know go last. */
function taskRank(task: string): number {
  const k = TASK_NAMES.indexOf(task);
  return k < 0 ? TASK_NAMES.length : k;
}

const rightIndex = (r: Row) => (r.answer as string).charCodeAt(0) - 65;

function taskStats(
  task: string,
  rows: Row[],
  guess: Record<'textOnly' | 'categoryPrior', Guesser>,
  scoreOn: (r: Row) => boolean,
): TaskStats {
  const choice = rows.filter((r) => r.options);
  const texts: Record<string, Tally> = {};
  const yesNo = { yes: 0, no: 0 };
  const leftRight = { left: 0, right: 0 };
  const alwaysA: Tally = { n: 0, correct: 0 };
  const textOnly: Tally = { n: 0, correct: 0 };
  const categoryPrior: Tally = { n: 0, correct: 0 };
  const letters: TaskStats['letters'] = {};
  let chance = 0;
  for (const m of choice) {
    const right = rightIndex(m);
    const n = String(m.options!.length);
    letters[n] ??= {};
    letters[n][m.answer as string] = (letters[n][m.answer as string] ?? 0) + 1;
    m.masked!.forEach((o, i) => {
      texts[o] ??= { n: 0, correct: 0 };
      texts[o].n++;
      if (i === right) texts[o].correct++;
    });
    const answerText = m.masked![right];
    if (answerText === 'yes' || answerText === 'no') yesNo[answerText]++;
    if (answerText === 'left' || answerText === 'right') leftRight[answerText]++;
    alwaysA.n++;
    if (right === 0) alwaysA.correct++;
    chance += 1 / m.options!.length;
    if (scoreOn(m))
      for (const [tally, g] of [
        [textOnly, guess.textOnly],
        [categoryPrior, guess.categoryPrior],
      ] as const) {
        tally.n++;
        if (g(m) === right) tally.correct++;
      }
  }
  return {
    task,
    kind: rows[0].kind,
    items: rows.length,
    splits: countBy(rows, (r) => r.split),
    choiceItems: choice.length,
    letters,
    texts,
    yesNo,
    leftRight,
    numeric: numericStats(rows),
    alwaysA,
    chance: choice.length ? chance / choice.length : 0,
    textOnly,
    categoryPrior,
  };
}

function numericStats(rows: readonly Row[]): NumericStats[] {
  const numeric = rows.filter((r) => typeof r.answer === 'number');
  return [...groupBy(numeric, (r) => r.unit!)].map(([unit, rs]) => {
    const values = rs.map((r) => r.answer as number);
    const min = values.reduce((a, b) => Math.min(a, b));
    const max = values.reduce((a, b) => Math.max(a, b));
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[max > min ? Math.min(9, Math.floor(((v - min) / (max - min)) * 10)) : 0]++;
    return {
      unit,
      n: values.length,
      min,
      max,
      mean: values.reduce((s, v) => s + v, 0) / values.length,
      bins,
    };
  });
}

function pairStats(rows: readonly Row[]): PairStats {
  const byPair = groupBy(
    rows.filter((r) => r.pair),
    (r) => r.pair!.id,
  );
  let complete = 0;
  for (const twins of byPair.values()) {
    if (twins.length !== 2) continue;
    const [a, b] = twins;
    if (a.pair!.role !== b.pair!.role && a.twinKey === b.twinKey) complete++;
  }
  return { pairs: byPair.size, complete };
}

function countBy<T>(items: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}
