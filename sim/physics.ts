import * as CANNON from 'cannon-es';
import { add, type BoxPose, boxOverlap, rotateY, sub } from './geometry';
import type { Frame, Pose, Scene, Support, Vec3 } from './schema';

/**
 * cannon-es behind one call: `settle` drops the objects onto their supports and runs until every
 * body sleeps (or a step cap, then forces sleep: some contacts jitter forever). It calls
 * `world.step(dt)` only (fixedStep reads the wall clock), so results are a pure function of the input.
 */

export interface PhysicsObject extends BoxPose {
  size: [number, number, number];
  support: Support;
  /** Height of the surface it stands on in its supporter's frame, m (null: floor, wall, ceiling). */
  surfaceY: number | null;
  /** kg; hung objects are static whatever their mass. */
  mass: number;
}

/**
 * Stands on a surface inside its supporter's box (a shelf, a bed's mattress, a sofa's seat): the
 * physics boxes would collide, so it is not simulated but carried along with its supporter.
 */
export function isPinned(o: PhysicsObject, objects: readonly PhysicsObject[]): boolean {
  if (typeof o.support !== 'number' || o.surfaceY === null) return false;
  return o.surfaceY < objects[o.support - 1].size[1] / 2 - 1e-6;
}

export interface SettleReport {
  steps: number;
  settled: boolean;
  max_penetration: number;
  max_gap: number;
}

const DT = 1 / 120;
const MAX_SETTLE_STEPS = 240;
const DROP_HEIGHT = 0.002;
const FRICTION = 0.35;
/** Poses that differ by less than this from their frame-0 value are not recorded. */
const POSE_EPS = 5e-4;
const YAW_EPS = 2e-3;

function resetCannonIds(): void {
  // cannon-es numbers its objects with process-global counters; start every world from zero so a
  // scene simulates the same whatever ran before it in this process.
  CANNON.Body.idCounter = 0;
  CANNON.Shape.idCounter = 0;
  CANNON.Equation.idCounter = 0;
  CANNON.Material.idCounter = 0;
  CANNON.ContactMaterial.idCounter = 0;
  CANNON.Constraint.idCounter = 0;
}

/** The world with every object that is not pinned; `bodies[i]` is null for pinned object i. */
function buildWorld(roomSize: Vec3, objects: readonly PhysicsObject[]) {
  resetCannonIds();
  const [w, h, d] = roomSize;
  const material = new CANNON.Material('default');
  const world = new CANNON.World({ gravity: new CANNON.Vec3(0, -9.81, 0), allowSleep: true });
  world.defaultContactMaterial = new CANNON.ContactMaterial(material, material, {
    friction: FRICTION,
    restitution: 0,
    contactEquationStiffness: 1e7,
    contactEquationRelaxation: 3,
  });
  // Fewer iterations leave stacked boxes bouncing by a fraction of a millimetre forever (never asleep).
  (world.solver as CANNON.GSSolver).iterations = 30;
  // The room shell: floor, ceiling and four walls as planes facing into the room.
  const planes: [Vec3, Vec3, number][] = [
    [[0, 0, 0], [1, 0, 0], -Math.PI / 2],
    [[0, h, 0], [1, 0, 0], Math.PI / 2],
    [[-w / 2, 0, 0], [0, 1, 0], Math.PI / 2],
    [[w / 2, 0, 0], [0, 1, 0], -Math.PI / 2],
    [[0, 0, -d / 2], [0, 1, 0], 0],
    [[0, 0, d / 2], [0, 1, 0], Math.PI],
  ];
  for (const [p, axis, angle] of planes) {
    const body = new CANNON.Body({ mass: 0, material, shape: new CANNON.Plane() });
    body.position.set(p[0], p[1], p[2]);
    body.quaternion.setFromAxisAngle(new CANNON.Vec3(axis[0], axis[1], axis[2]), angle);
    world.addBody(body);
  }
  const bodies = objects.map((o) => {
    if (isPinned(o, objects)) return null;
    const hung = o.support === 'wall' || o.support === 'ceiling';
    const body = new CANNON.Body({
      mass: hung ? 0 : o.mass,
      material,
      shape: new CANNON.Box(new CANNON.Vec3(o.size[0] / 2, o.size[1] / 2, o.size[2] / 2)),
      // Objects stay upright: they may slide and turn about +Y, never tip.
      angularFactor: new CANNON.Vec3(0, 1, 0),
      allowSleep: true,
      sleepSpeedLimit: 0.01,
      sleepTimeLimit: 0.1,
      linearDamping: 0.05,
      angularDamping: 0.6,
    });
    body.position.set(o.position[0], o.position[1] + (hung ? 0 : DROP_HEIGHT), o.position[2]);
    body.quaternion.setFromAxisAngle(new CANNON.Vec3(0, 1, 0), o.yaw);
    world.addBody(body);
    return body;
  });
  return { world, bodies };
}

/**
 * Poses of every object: a body's own, or for a pinned object its pose at `rest` carried along by
 * how its supporter moved from its own pose at rest (supporters come first in the list).
 */
function posesOf(bodies: readonly (CANNON.Body | null)[], rest: readonly PhysicsObject[]): Pose[] {
  const out: Pose[] = [];
  bodies.forEach((b, i) => {
    if (b) {
      out.push(poseOf(b));
      return;
    }
    const o = rest[i];
    const k = (o.support as number) - 1;
    const [from, to] = [rest[k], out[k]];
    const turn = to.yaw - from.yaw;
    const rel = rotateY(sub(o.position, from.position), turn);
    out.push({
      position: add(to.position, rel),
      yaw: Math.atan2(Math.sin(o.yaw + turn), Math.cos(o.yaw + turn)),
    });
  });
  return out;
}

