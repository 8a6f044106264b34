import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readGreyPng } from '../../render/png';
import { loadCatalog } from '../../sim/catalog';
import type { Config } from '../../sim/config';
import type { Frame, Mat4, Scene, Vec3 } from '../../sim/schema';
import type { QaItem } from '../../tasks/schema';

/**
 * The answers of qa.jsonl worked out a second way, from the dataset on disk only: the PNGs (seg
 * and depth, read back) and scene.json (geometry, cameras, and the amodal counts that no PNG holds).
 * None of the task modules' helpers is used: the math is written again here, from DESIGN.md.
 * `check` returns null when the item's answer agrees, else the reason it does not.
 */

const DEG = Math.PI / 180;
const MARGIN = 15 * DEG;

interface Pixels {
  px: number;
  u: number;
  v: number;
  depth: number;
  bbox: [number, number, number, number];
}

export class DatasetReader {
  private readonly scenes = new Map<string, Scene>();
  private readonly frames = new Map<string, Map<number, Pixels>>();

  constructor(
    readonly dir: string,
    readonly config: Config,
  ) {}

  async scene(id: string): Promise<Scene> {
    let s = this.scenes.get(id);
    if (!s) {
      s = JSON.parse(await readFile(join(this.dir, 'scenes', id, 'scene.json'), 'utf8')) as Scene;
      this.scenes.set(id, s);
    }
    return s;
  }

