import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readGreyPng } from '../../render/png';
import { loadCatalog } from '../../sim/catalog';
import type { Config } from '../../sim/config';
import type { Annotation, Frame, Scene, Vec3 } from '../../sim/schema';
import type { QaItem } from '../../tasks/schema';
import {
  bearingFrom,
  boxGap,
  boxShareInImage,
  type Cam,
  camOf,
  corners,
  corners3,
  DEG,
  dist3,
  footprintDistance,
  headingOfDir,
  inCamera,
  insidePoly,
  largestSquare,
  leftRight,
  type Posed,
  planDist,
  planOf,
  type Quarter,
  quarter,
  toCam,
  vsub,
  wrap,
} from './rederive-geometry';

/**
 * The answers of qa.jsonl worked out a second way, from the dataset on disk only: the PNGs (seg
 * and depth, read back) and scene.json (geometry, cameras, and the amodal counts that no PNG holds:
 * in_frame_px, in_frame_fraction, occluded_by). No task module, nor tasks/scene-view.ts, is used:
 * the rules of tasks/*.ts are written again here, with their own geometry (rederive-geometry.ts).
 * `check` returns null when the item's answer agrees, else the reason it does not.
 *
 * Tasks without a second way here are listed in NOT_REDERIVED with the reason.
 */

/** Tasks whose answers cannot be re-derived from scene.json and the PNGs, and why. */
export const NOT_REDERIVED: Record<string, string> = {};

export interface Pixels {
  /** Visible pixels in seg.png. */
  px: number;
  /** Centroid of the pixel centres. */
  u: number;
  v: number;
  /** Median of depth.png over the pixels, m. */
  depth: number;
  /** [min i, min j, max i + 1, max j + 1]. */
  bbox: [number, number, number, number];
}

export interface Layers {
  width: number;
  height: number;
  seg: Uint16Array;
  depth: Uint16Array;
}

const frameDirOf = (k: number) => String(k).padStart(2, '0');
export const imagePath = (scene: string, k: number) => `scenes/${scene}/frames/${frameDirOf(k)}/rgb.png`;
const frameOf = (path: string) => Number(/\/frames\/(\d+)\/rgb\.png$/.exec(path)![1]);

export class DatasetReader {
  private readonly scenes = new Map<string, Scene>();
  private readonly layerCache = new Map<string, Layers>();
  private readonly pixelCache = new Map<string, Map<number, Pixels>>();
  private readonly sceneData = new Map<string, SceneData>();

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

  /** seg.png and depth.png of a frame (by its index), top row first. */
  async layers(sceneId: string, frame: number): Promise<Layers> {
    const key = `${sceneId}/${frame}`;
    const cached = this.layerCache.get(key);
    if (cached) return cached;
    const base = join(this.dir, 'scenes', sceneId, 'frames', frameDirOf(frame));
    const seg = await readGreyPng(join(base, 'seg.png'));
    const depth = await readGreyPng(join(base, 'depth.png'));
    if (seg.width !== depth.width || seg.height !== depth.height)
      throw new Error(`${base}: layer sizes differ`);
    const out = { width: seg.width, height: seg.height, seg: seg.data, depth: depth.data };
    this.layerCache.set(key, out);
    return out;
  }

  /** Per object id: visible pixels, centroid, depth median (m) and bbox, from seg.png and depth.png. */
  async pixels(sceneId: string, frame: number): Promise<Map<number, Pixels>> {
    const key = `${sceneId}/${frame}`;
    const cached = this.pixelCache.get(key);
    if (cached) return cached;
    const { width, height, seg, depth } = await this.layers(sceneId, frame);
    const acc = new Map<number, { n: number; su: number; sv: number; d: number[]; box: number[] }>();
    for (let j = 0; j < height; j++)
      for (let i = 0; i < width; i++) {
        const p = j * width + i;
        const id = seg[p];
        if (id === 0) continue;
        let a = acc.get(id);
        if (!a) acc.set(id, (a = { n: 0, su: 0, sv: 0, d: [], box: [i, j, i, j] }));
        a.n++;
        a.su += i + 0.5;
        a.sv += j + 0.5;
        a.d.push(depth[p]);
        a.box = [Math.min(a.box[0], i), Math.min(a.box[1], j), Math.max(a.box[2], i), Math.max(a.box[3], j)];
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
    this.pixelCache.set(key, out);
    return out;
  }

  /** A description file of the text twins (relative to the dataset folder), or null when missing. */
  async text(path: string): Promise<string | null> {
    try {
      return await readFile(join(this.dir, path), 'utf8');
    } catch {
      return null;
    }
  }

  /** A scene with the pixels of all its frames, for the synchronous rules below. */
  async data(id: string): Promise<SceneData> {
    let sd = this.sceneData.get(id);
    if (!sd) {
      const scene = await this.scene(id);
      const frames = new Map<number, FrameData>();
      for (const frame of scene.frames)
        frames.set(frame.index, {
          frame,
          layers: await this.layers(id, frame.index),
          objs: await this.pixels(id, frame.index),
          ann: new Map(frame.objects.map((a) => [a.id, a])),
        });
      sd = new SceneData(scene, frames, this.config);
      this.sceneData.set(id, sd);
    }
    return sd;
  }
}

interface FrameData {
  frame: Frame;
  layers: Layers;
  objs: Map<number, Pixels>;
  ann: Map<number, Annotation>;
}

/** One scene's facts as the rules read them: visibility from the PNGs, poses and cameras from scene.json. */
export class SceneData {
  private readonly shares = new Map<string, number>();
  private readonly byName: Map<string, number>;

  constructor(
    readonly scene: Scene,
    readonly frames: Map<number, FrameData>,
    readonly config: Config,
  ) {
    this.byName = new Map(scene.objects.map((o) => [o.name, o.id]));
  }

