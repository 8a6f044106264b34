import { type Catalog, type Category, categoryOf } from './catalog';
import type { Config } from './config';
import { add, type BoxPose, boxOverlap, footprint, rotateY, scale, wrapAngle } from './geometry';
import { bodyOptions, drawLook, fitSize, type Look, mayStandOn, sampleSize, sizeRanges } from './objects';
import type { Rng } from './rng';
import { featuresOverlap, wallFrame, yawFacingFrom } from './room';
import { categoriesOf, type Item, type RoomType } from './room-types';
import type { Feature, Room, Support, Vec3, Wall } from './schema';

/**
 * Furnishes a room the way its type says (assets/rooms.json): each group's anchor by its rule,
 * then what belongs with it (nightstands beside the bed, chairs round the table, a monitor on the
 * desk, a picture above the sofa, a rug under the coffee table), then small things on free
 * surfaces, and, as the config asks, some objects anywhere. Boxes never interpenetrate, keep
 * `min_gap` from each other (objects on one surface 2 cm), stay inside the room, off door swings
 * and out of windows; every object is placed at rest on its support, and physics settles it.
 */

export interface Placed extends BoxPose {
  category: Category;
  look: Look;
  size: [number, number, number];
  support: Support;
  /** Index of the supporter's surface it stands on, or null. */
  surface: number | null;
  /** The wall it is hung on or backed against, if any. */
  wall: Wall | null;
}

export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

const TRIES = 24;
const WALL_CLEARANCE = 0.01;
/** Floor objects backed against a wall stand this far off it (baseboards are 1.2 cm deep). */
const WALL_BACK_GAP = 0.02;
/** Free floor in front of a door, m. */
const DOOR_SWING = 1.0;
/** Gap between neighbouring units of a kitchen run, m. */
const RUN_GAP = 0.005;
/** Gap between objects on one surface, m (at most). */
const SURFACE_GAP = 0.02;
const WALLS: Wall[] = ['x-', 'x+', 'z-', 'z+'];

interface Ctx {
  room: Room;
  config: Config;
  catalog: Catalog;
  placed: Placed[];
  /** Objects per category so far (max_per_room). */
  counts: Map<string, number>;
  /** Objects wanted in all. */
  target: number;
}

type Pose = Pick<Placed, 'position' | 'yaw' | 'support' | 'surface' | 'wall'>;

export function arrange(room: Room, type: RoomType, config: Config, catalog: Catalog, rng: Rng): Placed[] {
  const [min] = config.objects.count;
  let best: Placed[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const placed = arrangeOnce(room, type, config, catalog, rng.fork('attempt', attempt));
    if (placed.length >= min) return placed;
    if (placed.length > best.length) best = placed;
  }
  throw new PlacementError(
    `placed only ${best.length} of at least ${min} objects in a ${room.size[0].toFixed(1)} × ${room.size[2].toFixed(1)} m ${room.type} after 4 attempts; lower objects.count or raise room.width/room.depth`,
  );
}

function arrangeOnce(room: Room, type: RoomType, config: Config, catalog: Catalog, rng: Rng): Placed[] {
  const target = rng.int(...config.objects.count);
  const ctx: Ctx = { room, config, catalog, placed: [], counts: new Map(), target };
  const random = Math.round(target * config.objects.clutter);
  const arranged = target - random;
  for (const [k, group] of type.groups.entries()) {
    if (ctx.placed.length >= arranged) break;
    placeItem(ctx, group, null, rng.fork('group', k), arranged);
  }
  // Small things on free surfaces (or the floor) until the room holds what was drawn.
  const clutter = allowed(ctx, type.clutter).map((n) => categoryOf(catalog, n));
  const r = rng.fork('clutter');
  for (let draw = 0; draw < 4 * arranged && ctx.placed.length < arranged && clutter.length; draw++) {
    const category = clutter[r.weightedIndex(clutter.map((c) => c.weight))];
    placeOne(ctx, category, r, (size) => onSomething(ctx, category, size, r));
  }
  // Clutter anywhere, whatever the room type says: any category where it can stand.
  const any = allowed(
    ctx,
    catalog.categories.map((c) => c.name),
  ).map((n) => categoryOf(catalog, n));
  const a = rng.fork('random');
  for (let draw = 0; draw < 8 * random && ctx.placed.length < target && any.length; draw++) {
    const category = any[a.weightedIndex(any.map((c) => c.weight))];
    placeOne(ctx, category, a, (size) => anywhere(ctx, category, size, a));
  }
  return ctx.placed;
}

