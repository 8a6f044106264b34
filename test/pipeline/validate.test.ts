import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeDataset } from '../../pipeline/finalize';
import type { ValidationReport } from '../../pipeline/validate';
import { datasetJsonPath, framePath, qaPath, sceneQaPath } from '../../sim/layout';
import type { QaItem } from '../../tasks/schema';
import { runCli } from '../helpers/cli';
import { readScene, rewriteSceneFile, sceneCount, writeTestItems } from './qa-fixture';

/**
 * `sim validate` through the CLI on datasets made by `sim generate`: clean ones pass, and each kind
 * of damage is reported under its kind, naming the file, with a one-line error and exit code 2.
 */
const FLAGS = ['--scenes', '6', '--size', '96', '--frames', '2', '--seed', '5'];
let root: string;
/** As `sim generate` left it, with the task layer's questions. */
let clean: string;
/** With the fixed test questions instead. */
let withItems: string;
let items: QaItem[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-validate-test-'));
  clean = join(root, 'clean');
  const r = await runCli(['generate', ...FLAGS, '--workers', '1', '--out', clean]);
  expect(r.code, r.stderr).toBe(0);
  withItems = join(root, 'items');
  await cp(clean, withItems, { recursive: true });
  items = await writeTestItems(withItems);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of a dataset to damage. */
async function copyOf(dir: string): Promise<string> {
  const out = join(root, `copy-${copies++}`);
  await cp(dir, out, { recursive: true });
  return out;
}

async function validate(dir: string, ...flags: string[]) {
  const r = await runCli(['validate', dir, '--json', ...flags]);
  const report = r.stdout ? (JSON.parse(r.stdout) as ValidationReport) : null;
  const kinds = Object.fromEntries((report?.problems ?? []).map((g) => [g.kind, g.count]));
  const examples = (report?.problems ?? []).flatMap((g) => g.examples);
  return { ...r, report, kinds, examples };
}

/** Frames over the dataset's scenes, from their scene.json files. */
async function frameCount(dir: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < (await sceneCount(dir)); i++) n += (await readScene(dir, i)).frames.length;
  return n;
}

function expectOneLineFailure(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(lines.filter((l) => l.startsWith('sim: '))).toHaveLength(1);
}

