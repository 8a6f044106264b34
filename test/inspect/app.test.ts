import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ElementHandle, Page } from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDepth } from '../../inspect/app/format';
import { fitFrame, imageToCanvas } from '../../inspect/app/letterbox';
import { type LaunchedBrowser, launchBrowser } from '../../render/browser';
import { readGreyPng } from '../../render/png';
import type { Scene } from '../../sim/schema';
import { answerText } from '../../tasks/answer-text';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import { runCli, SIM_BIN } from '../helpers/cli';
import { type InspectDataset, resultsFor, writeInspectDataset } from '../helpers/inspect-dataset';

/**
 * `sim inspect` end to end: the built CLI serves a small rendered dataset, and real headless
 * Chromium drives the app. Screenshots go to test-artifacts/inspect/; with SIM_UPDATE_DOCS=1 the
 * README's screenshot (docs/images/inspector.png) is written too.
 */

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/inspect', import.meta.url));
const DOCS_IMAGE = fileURLToPath(new URL('../../docs/images/inspector.png', import.meta.url));

let data: InspectDataset;
let tmp: string;
let cli: ChildProcessByStdio<null, Readable, Readable>;
let cliOutput = '';
let url: string;
let browser: LaunchedBrowser;
let page: Page;
/** Uncaught errors in the page; every test checks that it added none. */
const pageErrors: string[] = [];