/** The categories of a list the config allows and the room has room for. */
function allowed(ctx: Ctx, names: readonly string[]): string[] {
  const only = ctx.config.objects.categories;
  return names.filter(
    (n) =>
      (only.length === 0 || only.includes(n)) &&
      (ctx.counts.get(n) ?? 0) < categoryOf(ctx.catalog, n).max_per_room,
  );
}

/** What the objects of one item share: which side the first one goes, the order of seats. */
interface ItemState {
  index: number;
  firstSide: 1 | -1;
  rng: Rng;
}

/** Places an item's objects (and, for each, what belongs with it). */
function placeItem(ctx: Ctx, item: Item, parent: Placed | null, rng: Rng, limit: number): void {
  if (!rng.bool(item.chance)) return;
  const n = rng.int(...item.count);
  if (item.place === 'run') {
    const units = placeRun(ctx, item, rng);
    for (const [k, sub] of item.with.entries())
      for (let i = 0; i < rng.int(...sub.count) && ctx.placed.length < limit; i++) {
        const host = units.length ? rng.pick(units) : null;
        if (host) placeItem(ctx, { ...sub, count: [1, 1] }, host, rng.fork('with', k, i), limit);
      }
    return;
  }
  const under = item.with.find((w) => w.place === 'under');
  const state = { firstSide: rng.bool() ? 1 : -1, rng: rng.fork('item') } as const;
  // Chairs round a table are one set: they share a look.
  let shared: Look | undefined;
  for (let i = 0; i < n && ctx.placed.length < limit; i++) {
    const names = allowed(ctx, categoriesOf(item));
    if (!names.length) return;
    const category = categoryOf(ctx.catalog, rng.pick(names));
    const r = rng.fork('object', i);
    const look = shared && category.variants.includes(shared.variant) ? shared : undefined;
    const rug = under && r.bool(under.chance) ? under : undefined;
    const at: ItemState = { ...state, index: i };
    const obj = placeOne(
      ctx,
      category,
      r,
      (size, tries) => propose(ctx, item, category, size, parent, r, at, tries),
      look,
      rug,
    );
    if (!obj) continue;
    if (item.place === 'around') shared = obj.look;
    for (const [k, sub] of item.with.entries())
      if (sub.place !== 'under') placeItem(ctx, sub, obj, r.fork('with', k), limit);
  }
}

/**
 * Draws a look and a size and tries poses until one fits. With `under` (a rug), the rug is laid
 * first where the object will stand, and the object stands on it; when no pose takes a rug in the
 * first half of the tries, the object goes without.
 */
function placeOne(
  ctx: Ctx,
  category: Category,
  rng: Rng,
  proposeAt: (size: Vec3, tries: number) => Pose | null,
  look?: Look,
  under?: Item,
): Placed | null {
  for (let draw = 0; draw < 3; draw++) {
    const l = look ?? drawLook(ctx.catalog, category, rng, freshBody(ctx, category, rng));
    const size = fitSize(
      ctx.room.size[1],
      category,
      sampleSize(category, l.variant, rng, contrast(ctx, category)),
    );
    for (let t = 0; t < TRIES; t++) {
      const pose = proposeAt(size, t);
      if (!pose) continue;
      const obj: Placed = { category, look: l, size, ...pose };
      const host =
        typeof pose.support === 'number' ? ctx.placed[pose.support - 1].category.name : pose.support;
      if (category.support === 'surface' && !mayStandOn(category, l, host)) continue;
      if (!fits(ctx, obj)) continue;
      if (under && t < TRIES / 2 && !layRug(ctx, obj, under, rng)) continue;
      commit(ctx, obj);
      return obj;
    }
  }
  return null;
}

/**
 * Where a category is in the room already, the next one is drawn from the other end of its size
 * range (a big plant and a small one, a large picture and a small one), as rooms tend to have;
 * sets that share a look (chairs round a table) share their size too.
 */
function contrast(ctx: Ctx, category: Category): 'small' | 'large' | undefined {
  const first = ctx.placed.find((p) => p.category === category);
  if (!first) return undefined;
  const r = sizeRanges(category, first.look.variant);
  const t = (first.size[0] - r.x[0]) / Math.max(1e-9, r.x[1] - r.x[0]);
  return t > 0.5 ? 'small' : 'large';
}

