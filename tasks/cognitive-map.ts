import { sub } from '../sim/geometry';
import type { Frame, Vec3 } from '../sim/schema';
import { floorCoverage, MIN_COVERAGE } from './room-size';
import type { SceneView } from './scene-view';
import { letter } from './schema';
import { planComponents } from './spatial';
import type { LayoutAnswer } from './structured';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * Cognitive maps (MindCube's and VSI-Bench's "map, then reason"), over a walkthrough's video or a
 * multi-view set that shows ≥ 70% of the floor (room_size's rule):
 *   cognitive_map  each of 3–6 objects' cell (row, column) on a 10×10 grid over the floor;
 *   ascii_map      the same grid drawn as text, one letter per object (legend given);
 *   metric_map     (Video2Layout) each object's centre in metres in the first camera's floor frame
 *                  (x right, z ahead); also asked about single images of still scenes.
 * The grid's north (row 0) is the wall the first image faces most squarely, west (column 0) the
 * wall to its left. An object whose centre lies within 10% of a cell's edge is not asked (its cell
 * would hinge on centimetres); objects on an ASCII map each have a cell of their own.
 */

export const GRID = 10;
/** Share of a cell next to each edge where an object's centre makes its cell ambiguous. */
const EDGE = 0.1;
const MIN_OBJECTS = 3;
const MAX_OBJECTS = 6;

const PARAPHRASES = {
  grid: [
    'Imagine a {n}×{n} grid over the floor of this room: row 0 runs along the wall the first image faces, row {last} along the opposite wall; column 0 runs along the wall to the left of that view, column {last} along the wall to its right. Give the cell (row, column) of the centre of each of these objects: {objects}. Answer with JSON like {"name": [row, column], ...}.',
    'Place these objects on a {n}×{n} map of the room ({objects}). Row 0 runs along the wall the first image looks towards, column 0 along the wall to its left. Which cell (row, column) holds the centre of each? Answer as JSON: {"name": [row, column], ...}.',
  ],
  metric: [
    'Taking the camera of the first image as the origin, with x metres to its right and z metres straight ahead along the floor, where is the centre of each of these objects: {objects}? Answer with JSON like {"name": [x, z], ...}.',
    'In metres, how far to the right (x, negative for left) and how far ahead (z) of the first camera, along the floor, is the centre of each of these objects: {objects}? Answer as JSON: {"name": [x, z], ...}.',
  ],
  ascii: [
    'Draw this room as a {n}×{n} map in text: {n} lines of {n} characters, "." for an empty cell and a letter for each object ({legend}) in the cell holding its centre. The top line is the wall the first image faces, the left column the wall to the left of that view. Give only the map.',
    'Make an ASCII map of the room, {n} rows of {n} characters: the first row along the wall the first image looks at, the first column along the wall to its left; write "." for empty cells and put each object’s letter ({legend}) where its centre is.',
  ],
} satisfies Record<string, Paraphrases>;

/** The room's grid frame: unit vectors north and east on the floor, and the room's extent along them. */
export interface GridFrame {
  north: Vec3;
  east: Vec3;
  /** Half extents of the room along east and north, m. */
  halfEast: number;
  halfNorth: number;
}

/** North = the room axis nearest the first camera's heading; east = its right. */
export function gridFrame(view: SceneView, first: Frame): GridFrame {
  const h = view.camera(first).heading;
  const quarter = ((Math.round(h / (Math.PI / 2)) % 4) + 4) % 4;
  const axes: Vec3[] = [
    [0, 0, 1],
    [1, 0, 0],
    [0, 0, -1],
    [-1, 0, 0],
  ];
  const north = axes[quarter];
  // Facing north, the right hand points east: heading − 90°.
  const east = axes[(quarter + 3) % 4];
  const [w, , d] = view.scene.room.size;
  const alongX = north[0] !== 0;
  return { north, east, halfNorth: (alongX ? w : d) / 2, halfEast: (alongX ? d : w) / 2 };
}

/** The grid cell of a floor point and whether it sits clear of the cell's edges. */
export function gridCell(g: GridFrame, p: Vec3, n = GRID): { row: number; col: number; clear: boolean } {
  const e = p[0] * g.east[0] + p[2] * g.east[2];
  const nn = p[0] * g.north[0] + p[2] * g.north[2];
  const fx = ((e + g.halfEast) / (2 * g.halfEast)) * n;
  const fy = ((g.halfNorth - nn) / (2 * g.halfNorth)) * n;
  const col = Math.min(n - 1, Math.max(0, Math.floor(fx)));
  const row = Math.min(n - 1, Math.max(0, Math.floor(fy)));
  const inner = (f: number) => f - Math.floor(f) >= EDGE && f - Math.floor(f) <= 1 - EDGE;
  return { row, col, clear: inner(fx) && inner(fy) };
}

