import { cameraPose } from './camera';
import { footprint, pointInPolygon, wrapAngle } from './geometry';
import type { Rng } from './rng';
import type { Mat4, Vec3 } from './schema';
import type { ViewObject } from './views';

/**
 * A walk through the room at eye height, as a person films it: from near a door (where one comes
 * in) through free floor to spread-out places that together visit most of the room, looking
 * around on the way. The route runs on a 10 cm grid of free floor (0.5 m from walls and 0.3 m
 * from every object standing on the floor; rugs are walked on), is smoothed, and is walked at a
 * steady pace; the gaze turns between the way ahead and the middle of the room (one films the
 * room, not the wall one walks along) and sweeps slowly from side to side. Every camera position
 * on the way is on free floor: the walk is collision-free.
 */

const CELL = 0.1;
const WALL_CLEARANCE = 0.5;
const OBJECT_CLEARANCE = 0.3;
/** Objects lower than this are walked over (rugs). */
const WALKABLE_HEIGHT = 0.05;
const MIN_SPEED = 0.12;
const MAX_SPEED = 0.7;

export interface WalkPlan {
  /** World→camera for each frame. */
  poses: Mat4[];
  /** Length of the route, m. */
  length: number;
}

interface Grid {
  nx: number;
  nz: number;
  free: Uint8Array;
  x0: number;
  z0: number;
}

function freeGrid(roomSize: Vec3, objects: readonly ViewObject[]): Grid {
  const [w, , d] = roomSize;
  const nx = Math.floor(w / CELL);
  const nz = Math.floor(d / CELL);
  const x0 = -w / 2 + (w - nx * CELL) / 2 + CELL / 2;
  const z0 = -d / 2 + (d - nz * CELL) / 2 + CELL / 2;
  const blocks = objects
    .filter((o) => o.support === 'floor' && o.size[1] >= WALKABLE_HEIGHT)
    .map((o) => footprint(o, OBJECT_CLEARANCE));
  const free = new Uint8Array(nx * nz);
  for (let i = 0; i < nx; i++)
    for (let k = 0; k < nz; k++) {
      const p: [number, number] = [x0 + i * CELL, z0 + k * CELL];
      const inside = Math.abs(p[0]) <= w / 2 - WALL_CLEARANCE && Math.abs(p[1]) <= d / 2 - WALL_CLEARANCE;
      free[i * nz + k] = inside && !blocks.some((b) => pointInPolygon(p, b)) ? 1 : 0;
    }
  return { nx, nz, free, x0, z0 };
}

const at = (g: Grid, c: number): [number, number] => [
  g.x0 + Math.floor(c / g.nz) * CELL,
  g.z0 + (c % g.nz) * CELL,
];

/** Breadth-first distances (in steps, 8-connected) from `start` over free cells, and parents. */
function bfs(g: Grid, start: number): { dist: Int32Array; parent: Int32Array } {
  const dist = new Int32Array(g.free.length).fill(-1);
  const parent = new Int32Array(g.free.length).fill(-1);
  const queue = [start];
  dist[start] = 0;
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q];
    const [i, k] = [Math.floor(c / g.nz), c % g.nz];
    for (let di = -1; di <= 1; di++)
      for (let dk = -1; dk <= 1; dk++) {
        const [a, b] = [i + di, k + dk];
        if ((di || dk) && a >= 0 && b >= 0 && a < g.nx && b < g.nz) {
          const n = a * g.nz + b;
          // A diagonal step needs both cells beside it free, so the route never cuts a corner.
          if (!g.free[n] || dist[n] >= 0 || (di && dk && !(g.free[a * g.nz + k] && g.free[i * g.nz + b])))
            continue;
          dist[n] = dist[c] + 1;
          parent[n] = c;
          queue.push(n);
        }
      }
  }
  return { dist, parent };
}

/**
 * Plans the walk for `frames` frames `1/fps` s apart, or null when the room has no free floor to
 * walk through (too small or too full).
 */