function commit(ctx: Ctx, obj: Placed): void {
  ctx.placed.push(obj);
  ctx.counts.set(obj.category.name, (ctx.counts.get(obj.category.name) ?? 0) + 1);
}

/**
 * A body material and colour whose word the category does not have yet in this room, when one is
 * left: "the grey sofa" and "the beige sofa" need no more words to tell them apart.
 */
function freshBody(ctx: Ctx, category: Category, rng: Rng) {
  const used = new Set(
    ctx.placed.filter((p) => p.category === category).map((p) => p.look.slots.body.swatch.word),
  );
  const free = bodyOptions(ctx.catalog, category).filter((o) => !used.has(o.swatch.word));
  return free.length ? rng.pick(free) : undefined;
}

/**
 * A rug under `obj`: as wide and deep as the object plus a margin, within the rug's size range,
 * laid first; `obj` then stands on it. False when no rug fits there.
 */
function layRug(ctx: Ctx, obj: Placed, item: Item, rng: Rng): boolean {
  const names = allowed(ctx, categoriesOf(item));
  if (!names.length) return false;
  const category = categoryOf(ctx.catalog, rng.pick(names));
  const look = drawLook(ctx.catalog, category, rng, freshBody(ctx, category, rng));
  const r = category.size;
  const margin = rng.range(0.3, 0.6);
  const clampTo = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
  const size: [number, number, number] = [
    clampTo(obj.size[0] + 2 * margin, r.x),
    rng.inRange(r.y),
    clampTo(obj.size[2] + 2 * margin, r.z),
  ];
  if (size[0] < obj.size[0] + 0.1 || size[2] < obj.size[2] + 0.1) return false;
  const rug: Placed = {
    category,
    look,
    size,
    position: [obj.position[0], size[1] / 2, obj.position[2]],
    yaw: obj.yaw,
    support: 'floor',
    surface: null,
    wall: null,
  };
  if (!fits(ctx, rug)) return false;
  commit(ctx, rug);
  obj.position = [obj.position[0], size[1] + obj.size[1] / 2, obj.position[2]];
  obj.support = ctx.placed.length;
  obj.surface = 0;
  return true;
}

function propose(
  ctx: Ctx,
  item: Item,
  category: Category,
  size: Vec3,
  parent: Placed | null,
  rng: Rng,
  at: ItemState,
  tries: number,
): Pose | null {
  const [w, h, d] = ctx.room.size;
  const { index } = at;
  switch (item.place) {
    case 'wall':
    case 'corner': {
      const wall = rng.pick(WALLS);
      const frame = wallFrame(ctx.room, wall);
      // Room on both sides for what stands beside it (a bed's nightstands), while the tries last.
      const reserve = tries < TRIES / 2 ? besideReserve(ctx, item) : 0;
      const free = frame.length / 2 - size[0] / 2 - WALL_CLEARANCE - reserve;
      if (free <= 0) return null;
      const along = item.place === 'corner' ? free * (rng.bool() ? 1 : -1) : rng.range(-free, free);
      return backedAgainst(ctx, wall, along, size);
    }
    case 'free':
    case 'center': {
      const spread = item.place === 'center' ? 0.15 : 0.5;
      const yaw =
        item.place === 'center' || rng.bool(0.7)
          ? (rng.int(0, 3) * Math.PI) / 2 + (item.place === 'center' ? 0 : rng.range(-0.15, 0.15))
          : rng.range(-Math.PI, Math.PI);
      const r = Math.hypot(size[0], size[2]) / 2;
      if (w / 2 < r || d / 2 < r) return null;
      const x = rng.range(-Math.min(w / 2 - r, spread * w), Math.min(w / 2 - r, spread * w));
      const z = rng.range(-Math.min(d / 2 - r, spread * d), Math.min(d / 2 - r, spread * d));
      return { position: [x, size[1] / 2, z], yaw, support: 'floor', surface: null, wall: null };
    }
    case 'hung': {
      const wall = rng.pick(WALLS);
      const frame = wallFrame(ctx.room, wall);
      const free = frame.length / 2 - size[0] / 2 - 0.1;
      if (free <= 0) return null;
      return hungOn(ctx, category, wall, rng.range(-free, free), null, size, rng);
    }
    case 'window_side':
    case 'window_below': {
      const windows = ctx.room.features.filter((f) => f.kind === 'window');
      if (!windows.length) return null;
      // Curtains go one to each side of a window; radiators one under each.
      const f = windows[(index + tries) % windows.length];
      if (item.place === 'window_below') {
        const y = Math.min(rng.inRange(category.mount_height ?? [0.3, 0.4]), f.bottom - 0.05 - size[1] / 2);
        if (y - size[1] / 2 < 0.05) return null;
        return hungOn(ctx, category, f.wall, f.offset, y, size, rng);
      }
      const side = index % 2 === 0 ? -1 : 1;
      const along = f.offset + side * (f.width / 2 + 0.06 + size[0] / 2);
      return hungOn(ctx, category, f.wall, along, h - 0.08 - size[1] / 2, size, rng);
    }
    case 'ceiling': {
      const r = Math.hypot(size[0], size[2]) / 2 + 0.3;
      if (w / 2 < r || d / 2 < r) return null;
      // Ceiling lights spread along the room's long side; the first near the middle.
      const long = w >= d ? 0 : 2;
      const at = index === 0 ? 0 : (index % 2 ? 1 : -1) * 0.25;
      const c: [number, number] = [
        long === 0 ? at * w : rng.range(-0.1, 0.1) * w,
        long === 2 ? at * d : rng.range(-0.1, 0.1) * d,
      ];
      const x = Math.max(-w / 2 + r, Math.min(w / 2 - r, c[0] + rng.range(-0.2, 0.2)));
      const z = Math.max(-d / 2 + r, Math.min(d / 2 - r, c[1] + rng.range(-0.2, 0.2)));
      return {
        position: [x, h - size[1] / 2, z],
        yaw: rng.range(-Math.PI, Math.PI),
        support: 'ceiling',
        surface: null,
        wall: null,
      };
    }
  }
  if (!parent) return null;
  return satellite(ctx, item, category, size, parent, rng, at, tries);
}