describe('sim validate', () => {
  it('passes a freshly generated dataset and counts what it checked', async () => {
    const r = await validate(clean);
    expect(r.report?.problems, r.examples.join('\n')).toEqual([]);
    expect(r.code).toBe(0);
    const frames = await frameCount(clean);
    expect(r.report).toMatchObject({ scenes: 6, frames, images: 3 * frames, quick: false });
    expect(Object.values(r.report!.kinds).reduce((a, b) => a + b, 0)).toBe(6);
    const lines = (await readFile(qaPath(clean), 'utf8')).split('\n').filter(Boolean);
    expect(r.report!.items).toBe(lines.length);
  });

  it('passes every shape of question and counts them per task and split', async () => {
    const r = await validate(withItems);
    expect(r.report?.problems, r.examples.join('\n')).toEqual([]);
    expect(r.report!.items).toBe(items.length);
    const expected: Record<string, Record<string, number>> = {};
    for (const q of items) {
      expected[q.task] ??= { train: 0, val: 0, test: 0 };
      expected[q.task][q.split]++;
    }
    expect(r.report!.byTask).toEqual(expected);
  });

  it('prints a readable summary and exits 0 when clean', async () => {
    const r = await runCli(['validate', withItems]);
    expect(r.code).toBe(0);
    const frames = await frameCount(withItems);
    expect(r.stdout).toContain(`, ${frames} frames, ${3 * frames} images decoded, 48 questions`);
    expect(r.stdout).toMatch(/6 scenes \(\d static, \d dynamic, \d walkthrough, \d multiview\)/);
    expect(r.stdout).toMatch(/depth_order +\d+ +\d+ +\d+ +12/);
    expect(r.stdout).toContain('no problems found');
    expect(r.stderr).toMatch(/validate: 6\/6 \(100\.0%\)/);
  });

  it('detects a truncated image, and `sim generate` on the folder makes it valid again', async () => {
    const dir = await copyOf(clean);
    await truncate(join(dir, framePath(1, 0, 'rgb')), 100);
    const r = await validate(dir);
    expectOneLineFailure(r, /problem\(s\) \(manifest 1, image 1\); the dataset is not valid$/);
    expect(r.examples).toHaveLength(2);
    expect(r.examples[0]).toMatch(
      /^scenes\/000001\/frames\/00\/rgb\.png: 100 bytes, manifest\.json says \d+$/,
    );
    expect(r.examples[1]).toMatch(
      /^scenes\/000001\/frames\/00\/rgb\.png: (does not decode|not a readable image)/,
    );
    // Text mode lists the problems by kind before the one-line error.
    const text = await runCli(['validate', dir]);
    expect(text.stdout).toMatch(/2 problem\(s\):\n {2}manifest \(1\): files differ/);

    const resumed = await runCli(['generate', ...FLAGS, '--out', dir]);
    expect(resumed.stderr).toContain('resuming: 5 of 6 scenes already complete');
    const again = await validate(dir);
    expect(again.report?.problems).toEqual([]);
    expect(again.code).toBe(0);
  });

  it('re-derives annotations from seg.png and depth.png (skipped by --quick)', async () => {
    const dir = await copyOf(withItems);
    const scene = await readScene(dir, 2);
    const frame = scene.frames[0];
    const visible = frame.objects.filter((a) => a.visible_px > 0).sort((a, b) => b.visible_px - a.visible_px);
    const [big, other] = visible;
    // A valid PNG with the right hash in the manifest: only the pixels disagree with scene.json.
    const path = framePath(2, frame.index, 'seg');
    const seg = await sharp(join(dir, path)).extractChannel(0).raw().toBuffer();
    let moved = 0;
    for (let p = 0; p < seg.length && moved < 5; p++)
      if (seg[p] === big.id) {
        seg[p] = other.id;
        moved++;
      }
    const png = await sharp(seg, { raw: { width: frame.width, height: frame.height, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    await rewriteSceneFile(dir, 2, path.split('/').slice(2).join('/'), png);

    const r = await validate(dir);
    expect(Object.keys(r.kinds)).toEqual(['pixels']);
    expect(r.examples).toContain(
      `scenes/000002/frames/00: object ${big.id}: ${big.visible_px - 5} px in seg.png, visible_px says ${big.visible_px}`,
    );
    expectOneLineFailure(r, /problem\(s\) \(pixels \d+\)/);
    const quick = await validate(dir, '--quick');
    expect(quick.report?.problems).toEqual([]);
    expect(quick.report?.quick).toBe(true);
  });

  it('checks each image for its size and format', async () => {
    const dir = await copyOf(withItems);
    const small = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await rewriteSceneFile(dir, 3, 'frames/01/depth.png', small);
    const r = await validate(dir);
    expect(r.kinds).toEqual({ image: 2 });
    expect(r.examples).toEqual([
      'scenes/000003/frames/01/depth.png: 32×24, scene.json says 96×96',
      'scenes/000003/frames/01/depth.png: 8-bit with 3 channel(s), should be 16-bit greyscale',
    ]);
  });

  it('reports an invalid scene.json, an unexpected file and a missing image', async () => {
    const dir = await copyOf(withItems);
    const text = await readFile(join(dir, 'scenes/000004/scene.json'), 'utf8');
    await writeFile(
      join(dir, 'scenes/000004/scene.json'),
      text.replace(/"kind": "(static|dynamic)"/, '"kind": "statix"'),
    );
    await writeFile(join(dir, 'scenes/000000/notes.txt'), 'hello');
    await rm(join(dir, framePath(5, 1, 'seg')));
    const r = await validate(dir);
    expect(r.kinds).toMatchObject({ scene: 1, layout: 1, image: 1 });
    expect(r.examples).toContain('scenes/000000/notes.txt: unexpected file');
    expect(r.examples).toContain('scenes/000005/frames/01/seg.png: missing');
    expect(r.examples.some((e) => /^scenes\/000004\/scene\.json: kind: Invalid option/.test(e))).toBe(true);
    expect(r.examples.some((e) => /^scenes\/000004\/scene\.json: (SHA-256 differs|\d+ bytes)/.test(e))).toBe(
      true,
    );
  });

  it('checks every question against its scene, and ids and pairs across the dataset', async () => {
    const dir = await copyOf(withItems);
    const lines = (await readFile(sceneQaPath(dir, 1), 'utf8')).split('\n').filter(Boolean);
    const edit = (k: number, change: (q: Record<string, unknown>) => void) => {
      const q = JSON.parse(lines[k]);
      change(q);
      lines[k] = JSON.stringify(q);
    };
    edit(0, (q) => {
      q.targets = [999];
    });
    edit(1, (q) => {
      q.images = [framePath(2, 0, 'rgb')];
    });
    edit(2, (q) => {
      q.id = items[0].id; // scene 0's first question
    });
    edit(3, (q) => {
      q.answer = 'A'; // a numeric item answering with a letter
    });
    lines.pop(); // the counter twin of the pair
    await rewriteSceneFile(dir, 1, 'qa.jsonl', `${lines.join('\n')}\n`);
    await finalizeDataset(dir, await sceneCount(dir));

    const r = await validate(dir);
    expect(r.kinds).toEqual({ qa: 1, reference: 2, ids: 1, pairs: 1 });
    const q1 = items.filter((q) => q.scene === '000001');
    expect(r.examples).toEqual(
      expect.arrayContaining([
        `scenes/000001/qa.jsonl:1 (${q1[0].id}): target 999 is no object of this scene`,
        `scenes/000001/qa.jsonl:2 (${q1[1].id}): image scenes/000002/frames/00/rgb.png is no frame of this scene`,
        `qa.jsonl:11: id "${items[0].id}" is used before`,
        'scenes/000001/qa.jsonl:4: answer: the answer does not have the form of its answer_type',
        `pair "000001-pair" (from qa.jsonl:15 (000001-depth_order-consistent)): 1 consistent and 0 counter item(s)`,
      ]),
    );
  });

  it('checks that qa.jsonl is the scenes’ files joined, and dataset.json’s counts', async () => {
    const dir = await copyOf(withItems);
    const top = (await readFile(qaPath(dir), 'utf8')).split('\n');
    [top[3], top[4]] = [top[4], top[3]];
    await writeFile(qaPath(dir), top.join('\n'));
    const dataset = JSON.parse(await readFile(datasetJsonPath(dir), 'utf8'));
    const frames = dataset.counts.frames;
    dataset.counts.frames = frames + 1;
    await writeFile(datasetJsonPath(dir), JSON.stringify(dataset));
    const r = await validate(dir);
    expect(r.kinds).toEqual({ dataset: 1, concat: 1 });
    expect(r.examples).toEqual([
      `dataset.json: counts.frames is ${frames + 1}, the dataset has ${frames}`,
      'qa.jsonl:4: differs from scenes/000000/qa.jsonl:4',
    ]);
  });

  it('reports a missing scene and scene folders the counts do not cover', async () => {
    const dir = await copyOf(withItems);
    const frames = await frameCount(dir);
    const lost = (await readScene(dir, 3)).frames.length;
    await rm(join(dir, 'scenes/000003'), { recursive: true });
    await mkdir(join(dir, 'scenes/000006'));
    const r = await validate(dir, '--quick');
    expect(r.kinds).toMatchObject({ dataset: 1, layout: 4, manifest: 1 });
    expect(r.examples).toEqual(
      expect.arrayContaining([
        `dataset.json: counts.frames is ${frames}, the dataset has ${frames - lost}`,
        'scenes/000003: missing',
        'scenes/000006: beyond counts.scenes (6) in dataset.json',
        'scenes/000006/scene.json: missing',
        'scenes/000006: no manifest.json (the scene was never committed)',
      ]),
    );
    expect(r.code).toBe(2);
  });

  it('rejects a missing folder or one that is no dataset, in one line', async () => {
    const missing = await runCli(['validate', join(root, 'nope')]);
    expectOneLineFailure(missing, /nope: no such folder$/);
    await mkdir(join(root, 'empty'));
    const empty = await runCli(['validate', join(root, 'empty')]);
    expectOneLineFailure(empty, /empty: not a dataset \(no dataset\.json; make one with `sim generate`\)$/);
    expect(empty.stdout).toBe('');
  });
});

describe('sim validate on walkthroughs', () => {
  let walk: string;
  beforeAll(async () => {
    walk = join(root, 'walk');
    const config = join(root, 'walk.yaml');
    await writeFile(
      config,
      'image: { width: 64, height: 48 }\nwalkthrough_fraction: 1\ndynamic_fraction: 0\nmultiview_fraction: 0\nwalkthrough: { frames: 8 }\n',
    );
    const r = await runCli(['generate', '--scenes', '1', '--seed', '2', '--config', config, '--out', walk]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('decodes the video and checks it against the walk: codec, pixel format, size, frame count', async () => {
    const clean = await validate(walk);
    expect(clean.report?.problems, clean.examples.join('\n')).toEqual([]);
    expect(clean.report?.kinds).toMatchObject({ walkthrough: 1 });

    // The video of another walk (a frame fewer): a valid MP4 with the manifest updated, only the count is wrong.
    const dir = await copyOf(walk);
    const scene = await readScene(dir, 0);
    const shorter = join(root, 'shorter.mp4');
    const cut = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      join(dir, 'scenes/000000/video.mp4'),
      '-frames:v',
      String(scene.frames.length - 1),
      '-c',
      'copy',
      '-y',
      shorter,
    ]);
    expect(cut.status, String(cut.stderr)).toBe(0);
    await rewriteSceneFile(dir, 0, 'video.mp4', await readFile(shorter));
    const r = await validate(dir);
    expect(r.kinds).toEqual({ image: 1 });
    expect(r.examples).toEqual([
      `scenes/000000/video.mp4: frames is ${scene.frames.length - 1}, expected ${scene.frames.length}`,
    ]);

    await rewriteSceneFile(dir, 0, 'video.mp4', 'not a video');
    expect((await validate(dir)).examples).toEqual(['scenes/000000/video.mp4: not an MP4 file']);
    await rm(join(dir, 'scenes/000000/video.mp4'));
    expect((await validate(dir, '--quick')).examples).toContain(
      'scenes/000000/video.mp4: missing (a walkthrough scene has one)',
    );
  });

  it('checks each description against the scene it describes', async () => {
    const dir = await copyOf(walk);
    const texts = (await readdir(join(dir, 'scenes/000000/text'))).sort();
    expect(texts.length).toBeGreaterThan(0);
    const path = `text/${texts[0]}`;
    const text = await readFile(join(dir, 'scenes/000000', path), 'utf8');
    await rewriteSceneFile(
      dir,
      0,
      path,
      text.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
    );
    const r = await validate(dir);
    expect(r.kinds).toEqual({ scene: 1 });
    expect(r.examples).toEqual([`scenes/000000/${path}: differs from the description scene.json gives`]);
  });
});