  /** Per object id: visible pixels, centroid, depth median (m) and bbox, from seg.png and depth.png. */
  async pixels(sceneId: string, frame: number): Promise<Map<number, Pixels>> {
    const key = `${sceneId}/${frame}`;
    const cached = this.frames.get(key);
    if (cached) return cached;
    const base = join(this.dir, 'scenes', sceneId, 'frames', String(frame).padStart(2, '0'));
    const seg = await readGreyPng(join(base, 'seg.png'));
    const depth = await readGreyPng(join(base, 'depth.png'));
    const acc = new Map<number, { n: number; su: number; sv: number; d: number[]; box: number[] }>();
    for (let j = 0; j < seg.height; j++)
      for (let i = 0; i < seg.width; i++) {
        const p = j * seg.width + i;
        const id = seg.data[p];
        if (id === 0) continue;
        const a = acc.get(id) ?? { n: 0, su: 0, sv: 0, d: [], box: [i, j, i, j] };
        a.n++;
        a.su += i + 0.5;
        a.sv += j + 0.5;
        a.d.push(depth.data[p]);
        a.box = [Math.min(a.box[0], i), Math.min(a.box[1], j), Math.max(a.box[2], i), Math.max(a.box[3], j)];
        acc.set(id, a);
      }
    const out = new Map<number, Pixels>();
    for (const [id, a] of acc) {
      const d = a.d.sort((x, y) => x - y);
      const m = d.length % 2 ? d[(d.length - 1) / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
      out.set(id, {
        px: a.n,
        u: a.su / a.n,
        v: a.sv / a.n,
        depth: m / 1000,
        bbox: [a.box[0], a.box[1], a.box[2] + 1, a.box[3] + 1],
      });
    }
    this.frames.set(key, out);
    return out;
  }
}

// ---- geometry, written from DESIGN.md ----

const vsub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const vdot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

interface Cam {
  center: Vec3;
  heading: number;
  pitch: number;
}

/** Camera centre −Rᵀt, heading of the optical axis (third row of R) on the floor, pitch. */
function camOf(T: Mat4): Cam {
  const t = [T[0][3], T[1][3], T[2][3]];
  const center: Vec3 = [0, 1, 2].map((c) => -(T[0][c] * t[0] + T[1][c] * t[1] + T[2][c] * t[2])) as Vec3;
  const [fx, fy, fz] = T[2];
  return { center, heading: Math.atan2(fx, fz), pitch: Math.asin(fy) };
}

function toCam(T: Mat4, p: Vec3): Vec3 {
  return [0, 1, 2].map((r) => T[r][0] * p[0] + T[r][1] * p[1] + T[r][2] * p[2] + T[r][3]) as Vec3;
}

/** Horizontal direction of p seen from a camera: left of its heading positive. */
const bearingOf = (cam: Cam, p: Vec3) =>
  wrap(Math.atan2(p[0] - cam.center[0], p[2] - cam.center[2]) - cam.heading);

/** Floor-plan vector → [forward, left] in a heading's frame (forward = (sin h, 0, cos h), left = (cos h, 0, −sin h)). */
function planOf(heading: number, v: Vec3): [number, number] {
  return [
    v[0] * Math.sin(heading) + v[2] * Math.cos(heading),
    v[0] * Math.cos(heading) - v[2] * Math.sin(heading),
  ];
}

/** Quarter of an angle: 'front' (|a| < 45°), 'left', 'behind', 'right'; null within `margin` of an edge. */
function quarter(a: number, margin = MARGIN): string | null {
  const deg = wrap(a) / DEG;
  for (const [name, centre] of [
    ['front', 0],
    ['left', 90],
    ['behind', 180],
    ['right', -90],
  ] as const) {
    const off = Math.abs(wrap((deg - centre) * DEG)) / DEG;
    if (off < 45 - margin / DEG) return name;
  }
  return null;
}

function leftRight(a: number): string | null {
  const deg = Math.abs(wrap(a)) / DEG;
  if (deg < 15 || deg > 165) return null;
  return wrap(a) > 0 ? 'left' : 'right';
}

interface Posed {
  size: Vec3;
  position: Vec3;
  yaw: number;
}

function posed(scene: Scene, frame: Frame, id: number): Posed {
  const o = scene.objects.find((x) => x.id === id)!;
  const p = frame.poses[String(id)];
  return { size: o.size, position: p?.position ?? o.position, yaw: p?.yaw ?? o.yaw };
}

/** Floor rectangle corners [x, z]: local (±sx/2, ±sz/2) rotated by yaw (local +x → (cos, −sin)). */
function corners(b: Posed): [number, number][] {
  const [hx, hz] = [b.size[0] / 2, b.size[2] / 2];
  const c = Math.cos(b.yaw);
  const s = Math.sin(b.yaw);
  return [
    [-hx, -hz],
    [hx, -hz],
    [hx, hz],
    [-hx, hz],
  ].map(([x, z]) => [b.position[0] + c * x + s * z, b.position[2] - s * x + c * z]);
}

/** Shortest distance between two upright boxes: rectangles by separating axes and edge distances. */
function boxDistance(a: Posed, b: Posed): number {
  const [ra, rb] = [corners(a), corners(b)];
  const segDist = (p: [number, number], q: [number, number], r: [number, number]) => {
    const [dx, dz] = [r[0] - q[0], r[1] - q[1]];
    const t = Math.max(0, Math.min(1, ((p[0] - q[0]) * dx + (p[1] - q[1]) * dz) / (dx * dx + dz * dz)));
    return Math.hypot(p[0] - q[0] - t * dx, p[1] - q[1] - t * dz);
  };
  let overlap = true;
  for (const poly of [ra, rb])
    for (let i = 0; i < 4; i++) {
      const [p, q] = [poly[i], poly[(i + 1) % 4]];
      const n = [q[1] - p[1], p[0] - q[0]];
      const proj = (r: [number, number][]) => r.map((v) => v[0] * n[0] + v[1] * n[1]);
      const [pa, pb] = [proj(ra), proj(rb)];
      if (Math.max(...pa) < Math.min(...pb) || Math.max(...pb) < Math.min(...pa)) overlap = false;
    }
  let plan = 0;
  if (!overlap) {
    plan = Number.POSITIVE_INFINITY;
    for (const [p, r] of [
      [ra, rb],
      [rb, ra],
    ])
      for (const v of p) for (let i = 0; i < 4; i++) plan = Math.min(plan, segDist(v, r[i], r[(i + 1) % 4]));
  }
  const gapY = Math.max(
    0,
    b.position[1] - b.size[1] / 2 - (a.position[1] + a.size[1] / 2),
    a.position[1] - a.size[1] / 2 - (b.position[1] + b.size[1] / 2),
  );
  return Math.hypot(plan, gapY);
}

// ---- answers ----

const frameOf = (path: string) => Number(/frames\/(\d+)\/rgb\.png$/.exec(path)![1]);
const rightText = (q: QaItem) => q.choices![(q.answer as string).charCodeAt(0) - 65];

/** The value an option shows ("2.4 m", "35°", "12.5 m²"). */
const optionValue = (text: string) => Number.parseFloat(text);

/** A quantity answer agrees: the number rounded per unit, or the one option nearest the truth. */
function quantity(q: QaItem, truth: number): string | null {
  if (typeof q.answer === 'number') {
    const step = { m: 0.01, m2: 0.1, cm: 1, deg: 1, count: 1 }[q.unit!];
    return Math.abs(q.answer - truth) <= step / 2 + 1e-9 ? null : `answer ${q.answer}, truth ${truth}`;
  }
  const values = q.choices!.map(optionValue);
  const errors = values.map((v) => Math.abs(Math.log(v / truth)));
  const best = errors.indexOf(Math.min(...errors));
  if (q.choices![best] !== rightText(q)) return `option ${rightText(q)}, truth ${truth}`;
  // The option shows the truth rounded for display: m to 0.1 (0.01 under 1 m), m² to 0.1, cm and ° to 1.
  const text = rightText(q);
  const v = values[best];
  const half = text.endsWith('m²') ? 0.05 : text.endsWith(' m') ? (v < 1 ? 0.005 : 0.05) : 0.5;
  return Math.abs(v - truth) <= half + 1e-6 ? null : `option ${text} vs ${truth}`;
}

function visibleEnough(config: Config, px: number, amodal: number): boolean {
  return px >= config.tasks.min_visible_px && px >= config.tasks.min_visible_fraction * amodal;
}

export async function check(data: DatasetReader, q: QaItem): Promise<string | null> {
  const scene = await data.scene(q.scene);
  const name = (id: number) => scene.objects.find((o) => o.id === id)!.name;
  const idByName = (n: string) => scene.objects.find((o) => o.name === n)?.id;
  const frames = q.images.map(frameOf);
  const frame = scene.frames[frames[0]];
  const pix = await data.pixels(q.scene, frames[0]);
  const amodal = (f: Frame, id: number) => f.objects.find((a) => a.id === id)!.amodal_px;
  const px = (id: number) => pix.get(id)?.px ?? 0;

  // Every object asked about by name is clearly visible in the image it is asked about (static tasks).
  if (q.kind === 'static' && q.task !== 'count' && q.task !== 'room_size')
    for (const id of q.targets)
      if (!visibleEnough(data.config, px(id), amodal(frame, id)))
        return `object ${id} is not clearly visible`;

  switch (q.task) {
    case 'count': {
      const plurals = loadCatalog()
        .categories.filter((c) => q.question.includes(` ${c.plural} `))
        .sort((a, b) => b.plural.length - a.plural.length);
      const category = plurals[0].name;
      const ofCategory = scene.objects.filter((o) => o.category === category);
      const counted = ofCategory.filter(
        (o) =>
          px(o.id) >= data.config.tasks.count_min_px &&
          px(o.id) >= data.config.tasks.count_min_fraction * amodal(frame, o.id),
      );
      if (ofCategory.some((o) => px(o.id) > 0 && !counted.includes(o)))
        return 'a visible object is below T or F';
      if (counted.map((o) => o.id).join() !== [...q.targets].sort((a, b) => a - b).join()) return 'targets';
      return counted.length === q.answer ? null : `counted ${counted.length}, answer ${q.answer}`;
    }

    case 'depth_order': {
      const [a, b] = q.choices!.map((c) => idByName(c)!);
      const [da, db] = [pix.get(a)!.depth, pix.get(b)!.depth];
      if (Math.abs(da - db) < 0.3 || Math.abs(da - db) < 0.1 * Math.max(da, db)) return 'depth margin';
      const closer = da < db ? a : b;
      if (idByName(rightText(q)) !== closer || q.answer_object !== closer) return 'closer object';
      const far = closer === a ? b : a;
      const dv = (pix.get(closer)!.v - pix.get(far)!.v) / frame.height;
      if (Math.abs(dv) < 0.05) return 'vertical offset under 5%';
      const role = dv > 0 ? 'consistent' : 'counter';
      return q.pair?.role === role ? null : `role ${q.pair?.role}, pixels say ${role}`;
    }

    case 'relative_direction': {
      const [x, y] = q.targets;
      const [cx, cy] = [
        toCam(frame.T_cam_world, posed(scene, frame, x).position),
        toCam(frame.T_cam_world, posed(scene, frame, y).position),
      ];
      const [px1, py1] = [pix.get(x)!, pix.get(y)!];
      const [bx, by] = [posed(scene, frame, x), posed(scene, frame, y)];
      const holds = (rel: string): boolean => {
        const du = (px1.u - py1.u) / frame.width;
        const dv = (px1.v - py1.v) / frame.height;
        const s = { left: -1, right: 1 }[rel as 'left'];
        if (rel === 'left' || rel === 'right') return s * du >= 0.1 && s * (cx[0] - cy[0]) >= 0.3;
        const topX = bx.position[1] + bx.size[1] / 2;
        const botX = bx.position[1] - bx.size[1] / 2;
        const topY = by.position[1] + by.size[1] / 2;
        const botY = by.position[1] - by.size[1] / 2;
        if (rel === 'above') return botX >= topY - 0.01 && dv <= -0.05;
        if (rel === 'below') return botY >= topX - 0.01 && dv >= 0.05;
        const [d1, d2] = [px1.depth, py1.depth];
        const apart = Math.abs(d1 - d2) >= 0.3 && Math.abs(d1 - d2) >= 0.1 * Math.max(d1, d2);
        if (rel === 'in front') return apart && d1 < d2 && cy[2] - cx[2] >= 0.3;
        return apart && d1 > d2 && cx[2] - cy[2] >= 0.3;
      };
      const opposite: Record<string, string> = {
        left: 'right',
        right: 'left',
        above: 'below',
        below: 'above',
        'in front': 'behind',
        behind: 'in front',
      };
      if (q.choices!.includes('yes')) {
        const phrases: [string, string][] = [
          ['to the left of', 'left'],
          ['to the right of', 'right'],
          ['in front of', 'in front'],
          [' above ', 'above'],
          [' below ', 'below'],
          [' behind ', 'behind'],
        ];
        const asked = phrases.find(([p]) => q.question.includes(p))![1];
        const ok = rightText(q) === 'yes' ? holds(asked) : holds(opposite[asked]);
        return ok ? null : `yes/no on "${asked}"`;
      }
      return holds(rightText(q)) ? null : `relation ${rightText(q)} does not hold`;
    }

    case 'perspective': {
      const [a, b, c] = q.targets.map((id) => posed(scene, frame, id));
      const facing = Math.atan2(b.position[0] - a.position[0], b.position[2] - a.position[2]);
      const angleTo = (x: number, z: number) => Math.atan2(x - a.position[0], z - a.position[2]) - facing;
      const side = quarter(angleTo(c.position[0], c.position[2]));
      if (!side) return 'C within 15° of a quarter edge';
      if (corners(c).some(([x, z]) => quarter(angleTo(x, z), 0) !== side))
        return "C's footprint straddles an edge";
      const text: Record<string, string> = {
        front: 'in front',
        left: 'left',
        behind: 'behind',
        right: 'right',
      };
      if (q.choices!.includes('yes')) {
        const phrases: Record<string, string> = {
          'to your left': 'left',
          'to your right': 'right',
          'in front of you': 'front',
          'behind you': 'behind',
        };
        const asked = Object.entries(phrases).find(([p]) => q.question.endsWith(`${p}?`))![1];
        return (rightText(q) === 'yes') === (asked === side) ? null : `asked ${asked}, side ${side}`;
      }
      return rightText(q) === text[side] ? null : `answer ${rightText(q)}, side ${side}`;
    }

    case 'occlusion': {
      const ann = (id: number) => frame.objects.find((o) => o.id === id)!;
      const hidden = (id: number) => 1 - px(id) / ann(id).amodal_px;
      for (const id of [
        ...q.targets,
        ...(q.choices ?? []).map((c) => idByName(c)).filter((x) => x !== undefined),
      ])
        if (ann(id).visible_px !== px(id)) return `visible_px of ${id} differs from seg.png`;
      const inside = (id: number) => {
        const bb = pix.get(id)!.bbox;
        return bb[0] > 0 && bb[1] > 0 && bb[2] < frame.width && bb[3] < frame.height;
      };
      if (q.choices!.includes('yes')) {
        const [x] = q.targets;
        if (!inside(x)) return 'touches the border';
        const byObjects =
          Object.entries(ann(x).occluded_by)
            .filter(([k]) => k !== '0')
            .reduce((s, [, n]) => s + n, 0) / ann(x).amodal_px;
        if (rightText(q) === 'yes') return byObjects >= 0.15 ? null : `only ${byObjects} hidden by objects`;
        return hidden(x) <= 0.02 ? null : `${hidden(x)} hidden`;
      }
      if (q.targets.length === 1) {
        const [x] = q.targets;
        const covers = Object.entries(ann(x).occluded_by).sort((m, n) => n[1] - m[1]);
        const occluder = idByName(rightText(q))!;
        if (covers[0][0] !== String(occluder) || q.answer_object !== occluder) return 'not the main occluder';
        if (covers[0][1] < 0.1 * ann(x).amodal_px || covers[0][1] < 3 * (covers[1]?.[1] ?? 0))
          return 'not dominant';
        const others = q.choices!.filter((c) => c !== rightText(q)).map((c) => idByName(c)!);
        return others.every((id) => !(String(id) in ann(x).occluded_by)) ? null : 'a distractor covers X';
      }
      const ids = q.choices!.map((c) => idByName(c)!);
      if (!ids.every(inside)) return 'an option touches the border';
      const shares = ids.map(hidden);
      const best = shares.indexOf(Math.max(...shares));
      if (ids[best] !== idByName(rightText(q))) return 'not the most hidden';
      return shares.every((s, i) => i === best || s <= shares[best] - 0.2) && shares[best] >= 0.25
        ? null
        : 'margin';
    }

    case 'distance': {
      const [a, b] = q.targets.map((id) => posed(scene, frame, id));
      const truth =
        q.measure === 'centre'
          ? Math.hypot(...(vsub(a.position, b.position) as [number, number, number]))
          : boxDistance(a, b);
      return quantity(q, truth);
    }

    case 'camera_distance': {
      const cam = camOf(frame.T_cam_world);
      const p = posed(scene, frame, q.targets[0]).position;
      return quantity(q, Math.hypot(...(vsub(p, cam.center) as [number, number, number])));
    }

    case 'size':
      return quantity(q, Math.max(...scene.objects.find((o) => o.id === q.targets[0])!.size) * 100);

    case 'room_size':
      return quantity(q, scene.room.size[0] * scene.room.size[2]);

    case 'ego_motion': {
      const [c0, c1] = [
        camOf(scene.frames[frames[0]].T_cam_world),
        camOf(scene.frames[frames[frames.length - 1]].T_cam_world),
      ];
      const [fwd, left] = planOf(c0.heading, vsub(c1.center, c0.center));
      const dist = Math.hypot(fwd, left);
      const turn = wrap(c1.heading - c0.heading);
      if (q.choices && !/\d/.test(q.choices.join())) {
        const moves: Record<string, string> = {
          front: 'moved forward',
          behind: 'moved backward',
          left: 'moved to the left',
          right: 'moved to the right',
        };
        let motion: string | null = null;
        if (dist >= 0.3 && Math.abs(turn) < 3 * DEG)
          motion = moves[quarter(Math.atan2(left, fwd)) ?? ''] ?? null;
        else if (dist < 0.05 && Math.abs(turn) >= 15 * DEG)
          motion = turn > 0 ? 'turned left' : 'turned right';
        return motion === rightText(q) ? null : `motion ${motion}, answer ${rightText(q)}`;
      }
      const unitIsDeg = q.unit === 'deg' || (q.choices?.[0] ?? '').includes('°');
      return quantity(q, unitIsDeg ? Math.abs(turn) / DEG : dist);
    }

    case 'object_motion': {
      const [f0, f1] = [scene.frames[frames[0]], scene.frames[frames[frames.length - 1]]];
      const moved = (id: number) =>
        Math.hypot(
          ...(vsub(posed(scene, f1, id).position, posed(scene, f0, id).position) as [number, number, number]),
        );
      if (q.answer_object !== null) {
        const m = idByName(rightText(q))!;
        if (m !== q.answer_object || moved(m) < 0.1) return 'answer did not move';
        return q.choices!.every((c) => c === rightText(q) || moved(idByName(c)!) < 0.02)
          ? null
          : 'a distractor moved';
      }
      const [m] = q.targets;
      const shift = vsub(posed(scene, f1, m).position, posed(scene, f0, m).position);
      const cam = camOf(f0.T_cam_world);
      const [fwd, left] = planOf(cam.heading, shift);
      const side = quarter(Math.atan2(left, fwd));
      const dir =
        side &&
        {
          front: 'away from the camera',
          behind: 'towards the camera',
          left: 'to the left',
          right: 'to the right',
        }[side];
      if (dir !== rightText(q)) return `direction ${dir}, answer ${rightText(q)}`;
      const [p0, p1] = [pix.get(m)!, (await data.pixels(q.scene, frames[frames.length - 1])).get(m)!];
      const du = (p1.u - p0.u) / f0.width;
      const dz = p1.depth - p0.depth;
      const seen = { left: du <= -0.02, right: du >= 0.02, front: dz >= 0.1, behind: dz <= -0.1 }[side!];
      return seen ? null : 'pixels disagree';
    }

    case 'action_consequence': {
      const [x] = q.targets;
      const p = posed(scene, frame, x).position;
      const cam = camOf(frame.T_cam_world);
      const turn = /turn (\d+)° to the (left|right)/.exec(q.question);
      const move = /move (\d+(?:\.\d+)?) m (forward|backward|to the left|to the right)/.exec(q.question);
      let heading = cam.heading;
      let center = cam.center;
      if (turn) heading += Number(turn[1]) * DEG * (turn[2] === 'left' ? 1 : -1);
      if (move) {
        const along = { forward: 0, 'to the left': 90, backward: 180, 'to the right': -90 }[move[2]]! * DEG;
        const h = cam.heading + along;
        center = [
          center[0] + Number(move[1]) * Math.sin(h),
          center[1],
          center[2] + Number(move[1]) * Math.cos(h),
        ];
      }
      const last = scene.frames[scene.frames.length - 1];
      const real = scene.motion.camera !== null;
      if (real) {
        // The stated action is what the camera did before the last frame.
        const end = camOf(last.T_cam_world);
        if (Math.abs(wrap(end.heading - heading)) > 0.6 * DEG) return 'stated turn differs from the path';
        if (Math.hypot(end.center[0] - center[0], end.center[2] - center[2]) > 0.06)
          return 'stated move differs';
      }
      const after: Cam = { center, heading, pitch: cam.pitch };
      if (q.choices!.includes('left')) {
        const side = leftRight(bearingOf(after, p));
        return side === rightText(q) ? null : `side ${side}, answer ${rightText(q)}`;
      }
      // Camera axes after the action: z forward (pitched), x right (horizontal), y = z × x (down).
      const z: Vec3 = [
        Math.cos(cam.pitch) * Math.sin(heading),
        Math.sin(cam.pitch),
        Math.cos(cam.pitch) * Math.cos(heading),
      ];
      const xr: Vec3 = [-Math.cos(heading), 0, Math.sin(heading)];
      const y: Vec3 = [z[1] * xr[2] - z[2] * xr[1], z[2] * xr[0] - z[0] * xr[2], z[0] * xr[1] - z[1] * xr[0]];
      const d = vsub(p, center);
      const [cx, cy, cz] = [vdot(d, xr), vdot(d, y), vdot(d, z)];
      const hh = Math.atan(frame.width / 2 / frame.K[0][0]);
      const vh = Math.atan(frame.height / 2 / frame.K[1][1]);
      const ah = Math.abs(Math.atan2(cx, cz));
      const av = Math.abs(Math.atan2(cy, cz));
      const inView = cz > 0 && ah <= hh - 10 * DEG && av <= vh - 5 * DEG;
      const outOfView = cz <= 0 || ah >= hh + 15 * DEG;
      if (rightText(q) === 'yes' ? !inView : !outOfView) return `in view: ${inView}, out: ${outOfView}`;
      if (real) {
        const seen = (await data.pixels(q.scene, last.index)).get(x)?.px ?? 0;
        const clear = visibleEnough(data.config, seen, amodal(last, x));
        if (rightText(q) === 'yes' ? !clear : seen > 0) return 'the last frame disagrees';
      }
      return null;
    }

    case 'goal_aim': {
      const last = scene.frames[frames[frames.length - 1]];
      const [x] = q.targets;
      if (!visibleEnough(data.config, px(x), amodal(frame, x)))
        return 'not clearly visible in the first image';
      const angle = bearingOf(camOf(last.T_cam_world), posed(scene, last, x).position);
      const side = leftRight(angle);
      if (!side) return 'within 15° of straight ahead or behind';
      if (q.choices?.includes('left')) return side === rightText(q) ? null : `side ${side}`;
      if (q.choices && /to the/.test(rightText(q))) {
        const [deg, dir] = [
          Number.parseFloat(rightText(q)),
          rightText(q).endsWith('left') ? 'left' : 'right',
        ];
        return dir === side && Math.abs(deg - Math.abs(angle) / DEG) <= 0.5 + 1e-6
          ? null
          : `turn ${rightText(q)}`;
      }
      return quantity(q, Math.abs(angle) / DEG);
    }

    case 'appearance_order': {
      const firstSeen = async (id: number): Promise<number | null> => {
        for (const f of scene.frames) {
          const n = (await data.pixels(q.scene, f.index)).get(id)?.px ?? 0;
          if (visibleEnough(data.config, n, amodal(f, id))) return f.index;
          if (n > 0) return null;
        }
        return null;
      };
      if (q.choices!.length === 2) {
        const [a, b] = q.choices!.map((c) => idByName(c)!);
        const [fa, fb] = [await firstSeen(a), await firstSeen(b)];
        if (fa === null || fb === null || fa === fb) return 'appearance frames';
        return idByName(rightText(q)) === (fa < fb ? a : b) ? null : 'order';
      }
      const order = rightText(q)
        .split(', then ')
        .map((n) => idByName(n)!);
      const seen = await Promise.all(order.map(firstSeen));
      return seen.every((f, i) => f !== null && (i === 0 || f > seen[i - 1]!))
        ? null
        : `frames ${seen.join()}`;
    }
  }
  return `no second way for task ${q.task} (${name(q.targets[0] ?? 1)})`;
}

/** The item with a wrong answer: the next option, or the number off by a third (a count by one). */
export function mutated(q: QaItem): QaItem {
  if (typeof q.answer === 'number')
    return { ...q, answer: q.unit === 'count' ? q.answer + 1 : Math.round(q.answer * 1.34 * 100) / 100 + 1 };
  const next = ((q.answer as string).charCodeAt(0) - 65 + 1) % q.choices!.length;
  return { ...q, answer: String.fromCharCode(65 + next) };
}

/** Checks every item and its mutated twin: the answers agree, and a wrong answer would be caught. */
export async function checkAll(data: DatasetReader, items: readonly QaItem[]): Promise<string[]> {
  const failures: string[] = [];
  for (const q of items) {
    const why = await check(data, q);
    if (why) failures.push(`${q.id}: ${why}`);
    if ((await check(data, mutated(q))) === null) failures.push(`${q.id}: a wrong answer passes the check`);
  }
  return failures;
}