/** A floor object with its back against `wall`, its centre `along` it. */
/** The widest thing an item places beside itself (its largest width, plus the widest gap), m. */
function besideReserve(ctx: Ctx, item: Item): number {
  const widths = item.with
    .filter((w) => w.place === 'beside')
    .flatMap((w) => categoriesOf(w).map((name) => categoryOf(ctx.catalog, name).size.x[1]));
  return widths.length ? Math.max(...widths) + 0.15 : 0;
}

function backedAgainst(ctx: Ctx, wall: Wall, along: number, size: Vec3): Pose {
  const frame = wallFrame(ctx.room, wall);
  const base = add(
    add(frame.origin, scale(frame.along, along)),
    scale(frame.normal, size[2] / 2 + WALL_BACK_GAP),
  );
  return {
    position: [base[0], size[1] / 2, base[2]],
    yaw: yawFacingFrom(wall),
    support: 'floor',
    surface: null,
    wall,
  };
}

/** Hung things above this (the top of their centre's range) are out of a person's reach and sight, m. */
const MAX_HUNG_CENTRE = 2.2;

/** A wall object hung on `wall` at `along`, its centre at height `y` (the category's mount height when null). */
function hungOn(
  ctx: Ctx,
  category: Category,
  wall: Wall,
  along: number,
  y: number | null,
  size: Vec3,
  rng: Rng,
): Pose | null {
  const h = ctx.room.size[1];
  const wanted = y ?? rng.inRange(category.mount_height ?? [1.4, 1.7]);
  if (wanted > MAX_HUNG_CENTRE) return null;
  const height = Math.min(wanted, h - size[1] / 2 - 0.05);
  if (height - size[1] / 2 < 0.02) return null;
  const frame = wallFrame(ctx.room, wall);
  const base = add(add(frame.origin, scale(frame.along, along)), scale(frame.normal, size[2] / 2));
  return {
    position: [base[0], height, base[2]],
    yaw: yawFacingFrom(wall),
    support: 'wall',
    surface: null,
    wall,
  };
}

/** A point in the parent's frame (x right, z forward) → world, on the floor plan. */
function fromParent(parent: Placed, x: number, z: number): [number, number] {
  const v = rotateY([x, 0, z], parent.yaw);
  return [parent.position[0] + v[0], parent.position[2] + v[2]];
}