function poseOf(body: CANNON.Body): Pose {
  const q = body.quaternion;
  // Upright bodies: the rotation is about +Y alone, yaw = 2·atan2(q.y, q.w).
  const yaw = 2 * Math.atan2(q.y, q.w);
  return {
    position: [body.position.x, body.position.y, body.position.z],
    yaw: Math.atan2(Math.sin(yaw), Math.cos(yaw)),
  };
}

/**
 * Lets the objects come to rest, then snaps each resting object's height exactly onto its support
 * (the solver leaves about a millimetre of sink). Returns the settled poses and the residuals
 * measured before the snap.
 */
export function settle(
  roomSize: Vec3,
  objects: readonly PhysicsObject[],
): { poses: Pose[]; report: SettleReport } {
  const { world, bodies } = buildWorld(roomSize, objects);
  let steps = 0;
  let settled = false;
  while (steps < MAX_SETTLE_STEPS) {
    world.step(DT);
    steps++;
    if (
      steps > 10 &&
      bodies.every((b) => !b || b.type === CANNON.Body.STATIC || b.sleepState === CANNON.Body.SLEEPING)
    ) {
      settled = true;
      break;
    }
  }
  for (const b of bodies) b?.sleep();
  const raw = posesOf(bodies, objects);
  const settledObjects = objects.map((o, i) => ({ ...o, position: raw[i].position, yaw: raw[i].yaw }));
  const report: SettleReport = { steps, settled, ...residuals(settledObjects, roomSize) };
  return { poses: snapToSupports(settledObjects, roomSize), report };
}

/** Worst gap between an object and its support, and worst overlap between two boxes (m). */
export function residuals(
  objects: readonly PhysicsObject[],
  roomSize: Vec3,
): { max_penetration: number; max_gap: number } {
  let maxGap = 0;
  let maxPen = 0;
  objects.forEach((o, i) => {
    const gap = supportGap(o, objects, roomSize);
    maxGap = Math.max(maxGap, gap);
    maxPen = Math.max(maxPen, -gap);
    for (let j = i + 1; j < objects.length; j++) {
      const other = objects[j];
      if (o.support === j + 1 || other.support === i + 1) continue;
      maxPen = Math.max(maxPen, boxOverlap(o, other));
    }
  });
  return { max_penetration: maxPen, max_gap: maxGap };
}

/** Signed distance from an object to the surface it rests on or hangs from (positive: apart). */
export function supportGap(o: PhysicsObject, objects: readonly PhysicsObject[], roomSize: Vec3): number {
  const [w, h, d] = roomSize;
  const bottom = o.position[1] - o.size[1] / 2;
  if (o.support === 'floor') return bottom;
  if (o.support === 'ceiling') return h - (o.position[1] + o.size[1] / 2);
  if (o.support === 'wall') {
    // The back face (local −z) against the nearest wall plane.
    const back: Vec3 = [
      o.position[0] - Math.sin(o.yaw) * (o.size[2] / 2),
      0,
      o.position[2] - Math.cos(o.yaw) * (o.size[2] / 2),
    ];
    return Math.min(w / 2 - Math.abs(back[0]), d / 2 - Math.abs(back[2]));
  }
  const base = objects[o.support - 1];
  return bottom - (base.position[1] + (o.surfaceY ?? base.size[1] / 2));
}

/** Sets each floor or stacked object's height so that its bottom lies exactly on its support. */
function snapToSupports(objects: readonly PhysicsObject[], roomSize: Vec3): Pose[] {
  const out: PhysicsObject[] = objects.map((o) => ({ ...o }));
  // Supports come before what they carry (placement order), so one pass sees final support heights.
  out.forEach((o) => {
    const gap = supportGap(o, out, roomSize);
    if (typeof o.support === 'number' || o.support === 'floor')
      o.position = [o.position[0], o.position[1] - gap, o.position[2]];
  });
  return out.map((o) => ({ position: o.position, yaw: o.yaw }));
}

/** Has the pose moved from the reference by more than the recording threshold? */
export function poseChanged(a: Pose, b: Pose): boolean {
  const dy = Math.abs(Math.atan2(Math.sin(a.yaw - b.yaw), Math.cos(a.yaw - b.yaw)));
  return (
    Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1], a.position[2] - b.position[2]) >
      POSE_EPS || dy > YAW_EPS
  );
}

/**
 * The residuals of a scene as written, in one frame: every object at its pose there, standing on
 * the surface of its supporter nearest its bottom. What `sim validate` checks (≤ 5 mm), moving
 * objects included.
 */
export function frameResiduals(scene: Scene, frame: Frame): { max_penetration: number; max_gap: number } {
  const posed = scene.objects.map((o) => ({ ...o, ...(frame.poses[String(o.id)] ?? {}) }));
  const objects: PhysicsObject[] = posed.map((o) => {
    let surfaceY: number | null = null;
    if (typeof o.support === 'number') {
      const base = posed[o.support - 1];
      const bottom = o.position[1] - o.size[1] / 2 - base.position[1];
      surfaceY = base.surfaces.reduce<number | null>(
        (best, s) => (best === null || Math.abs(s.y - bottom) < Math.abs(best - bottom) ? s.y : best),
        null,
      );
    }
    return { size: o.size, position: o.position, yaw: o.yaw, support: o.support, surfaceY, mass: 1 };
  });
  return residuals(objects, scene.room.size);
}
