import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxInFrameShare } from '../../sim/camera';
import { resolveConfig } from '../../sim/config';
import { boxCorners } from '../../sim/geometry';
import { framePath } from '../../sim/layout';
import { type Scene, SceneSchema } from '../../sim/schema';
import { TASKS } from '../../tasks/index';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import { STRUCTURED_TYPES } from '../../tasks/structured';
import { runCli } from '../helpers/cli';

/**
 * What a default dataset of 40 scenes must show (at 128² to keep it quick; the pixel thresholds
 * scale with the image): every task and answer type, far-looks-up pairs that apparent size does not
 * answer, and no question about an object mostly outside its image.
 */
let root: string;
let items: QaItem[];
const scenes = new Map<string, Scene>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-default-'));
  const r = await runCli(['generate', '--scenes', '40', '--size', '128', '--out', root]);
  expect(r.code, r.stderr).toBe(0);
  const lines = (await readFile(join(root, 'qa.jsonl'), 'utf8')).split('\n').filter(Boolean);
  items = lines.map((l) => QaItemSchema.parse(JSON.parse(l)));
  for (let i = 0; i < 40; i++) {
    const id = String(i).padStart(6, '0');
    scenes.set(
      id,
      SceneSchema.parse(JSON.parse(await readFile(join(root, 'scenes', id, 'scene.json'), 'utf8'))),
    );
  }
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const frameOf = (q: QaItem, image: string) => {
  const scene = scenes.get(q.scene)!;
  return scene.frames.find((f) => framePath(scene.index, f.index, 'rgb') === image)!;
};

describe('a default dataset of 40 scenes', () => {
  it('has every kind of scene, every task and every answer type', () => {
    expect(new Set([...scenes.values()].map((s) => s.kind))).toEqual(
      new Set(['static', 'dynamic', 'walkthrough', 'multiview']),
    );
    const tasks = new Set(items.map((q) => q.task));
    for (const task of TASKS) expect(tasks, task.name).toContain(task.name);
    const types = new Set(items.map((q) => q.answer_type));
    for (const type of ['choice', 'number', ...STRUCTURED_TYPES]) expect(types, type).toContain(type);
    // Text twins of every task that has them, with no images and a description instead.
    const twins = items.filter((q) => q.context);
    expect(twins.length).toBeGreaterThan(0);
    for (const task of TASKS.filter((t) => t.text))
      expect(new Set(twins.map((q) => q.task))).toContain(task.name);
    expect(twins.every((q) => q.images.length === 0)).toBe(true);
  });

  it('asks about an object only when most of it is inside the image, by its pixels and its box', () => {
    const min = resolveConfig({}).tasks.min_in_frame_fraction;
    let cutObjects = 0;
    for (const scene of scenes.values())
      for (const f of scene.frames)
        cutObjects += f.objects.filter((a) => a.visible_px > 0 && a.in_frame_fraction < min).length;
    // The rule has something to refuse: objects the border cuts are common.
    expect(cutObjects).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const q of items) {
      if (q.images.length !== 1 || q.task === 'count') continue;
      const f = frameOf(q, q.images[0]);
      const scene = scenes.get(q.scene)!;
      for (const id of q.targets) {
        const a = f.objects.find((x) => x.id === id);
        const o = scene.objects.find((x) => x.id === id)!;
        const pose = f.poses[String(id)] ?? o;
        const box = boxInFrameShare(
          f.K,
          f.T_cam_world,
          f.width,
          f.height,
          boxCorners({ ...pose, size: o.size }),
        );
        const share = Math.min(box, a?.in_frame_fraction ?? 0);
        if (share < min) bad.push(`${q.id}: object ${id} ${(100 * share).toFixed(0)}% in frame`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has far-looks-up pairs on which the larger-in-the-image object is not always the nearer', () => {
    const pairs = new Map<string, QaItem[]>();
    for (const q of items.filter((q) => q.pair)) pairs.set(q.pair!.id, [...(pairs.get(q.pair!.id) ?? []), q]);
    expect(pairs.size).toBeGreaterThan(0);
    let nearLooksSmaller = 0;
    for (const twins of pairs.values()) {
      expect(twins.map((q) => q.pair!.role).sort()).toEqual(['consistent', 'counter']);
      for (const q of twins) {
        const f = frameOf(q, q.images[0]);
        const px = (id: number) => f.objects.find((a) => a.id === id)!.visible_px;
        const far = q.targets.find((t) => t !== q.answer_object)!;
        // The apparent-size rule: the two look about as large.
        expect(px(far)).toBeGreaterThanOrEqual(px(q.answer_object!) / 1.44 - 1);
        expect(px(far)).toBeLessThanOrEqual(2 * px(q.answer_object!) + 1);
        if (px(q.answer_object!) < px(far)) nearLooksSmaller++;
      }
    }
    expect(nearLooksSmaller).toBeGreaterThan(0);
  });
});
