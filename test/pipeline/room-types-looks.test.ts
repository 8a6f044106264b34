import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../sim/config';
import { loadRoomTypes } from '../../sim/room-types';
import { generateScene } from '../../sim/scene';
import { runCli } from '../helpers/cli';

/**
 * Every room type through the real pipeline (`sim generate`, then `sim validate`), in both looks:
 * the flat look renders the same scenes from the same cameras, so depth.png, seg.png, scene.json,
 * the descriptions and qa.jsonl are byte-identical and only rgb.png differs.
 */

const TYPES = Object.keys(loadRoomTypes());
const SCENES = TYPES.length + 2;
const config = (style: 'realistic' | 'flat') => ({
  image: { width: 128, height: 128 },
  dynamic_fraction: 0,
  walkthrough_fraction: 0,
  multiview_fraction: 0,
  render: { style },
  tasks: { min_visible_px: 40, count_min_px: 20 },
});

/** The first seed whose scenes 0…SCENES−1 cover every room type (simulation only: cheap). */
function seedCoveringTypes(): number {
  const resolved = resolveConfig(config('realistic'));
  for (let seed = 0; seed < 200; seed++) {
    const types = new Set(
      Array.from({ length: SCENES }, (_, i) => generateScene(resolved, seed, i).room.type),
    );
    if (types.size === TYPES.length) return seed;
  }
  throw new Error('no seed covers every room type');
}

let root: string;
let seed: number;
const dirs = { realistic: '', flat: '' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-looks-'));
  seed = seedCoveringTypes();
  for (const style of ['realistic', 'flat'] as const) {
    const file = join(root, `${style}.json`);
    await writeFile(file, JSON.stringify(config(style)));
    dirs[style] = join(root, style);
    const run = await runCli(
      [
        'generate',
        '--scenes',
        String(SCENES),
        '--seed',
        String(seed),
        '--config',
        file,
        '--out',
        dirs[style],
      ],
      { timeoutMs: 300_000 },
    );
    expect(run.code, run.stderr).toBe(0);
  }
}, 600_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const files = async (dir: string) =>
  (await readdir(dir, { recursive: true })).filter((f) => /\.\w+$/.test(f)).sort();

describe('room types and looks', () => {
  it('generates every room type, records it in scene.json, and validates clean', async () => {
    const types = new Set<string>();
    for (let i = 0; i < SCENES; i++) {
      const scene = JSON.parse(
        await readFile(join(dirs.realistic, 'scenes', String(i).padStart(6, '0'), 'scene.json'), 'utf8'),
      );
      types.add(scene.room.type);
    }
    expect([...types].sort()).toEqual([...TYPES].sort());
    for (const dir of Object.values(dirs)) {
      const check = await runCli(['validate', dir]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    }
  });

  it('gives identical depth, masks, scene data and questions in both looks; only the RGB differs', async () => {
    const names = await files(dirs.realistic);
    expect(await files(dirs.flat)).toEqual(names);
    let rgbDiffer = 0;
    // dataset.json holds the config (the look), and each manifest.json the hashes of its rgb.png files.
    for (const name of names.filter((f) => f !== 'dataset.json' && !f.endsWith('manifest.json'))) {
      const [a, b] = await Promise.all([
        readFile(join(dirs.realistic, name)),
        readFile(join(dirs.flat, name)),
      ]);
      if (name.endsWith('rgb.png')) rgbDiffer += Number(!a.equals(b));
      else expect(a.equals(b), name).toBe(true);
    }
    expect(rgbDiffer).toBe(names.filter((f) => f.endsWith('rgb.png')).length);
    const qa = await Promise.all([
      readFile(join(dirs.realistic, 'qa.jsonl')),
      readFile(join(dirs.flat, 'qa.jsonl')),
    ]);
    expect(qa[0].length).toBeGreaterThan(0);
    expect(qa[0].equals(qa[1])).toBe(true);
  });
});
