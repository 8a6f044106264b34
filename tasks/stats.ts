import { TASK_NAMES } from './index';
import { meanRelativeAccuracy } from './numbers';
import { type Guess, hasPrior, Prior, type PriorRow, priorRow, rightIndex } from './priors';
import type { SceneFacts } from './scene-facts';
import { letter, type QaItem } from './schema';
import { SHORTCUTS, type Shortcut, shortcutPick } from './shortcuts';

/**
 * Distributions and baselines of a question set, as plain data (`sim stats` prints them): counts per
 * task and split, answer letters and answer texts, yes/no and left/right balance, numeric
 * histograms, minimal pairs, and every answerer that never looks at the image content, each with a
 * 95% interval: always the first option, the text-only and category-prior guessers (learned on
 * train, scored on test; see priors.ts), and on depth_order the image shortcuts lower-is-closer
 * and larger-is-closer by pair role (see shortcuts.ts). A baseline is flagged when it beats chance
 * by more than 5 points on ≥ 200 items and its interval excludes chance.
 */

export interface Tally {
  n: number;
  /** Sum of scores: right answers for choices, MRA for numbers. */
  correct: number;
  /** Sum of squared scores, for scores other than 0 and 1 (MRA): the interval then uses their spread. */
  squares?: number;
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

/** A baseline's score on some items, with a 95% interval, against what chance scores on them. */
export interface BaselineScore extends Tally {
  score: number;
  lo: number;
  hi: number;
  chance: number;
  /** Beats chance by more than FLAG_MARGIN on ≥ FLAG_ITEMS items, its interval excluding chance. */
  flagged: boolean;
}

export const FLAG_MARGIN = 0.05;
export const FLAG_ITEMS = 200;

export interface TaskStats {
  task: string;
  kind: string;
  items: number;
  splits: Record<string, number>;
  choiceItems: number;
  /** Free numeric answers; the rest of the items have structured answers. */
  numberItems: number;
  /** Right letters of choice items, by number of options ("2": {A: n, B: n}, …). */
  letters: Record<string, Record<string, number>>;
  /** Per option text (object names masked by their category): how often shown, and right. */
  texts: Record<string, Tally>;
  /** Right answers among yes/no items and among left/right items. */
  yesNo: { yes: number; no: number };
  leftRight: { left: number; right: number };
  numeric: NumericStats[];
  /** Expected accuracy of a uniform guess over the options (choice items). */
  chance: number;
  /** Choice items: always the first option (all splits); text-only and category prior (scored split). */
  choice: Record<'always-first' | 'text-only' | 'category', BaselineScore | null>;
  /** Numeric items, by MRA: the task's mean answer (chance), text-only and category prior (scored split). */
  number: Record<'mean-answer' | 'text-only' | 'category', BaselineScore | null>;
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
  /** Items by form (with images, or about a description), by capability and by level. */
  forms: Record<string, number>;
  capabilities: Record<string, number>;
  levels: Record<string, number>;
  tasks: TaskStats[];
  pairs: PairStats;
  /** The image shortcuts on depth_order choice items, by pair role. */
  shortcuts: Record<Shortcut, Record<'consistent' | 'counter' | 'unpaired', BaselineScore | null>>;
  /** Split the guessers learned from ("train", or every item when there is no train split). */
  textOnlyTrainedOn: string;
  textOnlyScoredOn: string;
}

/** What the statistics keep of an item. */
interface Row extends PriorRow {
  kind: string;
  split: string;
  form: 'image' | 'text';
  capabilities: readonly string[];
  level: string;
  pair: QaItem['pair'];
  /** Question and targets of a paired item, which its twin must share. */
  twinKey: string | null;
}

type Role = 'consistent' | 'counter' | 'unpaired';

/** Accumulates items scene by scene (qa.jsonl order) and keeps no scene longer than needed. */
export class StatsCollector {
  private readonly rows: Row[] = [];
  private readonly scenes = new Set<string>();
  private readonly shortcut = new Map<string, Tally>();

  add(item: QaItem, scene: SceneFacts): void {
    this.scenes.add(item.scene);
    this.rows.push({
      ...priorRow(item, scene),
      kind: item.kind,
      split: item.split,
      form: item.context ? 'text' : 'image',
      capabilities: item.capabilities,
      level: item.level,
      pair: item.pair,
      twinKey: item.pair ? `${item.question}|${item.targets.join()}` : null,
    });
    if (item.task === 'depth_order' && item.choices)
      for (const s of SHORTCUTS) {
        const pick = shortcutPick(s, item.choices, item.images[0], scene);
        const key = `${s}|${item.pair?.role ?? 'unpaired'}`;
        const t = this.shortcut.get(key) ?? { n: 0, correct: 0 };
        t.n++;
        if (pick !== null && letter(pick) === item.answer) t.correct++;
        this.shortcut.set(key, t);
      }
  }

