import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeDataset } from '../../pipeline/finalize';
import { runCli, SIM_BIN } from '../helpers/cli';
import { treeHashes } from '../helpers/tree';

/**
 * The pipeline end to end through the CLI: the same bytes whatever the worker count, the shard
 * split or the number of times a run is killed and resumed.
 */
const SCENES = '6';
/** Every kind of scene in six (with seed 4): the walkthrough is short, so the suite stays quick. */
const KINDS = join(tmpdir(), `sim-generate-test-${process.pid}.yaml`);
writeFileSync(
  KINDS,
  'dynamic_fraction: 0.25\nwalkthrough_fraction: 0.25\nmultiview_fraction: 0.25\nwalkthrough: { frames: 8 }\n',
);
const FLAGS = ['--scenes', SCENES, '--size', '96', '--frames', '2', '--seed', '4', '--config', KINDS];
let root: string;
let reference: Record<string, string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-generate-test-'));
  const r = await runCli(['generate', ...FLAGS, '--workers', '1', '--out', join(root, 'clean')]);
  expect(r.stderr).toMatch(/dataset complete: 6 scenes, \d+ frames/);
  expect(r.code).toBe(0);
  reference = await treeHashes(join(root, 'clean'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(KINDS, { force: true });
});

async function manifests(dir: string): Promise<number> {
  try {
    const scenes = await readdir(join(dir, 'scenes'));
    let n = 0;
    for (const s of scenes) if ((await readdir(join(dir, 'scenes', s))).includes('manifest.json')) n++;
    return n;
  } catch {
    return 0;
  }
}

/** Starts `sim generate` and SIGKILLs it once `atManifests` scenes are committed (plus a delay). */
async function killMidway(out: string, atManifests: number, extraDelayMs: number): Promise<void> {
  const child = spawn(process.execPath, [SIM_BIN, 'generate', ...FLAGS, '--out', out], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  while ((await manifests(out)) < atManifests && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, extraDelayMs));
  child.kill('SIGKILL');
  await exited;
}

