import { cameraPose, intrinsics, lookAt } from '../../sim/camera';
import { roundDeep } from '../../sim/geometry';
import {
  type Frame,
  type Mat4,
  type Room,
  SCHEMA_VERSION,
  type Scene,
  type SceneObject,
  type Vec3,
} from '../../sim/schema';

/** Hand-made scenes with objects and cameras at known places, for checking renders a second way. */

export const ROOM: Room = {
  size: [8, 3, 8],
  floor: { name: 'floor', color: '#b0a090', roughness: 0.8, metalness: 0 },
  walls: { name: 'walls', color: '#e0e0e0', roughness: 0.9, metalness: 0 },
  ceiling: { name: 'ceiling', color: '#f0f0f0', roughness: 0.9, metalness: 0 },
  door: { name: 'door', color: '#806040', roughness: 0.6, metalness: 0 },
  window: { name: 'window', color: '#a0c0e0', roughness: 0.1, metalness: 0 },
  frame: { name: 'frame', color: '#ffffff', roughness: 0.5, metalness: 0 },
  features: [],
  sun: [0.3, 0.9, 0.3],
};

/** A plain box object (one box part filling its box). */
export function box(id: number, size: Vec3, position: Vec3, yaw = 0, color = '#c03030'): SceneObject {
  return {
    id,
    name: `the box ${id}`,
    category: 'box',
    color: 'red',
    size,
    position,
    yaw,
    support: 'floor',
    parts: [{ shape: 'box', center: [0, 0, 0], size, color, roughness: 0.8, metalness: 0 }],
  };
}

export function frame(index: number, T: Mat4, width = 256, height = 192, hfov = (70 * Math.PI) / 180): Frame {
  return {
    index,
    time: 0,
    width,
    height,
    K: intrinsics(width, height, hfov),
    T_cam_world: T,
    poses: {},
    view: 'eye',
    twin: null,
    objects: [],
  };
}

export function handScene(objects: SceneObject[], frames: Frame[], room: Room = ROOM): Scene {
  return roundDeep({
    id: '000000',
    index: 0,
    seed: 0,
    schema_version: SCHEMA_VERSION,
    kind: 'static',
    split: 'test',
    room,
    objects,
    frames,
    motion: { camera: null, objects: [] },
    physics: { steps: 0, settled: true, max_penetration: 0, max_gap: 0 },
  });
}

export { cameraPose, lookAt };