  get kind() {
    return this.scene.kind;
  }
  get indices(): number[] {
    return this.scene.frames.map((f) => f.index);
  }
  get first(): number {
    return this.scene.frames[0].index;
  }
  get last(): number {
    return this.scene.frames[this.scene.frames.length - 1].index;
  }
  frame(k: number): Frame {
    const f = this.frames.get(k);
    if (!f) throw new Error(`scene ${this.scene.id} has no frame ${k}`);
    return f.frame;
  }
  obj(id: number) {
    const o = this.scene.objects.find((x) => x.id === id);
    if (!o) throw new Error(`scene ${this.scene.id} has no object ${id}`);
    return o;
  }
  name(id: number): string {
    return this.obj(id).name;
  }
  idByName(name: string): number | undefined {
    return this.byName.get(name);
  }
  stat(k: number, id: number): Pixels | undefined {
    return this.frames.get(k)!.objs.get(id);
  }
  px(k: number, id: number): number {
    return this.stat(k, id)?.px ?? 0;
  }
  ann(k: number, id: number): Annotation {
    return this.frames.get(k)!.ann.get(id)!;
  }
  pose(k: number, id: number): Posed {
    const o = this.obj(id);
    const p = this.frame(k).poses[String(id)];
    return { size: o.size, position: p?.position ?? o.position, yaw: p?.yaw ?? o.yaw };
  }
  at(k: number, id: number): Vec3 {
    return this.pose(k, id).position;
  }
  cam(k: number): Cam {
    return camOf(this.frame(k).T_cam_world);
  }
  /** The share of the object inside the image: the smaller of its pixels' (annotation) and its box's. */
  inFrame(k: number, id: number): number {
    const key = `${k}/${id}`;
    let share = this.shares.get(key);
    if (share === undefined) {
      const f = this.frame(k);
      share = boxShareInImage(f.K, f.T_cam_world, f.width, f.height, this.pose(k, id));
      this.shares.set(key, share);
    }
    return Math.min(share, this.ann(k, id).in_frame_fraction);
  }
  /** Askable in frame k: referable, enough visible pixels, not mostly hidden, mostly inside the image. */
  clear(k: number, id: number): boolean {
    const t = this.config.tasks;
    const px = this.px(k, id);
    return (
      this.obj(id).referable &&
      px >= t.min_visible_px &&
      px >= t.min_visible_fraction * this.ann(k, id).in_frame_px &&
      this.inFrame(k, id) >= t.min_in_frame_fraction
    );
  }
  clearIds(k: number): number[] {
    return this.scene.objects.filter((o) => this.clear(k, o.id)).map((o) => o.id);
  }
  /** Objects clear in some of these frames. */
  seenIn(ks: readonly number[]): number[] {
    return this.scene.objects.filter((o) => ks.some((k) => this.clear(k, o.id))).map((o) => o.id);
  }
  /** The first frame where the object is clear, or null. */
  firstClear(id: number): number | null {
    return this.indices.find((k) => this.clear(k, id)) ?? null;
  }
  /** A frame single-image questions may be asked about: any view of a still scene, the first of a dynamic one. */
  still(k: number): boolean {
    return this.kind === 'static' || (this.kind === 'dynamic' && k === this.first);
  }
  isAll(ks: readonly number[]): boolean {
    return ks.length === this.indices.length && ks.every((k, i) => k === this.indices[i]);
  }
  /** Share of the floor (10 cm cells, their centres) that projects into some of these frames. */
  coverage(ks: readonly number[]): number {
    const [w, , d] = this.scene.room.size;
    const nx = Math.max(1, Math.round(w / 0.1));
    const nz = Math.max(1, Math.round(d / 0.1));
    let seen = 0;
    for (let i = 0; i < nx; i++)
      for (let k = 0; k < nz; k++) {
        const p: Vec3 = [-w / 2 + ((i + 0.5) * w) / nx, 0, -d / 2 + ((k + 0.5) * d) / nz];
        if (
          ks.some((fk) => {
            const f = this.frame(fk);
            const [x, y, z] = toCam(f.T_cam_world, p);
            if (z <= 0.05) return false;
            const u = (f.K[0][0] * x + f.K[0][1] * y) / z + f.K[0][2];
            const v = (f.K[1][1] * y) / z + f.K[1][2];
            return u >= 0 && u < f.width && v >= 0 && v < f.height;
          })
        )
          seen++;
      }
    return seen / (nx * nz);
  }
}

// ---- answers ----

const rightText = (q: QaItem) => q.choices![(q.answer as string).charCodeAt(0) - 65];
const isYesNo = (q: QaItem) => q.choices !== null && q.choices.length === 2 && q.choices.includes('yes');
const sameSet = (a: readonly (number | string)[], b: readonly (number | string)[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/** The value an option shows ("2.4 m", "35°", "12.5 m²", "64 cm"). */
const optionValue = (text: string) => Number.parseFloat(text);
const UNIT_OF_OPTION = (text: string) =>
  text.endsWith(' m²')
    ? 'm2'
    : text.endsWith(' m')
      ? 'm'
      : text.endsWith(' cm')
        ? 'cm'
        : text.endsWith('°')
          ? 'deg'
          : null;

/**
 * A quantity answer agrees: the number rounded per unit (m 0.01, m² 0.1, cm, ° and counts 1), or,
 * as options, the one nearest the truth showing it rounded for display (m to 0.1, 0.01 under 1 m;
 * m² to 0.1; cm and ° to 1), the options ascending and far apart.
 */
function quantity(q: QaItem, truth: number, unit: string): string | null {
  if (typeof q.answer === 'number') {
    if (q.unit !== unit || q.answer_type !== 'number') return `unit ${q.unit}, expected ${unit}`;
    const step = { m: 0.01, m2: 0.1, cm: 1, deg: 1, count: 1 }[unit]!;
    if (q.answer <= 0) return `answer ${q.answer} is not positive`;
    return Math.abs(q.answer - truth) <= step / 2 + 1e-6 ? null : `answer ${q.answer}, truth ${truth}`;
  }
  if (!q.choices || q.unit !== null) return 'neither a number nor options';
  if (q.choices.some((c) => UNIT_OF_OPTION(c) !== unit))
    return `options ${q.choices.join(' | ')} are not in ${unit}`;
  const values = q.choices.map(optionValue);
  if (values.some((v, i) => i > 0 && v <= values[i - 1]))
    return `options not ascending: ${q.choices.join(' | ')}`;
  const errors = values.map((v) => Math.abs(Math.log(v / truth)));
  const best = errors.indexOf(Math.min(...errors));
  if (q.choices[best] !== rightText(q)) return `option ${rightText(q)}, truth ${truth}`;
  const v = values[best];
  const half = unit === 'm2' ? 0.05 : unit === 'm' ? (v < 1 ? 0.005 : 0.05) : 0.5;
  return Math.abs(v - truth) <= half + 1e-6 ? null : `option ${rightText(q)} vs truth ${truth}`;
}

/** The question with the names of these objects replaced by {0}, {1}, … (longest names first). */
function template(sd: SceneData, q: QaItem, ids: readonly number[]): string {
  let text = q.question;
  const order = ids.map((id, k) => ({ k, name: sd.name(id) })).sort((a, b) => b.name.length - a.name.length);
  for (const { k, name } of order) text = text.split(name).join(`{${k}}`);
  return text;
}

const OPPOSITE: Record<string, string> = {
  left: 'right',
  right: 'left',
  above: 'below',
  below: 'above',
  'in front': 'behind',
  behind: 'in front',
};

/** Depth medians told apart: ≥ 10% and ≥ 0.3 m. */
const apart = (a: number, b: number) => Math.abs(a - b) >= 0.3 && Math.abs(a - b) >= 0.1 * Math.max(a, b);

type Check = string | null;

/**
 * Re-derives one item's answer. `items` (all items of the dataset or of the task, by id) lets a text
 * twin be compared with the image item it repeats.
 */
export async function check(
  data: DatasetReader,
  q: QaItem,
  items?: ReadonlyMap<string, QaItem>,
): Promise<Check> {
  const sd = await data.data(q.scene);
  if (!q.id.startsWith(`${q.scene}-${q.task}-`)) return `id ${q.id}`;
  if (q.context !== undefined) return textTwin(data, sd, q, items);
  if (q.images.some((p) => !p.startsWith(`scenes/${q.scene}/frames/`))) return 'an image of another scene';
  const ks = q.images.map(frameOf);
  if (ks.length === 0) return 'no images';
  if (ks.some((k) => !sd.frames.has(k))) return `no frame ${ks.join()}`;
  const wantVideo = sd.kind === 'walkthrough' && sd.isAll(ks);
  if ((q.video !== undefined) !== wantVideo || (wantVideo && q.video !== `scenes/${q.scene}/video.mp4`))
    return `video ${q.video} on ${sd.kind} images ${ks.join()}`;
  return rederive(sd, q, ks);
}

/** A text twin: the same question and answer as its image item, about the description of its frames. */
async function textTwin(
  data: DatasetReader,
  sd: SceneData,
  q: QaItem,
  items?: ReadonlyMap<string, QaItem>,
): Promise<Check> {
  const m = /^scenes\/(\d+)\/text\/([a-z]+)((?:-\d+)*)\.txt$/.exec(q.context!);
  if (!m || m[1] !== q.scene) return `context ${q.context}`;
  if (q.images.length) return 'a text twin shows images';
  if (!q.id.endsWith('-text')) return 'a text twin id without -text';
  const ks = m[3] ? m[3].slice(1).split('-').map(Number) : sd.indices;
  const text = await data.text(q.context!);
  if (!text) return `context ${q.context} missing`;
  for (const id of q.targets)
    if (!text.toLowerCase().includes(sd.name(id).toLowerCase())) return `the description does not name ${id}`;
  const twin = items?.get(q.id.slice(0, -'-text'.length));
  if (twin) {
    const fields = [
      'task',
      'kind',
      'question',
      'choices',
      'answer',
      'answer_type',
      'unit',
      'targets',
    ] as const;
    for (const f of fields)
      if (JSON.stringify(twin[f]) !== JSON.stringify(q[f])) return `${f} differs from the image item`;
    for (const f of ['answer_object', 'pair', 'split', 'measure', 'grid', 'frame', 'legend'] as const)
      if (JSON.stringify(twin[f]) !== JSON.stringify(q[f])) return `${f} differs from the image item`;
    if (JSON.stringify(twin.images) !== JSON.stringify(ks.map((k) => imagePath(q.scene, k))))
      return `the context's frames ${ks.join()} are not the image item's`;
  }
  if (ks.some((k) => !sd.frames.has(k))) return `no frame ${ks.join()}`;
  return rederive(sd, q, ks);
}

/**
 * Objects a question over these frames may name: those clear in its one image (a still frame), or
 * clear in some frame of a walkthrough's whole video (and of a multi-view set, for maps).
 */
function scopeIds(sd: SceneData, ks: readonly number[], task: string): number[] | string {
  if (ks.length === 1 && sd.still(ks[0])) return sd.clearIds(ks[0]);
  if (sd.isAll(ks) && sd.kind === 'walkthrough') return sd.seenIn(ks);
  if (sd.isAll(ks) && sd.kind === 'multiview' && task === 'metric_map' && sd.coverage(ks) >= 0.7)
    return sd.seenIn(ks);
  return `frames ${ks.join()} are no scope of a ${sd.kind} scene for ${task}`;
}

function oneStill(sd: SceneData, ks: readonly number[]): string | null {
  return ks.length === 1 && sd.still(ks[0]) ? null : `frames ${ks.join()} are not one still frame`;
}

const EXPECTED_TYPE: Record<string, string> = {
  count: 'number',
  cognitive_map: 'layout',
  metric_map: 'layout',
  ascii_map: 'ascii',
  box_grounding: 'box',
  point_grounding: 'point',
  view_choice: 'image_choice',
  action_sequence: 'sequence',
};

function rederive(sd: SceneData, q: QaItem, ks: number[]): Check {
  const type = EXPECTED_TYPE[q.task];
  if (type && q.answer_type !== type) return `answer_type ${q.answer_type}`;
  if (!type && q.answer_type !== 'choice' && q.answer_type !== 'number')
    return `answer_type ${q.answer_type}`;
  if (q.choices && typeof q.answer === 'string' && q.answer_object !== null) {
    // Where the answer is an object, the right option names it.
    if (
      q.answer_type === 'choice' &&
      sd.idByName(rightText(q)) !== q.answer_object &&
      q.task !== 'box_grounding'
    )
      return `answer_object ${q.answer_object} is not the right option`;
  }
  const rule = RULES[q.task];
  if (!rule) return `no second way for task ${q.task}`;
  return rule(sd, q, ks);
}

type Rule = (sd: SceneData, q: QaItem, ks: number[]) => Check;

// ---- static, single-image tasks ----

function count(sd: SceneData, q: QaItem, ks: number[]): Check {
  const form = sd.kind === 'walkthrough' ? 'video' : sd.kind === 'multiview' ? 'views' : 'image';
  if (form === 'image' ? oneStill(sd, ks) : !sd.isAll(ks)) return `frames ${ks.join()} for a ${form} count`;
  const catalog = loadCatalog();
  const named = catalog.categories
    .filter((c) => new RegExp(`\\b${c.plural}\\b`).test(q.question))
    .sort((a, b) => b.plural.length - a.plural.length);
  if (!named.length) return 'no category named';
  const category = named[0].name;
  const confusable = new Set(catalog.confusable.filter((g) => g.includes(category)).flat());
  confusable.delete(category);
  const t = sd.config.tasks;
  const counted: number[] = [];
  for (const o of sd.scene.objects) {
    const seen = ks.filter((k) => sd.px(k, o.id) > 0);
    if (!seen.length) continue;
    if (confusable.has(o.category))
      return `${o.name} (${o.category}, confusable with ${category}) is in view`;
    if (o.category !== category) continue;
    const comfortably = (k: number) =>
      sd.px(k, o.id) >= 1.25 * t.count_min_px &&
      sd.px(k, o.id) >= (t.count_min_fraction + 0.1) * sd.ann(k, o.id).in_frame_px &&
      sd.inFrame(k, o.id) >= t.min_in_frame_fraction;
    if (ks.length === 1 ? !comfortably(ks[0]) : !seen.some(comfortably))
      return `${o.name} is visible but borderline`;
    counted.push(o.id);
  }
  if (JSON.stringify(counted) !== JSON.stringify(q.targets))
    return `counted ${counted}, targets ${q.targets}`;
  if (counted.length === 0) return 'a count of 0';
  if (form === 'views' && !counted.some((id) => ks.filter((k) => sd.clear(k, id)).length > 1))
    return 'no counted object is in two views';
  return q.unit === 'count' && q.answer === counted.length
    ? null
    : `counted ${counted.length}, answer ${q.answer}`;
}

function fairPair(sd: SceneData, a: number, b: number): boolean {
  const [oa, ob] = [sd.obj(a), sd.obj(b)];
  if (oa.category === ob.category) return true;
  const stands = (s: typeof oa.support) => (typeof s === 'number' ? 'object' : s);
  if (stands(oa.support) !== stands(ob.support)) return false;
  return loadCatalog().confusable.some((g) => g.includes(oa.category) && g.includes(ob.category));
}

/** depth_order in one frame: the closer object and the role, or why it is not clear-cut. */
function judgeDepth(sd: SceneData, k: number, a: number, b: number) {
  const [pa, pb] = [sd.stat(k, a), sd.stat(k, b)];
  if (!pa || !pb) return 'not visible';
  if (!apart(pa.depth, pb.depth)) return `depth medians ${pa.depth}, ${pb.depth} too close`;
  const [near, far, closer] = pa.depth < pb.depth ? [pa, pb, a] : [pb, pa, b];
  const offset = (near.v - far.v) / sd.frame(k).height;
  if (Math.abs(offset) < 0.02) return `offset ${offset} under 2%`;
  if (far.px < near.px / 1.44) return 'the farther looks much smaller';
  return { closer, role: offset > 0 ? 'consistent' : 'counter' };
}

function depthOrder(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'static' || ks.length !== 1) return 'not one frame of a still scene';
  const f = ks[0];
  const g = sd.frame(f).twin;
  if (g === null) return 'no twin frame';
  if (
    q.targets.length !== 2 ||
    !sameSet(
      q.choices!,
      q.targets.map((id) => sd.name(id)),
    )
  )
    return 'options';
  const [a, b] = q.targets;
  for (const k of [f, g]) for (const id of [a, b]) if (!sd.clear(k, id)) return `${id} not clear in ${k}`;
  if (!fairPair(sd, a, b)) return 'not a fair pair';
  const [jf, jg] = [judgeDepth(sd, f, a, b), judgeDepth(sd, g, a, b)];
  if (typeof jf === 'string') return jf;
  if (typeof jg === 'string') return `twin: ${jg}`;
  if (jf.closer !== jg.closer) return 'the twins disagree on the closer one';
  if (jf.role === jg.role) return 'the twins do not flip';
  if (sd.idByName(rightText(q)) !== jf.closer || q.answer_object !== jf.closer) return 'closer object';
  if (!q.pair?.id.startsWith(`${q.scene}-depth_order-${Math.min(f, g)}-`)) return `pair id ${q.pair?.id}`;
  return q.pair.role === jf.role ? null : `role ${q.pair.role}, pixels say ${jf.role}`;
}

function relativeDirection(sd: SceneData, q: QaItem, ks: number[]): Check {
  const bad = oneStill(sd, ks);
  if (bad) return bad;
  const k = ks[0];
  const f = sd.frame(k);
  if (q.targets.length !== 2 || q.targets.some((id) => !sd.clear(k, id))) return 'targets not clear';
  const [x, y] = q.targets;
  const [px, py] = [sd.stat(k, x)!, sd.stat(k, y)!];
  const [cx, cy] = [toCam(f.T_cam_world, sd.at(k, x)), toCam(f.T_cam_world, sd.at(k, y))];
  const [bx, by] = [sd.pose(k, x), sd.pose(k, y)];
  const holds = (rel: string): boolean => {
    const du = (px.u - py.u) / f.width;
    const dv = (px.v - py.v) / f.height;
    if (rel === 'left') return du <= -0.1 && cx[0] - cy[0] <= -0.3;
    if (rel === 'right') return du >= 0.1 && cx[0] - cy[0] >= 0.3;
    const [xBottom, xTop] = [bx.position[1] - bx.size[1] / 2, bx.position[1] + bx.size[1] / 2];
    const [yBottom, yTop] = [by.position[1] - by.size[1] / 2, by.position[1] + by.size[1] / 2];
    if (rel === 'above') return xBottom >= yTop - 0.01 && dv <= -0.05;
    if (rel === 'below') return yBottom >= xTop - 0.01 && dv >= 0.05;
    if (!apart(px.depth, py.depth)) return false;
    if (rel === 'in front') return px.depth < py.depth && cy[2] - cx[2] >= 0.3;
    return px.depth > py.depth && cx[2] - cy[2] >= 0.3;
  };
  if (isYesNo(q)) {
    const m = /\{0\} (to the left of|to the right of|above|below|in front of|behind) \{1\}\?$/.exec(
      template(sd, q, [x, y]),
    );
    if (!m) return 'cannot read the relation asked';
    const asked =
      { 'to the left of': 'left', 'to the right of': 'right', 'in front of': 'in front' }[m[1]] ?? m[1];
    const ok = rightText(q) === 'yes' ? holds(asked) : holds(OPPOSITE[asked]);
    return ok ? null : `yes/no on "${asked}"`;
  }
  if (!sameSet(q.choices!, [rightText(q), OPPOSITE[rightText(q)]])) return 'options are not opposites';
  return holds(rightText(q)) ? null : `relation ${rightText(q)} does not hold`;
}

const SIDE_TEXT: Record<Quarter, string> = {
  front: 'in front',
  left: 'left',
  behind: 'behind',
  right: 'right',
};

function perspective(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = scopeIds(sd, ks, q.task);
  if (typeof ids === 'string') return ids;
  if (q.targets.length !== 3 || new Set(q.targets).size !== 3) return 'targets';
  if (q.targets.some((id) => !ids.includes(id))) return 'a target is not clearly seen';
  const [a, b, c] = q.targets;
  const oa = sd.obj(a);
  if (oa.support !== 'floor' || Math.max(oa.size[0], oa.size[2]) > 1) return 'one cannot stand at A';
  const k = ks[0];
  const [pa, pb, pc] = [sd.at(k, a), sd.at(k, b), sd.at(k, c)];
  if (planDist(pa, pb) < 1 || planDist(pa, pc) < 1) return 'B or C within 1 m of A';
  const facing = headingOfDir(vsub(pb, pa));
  const angleTo = (x: number, z: number) => Math.atan2(x - pa[0], z - pa[2]) - facing;
  const side = quarter(angleTo(pc[0], pc[2]));
  if (!side) return 'C within 15° of a quarter edge';
  if (corners(sd.pose(k, c)).some(([x, z]) => quarter(angleTo(x, z), 0) !== side))
    return "C's footprint straddles an edge";
  if (isYesNo(q)) {
    const phrases: Record<string, Quarter> = {
      'to your left': 'left',
      'to your right': 'right',
      'in front of you': 'front',
      'behind you': 'behind',
    };
    const asked = Object.entries(phrases).find(([p]) => q.question.endsWith(`${p}?`))?.[1];
    if (!asked) return 'cannot read the side asked';
    return (rightText(q) === 'yes') === (asked === side) ? null : `asked ${asked}, side ${side}`;
  }
  if (!sameSet(q.choices!, Object.values(SIDE_TEXT))) return 'options';
  return rightText(q) === SIDE_TEXT[side] ? null : `answer ${rightText(q)}, side ${side}`;
}

function occlusion(sd: SceneData, q: QaItem, ks: number[]): Check {
  const bad = oneStill(sd, ks);
  if (bad) return bad;
  const k = ks[0];
  const ann = (id: number) => sd.ann(k, id);
  // Shares are of the part inside the image; the visible pixels come from seg.png.
  const hidden = (id: number) => (ann(id).in_frame_px ? 1 - sd.px(k, id) / ann(id).in_frame_px : 0);
  const extent = (id: number) => Math.max(...sd.obj(id).size);
  const alike = (id: number, to: number) => Math.abs(Math.log(extent(id) / extent(to))) <= Math.log(2);
  const options = (q.choices ?? []).map((c) => sd.idByName(c));
  for (const id of [...q.targets, ...options.filter((x) => x !== undefined)])
    if (!sd.clear(k, id)) return `${id} is not clear`;
  if (isYesNo(q)) {
    const [x] = q.targets;
    const byObjects =
      Object.entries(ann(x).occluded_by)
        .filter(([by]) => by !== '0')
        .reduce((s, [, n]) => s + n, 0) / ann(x).in_frame_px;
    if (rightText(q) === 'yes') return byObjects >= 0.15 ? null : `only ${byObjects} hidden by objects`;
    return hidden(x) <= 0.02 ? null : `${hidden(x)} hidden`;
  }
  if (options.some((id) => id === undefined)) return 'an option is no object';
  if (q.targets.length === 1) {
    const [x] = q.targets;
    const covers = Object.entries(ann(x).occluded_by).sort((m, n) => n[1] - m[1]);
    const occluder = sd.idByName(rightText(q))!;
    if (covers[0]?.[0] !== String(occluder) || q.answer_object !== occluder) return 'not the main occluder';
    if (covers[0][1] < 0.1 * ann(x).in_frame_px || covers[0][1] < 3 * (covers[1]?.[1] ?? 0))
      return 'not dominant';
    const others = options.filter((id) => id !== occluder) as number[];
    if (others.length < 2 || others.length > 3) return `${others.length} wrong options`;
    if (others.some((id) => id === x || String(id) in ann(x).occluded_by)) return 'a wrong option covers X';
    return others.every((id) => alike(id, occluder)) ? null : 'a wrong option is of another size';
  }
  const ids = options as number[];
  if (!sameSet(ids, q.targets)) return 'targets are not the options';
  const best = ids.find((id) => id === sd.idByName(rightText(q)))!;
  if (q.answer_object !== best) return 'answer_object';
  if (hidden(best) < 0.25) return `the answer is only ${hidden(best)} hidden`;
  for (const id of ids)
    if (id !== best && (hidden(id) > hidden(best) - 0.2 || !alike(id, best)))
      return `${id} is close to the answer`;
  return null;
}

function distance(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = scopeIds(sd, ks, q.task);
  if (typeof ids === 'string') return ids;
  if (q.targets.length !== 2 || q.targets.some((id) => !ids.includes(id))) return 'targets not clearly seen';
  const [a, b] = q.targets.map((id) => sd.pose(ks[0], id));
  const truth = q.measure === 'centre' ? dist3(a.position, b.position) : boxGap(a, b);
  if (q.measure !== 'centre' && q.measure !== 'surface') return `measure ${q.measure}`;
  if (truth < (q.measure === 'centre' ? 0.5 : 0.3)) return `${truth} m is too short to ask`;
  return quantity(q, truth, 'm');
}

function cameraDistance(sd: SceneData, q: QaItem, ks: number[]): Check {
  const bad = oneStill(sd, ks);
  if (bad) return bad;
  const [x] = q.targets;
  if (q.targets.length !== 1 || !sd.clear(ks[0], x)) return 'target not clear';
  const truth = dist3(sd.at(ks[0], x), sd.cam(ks[0]).center);
  if (truth < 0.5) return 'too close to ask';
  return quantity(q, truth, 'm');
}

function size(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = scopeIds(sd, ks, q.task);
  if (typeof ids === 'string') return ids;
  if (q.targets.length !== 1 || !ids.includes(q.targets[0])) return 'target not clearly seen';
  if (!q.choices || q.choices.length < 3 || q.choices.length > 4) return 'options';
  const values = q.choices.map(optionValue);
  if (values.some((v, i) => i > 0 && v < 1.12 * values[i - 1] - 1e-9)) return 'options closer than 12%';
  return quantity(q, Math.max(...sd.obj(q.targets[0]).size) * 100, 'cm');
}

function roomSize(sd: SceneData, q: QaItem, ks: number[]): Check {
  const s = sd.scene;
  const frames =
    s.kind === 'static'
      ? s.frames.filter((f) => f.twin === null || f.twin > f.index).map((f) => f.index)
      : s.motion.camera
        ? sd.indices
        : [sd.first];
  if (JSON.stringify(frames) !== JSON.stringify(ks)) return `frames ${ks.join()}, expected ${frames.join()}`;
  const cov = sd.coverage(ks);
  if (cov < 0.7) return `floor coverage ${cov}`;
  if (q.targets.length) return 'targets';
  return quantity(q, s.room.size[0] * s.room.size[2], 'm2');
}

/** The item's 3–4 options are exactly these objects' names. */
function namesOptions(sd: SceneData, q: QaItem, opts: readonly number[]): boolean {
  return (
    opts.length >= 3 &&
    opts.length <= 4 &&
    sameSet(
      q.choices!,
      opts.map((id) => sd.name(id)),
    )
  );
}

/** An item naming one object and 3–4 objects as options, all clearly seen: or why not. */
function anchorAndOptions(
  sd: SceneData,
  q: QaItem,
  ks: number[],
): { ids: number[]; x: number; opts: number[] } | string {
  const ids = scopeIds(sd, ks, q.task);
  if (typeof ids === 'string') return ids;
  const [x, ...opts] = q.targets;
  if (q.targets.some((id) => !ids.includes(id))) return 'a target is not clearly seen';
  if (!namesOptions(sd, q, opts)) return 'options';
  return { ids, x, opts };
}

function relativeDistance(sd: SceneData, q: QaItem, ks: number[]): Check {
  const anchored = anchorAndOptions(sd, q, ks);
  if (typeof anchored === 'string') return anchored;
  const { ids, x, opts } = anchored;
  const k = ks[0];
  const gap = (id: number) => boxGap(sd.pose(k, x), sd.pose(k, id));
  const others = ids.filter((id) => id !== x).sort((a, b) => gap(a) - gap(b));
  if (others.length < 3) return 'fewer than 3 other objects';
  const best = others[0];
  if (q.answer_object !== best) return `closest is ${best} (${gap(best)} m), answer ${q.answer_object}`;
  for (const id of opts)
    if (id !== best && (gap(id) < 1.3 * gap(best) || gap(id) < gap(best) + 0.3))
      return `${id} is nearly as close`;
  return null;
}

function num2space(sd: SceneData, q: QaItem, ks: number[]): Check {
  const anchored = anchorAndOptions(sd, q, ks);
  if (typeof anchored === 'string') return anchored;
  const { x, opts } = anchored;
  const m = /(\d+\.\d) (?:m|metres)\b/.exec(template(sd, q, q.targets));
  if (!m) return 'no distance stated';
  const d = Number(m[1]);
  const k = ks[0];
  const to = (id: number) => dist3(sd.at(k, x), sd.at(k, id));
  const y = q.answer_object!;
  if (to(y) < 0.8 || Math.abs(Math.round(to(y) * 10) / 10 - d) > 1e-9)
    return `${y} is ${to(y)} m away, stated ${d}`;
  for (const z of opts)
    if (z !== y && (Math.abs(to(z) - d) < 0.5 || Math.abs(to(z) - d) < 0.35 * d))
      return `${z} is about ${d} m too`;
  return null;
}

// ---- maps ----

interface Grid {
  north: Vec3;
  east: Vec3;
  halfNorth: number;
  halfEast: number;
}

/** North: the room axis the first camera faces most squarely; east: to its right. */
function gridOf(sd: SceneData, k: number): Grid {
  const h = sd.cam(k).heading;
  const f: Vec3 = [Math.sin(h), 0, Math.cos(h)];
  const axes: Vec3[] = [
    [0, 0, 1],
    [1, 0, 0],
    [0, 0, -1],
    [-1, 0, 0],
  ];
  const north = axes.reduce((best, a) =>
    a[0] * f[0] + a[2] * f[2] > best[0] * f[0] + best[2] * f[2] ? a : best,
  );
  // The right of a heading h is (−cos h, 0, sin h): for north (sin h, 0, cos h), (−north.z, 0, north.x).
  const east: Vec3 = [-north[2], 0, north[0]];
  const [w, , d] = sd.scene.room.size;
  return { north, east, halfNorth: (north[0] ? w : d) / 2, halfEast: (east[0] ? w : d) / 2 };
}

function cellOf(g: Grid, p: Vec3, n: number) {
  const e = p[0] * g.east[0] + p[2] * g.east[2];
  const nn = p[0] * g.north[0] + p[2] * g.north[2];
  const fx = ((e + g.halfEast) / (2 * g.halfEast)) * n;
  const fy = ((g.halfNorth - nn) / (2 * g.halfNorth)) * n;
  const inner = (v: number) => v - Math.floor(v) >= 0.1 && v - Math.floor(v) <= 0.9;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return { row: clamp(fy), col: clamp(fx), clear: inner(fx) && inner(fy) };
}

/** The frames a grid map is asked over: a walkthrough or multi-view set showing ≥ 70% of the floor. */
function mapScope(sd: SceneData, q: QaItem, ks: number[]): number[] | string {
  if (sd.kind !== 'walkthrough' && sd.kind !== 'multiview') return `a map of a ${sd.kind} scene`;
  if (!sd.isAll(ks)) return 'not over every frame';
  if (sd.coverage(ks) < 0.7) return 'the frames show under 70% of the floor';
  if (q.grid !== 10) return `grid ${q.grid}`;
  return sd.seenIn(ks).filter((id) => sd.obj(id).referable);
}

/** A map answer places 3–6 objects, exactly the item's targets (by name): or what is wrong. */
function placedProblem(sd: SceneData, q: QaItem, answer: Record<string, unknown>): string | null {
  const names = Object.keys(answer);
  if (names.length < 3 || names.length > 6) return `${names.length} objects`;
  return sameSet(
    names,
    q.targets.map((id) => sd.name(id)),
  )
    ? null
    : 'targets are not the objects placed';
}

function cognitiveMap(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = mapScope(sd, q, ks);
  if (typeof ids === 'string') return ids;
  if (q.frame !== 'grid') return `frame ${q.frame}`;
  const answer = q.answer as Record<string, [number, number]>;
  const placed = placedProblem(sd, q, answer);
  if (placed) return placed;
  const g = gridOf(sd, ks[0]);
  for (const id of q.targets) {
    if (!ids.includes(id)) return `${id} is not clearly seen`;
    const c = cellOf(g, sd.at(ks[0], id), 10);
    if (!c.clear) return `${id} lies within 10% of a cell edge`;
    const got = answer[sd.name(id)];
    if (got[0] !== c.row || got[1] !== c.col) return `${sd.name(id)} at ${got}, derived [${c.row}, ${c.col}]`;
  }
  return null;
}

function asciiMap(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = mapScope(sd, q, ks);
  if (typeof ids === 'string') return ids;
  const legend = q.legend ?? {};
  const letters = Object.keys(legend);
  if (letters.length < 3 || letters.length > 6) return `${letters.length} objects`;
  if (
    !sameSet(
      Object.values(legend),
      q.targets.map((id) => sd.name(id)),
    )
  )
    return 'legend is not the targets';
  const rows = Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => '.'));
  const g = gridOf(sd, ks[0]);
  for (const [l, name] of Object.entries(legend)) {
    const id = sd.idByName(name);
    if (id === undefined || !ids.includes(id)) return `${name} is not clearly seen`;
    const c = cellOf(g, sd.at(ks[0], id), 10);
    if (!c.clear) return `${name} lies within 10% of a cell edge`;
    if (rows[c.row][c.col] !== '.') return 'two objects in one cell';
    rows[c.row][c.col] = l;
  }
  const want = rows.map((r) => r.join('')).join('\n');
  return q.answer === want ? null : `map differs:\n${q.answer}\nderived:\n${want}`;
}