describe('sim generate', () => {
  it('writes the documented layout with a manifest per scene, for every kind of scene', async () => {
    const kinds = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const text = await readFile(join(root, 'clean', 'scenes', `00000${i}`, 'scene.json'), 'utf8');
        return JSON.parse(text).kind as string;
      }),
    );
    expect(new Set(kinds)).toEqual(new Set(['static', 'dynamic', 'walkthrough', 'multiview']));
    const walk = `scenes/00000${kinds.indexOf('walkthrough')}`;
    const files = Object.keys(reference);
    expect(files).toContain('dataset.json');
    expect(files).toContain('qa.jsonl');
    for (const f of [
      'scene.json',
      'qa.jsonl',
      'manifest.json',
      'frames/00/rgb.png',
      'frames/01/depth.png',
      'frames/01/seg.png',
    ])
      expect(files).toContain(`scenes/000005/${f}`);
    expect(files).toContain(`${walk}/video.mp4`);
    expect(files).toContain(`${walk}/frames/07/rgb.png`);
    expect(files.some((f) => /^scenes\/\d{6}\/text\/[a-z]+(-\d\d)*\.txt$/.test(f))).toBe(true);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives the same bytes with two render workers', async () => {
    const r = await runCli(['generate', ...FLAGS, '--workers', '2', '--out', join(root, 'w2')]);
    expect(r.code).toBe(0);
    expect(await treeHashes(join(root, 'w2'))).toEqual(reference);
  });

  it('gives the same bytes from two shards in one folder, the last one finalizing', async () => {
    const dir = join(root, 'shared');
    const a = await runCli(['generate', ...FLAGS, '--shard', '1/2', '--out', dir]);
    expect(a.stderr).toContain('shard 1/2 done');
    expect(a.code).toBe(0);
    const b = await runCli(['generate', ...FLAGS, '--out', dir], {
      env: { JOB_COMPLETION_INDEX: '0', SIM_SHARD_COUNT: '2' },
    });
    expect(b.stderr).toContain('dataset complete');
    expect(await treeHashes(dir)).toEqual(reference);
  });

  it('gives the same bytes from shard folders joined by sim merge', async () => {
    for (const i of [0, 1, 2]) {
      const r = await runCli(['generate', ...FLAGS, '--out', join(root, `s${i}`)], {
        env: { SLURM_ARRAY_TASK_ID: String(i + 1), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' },
      });
      expect(r.code).toBe(0);
    }
    const incomplete = await runCli([
      'merge',
      join(root, 's0'),
      join(root, 's1'),
      '--out',
      join(root, 'merged-early'),
    ]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/scene 000002 is missing/);
    const m = await runCli([
      'merge',
      join(root, 's0'),
      join(root, 's1'),
      join(root, 's2'),
      '--out',
      join(root, 'merged'),
    ]);
    expect(m.code).toBe(0);
    expect(await treeHashes(join(root, 'merged'))).toEqual(reference);
  });

  it('resumes after being killed at several points and ends with the same bytes', async () => {
    const dir = join(root, 'killed');
    await killMidway(dir, 0, 300); // while the browser starts or the first scene renders
    await killMidway(dir, 2, 0); // right after a commit
    await killMidway(dir, 3, 150); // mid-scene
    await killMidway(dir, 5, 40);
    const r = await runCli(['generate', ...FLAGS, '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/resuming: \d of 6 scenes already complete/);
    expect(await treeHashes(dir)).toEqual(reference);
  });

  it('stops cleanly on Ctrl-C, says how to resume, and resumes to the same bytes', async () => {
    const dir = join(root, 'interrupted');
    const child = spawn(process.execPath, [SIM_BIN, 'generate', ...FLAGS, '--out', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while ((await manifests(dir)) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(
      /sim: interrupted: \d of 6 scenes are finished and kept; run the same command to make the rest/,
    );
    const r = await runCli(['generate', ...FLAGS, '--out', dir]);
    expect(r.code).toBe(0);
    expect(await treeHashes(dir)).toEqual(reference);
  });

  it('makes a corrupt or truncated scene again on resume', async () => {
    const dir = join(root, 'corrupt');
    await runCli(['generate', ...FLAGS, '--out', dir]);
    await truncate(join(dir, 'scenes', '000001', 'frames', '00', 'rgb.png'), 100);
    const sceneJson = join(dir, 'scenes', '000004', 'scene.json');
    const text = await readFile(sceneJson, 'utf8');
    await writeFile(sceneJson, text.replace('"kind"', '"kinb"'));
    const r = await runCli(['generate', ...FLAGS, '--out', dir]);
    expect(r.stderr).toContain('resuming: 4 of 6 scenes already complete');
    expect(await treeHashes(dir)).toEqual(reference);
  });

  it('lets one of two shards finishing together finalize, and breaks the lock of a dead one', async () => {
    const dir = join(root, 'finalize-race');
    await cp(join(root, 'clean'), dir, { recursive: true });
    await rm(join(dir, 'qa.jsonl'));
    const both = await Promise.all([finalizeDataset(dir, 6), finalizeDataset(dir, 6)]);
    expect(both.filter((c) => c === null)).toHaveLength(1);
    expect(both.find((c) => c !== null)).toEqual({
      scenes: 6,
      frames: expect.any(Number),
      items: expect.any(Number),
    });
    expect(await treeHashes(dir)).toEqual(reference);
    // A lock left by a process that no longer exists does not block the next run.
    await writeFile(
      join(dir, '.finalize.lock'),
      JSON.stringify({ host: hostname(), pid: 2 ** 22 + 7, at: Date.now() }),
    );
    expect(await finalizeDataset(dir, 6)).not.toBeNull();
    expect(await treeHashes(dir)).toEqual(reference);
  });

  it('refuses a folder made with another config, in one line', async () => {
    const r = await runCli([
      'generate',
      '--scenes',
      SCENES,
      '--size',
      '128',
      '--frames',
      '2',
      '--seed',
      '4',
      '--config',
      KINDS,
      '--out',
      join(root, 'clean'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/different config or seed \(config\.image\.width differs\)/);
  });

  it('rejects bad flags and configs with one line naming the problem', async () => {
    const bad = join(root, 'bad.json');
    await writeFile(bad, JSON.stringify({ room: { width: [9, 4] }, frames: 'four' }));
    const r = await runCli(['generate', '--config', bad, '--out', join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sim: .*bad\.json: room\.width: min must not exceed max; frames: /);
    const unknown = join(root, 'unknown.yaml');
    await writeFile(unknown, 'objects:\n  cuont: [3, 5]\n');
    const u = await runCli(['generate', '--config', unknown, '--out', join(root, 'x')]);
    expect(u.stderr).toMatch(/unknown\.yaml: objects: Unrecognized key: "cuont"/);
    const fewer = await runCli([
      'generate',
      '--scenes',
      '4',
      '--size',
      '96',
      '--frames',
      '2',
      '--seed',
      '4',
      '--config',
      KINDS,
      '--out',
      join(root, 'clean'),
    ]);
    expect(fewer.code).toBe(2);
    expect(fewer.stderr).toMatch(
      /already holds scenes up to 000005, beyond --scenes 4; give --scenes 6 or more/,
    );
    const typo = join(root, 'typo.yaml');
    await writeFile(typo, 'tasks:\n  include: [cuont]\n');
    const t = await runCli(['generate', ...FLAGS, '--config', typo, '--out', join(root, 'typo-out')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/^sim: tasks\.include: unknown task "cuont"/);
    // Refused before the folder was claimed: fixing the typo and running again just works.
    await expect(readdir(join(root, 'typo-out'))).rejects.toThrow();
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const f = await runCli(['generate', ...FLAGS, '--out', file]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/^sim: .*a-file\/dataset\.json: cannot read \(ENOTDIR\)/);
    expect(f.stderr.trim().split('\n')).toHaveLength(1);
    const s = await runCli(['generate', '--shard', '3/2', '--out', join(root, 'x')]);
    expect(s.code).not.toBe(0);
    expect(s.stderr).toMatch(/shard 3\/2: need 0 <= i < n/);
  });
});
