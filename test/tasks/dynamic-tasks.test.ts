import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import { generateScene } from '../../sim/scene';
import { buildDataset, smallConfig, type TaskDataset } from './dataset';
import { checkAll, DatasetReader } from './rederive';

/**
 * Dynamic scenes (camera paths, and objects moving before a still camera): every dynamic task's
 * answers re-derived from the PNGs and scene.json on disk, and each wrong answer caught.
 */

const SEED = 5;
const config = smallConfig({ dynamic_fraction: 1 });
/** Scenes 0–39, then more scenes with moving objects (a minority of dynamic scenes), found by simulating only. */
function sceneIndices(): number[] {
  const out = Array.from({ length: 40 }, (_, i) => i);
  for (let i = 40, extra = 0; extra < 24 && i < 400; i++)
    if (generateScene(config, SEED, i).motion.objects.length) {
      out.push(i);
      extra++;
    }
  return out;
}
const MIN_ITEMS: Record<string, number> = {
  ego_motion: 15,
  object_motion: 15,
  action_consequence: 20,
  goal_aim: 25,
  appearance_order: 5,
};

let renderer: Renderer;
let data: TaskDataset;
let reader: DatasetReader;

beforeAll(async () => {
  renderer = await Renderer.start({ shadowMapSize: 1024 });
  data = await buildDataset(renderer, config, SEED, sceneIndices());
  reader = new DatasetReader(data.dir, data.config);
});

afterAll(async () => {
  await renderer?.close();
  await data?.remove();
});

describe('dynamic tasks: answers re-derived from the PNGs and scene.json (and wrong answers caught)', () => {
  for (const [task, min] of Object.entries(MIN_ITEMS))
    it(`${task}: agrees on every item`, async () => {
      const items = data.items.filter((q) => q.task === task);
      expect(items.length).toBeGreaterThanOrEqual(min);
      expect(
        items.every(
          (q) => q.kind === 'dynamic' && q.images.length >= (task === 'action_consequence' ? 1 : 2),
        ),
      ).toBe(true);
      expect(await checkAll(reader, items)).toEqual([]);
    });

  it('states real camera moves in action_consequence, and checks them against the last frame', async () => {
    const onPaths: string[] = [];
    for (const q of data.items.filter((x) => x.task === 'action_consequence'))
      if ((await reader.scene(q.scene)).motion.camera !== null) onPaths.push(q.id);
    expect(onPaths.length).toBeGreaterThanOrEqual(5);
  });

  it('asks the static tasks about the first frame of a dynamic scene too', async () => {
    const staticItems = data.items.filter((q) => q.kind === 'static' && q.task !== 'room_size');
    expect(staticItems.length).toBeGreaterThan(50);
    expect(staticItems.every((q) => q.images.length === 1 && q.images[0].includes('/frames/00/'))).toBe(true);
    expect(await checkAll(reader, staticItems)).toEqual([]);
  });
});