export function planWalkthrough(
  roomSize: Vec3,
  objects: readonly ViewObject[],
  doors: readonly [number, number][],
  opts: { frames: number; fps: number; height: number; pitch: number },
  rng: Rng,
): WalkPlan | null {
  const g = freeGrid(roomSize, objects);
  const cells = [...g.free.keys()].filter((c) => g.free[c]);
  if (cells.length < 20) return null;
  // Start at the free cell nearest a door (or anywhere), in the part of the floor reachable from it.
  const near = (p: [number, number]) =>
    cells.reduce((b, c) => (dist2(at(g, c), p) < dist2(at(g, b), p) ? c : b), cells[0]);
  const start = doors.length ? near(rng.pick(doors)) : rng.pick(cells);
  const reach = bfs(g, start);
  const reachable = cells.filter((c) => reach.dist[c] >= 0);
  if (reachable.length < 20) return null;
  // Places to visit: far apart, each the reachable cell farthest (as the crow flies) from those so far.
  const duration = (opts.frames - 1) / opts.fps;
  const stops = [start];
  const wanted = rng.int(3, 5);
  while (stops.length <= wanted) {
    const next = reachable.reduce((b, c) =>
      Math.min(...stops.map((s) => dist2(at(g, s), at(g, c)))) >
      Math.min(...stops.map((s) => dist2(at(g, s), at(g, b))))
        ? c
        : b,
    );
    if (stops.includes(next)) break;
    stops.push(next);
  }
  // Visit them in the order that keeps each leg short (nearest next), along free floor.
  const route: [number, number][] = [at(g, start)];
  let here = start;
  const todo = stops.slice(1);
  let length = 0;
  while (todo.length) {
    const from = bfs(g, here);
    todo.sort((a, b) => from.dist[a] - from.dist[b]);
    const next = todo.shift()!;
    const leg: number[] = [];
    for (let c = next; c !== here && c >= 0; c = from.parent[c]) leg.push(c);
    const path = leg.reverse().map((c) => at(g, c));
    const legLength = polylineLength([route[route.length - 1], ...path]);
    // A route longer than the walk can cover at a steady pace ends at the last stop it reaches.
    if ((length + legLength) / duration > MAX_SPEED) break;
    route.push(...path);
    length += legLength;
    here = next;
  }
  if (route.length < 2 || length / duration < MIN_SPEED) return null;
  const smooth = smoothed(route, g);
  const total = polylineLength(smooth);
  // The gaze sweeps from side to side around the direction of walking.
  const sweep = rng.range(0.35, 0.75);
  const period = rng.range(8, 16);
  const phase = rng.range(0, 2 * Math.PI);
  const poses: Mat4[] = [];
  for (let k = 0; k < opts.frames; k++) {
    const t = k / opts.fps;
    const s = (total * t) / duration;
    const [p, dir] = pointAt(smooth, s);
    const toMiddle = Math.hypot(p[0], p[1]);
    const look: [number, number] =
      toMiddle > 0.3 ? [dir[0] - (0.8 * p[0]) / toMiddle, dir[1] - (0.8 * p[1]) / toMiddle] : dir;
    const heading = wrapAngle(
      Math.atan2(look[0], look[1]) + sweep * Math.sin((2 * Math.PI * t) / period + phase),
    );
    poses.push(cameraPose([p[0], opts.height, p[1]], heading, opts.pitch));
  }
  return { poses, length: total };
}

const dist2 = (a: [number, number], b: [number, number]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

function polylineLength(pts: readonly [number, number][]): number {
  let s = 0;
  for (let i = 1; i < pts.length; i++) s += Math.sqrt(dist2(pts[i - 1], pts[i]));
  return s;
}

/** Chaikin's corner cutting, twice, keeping only points that stay on free floor. */
function smoothed(route: [number, number][], g: Grid): [number, number][] {
  let pts = route;
  for (let it = 0; it < 2; it++) {
    const out: [number, number][] = [pts[0]];
    for (let i = 0; i + 1 < pts.length; i++) {
      const [a, b] = [pts[i], pts[i + 1]];
      out.push(
        [0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]],
        [0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]],
      );
    }
    out.push(pts[pts.length - 1]);
    if (!out.every((p) => isFree(g, p))) break;
    pts = out;
  }
  return pts;
}

function isFree(g: Grid, p: [number, number]): boolean {
  const i = Math.round((p[0] - g.x0) / CELL);
  const k = Math.round((p[1] - g.z0) / CELL);
  return i >= 0 && k >= 0 && i < g.nx && k < g.nz && g.free[i * g.nz + k] === 1;
}

/** The point at arc length `s` along a polyline, and the unit direction of walking there. */
function pointAt(pts: readonly [number, number][], s: number): [[number, number], [number, number]] {
  let left = s;
  for (let i = 1; i < pts.length; i++) {
    const [a, b] = [pts[i - 1], pts[i]];
    const len = Math.sqrt(dist2(a, b));
    if (len === 0) continue;
    const dir: [number, number] = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    if (left <= len || i === pts.length - 1) {
      const t = Math.min(left, len);
      return [[a[0] + dir[0] * t, a[1] + dir[1] * t], dir];
    }
    left -= len;
  }
  return [pts[0], [0, 1]];
}
