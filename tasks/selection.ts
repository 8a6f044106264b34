import type { Rng } from '../sim/rng';

/**
 * Which candidates become questions: a few per scene, spread over objects and balanced over answer
 * classes, every choice drawn from the task's seeded stream.
 */

/**
 * Up to `n` candidates, each drawn by first picking an answer class uniformly from `classes` and
 * then a not yet used candidate of that class; a draw whose class has none left is lost. So the
 * classes come out equally often whenever each is usually available, instead of in the
 * proportions the scenes happen to offer.
 */
export function pickBalanced<T>(
  rng: Rng,
  candidates: readonly T[],
  n: number,
  classOf: (c: T) => string,
  classes: readonly string[],
  keyOf?: (c: T) => string,
  idsOf?: (c: T) => number[],
): T[] {
  const pools = new Map<string, T[]>(classes.map((k) => [k, []]));
  for (const c of rng.shuffle(candidates)) pools.get(classOf(c))?.push(c);
  const out: T[] = [];
  const used = new Set<string>();
  const usedIds = new Set<number>();
  // A candidate is free when its key is unused and (with idsOf) none of its objects is taken.
  const free = (c: T) =>
    (!keyOf || !used.has(keyOf(c))) && (!idsOf || idsOf(c).every((id) => !usedIds.has(id)));
  for (let draw = 0; draw < 2 * n && out.length < n; draw++) {
    const pool = pools.get(rng.pick(classes)) ?? [];
    const at = keyOf || idsOf ? pool.findIndex(free) : pool.length - 1;
    if (at < 0) continue;
    const [picked] = pool.splice(at, 1);
    if (keyOf) used.add(keyOf(picked));
    for (const id of idsOf?.(picked) ?? []) usedIds.add(id);
    out.push(picked);
  }
  return out;
}

/** Up to `n` candidates in a shuffled order, at most one per key (e.g. per object pair). */
export function pickDistinct<T>(rng: Rng, candidates: readonly T[], n: number, keyOf: (c: T) => string): T[] {
  const out: T[] = [];
  const used = new Set<string>();
  for (const c of rng.shuffle(candidates)) {
    if (out.length >= n) break;
    const k = keyOf(c);
    if (used.has(k)) continue;
    used.add(k);
    out.push(c);
  }
  return out;
}

/** Up to `n` candidates in a shuffled order, no object in two of them (pairs spread over the scene). */
export function pickDisjoint<T>(
  rng: Rng,
  candidates: readonly T[],
  n: number,
  idsOf: (c: T) => number[],
): T[] {
  const out: T[] = [];
  const used = new Set<number>();
  for (const c of rng.shuffle(candidates)) {
    if (out.length >= n) break;
    const ids = idsOf(c);
    if (ids.some((id) => used.has(id))) continue;
    for (const id of ids) used.add(id);
    out.push(c);
  }
  return out;
}

/**
 * Up to `n` candidates such that what the question text shows says nothing about the answer: a
 * candidate's group is everything a reader sees without the image (the question form, the action
 * and its amount, …). Only groups offering every answer are used; each draw picks such a group,
 * then an answer, uniformly, so within every group each answer is right equally often.
 */
export function pickUnguessable<T>(
  rng: Rng,
  candidates: readonly T[],
  n: number,
  groupOf: (c: T) => string,
  answerOf: (c: T) => string,
  answers: readonly string[],
  keyOf: (c: T) => string = () => '',
): T[] {
  const groups = new Map<string, Map<string, T[]>>();
  for (const c of rng.shuffle(candidates)) {
    const g = groups.get(groupOf(c)) ?? new Map<string, T[]>();
    groups.set(groupOf(c), g);
    const pool = g.get(answerOf(c));
    if (pool) pool.push(c);
    else g.set(answerOf(c), [c]);
  }
  const open = [...groups.values()].filter((g) => answers.every((a) => g.has(a)));
  const out: T[] = [];
  const used = new Set<string>();
  for (let draw = 0; draw < 3 * n && out.length < n && open.length; draw++) {
    const pool = rng.pick(open).get(rng.pick(answers))!;
    const at = pool.findIndex((c) => keyOf(c) === '' || !used.has(keyOf(c)));
    if (at < 0) continue;
    const [picked] = pool.splice(at, 1);
    used.add(keyOf(picked));
    out.push(picked);
  }
  return out;
}
