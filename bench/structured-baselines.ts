import type { Rng } from '../sim/rng';
import type { QaItem } from '../tasks/schema';
import {
  type Box,
  decodeRegion,
  forwardStep,
  type LayoutAnswer,
  type Region,
  TURN_STEPS,
} from '../tasks/structured';

/**
 * Replies of the baselines to structured questions, written as a model would (JSON, or the bare
 * map), so that they go through the same extraction and scoring:
 *   random   cells, positions, boxes, points and steps drawn uniformly;
 *   center   everything in the middle: the centre cell, 2 m straight ahead, the middle half of the
 *            image, its centre pixel, "turn left, go forward 2 m" twice;
 *   oracle   the ground truth (a point: the region's pixel farthest from its edge), which must
 *            score 1 on every type.
 * Boxes and points are written in the coordinates the question asks for.
 */

/** Right in front of the camera, as far as a typical room's objects. */
const AHEAD_M = 2;
const METRIC_RANGE = { x: [-3, 3], z: [0.5, 5] } as const;
const MAX_WALK_M = 5;

export function randomReply(item: QaItem, rng: Rng): string {
  const n = item.grid ?? 10;
  const names = Object.keys(item.answer as LayoutAnswer);
  switch (item.answer_type) {
    case 'layout':
      return JSON.stringify(
        Object.fromEntries(
          names.map((k) => [
            k,
            item.frame === 'metric'
              ? [round1(rng.inRange(METRIC_RANGE.x)), round1(rng.inRange(METRIC_RANGE.z))]
              : [rng.int(0, n - 1), rng.int(0, n - 1)],
          ]),
        ),
      );
    case 'ascii': {
      const cells = rng.shuffle(Array.from({ length: n * n }, (_, i) => i));
      return drawMap(
        n,
        Object.keys(item.legend ?? {}).map((l, k) => [l, cells[k]]),
      );
    }
    case 'box': {
      const [w, h] = scale(item);
      const xs = [rng.range(0, w), rng.range(0, w)].sort((a, b) => a - b);
      const ys = [rng.range(0, h), rng.range(0, h)].sort((a, b) => a - b);
      return JSON.stringify([xs[0], ys[0], xs[1], ys[1]].map(Math.round));
    }
    case 'point': {
      const [w, h] = scale(item);
      return JSON.stringify([Math.round(rng.range(0, w)), Math.round(rng.range(0, h))]);
    }
    case 'sequence':
      return JSON.stringify(
        (item.answer as string[]).map((step) =>
          step.startsWith('turn') ? rng.pick(TURN_STEPS) : forwardStep(rng.range(0.5, MAX_WALK_M)),
        ),
      );
    default:
      throw new Error(`no random reply for ${item.answer_type}`);
  }
}

export function centerReply(item: QaItem): string {
  const n = item.grid ?? 10;
  const mid = Math.floor(n / 2);
  switch (item.answer_type) {
    case 'layout': {
      const at = item.frame === 'metric' ? [0, AHEAD_M] : [mid, mid];
      return JSON.stringify(Object.fromEntries(Object.keys(item.answer as LayoutAnswer).map((k) => [k, at])));
    }
    case 'ascii': {
      // One letter a cell: along the middle row, centred.
      const letters = Object.keys(item.legend ?? {});
      const start = mid * n + Math.max(0, mid - Math.floor(letters.length / 2));
      return drawMap(
        n,
        letters.map((l, k) => [l, start + k]),
      );
    }
    case 'box': {
      const [w, h] = scale(item);
      return JSON.stringify([w / 4, h / 4, (3 * w) / 4, (3 * h) / 4].map(Math.round));
    }
    case 'point': {
      const [w, h] = scale(item);
      return JSON.stringify([Math.round(w / 2), Math.round(h / 2)]);
    }
    case 'sequence':
      return JSON.stringify(
        (item.answer as string[]).map((step) =>
          step.startsWith('turn') ? 'turn left' : forwardStep(AHEAD_M),
        ),
      );
    default:
      throw new Error(`no centre reply for ${item.answer_type}`);
  }
}

export function oracleReply(item: QaItem): string {
  switch (item.answer_type) {
    case 'ascii':
      return item.answer as string;
    case 'box':
      return JSON.stringify(toAsked(item, item.answer as Box));
    case 'point':
      return JSON.stringify(toAsked(item, deepestPixel(item.answer as Region)));
    default:
      return JSON.stringify(item.answer);
  }
}

/** The width and height of the coordinate space the question asks in. */
function scale(item: QaItem): [number, number] {
  return item.coords === 'norm1000' ? [1000, 1000] : item.image_size!;
}

/** Pixel coordinates → the question's; 0–1000 values rounded to 0.1 so a box edge stays on its pixel. */
function toAsked(item: QaItem, values: readonly number[]): number[] {
  if (item.coords !== 'norm1000') return values.slice();
  const [w, h] = item.image_size!;
  return values.map((v, i) => Math.round((v * 10000) / (i % 2 === 0 ? w : h)) / 10);
}

/** The centre of the region's pixel farthest (in 4-neighbour steps) from anything outside it. */
function deepestPixel(region: Region): [number, number] {
  const [w, h] = region.size;
  const mask = decodeRegion(region);
  const depth = new Int32Array(w * h);
  for (let pass = 0; pass < 2; pass++)
    for (let k = 0; k < w * h; k++) {
      const p = pass === 0 ? k : w * h - 1 - k;
      if (!mask[p]) continue;
      const [x, y] = [p % w, Math.floor(p / w)];
      const d = pass === 0 ? -1 : 1;
      const neighbours = [
        x + d >= 0 && x + d < w ? depth[p + d] : 0,
        y + d >= 0 && y + d < h ? depth[p + d * w] : 0,
      ];
      depth[p] = pass === 0 ? 1 + Math.min(...neighbours) : Math.min(depth[p], 1 + Math.min(...neighbours));
    }
  let best = 0;
  for (let p = 1; p < w * h; p++) if (depth[p] > depth[best]) best = p;
  return [(best % w) + 0.5, Math.floor(best / w) + 0.5];
}

function drawMap(n: number, letters: [string, number][]): string {
  const cells = Array.from({ length: n * n }, () => '.');
  for (const [l, at] of letters) cells[at] = l;
  return Array.from({ length: n }, (_, r) => cells.slice(r * n, (r + 1) * n).join('')).join('\n');
}

const round1 = (x: number) => Math.round(x * 10) / 10;