function satellite(
  ctx: Ctx,
  item: Item,
  category: Category,
  size: Vec3,
  parent: Placed,
  rng: Rng,
  at: ItemState,
  tries: number,
): Pose | null {
  const P = parent.size;
  const { index } = at;
  const floor = (xz: [number, number], yaw: number, wall: Wall | null = null): Pose => ({
    position: [xz[0], size[1] / 2, xz[1]],
    yaw: wrapAngle(yaw),
    support: 'floor',
    surface: null,
    wall,
  });
  switch (item.place) {
    case 'beside': {
      // The first one on a random side, the second on the other.
      const side = index % 2 === 0 ? at.firstSide : -at.firstSide;
      const gap = rng.range(0.03, 0.15);
      const z = parent.wall ? -P[2] / 2 + size[2] / 2 : 0;
      return floor(fromParent(parent, side * (P[0] / 2 + gap + size[0] / 2), z), parent.yaw, parent.wall);
    }
    case 'front': {
      const gap = rng.range(0.02, 0.12);
      const x = rng.range(-0.25, 0.25) * Math.max(0, P[0] - size[0]);
      return floor(
        fromParent(parent, x, P[2] / 2 + gap + size[2] / 2),
        parent.yaw + Math.PI + rng.range(-0.2, 0.2),
      );
    }
    case 'front_far': {
      const gap = rng.range(0.35, 0.55);
      return floor(fromParent(parent, rng.range(-0.1, 0.1), P[2] / 2 + gap + size[2] / 2), parent.yaw);
    }
    case 'facing': {
      const dist = rng.range(2.0, 3.2);
      const [x, z] = fromParent(parent, rng.range(-0.2, 0.2), P[2] / 2 + dist + size[2] / 2);
      // Against the wall ahead when it is close by.
      const yaw = parent.yaw + Math.PI;
      const ahead = WALLS.find((wall) => Math.abs(wrapAngle(yawFacingFrom(wall) - yaw)) < 0.3);
      if (ahead) {
        const frame = wallFrame(ctx.room, ahead);
        const toWall = (x - frame.origin[0]) * frame.normal[0] + (z - frame.origin[2]) * frame.normal[2];
        if (toWall < 1.0 + size[2]) {
          const along = (x - frame.origin[0]) * frame.along[0] + (z - frame.origin[2]) * frame.along[2];
          return backedAgainst(ctx, ahead, along, size);
        }
      }
      return floor([x, z], yaw);
    }
    case 'around': {
      // Seats along each side of the table, the long sides first; each faces the table.
      const slots: [number, number, number][] = [];
      const perLong = Math.max(1, Math.floor(P[0] / 0.62));
      for (const sz of [1, -1])
        for (let k = 0; k < perLong; k++) slots.push([((k + 0.5) / perLong - 0.5) * P[0], sz, 0]);
      if (P[2] >= 0.7) for (const sx of [1, -1]) slots.push([sx, 0, 1]);
      // One shuffled order of seats per table; a seat that is taken moves on to the next.
      const order = at.rng.fork('slots').shuffle(slots.map((_, i) => i));
      const [a, sz, end] = slots[order[(index + tries) % slots.length]];
      // Clear of the table by more than objects.min_gap, turned a little as people leave chairs.
      const gap = ctx.config.objects.min_gap + rng.range(0.05, 0.15);
      const local: [number, number] = end
        ? [a * (P[0] / 2 + gap + size[2] / 2), 0]
        : [a, sz * (P[2] / 2 + gap + size[2] / 2)];
      const xz = fromParent(parent, local[0], local[1]);
      const toTable = Math.atan2(parent.position[0] - xz[0], parent.position[2] - xz[1]);
      return floor(xz, toTable + rng.range(-0.1, 0.1));
    }
    case 'on':
      return onSurface(ctx, size, parent, rng, item.align);
    case 'above_wall': {
      if (!parent.wall) return null;
      const frame = wallFrame(ctx.room, parent.wall);
      const along =
        (parent.position[0] - frame.origin[0]) * frame.along[0] +
        (parent.position[2] - frame.origin[2]) * frame.along[2];
      const top = parent.position[1] + P[1] / 2;
      return hungOn(
        ctx,
        category,
        parent.wall,
        along + rng.range(-0.1, 0.1),
        top + rng.range(0.12, 0.35) + size[1] / 2,
        size,
        rng,
      );
    }
    case 'above':
      return {
        position: [parent.position[0], ctx.room.size[1] - size[1] / 2, parent.position[2]],
        yaw: parent.yaw,
        support: 'ceiling',
        surface: null,
        wall: null,
      };
    case 'near': {
      const angle = rng.range(-Math.PI, Math.PI);
      const reach = Math.hypot(P[0], P[2]) / 2 + Math.hypot(size[0], size[2]) / 2 + rng.range(0.05, 0.6);
      const xz: [number, number] = [
        parent.position[0] + Math.sin(angle) * reach,
        parent.position[2] + Math.cos(angle) * reach,
      ];
      return floor(xz, rng.range(-Math.PI, Math.PI));
    }
  }
  return null;
}

