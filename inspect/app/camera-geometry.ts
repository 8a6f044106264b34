import { cameraCenter } from '../../sim/camera';
import { cross, distance, dot, normalize } from '../../sim/geometry';
import type { Frame, Mat4, Pose, Scene, Vec3 } from '../../sim/schema';

/** Camera and motion geometry for drawing frusta and paths, from the OpenCV cameras of scene.json. */

/** Camera point → world point: C + Rᵀ·p. */
export function cameraToWorld(T: Mat4, p: Vec3): Vec3 {
  const c = cameraCenter(T);
  return [0, 1, 2].map((a) => c[a] + T[0][a] * p[0] + T[1][a] * p[1] + T[2][a] * p[2]) as Vec3;
}

/** The world point seen at pixel (u, v) at planar depth z. */
export function unproject(frame: Pick<Frame, 'K' | 'T_cam_world'>, u: number, v: number, z: number): Vec3 {
  const K = frame.K;
  const y = (v - K[1][2]) / K[1][1];
  const x = (u - K[0][2] - K[0][1] * y) / K[0][0];
  return cameraToWorld(frame.T_cam_world, [x * z, y * z, z]);
}

/**
 * Line segments (pairs of points, flat xyz) of a frustum drawn to depth `z`: apex to the four image
 * corners, the image rectangle, and a small roof over the top edge so that "up" in the image reads.
 */
export function frustumSegments(frame: Frame, z: number): Float32Array {
  const { width: W, height: H } = frame;
  const apex = cameraCenter(frame.T_cam_world);
  const corners = [
    [0, 0],
    [W, 0],
    [W, H],
    [0, H],
  ].map(([u, v]) => unproject(frame, u, v, z));
  const roof = unproject(frame, W / 2, -H * 0.18, z);
  const points: Vec3[] = [];
  for (let i = 0; i < 4; i++) points.push(apex, corners[i], corners[i], corners[(i + 1) % 4]);
  points.push(corners[0], roof, roof, corners[1]);
  return Float32Array.from(points.flat());
}

/** Where an object is in frame k: its pose there when it moved, else where objects[] has it. */
export function poseAt(scene: Scene, frame: Frame, id: number): Pose {
  const o = scene.objects.find((x) => x.id === id)!;
  return frame.poses[String(id)] ?? { position: o.position, yaw: o.yaw };
}

/** Ids of objects whose pose differs from objects[] in some frame. */
export function movedObjects(scene: Scene): number[] {
  const ids = new Set<number>();
  for (const f of scene.frames) for (const id of Object.keys(f.poses)) ids.add(Number(id));
  return [...ids].sort((a, b) => a - b);
}

/** A representative viewing distance for a frame: the mean median depth of what it shows, else 3 m. */
export function viewDistance(frame: Frame): number {
  const depths = frame.objects.map((a) => a.depth_median).filter((d): d is number => d !== null);
  return depths.length ? depths.reduce((a, b) => a + b, 0) / depths.length : 3;
}

/** Cameras closer than this (m) count as one place: their tags stack, and none is drawn at the eye. */
export const SAME_PLACE = 0.3;

/** For each frame, how many earlier frames share its camera's place. */
export function samePlaceStack(scene: Scene): number[] {
  const centres = scene.frames.map((f) => cameraCenter(f.T_cam_world));
  return centres.map((c, i) => centres.slice(0, i).filter((o) => distance(o, c) < SAME_PLACE).length);
}

/** For each frame, whether its camera sits where frame k's does. */
export function atSamePlace(scene: Scene, k: number): boolean[] {
  const eye = cameraCenter(scene.frames[k].T_cam_world);
  return scene.frames.map((f) => distance(cameraCenter(f.T_cam_world), eye) < SAME_PLACE);
}

/**
 * How far from `target`, along the unit vector `towards` (pointing at the camera), a camera must be
 * for every corner of the room's box to fall inside its view, with `margin` (1.1 = 10 % to spare).
 * Half fields of view in radians.
 */
export function overviewDistance(
  roomSize: Vec3,
  target: Vec3,
  towards: Vec3,
  halfFov: { vertical: number; horizontal: number },
  margin = 1.08,
): number {
  const [w, h, d] = roomSize;
  const right = normalize(cross([-towards[0], -towards[1], -towards[2]], [0, 1, 0]));
  const up = cross(right, [-towards[0], -towards[1], -towards[2]]);
  let need = 0;
  for (const x of [-w / 2, w / 2])
    for (const y of [0, h])
      for (const z of [-d / 2, d / 2]) {
        const q: Vec3 = [x - target[0], y - target[1], z - target[2]];
        const along = dot(q, towards);
        need = Math.max(
          need,
          along + Math.abs(dot(q, right)) / Math.tan(halfFov.horizontal),
          along + Math.abs(dot(q, up)) / Math.tan(halfFov.vertical),
        );
      }
  return need * margin;
}
