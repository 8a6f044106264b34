import type { Catalog } from './catalog';
import type { Config } from './config';
import type { Rng } from './rng';
import { loadRoomTypes, type RoomType } from './room-types';
import type { Feature, Finish, Room, Vec3, Wall } from './schema';

/**
 * Rectangular rooms of a room type: metric size, finishes for the floor, walls, ceiling, doors,
 * windows and baseboards from the catalog's materials, doors and windows on the walls.
 */

export interface WallFrame {
  /** Point on the wall plane at floor level, in the middle of the wall. */
  origin: Vec3;
  /** Unit normal pointing into the room. */
  normal: Vec3;
  /** Unit vector along the wall, in which `Feature.offset` is measured. */
  along: Vec3;
  /** Wall length, m. */
  length: number;
}

export function wallFrame(room: Pick<Room, 'size'>, wall: Wall): WallFrame {
  const [w, , d] = room.size;
  switch (wall) {
    case 'x-':
      return { origin: [-w / 2, 0, 0], normal: [1, 0, 0], along: [0, 0, 1], length: d };
    case 'x+':
      return { origin: [w / 2, 0, 0], normal: [-1, 0, 0], along: [0, 0, 1], length: d };
    case 'z-':
      return { origin: [0, 0, -d / 2], normal: [0, 0, 1], along: [1, 0, 0], length: w };
    case 'z+':
      return { origin: [0, 0, d / 2], normal: [0, 0, -1], along: [1, 0, 0], length: w };
  }
}

/** Yaw that turns an object's front (local +z) to face into the room from this wall. */
export function yawFacingFrom(wall: Wall): number {
  return { 'x-': Math.PI / 2, 'x+': -Math.PI / 2, 'z-': 0, 'z+': Math.PI }[wall];
}

const WALLS: Wall[] = ['x-', 'x+', 'z-', 'z+'];
const CORNER_CLEARANCE = 0.3;

/** A finish of one material kind, in one of its colours. */
function finish(catalog: Catalog, material: string, rng: Rng): Finish {
  const m = catalog.materials[material];
  return {
    material,
    pattern: m.pattern,
    color: rng.pick(m.palette).hex,
    roughness: m.roughness,
    metalness: m.metalness,
    emissive: m.emissive,
  };
}

/** The room type of a scene: one of config.room.types (all when empty), by weight. */
export function pickRoomType(config: Config, rng: Rng): [string, RoomType] {
  const types = loadRoomTypes();
  const names = config.room.types.length ? config.room.types : Object.keys(types);
  const name = names[rng.weightedIndex(names.map((n) => types[n].weight))];
  return [name, types[name]];
}

export function generateRoom(config: Config, catalog: Catalog, type: [string, RoomType], rng: Rng): Room {
  const [name, t] = type;
  const c = config.room;
  const size: [number, number, number] = [
    rng.inRange(c.width ?? t.size.width),
    rng.inRange(c.height ?? t.size.height),
    rng.inRange(c.depth ?? t.size.depth),
  ];
  const pick = (kinds: readonly string[]) => finish(catalog, rng.pick(kinds), rng);
  const f = catalog.finishes;
  const room: Room = {
    type: name,
    size,
    floor: pick(t.floor),
    walls: pick(t.wall),
    ceiling: pick(f.ceiling),
    door: pick(f.door),
    window: pick(f.window),
    frame: pick(f.frame),
    baseboard: pick(f.baseboard),
    features: [],
    sun: sunDirection(rng),
  };
  const doors = rng.int(...(c.doors ?? t.doors));
  const windows = rng.int(...(c.windows ?? t.windows));
  for (let i = 0; i < doors + windows; i++) {
    const kind = i < doors ? 'door' : 'window';
    // A feature that finds no free stretch of wall is left out: rooms stay valid without it.
    for (let attempt = 0; attempt < 20; attempt++) {
      const feature = sampleFeature(room, kind, rng);
      if (feature && !room.features.some((g) => featuresOverlap(feature, g, 0.3))) {
        room.features.push(feature);
        break;
      }
    }
  }
  return room;
}

function sampleFeature(room: Room, kind: 'door' | 'window', rng: Rng): Feature | null {
  const h = room.size[1];
  const wall = rng.pick(WALLS);
  const { length } = wallFrame(room, wall);
  const width = kind === 'door' ? rng.range(0.8, 1.0) : rng.range(0.8, 1.6);
  const bottom = kind === 'door' ? 0 : rng.range(0.8, 1.0);
  const height =
    kind === 'door'
      ? Math.min(rng.range(2.0, 2.1), h - 0.15)
      : Math.min(rng.range(0.9, 1.3), h - 0.25 - bottom);
  const free = length / 2 - width / 2 - CORNER_CLEARANCE;
  if (free <= 0 || height <= 0.3) return null;
  return { kind, wall, offset: rng.range(-free, free), width, bottom, height };
}

export function featuresOverlap(a: Feature, b: Feature, gap: number): boolean {
  if (a.wall !== b.wall) return false;
  const apart = Math.abs(a.offset - b.offset) >= (a.width + b.width) / 2 + gap;
  const vertical = a.bottom + a.height + gap <= b.bottom || b.bottom + b.height + gap <= a.bottom;
  return !apart && !vertical;
}

function sunDirection(rng: Rng): Vec3 {
  const elevation = rng.range((50 * Math.PI) / 180, (75 * Math.PI) / 180);
  const azimuth = rng.range(0, 2 * Math.PI);
  return [
    Math.cos(elevation) * Math.sin(azimuth),
    Math.sin(elevation),
    Math.cos(elevation) * Math.cos(azimuth),
  ];
}
