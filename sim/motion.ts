import { boxOverlap, footprint, headingVector, rotateY, scale } from './geometry';
import { isPinned, type PhysicsObject, poseChanged, residuals, simulate } from './physics';
import type { Rng } from './rng';
import type { Motion, Pose, Vec3 } from './schema';

/**
 * Object motion for dynamic scenes: a movable object slides across the floor, is pushed along the
 * top it stands on, or is pushed off that top and falls to the floor. Physics decides the path;
 * a motion is kept only when every object ends at rest inside the room without overlaps.
 */

export interface MotionObject extends PhysicsObject {
  id: number;
  movable: boolean;
}

export interface ObjectMotionPlan {
  motions: Motion['objects'];
  /** Poses of every object at each requested time (index-aligned with the objects). */
  posesAt: Pose[][];
}

/**
 * First guess of how fast a pushed box slows down, m/s². cannon-es brakes a box sliding on a plane
 * at about 2 g whatever the friction coefficient (one friction equation per corner contact), so
 * this is measured, not μg; the speed is then refined by simulating.
 */
const SLIDE_DECELERATION = 19;

export function planObjectMotion(
  roomSize: Vec3,
  objects: MotionObject[],
  times: number[],
  rng: Rng,
): ObjectMotionPlan | null {
  const carriers = new Set(objects.map((o) => o.support).filter((s): s is number => typeof s === 'number'));
  const candidates = objects.filter(
    (o) =>
      o.movable && !carriers.has(o.id) && o.support !== 'wall' && o.support !== 'ceiling' && !isPinned(o, objects),
  );
  // One extra sample a little after the last frame tells whether everything has come to rest.
  const samples = [...times, times[times.length - 1] + 0.25];
  for (let attempt = 0; attempt < 12 && candidates.length; attempt++) {
    const r = rng.fork('attempt', attempt);
    const mover = r.pick(candidates);
    const push = proposePush(roomSize, objects, mover, r);
    if (!push) continue;
    const index = objects.indexOf(mover);
    // The push speed that carries the object about the planned distance, found by simulating:
    // sliding distance grows with the square of the speed.
    let speed = Math.sqrt(2 * SLIDE_DECELERATION * push.distance);
    for (let k = 0; k < 4; k++) {
      const velocity = scale(push.direction, speed);
      const posesAt = simulate(roomSize, objects, [{ index, velocity }], samples);
      const travelled = horizontalDistance(
        posesAt[0][index].position,
        posesAt[posesAt.length - 1][index].position,
      );
      if (acceptable(roomSize, objects, posesAt, index, push)) {
        return { motions: [{ id: mover.id, kind: push.kind, velocity }], posesAt: posesAt.slice(0, -1) };
      }
      if (travelled > push.distance * 1.25) break;
      speed *= Math.min(2, Math.max(1.15, Math.sqrt(push.distance / Math.max(travelled, 0.02))));
    }
  }
  return null;
}

interface PushPlan {
  kind: Motion['objects'][number]['kind'];
  direction: Vec3;
  /** How far the object should come to rest from where it starts, m (for a fall: to leave its top). */
  distance: number;
}

function horizontalDistance(a: Vec3, b: Vec3): number {
  return Math.hypot(b[0] - a[0], b[2] - a[2]);
}

function proposePush(
  roomSize: Vec3,
  objects: MotionObject[],
  mover: MotionObject,
  rng: Rng,
): PushPlan | null {
  if (mover.support === 'floor') {
    const direction = headingVector(rng.range(-Math.PI, Math.PI));
    const distance = rng.range(0.5, 1.1);
    if (!pathClear(roomSize, objects, mover, direction, distance * 1.25)) return null;
    return { kind: 'slide', direction, distance };
  }
  const base = objects[(mover.support as number) - 1];
  // Distance from the mover's centre to the edge of the top, along a direction in the base's frame.
  const local = rotateY(
    [mover.position[0] - base.position[0], 0, mover.position[2] - base.position[2]],
    -base.yaw,
  );
  const axis = rng.int(0, 3);
  const sign = axis % 2 === 0 ? 1 : -1;
  const alongX = axis < 2;
  const half = alongX ? base.size[0] / 2 : base.size[2] / 2;
  const toEdge = half - sign * (alongX ? local[0] : local[2]);
  const direction = rotateY(alongX ? [sign, 0, 0] : [0, 0, sign], base.yaw);
  const moverHalf = Math.max(mover.size[0], mover.size[2]) / 2;
  if (rng.bool(0.4)) {
    // Falls off: slide past the edge by more than half its size, then drop.
    const distance = toEdge + moverHalf + 0.08;
    if (!pathClear(roomSize, objects, mover, direction, distance + 0.3, true)) return null;
    return { kind: 'fall', direction, distance };
  }
  const distance = Math.min(toEdge - moverHalf - 0.03, 0.45);
  if (distance < 0.12 || !pathClear(roomSize, objects, mover, direction, distance * 1.25)) return null;
  return { kind: 'push', direction, distance };
}

/** No other box in the way of the mover's box swept along dir for dist (plan view; `anyHeight` also below it). */
function pathClear(
  roomSize: Vec3,
  objects: MotionObject[],
  mover: MotionObject,
  dir: Vec3,
  dist: number,
  anyHeight = false,
): boolean {
  const [w, , d] = roomSize;
  for (let s = 0.1; s <= 1.0001; s += 0.1) {
    const p: Vec3 = [
      mover.position[0] + dir[0] * dist * s,
      mover.position[1],
      mover.position[2] + dir[2] * dist * s,
    ];
    const swept = {
      ...mover,
      position: p,
      size: [mover.size[0], anyHeight ? 10 : mover.size[1], mover.size[2]] as Vec3,
    };
    if (footprint(swept).some(([x, z]) => Math.abs(x) > w / 2 - 0.05 || Math.abs(z) > d / 2 - 0.05))
      return false;
    for (const o of objects) {
      if (o === mover || o.id === mover.support || o.support === 'wall' || o.support === 'ceiling') continue;
      if (boxOverlap(swept, o, 0.03) > 0) return false;
    }
  }
  return true;
}

/**
 * The push did what it was planned to: the object ended within 25% of the planned distance (a
 * falling one on the floor, off its top), everything is at rest by the last frame, and no box
 * overlaps another or floats.
 */
function acceptable(
  roomSize: Vec3,
  objects: MotionObject[],
  posesAt: Pose[][],
  index: number,
  push: PushPlan,
): boolean {
  const first = posesAt[0];
  const last = posesAt[posesAt.length - 2];
  const after = posesAt[posesAt.length - 1];
  const moved = horizontalDistance(first[index].position, last[index].position);
  const fell = push.kind === 'fall';
  if (fell ? moved < push.distance * 0.75 : Math.abs(moved - push.distance) > 0.25 * push.distance)
    return false;
  if (objects.some((_, i) => poseChanged(last[i], after[i]))) return false;
  const end = objects.map((o, i) => ({
    ...o,
    position: last[i].position,
    yaw: last[i].yaw,
    support: i === index && fell ? ('floor' as const) : o.support,
  }));
  const res = residuals(end, roomSize);
  return res.max_penetration < 0.005 && res.max_gap < 0.005;
}
