import { cameraPose, lookAt } from './camera';
import { footprint, headingOf, pointInPolygon } from './geometry';
import type { Rng } from './rng';
import type { Mat4, Vec3 } from './schema';
import type { ViewObject } from './views';

/**
 * Multi-view sets of a still room, in MindCube's three settings:
 *   rotation  one spot, the camera turning in place between views (60–120° a turn);
 *   around    the camera moving around one object, always facing it (60–120° round it a step);
 *   among     views from different spots among the objects, all looking into the room.
 * Every camera stands on free floor (0.4 m from walls and 0.3 m from floor objects), at eye level.
 */

export const MULTIVIEW_SETTINGS = ['rotation', 'around', 'among'] as const;
export type MultiviewSetting = (typeof MULTIVIEW_SETTINGS)[number];

const WALL_MARGIN = 0.4;
const OBJECT_CLEARANCE = 0.3;
const deg = Math.PI / 180;

export interface MultiviewPlan {
  setting: MultiviewSetting;
  /** The object the around-views circle (null otherwise). */
  anchor: number | null;
  poses: Mat4[];
}

export function planMultiview(
  roomSize: Vec3,
  objects: readonly ViewObject[],
  opts: { views: number; height: number; pitch: number },
  rng: Rng,
): MultiviewPlan | null {
  const [w, , d] = roomSize;
  const blocks = objects
    .filter((o) => o.support === 'floor' && o.size[1] >= 0.05)
    .map((o) => footprint(o, OBJECT_CLEARANCE));
  const free = (p: [number, number]) =>
    Math.abs(p[0]) <= w / 2 - WALL_MARGIN &&
    Math.abs(p[1]) <= d / 2 - WALL_MARGIN &&
    !blocks.some((b) => pointInPolygon(p, b));
  const spot = (r: Rng, spread = 0.5): [number, number] | null => {
    for (let t = 0; t < 40; t++) {
      const p: [number, number] = [r.range(-spread, spread) * w, r.range(-spread, spread) * d];
      if (free(p)) return p;
    }
    return null;
  };
  const n = opts.views;
  const order = rng.shuffle(MULTIVIEW_SETTINGS);
  for (const setting of order) {
    const r = rng.fork(setting);
    for (let attempt = 0; attempt < 16; attempt++) {
      const a = r.fork('attempt', attempt);
      if (setting === 'rotation') {
        const p = spot(a, 0.25);
        if (!p) continue;
        const turn = a.range(60, 120) * deg * (a.bool() ? 1 : -1);
        const base = a.range(-Math.PI, Math.PI);
        const poses = Array.from({ length: n }, (_, k) =>
          cameraPose([p[0], opts.height, p[1]], base + k * turn, opts.pitch),
        );
        return { setting, anchor: null, poses };
      }
      if (setting === 'around') {
        const anchors = objects.filter(
          (o) => o.support === 'floor' && o.size[1] >= 0.4 && Math.max(o.size[0], o.size[2]) < 2.2,
        );
        if (!anchors.length) break;
        const o = a.pick(anchors);
        const radius = Math.max(o.size[0], o.size[2]) / 2 + a.range(1.2, 2.0);
        const step = a.range(60, 120) * deg * (a.bool() ? 1 : -1);
        const start = a.range(-Math.PI, Math.PI);
        const spots = Array.from({ length: n }, (_, k): [number, number] => [
          o.position[0] + radius * Math.sin(start + k * step),
          o.position[2] + radius * Math.cos(start + k * step),
        ]);
        if (!spots.every(free)) continue;
        const target: Vec3 = [o.position[0], Math.min(o.position[1], opts.height - 0.5), o.position[2]];
        const poses = spots.map((p) => lookAt([p[0], opts.height, p[1]], target));
        return { setting, anchor: o.id, poses };
      }
      const spots: [number, number][] = [];
      for (let k = 0; k < n; k++) {
        const p = spot(a.fork('view', k));
        // Views among the objects stand apart from each other.
        if (p && spots.every((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) >= 1.0)) spots.push(p);
      }
      if (spots.length < n) continue;
      // Each looks into the room, past its middle, so the views share what is there.
      const poses = spots.map((p, k) => {
        const aim: [number, number] = [-p[0] * a.range(0.6, 1.4), -p[1] * a.range(0.6, 1.4)];
        const heading = headingOf([aim[0] - p[0], 0, aim[1] - p[1]]) + a.fork('turn', k).range(-20, 20) * deg;
        return cameraPose([p[0], opts.height, p[1]], heading, opts.pitch);
      });
      return { setting, anchor: null, poses };
    }
  }
  return null;
}
