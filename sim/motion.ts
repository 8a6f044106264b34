import {
  add,
  boxOverlap,
  footprint,
  headingVector,
  pointInPolygon,
  rotateY,
  scale,
  wrapAngle,
} from './geometry';
import { isPinned, type PhysicsObject, residuals } from './physics';
import type { Rng } from './rng';
import type { Motion, Pose, Vec3 } from './schema';

/**
 * Object motion for dynamic scenes, as a person moves things: a chair, box or suitcase slid across
 * the floor (turning a little on the way), a chair turned where it stands, a mug or book pushed
 * along the top it stands on. The move takes the whole sequence, from the first frame to the last,
 * with a smooth start and stop, so the frames in between show it under way. Every pose on the way
 * is checked: the object stays on its support (its bottom exactly on the floor or the top), inside
 * the room and clear of every other box, so no frame shows anything floating or interpenetrating.
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

/** Path checks every this many metres (and at least 40 times). */
const CHECK_STEP = 0.02;
/** Clearance kept to other boxes and to the walls on the way, m. */
const CLEARANCE = 0.01;
const WALL_MARGIN = 0.03;

type Kind = Motion['objects'][number]['kind'];

/** The longest side from which a moving object counts as one a person notices, m. */
const NOTICEABLE = 0.3;

export function planObjectMotion(
  roomSize: Vec3,
  objects: MotionObject[],
  times: number[],
  rng: Rng,
): ObjectMotionPlan | null {
  const carriers = new Set(objects.map((o) => o.support).filter((s): s is number => typeof s === 'number'));
  const candidates = objects.filter(
    (o) =>
      o.movable &&
      !carriers.has(o.id) &&
      (o.support === 'floor' || typeof o.support === 'number') &&
      !isPinned(o, objects),
  );
  // Things a person notices moving first (a chair, a box, a plant), small ones when none can move.
  const noticeable = candidates.filter((o) => Math.max(...o.size) >= NOTICEABLE);
  const end = times[times.length - 1];
  for (let attempt = 0; attempt < 24 && candidates.length; attempt++) {
    const r = rng.fork('attempt', attempt);
    const mover = r.pick(noticeable.length && attempt < 16 ? noticeable : candidates);
    const move = proposeMove(objects, mover, r);
    if (!move || !pathClear(roomSize, objects, mover, move)) continue;
    const index = objects.indexOf(mover);
    const posesAt = times.map((t) =>
      objects.map((o, i) => (i === index ? poseAt(o, move, t / end) : rest(o))),
    );
    // The end pose once more through the same residuals every scene reports (≤ 5 mm, here 0).
    const last = posesAt[posesAt.length - 1];
    const res = residuals(
      objects.map((o, i) => ({ ...o, position: last[i].position, yaw: last[i].yaw })),
      roomSize,
    );
    if (res.max_penetration > 0.005 || res.max_gap > 0.005) continue;
    return {
      motions: [
        {
          id: mover.id,
          kind: move.kind,
          start: 0,
          end,
          displacement: move.displacement,
          turn: move.turn,
        },
      ],
      posesAt,
    };
  }
  return null;
}

interface Move {
  kind: Kind;
  /** World displacement of the box centre, m (horizontal). */
  displacement: Vec3;
  /** Change of yaw, rad. */
  turn: number;
}

const rest = (o: PhysicsObject): Pose => ({ position: o.position, yaw: o.yaw });

/** Smooth start and stop: the share of the move done at time share s (0–1). */
const ease = (s: number) => s * s * (3 - 2 * s);

function poseAt(o: PhysicsObject, m: Move, s: number): Pose {
  const e = ease(Math.min(1, Math.max(0, s)));
  return { position: add(o.position, scale(m.displacement, e)), yaw: wrapAngle(o.yaw + m.turn * e) };
}

function proposeMove(objects: readonly MotionObject[], mover: MotionObject, rng: Rng): Move | null {
  if (mover.support === 'floor') {
    // Most often slid somewhere (turning a little), sometimes turned where it stands.
    if (rng.bool(0.2))
      return { kind: 'turn', displacement: [0, 0, 0], turn: rng.range(0.9, 1.8) * (rng.bool() ? 1 : -1) };
    const dir = headingVector(rng.range(-Math.PI, Math.PI));
    return { kind: 'slide', displacement: scale(dir, rng.range(0.6, 1.4)), turn: rng.range(-0.6, 0.6) };
  }
  const base = objects[(mover.support as number) - 1];
  // Pushed along its top, square to the top's edges, far enough for a person to notice.
  const axis = rng.int(0, 3);
  const local: Vec3 = [axis === 0 ? 1 : axis === 1 ? -1 : 0, 0, axis === 2 ? 1 : axis === 3 ? -1 : 0];
  return {
    kind: 'push',
    displacement: scale(rotateY(local, base.yaw), rng.range(0.15, 0.45)),
    turn: rng.range(-0.3, 0.3),
  };
}

/**
 * Every pose along the move: inside the room, clear of every other box (its supporter apart), and
 * a pushed object's centre still over its top, with its footprint on it.
 */
function pathClear(roomSize: Vec3, objects: readonly MotionObject[], mover: MotionObject, m: Move): boolean {
  const [w, , d] = roomSize;
  const length =
    Math.hypot(m.displacement[0], m.displacement[2]) +
    Math.abs(m.turn) * Math.hypot(mover.size[0], mover.size[2]);
  const steps = Math.max(40, Math.ceil(length / CHECK_STEP));
  const base = typeof mover.support === 'number' ? objects[mover.support - 1] : null;
  const top = base && footprint(base);
  for (let k = 0; k <= steps; k++) {
    const p = poseAt(mover, m, k / steps);
    const box = { ...mover, position: p.position, yaw: p.yaw };
    if (
      footprint(box).some(([x, z]) => Math.abs(x) > w / 2 - WALL_MARGIN || Math.abs(z) > d / 2 - WALL_MARGIN)
    )
      return false;
    if (top && footprint(box).some((c) => !pointInPolygon(c, top))) return false;
    for (const o of objects) {
      if (o === mover || o.id === mover.support) continue;
      if (boxOverlap(box, o, CLEARANCE) > 0) return false;
    }
  }
  return true;
}