  finish(): StatsReport {
    const rows = this.rows;
    const hasTrain = rows.some((r) => r.split === 'train');
    const hasTest = rows.some((r) => r.split === 'test');
    const scoreOn = (r: Row) => !hasTest || r.split === 'test';
    const learn = rows.filter((r) => hasPrior(r) && (!hasTrain || r.split === 'train'));
    const priors = { 'text-only': new Prior('text-only', learn), category: new Prior('category', learn) };
    const tasks = [...groupBy(rows, (r) => r.task)].sort(([a], [b]) => taskRank(a) - taskRank(b));
    const roles: Role[] = ['consistent', 'counter', 'unpaired'];
    return {
      items: rows.length,
      scenes: this.scenes.size,
      splits: countBy(rows, (r) => r.split),
      forms: countBy(rows, (r) => r.form),
      capabilities: countBy(
        rows.flatMap((r) => r.capabilities),
        (c) => c,
      ),
      levels: countBy(rows, (r) => r.level),
      tasks: tasks.map(([task, rs]) => taskStats(task, rs, priors, scoreOn)),
      pairs: pairStats(rows),
      shortcuts: Object.fromEntries(
        SHORTCUTS.map((s) => [
          s,
          Object.fromEntries(roles.map((role) => [role, baseline(this.shortcut.get(`${s}|${role}`), 0.5)])),
        ]),
      ) as StatsReport['shortcuts'],
      textOnlyTrainedOn: hasTrain ? 'train' : 'all splits',
      textOnlyScoredOn: hasTest ? 'test' : 'all splits',
    };
  }
}

/**
 * A tally with its 95% interval, against chance; null when there were no items. Right/wrong
 * scores get Wilson's interval (good near 0 and 1); MRA scores the normal one from their spread.
 */
export function baseline(t: Tally | undefined, chance: number): BaselineScore | null {
  if (!t || t.n === 0) return null;
  const z = 1.96;
  const p = t.correct / t.n;
  let [lo, hi]: [number, number] = [p, p];
  if (t.squares !== undefined) {
    const variance = t.n > 1 ? Math.max(0, (t.squares - t.n * p * p) / (t.n - 1)) : 0;
    const half = z * Math.sqrt(variance / t.n);
    [lo, hi] = [p - half, p + half];
  } else {
    const denom = 1 + (z * z) / t.n;
    const centre = (p + (z * z) / (2 * t.n)) / denom;
    const half = (z * Math.sqrt((p * (1 - p)) / t.n + (z * z) / (4 * t.n * t.n))) / denom;
    [lo, hi] = [centre - half, centre + half];
  }
  lo = Math.max(0, lo);
  return {
    ...t,
    score: p,
    lo,
    hi: Math.min(1, hi),
    chance,
    flagged: t.n >= FLAG_ITEMS && p - chance > FLAG_MARGIN && lo > chance,
  };
}

/** Registry order; tasks this version does not know go last. */
function taskRank(task: string): number {
  const k = TASK_NAMES.indexOf(task);
  return k < 0 ? TASK_NAMES.length : k;
}

const score = (g: Guess, r: Row): number =>
  'option' in g ? Number(g.option === rightIndex(r)) : meanRelativeAccuracy(g.value, r.answer as number);

function taskStats(
  task: string,
  rows: Row[],
  priors: Record<'text-only' | 'category', Prior>,
  scoreOn: (r: Row) => boolean,
): TaskStats {
  // Image options are lettered options too: always-first and the letter balance apply to them.
  const choice = rows.filter((r) => r.answer_type === 'choice' || r.answer_type === 'image_choice');
  const numeric = rows.filter((r) => r.answer_type === 'number');
  const texts: Record<string, Tally> = {};
  const yesNo = { yes: 0, no: 0 };
  const leftRight = { left: 0, right: 0 };
  const letters: TaskStats['letters'] = {};
  let chanceSum = 0;
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
    chanceSum += 1 / m.options!.length;
  }
  const chance = choice.length ? chanceSum / choice.length : 0;
  const tally = (rs: readonly Row[], guess: (r: Row) => Guess): Tally => {
    const scores = rs.map((r) => score(guess(r), r));
    const t: Tally = { n: rs.length, correct: scores.reduce((s, x) => s + x, 0) };
    if (rs.some((r) => typeof r.answer === 'number')) t.squares = scores.reduce((s, x) => s + x * x, 0);
    return t;
  };
  const scored = (rs: readonly Row[]) => rs.filter(scoreOn);
  // Chance for numbers: the task's mean answer over its items, as VSI-Bench's "chance (frequency)".
  const meanByUnit = new Map<string | null, number>();
  for (const r of numeric) meanByUnit.set(r.unit, (meanByUnit.get(r.unit) ?? 0) + (r.answer as number));
  const count = (u: string | null) => numeric.filter((r) => r.unit === u).length;
  const mean = (r: Row): Guess => ({ value: (meanByUnit.get(r.unit) ?? 0) / count(r.unit) });
  const numericChance = baseline(tally(scored(numeric), mean), 0);
  const chanceMra = numericChance?.score ?? 0;
  return {
    task,
    kind: rows[0].kind,
    items: rows.length,
    splits: countBy(rows, (r) => r.split),
    choiceItems: choice.length,
    numberItems: numeric.length,
    letters,
    texts,
    yesNo,
    leftRight,
    numeric: numericStats(numeric),
    chance,
    choice: {
      'always-first': baseline(
        tally(choice, () => ({ option: 0 })),
        chance,
      ),
      'text-only': baseline(
        tally(scored(choice), (r) => priors['text-only'].guess(r)),
        chance,
      ),
      category: baseline(
        tally(scored(choice), (r) => priors.category.guess(r)),
        chance,
      ),
    },
    number: {
      'mean-answer': numericChance,
      'text-only': baseline(
        tally(scored(numeric), (r) => priors['text-only'].guess(r)),
        chanceMra,
      ),
      category: baseline(
        tally(scored(numeric), (r) => priors.category.guess(r)),
        chanceMra,
      ),
    },
  };
}

function numericStats(numeric: readonly Row[]): NumericStats[] {
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