/**
 * A pose on one of the parent's surfaces (by area, among those it may stand on and fits under),
 * turned square to the parent most of the time; `align` centres it towards the back or the front.
 */
function onSurface(
  ctx: Ctx,
  size: Vec3,
  parent: Placed,
  rng: Rng,
  align: Item['align'] = 'any',
): Pose | null {
  const P = parent.size;
  const surfaces = parent.look.variant.surfaces
    .map((s, k) => ({ s, k }))
    .filter(({ s }) => s.clearance === undefined || s.clearance * P[1] >= size[1] + 0.01);
  if (!surfaces.length) return null;
  const { s, k } =
    surfaces[rng.weightedIndex(surfaces.map(({ s: f }) => (f.x[1] - f.x[0]) * (f.z[1] - f.z[0]) + 1e-3))];
  // Aligned things face the way the parent does; others mostly square to it, sometimes at random.
  let rel = rng.range(-0.2, 0.2);
  if (align === 'any')
    rel = rng.bool(0.7) ? (rng.int(0, 3) * Math.PI) / 2 + rel : rng.range(-Math.PI, Math.PI);
  const c = Math.abs(Math.cos(rel));
  const sn = Math.abs(Math.sin(rel));
  const hx = (c * size[0] + sn * size[2]) / 2 + 0.01;
  const hz = (sn * size[0] + c * size[2]) / 2 + 0.01;
  const [x0, x1] = [s.x[0] * P[0] + hx, s.x[1] * P[0] - hx];
  const [z0, z1] = [s.z[0] * P[2] + hz, s.z[1] * P[2] - hz];
  if (x0 > x1 || z0 > z1) return null;
  const x = align === 'any' ? rng.range(x0, x1) : rng.range(x0, x1) * 0.15 + ((x0 + x1) / 2) * 0.85;
  const z = align === 'back' ? z0 : align === 'front' ? z1 : rng.range(z0, z1);
  const [wx, wz] = fromParent(parent, x, z);
  return {
    position: [wx, parent.position[1] + s.y * P[1] + size[1] / 2, wz],
    yaw: wrapAngle(parent.yaw + rel),
    support: ctx.placed.indexOf(parent) + 1,
    surface: k,
    wall: null,
  };
}

/** Clutter: on a surface of a supporter it may stand on, or on the floor where it may. */
function onSomething(ctx: Ctx, category: Category, size: Vec3, rng: Rng): Pose | null {
  const hosts = ctx.placed.filter(
    (p) => p.look.variant.surfaces.length && (!category.on || category.on.includes(p.category.name)),
  );
  const floorOk = category.support === 'floor' || category.on?.includes('floor');
  if (floorOk && (!hosts.length || rng.bool(0.3))) return anywhereOnFloor(ctx, size, rng);
  if (!hosts.length) return null;
  return onSurface(ctx, size, rng.pick(hosts), rng);
}

/** Random clutter: where the category can stand, ignoring the room type's arrangement. */
function anywhere(ctx: Ctx, category: Category, size: Vec3, rng: Rng): Pose | null {
  if (category.support === 'surface') return onSomething(ctx, category, size, rng);
  if (category.support === 'floor' && !rng.bool(category.against_wall))
    return anywhereOnFloor(ctx, size, rng);
  const place = { wall: 'hung', ceiling: 'ceiling', floor: 'wall' }[category.support];
  const item: Item = { category: category.name, count: [1, 1], chance: 1, place, align: 'any', with: [] };
  return propose(ctx, item, category, size, null, rng, { index: 1, firstSide: 1, rng }, 0);
}

