import { cameraCenter, cameraForward } from '../sim/camera';
import { wallFrame } from '../sim/room';
import { type Frame, frameDir, type Scene, type SceneObject, type Vec3, type Wall } from '../sim/schema';
import { toDegrees } from './numbers';

/**
 * A scene in words, for the text form of the questions: the room, its doors and windows, every
 * object by its name with where it is, how big it is, which way it faces and what it stands on,
 * and the camera of each image the question is about. Two styles: `list`, one line of numbers per
 * thing, and `narrative`, plain sentences with the same facts. Positions are on a compass grid
 * over the floor (x east, z south, from the middle of the room; north is the z− wall), so no fact
 * depends on a viewer; nothing is said about how things relate to each other or to a camera
 * (which is left of which, what is closer): that is what the questions ask.
 */

export const TEXT_STYLES = ['list', 'narrative'] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];

const WALL_NAMES: Record<Wall, string> = { 'x-': 'west', 'x+': 'east', 'z-': 'north', 'z+': 'south' };
const COMPASS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'];

/** Compass bearing of a floor direction, degrees clockwise from north (−z), 0–360. */
function bearing(v: Vec3): number {
  return (Math.round(toDegrees(Math.atan2(v[0], -v[2]))) + 360) % 360;
}
const compass = (b: number) => COMPASS[Math.round(b / 45) % 8];
const m = (x: number) => x.toFixed(2);
/** One decimal, or two below 10 cm (a picture 3 cm deep is not "0.0 m" deep). */
const m1 = (x: number) => (Math.abs(x) < 0.1 && x !== 0 ? x.toFixed(2) : x.toFixed(1));

/** The description file of a set of frames, relative to the dataset folder. */
export function contextPath(
  scene: Pick<Scene, 'id' | 'frames'>,
  style: TextStyle,
  frames: readonly number[],
): string {
  const all = frames.length === scene.frames.length && frames.every((f, k) => f === scene.frames[k].index);
  const suffix = all ? '' : `-${frames.map(frameDir).join('-')}`;
  return `scenes/${scene.id}/text/${style}${suffix}.txt`;
}

/** The description of `scene` with the cameras of `frames` as images 1, 2, …, in one style. */
export function describeScene(scene: Scene, frames: readonly number[], style: TextStyle): string {
  const shown = frames.map((k) => scene.frames.find((f) => f.index === k)!);
  return style === 'list' ? listStyle(scene, shown) : narrativeStyle(scene, shown);
}

interface Placement {
  o: SceneObject;
  /** Centre per shown image (objects that move have several). */
  at: Vec3[];
  facing: number[];
  on: string;
}

function placements(scene: Scene, frames: readonly Frame[]): Placement[] {
  return scene.objects.map((o) => {
    const poses = frames.map((f) => f.poses[String(o.id)] ?? o);
    const on =
      typeof o.support === 'number'
        ? `on ${scene.objects[o.support - 1].name}`
        : { floor: 'on the floor', wall: 'on a wall', ceiling: 'on the ceiling' }[o.support];
    return {
      o,
      at: poses.map((p) => p.position),
      facing: poses.map((p) => bearing([Math.sin(p.yaw), 0, Math.cos(p.yaw)])),
      on,
    };
  });
}

interface CameraFacts {
  at: Vec3;
  bearing: number;
  /** Degrees, negative looking down. */
  pitch: number;
  hfov: number;
  vfov: number;
  time: number;
}

function cameraFacts(f: Frame): CameraFacts {
  const fwd = cameraForward(f.T_cam_world);
  return {
    at: cameraCenter(f.T_cam_world),
    bearing: bearing(fwd),
    pitch: Math.round(toDegrees(Math.asin(Math.max(-1, Math.min(1, fwd[1]))))),
    hfov: Math.round(toDegrees(2 * Math.atan(f.width / 2 / f.K[0][0]))),
    vfov: Math.round(toDegrees(2 * Math.atan(f.height / 2 / f.K[1][1]))),
    time: f.time,
  };
}

function features(scene: Scene): string[] {
  return scene.room.features.map((f) => {
    const fr = wallFrame(scene.room, f.wall);
    const axis = fr.along[0] !== 0 ? 'x' : 'z';
    const base = `${f.kind} in the ${WALL_NAMES[f.wall]} wall, ${m(f.width)} m wide and ${m(f.height)} m high, its centre at ${axis} = ${m(f.offset)}`;
    return f.kind === 'window' ? `${base}, ${m(f.bottom)} m above the floor` : base;
  });
}

