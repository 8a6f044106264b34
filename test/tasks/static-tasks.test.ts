import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import type { Scene } from '../../sim/schema';
import { generateItems, TASK_NAMES, TASKS } from '../../tasks/index';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import type { FramePixels } from '../../tasks/task';
import { buildDataset, onlyKind, smallConfig, type TaskDataset } from './dataset';
import { DatasetReader, NOT_REDERIVED, REDERIVED_TASKS } from './rederive';
import { rederivationTests } from './suite';

/**
 * Still scenes (twin frames at an upper and a low height): every task asked about them re-derived
 * from the PNGs and scene.json on disk, wrong answers caught, and the far-looks-up pairs checked on
 * rendered pixels. Only static scenes here (the other kinds have their own files), so that the
 * rarer pair items get enough scenes.
 */

const SCENES = Array.from({ length: 40 }, (_, i) => i);
/** Image items each task must yield on these scenes (so the checks are not vacuous). */
const MIN_ITEMS: Record<string, number> = {
  count: 20,
  depth_order: 12,
  relative_direction: 60,
  perspective: 25,
  occlusion: 30,
  distance: 50,
  camera_distance: 40,
  size: 15,
  room_size: 3,
  action_consequence: 20,
  relative_distance: 30,
  num2space: 20,
  metric_map: 20,
  box_grounding: 30,
  point_grounding: 30,
};

let renderer: Renderer;
let data: TaskDataset;
let reader: DatasetReader;

beforeAll(async () => {
  renderer = await Renderer.start({ shadowMapSize: 1024 });
  const config = smallConfig({ ...onlyKind('static'), splits: { train: 0.5, val: 0.1, test: 0.4 } });
  data = await buildDataset(renderer, config, 11, SCENES);
  reader = new DatasetReader(data.dir, data.config);
});

afterAll(async () => {
  await renderer?.close();
  await data?.remove();
});

