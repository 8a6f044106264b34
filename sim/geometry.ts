import type { Vec3 } from './schema';

/** Geometry on plain tuples, shared by the simulator, the tasks and the tests. World: +Y up, metres. */

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const length = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const distance = (a: Vec3, b: Vec3): number => length(sub(a, b));
export const normalize = (a: Vec3): Vec3 => scale(a, 1 / length(a));

/** Local → world rotation about +Y (three.js rotation.y): local +x → (cos, 0, −sin), +z → (sin, 0, cos). */
export function rotateY(v: Vec3, yaw: number): Vec3 {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [c * v[0] + s * v[2], v[1], -s * v[0] + c * v[2]];
}

/** Unit vector on the floor plane for a heading; heading 0 looks along +z, positive turns left (towards +x). */
export function headingVector(heading: number): Vec3 {
  return [Math.sin(heading), 0, Math.cos(heading)];
}

/** Heading of a horizontal direction (inverse of headingVector). */
export function headingOf(v: Vec3): number {
  return Math.atan2(v[0], v[2]);
}

/** Angle wrapped to (−π, π]. */
export function wrapAngle(a: number): number {
  let x = a % (2 * Math.PI);
  if (x <= -Math.PI) x += 2 * Math.PI;
  if (x > Math.PI) x -= 2 * Math.PI;
  return x;
}

export interface BoxPose {
  size: readonly [number, number, number];
  position: Vec3;
  yaw: number;
}

/** The eight world corners of an upright box. */
export function boxCorners(box: BoxPose): Vec3[] {
  const [hx, hy, hz] = [box.size[0] / 2, box.size[1] / 2, box.size[2] / 2];
  const out: Vec3[] = [];
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) out.push(add(box.position, rotateY([sx * hx, sy * hy, sz * hz], box.yaw)));
  return out;
}

/** Floor-plan corners [x, z] of an upright box, inflated by `margin` on every side. */
export function footprint(box: BoxPose, margin = 0): [number, number][] {
  const hx = box.size[0] / 2 + margin;
  const hz = box.size[2] / 2 + margin;
  return [
    [-hx, -hz],
    [hx, -hz],
    [hx, hz],
    [-hx, hz],
  ].map(([x, z]) => {
    const w = rotateY([x, 0, z], box.yaw);
    return [box.position[0] + w[0], box.position[2] + w[2]] as [number, number];
  });
}

/** Distance on the floor from a point (x, z) to a box's footprint rectangle (0 inside it). */
export function footprintDistance(box: BoxPose, x: number, z: number): number {
  const [lx, , lz] = rotateY([x - box.position[0], 0, z - box.position[2]], -box.yaw);
  return Math.hypot(Math.max(0, Math.abs(lx) - box.size[0] / 2), Math.max(0, Math.abs(lz) - box.size[2] / 2));
}

/**
 * Overlap depth of two convex polygons along their separating axes (SAT): 0 or less means they do
 * not overlap, otherwise the smallest push that separates them.
 */
export function polygonOverlap(a: [number, number][], b: [number, number][]): number {
  let minOverlap = Number.POSITIVE_INFINITY;
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i];
      const q = poly[(i + 1) % poly.length];
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (len === 0) continue;
      const axis: [number, number] = [-(q[1] - p[1]) / len, (q[0] - p[0]) / len];
      const [aMin, aMax] = project(a, axis);
      const [bMin, bMax] = project(b, axis);
      const overlap = Math.min(aMax, bMax) - Math.max(aMin, bMin);
      if (overlap <= 0) return overlap;
      minOverlap = Math.min(minOverlap, overlap);
    }
  }
  return minOverlap;
}

function project(poly: [number, number][], axis: [number, number]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [x, z] of poly) {
    const d = x * axis[0] + z * axis[1];
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return [lo, hi];
}

/** Vertical extent [bottom, top] of an upright box. */
export function verticalSpan(box: BoxPose): [number, number] {
  return [box.position[1] - box.size[1] / 2, box.position[1] + box.size[1] / 2];
}

/** Overlap depth of two upright boxes (≤ 0: apart), the smaller of the plan and height overlaps. */
export function boxOverlap(a: BoxPose, b: BoxPose, margin = 0): number {
  const [a0, a1] = verticalSpan(a);
  const [b0, b1] = verticalSpan(b);
  const vertical = Math.min(a1, b1) - Math.max(a0, b0) + 2 * margin;
  if (vertical <= 0) return vertical;
  const plan = polygonOverlap(footprint(a, margin), footprint(b, margin));
  return Math.min(plan, vertical);
}

/** Is a floor point inside a convex polygon (counter-clockwise or clockwise)? */
export function pointInPolygon(pt: [number, number], poly: [number, number][]): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    const c = (q[0] - p[0]) * (pt[1] - p[1]) - (q[1] - p[1]) * (pt[0] - p[0]);
    if (c !== 0) {
      if (sign !== 0 && Math.sign(c) !== sign) return false;
      sign = Math.sign(c);
    }
  }
  return true;
}

/** Rounds every number in a JSON-like value to `digits` decimals (keeps integers; −0 becomes 0). */
export function roundDeep<T>(value: T, digits = 6): T {
  const f = 10 ** digits;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') {
      if (Number.isInteger(v)) return v;
      const r = Math.round(v * f) / f;
      return r === 0 ? 0 : r;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
