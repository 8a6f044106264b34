import { cross, dot, headingOf, normalize, sub } from './geometry';
import type { Mat3, Mat4, Vec3 } from './schema';

/**
 * Cameras in the OpenCV convention: camera x right, y down, z forward. `T_cam_world` takes world
 * points to camera points; `K` maps camera points to pixels with the origin at the image's top-left
 * corner, pixel (i, j) covering [i, i+1)×[j, j+1).
 */

const WORLD_UP: Vec3 = [0, 1, 0];

/** Intrinsics of a centred pinhole with square pixels and the given horizontal field of view. */
export function intrinsics(width: number, height: number, hfovRad: number): Mat3 {
  const f = width / 2 / Math.tan(hfovRad / 2);
  return [
    [f, 0, width / 2],
    [0, f, height / 2],
    [0, 0, 1],
  ];
}

/** Optical axis for a heading (0 looks along +z, positive turns left) and pitch (positive looks up). */
export function forwardVector(heading: number, pitch: number): Vec3 {
  const c = Math.cos(pitch);
  return [Math.sin(heading) * c, Math.sin(pitch), Math.cos(heading) * c];
}

/** World→camera transform for a camera at `center` looking along `forward`, with no roll. */
export function cameraFromForward(center: Vec3, forward: Vec3): Mat4 {
  const f = normalize(forward);
  const right = normalize(cross(f, WORLD_UP));
  const down = cross(f, right);
  return [
    [right[0], right[1], right[2], -dot(right, center)],
    [down[0], down[1], down[2], -dot(down, center)],
    [f[0], f[1], f[2], -dot(f, center)],
    [0, 0, 0, 1],
  ];
}

export function cameraPose(center: Vec3, heading: number, pitch: number): Mat4 {
  return cameraFromForward(center, forwardVector(heading, pitch));
}

export function lookAt(center: Vec3, target: Vec3): Mat4 {
  return cameraFromForward(center, sub(target, center));
}

/** World point → camera point. */
export function toCamera(T: Mat4, p: Vec3): Vec3 {
  return [
    T[0][0] * p[0] + T[0][1] * p[1] + T[0][2] * p[2] + T[0][3],
    T[1][0] * p[0] + T[1][1] * p[1] + T[1][2] * p[2] + T[1][3],
    T[2][0] * p[0] + T[2][1] * p[1] + T[2][2] * p[2] + T[2][3],
  ];
}

/** World point → [u, v, z]: pixel coordinates (continuous) and planar depth, m. */
export function project(K: Mat3, T: Mat4, p: Vec3): [number, number, number] {
  const [x, y, z] = toCamera(T, p);
  return [(K[0][0] * x + K[0][1] * y) / z + K[0][2], (K[1][1] * y) / z + K[1][2], z];
}

/** Camera centre in world coordinates: −Rᵀ t. */
export function cameraCenter(T: Mat4): Vec3 {
  const t: Vec3 = [T[0][3], T[1][3], T[2][3]];
  return [
    -(T[0][0] * t[0] + T[1][0] * t[1] + T[2][0] * t[2]),
    -(T[0][1] * t[0] + T[1][1] * t[1] + T[2][1] * t[2]),
    -(T[0][2] * t[0] + T[1][2] * t[1] + T[2][2] * t[2]),
  ];
}

/** The optical axis (camera +z) in world coordinates. */
export function cameraForward(T: Mat4): Vec3 {
  return [T[2][0], T[2][1], T[2][2]];
}

/** Heading of the optical axis projected on the floor (0 = +z, left positive). */
export function cameraHeading(T: Mat4): number {
  return headingOf(cameraForward(T));
}

/** Planes closer than this to the camera centre clip projected boxes (about a fingertip), m. */
export const NEAR = 0.05;

/**
 * A box's projection on the image plane, in pixels: the box clipped at the near plane, projected,
 * a convex polygon (the hull of the projected corners and edge crossings); empty when the box is
 * wholly behind the near plane. `corners` as boxCorners gives them (neighbours differ in one bit).
 */
export function projectedBox(K: Mat3, T: Mat4, corners: readonly Vec3[]): [number, number][] {
  const cam = corners.map((p) => toCamera(T, p));
  const pts: Vec3[] = cam.filter((c) => c[2] >= NEAR);
  for (let a = 0; a < 8; a++)
    for (const bit of [1, 2, 4]) {
      const b = a ^ bit;
      if (b < a) continue;
      const [p, q] = [cam[a], cam[b]];
      if (p[2] >= NEAR === q[2] >= NEAR) continue;
      const t = (NEAR - p[2]) / (q[2] - p[2]);
      pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), NEAR]);
    }
  if (pts.length < 3) return [];
  return convexHull(
    pts.map((c) => [(K[0][0] * c[0] + K[0][1] * c[1]) / c[2] + K[0][2], (K[1][1] * c[1]) / c[2] + K[1][2]]),
  );
}

/**
 * The share of a box's projection that lies inside the image (0–1). A box reaching behind the
 * camera has an unbounded projection; clipped at the near plane it is huge, so its share is small,
 * as it should be.
 */
export function boxInFrameShare(
  K: Mat3,
  T: Mat4,
  width: number,
  height: number,
  corners: readonly Vec3[],
): number {
  const hull = projectedBox(K, T, corners);
  const total = polygonArea(hull);
  if (total <= 0) return 0;
  return Math.min(1, polygonArea(clipToRect(hull, width, height)) / total);
}

/** Area of a box's projection, px² (inside and outside the image). */
export function projectedBoxArea(K: Mat3, T: Mat4, corners: readonly Vec3[]): number {
  return polygonArea(projectedBox(K, T, corners));
}

type Pt = [number, number];

/** Andrew's monotone chain, counter-clockwise. */
function convexHull(points: Pt[]): Pt[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Pt[] = [];
  for (const q of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

function polygonArea(poly: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [a, b] = [poly[i], poly[(i + 1) % poly.length]];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Sutherland–Hodgman against the four sides of [0, w]×[0, h]. */
function clipToRect(poly: readonly Pt[], w: number, h: number): Pt[] {
  const sides: ((p: Pt) => number)[] = [(p) => p[0], (p) => w - p[0], (p) => p[1], (p) => h - p[1]];
  let out: Pt[] = [...poly];
  for (const inside of sides) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const [p, q] = [input[i], input[(i + 1) % input.length]];
      const [dp, dq] = [inside(p), inside(q)];
      if (dp >= 0) out.push(p);
      if (dp >= 0 !== dq >= 0) {
        const t = dp / (dp - dq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    if (!out.length) break;
  }
  return out;
}
