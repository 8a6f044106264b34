import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  type Dataset,
  DatasetSchema,
  datasetJsonPath,
  FRAME_IMAGE_PATH,
  qaPath,
  sceneJsonPath,
} from '../sim/layout';
import { type QaItem, QaItemSchema } from '../tasks/schema';
import { parseOrThrow, UserError } from '../util/errors';
import { readJsonFile } from '../util/files';
import { jsonLines } from '../util/jsonl';

/**
 * The one reader of a dataset folder (DESIGN.md, "The dataset on disk"), for every command that
 * opens one: `sim validate`, `sim export`, `sim stats`, `sim eval`, `sim inspect`, and `sim
 * generate` checking the folder it resumes. Paths come from sim/layout.ts; JSON is parsed against
 * its schema with one-line errors naming the file (and the line, in JSON Lines); a large dataset
 * is read one line and one scene at a time.
 */

/** `what` names the folder in errors: "--data data/demo", or the folder itself. */
export async function assertDatasetDir(
  dir: string,
  need: 'dataset.json' | 'qa.jsonl',
  what = dir,
): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UserError(`${what}: no such folder`);
  if (!info.isDirectory()) throw new UserError(`${what}: not a folder`);
  const path = need === 'dataset.json' ? datasetJsonPath(dir) : qaPath(dir);
  if (!(await stat(path).catch(() => null))?.isFile())
    throw new UserError(
      need === 'dataset.json'
        ? `${what}: not a dataset (no dataset.json; make one with \`sim generate\`)`
        : `${what}: no qa.jsonl in it (is it a dataset folder made by \`sim generate\`?)`,
    );
}

/**
 * dataset.json at `path`, validated, or null when there is none yet. A file that cannot be read or
 * parsed is a one-line error (never silently replaced: it may describe a dataset someone keeps).
 */
export async function readDatasetFile(path: string): Promise<Dataset | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UserError(
      `${path}: cannot read (${code ?? (err as Error).message}); is --out a folder you may write?`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(
      `${path}: not valid JSON; delete it only if the folder holds no dataset you want to keep`,
    );
  }
  return parseOrThrow(DatasetSchema, value, path);
}

/** A finished dataset's dataset.json, validated. */
export async function readDatasetJson(dir: string): Promise<Dataset> {
  await assertDatasetDir(dir, 'dataset.json');
  return (await readDatasetFile(datasetJsonPath(dir)))!;
}

/** What evaluations record of dataset.json; loose, so that older or newer generators still evaluate. */
const DatasetInfoSchema = z.looseObject({ seed: z.number().int(), version: z.number().int() });

/** Seed and version from dataset.json for provenance, or nulls when the file is absent. */
export async function readDatasetInfo(dir: string): Promise<{ seed: number | null; version: number | null }> {
  const path = datasetJsonPath(dir);
  if (!(await stat(path).catch(() => null))?.isFile()) return { seed: null, version: null };
  const info = await readJsonFile(path, DatasetInfoSchema);
  return { seed: info.seed, version: info.version };
}

/** The folder as an absolute path, once it is known to hold questions (`flag` names it in errors). */
export async function resolveDataDir(dir: string, flag: string): Promise<string> {
  const abs = resolve(dir);
  await assertDatasetDir(abs, 'qa.jsonl', `${flag} ${dir}`);
  return abs;
}

/** One validated question of qa.jsonl with its 0-based position in the file. */
export interface IndexedItem {
  index: number;
  item: QaItem;
}

/** Every question of DIR/qa.jsonl in file order, validated; the first bad line ends it, named "qa.jsonl:LINE". */
export async function* readQaItems(dir: string): AsyncGenerator<IndexedItem> {
  const path = qaPath(dir);
  if (!(await stat(path).catch(() => null))?.isFile())
    throw new UserError(`${path}: missing (the dataset is not finished; see \`sim validate\`)`);
  let index = 0;
  for await (const item of jsonLines(path, QaItemSchema)) yield { index: index++, item };
}

/** A scene's scene.json read through `schema` (the whole scene, or the part a reader needs). */
export function readSceneJson<S extends z.ZodType>(
  dir: string,
  sceneId: string,
  schema: S,
): Promise<z.output<S>> {
  return readJsonFile(sceneJsonPath(dir, Number(sceneId)), schema);
}

/** Each scene.json read once through `schema`; concurrent callers share the same read. */
export class SceneCache<S extends z.ZodType> {
  private readonly scenes = new Map<string, Promise<z.output<S>>>();

  constructor(
    private readonly dir: string,
    private readonly schema: S,
  ) {}

  get(sceneId: string): Promise<z.output<S>> {
    let scene = this.scenes.get(sceneId);
    if (!scene) {
      scene = readSceneJson(this.dir, sceneId, this.schema);
      this.scenes.set(sceneId, scene);
    }
    return scene;
  }
}

/**
 * The rgb.png files that questions name, read on demand. qa.jsonl is ordered by scene, so keeping
 * only the current scene's files avoids reading a frame again for each of its questions while
 * memory stays at one scene's images.
 */
export class FrameImages {
  private scene = '';
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  async read(path: string): Promise<Buffer> {
    const m = FRAME_IMAGE_PATH.exec(path);
    if (!m) throw new UserError(`qa.jsonl: image path ${JSON.stringify(path)} is not a frame's rgb.png`);
    if (m[1] !== this.scene) {
      this.cache.clear();
      this.scene = m[1];
    }
    let data = this.cache.get(path);
    if (!data) {
      data = await readFile(join(this.dir, path)).catch((err: NodeJS.ErrnoException) => {
        throw new UserError(`${join(this.dir, path)}: ${err.code === 'ENOENT' ? 'missing' : err.message}`);
      });
      this.cache.set(path, data);
    }
    return data;
  }
}
