import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetIndex } from '../../inspect/dataset-index';
import type { DatasetInfo, ScenePage } from '../../inspect/protocol';
import { NO_RESULTS } from '../../inspect/results';
import { InspectServer } from '../../inspect/server';
import { sceneId } from '../../sim/schema';
import { type QaItem, QaItemSchema } from '../../tasks/schema';

/**
 * A 20,000-scene dataset of questions only: scene folders with their qa.jsonl, the big qa.jsonl,
 * and no scene.json or images at all, so any attempt to read every scene up front would show.
 * Every scene has a count item; every 50th a depth_order twin pair (counter in scene 50k, its
 * consistent twin in 50k + 1); four scenes (4999, 9999, …) a rare goal_aim item.
 */
const SCENES = 20_000;
const RARE = [4999, 9999, 14999, 19999];

function item(i: number, k: number, extra: Partial<QaItem>): QaItem {
  const id = sceneId(i);
  return QaItemSchema.parse({
    id: `${id}-${k}`,
    scene: id,
    task: 'count',
    kind: 'static',
    question: 'How many chairs are there?',
    choices: null,
    answer: 2,
    answer_type: 'number',
    unit: 'count',
    images: [`scenes/${id}/frames/00/rgb.png`],
    targets: [1, 2],
    answer_object: null,
    pair: null,
    split: i % 10 === 0 ? 'test' : i % 10 === 1 ? 'val' : 'train',
    capabilities: ['counting'],
    level: 'perception',
    ...extra,
  });
}

function itemsOf(i: number): QaItem[] {
  const items = [item(i, 0, {})];
  const twin = i % 50 === 0 ? 'counter' : i % 50 === 1 ? 'consistent' : null;
  if (twin)
    items.push(
      item(i, 1, {
        task: 'depth_order',
        question: 'Which is closer to the camera: A or B?',
        choices: ['A', 'B'],
        answer: 'A',
        answer_type: 'choice',
        unit: null,
        pair: { id: `pair-${i - (i % 50)}`, role: twin },
        capabilities: ['spatial_relation'],
      }),
    );
  if (RARE.includes(i)) items.push(item(i, 2, { task: 'goal_aim' }));
  return items;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-inspect-20k-'));
  const all: string[] = [];
  for (let i = 0; i < SCENES; i++) {
    const folder = join(dir, 'scenes', sceneId(i));
    mkdirSync(folder, { recursive: true });
    const lines = itemsOf(i).map((q) => `${JSON.stringify(q)}\n`);
    writeFileSync(join(folder, 'qa.jsonl'), lines.join(''));
    all.push(...lines);
  }
  writeFileSync(join(dir, 'qa.jsonl'), all.join(''));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('DatasetIndex on 20,000 scenes', () => {
  it('serves the first page from one folder listing and one small file per scene shown', async () => {
    const index = new DatasetIndex(dir, NO_RESULTS);
    const page = await index.page({}, 0, 50);
    expect(page.scenes.map((s) => s.id)).toEqual(Array.from({ length: 50 }, (_, i) => sceneId(i)));
    expect(page).toMatchObject({ next: 50, total: SCENES, of: SCENES });
    expect(index.reads).toEqual({ sceneQa: 50, listings: 1 });
    expect(page.scenes[0]).toEqual({
      id: '000000',
      split: 'test',
      items: 2,
      tasks: ['count', 'depth_order'],
      roles: ['counter'],
      failures: {},
    });
    // The same page again reads nothing more.
    await index.page({}, 0, 50);
    expect(index.reads).toEqual({ sceneQa: 50, listings: 1 });
  });

  it('pages a rare filter in bounded steps before the background pass has run', async () => {
    const index = new DatasetIndex(dir, NO_RESULTS);
    const page = await index.page({ task: 'goal_aim' }, 0, 50);
    // Nothing found in the first stretch, but a cursor to go on from and no total yet.
    expect(page.scenes).toEqual([]);
    expect(page.total).toBeNull();
    expect(page.next).toBeGreaterThan(0);
    expect(page.next).toBeLessThan(RARE[0]);
    expect(index.reads.sceneQa).toBe(page.next);
    const id = (await index.page({ q: '04999', task: 'goal_aim' }, 0, 50)).scenes.map((s) => s.id);
    expect(id).toEqual(['004999']);
  });

  it('answers every filter over the whole dataset once qa.jsonl has been read once', async () => {
    const index = new DatasetIndex(dir, NO_RESULTS);
    index.startScan();
    await index.scanned();
    expect(index.indexState).toMatchObject({
      state: 'complete',
      invalid: 0,
      tasks: ['count', 'depth_order', 'goal_aim'],
    });
    const rare = await index.page({ task: 'goal_aim' }, 0, 50);
    expect(rare.scenes.map((s) => s.id)).toEqual(RARE.map(sceneId));
    expect(rare).toMatchObject({ total: RARE.length, next: null });
    expect((await index.page({ role: 'counter' }, 0, 10)).total).toBe(SCENES / 50);
    expect((await index.page({ role: 'paired' }, 0, 10)).total).toBe((2 * SCENES) / 50);
    expect((await index.page({ split: 'val', role: 'consistent' }, 0, 10)).total).toBe(SCENES / 50);
    // 001999, 011999 and 019990…019999.
    expect((await index.page({ q: '1999' }, 0, 100)).total).toBe(12);
    expect(await index.pairScenes('pair-100')).toEqual(['000100', '000101']);
    // The whole-dataset pass replaced per-scene reads.
    expect(index.reads.sceneQa).toBe(0);
  });

  it('lists the dataset over HTTP without any scene.json', async () => {
    const server = await InspectServer.start({ dir });
    try {
      const base = server.url.replace(/\/$/, '');
      const page = (await (await fetch(`${base}/api/scenes?limit=50&cursor=19990`)).json()) as ScenePage;
      expect(page.scenes.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => sceneId(19990 + i)));
      expect(page.next).toBeNull();
      const info = (await (await fetch(`${base}/api/dataset`)).json()) as DatasetInfo;
      expect(info.scenes).toBe(SCENES);
      expect(server.index.reads.sceneQa).toBeLessThanOrEqual(10);
    } finally {
      await server.close();
    }
  });
});
