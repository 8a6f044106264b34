import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import { generateScene } from '../../sim/scene';
import { buildDataset, onlyKind, smallConfig, type TaskDataset } from './dataset';
import { checkAll, DatasetReader } from './rederive';
import { rederivationTests } from './suite';

/**
 * Dynamic scenes (camera paths, and objects moving before a still camera): every dynamic task's
 * answers re-derived from the PNGs and scene.json on disk, and each wrong answer caught.
 */

const SEED = 5;
const config = smallConfig(onlyKind('dynamic'));
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
  appearance_order: 2,
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
  rederivationTests(() => ({ data, reader }), MIN_ITEMS);

  it('shows every frame of the clip in the motion questions', async () => {
    for (const q of data.items.filter(
      (x) => !x.context && ['ego_motion', 'object_motion'].includes(x.task),
    )) {
      const scene = await reader.scene(q.scene);
      expect(q.images.length, q.id).toBe(scene.frames.length);
    }
  });

  it('states real camera moves in action_consequence, and checks them against the last frame', async () => {
    const onPaths: string[] = [];
    for (const q of data.items.filter((x) => x.task === 'action_consequence'))
      if ((await reader.scene(q.scene)).motion.camera !== null) onPaths.push(q.id);
    expect(onPaths.length).toBeGreaterThanOrEqual(3);
  });

  it('asks the still-image tasks about the first frame of a dynamic scene, and they agree too', async () => {
    const still = data.items.filter(
      (q) => !q.context && q.kind === 'static' && q.images.length === 1 && q.task !== 'action_consequence',
    );
    expect(still.length).toBeGreaterThan(50);
    expect(still.every((q) => q.images[0].includes('/frames/00/'))).toBe(true);
    expect(await checkAll(reader, still)).toEqual([]);
  });
});
