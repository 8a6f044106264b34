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

const plain = (color: string): Room['floor'] => ({
  material: 'painted',
  pattern: 'plain',
  color,
  roughness: 0.8,
  metalness: 0,
  emissive: 0,
});

export const ROOM: Room = {
  type: 'living_room',
  size: [8, 3, 8],
  floor: plain('#b0a090'),
  walls: plain('#e0e0e0'),
  ceiling: plain('#f0f0f0'),
  door: plain('#806040'),
  window: plain('#a0c0e0'),
  frame: plain('#ffffff'),
  baseboard: plain('#ffffff'),
  features: [],
  sun: [0.3, 0.9, 0.3],
};

/** A plain box object (one box part filling its box). */
export function box(id: number, size: Vec3, position: Vec3, yaw = 0, color = '#c03030'): SceneObject {
  return {
    id,
    name: `the box ${id}`,
    referable: true,
    category: 'box',
    style: 'plain',
    material: 'painted',
    color: 'red',
    size,
    position,
    yaw,
    support: 'floor',
    surfaces: [],
    light: null,
    parts: [
      {
        shape: 'box',
        center: [0, 0, 0],
        size,
        material: 'painted',
        pattern: 'plain',
        color,
        roughness: 0.8,
        metalness: 0,
        emissive: 0,
      },
    ],
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
    multiview: null,
    physics: { steps: 0, settled: true, max_penetration: 0, max_gap: 0 },
  });
}

export { cameraPose, lookAt };