function metricMap(sd: SceneData, q: QaItem, ks: number[]): Check {
  const ids = scopeIds(sd, ks, q.task);
  if (typeof ids === 'string') return ids;
  if (q.frame !== 'metric') return `frame ${q.frame}`;
  const answer = q.answer as Record<string, [number, number]>;
  const placed = placedProblem(sd, q, answer);
  if (placed) return placed;
  const cam = sd.cam(ks[0]);
  for (const id of q.targets) {
    if (!ids.includes(id)) return `${id} is not clearly seen`;
    const [forward, left] = planOf(cam.heading, vsub(sd.at(ks[0], id), cam.center));
    const [x, z] = answer[sd.name(id)];
    if (Math.abs(x - -left) > 0.005 + 1e-9 || Math.abs(z - forward) > 0.005 + 1e-9)
      return `${sd.name(id)} at [${x}, ${z}], derived [${-left}, ${forward}]`;
  }
  return null;
}

// ---- grounding ----

function boxGrounding(sd: SceneData, q: QaItem, ks: number[]): Check {
  const bad = oneStill(sd, ks);
  if (bad) return bad;
  const k = ks[0];
  const [x] = q.targets;
  if (q.targets.length !== 1 || q.answer_object !== x || !sd.clear(k, x)) return 'target not clear';
  if (sd.inFrame(k, x) < 0.9) return 'under 90% in frame';
  if (sd.px(k, x) < 0.8 * sd.ann(k, x).in_frame_px) return 'over 20% hidden';
  const f = sd.frame(k);
  if (JSON.stringify(q.image_size) !== JSON.stringify([f.width, f.height])) return 'image_size';
  if (q.coords !== 'pixel' && q.coords !== 'norm1000') return `coords ${q.coords}`;
  return JSON.stringify(q.answer) === JSON.stringify(sd.stat(k, x)!.bbox)
    ? null
    : `box ${JSON.stringify(q.answer)}, seg.png says ${JSON.stringify(sd.stat(k, x)!.bbox)}`;
}

