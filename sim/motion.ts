import { boxOverlap, footprint, headingVector, rotateY, scale } from './geometry';
import { type PhysicsObject, poseChanged, residuals, simulate } from './physics';
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

/** Kinetic friction used to size a push: v = √(2 μ g d) stops after about d metres. */
const MU_G = 0.35 * 9.81;

export function planObjectMotion(
  roomSize: Vec3,
  objects: MotionObject[],
  times: number[],
  rng: Rng,
): ObjectMotionPlan | null {
  const carriers = new Set(objects.map((o) => o.support).filter((s): s is number => typeof s === 'number'));
  const candidates = objects.filter(
    (o) => o.movable && !carriers.has(o.id) && o.support !== 'wall' && o.support !== 'ceiling',
  );
  for (let attempt = 0; attempt < 8 && candidates.length; attempt++) {
    const r = rng.fork('attempt', attempt);
    const mover = r.pick(candidates);
    const motion = proposeMotion(roomSize, objects, mover, r);
    if (!motion) continue;
    const index = objects.indexOf(mover);
    // One extra sample a little after the last frame tells whether everything has come to rest.
    const settleCheck = times[times.length - 1] + 0.25;
    const posesAt = simulate(
      roomSize,
      objects,
      [{ index, velocity: motion.velocity }],
      [...times, settleCheck],
    );
    if (acceptable(roomSize, objects, posesAt, index, motion.kind))
      return { motions: [motion], posesAt: posesAt.slice(0, -1) };
  }
  return null;
}

function proposeMotion(
  roomSize: Vec3,
  objects: MotionObject[],
  mover: MotionObject,
  rng: Rng,
): Motion['objects'][number] | null {
  if (mover.support === 'floor') {
    const dir = headingVector(rng.range(-Math.PI, Math.PI));
    const dist = rng.range(0.5, 1.1);
    if (!pathClear(roomSize, objects, mover, dir, dist)) return null;
    return { id: mover.id, kind: 'slide', velocity: scale(dir, Math.sqrt(2 * MU_G * dist)) };
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
  const dirLocal: Vec3 = alongX ? [sign, 0, 0] : [0, 0, sign];
  const dir = rotateY(dirLocal, base.yaw);
  const moverHalf = Math.max(mover.size[0], mover.size[2]) / 2;
  if (rng.bool(0.5)) {
    // Falls off: slide past the edge by more than half its size, then drop.
    const dist = toEdge + moverHalf + 0.08;
    if (!pathClear(roomSize, objects, mover, dir, dist + 0.3, true)) return null;
    return { id: mover.id, kind: 'fall', velocity: scale(dir, Math.sqrt(2 * MU_G * dist)) };
  }
  const dist = Math.min(toEdge - moverHalf - 0.03, 0.45);
  if (dist < 0.12 || !pathClear(roomSize, objects, mover, dir, dist)) return null;
  return { id: mover.id, kind: 'push', velocity: scale(dir, Math.sqrt(2 * MU_G * dist)) };
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

function acceptable(
  roomSize: Vec3,
  objects: MotionObject[],
  posesAt: Pose[][],
  index: number,
  kind: string,
): boolean {
  const first = posesAt[0];
  const last = posesAt[posesAt.length - 2];
  const after = posesAt[posesAt.length - 1];
  const moved = Math.hypot(
    last[index].position[0] - first[index].position[0],
    last[index].position[2] - first[index].position[2],
  );
  if (moved < (kind === 'push' ? 0.08 : 0.25)) return false;
  // Nothing may still be moving in the last frame or overlap another box there.
  if (objects.some((_, i) => poseChanged(last[i], after[i]))) return false;
  const end = objects.map((o, i) => ({
    ...o,
    position: last[i].position,
    yaw: last[i].yaw,
    support: i === index && kind === 'fall' ? ('floor' as const) : o.support,
  }));
  const res = residuals(end, roomSize);
  return res.max_penetration < 0.005 && res.max_gap < 0.005;
}
