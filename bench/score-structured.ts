import type { QaItem } from '../tasks/schema';
import { type Box, iou, type LayoutAnswer, type Region, regionContains } from '../tasks/structured';
import type { Point, StructuredPred } from './extract-structured';

/**
 * Scoring structured answers exactly, with no judge model (docs/eval.md has the table):
 *   layout (grid)    share of objects in the right or an adjacent cell (Chebyshev ≤ 1);
 *                    detail: exact-cell share, mean cell distance, pairwise relation accuracy
 *   layout (metric)  share of objects within 1 m of their centre on the floor;
 *                    detail: share within 0.5 m, mean error in m, pairwise relation accuracy
 *   ascii            the map read as a grid layout (a letter drawn twice places neither), scored so
 *   box              IoU ≥ 0.5; detail: IoU
 *   point            inside the answer region
 *   sequence         exact (a walk within 0.5 m of the right one is the same step);
 *                    detail: 1 − edit distance / the longer length
 * A missing object counts as wrong and as the farthest possible; an unparsable answer scores 0
 * with the worst details.
 */

export interface StructuredScore {
  score: number;
  detail: Record<string, number>;
}

const ADJACENT = 1;
const NEAR_M = 1;
const CLOSE_M = 0.5;
const MIN_IOU = 0.5;
const SAME_WALK_M = 0.5;

export function scoreStructured(item: QaItem, pred: StructuredPred | null): StructuredScore {
  switch (item.answer_type) {
    case 'layout':
      return item.frame === 'metric'
        ? scoreMetric(item.answer as LayoutAnswer, pred as LayoutAnswer | null)
        : scoreGrid(item.answer as LayoutAnswer, pred as LayoutAnswer | null, item.grid ?? 10);
    case 'ascii':
      return scoreGrid(
        asciiLayout(item.answer as string, item.legend ?? {}),
        pred === null ? null : asciiLayout(pred as string, item.legend ?? {}),
        item.grid ?? 10,
      );
    case 'box': {
      const overlap = pred === null ? 0 : iou(item.answer as Box, pred as Box);
      return { score: overlap >= MIN_IOU ? 1 : 0, detail: { iou: overlap } };
    }
    case 'point': {
      const p = pred as Point | null;
      return { score: p !== null && regionContains(item.answer as Region, p[0], p[1]) ? 1 : 0, detail: {} };
    }
    case 'sequence': {
      const gt = item.answer as string[];
      const steps = (pred as string[] | null) ?? [];
      const distance = editDistance(gt, steps);
      return {
        score: pred !== null && distance === 0 ? 1 : 0,
        detail: { edit_similarity: pred === null ? 0 : 1 - distance / Math.max(gt.length, steps.length) },
      };
    }
    default:
      throw new Error(`${item.answer_type} is not a structured type scored here`);
  }
}

/** An ASCII map → object name → [row, column], for letters drawn exactly once. */
export function asciiLayout(map: string, legend: Record<string, string>): LayoutAnswer {
  const found = new Map<string, [number, number][]>();
  map.split('\n').forEach((line, row) => {
    [...line].forEach((c, col) => {
      if (legend[c]) found.set(c, [...(found.get(c) ?? []), [row, col]]);
    });
  });
  return Object.fromEntries(
    [...found].filter(([, cells]) => cells.length === 1).map(([c, cells]) => [legend[c], cells[0]]),
  );
}

function scoreGrid(gt: LayoutAnswer, pred: LayoutAnswer | null, n: number): StructuredScore {
  const names = Object.keys(gt);
  const farthest = Math.hypot(n - 1, n - 1);
  const cells = names.map((k) => ({ gt: gt[k], pred: pred?.[k] ?? null }));
  const chebyshev = (c: (typeof cells)[number]) =>
    c.pred
      ? Math.max(Math.abs(Math.round(c.pred[0]) - c.gt[0]), Math.abs(Math.round(c.pred[1]) - c.gt[1]))
      : Infinity;
  return {
    score: share(cells, (c) => chebyshev(c) <= ADJACENT),
    detail: {
      exact: share(cells, (c) => chebyshev(c) === 0),
      grid_distance: meanOf(cells.map((c) => (c.pred ? distance(c.gt, c.pred) : farthest))),
      relation: relationAccuracy(gt, pred),
    },
  };
}

function scoreMetric(gt: LayoutAnswer, pred: LayoutAnswer | null): StructuredScore {
  const errors = Object.keys(gt).map((k) => (pred?.[k] ? distance(gt[k], pred[k]) : Infinity));
  const finite = errors.filter(Number.isFinite);
  return {
    score: share(errors, (e) => e <= NEAR_M),
    detail: {
      within_0_5m: share(errors, (e) => e <= CLOSE_M),
      relation: relationAccuracy(gt, pred),
      // Over the objects placed at all (none placed: no error to report); `score` counts the missing wrong.
      ...(finite.length ? { error_m: meanOf(finite) } : {}),
    },
  };
}

/**
 * Over every pair of objects and each axis on which their true positions differ: does the answer
 * put them the same way round (left-of, in-front-of)? A missing object gets all its pairs wrong.
 */
function relationAccuracy(gt: LayoutAnswer, pred: LayoutAnswer | null): number {
  const names = Object.keys(gt);
  let asked = 0;
  let right = 0;
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++)
      for (const axis of [0, 1]) {
        const truth = Math.sign(gt[names[i]][axis] - gt[names[j]][axis]);
        if (truth === 0) continue;
        asked++;
        const a = pred?.[names[i]];
        const b = pred?.[names[j]];
        if (a && b && Math.sign(a[axis] - b[axis]) === truth) right++;
      }
  return asked === 0 ? 1 : right / asked;
}

/** Levenshtein distance over steps; two walks within SAME_WALK_M are the same step. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (sameStep(a[i - 1], b[j - 1]) ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function sameStep(a: string, b: string): boolean {
  const walk = (s: string) => /^go forward (\d+(?:\.\d+)?) m$/.exec(s)?.[1];
  const [x, y] = [walk(a), walk(b)];
  return x !== undefined && y !== undefined ? Math.abs(Number(x) - Number(y)) <= SAME_WALK_M : a === b;
}

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const share = <T>(xs: readonly T[], ok: (x: T) => boolean) =>
  xs.length === 0 ? 0 : xs.filter(ok).length / xs.length;
const meanOf = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