/** A run-length region (first run outside) back as a mask. */
function regionMask(answer: unknown, width: number, height: number): Uint8Array | string {
  const r = answer as { size?: [number, number]; counts?: number[] };
  if (!r.size || !r.counts || r.size[0] !== width || r.size[1] !== height) return 'region size';
  const mask = new Uint8Array(width * height);
  let at = 0;
  for (const [k, run] of r.counts.entries()) {
    if (k % 2) mask.fill(1, at, at + run);
    at += run;
  }
  return at === width * height ? mask : `region covers ${at} of ${width * height} pixels`;
}

function pointGrounding(sd: SceneData, q: QaItem, ks: number[]): Check {
  const bad = oneStill(sd, ks);
  if (bad) return bad;
  const k = ks[0];
  const [x] = q.targets;
  if (q.targets.length !== 1 || !sd.clear(k, x)) return 'target not clear';
  const f = sd.frame(k);
  const { width, height, seg, depth } = sd.frames.get(k)!.layers;
  const mask = regionMask(q.answer, width, height);
  if (typeof mask === 'string') return mask;
  const t = template(sd, q, [x]);
  const side = /to the (left|right) of \{0\}|floor (left|right) of \{0\}/.exec(t);
  const on = /on top of \{0\}|top surface of \{0\}/.test(t);
  if (!side && !on) return 'cannot read the form asked';
  const o = sd.obj(x);
  const pose = sd.pose(k, x);
  const cam = sd.cam(k);
  const T = f.T_cam_world;
  // Pixel centre → world point, through depth.png and the camera: p = C + Rᵀ·(x, y, z).
  const world = (p: number): Vec3 | null => {
    const dm = depth[p];
    if (dm === 0 || dm === 65535) return null;
    const z = dm / 1000;
    const [i, j] = [p % width, Math.floor(p / width)];
    const c: Vec3 = [((i + 0.5 - f.K[0][2]) * z) / f.K[0][0], ((j + 0.5 - f.K[1][2]) * z) / f.K[1][1], z];
    return [0, 1, 2].map((a) => cam.center[a] + T[0][a] * c[0] + T[1][a] * c[1] + T[2][a] * c[2]) as Vec3;
  };
  // The rule as a signed margin per pixel (≥ 0 inside): compared with a tolerance for rounding.
  let margin: (p: number) => number;
  if (on) {
    const top = o.surfaces.find((s) => s.clearance === null);
    if (!top) return 'the object has no open top';
    const topY = pose.position[1] + top.y;
    // On its top: its own pixels at the open top's height (the rim counts: it is the top too).
    margin = (p) => {
      if (seg[p] !== x) return Number.NEGATIVE_INFINITY;
      const w = world(p);
      return w ? 0.015 - Math.abs(w[1] - topY) : Number.NEGATIVE_INFINITY;
    };
  } else {
    if (o.support !== 'floor') return 'beside an object that is not on the floor';
    const s = (side![1] ?? side![2]) as 'left' | 'right';
    const xs = corners3(pose).map((c) => toCam(T, c)[0]);
    const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
    // Within 1.5 m of the footprint (as the question says): the distance to the floor rectangle.
    margin = (p) => {
      if (seg[p] !== 0) return Number.NEGATIVE_INFINITY;
      const w = world(p);
      if (!w) return Number.NEGATIVE_INFINITY;
      const cx = toCam(T, w)[0];
      const away = 1.5 - footprintDistance(pose, w);
      return Math.min(0.015 - Math.abs(w[1]), s === 'left' ? minX - cx : cx - maxX, away);
    };
  }
  const EPS = 1e-6;
  const at = (p: number) => `(${p % width}, ${Math.floor(p / width)})`;
  let inRegion = 0;
  let missing = 0;
  const breaking: number[] = [];
  for (let p = 0; p < mask.length; p++) {
    const m = margin(p);
    if (mask[p] && !(m > -EPS)) breaking.push(p);
    if (!mask[p] && m > EPS) missing++;
    inRegion += mask[p];
  }
  if (breaking.length) {
    // Beside: how far from the object the region reaches (the question says within 1.5 m of it).
    const far = on
      ? ''
      : `, up to ${Math.max(...breaking.map((p) => footprintDistance(pose, world(p)!))).toFixed(2)} m from its footprint`;
    return `${breaking.length} of ${inRegion} region pixels break the rule (e.g. ${at(breaking[0])}${far})`;
  }
  if (missing) return `${missing} pixels keep the rule but are not in the region`;
  const square = Math.max(4, Math.round((20 * f.width) / 512));
  const largest = largestSquare(mask, width, height);
  if (largest < square) return `the region holds a ${largest} px square, not ${square}`;
  return inRegion > 0 ? null : 'empty region';
}

