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
