import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { sceneDir, sceneJsonPath, sceneQaPath } from '../sim/layout';
import type { Scene } from '../sim/schema';
import type { QaItem } from '../tasks/schema';
import { writeFileAtomic } from '../util/files';

/**
 * One scene folder is committed in a fixed order: frame PNGs and a walkthrough's video (written by
 * the renderer), then the text descriptions, qa.jsonl and scene.json, then manifest.json with the
 * size and SHA-256 of every file. The
 * manifest is written last, so its presence means the scene is finished; a resumed run trusts a
 * scene only when every file still matches it, and makes the scene again otherwise.
 */

export const MANIFEST = 'manifest.json';

export const ManifestSchema = z.strictObject({
  scene: z.string(),
  frames: z.number().int().min(0),
  items: z.number().int().min(0),
  /** Paths relative to the scene folder, '/'-separated, sorted. */
  files: z.record(
    z.string(),
    z.strictObject({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function qaLines(items: readonly QaItem[]): string {
  return items.map((q) => `${JSON.stringify(q)}\n`).join('');
}

export async function commitScene(
  root: string,
  scene: Scene,
  items: readonly QaItem[],
  texts: ReadonlyMap<string, string>,
): Promise<Manifest> {
  const dir = sceneDir(root, scene.index);
  for (const [path, text] of texts) await writeFileAtomic(join(root, path), text);
  await writeFileAtomic(sceneQaPath(root, scene.index), qaLines(items));
  await writeFileAtomic(sceneJsonPath(root, scene.index), `${JSON.stringify(scene, null, 2)}\n`);
  const files: Manifest['files'] = {};
  for (const path of await listFiles(dir)) {
    const data = await readFile(join(dir, path));
    files[path] = { bytes: data.length, sha256: sha256(data) };
  }
  const manifest: Manifest = { scene: scene.id, frames: scene.frames.length, items: items.length, files };
  await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The scene's manifest when the scene is complete and intact; null when it must be made (again). */
export async function verifyScene(root: string, index: number): Promise<Manifest | null> {
  const dir = sceneDir(root, index);
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')));
  } catch {
    return null;
  }
  const present = await listFiles(dir);
  if (present.length !== Object.keys(manifest.files).length) return null;
  for (const path of present) {
    const want = manifest.files[path];
    if (!want) return null;
    const data = await readFile(join(dir, path)).catch(() => null);
    if (!data || data.length !== want.bytes || sha256(data) !== want.sha256) return null;
  }
  return manifest;
}

/** Removes whatever an earlier, unfinished attempt left of a scene. */
export async function clearScene(root: string, index: number): Promise<void> {
  await rm(sceneDir(root, index), { recursive: true, force: true });
}

/** Files under a scene folder (not the manifest, not temporaries), relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })) as string[];
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e === MANIFEST || e.endsWith('.tmp')) continue;
    const s = await stat(join(dir, e));
    if (s.isFile()) out.push(relative(dir, join(dir, e)).split(sep).join('/'));
  }
  return out.sort();
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