// ---- dynamic tasks ----

function allFrames(sd: SceneData, ks: number[]): string | null {
  return sd.isAll(ks) ? null : `frames ${ks.join()} are not every frame`;
}

function egoMotion(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.scene.motion.camera === null || sd.scene.motion.camera === 'walk') return 'no single camera path';
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [c0, c1] = [sd.cam(sd.first), sd.cam(sd.last)];
  const [fwd, left] = planOf(c0.heading, vsub(c1.center, c0.center));
  const dist = Math.hypot(fwd, left);
  const turn = wrap(c1.heading - c0.heading);
  if (q.choices && !/\d/.test(q.choices.join())) {
    const moves: Record<Quarter, string> = {
      front: 'moved forward',
      behind: 'moved backward',
      left: 'moved to the left',
      right: 'moved to the right',
    };
    let motion: string | null = null;
    if (dist >= 0.3 && Math.abs(turn) < 3 * DEG) {
      const side = quarter(Math.atan2(left, fwd));
      motion = side && moves[side];
    } else if (dist < 0.05 && Math.abs(turn) >= 15 * DEG) motion = turn > 0 ? 'turned left' : 'turned right';
    if (motion !== rightText(q)) return `motion ${motion}, answer ${rightText(q)}`;
    const pairs = [
      ['moved forward', 'moved backward'],
      ['moved to the left', 'moved to the right'],
      ['turned left', 'turned right'],
    ];
    const own = pairs.find((p) => p.includes(motion))!;
    return q.choices.length === 4 &&
      own.every((m) => q.choices!.includes(m)) &&
      pairs.some((p) => p !== own && p.every((m) => q.choices!.includes(m)))
      ? null
      : 'options are not two pairs of opposites';
  }
  const deg = q.unit === 'deg' || (q.choices?.[0] ?? '').endsWith('°');
  if (deg) return Math.abs(turn) >= 15 * DEG ? quantity(q, Math.abs(turn) / DEG, 'deg') : 'turned under 15°';
  return dist >= 0.3 ? quantity(q, dist, 'm') : 'moved under 0.3 m';
}

