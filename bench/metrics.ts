import type { Rng } from '../sim/rng';
import type { Pair } from '../tasks/schema';
import { percentileInterval, resampleIndices } from './bootstrap';
import type { FormGap, Gap, Metrics, Stat } from './schema';

/** One scored question, as the aggregates see it. */
export interface ScoreRow {
  id: string;
  task: string;
  kind: 'static' | 'dynamic';
  form: 'image' | 'text';
  capabilities: readonly string[];
  level: string;
  /** choice, number, or a structured type (layout, ascii, box, point, image_choice, sequence). */
  answer_type: string;
  pair: Pair | null;
  /** In [0, 1]: 0/1 for choices, MRA for numbers, the type's score for structured answers. */
  score: number;
  /** Structured answers' secondary figures under the same scorer (bench/score-structured.ts). */
  detail?: Record<string, number> | null;
}

/** A text item's id is its image twin's with this suffix (tasks/index.ts). */
const TEXT_SUFFIX = '-text';

export interface MetricsOptions {
  /** Bootstrap resamples; 0 reports the point estimates as their own intervals. */
  resamples: number;
  rng: Rng;
}

/**
 * Per task (mean over its questions), per kind and overall (means over tasks, as VSI-Bench averages),
 * each with a 95% interval from a bootstrap stratified by task; plus the far-looks-up gap over pairs.
 */
export function computeMetrics(rows: readonly ScoreRow[], opts: MetricsOptions): Metrics {
  const byTask = new Map<string, { kind: ScoreRow['kind']; scores: number[] }>();
  for (const r of rows) {
    const t = byTask.get(r.task) ?? { kind: r.kind, scores: [] };
    t.scores.push(r.score);
    byTask.set(r.task, t);
  }
  const tasks = [...byTask.keys()].sort();
  const kinds = (['static', 'dynamic'] as const).filter((k) => tasks.some((t) => byTask.get(t)!.kind === k));

  // One vector per figure: the point estimate, then one value per resample.
  const taskDraws = (pick: (scores: number[]) => number[]) =>
    tasks.map((t) => mean(pick(byTask.get(t)!.scores)));
  const estimates = [taskDraws((s) => s)];
  const rng = opts.rng.fork('tasks');
  for (let b = 0; b < opts.resamples; b++)
    estimates.push(taskDraws((s) => resampleIndices(s.length, rng).map((i) => s[i])));

  const over = (taskIndices: number[]) => estimates.map((e) => mean(taskIndices.map((i) => e[i])));
  const count = (taskIndices: number[]) =>
    taskIndices.reduce((s, i) => s + byTask.get(tasks[i])!.scores.length, 0);
  const all = tasks.map((_, i) => i);

  return {
    overall: toStat(over(all), rows.length),
    by_kind: Object.fromEntries(
      kinds.map((k) => {
        const of = all.filter((i) => byTask.get(tasks[i])!.kind === k);
        return [k, toStat(over(of), count(of))];
      }),
    ),
    by_task: Object.fromEntries(tasks.map((t, i) => [t, toStat(over([i]), byTask.get(t)!.scores.length)])),
    by_form: groupStats(rows, (r) => [r.form], opts, 'form'),
    by_capability: groupStats(rows, (r) => r.capabilities, opts, 'capability'),
    by_level: groupStats(rows, (r) => [r.level], opts, 'level'),
    by_answer_type: groupStats(rows, (r) => [r.answer_type], opts, 'answer type'),
    gap: computeGap(rows, opts.resamples, opts.rng.fork('pairs')),
    perception_gap: perceptionGaps(rows, opts.resamples, opts.rng.fork('forms')),
    details: detailMeans(rows),
  };
}

/** Per task and figure (IoU, mean cell distance, …): the mean over the items that report it. */
function detailMeans(rows: readonly ScoreRow[]): Record<string, Record<string, Stat>> {
  const sums = new Map<string, Map<string, number[]>>();
  for (const r of rows)
    for (const [key, value] of Object.entries(r.detail ?? {})) {
      const task = sums.get(r.task) ?? new Map<string, number[]>();
      task.set(key, [...(task.get(key) ?? []), value]);
      sums.set(r.task, task);
    }
  return Object.fromEntries(
    [...sums]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([task, keys]) => [
        task,
        Object.fromEntries([...keys].map(([key, values]) => [key, toStat([mean(values)], values.length)])),
      ]),
  );
}