/** Starts `sim inspect` and resolves with the URL it prints. */
function startInspect(args: string[]): Promise<string> {
  cli = spawn(process.execPath, [SIM_BIN, 'inspect', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${cliOutput}`)), 30_000);
    const onData = (d: Buffer) => {
      cliOutput += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(cliOutput);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    cli.stdout.on('data', onData);
    cli.stderr.on('data', onData);
    cli.on('exit', (code) => reject(new Error(`sim inspect exited with ${code}: ${cliOutput}`)));
  });
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  data = await writeInspectDataset();
  tmp = await mkdtemp(join(tmpdir(), 'sim-inspect-app-'));
  const results = join(tmp, 'results.jsonl');
  await writeFile(
    results,
    resultsFor(data.items)
      .map((l) => `${JSON.stringify(l)}\n`)
      .join(''),
  );
  url = await startInspect([data.dir, '--port', '0', '--results', results]);
  browser = await launchBrowser();
  page = await browser.browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  page.on('pageerror', (err) => pageErrors.push(err instanceof Error ? err.message : String(err)));
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  if (cli && cli.exitCode === null) cli.kill('SIGKILL');
  await data?.remove();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const sceneOf = (id: string): Scene => data.scenes.find((s) => s.id === id)!;

/** Waits until the 3D canvas has drawn the given state ("scene/frame/view/hovered"), then one more frame. */
async function rendered(prefix: string): Promise<void> {
  await page.waitForSelector(`[data-testid=viewport][data-rendered^="${prefix}"]`, { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function canvas(): Promise<ElementHandle<Element>> {
  return (await page.$('[data-testid=viewport] canvas'))!;
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A pixel of object `id` deep inside its mask (its (2r+1)² neighbourhood all the same object), nearest the centroid. */
function interiorPixel(
  seg: { width: number; height: number; data: Uint16Array },
  id: number,
  r = 3,
): [number, number] | null {
  const { width: W, height: H, data: px } = seg;
  let best: [number, number] | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  let n = 0;
  let su = 0;
  let sv = 0;
  for (let p = 0; p < px.length; p++)
    if (px[p] === id) {
      n++;
      su += p % W;
      sv += Math.floor(p / W);
    }
  const [cu, cv] = [su / n, sv / n];
  for (let j = r; j < H - r; j++)
    for (let i = r; i < W - r; i++) {
      if (px[j * W + i] !== id) continue;
      let inside = true;
      for (let dj = -r; dj <= r && inside; dj++)
        for (let di = -r; di <= r; di++)
          if (px[(j + dj) * W + i + di] !== id) {
            inside = false;
            break;
          }
      const d = (i - cu) ** 2 + (j - cv) ** 2;
      if (inside && d < bestD) [best, bestD] = [[i, j], d];
    }
  return best;
}

/** The page position of image pixel (i, j)'s centre in an element showing the W×H image. */
async function pixelInElement(
  selector: string,
  W: number,
  H: number,
  i: number,
  j: number,
): Promise<[number, number]> {
  const box = (await (await page.$(selector))!.boundingBox())!;
  return [box.x + ((i + 0.5) * box.width) / W, box.y + ((j + 0.5) * box.height) / H];
}

async function questionsOnPage(): Promise<{ id: string; text: string; answer: string; models: string[] }[]> {
  return page.$$eval('[data-testid=question]', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-item-id') ?? '',
      text: el.querySelector('[data-testid=question-text]')?.textContent ?? '',
      answer: el.querySelector('[data-testid=answer] b')?.textContent ?? '',
      models: [...el.querySelectorAll(':scope > .model-answers [data-testid=model-answer]')].map(
        (m) => `${m.getAttribute('data-model')}:${m.classList.contains('right') ? 'right' : 'wrong'}`,
      ),
    })),
  );
}

async function sceneQa(id: string): Promise<QaItem[]> {
  const text = await readFile(join(data.dir, 'scenes', id, 'qa.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => QaItemSchema.parse(JSON.parse(l)));
}

describe('sim inspect in headless Chromium', () => {
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('lists every scene of the dataset and selects one', async () => {
    await page.waitForSelector('[data-testid^=scene-0]');
    const listed = await page.$$eval('[data-testid^=scene-0]', (els) =>
      els.map((e) => e.getAttribute('data-testid')),
    );
    expect(listed).toEqual(data.scenes.map((s) => `scene-${s.id}`));
    expect(await page.$eval('[data-testid=dataset-info]', (e) => e.textContent)).toContain(
      `${data.scenes.length} scenes, ${data.items.length} questions`,
    );
    await page.click('[data-testid=scene-000003]');
    await rendered('000003/0/orbit/');
    expect(await page.evaluate(() => location.hash)).toBe('#scene=000003');
  });

  it('draws the room and its objects in the 3D canvas', async () => {
    const png = await (await canvas()).screenshot({ path: join(ARTIFACTS, 'canvas-overview.png') });
    const { data: rgb, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const colours = new Map<number, number>();
    for (let p = 0; p < rgb.length; p += 3) {
      const c = (rgb[p] << 16) | (rgb[p + 1] << 8) | rgb[p + 2];
      colours.set(c, (colours.get(c) ?? 0) + 1);
    }
    const commonest = Math.max(...colours.values());
    // Many distinct colours (shading of the room and objects), and no single colour (the empty
    // background) covering most of it.
    expect(colours.size).toBeGreaterThan(200);
    expect(commonest / (info.width * info.height)).toBeLessThan(0.75);
    await shoot('overview');
  });

  it("lists the scene's questions exactly as its qa.jsonl has them, with the right answers and model answers", async () => {
    const expected = await sceneQa('000003');
    const shown = await questionsOnPage();
    expect(shown.map((q) => q.id)).toEqual(expected.map((q) => q.id));
    expect(shown.map((q) => q.text)).toEqual(expected.map((q) => q.question));
    expect(shown.map((q) => q.answer)).toEqual(expected.map((q) => answerText(q)));
    expect(shown.map((q) => q.models)).toEqual(
      expected.map((q) => [
        `m1:${q.pair?.role === 'counter' || q.task === 'size' ? 'wrong' : 'right'}`,
        `m2:${q.task === 'distance' && q.split === 'val' ? 'wrong' : 'right'}`,
      ]),
    );
  });

  it("switches frames: the side panel shows the frame's images and the 3D view snaps to its camera", async () => {
    const scene = sceneOf('000003');
    await page.click('[data-testid=frame-1]');
    await rendered('000003/1/camera/');
    expect(await page.$eval('[data-testid=rgb-view] img', (e) => (e as HTMLImageElement).src)).toMatch(
      /\/files\/scenes\/000003\/frames\/01\/rgb\.png$/,
    );
    expect(await page.$eval('[data-testid=frame-views]', (e) => e.getAttribute('data-frame'))).toBe('1');
    // The dashed rectangle marks where the render lies in the canvas.
    const box = (await (await canvas()).boundingBox())!;
    const f = scene.frames[1];
    const fit = fitFrame(f.K, f.width, f.height, box.width, box.height);
    const rect = (await (await page.$('[data-testid=image-rect]'))!.boundingBox())!;
    expect(rect.x - box.x).toBeCloseTo(fit.rect.x, 0);
    expect(rect.y - box.y).toBeCloseTo(fit.rect.y, 0);
    expect(rect.width).toBeCloseTo(fit.rect.w, 0);
    await shoot('frame-01-snapped');
    await page.click('[data-testid=frame-2]');
    await rendered('000003/2/camera/');
    expect(await page.evaluate(() => location.hash)).toBe('#scene=000003&frame=2');
  });

  it('lines up with the render: hovering the 3D view where seg.png has an object picks that object', async () => {
    const scene = sceneOf('000003');
    const f = scene.frames[2];
    const seg = await readGreyPng(join(data.dir, 'scenes', '000003', 'frames', '02', 'seg.png'));
    const box = (await (await canvas()).boundingBox())!;
    const fit = fitFrame(f.K, f.width, f.height, box.width, box.height);
    const objects = f.objects
      .filter((a) => a.visible_px >= 150)
      .sort((a, b) => b.visible_px - a.visible_px)
      .slice(0, 4);
    expect(objects.length).toBeGreaterThanOrEqual(2);
    let checked = 0;
    for (const a of objects) {
      const px = interiorPixel(seg, a.id);
      if (!px) continue;
      const [x, y] = imageToCanvas(fit, px[0] + 0.5, px[1] + 0.5);
      await page.mouse.move(box.x + x, box.y + y);
      await page.waitForSelector(`[data-testid=object-label][data-object-id="${a.id}"]`, { timeout: 10_000 });
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('highlights the hovered object in every view and shows its name, id, size and position', async () => {
    const scene = sceneOf('000003');
    const f = scene.frames[2];
    const seg = await readGreyPng(join(data.dir, 'scenes', '000003', 'frames', '02', 'seg.png'));
    const [target, other] = f.objects
      .filter((a) => a.visible_px >= 150)
      .sort((a, b) => b.visible_px - a.visible_px);
    const at = interiorPixel(seg, target.id)!;
    const box = (await (await canvas()).boundingBox())!;
    const fit = fitFrame(f.K, f.width, f.height, box.width, box.height);
    const [x, y] = imageToCanvas(fit, at[0] + 0.5, at[1] + 0.5);
    await page.mouse.move(box.x + x, box.y + y);
    await rendered(`000003/2/camera/${target.id}`);
    const object = scene.objects.find((o) => o.id === target.id)!;
    const label = await page.$eval('[data-testid=object-label]', (e) => e.textContent ?? '');
    expect(label).toContain(object.name);
    expect(label).toContain(`#${object.id}`);
    expect(label).toContain(`size (${object.size.map((v) => v.toFixed(2)).join(', ')}) m`);
    expect(await page.$eval('[data-testid=object-info]', (e) => e.getAttribute('data-object-id'))).toBe(
      String(target.id),
    );
    // The mask view: the hovered object opaque, the others faded.
    const otherAt = interiorPixel(seg, other.id, 1)!;
    const alphas = await page.$eval(
      '[data-testid=seg-view] canvas',
      (c, p, q) => {
        const ctx = (c as HTMLCanvasElement).getContext('2d')!;
        return [ctx.getImageData(p[0], p[1], 1, 1).data[3], ctx.getImageData(q[0], q[1], 1, 1).data[3]];
      },
      at,
      otherAt,
    );
    expect(alphas[0]).toBe(255);
    expect(alphas[1]).toBeLessThan(128);
    // The RGB overlay outlines it in white, the depth view too.
    for (const view of ['rgb-view', 'depth-view']) {
      const white = await page.$eval(`[data-testid=${view}] canvas`, (c) => {
        const d = (c as HTMLCanvasElement)
          .getContext('2d')!
          .getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        let n = 0;
        for (let p = 0; p < d.length; p += 4)
          if (d[p] === 255 && d[p + 1] === 255 && d[p + 2] === 255 && d[p + 3] === 255) n++;
        return n;
      });
      expect(white, view).toBeGreaterThan(10);
    }
    await shoot('hover-3d');
  });

  it('reads out metric depth and the object under the pointer on the depth image, and highlights it in 3D', async () => {
    const scene = sceneOf('000003');
    const f = scene.frames[2];
    const seg = await readGreyPng(join(data.dir, 'scenes', '000003', 'frames', '02', 'seg.png'));
    const depth = await readGreyPng(join(data.dir, 'scenes', '000003', 'frames', '02', 'depth.png'));
    const target = f.objects
      .filter((a) => a.visible_px >= 150)
      .sort((a, b) => b.visible_px - a.visible_px)[1];
    const [i, j] = interiorPixel(seg, target.id, 1)!;
    const [x, y] = await pixelInElement('[data-testid=depth-view]', f.width, f.height, i, j);
    await page.mouse.move(x, y);
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid=object-label]')?.getAttribute('data-object-id') === id,
      {},
      String(target.id),
    );
    const name = scene.objects.find((o) => o.id === target.id)!.name;
    expect(await page.$eval('[data-testid=pixel-object]', (e) => e.textContent)).toBe(
      `${name} #${target.id}`,
    );
    // The depth view is smaller than the image, so the pointer lands on (i, j) or a neighbour: the
    // readout names its pixel, and the depth it shows must be depth.png's 16-bit value there.
    const [pi, pj] = await page.$eval('[data-testid=pixel-coords]', (e) => [
      Number(e.getAttribute('data-i')),
      Number(e.getAttribute('data-j')),
    ]);
    expect(Math.abs(pi - i) + Math.abs(pj - j)).toBeLessThanOrEqual(2);
    expect(await page.$eval('[data-testid=depth-value]', (e) => e.textContent)).toBe(
      formatDepth(depth.data[pj * f.width + pi]),
    );
    await rendered(`000003/2/camera/${target.id}`);
    await shoot('hover-depth');
  });

  it('pins an object clicked in the 3D view', async () => {
    const scene = sceneOf('000003');
    const f = scene.frames[2];
    const seg = await readGreyPng(join(data.dir, 'scenes', '000003', 'frames', '02', 'seg.png'));
    const target = f.objects
      .filter((a) => a.visible_px >= 150)
      .sort((a, b) => b.visible_px - a.visible_px)[0];
    const at = interiorPixel(seg, target.id)!;
    const box = (await (await canvas()).boundingBox())!;
    const [x, y] = imageToCanvas(
      fitFrame(f.K, f.width, f.height, box.width, box.height),
      at[0] + 0.5,
      at[1] + 0.5,
    );
    await page.mouse.click(box.x + x, box.y + y);
    // Away from every view: nothing hovered, the clicked object stays shown.
    await page.mouse.move(5, 895);
    await page.waitForFunction(() => !document.querySelector('[data-testid=object-label]'));
    expect(await page.$eval('[data-testid=object-info]', (e) => e.getAttribute('data-object-id'))).toBe(
      String(target.id),
    );
  });

  it('filters the scene list by task, split, pair role and model failure', async () => {
    const listed = () =>
      page.$$eval('[data-testid^=scene-0]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(6)));
    const expectList = async (ids: string[]) => {
      await page.waitForFunction(
        (want) =>
          [...document.querySelectorAll('[data-testid^=scene-0]')]
            .map((e) => e.getAttribute('data-testid')!.slice(6))
            .join() === want,
        { timeout: 10_000 },
        ids.join(),
      );
      expect(await listed()).toEqual(ids);
    };
    const where = (pred: (q: QaItem) => boolean) =>
      data.scenes.map((s) => s.id).filter((id) => data.items.some((q) => q.scene === id && pred(q)));
    await page.select('[data-testid=filter-task]', 'object_motion');
    await expectList(where((q) => q.task === 'object_motion'));
    await page.select('[data-testid=filter-task]', '');
    await page.select('[data-testid=filter-split]', 'val');
    await expectList(where((q) => q.split === 'val'));
    await page.select('[data-testid=filter-split]', '');
    await page.select('[data-testid=filter-role]', 'counter');
    await expectList(where((q) => q.pair?.role === 'counter'));
    await page.select('[data-testid=filter-role]', '');
    await page.select('[data-testid=filter-failed]', 'm2');
    await expectList(where((q) => q.task === 'distance' && q.split === 'val'));
    await shoot('filtered');
    await page.select('[data-testid=filter-failed]', '');
    await page.type('[data-testid=filter-q]', '05');
    await expectList(['000005']);
    await page.click('[data-testid=filter-q]', { count: 3 });
    await page.keyboard.press('Backspace');
    await expectList(data.scenes.map((s) => s.id));
  });

  it('shows the far-looks-up twin of a question, from another scene when it lives there', async () => {
    await page.click('[data-testid=scene-000005]');
    await rendered('000005/0/orbit/');
    const counter = (await sceneQa('000005')).find((q) => q.pair?.role === 'counter')!;
    const twin = (await sceneQa('000003')).find((q) => q.pair?.id === counter.pair!.id)!;
    const card = `[data-testid=question][data-item-id="${counter.id}"]`;
    await page.waitForSelector(`${card} [data-testid=twin-answer]`);
    expect(await page.$eval(`${card} [data-testid=twin-answer]`, (e) => e.textContent)).toBe(
      `answer ${answerText(twin)}`,
    );
    await page.click(`${card} [data-testid=twin] button`);
    await rendered('000003/0/orbit/');
  });

  it('makes the README screenshot', async () => {
    // Scene 5 from above: the room, the orbiting camera's frusta and path, an object pointed at in
    // the render and labelled in 3D, and the first questions.
    const scene = sceneOf('000005');
    await page.setViewport({ width: 1600, height: 1000 });
    await page.click('[data-testid=scene-000005]');
    await rendered('000005/0/orbit/');
    await page.click('.toolbar button');
    const seg = await readGreyPng(join(data.dir, 'scenes', '000005', 'frames', '00', 'seg.png'));
    const shown = [...scene.frames[0].objects].sort((a, b) => b.visible_px - a.visible_px);
    const at = interiorPixel(seg, shown[0].id, 1)!;
    const [x, y] = await pixelInElement(
      '[data-testid=rgb-view]',
      scene.frames[0].width,
      scene.frames[0].height,
      ...at,
    );
    await page.mouse.move(x, y);
    await rendered(`000005/0/orbit/${shown[0].id}`);
    const shot = await page.screenshot({ path: join(ARTIFACTS, 'inspector.png') });
    if (process.env.SIM_UPDATE_DOCS === '1') {
      await mkdir(dirname(DOCS_IMAGE), { recursive: true });
      await sharp(shot)
        .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
        .toFile(DOCS_IMAGE);
    }
    await page.setViewport({ width: 1440, height: 900 });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(cliOutput).toMatch(
      /^sim inspect: serving .* with results of m1, m2 at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl\+C to stop\)\n$/,
    );
  });
});