function objectMotion(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'dynamic' || !sd.scene.motion.objects.length) return 'no moving objects';
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [f0, f1] = [sd.first, sd.last];
  const travel = (id: number) => Math.max(...sd.indices.map((k) => dist3(sd.at(k, id), sd.at(f0, id))));
  const turned = (id: number) =>
    Math.max(...sd.indices.map((k) => Math.abs(wrap(sd.pose(k, id).yaw - sd.pose(f0, id).yaw))));
  const moved = sd.scene.objects
    .filter((o) => travel(o.id) >= 0.02 || turned(o.id) >= 3 * DEG)
    .map((o) => o.id);
  if (moved.length !== 1) return `${moved.length} objects moved`;
  const [m] = moved;
  const shift = vsub(sd.at(f1, m), sd.at(f0, m));
  if (Math.hypot(shift[0], shift[2]) < 0.1 && turned(m) < 30 * DEG) return 'the move is not noticeable';
  if (!sd.clear(f0, m) || !sd.clear(f1, m)) return 'the mover is not clear at the start and the end';
  if (q.answer_object !== null) {
    if (q.answer_object !== m) return `answer ${q.answer_object}, moved ${m}`;
    const ids = q.choices!.map((c) => sd.idByName(c));
    if (!sameSet(ids as number[], q.targets) || ids.length < 3 || ids.length > 4) return 'options';
    return ids.every((id) => id !== undefined && sd.clear(f0, id) && sd.clear(f1, id))
      ? null
      : 'an option is not clear at the start and the end';
  }
  if (q.targets.length !== 1 || q.targets[0] !== m) return 'targets';
  const directions: Record<Quarter, string> = {
    front: 'away from the camera',
    behind: 'towards the camera',
    left: 'to the left',
    right: 'to the right',
  };
  if (q.choices && Object.values(directions).includes(rightText(q))) {
    const [fwd, left] = planOf(sd.cam(f0).heading, shift);
    const side = Math.hypot(fwd, left) >= 0.1 ? quarter(Math.atan2(left, fwd)) : null;
    if (!side || directions[side] !== rightText(q)) return `direction ${side}, answer ${rightText(q)}`;
    const [p0, p1] = [sd.stat(f0, m)!, sd.stat(f1, m)!];
    const du = (p1.u - p0.u) / sd.frame(f0).width;
    const dz = p1.depth - p0.depth;
    const seen = { left: du <= -0.02, right: du >= 0.02, front: dz >= 0.1, behind: dz <= -0.1 }[side];
    return seen ? null : 'the pixels do not show that move';
  }
  const floor = Math.hypot(shift[0], shift[2]);
  const turn = Math.abs(wrap(sd.pose(f1, m).yaw - sd.pose(f0, m).yaw));
  if (floor >= 0.3) return quantity(q, dist3(sd.at(f1, m), sd.at(f0, m)), 'm');
  if (turn >= 30 * DEG) return quantity(q, turn / DEG, 'deg');
  return 'neither moved 0.3 m nor turned 30°';
}

interface Action {
  kind: 'turn' | 'move';
  amount: number;
  /** turn: left/right; move: front/behind/left/right. */
  side: string;
  text: string;
}

function readAction(question: string): Action | null {
  const turn = /turn (\d+)° to the (left|right)/.exec(question);
  if (turn) return { kind: 'turn', amount: Number(turn[1]), side: turn[2], text: turn[0] };
  const move = /move (\d+\.\d) m (forward|backward|to the left|to the right)/.exec(question);
  if (move) {
    const side = { forward: 'front', backward: 'behind', 'to the left': 'left', 'to the right': 'right' }[
      move[2]
    ]!;
    return { kind: 'move', amount: Number(move[1]), side, text: move[0] };
  }
  return null;
}

function actionConsequence(sd: SceneData, q: QaItem, ks: number[]): Check {
  const path = sd.scene.motion.camera;
  if (path === 'orbit' || path === 'walk') return `asked on a ${path}`;
  if (ks.length !== 1) return 'not one image';
  const k = ks[0];
  if (path === null ? !sd.still(k) : k !== sd.first) return `frame ${k}`;
  if (q.targets.length !== 1 || !sd.clear(k, q.targets[0])) return 'target not clear';
  const [x] = q.targets;
  const action = readAction(q.question);
  if (!action) return 'cannot read the action';
  const cam = sd.cam(k);
  const f = sd.frame(k);
  // Where the camera is after the action, and what the question's numbers say it does.
  const after = (c: Cam, a: Action): Cam => {
    if (a.kind === 'turn')
      return { ...c, heading: c.heading + a.amount * DEG * (a.side === 'left' ? 1 : -1) };
    const along = { front: 0, left: 90, behind: 180, right: -90 }[a.side as Quarter] * DEG + c.heading;
    return {
      ...c,
      center: [
        c.center[0] + a.amount * Math.sin(along),
        c.center[1],
        c.center[2] + a.amount * Math.cos(along),
      ],
    };
  };
  const hh = Math.atan(f.width / 2 / f.K[0][0]);
  const vh = Math.atan(f.height / 2 / f.K[1][1]);
  const consequence = (c: Cam, inCam: Vec3) => {
    const [cx, cy, cz] = inCam;
    const ah = Math.abs(Math.atan2(cx, cz));
    const av = Math.abs(Math.atan2(cy, cz));
    const inView =
      cz > 0 && ah <= hh - 10 * DEG && av <= vh - 5 * DEG
        ? true
        : cz <= 0 || ah >= hh + 15 * DEG
          ? false
          : null;
    return { side: leftRight(bearingFrom(c, sd.at(k, x))), inView };
  };
  const p = sd.at(k, x);
  const stated = after(cam, action);
  const found = [consequence(stated, inCamera(stated.center, stated.heading, stated.pitch, p))];
  if (path === null) {
    if (
      action.kind === 'turn'
        ? ![10, 15, 20, 25, 30, 40, 50, 60].includes(action.amount)
        : ![0.5, 1, 1.5, 2].includes(action.amount)
    )
      return `action ${action.text} is not one of the hypothetical ones`;
    const [w, , d] = sd.scene.room.size;
    const [ex, , ez] = stated.center;
    if (Math.abs(ex) > w / 2 - 0.3 || Math.abs(ez) > d / 2 - 0.3) return 'the move ends by a wall';
    for (const o of sd.scene.objects)
      if (o.support === 'floor' && insidePoly([ex, ez], corners(sd.pose(k, o.id))))
        return `the move ends inside ${o.name}`;
  } else {
    // The action is the path's: from the first to the last camera, stated as the question states it.
    const end = sd.cam(sd.last);
    const [fwd, left] = planOf(cam.heading, vsub(end.center, cam.center));
    const turn = wrap(end.heading - cam.heading);
    let text: string | null = null;
    if (Math.abs(turn) >= 5 * DEG)
      text = `turn ${Math.round(Math.abs(turn) / DEG)}° to the ${turn > 0 ? 'left' : 'right'}`;
    else {
      const side = quarter(Math.atan2(left, fwd));
      const words = { front: 'forward', behind: 'backward', left: 'to the left', right: 'to the right' };
      if (side) text = `move ${Math.hypot(fwd, left).toFixed(1)} m ${words[side]}`;
    }
    if (text !== action.text) return `stated "${action.text}", the path did "${text}"`;
    found.push(consequence(end, toCam(sd.frame(sd.last).T_cam_world, p)));
  }
  const sideForm = q.choices!.includes('left');
  if (sideForm) {
    if (action.kind !== 'turn') return 'left/right asked after a move';
    if (!sameSet(q.choices!, ['left', 'right'])) return 'options';
    const sides = found.map((c) => c.side);
    if (sides.some((s) => s !== sides[0]) || sides[0] === null) return `sides ${sides.join()}`;
    return sides[0] === rightText(q) ? null : `side ${sides[0]}, answer ${rightText(q)}`;
  }
  if (!isYesNo(q)) return 'options';
  const views = found.map((c) => c.inView);
  if (views.some((v) => v !== views[0]) || views[0] === null) return `in view: ${views.join()}`;
  if ((rightText(q) === 'yes') !== views[0]) return `in view ${views[0]}, answer ${rightText(q)}`;
  if (path !== null) {
    // In the rendered last frame: clearly visible, or no pixel at all.
    const last = sd.last;
    if (views[0] ? !sd.clear(last, x) : sd.px(last, x) > 0) return 'the last frame disagrees';
  }
  return null;
}

