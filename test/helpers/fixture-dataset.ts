import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { resolveConfig } from '../../sim/config';
import {
  DATASET_VERSION,
  DatasetSchema,
  framePath,
  qaPath,
  sceneDir,
  sceneJsonPath,
  sceneQaPath,
} from '../../sim/layout';
import { generateScene } from '../../sim/scene';
import { type Annotation, type Scene, SceneSchema } from '../../sim/schema';
import { letter, type QaItem, QaItemSchema } from '../../tasks/schema';

/**
 * A small dataset on disk in the public format (DESIGN.md), written without the renderer or the
 * task generators: real scene.json files from generateScene with annotations filled in by hand,
 * flat-coloured rgb.png, seg.png with one rectangle per visible object (16-bit in even scenes,
 * 8-bit in odd ones), depth.png, and qa.jsonl with depth_order twins, numeric items in every unit
 * and multi-image dynamic items.
 *
 * In every scene, objects 1 (A) and 2 (B) are visible; A is always the closer one. In frame 0 A sits
 * lower in the image (consistent twin), in frame 1 higher (counter twin). Frame 2 also shows object 3.
 *
 * With `textTwins`, every test item is followed by its text twin (id + "-text", no images, a
 * hand-written description under scenes/<id>/text/ naming the scene and the frames of its images).
 */

export interface FixtureOptions {
  /** Add a text twin after every test item, as `sim generate` does with tasks.text_twins. */
  textTwins?: boolean;
}

export interface FixtureDataset {
  dir: string;
  /** Every item of qa.jsonl, in file order. */
  items: QaItem[];
  /** The items of the test split (what `sim eval` asks by default). */
  testItems: QaItem[];
  remove(): Promise<void>;
}

export const FIXTURE_SCENES = 4;
const WIDTH = 64;
const HEIGHT = 48;
const LOW = { y0: 30, y1: 40 };
const HIGH = { y0: 6, y1: 16 };
const COLS = { a: [8, 24], b: [36, 52], c: [26, 34] } as const;
const DEPTH_M = { a: 1.5, b: 3.5, c: 2.5, far: 5 } as const;

interface Rect {
  id: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  depth: number;
}

