import type { Catalog, Category, SupportKind } from './catalog';
import type { Config } from './config';
import { add, type BoxPose, boxOverlap, footprint, rotateY, scale } from './geometry';
import type { Rng } from './rng';
import { featuresOverlap, wallFrame, yawFacingFrom } from './room';
import type { Feature, Room, Support, Vec3, Wall } from './schema';

/**
 * Places catalog objects in a room: floor furniture (some backed against walls), objects on the top
 * faces of tables, shelves and boxes, objects hung on walls and from the ceiling. Boxes never
 * interpenetrate, keep `min_gap` from each other, stay inside the room and off door swings.
 * Every object is placed at rest on its support; physics then settles it.
 */

export interface Placed extends BoxPose {
  category: Category;
  color: { name: string; hex: string };
  size: [number, number, number];
  support: Support;
  /** The wall it is hung on or backed against, if any. */
  wall: Wall | null;
}

export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

const TRIES_PER_CATEGORY = 16;
const CATEGORY_DRAWS = 4;
const WALL_CLEARANCE = 0.01;
/** Floor objects backed against a wall stand this far off it. */
const WALL_BACK_GAP = 0.02;
/** Free floor in front of a door, m. */
const DOOR_SWING = 1.0;
/** Hung objects keep their bottom at least this high (head room). */
const CEILING_HEAD_ROOM = 1.95;

export function placeObjects(room: Room, config: Config, catalog: Catalog, rng: Rng): Placed[] {
  const minCount = config.objects.count[0];
  let best: Placed[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const placed = placeOnce(room, config, catalog, rng.fork('attempt', attempt));
    if (placed.length >= minCount) return placed;
    if (placed.length > best.length) best = placed;
  }
  throw new PlacementError(
    `placed only ${best.length} of at least ${minCount} objects in a ${room.size[0].toFixed(1)} × ${room.size[2].toFixed(1)} m room after 4 attempts; lower objects.count or raise room.width/room.depth`,
  );
}

function placeOnce(room: Room, config: Config, catalog: Catalog, rng: Rng): Placed[] {
  const allowed = config.objects.categories.length
    ? catalog.categories.filter((c) => config.objects.categories.includes(c.name))
    : catalog.categories;
  const bySupport = (k: SupportKind) => allowed.filter((c) => c.support === k);
  const target = rng.int(...config.objects.count);

  // Plan how many objects go where, then place the big things first so small ones fill gaps.
  const kinds: SupportKind[] = [];
  for (let i = 0; i < target; i++) {
    const u = rng.float();
    const hung = config.objects.hung_fraction;
    if (u < hung) kinds.push(rng.bool(0.7) ? 'wall' : 'ceiling');
    else if (u < hung + config.objects.surface_fraction) kinds.push('surface');
    else kinds.push('floor');
  }
  const surfaceCount = kinds.filter((k) => k === 'surface').length;
  const placed: Placed[] = [];
  const usedColors = new Map<string, Set<string>>();
  const ctx: PlaceContext = { room, config, catalog, placed, usedColors };

  // Enough furniture with a top face for the surface objects (about three per supporter).
  let supportersWanted = Math.ceil(surfaceCount / 3);
  for (const kind of ['floor', 'wall', 'ceiling'] as const) {
    for (const k of kinds) {
      if (k !== kind) continue;
      let pool = bySupport(kind);
      if (kind === 'floor' && supportersWanted > 0) {
        const supporters = pool.filter((c) => c.surface);
        if (supporters.length) pool = supporters;
      }
      const obj = placeWithRetries(ctx, pool, rng);
      if (obj?.category.surface) supportersWanted--;
    }
  }
  const surfacePool = bySupport('surface');
  for (let i = 0; i < surfaceCount; i++) placeWithRetries(ctx, surfacePool, rng);
  return placed;
}

interface PlaceContext {
  room: Room;
  config: Config;
  catalog: Catalog;
  placed: Placed[];
  usedColors: Map<string, Set<string>>;
}