function goalAim(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'dynamic' && sd.kind !== 'walkthrough') return `goal_aim in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [c0, c1] = [sd.cam(sd.first), sd.cam(sd.last)];
  const [fwd, left] = planOf(c0.heading, vsub(c1.center, c0.center));
  if (Math.hypot(fwd, left) < 0.3 && Math.abs(wrap(c1.heading - c0.heading)) < 15 * DEG)
    return 'the camera did not move';
  const [x] = q.targets;
  if (q.targets.length !== 1 || !sd.clear(sd.first, x)) return 'not clearly visible in the first image';
  const angle = bearingFrom(c1, sd.at(sd.last, x));
  const side = leftRight(angle);
  if (!side) return 'within 15° of straight ahead or behind';
  const deg = Math.abs(angle) / DEG;
  if (q.choices && sameSet(q.choices, ['left', 'right']))
    return side === rightText(q) ? null : `side ${side}`;
  if (q.choices?.every((c) => /^\d+° to the (left|right)$/.test(c))) {
    const [n, dir] = [Number.parseInt(rightText(q), 10), rightText(q).endsWith('left') ? 'left' : 'right'];
    if (dir !== side || Math.abs(n - deg) > 0.5 + 1e-6)
      return `turn ${rightText(q)}, derived ${deg}° ${side}`;
    const other = side === 'left' ? 'right' : 'left';
    return q.choices.includes(`${n}° to the ${other}`) ? null : 'options lack the mirror turn';
  }
  return quantity(q, deg, 'deg');
}

function appearanceOrder(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.scene.motion.camera === null) return 'the camera does not move';
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  /** When an object first appears (s): its first clear frame, with no pixel of it in any earlier one. */
  const appears = (id: number): number | null => {
    for (const k of sd.indices) {
      if (sd.clear(k, id)) return sd.frame(k).time;
      if (sd.px(k, id) > 0) return null;
    }
    return null;
  };
  const ids = q.choices!.length === 2 ? q.choices!.map((c) => sd.idByName(c)) : q.targets;
  if (ids.some((id) => id === undefined)) return 'an option is no object';
  const times = (ids as number[]).map(appears);
  if (times.some((t) => t === null)) return `appearance times ${times.join()}`;
  for (let i = 0; i < times.length; i++)
    for (let j = i + 1; j < times.length; j++)
      if (Math.abs(times[i]! - times[j]!) < 1 - 1e-9) return 'appearances under 1 s apart';
  if (q.choices!.length === 2) {
    if (!sameSet(ids as number[], q.targets)) return 'targets';
    const earlier = times[0]! < times[1]! ? ids[0] : ids[1];
    return sd.idByName(rightText(q)) === earlier && q.answer_object === earlier ? null : 'order';
  }
  if (JSON.stringify(q.targets) !== JSON.stringify([...q.targets].sort((a, b) => a - b)))
    return 'targets unsorted';
  const order = [...(ids as number[])].sort((a, b) => appears(a)! - appears(b)!);
  const text = order.map((id) => sd.name(id)).join(', then ');
  if (q.choices!.length !== 4 || new Set(q.choices).size !== 4) return 'options';
  return rightText(q) === text ? null : `order ${rightText(q)}, derived ${text}`;
}

// ---- walkthroughs ----

const TURN_STEPS = ['turn left', 'turn right', 'turn back'];

/** The turn a change of heading is, or null when it is not clearly one. */
function turnOf(a: number): string | null {
  const w = wrap(a);
  const d = Math.abs(w) / DEG;
  if (d >= 150) return 'turn back';
  if (d >= 60 && d <= 120) return w > 0 ? 'turn left' : 'turn right';
  return null;
}

function route(sd: SceneData, q: QaItem, ks: number[]) {
  if (sd.kind !== 'walkthrough') return `a route in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  if (q.targets.length !== 4 || new Set(q.targets).size !== 4) return 'targets';
  const seen = sd.seenIn(ks);
  if (q.targets.some((id) => !seen.includes(id) || !sd.obj(id).referable))
    return 'a target is not clearly seen';
  const [a, b, w, z] = q.targets;
  if (sd.obj(a).support !== 'floor') return 'the start is not on the floor';
  const at = (id: number) => sd.at(sd.first, id);
  if (planDist(at(a), at(b)) < 1 || planDist(at(a), at(w)) < 1 || planDist(at(w), at(z)) < 1)
    return 'a leg under 1 m';
  const heading = (p: number, r: number) => headingOfDir(vsub(at(r), at(p)));
  const t1 = turnOf(heading(a, w) - heading(a, b));
  const t2 = turnOf(heading(w, z) - heading(a, w));
  if (!t1 || !t2) return `turns ${t1}, ${t2} not clear-cut`;
  const tpl = template(sd, q, [a, b, w, z]);
  if (!['{0}', '{1}', '{2}', '{3}'].every((s) => tpl.includes(s)))
    return 'the question does not name the route';
  return { turns: [t1, t2], legs: [planDist(at(a), at(w)), planDist(at(w), at(z))] };
}

function routePlan(sd: SceneData, q: QaItem, ks: number[]): Check {
  const r = route(sd, q, ks);
  if (typeof r === 'string') return r;
  if (q.choices!.length !== 4 || new Set(q.choices).size !== 4) return 'options';
  return rightText(q) === r.turns.join(', then ') ? null : `answer ${rightText(q)}, derived ${r.turns}`;
}

function actionSequence(sd: SceneData, q: QaItem, ks: number[]): Check {
  const r = route(sd, q, ks);
  if (typeof r === 'string') return r;
  const step = (m: number) => `go forward ${(Math.round(m * 2) / 2).toFixed(1)} m`;
  const want = [r.turns[0], step(r.legs[0]), r.turns[1], step(r.legs[1])];
  return JSON.stringify(q.answer) === JSON.stringify(want)
    ? null
    : `steps ${JSON.stringify(q.answer)}, derived ${JSON.stringify(want)}`;
}

function recall(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'walkthrough') return `recall in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [host, ...opts] = q.targets;
  const seen = sd.seenIn(ks);
  if (!seen.includes(host)) return 'the host is not clearly seen';
  if (!namesOptions(sd, q, opts)) return 'options';
  const catalog = loadCatalog();
  const categoryOf = (id: number) => catalog.categories.find((c) => c.name === sd.obj(id).category)!;
  const hostCategory = sd.obj(host).category;
  // How the host is referred to: by when it was seen when there are two of its kind, else by name.
  const firstTime = (id: number) => sd.frame(sd.firstClear(id)!).time;
  const same = seen
    .filter((id) => sd.obj(id).category === hostCategory)
    .sort((a, b) => firstTime(a) - firstTime(b));
  const ref =
    same.length === 2 && Math.abs(firstTime(same[0]) - firstTime(same[1])) >= 2
      ? `the ${hostCategory} you saw ${same[0] === host ? 'first' : 'last'}`
      : sd.obj(host).referable
        ? sd.name(host)
        : null;
  if (!ref || !q.question.includes(ref)) return `the host should be called "${ref}"`;
  const answer = q.answer_object!;
  for (const id of opts) {
    if (!seen.includes(id) || !sd.obj(id).referable) return `${id} is not clearly seen`;
    if (id === answer) {
      if (sd.obj(id).support !== host) return `${id} does not stand on the host`;
      continue;
    }
    const c = categoryOf(id);
    if (sd.obj(id).support === host) return `${id} stands on the host too`;
    if (c.support !== 'surface' || (c.on && !c.on.includes(hostCategory)))
      return `${id} could not stand on the host`;
  }
  return opts.includes(answer) ? null : 'the answer is no option';
}

// ---- multi-view sets ----

/** 1-based image numbers in the question, in order. */
const imageNumbers = (text: string) => [...text.matchAll(/image (\d+)/gi)].map((m) => Number(m[1]));

function correspondence(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'multiview') return `correspondence in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [i, j] = imageNumbers(q.question).map((n) => ks[n - 1]);
  if (i === undefined || j === undefined || i === j) return 'cannot read the two images';
  const ids = q.choices!.map((c) => sd.idByName(c));
  if (ids.some((id) => id === undefined) || !sameSet(ids as number[], q.targets)) return 'options';
  if (ids.length < 3 || ids.length > 4) return 'options';
  for (const id of ids as number[]) {
    const both = sd.clear(i, id) && sd.clear(j, id);
    const onlyOne = (sd.clear(i, id) && sd.px(j, id) === 0) || (sd.clear(j, id) && sd.px(i, id) === 0);
    if (id === q.answer_object ? !both : !onlyOne)
      return `${id} ${both ? 'is in both' : 'is not in exactly one'}`;
  }
  return null;
}

