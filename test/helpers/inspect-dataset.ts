import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Renderer } from '../../render/renderer';
import { type Config, resolveConfig } from '../../sim/config';
import {
  DATASET_VERSION,
  DatasetSchema,
  datasetJsonPath,
  framePath,
  qaPath,
  sceneDir,
  sceneJsonPath,
  sceneQaPath,
} from '../../sim/layout';
import { generateScene } from '../../sim/scene';
import { type Annotation, type Scene, sceneId } from '../../sim/schema';
import { letter, type QaItem, QaItemSchema } from '../../tasks/schema';

/**
 * A small rendered dataset in the public format (DESIGN.md) for the inspector's tests: real scenes
 * from generateScene, rendered by the real renderer, and hand-written questions that pass
 * QaItemSchema. It stands in for `sim generate` until that lands.
 *
 * Scene ids 0, 3, 4 and 5 hold, for variety: a static train scene, a dynamic scene with a moving
 * object, a static val scene, and a dynamic scene with a moving camera — the first scenes of seed 7
 * that are so, relabelled with these ids, so that the tests stay put whatever the generator makes
 * of each index. Questions: every scene has a depth_order pair
 * whose twins sit in frames 0 and 1 of that scene, except scenes 3 and 5, whose twins are each
 * other's (a pair across scenes); plus numeric items (distance, size) and a multi-image dynamic item.
 */

export const INSPECT_SEED = 7;
export const INSPECT_SCENES = [0, 3, 4, 5] as const;

export interface InspectDataset {
  dir: string;
  /** The annotated scenes as written, in folder order. */
  scenes: Scene[];
  /** Every line of qa.jsonl, in file order. */
  items: QaItem[];
  remove(): Promise<void>;
}