function listStyle(scene: Scene, frames: readonly Frame[]): string {
  const [w, h, d] = scene.room.size;
  const lines = [
    `Room: ${scene.room.type.replace('_', ' ')}, ${m(w)} m wide (x, west to east) by ${m(d)} m deep (z, north to south), ceiling ${m(h)} m high.`,
    'Coordinates: x east, z south, in metres from the middle of the floor; heights above the floor; bearings in degrees clockwise from north.',
    ...features(scene).map((f) => `- ${f[0].toUpperCase()}${f.slice(1)}.`),
    'Objects (centre x, z and height; size width × height × depth; bearing it faces; what it stands on):',
  ];
  const many = frames.length > 1;
  for (const p of placements(scene, frames)) {
    const [sx, sy, sz] = p.o.size;
    const where = p.at
      .map(
        (c, k) =>
          `${many && moved(p) ? `image ${k + 1}: ` : ''}(${m(c[0])}, ${m(c[2])}), ${m(c[1])} m up, facing ${p.facing[k]}°`,
      )
      .filter((_, k) => k === 0 || moved(p));
    lines.push(`- ${p.o.name}: ${where.join('; ')}; ${m(sx)} × ${m(sy)} × ${m(sz)} m; ${p.on}.`);
  }
  lines.push(frames.length > 1 ? 'Cameras, one per image in order:' : 'Camera of the image:');
  frames.forEach((f, k) => {
    const c = cameraFacts(f);
    lines.push(
      `- image ${k + 1}${many ? ` (t = ${m1(c.time)} s)` : ''}: at (${m(c.at[0])}, ${m(c.at[2])}), ${m(c.at[1])} m up, facing ${c.bearing}°, ${Math.abs(c.pitch)}° ${c.pitch < 0 ? 'down' : 'up'}; field of view ${c.hfov}° wide, ${c.vfov}° high.`,
    );
  });
  return `${lines.join('\n')}\n`;
}

const moved = (p: Placement) =>
  p.at.some(
    (c, k) => Math.hypot(c[0] - p.at[0][0], c[2] - p.at[0][2]) > 0.005 || p.facing[k] !== p.facing[0],
  );

/** "1.2 m east and 0.4 m north of the middle of the room". */
function whereInWords(c: Vec3): string {
  const part = (v: number, pos: string, neg: string) =>
    Math.abs(v) < 0.05 ? null : `${m1(Math.abs(v))} m ${v > 0 ? pos : neg}`;
  const parts = [part(c[0], 'east', 'west'), part(c[2], 'south', 'north')].filter(Boolean);
  return parts.length ? `${parts.join(' and ')} of the middle of the room` : 'in the middle of the room';
}

function narrativeStyle(scene: Scene, frames: readonly Frame[]): string {
  const [w, h, d] = scene.room.size;
  const out: string[] = [
    `This is ${/^[aeiou]/.test(scene.room.type) ? 'an' : 'a'} ${scene.room.type.replace('_', ' ')}, ${m1(w)} metres from its west wall to its east wall and ${m1(d)} metres from north to south, with a ceiling ${m1(h)} metres high.`,
  ];
  const feats = features(scene);
  if (feats.length)
    out.push(`It has a ${feats.join(', and a ')} (x counts metres east of the middle, z metres south).`);
  for (const p of placements(scene, frames)) {
    const [sx, sy, sz] = p.o.size;
    const name = p.o.name.charAt(0).toUpperCase() + p.o.name.slice(1);
    let s = `${name} is ${whereInWords(p.at[0])}, its centre ${m1(p.at[0][1])} m above the floor, ${p.on}; it is ${m1(sx)} m wide, ${m1(sy)} m high and ${m1(sz)} m deep, and faces ${compass(p.facing[0])}.`;
    if (moved(p))
      s += ` By the last image it is ${whereInWords(p.at[p.at.length - 1])}, facing ${compass(p.facing[p.facing.length - 1])}.`;
    out.push(s);
  }
  frames.forEach((f, k) => {
    const c = cameraFacts(f);
    const which =
      frames.length > 1
        ? `Image ${k + 1}${frames.length > 1 ? ` (at ${m1(c.time)} s)` : ''} was`
        : 'The image was';
    out.push(
      `${which} taken from ${whereInWords(c.at)}, ${m1(c.at[1])} m above the floor, looking ${compass(c.bearing)} (${c.bearing}°) and ${Math.abs(c.pitch)}° ${c.pitch < 0 ? 'down' : 'up'}, with a field of view ${c.hfov}° wide and ${c.vfov}° high.`,
    );
  });
  return `${out.join('\n')}\n`;
}
