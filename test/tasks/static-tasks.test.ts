import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import type { Scene } from '../../sim/schema';
import { generateItems, TASK_NAMES } from '../../tasks/index';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import { buildDataset, smallConfig, type TaskDataset } from './dataset';
import { checkAll, DatasetReader } from './rederive';

/**
 * Static scenes (twin frames at an upper and a low height): every static task's answers re-derived
 * from the PNGs and scene.json on disk, and the far-looks-up pairs checked on rendered pixels.
 */

const SCENES = Array.from({ length: 24 }, (_, i) => i);
/** Items each task must yield on these scenes (so the checks below are not vacuous). */
const MIN_ITEMS: Record<string, number> = {
  count: 25,
  depth_order: 20,
  relative_direction: 60,
  perspective: 40,
  occlusion: 30,
  distance: 50,
  camera_distance: 30,
  size: 30,
  room_size: 20,
  action_consequence: 30,
};

let renderer: Renderer;
let data: TaskDataset;
let reader: DatasetReader;

beforeAll(async () => {
  renderer = await Renderer.start({ shadowMapSize: 1024 });
  const config = smallConfig({ dynamic_fraction: 0, splits: { train: 0.5, val: 0.1, test: 0.4 } });
  data = await buildDataset(renderer, config, 11, SCENES);
  reader = new DatasetReader(data.dir, data.config);
});

afterAll(async () => {
  await renderer?.close();
  await data?.remove();
});

describe('static tasks: answers re-derived from the PNGs and scene.json (and wrong answers caught)', () => {
  for (const [task, min] of Object.entries(MIN_ITEMS))
    it(`${task}: agrees on every item`, async () => {
      const items = data.items.filter((q) => q.task === task);
      expect(items.length).toBeGreaterThanOrEqual(min);
      expect(await checkAll(reader, items)).toEqual([]);
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
      const [fa, fb] = [a, b].map((q) => Number(/frames\/(\d+)\//.exec(q.images[0])![1]));
      expect(scene.frames[fa].twin).toBe(fb);
    }
  });

  it('puts the farther centroid ≥ 5% of the image height higher in consistent items and lower in counter ones', async () => {
    for (const q of data.items.filter((x) => x.task === 'depth_order')) {
      const scene = await reader.scene(q.scene);
      const frame = Number(/frames\/(\d+)\//.exec(q.images[0])![1]);
      const pix = await reader.pixels(q.scene, frame);
      const [near, far] = [q.answer_object!, q.targets.find((id) => id !== q.answer_object)!];
      const offset = (pix.get(near)!.v - pix.get(far)!.v) / scene.frames[frame].height;
      if (q.pair!.role === 'consistent') expect(offset).toBeGreaterThanOrEqual(0.05);
      else expect(offset).toBeLessThanOrEqual(-0.05);
    }
  });

  it('yields pairs in most static scenes', () => {
    const scenesWithPairs = new Set(data.items.filter((q) => q.pair).map((q) => q.scene));
    expect(scenesWithPairs.size).toBeGreaterThanOrEqual(SCENES.length / 3);
  });
});

describe('generateItems', () => {
  it('is a pure function of the scene.json on disk and the config', async () => {
    for (const id of ['000000', '000005', '000017']) {
      const scene = JSON.parse(await readFile(join(data.dir, 'scenes', id, 'scene.json'), 'utf8')) as Scene;
      const again = generateItems(scene, data.config);
      expect(JSON.stringify(again)).toBe(JSON.stringify(data.items.filter((q) => q.scene === id)));
    }
  });

  it('writes valid lines with unique ids, the scene split, and images that exist', async () => {
    expect(new Set(data.items.map((q) => q.id)).size).toBe(data.items.length);
    for (const q of data.items) {
      expect(QaItemSchema.safeParse(q).success).toBe(true);
      const scene = await reader.scene(q.scene);
      expect(q.split).toBe(scene.split);
      expect(q.id.startsWith(`${q.scene}-${q.task}-`)).toBe(true);
      for (const image of q.images) await expect(readFile(join(data.dir, image))).resolves.toBeTruthy();
    }
  });

  it('never gives a numeric answer of 0 (mean relative accuracy is undefined there)', () => {
    const numeric = data.items.filter((q) => q.answer_type === 'number');
    expect(numeric.length).toBeGreaterThan(100);
    for (const q of numeric) expect(q.answer).toBeGreaterThan(0);
  });

  it('asks only about objects whose colour and category are unique in the scene', async () => {
    for (const q of data.items) {
      if (q.task === 'count') continue;
      const scene = await reader.scene(q.scene);
      for (const id of q.targets) {
        const o = scene.objects.find((x) => x.id === id)!;
        expect(scene.objects.filter((x) => x.category === o.category && x.color === o.color)).toHaveLength(1);
      }
    }
  });

  it('honours tasks.include, and a task draws the same items whatever else is included', () => {
    const only = { ...data.config, tasks: { ...data.config.tasks, include: ['size', 'depth_order'] } };
    const scene = data.scenes[3];
    const items = generateItems(scene, only);
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

  it('registers every task of DESIGN.md', () => {
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
    ]);
  });
});
