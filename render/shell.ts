import * as THREE from 'three';
import { wallFrame } from '../sim/room';
import type { Finish, Room, Vec3, Wall } from '../sim/schema';
import { PATTERN_LAYER, PATTERN_MAPPING } from './pattern-mapping';

/**
 * The room shell as geometry (id 0 in seg.png): floor, ceiling and walls subdivided into cells of
 * about half a metre (the realistic look sums its lights per vertex), baseboards along the walls
 * except across doors, and doors and windows as thin slabs on the walls — nothing stands more than
 * 1.5 cm off a wall except a door's handle, inside the door's free swing area.
 */

export interface ShellPiece {
  name: string;
  geometry: THREE.BufferGeometry;
  /** Takes the sun's shadows (the floor, where contact shows). */
  receiveShadow: boolean;
  /** The normal into the room of a plane (floor, ceiling, walls); absent on the other pieces. */
  normal?: Vec3;
}

const CELL = 0.5;
const BASEBOARD_HEIGHT = 0.08;
const BASEBOARD_DEPTH = 0.012;

const _color = new THREE.Color();

/**
 * Paints a shell geometry with a finish: `uvOf` gives a vertex's two coordinates on the surface in
 * metres (or 0–1 across it, for fitted patterns).
 */
function finish(
  g: THREE.BufferGeometry,
  f: Finish,
  uvOf: (p: THREE.Vector3) => [number, number],
): THREE.BufferGeometry {
  const geometry = g.index ? g.toNonIndexed() : g;
  geometry.deleteAttribute('uv');
  const pos = geometry.getAttribute('position');
  const n = pos.count;
  const colors = new Float32Array(n * 3);
  const surface = new Float32Array(n * 4);
  _color.set(f.color);
  const repeat = PATTERN_MAPPING[f.pattern];
  const p = new THREE.Vector3();
  const s = repeat === 'fit' ? 1 : repeat;
  const layer = PATTERN_LAYER[f.pattern];
  for (let i = 0; i < n; i++) {
    _color.toArray(colors, i * 3);
    const [u, v] = uvOf(p.fromBufferAttribute(pos, i));
    surface[4 * i] = u / s;
    surface[4 * i + 1] = v / s;
    surface[4 * i + 2] = layer;
    surface[4 * i + 3] = f.emissive;
  }
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  geometry.setAttribute('surface', new THREE.BufferAttribute(surface, 4));
  return geometry;
}

const cells = (length: number) => Math.max(1, Math.ceil(length / CELL));

/** A box on a wall: `along` and `up` its centre on the wall, `out` its depth off the wall. */
function wallBox(
  room: Room,
  wall: Wall,
  along: number,
  up: number,
  width: number,
  height: number,
  depth: number,
  out: number,
): THREE.BufferGeometry {
  const fr = wallFrame(room, wall);
  const g = new THREE.BoxGeometry(width, height, depth);
  g.rotateY(Math.atan2(fr.normal[0], fr.normal[2]));
  const c = [0, 1, 2].map((i) => fr.origin[i] + fr.along[i] * along + fr.normal[i] * (out + depth / 2));
  return g.translate(c[0], up, c[2]);
}

/** Position along a wall's `along` axis (the coordinate `Feature.offset` is measured in). */
function alongWall(room: Room, wall: Wall): (p: THREE.Vector3) => number {
  const { along } = wallFrame(room, wall);
  return (p) => p.x * along[0] + p.z * along[2];
}