function anywhereOnFloor(ctx: Ctx, size: Vec3, rng: Rng): Pose | null {
  const [w, , d] = ctx.room.size;
  const r = Math.hypot(size[0], size[2]) / 2;
  if (w / 2 < r || d / 2 < r) return null;
  return {
    position: [rng.range(-w / 2 + r, w / 2 - r), size[1] / 2, rng.range(-d / 2 + r, d / 2 - r)],
    yaw: rng.range(-Math.PI, Math.PI),
    support: 'floor',
    surface: null,
    wall: null,
  };
}

/**
 * A kitchen run: the item's categories side by side along one wall, touching, each as deep and
 * high as the first. Units that do not fit are left out.
 */
function placeRun(ctx: Ctx, item: Item, rng: Rng): Placed[] {
  const names = categoriesOf(item).filter((n) => allowed(ctx, [n]).length);
  if (!names.length) return [];
  for (let t = 0; t < TRIES; t++) {
    const r = rng.fork('run', t);
    const wall = r.pick(WALLS);
    const frame = wallFrame(ctx.room, wall);
    const units = names.map((n) => {
      const category = categoryOf(ctx.catalog, n);
      const look = drawLook(ctx.catalog, category, r);
      return { category, look, size: sampleSize(category, look.variant, r) };
    });
    // One depth and height for the whole run, and the cabinets in one finish.
    const [, height, depth] = units[0].size;
    let along = -frame.length / 2 + WALL_CLEARANCE + r.range(0, 0.4);
    const run: Placed[] = [];
    const counters = units.find((u) => u.category === units[0].category)?.look;
    for (const u of units) {
      const size: [number, number, number] = [u.size[0], height, depth];
      if (along + size[0] > frame.length / 2 - WALL_CLEARANCE) break;
      const look = u.category === units[0].category && counters ? counters : u.look;
      const obj: Placed = {
        category: u.category,
        look,
        size,
        ...backedAgainst(ctx, wall, along + size[0] / 2, size),
      };
      along += size[0] + RUN_GAP;
      if (allowed(ctx, [u.category.name]).length && fits(ctx, obj, run.length ? RUN_GAP : undefined)) {
        commit(ctx, obj);
        run.push(obj);
      }
    }
    if (run.length >= Math.min(2, names.length)) return run;
    // Nothing fitted well here: take it back and try another wall.
    for (const o of run) {
      ctx.placed.splice(ctx.placed.indexOf(o), 1);
      ctx.counts.set(o.category.name, (ctx.counts.get(o.category.name) ?? 1) - 1);
    }
  }
  return [];
}

function fits(ctx: Ctx, box: Placed, gapOverride?: number): boolean {
  const { room, placed, config } = ctx;
  const [w, h, d] = room.size;
  // Inside the room, with a hair of clearance from the walls except for what hangs on them.
  const wallTol = box.support === 'wall' ? 1e-6 : -WALL_CLEARANCE;
  if (footprint(box).some(([x, z]) => Math.abs(x) > w / 2 + wallTol || Math.abs(z) > d / 2 + wallTol))
    return false;
  if (box.position[1] + box.size[1] / 2 > h + 1e-6 || box.position[1] - box.size[1] / 2 < -1e-6) return false;
  if (box.support === 'floor' && (blocksDoor(room, box) || coversWindow(room, box))) return false;
  if (box.wall && box.support === 'wall' && blocksFeature(room, box, box.wall)) return false;
  // Keep the gap to every other box, except to the thing it stands on (it touches that one).
  const gap =
    gapOverride ??
    (typeof box.support === 'number'
      ? Math.min(config.objects.min_gap, SURFACE_GAP)
      : config.objects.min_gap);
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

/** A floor object in front of a window and taller than its sill: nobody puts a wardrobe there. */
function coversWindow(room: Room, box: BoxPose): boolean {
  for (const f of room.features) {
    if (f.kind !== 'window' || box.position[1] + box.size[1] / 2 < f.bottom + 0.05) continue;
    const frame = wallFrame(room, f.wall);
    const center = add(add(frame.origin, scale(frame.along, f.offset)), scale(frame.normal, 0.3));
    const zone: BoxPose = {
      position: [center[0], 1, center[2]],
      size: [f.width, 2, 0.6],
      yaw: yawFacingFrom(f.wall),
    };
    if (boxOverlap(box, zone) > 0) return true;
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