const frameOf = (q: QaItem) => Number(/frames\/(\d+)\//.exec(q.images[0])![1]);

describe('static tasks: answers re-derived from the PNGs and scene.json (and wrong answers caught)', () => {
  rederivationTests(() => ({ data, reader }), MIN_ITEMS);

  it('covers every task of the registry, or says why it cannot', () => {
    for (const name of TASK_NAMES)
      expect(REDERIVED_TASKS.includes(name) || name in NOT_REDERIVED, name).toBe(true);
  });

  it('asks nothing else of still scenes', () => {
    expect(data.scenes.every((s) => s.kind === 'static')).toBe(true);
    const tasks = new Set(data.items.map((q) => q.task));
    expect([...tasks].filter((t) => !(t in MIN_ITEMS))).toEqual([]);
  });
});

describe('depth_order: far-looks-up minimal pairs', () => {
  it('pairs every item with its twin: one consistent, one counter, same question, options and targets, on twin frames', async () => {
    const items = data.items.filter((q) => q.task === 'depth_order');
    const byPair = new Map<string, QaItem[]>();
    for (const q of items) byPair.set(q.pair!.id, [...(byPair.get(q.pair!.id) ?? []), q]);
    expect(byPair.size * 2).toBe(items.length);
    for (const [, twins] of byPair) {
      expect(twins).toHaveLength(2);
      const [a, b] = twins;
      expect(new Set([a.pair!.role, b.pair!.role])).toEqual(new Set(['consistent', 'counter']));
      expect(a.question).toBe(b.question);
      expect(a.choices).toEqual(b.choices);
      expect(a.targets).toEqual(b.targets);
      expect(a.answer).toBe(b.answer);
      const scene = await reader.scene(a.scene);
      expect(scene.frames[frameOf(a)].twin).toBe(frameOf(b));
    }
  });

  it('puts the farther centroid ≥ 2% of the image height higher in consistent items and lower in counter ones, the farther one looking about as large', async () => {
    for (const q of data.items.filter((x) => x.task === 'depth_order')) {
      const scene = await reader.scene(q.scene);
      const frame = frameOf(q);
      const pix = await reader.pixels(q.scene, frame);
      const [near, far] = [q.answer_object!, q.targets.find((id) => id !== q.answer_object)!];
      const offset = (pix.get(near)!.v - pix.get(far)!.v) / scene.frames[frame].height;
      if (q.pair!.role === 'consistent') expect(offset).toBeGreaterThanOrEqual(0.02);
      else expect(offset).toBeLessThanOrEqual(-0.02);
      expect(pix.get(far)!.px).toBeGreaterThanOrEqual(pix.get(near)!.px / 1.44);
    }
  });

  it('yields pairs in a fair share of still scenes, no object in two pairs of one twin', () => {
    const pairs = data.items.filter((q) => q.pair && q.pair.role === 'consistent');
    const scenesWithPairs = new Set(pairs.map((q) => q.scene));
    expect(scenesWithPairs.size).toBeGreaterThanOrEqual(SCENES.length / 4);
    // The planner aims the twins at pairs that flip (0.7 a scene here; 0.2 before it did).
    expect(pairs.length / SCENES.length).toBeGreaterThanOrEqual(0.4);
    const byTwin = new Map<string, number[]>();
    for (const q of pairs) {
      const key = q.pair!.id.replace(/-\d+$/, '');
      byTwin.set(key, [...(byTwin.get(key) ?? []), ...q.targets]);
    }
    for (const ids of byTwin.values()) {
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeLessThanOrEqual(6);
    }
  });
});

describe('generateItems', () => {
  /** A scene's seg and depth pixels as read back from its PNGs (what the point task needs). */
  async function pixelsOf(scene: Scene): Promise<(frame: number) => FramePixels | null> {
    const layers = new Map<number, FramePixels>();
    for (const f of scene.frames) layers.set(f.index, await reader.layers(scene.id, f.index));
    return (k) => layers.get(k) ?? null;
  }

  it('is a pure function of the scene.json and the PNGs on disk and the config', async () => {
    for (const id of ['000000', '000005', '000017']) {
      const scene = JSON.parse(await readFile(join(data.dir, 'scenes', id, 'scene.json'), 'utf8')) as Scene;
      const again = generateItems(scene, data.config, await pixelsOf(scene));
      expect(JSON.stringify(again)).toBe(JSON.stringify(data.items.filter((q) => q.scene === id)));
    }
  });

  it('writes valid lines with unique ids, the scene split, the task capabilities, and files that exist', async () => {
    expect(new Set(data.items.map((q) => q.id)).size).toBe(data.items.length);
    const tasks = new Map(TASKS.map((t) => [t.name, t]));
    for (const q of data.items) {
      expect(QaItemSchema.safeParse(q).success).toBe(true);
      const scene = await reader.scene(q.scene);
      expect(q.split).toBe(scene.split);
      expect(q.id.startsWith(`${q.scene}-${q.task}-`)).toBe(true);
      const task = tasks.get(q.task)!;
      expect([q.kind, q.capabilities, q.level]).toEqual([task.kind, task.capabilities, task.level]);
      for (const image of q.images) await expect(readFile(join(data.dir, image))).resolves.toBeTruthy();
      if (q.context) expect((await reader.text(q.context))?.length).toBeGreaterThan(0);
    }
  });

  it('gives every item of a task answerable from the description exactly one text twin', () => {
    const text = new Set(TASKS.filter((t) => t.text).map((t) => t.name));
    const ids = new Set(data.items.map((q) => q.id));
    for (const q of data.items) {
      if (q.context) expect(ids.has(q.id.replace(/-text$/, ''))).toBe(true);
      else expect(ids.has(`${q.id}-text`), q.id).toBe(text.has(q.task));
    }
  });

  it('never gives a numeric answer of 0 (mean relative accuracy is undefined there)', () => {
    const numeric = data.items.filter((q) => q.answer_type === 'number');
    expect(numeric.length).toBeGreaterThan(100);
    for (const q of numeric) expect(q.answer).toBeGreaterThan(0);
  });

  it('names only referable objects (whose name tells them apart)', async () => {
    for (const q of data.items) {
      if (q.task === 'count') continue;
      const scene = await reader.scene(q.scene);
      for (const id of q.targets) expect(scene.objects.find((x) => x.id === id)!.referable, q.id).toBe(true);
    }
  });

  it('asks the low, upward-looking views only a share of the single-image questions', async () => {
    let low = 0;
    let all = 0;
    for (const q of data.items) {
      if (q.task === 'depth_order' || q.context || q.images.length !== 1) continue;
      const scene = await reader.scene(q.scene);
      all++;
      if (scene.frames[frameOf(q)].view === 'low') low++;
    }
    expect(all).toBeGreaterThan(300);
    // config.tasks.low_view_share (0.1) of each task's draws per scene.
    expect(low / all).toBeGreaterThan(0.01);
    expect(low / all).toBeLessThan(0.25);
  });

  it('reads annotations that agree with the PNGs (visible pixels, bbox, centroid, depth median)', async () => {
    for (const scene of data.scenes.slice(0, 10))
      for (const f of scene.frames) {
        const pix = await reader.pixels(scene.id, f.index);
        for (const a of f.objects) {
          const p = pix.get(a.id);
          expect(a.visible_px).toBe(p?.px ?? 0);
          if (!p) continue;
          expect(a.bbox).toEqual(p.bbox);
          expect(a.centroid![0]).toBeCloseTo(p.u, 5);
          expect(a.centroid![1]).toBeCloseTo(p.v, 5);
          expect(a.depth_median).toBeCloseTo(p.depth, 6);
        }
      }
  });

  it('honours tasks.include, and a task draws the same items whatever else is included', async () => {
    const only = { ...data.config, tasks: { ...data.config.tasks, include: ['size', 'depth_order'] } };
    const scene = data.scenes.find((s) =>
      only.tasks.include.every((task) => data.items.some((q) => q.scene === s.id && q.task === task)),
    )!;
    const items = generateItems(scene, only, await pixelsOf(scene));
    expect(new Set(items.map((q) => q.task))).toEqual(new Set(['size', 'depth_order']));
    const full = data.items.filter((q) => q.scene === scene.id && only.tasks.include.includes(q.task));
    expect(items).toEqual(full);
  });

  it('rejects an unknown task name and an unrendered scene with one-line user errors', () => {
    const bad = { ...data.config, tasks: { ...data.config.tasks, include: ['count', 'depth'] } };
    expect(() => generateItems(data.scenes[0], bad)).toThrow(
      /tasks.include: unknown task "depth" \(known: count/,
    );
    const unrendered = {
      ...data.scenes[0],
      frames: data.scenes[0].frames.map((f) => ({ ...f, objects: [] })),
    };
    expect(() => generateItems(unrendered, data.config)).toThrow(/render the scene first/);
  });

  it('registers every task of DESIGN.md and the issues', () => {
    expect(TASK_NAMES).toEqual([
      'count',
      'depth_order',
      'relative_direction',
      'perspective',
      'occlusion',
      'distance',
      'camera_distance',
      'size',
      'room_size',
      'ego_motion',
      'object_motion',
      'action_consequence',
      'goal_aim',
      'appearance_order',
      'relative_distance',
      'route_plan',
      'recall',
      'correspondence',
      'view_pose',
      'behind',
      'num2space',
      'cognitive_map',
      'ascii_map',
      'metric_map',
      'box_grounding',
      'point_grounding',
      'view_choice',
      'action_sequence',
    ]);
  });
});
