import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finalizeDataset } from '../../pipeline/finalize';
import { commitScene, MANIFEST, ManifestSchema } from '../../pipeline/scene-store';
import { boxInFrameShare } from '../../sim/camera';
import { boxCorners } from '../../sim/geometry';
import { DatasetSchema, datasetJsonPath, framePath, sceneDir, sceneJsonPath } from '../../sim/layout';
import { type Scene, SceneSchema } from '../../sim/schema';
import { sceneTexts } from '../../tasks/index';
import { type QaItem, QaItemSchema } from '../../tasks/schema';

/**
 * Helpers for the validate and export tests, on datasets made by the real `sim generate`:
 * a fixed set of questions covering every shape the exports handle (2, 3 and 4 options, numeric
 * answers with task-specific fields, several images, a depth_order pair, text needing quotes),
 * committed the way `sim generate` commits a scene, and a way to change one file of a scene while
 * keeping its manifest true, so that a test isolates the one check it is about.
 */

export async function readScene(dir: string, index: number): Promise<Scene> {
  return SceneSchema.parse(JSON.parse(await readFile(sceneJsonPath(dir, index), 'utf8')));
}

export async function sceneCount(dir: string): Promise<number> {
  return DatasetSchema.parse(JSON.parse(await readFile(datasetJsonPath(dir), 'utf8'))).counts.scenes;
}

/** An object's box share inside a frame's image, at its pose in that frame (as `sim validate` measures it). */
function inFrame(frame: Scene['frames'][number], o: Scene['objects'][number]): number {
  const pose = frame.poses[String(o.id)] ?? o;
  const corners = boxCorners({ size: o.size, position: pose.position, yaw: pose.yaw });
  return boxInFrameShare(frame.K, frame.T_cam_world, frame.width, frame.height, corners);
}

/**
 * The fixed questions of one scene, about three objects mostly inside two of its frames (`sim
 * validate` rejects questions about objects outside their images): the first two frames that
 * share three such objects, or one frame with three.
 */
export function testItems(scene: Scene): QaItem[] {
  const shared = (i: number, j: number) =>
    scene.objects.filter((o) => inFrame(scene.frames[i], o) >= 0.9 && inFrame(scene.frames[j], o) >= 0.9);
  // Two frames, else (views turning away from each other) one frame twice.
  const pairs = scene.frames.flatMap((_, i) => scene.frames.slice(i + 1).map((_, d) => [i, i + 1 + d]));
  const two = [...pairs, ...scene.frames.map((_, i) => [i, i])].find(([i, j]) => shared(i, j).length >= 3);
  if (!two) throw new Error(`scene ${scene.id}: no two frames share three objects in frame`);
  const [a, b, c] = shared(two[0], two[1]);
  const image = (k: number) => framePath(scene.index, scene.frames[two[k]].index, 'rgb');
  const base = {
    capabilities: ['spatial_relation'],
    level: 'perception',
    scene: scene.id,
    split: scene.split,
    kind: 'static',
    pair: null,
    answer_object: null,
    unit: null,
  };
  const id = (name: string) => `${scene.id}-${name}`;
  const depthOrder = (role: 'consistent' | 'counter', k: number) => ({
    ...base,
    id: id(`depth_order-${role}`),
    task: 'depth_order',
    question: `Which is closer to the camera: ${a.name} or ${b.name}?`,
    choices: [a.name, b.name],
    answer: 'A',
    answer_type: 'choice',
    images: [image(k)],
    targets: [a.id, b.id],
    answer_object: a.id,
    pair: { id: id('pair'), role },
  });
  const items = [
    {
      ...base,
      id: id('occlusion'),
      task: 'occlusion',
      question: `Is "${a.name}"\tpartly hidden by ${b.name}?\nAnswer "yes" or "no".`,
      choices: ['yes', 'no'],
      answer: 'B',
      answer_type: 'choice',
      images: [image(0)],
      targets: [a.id, b.id],
    },
    {
      ...base,
      id: id('relative_direction'),
      task: 'relative_direction',
      question: `Where is ${c.name} seen from the camera, relative to ${a.name}?`,
      choices: ['left', 'right', 'above'],
      answer: 'C',
      answer_type: 'choice',
      images: [image(1)],
      targets: [c.id, a.id],
    },
    {
      ...base,
      id: id('size'),
      task: 'size',
      question: `How long is the longest side of ${c.name}?`,
      choices: ['45 cm', '61 cm', '92 cm', '128 cm'],
      answer: 'D',
      answer_type: 'choice',
      images: [image(0)],
      targets: [c.id],
    },
    {
      ...base,
      id: id('distance'),
      task: 'distance',
      question: `How far apart are ${a.name} and ${c.name}, centre to centre, in metres?`,
      choices: null,
      answer: 2.35,
      answer_type: 'number',
      unit: 'm',
      images: [image(0)],
      targets: [a.id, c.id],
      measure: 'centre',
    },
    {
      ...base,
      id: id('count'),
      task: 'count',
      question: 'How many chairs are there in the image?',
      choices: null,
      answer: 3,
      answer_type: 'number',
      unit: 'count',
      images: [image(1)],
      targets: [],
    },
    {
      ...base,
      id: id('ego_motion'),
      task: 'ego_motion',
      kind: 'dynamic',
      question: 'Between the first and the last image, how did the camera move?',
      choices: ['forward', 'backward', 'left', 'right'],
      answer: 'A',
      answer_type: 'choice',
      images: [image(0), image(1)],
      targets: [],
    },
    depthOrder('consistent', 0),
    depthOrder('counter', 1),
  ];
  return items.map((q) => QaItemSchema.parse(q));
}

/**
 * Replaces every scene's questions with `testItems`, committing each scene and finalizing the
 * dataset with the pipeline's own functions. Returns the questions in qa.jsonl order.
 */
export async function writeTestItems(dir: string): Promise<QaItem[]> {
  const n = await sceneCount(dir);
  const all: QaItem[] = [];
  for (let i = 0; i < n; i++) {
    const scene = await readScene(dir, i);
    const items = testItems(scene);
    // The generated questions' descriptions go with them: the test questions name their own.
    await rm(join(sceneDir(dir, i), 'text'), { recursive: true, force: true });
    await commitScene(dir, scene, items, sceneTexts(scene, items));
    all.push(...items);
  }
  await finalizeDataset(dir, n);
  return all;
}

/**
 * Writes one file of a scene (path relative to the scene folder) and updates its size, hash and
 * (for qa.jsonl) item count in manifest.json, so only the change itself is wrong.
 */
export async function rewriteSceneFile(
  dir: string,
  index: number,
  path: string,
  data: string | Uint8Array,
): Promise<void> {
  const folder = sceneDir(dir, index);
  await writeFile(join(folder, path), data);
  const manifestPath = join(folder, MANIFEST);
  const manifest = ManifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  manifest.files[path] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (path === 'qa.jsonl') manifest.items = String(data).split('\n').filter(Boolean).length;
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