export function shellPieces(room: Room): ShellPiece[] {
  const [w, h, d] = room.size;
  const out: ShellPiece[] = [];
  const add = (name: string, geometry: THREE.BufferGeometry, receiveShadow = false, normal?: Vec3) =>
    out.push({ name, geometry, receiveShadow, ...(normal ? { normal } : {}) });
  // Planes face into the room.
  add(
    'floor',
    finish(new THREE.PlaneGeometry(w, d, cells(w), cells(d)).rotateX(-Math.PI / 2), room.floor, (p) => [
      p.x,
      p.z,
    ]),
    true,
    [0, 1, 0],
  );
  add(
    'ceiling',
    finish(
      new THREE.PlaneGeometry(w, d, cells(w), cells(d)).rotateX(Math.PI / 2).translate(0, h, 0),
      room.ceiling,
      (p) => [p.x, p.z],
    ),
    false,
    [0, -1, 0],
  );
  const walls: [Wall, THREE.BufferGeometry][] = [
    [
      'x-',
      new THREE.PlaneGeometry(d, h, cells(d), cells(h)).rotateY(Math.PI / 2).translate(-w / 2, h / 2, 0),
    ],
    [
      'x+',
      new THREE.PlaneGeometry(d, h, cells(d), cells(h)).rotateY(-Math.PI / 2).translate(w / 2, h / 2, 0),
    ],
    ['z-', new THREE.PlaneGeometry(w, h, cells(w), cells(h)).translate(0, h / 2, -d / 2)],
    ['z+', new THREE.PlaneGeometry(w, h, cells(w), cells(h)).rotateY(Math.PI).translate(0, h / 2, d / 2)],
  ];
  for (const [wall, g] of walls) {
    const along = alongWall(room, wall);
    const { length, normal } = wallFrame(room, wall);
    add(
      `wall ${wall}`,
      finish(g, room.walls, (p) => [along(p), p.y]),
      false,
      normal,
    );
    // Baseboards, broken where a door stands.
    const doors = room.features
      .filter((f) => f.kind === 'door' && f.wall === wall)
      .map((f) => [f.offset - f.width / 2 - 0.05, f.offset + f.width / 2 + 0.05] as const)
      .sort((a, b) => a[0] - b[0]);
    let from = -length / 2;
    for (const [a, b] of [...doors, [length / 2, length / 2] as const]) {
      if (a - from > 0.05)
        add(
          'baseboard',
          finish(
            wallBox(
              room,
              wall,
              (from + a) / 2,
              BASEBOARD_HEIGHT / 2,
              a - from,
              BASEBOARD_HEIGHT,
              BASEBOARD_DEPTH,
              0,
            ),
            room.baseboard,
            (p) => [along(p), p.y],
          ),
        );
      from = Math.max(from, b);
    }
  }

  // Doors and windows: a frame, then the panel or glass just in front of it.
  for (const f of room.features) {
    const along = alongWall(room, f.wall);
    const uv = (p: THREE.Vector3): [number, number] => [along(p), p.y];
    const fitted = (p: THREE.Vector3): [number, number] => [
      (along(p) - f.offset) / f.width + 0.5,
      1 - (p.y - f.bottom) / f.height,
    ];
    const mid = f.bottom + f.height / 2;
    const frameH = f.height + (f.kind === 'door' ? 0.05 : 0.1);
    add(
      `${f.kind} frame`,
      finish(wallBox(room, f.wall, f.offset, mid, f.width + 0.1, frameH, 0.01, 0), room.frame, uv),
    );
    if (f.kind === 'door') {
      add(
        'door',
        finish(wallBox(room, f.wall, f.offset, mid, f.width, f.height, 0.005, 0.01), room.door, uv),
      );
      // The handle: a small bar at hand height, on the side away from the hinge.
      const side = f.offset >= 0 ? -1 : 1;
      add(
        'door handle',
        finish(
          wallBox(room, f.wall, f.offset + side * (f.width / 2 - 0.1), 1.0, 0.12, 0.025, 0.025, 0.015),
          { ...room.frame, material: 'metal', pattern: 'brushed', color: '#b8b8b4' },
          uv,
        ),
      );
    } else {
      add(
        'window',
        finish(wallBox(room, f.wall, f.offset, mid, f.width, f.height, 0.005, 0.01), room.window, fitted),
      );
      // Glazing bars: a cross of the frame's finish over the glass.
      add(
        'window bar',
        finish(wallBox(room, f.wall, f.offset, mid, 0.03, f.height, 0.004, 0.015), room.frame, uv),
      );
      add(
        'window bar',
        finish(wallBox(room, f.wall, f.offset, mid, f.width, 0.03, 0.004, 0.015), room.frame, uv),
      );
    }
  }
  return out;
}