function placeWithRetries(ctx: PlaceContext, pool: Category[], rng: Rng): Placed | null {
  if (!pool.length) return null;
  // Sometimes a category already in the room again, in another colour: chairs round a table, mugs
  // and books in several places (and same-category pairs for the depth questions).
  const present = [...new Set(ctx.placed.map((p) => p.category))].filter((c) => pool.includes(c));
  for (let draw = 0; draw < CATEGORY_DRAWS; draw++) {
    const category =
      present.length && rng.bool(ctx.config.objects.repeat)
        ? rng.pick(present)
        : pool[rng.weightedIndex(pool.map((c) => c.weight))];
    const color = pickColor(ctx, category, rng);
    if (!color) continue;
    const size = sampleSize(category, ctx.room, rng);
    for (let t = 0; t < TRIES_PER_CATEGORY; t++) {
      const pose = proposePose(ctx, category, size, rng);
      if (!pose) continue;
      const obj: Placed = { category, color, size, ...pose };
      if (!fits(ctx, obj)) continue;
      ctx.placed.push(obj);
      const used = ctx.usedColors.get(category.name) ?? new Set<string>();
      used.add(color.name);
      ctx.usedColors.set(category.name, used);
      return obj;
    }
  }
  return null;
}

/** A colour not yet used by this category, so that "colour + category" names stay unique. */
function pickColor(ctx: PlaceContext, category: Category, rng: Rng): { name: string; hex: string } | null {
  const used = ctx.usedColors.get(category.name);
  const names = category.colors ?? ctx.catalog.colors.map((c) => c.name);
  const free = ctx.catalog.colors.filter((c) => names.includes(c.name) && !used?.has(c.name));
  return free.length ? rng.pick(free) : null;
}

/** Sizes vary together (one draw for overall scale) with some independent jitter per axis. */
function sampleSize(category: Category, room: Room, rng: Rng): [number, number, number] {
  const t = rng.float();
  const axis = ([lo, hi]: readonly [number, number]) => {
    const u = Math.min(1, Math.max(0, t + rng.range(-0.2, 0.2)));
    return lo + (hi - lo) * u;
  };
  const size: [number, number, number] = [
    axis(category.size.x),
    axis(category.size.y),
    axis(category.size.z),
  ];
  if (category.support === 'ceiling') size[1] = Math.min(size[1], room.size[1] - CEILING_HEAD_ROOM);
  return size;
}

type PoseProposal = Pick<Placed, 'position' | 'yaw' | 'support' | 'wall'>;

