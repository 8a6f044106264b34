import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { assertDatasetDir } from '../dataset/read';
import { resolveConfig } from '../sim/config';
import { type Dataset, DatasetSchema, datasetJsonPath, LAYERS, type Layer } from '../sim/layout';
import { frameResiduals } from '../sim/physics';
import { frameDir, SCENE_KINDS, type Scene, SceneSchema, sceneId } from '../sim/schema';
import { forEachLimited } from '../util/concurrency';
import { formatZodError } from '../util/errors';
import type { TaskSplitCounts } from './counts';
import { MANIFEST, type Manifest, ManifestSchema } from './scene-store';
import { checkPixels, checkPng, checkVideo } from './validate-pixels';
import { type ProblemGroup, Problems } from './validate-problems';
import { checkQaFile, checkSceneQa } from './validate-qa';

/**
 * `sim validate`: checks a finished dataset against the data contract (DESIGN.md) and its own
 * manifests, scene by scene with a few scenes at a time, so memory stays at a few scenes' images
 * whatever the dataset's size. Every problem is collected (not thrown) so that one run lists them
 * all, grouped by kind. The pixel checks re-derive each frame's annotations from seg.png and
 * depth.png, which catches corruption that still decodes (and a renderer that wrote the wrong
 * thing); `quick` skips decoding and keeps everything else.
 */

export interface ValidationReport {
  dir: string;
  quick: boolean;
  /** Scene folders checked, and of them how many of each kind. */
  scenes: number;
  kinds: Record<Scene['kind'], number>;
  frames: number;
  /** PNG files checked (decoded too unless quick). */
  images: number;
  /** Lines of qa.jsonl. */
  items: number;
  byTask: TaskSplitCounts;
  /** In the order of PROBLEM_KINDS; empty when the dataset is valid. */
  problems: ProblemGroup[];
}

export interface ValidateOptions {
  dir: string;
  /** Skip decoding pixels (headers, sizes, hashes and questions are still checked). */
  quick: boolean;
  /** Scenes checked at once. */
  concurrency: number;
  onProgress?: (done: number, total: number, problems: number) => void;
}

interface SceneResult {
  kind: Scene['kind'];
  frames: number;
  images: number;
}

export async function validateDataset(opts: ValidateOptions): Promise<ValidationReport> {
  const root = opts.dir;
  await assertDatasetDir(root, 'dataset.json');
  const problems = new Problems();
  const report: ValidationReport = {
    dir: root,
    quick: opts.quick,
    scenes: 0,
    kinds: Object.fromEntries(SCENE_KINDS.map((k) => [k, 0])) as Record<Scene['kind'], number>,
    frames: 0,
    images: 0,
    items: 0,
    byTask: {},
    problems: [],
  };

  // dataset.json: without it the scene count and image size are unknown, but the scenes can still be checked.
  const dataset = await readDatasetLenient(root, problems);
  const present = await sceneFolders(root, problems);
  const expected = dataset?.counts.scenes ?? 0;
  if (dataset && expected === 0 && present.size > 0)
    problems.add(
      'dataset',
      `dataset.json: counts are zero but scenes/ holds ${present.size} scene(s): the dataset was never finalized (finish \`sim generate\`, or run \`sim merge\` on the shard folders)`,
    );
  let total = expected;
  for (const i of present) total = Math.max(total, i + 1);
  for (let i = 0; i < total; i++) {
    if (!present.has(i)) problems.add('layout', `scenes/${sceneId(i)}: missing`);
    else if (i >= expected && expected > 0)
      problems.add('layout', `scenes/${sceneId(i)}: beyond counts.scenes (${expected}) in dataset.json`);
  }

  const indices = [...present].sort((a, b) => a - b);
  let done = 0;
  opts.onProgress?.(0, indices.length, 0);
  await forEachLimited(indices, opts.concurrency, async (index) => {
    const result = await checkScene(root, index, dataset, opts.quick, problems);
    report.scenes++;
    if (result) {
      report.kinds[result.kind]++;
      report.frames += result.frames;
      report.images += result.images;
    }
    opts.onProgress?.(++done, indices.length, problems.total);
  });

  report.items = await checkQaFile(root, total, report.byTask, problems);
  if (dataset && expected > 0) {
    const c = dataset.counts;
    const actual = { scenes: present.size, frames: report.frames, items: report.items };
    for (const key of ['scenes', 'frames', 'items'] as const)
      if (c[key] !== actual[key])
        problems.add('dataset', `dataset.json: counts.${key} is ${c[key]}, the dataset has ${actual[key]}`);
  }
  report.problems = problems.list();
  return report;
}