/**
 * For each group an item belongs to (its form, each of its capabilities, its level): the mean over
 * tasks of the group's items, bootstrapped by task as the overall score is.
 */
function groupStats(
  rows: readonly ScoreRow[],
  groupsOf: (r: ScoreRow) => readonly string[],
  opts: MetricsOptions,
  label: string,
): Record<string, Stat> {
  const groups = new Map<string, ScoreRow[]>();
  for (const r of rows) for (const g of groupsOf(r)) groups.set(g, [...(groups.get(g) ?? []), r]);
  return Object.fromEntries(
    [...groups.keys()].sort().map((g) => {
      const byTask = new Map<string, number[]>();
      for (const r of groups.get(g)!) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r.score]);
      const scores = [...byTask.values()];
      const rng = opts.rng.fork(label, g);
      const draws = [mean(scores.map(mean))];
      for (let b = 0; b < opts.resamples; b++)
        draws.push(mean(scores.map((s) => mean(resampleIndices(s.length, rng).map((i) => s[i])))));
      return [g, toStat(draws, groups.get(g)!.length)];
    }),
  );
}

/** Per task: image items and their text twins, both scored; image and text accuracy and their difference. */
function perceptionGaps(rows: readonly ScoreRow[], resamples: number, rng: Rng): Record<string, FormGap> {
  const text = new Map(rows.filter((r) => r.form === 'text').map((r) => [r.id, r]));
  const byTask = new Map<string, [number, number][]>();
  for (const r of rows) {
    const twin = r.form === 'image' ? text.get(r.id + TEXT_SUFFIX) : undefined;
    if (twin) byTask.set(r.task, [...(byTask.get(r.task) ?? []), [r.score, twin.score]]);
  }
  return Object.fromEntries(
    [...byTask]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([task, pairs]) => {
        const figures = (sample: [number, number][]) => {
          const [i, t] = [mean(sample.map((p) => p[0])), mean(sample.map((p) => p[1]))];
          return [i, t, t - i];
        };
        const r = rng.fork(task);
        const draws = [figures(pairs)];
        for (let b = 0; b < resamples; b++)
          draws.push(figures(resampleIndices(pairs.length, r).map((i) => pairs[i])));
        const stat = (j: number) =>
          toStat(
            draws.map((d) => d[j]),
            pairs.length,
          );
        return [task, { pairs: pairs.length, image: stat(0), text: stat(1), gap: stat(2) }];
      }),
  );
}

/**
 * Accuracy on consistent twins minus counter twins, over the pairs whose two twins were both scored.
 * Image items only: "far looks up" is about the images, and a text twin carries its image twin's pair.
 */
function computeGap(rows: readonly ScoreRow[], resamples: number, rng: Rng): Gap | null {
  const twins = new Map<string, { consistent?: number; counter?: number }>();
  for (const r of rows) {
    if (!r.pair || r.form !== 'image') continue;
    const t = twins.get(r.pair.id) ?? {};
    t[r.pair.role] = r.score;
    twins.set(r.pair.id, t);
  }
  const pairs = [...twins.values()].filter(
    (t): t is { consistent: number; counter: number } =>
      t.consistent !== undefined && t.counter !== undefined,
  );
  if (pairs.length === 0) return null;
  const figures = (sample: typeof pairs) => {
    const c = mean(sample.map((p) => p.consistent));
    const k = mean(sample.map((p) => p.counter));
    return [c, k, c - k];
  };
  const draws = [figures(pairs)];
  for (let b = 0; b < resamples; b++)
    draws.push(figures(resampleIndices(pairs.length, rng).map((i) => pairs[i])));
  const stat = (j: number) =>
    toStat(
      draws.map((d) => d[j]),
      pairs.length,
    );
  return {
    pairs: pairs.length,
    consistent: stat(0),
    counter: stat(1),
    gap: stat(2),
    right_consistent_wrong_counter: pairs.filter((p) => p.consistent === 1 && p.counter === 0).length,
    wrong_consistent_right_counter: pairs.filter((p) => p.consistent === 0 && p.counter === 1).length,
  };
}

/** The point estimate first, then one value per bootstrap resample. */
function toStat(draws: readonly number[], n: number): Stat {
  const [score, ...samples] = draws;
  return samples.length === 0
    ? { score, lo: score, hi: score, n }
    : { score, ...percentileInterval(samples), n };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, x) => s + x, 0) / values.length;
}