export async function writeFixtureDataset(opts: FixtureOptions = {}): Promise<FixtureDataset> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-bench-fixture-'));
  const config = resolveConfig({ image: { width: WIDTH, height: HEIGHT }, frames: 3 });
  const items: QaItem[] = [];
  let frames = 0;
  for (let s = 0; s < FIXTURE_SCENES; s++) {
    const scene = generateScene(config, 3, s);
    const [a, b, c] = scene.objects;
    const rects: Rect[][] = [
      [rect(a.id, COLS.a, LOW, DEPTH_M.a), rect(b.id, COLS.b, HIGH, DEPTH_M.b)],
      [rect(a.id, COLS.a, HIGH, DEPTH_M.a), rect(b.id, COLS.b, LOW, DEPTH_M.b)],
      [
        rect(a.id, COLS.a, LOW, DEPTH_M.a),
        rect(b.id, COLS.b, HIGH, DEPTH_M.b),
        rect(c.id, COLS.c, { y0: 20, y1: 28 }, DEPTH_M.c),
      ],
    ];
    const filled: Scene = {
      ...scene,
      frames: scene.frames.map((f, k) => ({
        ...f,
        objects: scene.objects.map((o) => annotate(o.id, rects[k] ?? [])),
      })),
    };
    SceneSchema.parse(filled);
    await mkdir(sceneDir(dir, s), { recursive: true });
    await writeFile(sceneJsonPath(dir, s), `${JSON.stringify(filled, null, 2)}\n`);
    for (let k = 0; k < filled.frames.length; k++) await writeFrame(dir, s, k, rects[k] ?? [], s % 2 === 0);
    frames += filled.frames.length;

    const sceneItems = itemsOf(filled, s);
    if (opts.textTwins) {
      const withTwins = sceneItems.flatMap((q) => (q.split === 'test' ? [q, textTwin(q)] : [q]));
      for (const q of withTwins)
        if (q.context) {
          await mkdir(join(dir, dirname(q.context)), { recursive: true });
          await writeFile(join(dir, q.context), contextText(q.context));
        }
      sceneItems.splice(0, sceneItems.length, ...withTwins);
    }
    await writeFile(sceneQaPath(dir, s), sceneItems.map((q) => `${JSON.stringify(q)}\n`).join(''));
    items.push(...sceneItems);
  }
  await writeFile(qaPath(dir), items.map((q) => `${JSON.stringify(q)}\n`).join(''));
  const dataset = DatasetSchema.parse({
    version: DATASET_VERSION,
    seed: 3,
    config,
    counts: { scenes: FIXTURE_SCENES, frames, items: items.length },
  });
  await writeFile(join(dir, 'dataset.json'), `${JSON.stringify(dataset, null, 2)}\n`);
  return {
    dir,
    items,
    testItems: items.filter((q) => q.split === 'test'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

function rect(
  id: number,
  [x0, x1]: readonly [number, number],
  rows: { y0: number; y1: number },
  depth: number,
): Rect {
  return { id, x0, x1, y0: rows.y0, y1: rows.y1, depth };
}

function annotate(id: number, rects: readonly Rect[]): Annotation {
  const r = rects.find((x) => x.id === id);
  if (!r)
    return {
      id,
      visible_px: 0,
      amodal_px: 0,
      in_frame_px: 0,
      visible_fraction: 0,
      in_frame_fraction: 0,
      bbox: null,
      centroid: null,
      depth_median: null,
      occluded_by: {},
    };
  const px = (r.x1 - r.x0) * (r.y1 - r.y0);
  return {
    id,
    visible_px: px,
    amodal_px: px,
    in_frame_px: px,
    visible_fraction: 1,
    in_frame_fraction: 1,
    bbox: [r.x0, r.y0, r.x1, r.y1],
    centroid: [(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2],
    depth_median: r.depth,
    occluded_by: {},
  };
}

async function writeFrame(
  dir: string,
  s: number,
  k: number,
  rects: readonly Rect[],
  seg16: boolean,
): Promise<void> {
  const n = WIDTH * HEIGHT;
  const seg = new Uint16Array(n);
  const depth = new Uint16Array(n).fill(DEPTH_M.far * 1000);
  for (const r of rects)
    for (let j = r.y0; j < r.y1; j++)
      for (let i = r.x0; i < r.x1; i++) {
        seg[j * WIDTH + i] = r.id;
        depth[j * WIDTH + i] = Math.round(r.depth * 1000);
      }
  // A flat colour unique to (scene, frame), so each image's bytes identify its frame.
  const rgb = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) rgb.set([20 + 50 * s, 30 + 70 * k, 200 - 40 * s], p * 3);
  await mkdir(dirname(join(dir, framePath(s, k, 'rgb'))), { recursive: true });
  const raw = (channels: 1 | 3) => ({ raw: { width: WIDTH, height: HEIGHT, channels } });
  await sharp(rgb, raw(3))
    .png()
    .toFile(join(dir, framePath(s, k, 'rgb')));
  await sharp(depth, raw(1))
    .toColourspace('grey16')
    .png()
    .toFile(join(dir, framePath(s, k, 'depth')));
  const segImage = seg16
    ? sharp(seg, raw(1)).toColourspace('grey16')
    : sharp(Uint8Array.from(seg), raw(1)).toColourspace('b-w');
  await segImage.png().toFile(join(dir, framePath(s, k, 'seg')));
}

function itemsOf(scene: Scene, s: number): QaItem[] {
  const [a, b, c] = scene.objects;
  const id = (k: number) => `${scene.id}-${k}`;
  const base = {
    scene: scene.id,
    pair: null,
    split: 'test' as const,
    answer_object: null,
    targets: [] as number[],
    capabilities: ['spatial_relation' as const],
    level: 'perception' as const,
  };
  const image = (k: number) => framePath(s, k, 'rgb');
  // Odd scenes name B first, so the right letter of the twins alternates between A and B.
  const named = s % 2 === 0 ? [a, b] : [b, a];
  const depthOrder = (k: number, role: 'consistent' | 'counter'): QaItem => ({
    ...base,
    id: id(k),
    task: 'depth_order',
    kind: 'static',
    question: `Which is closer to the camera: ${named[0].name} or ${named[1].name}?`,
    choices: named.map((o) => o.name),
    answer: letter(named.indexOf(a)),
    answer_type: 'choice',
    unit: null,
    images: [image(k)],
    targets: named.map((o) => o.id),
    answer_object: a.id,
    pair: { id: `pair-${scene.id}`, role },
  });
  const numeric = (
    k: number,
    task: string,
    question: string,
    answer: number,
    unit: QaItem['unit'],
    more: Partial<QaItem>,
  ) => ({
    ...base,
    id: id(k),
    task,
    kind: 'static' as const,
    question,
    choices: null,
    answer,
    answer_type: 'number' as const,
    unit,
    images: [image(2)],
    ...more,
  });
  const items: QaItem[] = [depthOrder(0, 'consistent'), depthOrder(1, 'counter')];
  if (s === 0) {
    items.push(
      numeric(2, 'distance', `How far apart are ${a.name} and ${b.name}, centre to centre?`, 2.37, 'm', {
        targets: [a.id, b.id],
      }),
    );
    items.push({
      ...base,
      id: id(3),
      task: 'relative_direction',
      kind: 'static',
      question: `From the camera, where is ${c.name} relative to ${a.name}?`,
      choices: ['left', 'right', 'behind'],
      answer: 'B',
      answer_type: 'choice',
      unit: null,
      images: [image(2)],
      targets: [c.id, a.id],
    });
  }
  if (s === 1)
    items.push(
      numeric(2, 'size', `How long is the longest side of ${a.name}?`, 84, 'cm', {
        targets: [a.id],
        answer_object: a.id,
      }),
    );
  if (s === 2) {
    items.push(numeric(2, 'room_size', 'What is the floor area of the room?', 17.5, 'm2', {}));
    items.push(
      numeric(3, 'goal_aim', `How many degrees must the camera turn left to face ${c.name}?`, 30, 'deg', {
        kind: 'dynamic',
        images: [image(0), image(2)],
        targets: [c.id],
      }),
    );
  }
  if (s === 3) {
    items.push(
      numeric(2, 'count', 'How many objects are there in the image?', 3, 'count', {
        targets: [a.id, b.id, c.id],
      }),
    );
    items.push(
      numeric(4, 'count', 'How many objects are there in the first image?', 2, 'count', {
        split: 'train',
        images: [image(0)],
      }),
    );
  }
  if (s === 1 || s === 3)
    items.push({
      ...base,
      id: id(3),
      task: 'ego_motion',
      kind: 'dynamic',
      question: 'How did the camera move between the first and the last image?',
      choices: ['forward', 'backward', 'to the left', 'to the right'],
      answer: s === 1 ? 'C' : 'A',
      answer_type: 'choice',
      unit: null,
      images: [image(0), image(1), image(2)],
    });
  return items.map((q) => QaItemSchema.parse(q));
}

/** The text form of an item: its question, choices and answer, about a description of its frames. */
function textTwin(item: QaItem): QaItem {
  const frames = item.images.map((p) => p.split('/').at(-2)!);
  const { images: _, ...rest } = item;
  return QaItemSchema.parse({
    ...rest,
    id: `${item.id}-text`,
    images: [],
    context: `scenes/${item.scene}/text/list-${frames.join('-')}.txt`,
  });
}

/** A description unique to its scene and frames, so each text item's prompt identifies it. */
function contextText(path: string): string {
  const [, scene, frames] = /^scenes\/(\d+)\/text\/list-([\d-]+)\.txt$/.exec(path)!;
  return `Room of scene ${scene}. Images ${frames.split('-').join(', ')} are taken by its cameras.\n`;
}