async function readDatasetLenient(root: string, problems: Problems): Promise<Dataset | null> {
  try {
    const parsed = DatasetSchema.safeParse(JSON.parse(await readFile(datasetJsonPath(root), 'utf8')));
    if (parsed.success) return parsed.data;
    problems.add('dataset', `dataset.json: ${formatZodError(parsed.error)}`);
  } catch (err) {
    problems.add('dataset', `dataset.json: not valid JSON (${(err as Error).message})`);
  }
  return null;
}

/** Indices of the scene folders under scenes/; anything else there is a problem. */
async function sceneFolders(root: string, problems: Problems): Promise<Set<number>> {
  const out = new Set<number>();
  const names = await readdir(join(root, 'scenes')).catch(() => null);
  if (!names) {
    problems.add('layout', 'scenes/: missing');
    return out;
  }
  for (const name of names) {
    const index = Number(name);
    if (/^\d{6,}$/.test(name) && sceneId(index) === name) out.add(index);
    else if (!name.endsWith('.tmp')) problems.add('layout', `scenes/${name}: not a scene folder`);
  }
  return out;
}

/** Objects touch their supports within this, and interpenetrate by no more (DESIGN.md), m. */
const PHYSICS_TOLERANCE = 0.005;
const mm = (m: number) => (1000 * m).toFixed(1);

/**
 * One scene folder: every file read once, checked against the manifest, parsed or decoded, and the
 * annotations and questions checked against the scene and its pixels.
 */