/** Objects seen over the frames and named apart, with their cells where each is clear of edges. */
function placeable(ctx: TaskContext, frames: readonly Frame[]) {
  const { view } = ctx;
  const g = gridFrame(view, frames[0]);
  return view
    .seenIdsIn(frames)
    .filter((id) => view.object(id).referable)
    .map((id) => ({ id, ...gridCell(g, view.pose(frames[0], id).position) }))
    .filter((c) => c.clear);
}

/** The frame sets a map can be drawn from: a walkthrough's video or a multi-view set covering the floor. */
function mapFrames({ scene }: TaskContext): Frame[] | null {
  if (scene.kind !== 'walkthrough' && scene.kind !== 'multiview') return null;
  return floorCoverage(scene.frames, scene.room.size) >= MIN_COVERAGE ? [...scene.frames] : null;
}

const listNames = (view: SceneView, ids: readonly number[]) => ids.map((id) => view.name(id)).join(', ');

export const cognitiveMap: Task = {
  name: 'cognitive_map',
  kind: 'static',
  capabilities: ['localization', 'spatial_relation'],
  level: 'understanding',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const frames = mapFrames(ctx);
    if (!frames) return [];
    const cells = rng.shuffle(placeable(ctx, frames)).slice(0, rng.int(MIN_OBJECTS + 1, MAX_OBJECTS));
    if (cells.length < MIN_OBJECTS) return [];
    const answer: LayoutAnswer = Object.fromEntries(cells.map((c) => [view.name(c.id), [c.row, c.col]]));
    return [
      {
        question: say(rng, PARAPHRASES.grid, {
          n: GRID,
          last: GRID - 1,
          objects: listNames(
            view,
            cells.map((c) => c.id),
          ),
        }),
        choices: null,
        answer,
        answer_type: 'layout',
        unit: null,
        grid: GRID,
        frame: 'grid',
        frames: frames.map((f) => f.index),
        targets: cells.map((c) => c.id),
        answer_object: null,
      },
    ];
  },
};

/** The metric variant (Video2Layout): one image of a still scene, or a whole view set or video. */
export const metricMap: Task = {
  name: 'metric_map',
  kind: 'static',
  capabilities: ['localization', 'distance'],
  level: 'understanding',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const frames = mapFrames(ctx);
    const scopes = [...view.scopes(rng), ...(frames ? [{ frames, ids: view.seenIdsIn(frames) }] : [])];
    if (scopes.length === 0) return [];
    const scope = rng.pick(scopes);
    const first = view.camera(scope.frames[0]);
    const ids = rng
      .shuffle(scope.ids.filter((id) => view.object(id).referable))
      .slice(0, rng.int(MIN_OBJECTS, MAX_OBJECTS));
    if (ids.length < MIN_OBJECTS) return [];
    const answer: LayoutAnswer = Object.fromEntries(
      ids.map((id) => {
        const [forward, left] = planComponents(
          first,
          sub(view.pose(scope.frames[0], id).position, first.center),
        );
        return [view.name(id), [round2(-left), round2(forward)]];
      }),
    );
    return [
      {
        question: say(rng, PARAPHRASES.metric, { objects: listNames(view, ids) }),
        choices: null,
        answer,
        answer_type: 'layout',
        unit: null,
        frame: 'metric',
        frames: scope.frames.map((f) => f.index),
        targets: ids,
        answer_object: null,
      },
    ];
  },
};

const round2 = (x: number) => Math.round(x * 100) / 100 || 0;

export const asciiMap: Task = {
  name: 'ascii_map',
  kind: 'static',
  capabilities: ['localization', 'spatial_relation'],
  level: 'understanding',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const frames = mapFrames(ctx);
    if (!frames) return [];
    // One object to a cell: the map has one letter per cell.
    const seen = new Set<string>();
    const cells = rng.shuffle(placeable(ctx, frames)).filter((c) => {
      const key = `${c.row},${c.col}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const chosen = cells.slice(0, rng.int(MIN_OBJECTS + 1, MAX_OBJECTS));
    if (chosen.length < MIN_OBJECTS) return [];
    const legend = Object.fromEntries(chosen.map((c, k) => [letter(k), view.name(c.id)]));
    const rows = Array.from({ length: GRID }, () => Array.from({ length: GRID }, () => '.'));
    chosen.forEach((c, k) => {
      rows[c.row][c.col] = letter(k);
    });
    return [
      {
        question: say(rng, PARAPHRASES.ascii, {
          n: GRID,
          legend: Object.entries(legend)
            .map(([l, name]) => `${l} = ${name}`)
            .join(', '),
        }),
        choices: null,
        answer: rows.map((r) => r.join('')).join('\n'),
        answer_type: 'ascii',
        unit: null,
        grid: GRID,
        legend,
        frames: frames.map((f) => f.index),
        targets: chosen.map((c) => c.id),
        answer_object: null,
      },
    ];
  },
};
