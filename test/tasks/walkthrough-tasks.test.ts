import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import { buildDataset, onlyKind, smallConfig, type TaskDataset } from './dataset';
import { DatasetReader } from './rederive';
import { rederivationTests } from './suite';

/**
 * Walkthroughs (a camera walking the room, questions on the whole video) and multi-view sets (2–5
 * views of a still room): every task asked about them re-derived from the PNGs and scene.json on
 * disk, and each wrong answer caught. Short walks (8 kept frames) keep the renders small.
 */

const SCENES = Array.from({ length: 16 }, (_, i) => i);

let renderer: Renderer;
beforeAll(async () => {
  renderer = await Renderer.start({ shadowMapSize: 1024 });
});
afterAll(async () => {
  await renderer?.close();
});

function datasetOf(kind: 'walkthrough' | 'multiview', seed: number) {
  const state: { data?: TaskDataset; reader?: DatasetReader } = {};
  beforeAll(async () => {
    const config = smallConfig({ ...onlyKind(kind), walkthrough: { frames: 8 } });
    state.data = await buildDataset(renderer, config, seed, SCENES);
    state.reader = new DatasetReader(state.data.dir, state.data.config);
  });
  afterAll(async () => {
    await state.data?.remove();
  });
  return () => ({ data: state.data!, reader: state.reader! });
}

describe('walkthrough tasks: answers re-derived from the frames and scene.json', () => {
  const get = datasetOf('walkthrough', 11);
  rederivationTests(get, {
    count: 8,
    appearance_order: 8,
    route_plan: 10,
    recall: 5,
    room_size: 1,
    distance: 25,
    relative_distance: 15,
    perspective: 15,
    goal_aim: 12,
    num2space: 15,
    size: 6,
    cognitive_map: 1,
    ascii_map: 1,
    metric_map: 8,
    action_sequence: 5,
  });

  it('asks whole-video questions on every kept frame, in order', () => {
    const { data } = get();
    const video = data.items.filter((q) =>
      ['count', 'appearance_order', 'route_plan', 'recall'].includes(q.task),
    );
    expect(video.length).toBeGreaterThan(20);
    for (const q of video.filter((x) => !x.context))
      expect(q.images, q.id).toEqual(
        Array.from({ length: 8 }, (_, k) => `scenes/${q.scene}/frames/0${k}/rgb.png`),
      );
  });
});

describe('multi-view tasks: answers re-derived from the views and scene.json', () => {
  const get = datasetOf('multiview', 13);
  rederivationTests(get, {
    view_pose: 12,
    view_choice: 5,
    correspondence: 2,
    behind: 4,
  });

  it('shows more than one view in every cross-view question', () => {
    const { data } = get();
    for (const q of data.items.filter(
      (x) => !x.context && ['view_pose', 'correspondence', 'behind'].includes(x.task),
    ))
      expect(q.images.length, q.id).toBeGreaterThanOrEqual(2);
  });
});