function proposePose(ctx: PlaceContext, category: Category, size: Vec3, rng: Rng): PoseProposal | null {
  const [w, h, d] = ctx.room.size;
  switch (category.support) {
    case 'floor': {
      if (rng.bool(category.against_wall)) {
        const wall = rng.pick<Wall>(['x-', 'x+', 'z-', 'z+']);
        const frame = wallFrame(ctx.room, wall);
        const free = frame.length / 2 - size[0] / 2 - WALL_CLEARANCE;
        if (free <= 0) return null;
        const along = rng.range(-free, free);
        const base = add(
          add(frame.origin, scale(frame.along, along)),
          scale(frame.normal, size[2] / 2 + WALL_BACK_GAP),
        );
        return {
          position: [base[0], size[1] / 2, base[2]],
          yaw: yawFacingFrom(wall),
          support: 'floor',
          wall: null,
        };
      }
      // Free-standing: mostly square to the room, sometimes turned.
      const yaw = rng.bool(0.6)
        ? (rng.int(0, 3) * Math.PI) / 2 + rng.range(-0.15, 0.15)
        : rng.range(-Math.PI, Math.PI);
      const r = Math.hypot(size[0], size[2]) / 2;
      const x = rng.range(-w / 2 + r, w / 2 - r);
      const z = rng.range(-d / 2 + r, d / 2 - r);
      if (!(Number.isFinite(x) && Number.isFinite(z)) || w / 2 < r || d / 2 < r) return null;
      return { position: [x, size[1] / 2, z], yaw, support: 'floor', wall: null };
    }
    case 'wall': {
      const wall = rng.pick<Wall>(['x-', 'x+', 'z-', 'z+']);
      const frame = wallFrame(ctx.room, wall);
      const free = frame.length / 2 - size[0] / 2 - 0.1;
      if (free <= 0 || !category.mount_height) return null;
      const along = rng.range(-free, free);
      const y = Math.min(rng.inRange(category.mount_height), h - size[1] / 2 - 0.05);
      const base = add(add(frame.origin, scale(frame.along, along)), scale(frame.normal, size[2] / 2));
      return { position: [base[0], y, base[2]], yaw: yawFacingFrom(wall), support: 'wall', wall };
    }
    case 'ceiling': {
      const r = Math.hypot(size[0], size[2]) / 2 + 0.3;
      if (w / 2 < r || d / 2 < r) return null;
      return {
        position: [rng.range(-w / 2 + r, w / 2 - r), h - size[1] / 2, rng.range(-d / 2 + r, d / 2 - r)],
        yaw: rng.range(-Math.PI, Math.PI),
        support: 'ceiling',
        wall: null,
      };
    }
    case 'surface': {
      const supporters = ctx.placed.filter((p) => p.category.surface);
      if (!supporters.length) return null;
      const base = supporters[rng.weightedIndex(supporters.map((s) => s.size[0] * s.size[2]))];
      const relYaw = rng.bool(0.6)
        ? (rng.int(0, 3) * Math.PI) / 2 + rng.range(-0.3, 0.3)
        : rng.range(-Math.PI, Math.PI);
      // Half extents of the rotated footprint in the supporter's frame, plus a small margin.
      const c = Math.abs(Math.cos(relYaw));
      const s = Math.abs(Math.sin(relYaw));
      const hx = (c * size[0] + s * size[2]) / 2 + 0.01;
      const hz = (s * size[0] + c * size[2]) / 2 + 0.01;
      const fx = base.size[0] / 2 - hx;
      const fz = base.size[2] / 2 - hz;
      if (fx < 0 || fz < 0) return null;
      const local: Vec3 = [rng.range(-fx, fx), 0, rng.range(-fz, fz)];
      const offset = rotateY(local, base.yaw);
      const top = base.position[1] + base.size[1] / 2;
      return {
        position: [base.position[0] + offset[0], top + size[1] / 2, base.position[2] + offset[2]],
        yaw: base.yaw + relYaw,
        support: ctx.placed.indexOf(base) + 1,
        wall: null,
      };
    }
  }
}

function fits(ctx: PlaceContext, box: Placed): boolean {
  const { room, placed, config } = ctx;
  const [w, h, d] = room.size;
  // Inside the room, with a hair of clearance from the walls except for what hangs on them.
  const wallTol = box.support === 'wall' ? 1e-6 : -WALL_CLEARANCE;
  if (footprint(box).some(([x, z]) => Math.abs(x) > w / 2 + wallTol || Math.abs(z) > d / 2 + wallTol))
    return false;
  if (box.position[1] + box.size[1] / 2 > h + 1e-6) return false;
  if (box.support === 'floor' && blocksDoor(room, box)) return false;
  if (box.wall && box.support === 'wall' && blocksFeature(room, box, box.wall)) return false;
  // Keep the gap to every other box, except to the thing it stands on (it touches that one).
  const gap =
    typeof box.support === 'number' ? Math.min(config.objects.min_gap, 0.02) : config.objects.min_gap;
  return placed.every((other, i) => box.support === i + 1 || boxOverlap(box, other, gap / 2) <= 0);
}

function blocksDoor(room: Room, box: BoxPose): boolean {
  for (const f of room.features) {
    if (f.kind !== 'door') continue;
    const frame = wallFrame(room, f.wall);
    const center = add(add(frame.origin, scale(frame.along, f.offset)), scale(frame.normal, DOOR_SWING / 2));
    const swing: BoxPose = {
      position: [center[0], 1, center[2]],
      size: [f.width + 0.2, 2, DOOR_SWING],
      yaw: yawFacingFrom(f.wall),
    };
    if (boxOverlap(box, swing) > 0) return true;
  }
  return false;
}

function blocksFeature(room: Room, box: BoxPose, wall: Wall): boolean {
  const frame = wallFrame(room, wall);
  const offset =
    (box.position[0] - frame.origin[0]) * frame.along[0] +
    (box.position[2] - frame.origin[2]) * frame.along[2];
  const asFeature: Feature = {
    kind: 'window',
    wall,
    offset,
    width: box.size[0],
    bottom: box.position[1] - box.size[1] / 2,
    height: box.size[1],
  };
  return room.features.some((f) => featuresOverlap(asFeature, f, 0.05));
}