export async function writeInspectDataset(
  opts: { renderer?: Renderer; indices?: readonly number[] } = {},
): Promise<InspectDataset> {
  // A plain folder name inside the temporary one: the app shows it as the dataset's name.
  const parent = await mkdtemp(join(tmpdir(), 'sim-inspect-data-'));
  const remove = () => rm(parent, { recursive: true, force: true });
  try {
    const dir = join(parent, 'demo');
    await mkdir(dir);
    return { dir, ...(await fill(dir, opts.indices ?? INSPECT_SCENES, opts.renderer)), remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

async function fill(
  dir: string,
  indices: readonly number[],
  shared: Renderer | undefined,
): Promise<{ scenes: Scene[]; items: QaItem[] }> {
  const config = resolveConfig({
    image: { width: 256, height: 192 },
    frames: 3,
    dynamic_fraction: 0.5,
    render: { shadow_map_size: 1024 },
  });
  const renderer = shared ?? (await Renderer.start({ shadowMapSize: config.render.shadow_map_size }));
  const scenes: Scene[] = [];
  try {
    for (const index of indices) {
      const scene = { ...sceneFor(config, index), id: sceneId(index), index };
      const { scene: annotated } = await renderer.renderScene(scene, sceneDir(dir, index));
      await writeFile(sceneJsonPath(dir, index), `${JSON.stringify(annotated, null, 2)}\n`);
      scenes.push(annotated);
    }
  } finally {
    if (!shared) await renderer.close();
  }

  const perScene = scenes.map((s) => questionsFor(s));
  linkAcrossScenes(perScene, scenes);
  const items = perScene.flat().map((q) => QaItemSchema.parse(q));
  for (const s of scenes) {
    const own = items.filter((q) => q.scene === s.id);
    await writeFile(sceneQaPath(dir, s.index), jsonl(own));
  }
  await writeFile(qaPath(dir), jsonl(items));
  const dataset = DatasetSchema.parse({
    version: DATASET_VERSION,
    seed: INSPECT_SEED,
    config,
    counts: {
      scenes: scenes.length,
      frames: scenes.reduce((n, s) => n + s.frames.length, 0),
      items: items.length,
    },
  });
  await writeFile(datasetJsonPath(dir), `${JSON.stringify(dataset, null, 2)}\n`);
  return { scenes, items };
}

const WANTED: Record<number, (s: Scene) => boolean> = {
  0: (s) => s.kind === 'static' && s.split === 'train',
  3: (s) => s.kind === 'dynamic' && s.motion.objects.length > 0,
  4: (s) => s.kind === 'static' && s.split === 'val',
  5: (s) => s.kind === 'dynamic' && s.motion.camera !== null,
};

/** The first scene of the seed that fits the slot (any scene for slots without a wish). */
function sceneFor(config: Config, slot: number): Scene {
  const wanted = WANTED[slot];
  if (!wanted) return generateScene(config, INSPECT_SEED, slot);
  for (let i = 0; i < 500; i++) {
    const scene = generateScene(config, INSPECT_SEED, i);
    if (wanted(scene)) return scene;
  }
  throw new Error(`no scene of seed ${INSPECT_SEED} fits slot ${slot}`);
}

function jsonl(items: readonly unknown[]): string {
  return items.map((q) => `${JSON.stringify(q)}\n`).join('');
}

/** The two most visible objects of a frame, closer first (by the median depth the render measured). */
function closerPair(frame: Scene['frames'][number]): [Annotation, Annotation] {
  const seen = frame.objects
    .filter((a) => a.depth_median !== null && a.visible_px > 0)
    .sort((a, b) => b.visible_px - a.visible_px);
  if (seen.length < 2) throw new Error(`frame ${frame.index} shows fewer than two objects`);
  const [a, b] = seen;
  return a.depth_median! <= b.depth_median! ? [a, b] : [b, a];
}

function questionsFor(scene: Scene): QaItem[] {
  const name = (id: number) => scene.objects.find((o) => o.id === id)!.name;
  const image = (k: number) => framePath(scene.index, scene.frames[k].index, 'rgb');
  const base = {
    scene: scene.id,
    split: scene.split,
    pair: null,
    answer_object: null,
    capabilities: ['spatial_relation' as const],
    level: 'perception' as const,
  };
  const items: QaItem[] = [];

  const depthOrder = (k: number, role: 'consistent' | 'counter', pairId: string): QaItem => {
    const [near, far] = closerPair(scene.frames[k]);
    // Alternate the order of the options so that the right letter is not always A.
    const named = k % 2 === 0 ? [near.id, far.id] : [far.id, near.id];
    return {
      ...base,
      id: `${scene.id}-depth-${k}`,
      task: 'depth_order',
      kind: 'static',
      question: `Which is closer to the camera: ${name(named[0])} or ${name(named[1])}?`,
      choices: named.map(name),
      answer: letter(named.indexOf(near.id)),
      answer_type: 'choice',
      unit: null,
      images: [image(k)],
      targets: named,
      answer_object: near.id,
      pair: { id: pairId, role },
    };
  };
  items.push(depthOrder(0, 'consistent', `pair-${scene.id}`));
  items.push(depthOrder(1, 'counter', `pair-${scene.id}`));

  const [a, b] = scene.objects;
  const centreDistance = Math.hypot(...a.position.map((v, i) => v - b.position[i]));
  items.push({
    ...base,
    id: `${scene.id}-distance`,
    task: 'distance',
    kind: 'static',
    question: `How far apart are the centres of ${a.name} and ${b.name}, in metres?`,
    choices: null,
    answer: Math.round(centreDistance * 100) / 100,
    answer_type: 'number',
    unit: 'm',
    images: [image(0)],
    targets: [a.id, b.id],
    measure: 'centre',
  });
  items.push({
    ...base,
    id: `${scene.id}-size`,
    task: 'size',
    kind: 'static',
    question: `How long is the longest side of ${a.name}, in centimetres?`,
    choices: null,
    answer: Math.round(Math.max(...a.size) * 100),
    answer_type: 'number',
    unit: 'cm',
    images: [image(0)],
    targets: [a.id],
  });
  if (scene.kind === 'dynamic') {
    const moved = Object.keys(scene.frames.at(-1)!.poses).map(Number);
    const choices = ['yes', 'no'];
    items.push({
      ...base,
      id: `${scene.id}-motion`,
      task: moved.length ? 'object_motion' : 'ego_motion',
      kind: 'dynamic',
      question: moved.length
        ? `Did ${name(moved[0])} move between the first and the last image?`
        : 'Did the camera move between the first and the last image?',
      choices,
      answer: 'A',
      answer_type: 'choice',
      unit: null,
      images: scene.frames.map((_, k) => image(k)),
      targets: moved.slice(0, 1),
    });
  }
  return items;
}

/**
 * Scenes 3 and 5 trade twins, so that one pair spans two scenes: the consistent item of scene 3 and
 * the counter item of scene 5 share a pair id; the other two items of those pairs are dropped, so
 * every pair id is still shared by exactly two items.
 */
function linkAcrossScenes(perScene: QaItem[][], scenes: Scene[]): void {
  const i3 = scenes.findIndex((s) => s.index === 3);
  const i5 = scenes.findIndex((s) => s.index === 5);
  if (i3 < 0 || i5 < 0) return;
  perScene[i3] = perScene[i3].filter((q) => q.pair?.role !== 'counter');
  perScene[i5] = perScene[i5].filter((q) => q.pair?.role !== 'consistent');
  const counter5 = perScene[i5].find((q) => q.pair?.role === 'counter')!;
  counter5.pair = { id: `pair-${scenes[i3].id}`, role: 'counter' };
}

/** One line of a `--results` file (extra fields as `sim eval` or other tools might add them). */
export interface ResultFixtureLine {
  id: string;
  model: string;
  correct: boolean;
  response?: string;
  prediction?: number;
  [extra: string]: unknown;
}

/**
 * Answers of two models: "m1" gets every counter twin and every size item wrong (a far-looks-up
 * victim), "m2" gets only the distance items of val scenes wrong. Choice items carry a response
 * text, numeric ones a prediction.
 */
export function resultsFor(items: readonly QaItem[]): ResultFixtureLine[] {
  return items.flatMap((q) => {
    const line = (model: string, correct: boolean): ResultFixtureLine =>
      typeof q.answer === 'number'
        ? { id: q.id, model, correct, prediction: correct ? q.answer : q.answer * 2, latency_ms: 12 }
        : {
            id: q.id,
            model,
            correct,
            response: correct ? (q.answer as string) : 'Z',
            usage: { prompt_tokens: 10 },
          };
    return [
      line('m1', !(q.pair?.role === 'counter' || q.task === 'size')),
      line('m2', !(q.task === 'distance' && q.split === 'val')),
    ];
  });
}