describe('sim inspect: the command line', () => {
  it('says in one line what is wrong with the folder or the results file, and exits 2', async () => {
    const none = await runCli(['inspect', join(tmpdir(), 'no-such-dataset-folder')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^sim: .*no-such-dataset-folder: not a folder\n$/);
    const bad = join(tmp, 'bad-results.jsonl');
    await writeFile(
      bad,
      `${JSON.stringify({ id: 'a', model: 'm', correct: true, response: 'A' })}\n{"id":"b","model":"m","correct":"yes"}\n`,
    );
    const res = await runCli(['inspect', data.dir, '--results', bad]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^sim: .*bad-results\.jsonl:2: correct: .*\n$/);
    const port = await runCli(['inspect', data.dir, '--port', '70000']);
    expect(port.code).not.toBe(0);
    expect(port.stderr).toMatch(/70000/);
  });

  it.runIf(process.platform === 'linux')('opens the URL it serves with xdg-open on --open', async () => {
    // A stand-in xdg-open first on PATH records what it was asked to open.
    const bin = join(tmp, 'bin');
    const opened = join(tmp, 'opened.txt');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > '${opened}'\n`, { mode: 0o755 });
    const child = spawn(process.execPath, [SIM_BIN, 'inspect', data.dir, '--open'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const deadline = Date.now() + 30_000;
      let text = '';
      const printed = () => /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      while (Date.now() < deadline && !(text && printed())) {
        await new Promise((r) => setTimeout(r, 100));
        text = await readFile(opened, 'utf8').catch(() => '');
      }
      expect(text.trim()).toBe(printed());
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('documents its options in --help', async () => {
    const help = await runCli(['inspect', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--port', '--results', '--open']) expect(help.stdout).toContain(flag);
  });
});