async function checkScene(
  root: string,
  index: number,
  dataset: Dataset | null,
  quick: boolean,
  problems: Problems,
): Promise<SceneResult | null> {
  const id = sceneId(index);
  const rel = `scenes/${id}`;
  const dir = join(root, 'scenes', id);
  const present = new Set(await listFiles(dir));
  const taken = new Set<string>([MANIFEST]);

  let manifest: Manifest | null = null;
  if (!present.has(MANIFEST))
    problems.add('manifest', `${rel}: no manifest.json (the scene was never committed)`);
  else {
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')));
      if (parsed.success) manifest = parsed.data;
      else problems.add('manifest', `${rel}/manifest.json: ${formatZodError(parsed.error)}`);
    } catch (err) {
      problems.add('manifest', `${rel}/manifest.json: not valid JSON (${(err as Error).message})`);
    }
  }

  /** A file's bytes (null when absent), checked against the manifest on the way. */
  const take = async (path: string): Promise<Buffer | null> => {
    taken.add(path);
    if (!present.has(path)) return null;
    const data = await readFile(join(dir, path));
    const want = manifest?.files[path];
    if (manifest && !want) problems.add('manifest', `${rel}/${path}: not listed in manifest.json`);
    else if (want && data.length !== want.bytes)
      problems.add('manifest', `${rel}/${path}: ${data.length} bytes, manifest.json says ${want.bytes}`);
    else if (want && createHash('sha256').update(data).digest('hex') !== want.sha256)
      problems.add('manifest', `${rel}/${path}: SHA-256 differs from manifest.json`);
    return data;
  };

  const finish = (result: SceneResult | null) => {
    for (const path of present)
      if (!taken.has(path)) problems.add('layout', `${rel}/${path}: unexpected file`);
    if (manifest)
      for (const path of Object.keys(manifest.files))
        if (!present.has(path) && !taken.has(path))
          problems.add('manifest', `${rel}/${path}: listed in manifest.json but missing`);
    return result;
  };

  const scene = parseScene(await take('scene.json'), rel, problems);
  const qaText = await take('qa.jsonl');
  if (!qaText) problems.add('layout', `${rel}/qa.jsonl: missing`);
  if (!scene) {
    // Without the scene its frames are unknown: check the other files against the manifest only.
    for (const path of present) if (!taken.has(path)) await take(path);
    return finish(null);
  }

  if (scene.id !== id) problems.add('scene', `${rel}/scene.json: id is "${scene.id}", the folder is ${id}`);
  if (scene.index !== index)
    problems.add('scene', `${rel}/scene.json: index is ${scene.index}, the folder is ${id}`);
  const size = dataset?.config.image;
  const objectIds = scene.objects.map((o) => o.id);
  const frameIndices = new Set<number>();
  for (const f of scene.frames) {
    const where = `${rel}/scene.json: frames[index ${f.index}]`;
    if (frameIndices.has(f.index)) problems.add('scene', `${where}: index used twice`);
    frameIndices.add(f.index);
    if (size && (f.width !== size.width || f.height !== size.height))
      problems.add('scene', `${where}: ${f.width}×${f.height}, the config says ${size.width}×${size.height}`);
    const annotated = f.objects.map((a) => a.id).sort((a, b) => a - b);
    if (annotated.join() !== [...objectIds].sort((a, b) => a - b).join())
      problems.add('scene', `${where}: objects[] annotates ids [${annotated}], the scene has [${objectIds}]`);
  }
  for (const f of scene.frames) {
    const r = frameResiduals(scene, f);
    if (Math.max(r.max_gap, r.max_penetration) > PHYSICS_TOLERANCE)
      problems.add(
        'physics',
        `${rel}/scene.json: frames[index ${f.index}]: gap ${mm(r.max_gap)} mm, penetration ${mm(r.max_penetration)} mm`,
      );
  }
  for (const f of scene.frames)
    if (f.twin !== null && !frameIndices.has(f.twin))
      problems.add(
        'scene',
        `${rel}/scene.json: frames[index ${f.index}]: twin ${f.twin} is no frame of the scene`,
      );
  if (manifest && manifest.scene !== id)
    problems.add('manifest', `${rel}/manifest.json: scene is "${manifest.scene}"`);
  if (manifest && manifest.frames !== scene.frames.length)
    problems.add(
      'manifest',
      `${rel}/manifest.json: frames is ${manifest.frames}, scene.json has ${scene.frames.length}`,
    );

  let images = 0;
  for (const frame of scene.frames) {
    const kk = frameDir(frame.index);
    const layers: Partial<Record<Layer, Uint16Array | null>> = {};
    for (const layer of LAYERS) {
      const path = `frames/${kk}/${layer}.png`;
      const data = await take(path);
      if (!data) {
        problems.add('image', `${rel}/${path}: missing`);
        continue;
      }
      images++;
      layers[layer] = await checkPng(data, layer, frame, `${rel}/${path}`, quick, problems);
    }
    if (layers.seg)
      checkPixels(layers.seg, layers.depth ?? null, frame, objectIds, `${rel}/frames/${kk}`, problems);
  }

  if (scene.kind === 'walkthrough') {
    const video = await take('video.mp4');
    if (!video) problems.add('layout', `${rel}/video.mp4: missing (a walkthrough scene has one)`);
    else await checkVideo(video, scene, `${rel}/video.mp4`, quick, problems);
  }

  if (qaText) {
    const { lines, contexts } = checkSceneQa(qaText.toString('utf8'), scene, rel, problems, {
      minInFrame: (dataset?.config ?? resolveConfig({})).tasks.min_in_frame_fraction,
    });
    if (manifest && manifest.items !== lines)
      problems.add('manifest', `${rel}/manifest.json: items is ${manifest.items}, qa.jsonl has ${lines}`);
    // Each description a question names is there, and says what the scene says.
    for (const [path, want] of contexts) {
      const text = await take(path.slice(rel.length + 1));
      if (!text) problems.add('reference', `${path}: missing (named as a context in qa.jsonl)`);
      else if (text.toString('utf8') !== want)
        problems.add('scene', `${path}: differs from the description scene.json gives`);
    }
  }
  return finish({ kind: scene.kind, frames: scene.frames.length, images });
}

function parseScene(data: Buffer | null, rel: string, problems: Problems): Scene | null {
  if (!data) {
    problems.add('layout', `${rel}/scene.json: missing`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch (err) {
    problems.add('scene', `${rel}/scene.json: not valid JSON (${(err as Error).message})`);
    return null;
  }
  const parsed = SceneSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.add('scene', `${rel}/scene.json: ${formatZodError(parsed.error)}`);
  return null;
}

/** Files under a scene folder (temporaries of an interrupted write left out), relative, '/'-separated. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