function viewPose(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'multiview') return `view_pose in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const turnForm = q.choices!.every((c) => /^\d+° to the (left|right)$/.test(c));
  const nums = imageNumbers(q.question);
  // Image i is the reference: named first, except where the question asks "where was image j taken".
  const ref =
    /camera of image (\d+)|image (\d+)'s camera|where image (\d+) was taken/.exec(q.question) ?? null;
  const i = turnForm ? nums[0] : ref ? Number(ref[1] ?? ref[2] ?? ref[3]) : nums[0];
  const j = nums.find((n) => n !== i);
  if (!i || !j || nums.length !== 2) return 'cannot read the two images';
  const [ci, cj] = [sd.cam(ks[i - 1]), sd.cam(ks[j - 1])];
  const [fwd, left] = planOf(ci.heading, vsub(cj.center, ci.center));
  const dist = Math.hypot(fwd, left);
  const turn = wrap(cj.heading - ci.heading);
  if (turnForm) {
    if (dist >= 0.05 || Math.abs(turn) < 30 * DEG)
      return `not a turn on the spot (${dist} m, ${turn / DEG}°)`;
    const want = `${Math.round(Math.abs(turn) / DEG)}° to the ${turn > 0 ? 'left' : 'right'}`;
    return rightText(q) === want ? null : `answer ${rightText(q)}, derived ${want}`;
  }
  const places: Record<Quarter, string> = {
    front: 'in front of it',
    behind: 'behind it',
    left: 'to its left',
    right: 'to its right',
  };
  if (!sameSet(q.choices!, Object.values(places))) return 'options';
  const side = dist >= 0.5 ? quarter(Math.atan2(left, fwd)) : null;
  return side && places[side] === rightText(q) ? null : `place ${side}, answer ${rightText(q)}`;
}

function behind(sd: SceneData, q: QaItem, ks: number[]): Check {
  if (sd.kind !== 'multiview') return `behind in a ${sd.kind} scene`;
  const bad = allFrames(sd, ks);
  if (bad) return bad;
  const [n] = imageNumbers(q.question);
  const k = ks[n - 1];
  if (k === undefined) return 'cannot read the image';
  const cam = sd.cam(k);
  const ids = q.choices!.map((c) => sd.idByName(c));
  if (ids.some((id) => id === undefined) || !sameSet(ids as number[], q.targets)) return 'options';
  if (ids.length < 3 || ids.length > 4) return 'options';
  for (const id of ids as number[]) {
    const angle = Math.abs(bearingFrom(cam, sd.at(sd.first, id)));
    const seenIn = ks.filter((f) => sd.clear(f, id));
    if (!seenIn.length) return `${id} is not clearly seen`;
    if (id === q.answer_object) {
      if (angle < 150 * DEG) return `the answer is ${angle / DEG}° from the heading`;
      if (!seenIn.some((f) => f !== k)) return 'the answer is seen only in that image';
    } else if (angle > 60 * DEG) return `${id} is ${angle / DEG}° from the heading`;
  }
  return null;
}

function viewChoice(sd: SceneData, q: QaItem, ks: number[]): Check {
  const mv = sd.scene.multiview;
  if (sd.kind !== 'multiview' || !mv || sd.indices.length < 3) return 'not a multi-view set of 3+';
  if (JSON.stringify(ks) !== JSON.stringify([sd.first])) return 'the item shows more than image 1';
  const opts = q.choices!.map((c) => frameOf(c));
  if (q.choices!.some((c, k) => c !== imagePath(q.scene, opts[k])))
    return 'options are not frames of the scene';
  const right = frameOf(rightText(q));
  const rest = sd.indices.slice(1);
  if (opts.some((k) => !rest.includes(k))) return 'an option is image 1 or no frame';
  const c0 = sd.cam(sd.first);
  if (mv.setting === 'rotation') {
    const turnOf = (k: number) => wrap(sd.cam(k).heading - c0.heading);
    const m = /turn(?:s|ing)? (\d+)° to the (left|right)/.exec(q.question);
    if (!m) return 'cannot read the turn';
    const t = turnOf(right);
    if (Math.round(Math.abs(t) / DEG) !== Number(m[1]) || (t > 0 ? 'left' : 'right') !== m[2])
      return `the right image turned ${t / DEG}°, the question says ${m[0]}`;
    const others = rest.filter((k) => k !== right && Math.abs(wrap(turnOf(k) - t)) >= 40 * DEG);
    return sameSet(opts, [right, ...others]) ? null : `options ${opts}, expected ${[right, ...others]}`;
  }
  if (mv.setting === 'around' && mv.anchor !== null) {
    const anchor = mv.anchor;
    if (JSON.stringify(q.targets) !== JSON.stringify([anchor]) || !sd.clear(sd.first, anchor))
      return 'the anchor is not clear in image 1';
    const at = sd.at(sd.first, anchor);
    const angle = (k: number) => headingOfDir(vsub(sd.cam(k).center, at));
    const off = (k: number) => Math.abs(wrap(angle(k) - angle(sd.first)));
    const across = rest.filter((k) => Math.PI - off(k) <= 30 * DEG);
    const away = rest.filter((k) => Math.PI - off(k) >= 45 * DEG);
    if (across.length !== 1 || across[0] !== right) return `views across: ${across}, answer ${right}`;
    return sameSet(opts, [right, ...away]) ? null : `options ${opts}, expected ${[right, ...away]}`;
  }
  return `view_choice in a ${mv.setting} set`;
}

const RULES: Record<string, Rule> = {
  count,
  depth_order: depthOrder,
  relative_direction: relativeDirection,
  perspective,
  occlusion,
  distance,
  camera_distance: cameraDistance,
  size,
  room_size: roomSize,
  ego_motion: egoMotion,
  object_motion: objectMotion,
  action_consequence: actionConsequence,
  goal_aim: goalAim,
  appearance_order: appearanceOrder,
  relative_distance: relativeDistance,
  route_plan: routePlan,
  recall,
  correspondence,
  view_pose: viewPose,
  behind,
  num2space,
  cognitive_map: cognitiveMap,
  ascii_map: asciiMap,
  metric_map: metricMap,
  box_grounding: boxGrounding,
  point_grounding: pointGrounding,
  view_choice: viewChoice,
  action_sequence: actionSequence,
};

/** Every task with a second way here. */
export const REDERIVED_TASKS: readonly string[] = Object.keys(RULES);

// ---- wrong answers ----

/**
 * The item with a wrong answer: the next option, a number off by a third (a count by one), a map
 * cell or metric position moved, a box shifted, the complement of a point region, a turn changed.
 */
export function mutated(q: QaItem): QaItem {
  if (typeof q.answer === 'number')
    return { ...q, answer: q.unit === 'count' ? q.answer + 1 : Math.round(q.answer * 1.34 * 100) / 100 + 1 };
  switch (q.answer_type) {
    case 'choice':
    case 'image_choice': {
      const next = ((q.answer as string).charCodeAt(0) - 65 + 1) % q.choices!.length;
      return { ...q, answer: String.fromCharCode(65 + next) };
    }
    case 'layout': {
      const entries = Object.entries(q.answer as Record<string, [number, number]>);
      const [name, [a, b]] = entries[0];
      const moved: [number, number] = q.frame === 'metric' ? [a + 0.5, b] : [a, (b + 3) % (q.grid ?? 10)];
      return { ...q, answer: Object.fromEntries([[name, moved], ...entries.slice(1)]) };
    }
    case 'ascii':
      return { ...q, answer: (q.answer as string).split('\n').reverse().join('\n') };
    case 'box': {
      const [x1, y1, x2, y2] = q.answer as number[];
      return { ...q, answer: [x1 + 2, y1, x2 + 2, y2] };
    }
    case 'point': {
      const r = q.answer as { size: [number, number]; counts: number[] };
      // The complement: a run of 0 first, then the same runs with inside and outside swapped.
      return { ...q, answer: { size: r.size, counts: [0, ...r.counts] } };
    }
    case 'sequence': {
      const steps = [...(q.answer as string[])];
      steps[0] = TURN_STEPS.find((t) => t !== steps[0])!;
      return { ...q, answer: steps };
    }
  }
  throw new Error(`${q.id}: no wrong answer for type ${q.answer_type}`);
}

/** Checks every item and its mutated twin: the answers agree, and a wrong answer would be caught. */
export async function checkAll(data: DatasetReader, items: readonly QaItem[]): Promise<string[]> {
  const byId = new Map(items.map((q) => [q.id, q]));
  const failures: string[] = [];
  for (const q of items) {
    const why = await check(data, q, byId);
    if (why) failures.push(`${q.id}: ${why}`);
    if ((await check(data, mutated(q), byId)) === null)
      failures.push(`${q.id}: a wrong answer passes the check`);
  }
  return failures;
}
