import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGreyPng, readRgbPng } from '../../render/png';
import { Renderer } from '../../render/renderer';
import { cameraCenter, project, toCamera } from '../../sim/camera';
import { boxCorners } from '../../sim/geometry';
import type { Mat4, Scene, Vec3 } from '../../sim/schema';
import { box, frame, handScene, lookAt } from '../helpers/scenes';

let renderer: Renderer;
let out: string;

beforeAll(async () => {
  renderer = await Renderer.start();
  out = await mkdtemp(join(tmpdir(), 'sim-render-test-'));
});

afterAll(async () => {
  await renderer?.close();
  await rm(out, { recursive: true, force: true });
});

async function layers(dir: string, k = 0) {
  const f = join(dir, 'frames', String(k).padStart(2, '0'));
  return {
    seg: await readGreyPng(join(f, 'seg.png')),
    depth: await readGreyPng(join(f, 'depth.png')),
    rgb: await readRgbPng(join(f, 'rgb.png')),
  };
}

/** Rolls a camera about its optical axis, so that vertical edges project slanted. */
function rolled(T: Mat4, angle: number): Mat4 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r0 = T[0];
  const r1 = T[1];
  return [r0.map((v, i) => c * v - s * r1[i]), r0.map((v, i) => s * v + c * r1[i]), T[2], T[3]] as Mat4;
}

describe('Renderer: geometry of the masks', () => {
  // A free-standing box seen obliquely, a big panel facing a rolled camera, a box hidden behind the
  // panel, and a box behind the camera.
  const eye: Vec3 = [0.4, 1.5, 3.2];
  const T = rolled(lookAt(eye, [0, 0.8, 0]), (8 * Math.PI) / 180);
  const scene: Scene = handScene(
    [
      box(1, [0.8, 0.5, 0.6], [0.9, 0.25, 0.4], 0.4),
      box(2, [1.6, 1.8, 0.1], [-0.9, 0.9, -0.6], 0, '#3050c0'),
      box(3, [0.3, 0.3, 0.3], [-0.9, 0.9, -1.2], 0.2, '#30c050'),
      box(4, [0.4, 0.4, 0.4], [0.4, 0.5, 3.9]),
    ],
    [frame(0, T, 320, 240)],
  );
  let rendered: Scene;
  let seg: Awaited<ReturnType<typeof readGreyPng>>;
  let depth: Awaited<ReturnType<typeof readGreyPng>>;
  const K = scene.frames[0].K;
  const W = 320;
  const H = 240;

  beforeAll(async () => {
    const dir = join(out, 'geometry');
    rendered = (await renderer.renderScene(scene, dir)).scene;
    ({ seg, depth } = await layers(dir));
  });

  it('writes 8-bit RGB, 16-bit depth and an id mask of the frame size', async () => {
    expect(seg.width).toBe(W);
    expect(seg.height).toBe(H);
    expect(depth.width).toBe(W);
    const { rgb } = await layers(join(out, 'geometry'));
    expect(rgb.data.length).toBe(W * H * 3);
    // Not a blank image: the shading varies.
    expect(new Set(rgb.data).size).toBeGreaterThan(50);
  });

  it('bounds each object by its projected box corners to within 1 px, tightly', () => {
    for (const id of [1, 2]) {
      const o = scene.objects[id - 1];
      const uv = boxCorners(o).map((p) => project(K, T, p));
      const [u0, v0] = [Math.min(...uv.map((p) => p[0])), Math.min(...uv.map((p) => p[1]))];
      const [u1, v1] = [Math.max(...uv.map((p) => p[0])), Math.max(...uv.map((p) => p[1]))];
      let [i0, j0, i1, j1] = [W, H, -1, -1];
      for (let j = 0; j < H; j++)
        for (let i = 0; i < W; i++) {
          if (seg.data[j * W + i] !== id) continue;
          // Every pixel centre of the object lies inside the projected hull's box (±1 px).
          expect(i + 0.5).toBeGreaterThanOrEqual(u0 - 1);
          expect(i + 0.5).toBeLessThanOrEqual(u1 + 1);
          expect(j + 0.5).toBeGreaterThanOrEqual(v0 - 1);
          expect(j + 0.5).toBeLessThanOrEqual(v1 + 1);
          [i0, j0, i1, j1] = [Math.min(i0, i), Math.min(j0, j), Math.max(i1, i), Math.max(j1, j)];
        }
      // ... and the pixels reach out to that box on every side (both objects are fully in view).
      expect(Math.abs(i0 - u0)).toBeLessThanOrEqual(1);
      expect(Math.abs(j0 - v0)).toBeLessThanOrEqual(1);
      expect(Math.abs(i1 + 1 - u1)).toBeLessThanOrEqual(1);
      expect(Math.abs(j1 + 1 - v1)).toBeLessThanOrEqual(1);
      // The annotation's bbox is exactly that pixel box.
      const ann = rendered.frames[0].objects.find((a) => a.id === id)!;
      if (id === 1) expect(ann.bbox).toEqual([i0, j0, i1 + 1, j1 + 1]);
    }
  });

  it('matches the projection from K to a tenth of a pixel along a slanted edge', () => {
    // The panel's left edge (x = −1.7 at its front face z = −0.55): for each row, the first covered
    // pixel is the first whose centre lies right of where the projected edge crosses that row.
    const p = scene.objects[1];
    const x0 = p.position[0] - p.size[0] / 2;
    const zf = p.position[2] + p.size[2] / 2;
    const a = project(K, T, [x0, 0.2, zf]);
    const b = project(K, T, [x0, 1.6, zf]);
    let checked = 0;
    for (let j = 0; j < H; j++) {
      const v = j + 0.5;
      if (v < Math.min(a[1], b[1]) + 2 || v > Math.max(a[1], b[1]) - 2) continue;
      const u = a[0] + ((v - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      const frac = u - 0.5 - Math.floor(u - 0.5);
      if (frac < 0.1 || frac > 0.9 || u < 1 || u > W - 2) continue;
      const expected = Math.ceil(u - 0.5);
      // Find the panel's first pixel in this row, scanning from the left.
      let first = -1;
      for (let i = 0; i < W; i++)
        if (seg.data[j * W + i] === 2) {
          first = i;
          break;
        }
      expect(first, `row ${j}, edge at u = ${u.toFixed(3)}`).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('stores planar depth in mm, exact to 5 mm on a known plane', () => {
    // The panel's front face: world plane z = zf, in camera coordinates n·X = c.
    const p = scene.objects[1];
    const zf = p.position[2] + p.size[2] / 2;
    const origin = toCamera(T, [0, 0, zf]);
    const n: Vec3 = [T[0][2], T[1][2], T[2][2]];
    const c = n[0] * origin[0] + n[1] * origin[1] + n[2] * origin[2];
    const eyeW = cameraCenter(T);
    let checked = 0;
    let worst = 0;
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        if (seg.data[j * W + i] !== 2) continue;
        const d: Vec3 = [(i + 0.5 - K[0][2]) / K[0][0], (j + 0.5 - K[1][2]) / K[1][1], 1];
        const z = c / (n[0] * d[0] + n[1] * d[1] + n[2] * d[2]);
        // Only rays that meet the front face inside its rectangle (the side face is visible too).
        const X: Vec3 = [d[0] * z, d[1] * z, z];
        const world = [0, 1, 2].map((a) => eyeW[a] + T[0][a] * X[0] + T[1][a] * X[1] + T[2][a] * X[2]);
        const inside =
          Math.abs(world[0] - p.position[0]) < p.size[0] / 2 - 0.01 &&
          Math.abs(world[1] - p.position[1]) < p.size[1] / 2 - 0.01;
        if (!inside) continue;
        worst = Math.max(worst, Math.abs(depth.data[j * W + i] / 1000 - z));
        checked++;
      }
    expect(checked).toBeGreaterThan(2000);
    expect(worst).toBeLessThan(0.005);
  });

  it('gives a fully hidden object no visible pixels and names its occluder', () => {
    const hidden = rendered.frames[0].objects.find((a) => a.id === 3)!;
    expect(hidden.visible_px).toBe(0);
    expect(hidden.bbox).toBeNull();
    expect(hidden.centroid).toBeNull();
    expect(hidden.amodal_px).toBeGreaterThan(100);
    expect(hidden.occluded_by).toEqual({ '2': hidden.amodal_px });
  });

  it('gives an object outside the frustum no amodal pixels', () => {
    const behind = rendered.frames[0].objects.find((a) => a.id === 4)!;
    expect(behind).toMatchObject({ visible_px: 0, amodal_px: 0, bbox: null, occluded_by: {} });
  });

  it('annotates from the pixels: counts, centroids and depth medians re-derived from the PNGs', () => {
    for (const ann of rendered.frames[0].objects) {
      let n = 0;
      let su = 0;
      let sv = 0;
      const ds: number[] = [];
      for (let j = 0; j < H; j++)
        for (let i = 0; i < W; i++)
          if (seg.data[j * W + i] === ann.id) {
            n++;
            su += i + 0.5;
            sv += j + 0.5;
            ds.push(depth.data[j * W + i]);
          }
      expect(ann.visible_px).toBe(n);
      // Hidden pixels are attributed to their occluders: visible + hidden = amodal.
      expect(n + Object.values(ann.occluded_by).reduce((a, b) => a + b, 0)).toBe(ann.amodal_px);
      expect(ann.visible_fraction).toBeCloseTo(ann.amodal_px ? n / ann.amodal_px : 0, 6);
      if (!n) continue;
      expect(ann.centroid![0]).toBeCloseTo(su / n, 4);
      expect(ann.centroid![1]).toBeCloseTo(sv / n, 4);
      ds.sort((a, b) => a - b);
      const med = ds.length % 2 ? ds[ds.length >> 1] : (ds[ds.length / 2 - 1] + ds[ds.length / 2]) / 2;
      expect(ann.depth_median).toBeCloseTo(med / 1000, 6);
    }
  });

  it('puts the camera where T_cam_world says (the panel is in front, 3–5 m away)', () => {
    const c = cameraCenter(T);
    expect(c[0]).toBeCloseTo(eye[0], 5);
    const panel = rendered.frames[0].objects.find((a) => a.id === 2)!;
    expect(panel.depth_median).toBeGreaterThan(3);
    expect(panel.depth_median).toBeLessThan(5);
  });
});

describe('Renderer: how a frame travels from the page', () => {
  // A panel square to the camera, 2.9 m in front of it: its pixels hold its id and 2900 mm.
  const T = lookAt([0, 1, 3], [0, 1, 0]);
  const panel = (id: number) => box(id, [1, 1, 0.2], [0, 0.5, 0], 0, '#d0d0d0');

  // Ids above 255 take two bytes a pixel; sizes whose pixel count is not a multiple of 4 are packed
  // byte by byte, the others a word at a time.
  for (const [id, width, height] of [
    [300, 320, 240],
    [7, 161, 121],
    [300, 161, 121],
  ] as const)
    it(`sends id ${id} and depth exactly at ${width}×${height}`, async () => {
      const scene = handScene(
        [panel(id), box(2, [0.2, 0.2, 0.2], [1.2, 0.1, 0])],
        [frame(0, T, width, height)],
      );
      const dir = join(out, `travel-${id}-${width}`);
      await renderer.renderScene(scene, dir);
      const { seg, depth, rgb } = await layers(dir);
      expect(new Set(seg.data)).toEqual(new Set([0, id, 2]));
      // Square to the camera, the panel lies at one planar depth; it is lit, not the black the page
      // clears to.
      let pixels = 0;
      for (let p = 0; p < width * height; p++) {
        if (seg.data[p] !== id) continue;
        pixels++;
        expect(Math.abs(depth.data[p] - 2900)).toBeLessThanOrEqual(1);
        expect(rgb.data[3 * p] + rgb.data[3 * p + 1] + rgb.data[3 * p + 2]).toBeGreaterThan(60);
      }
      expect(pixels).toBeGreaterThan(0.05 * width * height);
    });
});

describe('Renderer: many objects (several amodal passes)', () => {
  it('counts amodal pixels exactly for 40 objects in view, 32 bits per pass', async () => {
    // A 8 × 5 grid of cubes in rows one behind the other: rows hide parts of the rows behind.
    const objects = Array.from({ length: 40 }, (_, k) =>
      box(
        k + 1,
        [0.3, 0.3 + 0.05 * (k % 5), 0.3],
        [-1.4 + 0.4 * (k % 8), 0.15 + 0.025 * (k % 5), -0.5 * Math.floor(k / 8)],
        0,
        `#${(40 + k * 5).toString(16)}8060`,
      ),
    );
    const scene = handScene(objects, [frame(0, lookAt([0, 1.2, 3], [0, 0.2, -1]), 320, 240)]);
    const dir = join(out, 'many');
    const rendered = (await renderer.renderScene(scene, dir)).scene;
    const { seg } = await layers(dir);
    const anns = rendered.frames[0].objects;
    expect(anns.filter((a) => a.amodal_px > 0)).toHaveLength(40);
    for (const a of anns) {
      const visible = seg.data.filter((v) => v === a.id).length;
      expect(a.visible_px).toBe(visible);
      const hidden = Object.values(a.occluded_by).reduce((s, c) => s + c, 0);
      expect(a.visible_px + hidden).toBe(a.amodal_px);
      // Only cubes of the same row or a row in front can hide a cube.
      const row = (id: number) => Math.floor((id - 1) / 8);
      for (const by of Object.keys(a.occluded_by).map(Number)) expect(row(by)).toBeLessThanOrEqual(row(a.id));
    }
    // The rows behind are partly hidden.
    expect(anns.slice(8).some((a) => a.visible_px < a.amodal_px)).toBe(true);
  });
});

describe('Renderer: robustness', () => {
  const scene = handScene(
    [box(1, [0.6, 0.6, 0.6], [0, 0.3, 0])],
    [0, 1, 2].map((k) => frame(k, lookAt([Math.sin(k) * 3, 1.5, Math.cos(k) * 3], [0, 0.3, 0]))),
  );

  async function expectComplete(dir: string) {
    for (const k of ['00', '01', '02']) {
      const files = (await readdir(join(dir, 'frames', k))).sort();
      expect(files).toEqual(['depth.png', 'rgb.png', 'seg.png']);
    }
  }

  it('recovers from a crashed page and renders the scene again', async () => {
    const before = renderer.restarts;
    await renderer.pages[0].goto('chrome://crash').catch(() => undefined);
    const result = await renderer.renderScene(scene, join(out, 'crash'));
    expect(renderer.restarts).toBeGreaterThan(before);
    expect(result.scene.frames.every((f) => f.objects[0].visible_px > 0)).toBe(true);
    await expectComplete(join(out, 'crash'));
  });

  it('recovers from a killed browser', async () => {
    const pid = renderer.browserPid()!;
    process.kill(pid, 'SIGKILL');
    const result = await renderer.renderScene(scene, join(out, 'killed'));
    expect(result.scene.frames).toHaveLength(3);
    await expectComplete(join(out, 'killed'));
  });

  it('times out a hung page, restarts it and finishes; leaves no temporary files', async () => {
    const r = await Renderer.start({ timeoutMs: 4000 });
    try {
      await r.pages[0].evaluate(() => {
        window.__sim.renderScene = () => new Promise(() => undefined);
      });
      const t0 = Date.now();
      const result = await r.renderScene(scene, join(out, 'hang'));
      expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
      expect(r.restarts).toBe(1);
      expect(result.scene.frames[2].objects[0].visible_px).toBeGreaterThan(0);
      await expectComplete(join(out, 'hang'));
      const all = await readdir(join(out, 'hang'), { recursive: true });
      expect(all.filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('gives up with a clear error when every attempt fails', async () => {
    const hang = (page: Page) =>
      page.evaluate(() => {
        window.__sim.renderScene = () => new Promise(() => undefined);
      });
    const r = await Renderer.start({ timeoutMs: 1500, retries: 1, onPageOpen: hang });
    try {
      await expect(r.renderScene(scene, join(out, 'fail'))).rejects.toThrow(
        /scene 000000: rendering failed after 2 attempts: .*did not finish within 2 s/,
      );
      expect(r.restarts).toBe(2);
    } finally {
      await r.close();
    }
  });

  it('writes the same bytes when the same scene is rendered twice', async () => {
    await renderer.renderScene(scene, join(out, 'again1'));
    await renderer.renderScene(scene, join(out, 'again2'));
    for (const layer of ['rgb', 'depth', 'seg'])
      expect(await readFile(join(out, 'again1', 'frames', '01', `${layer}.png`))).toEqual(
        await readFile(join(out, 'again2', 'frames', '01', `${layer}.png`)),
      );
  });
});

describe('Renderer: several pages', () => {
  /** Browser processes started by this test process (Chromium's main process, not its helpers). */
  async function browsersOfThisProcess(): Promise<number> {
    const { readdir, readFile } = await import('node:fs/promises');
    let n = 0;
    for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmd.includes('sim-chrome')) n++;
    }
    return n;
  }

  it('replaces a killed browser once, however many pages were rendering', async () => {
    const scene = handScene(
      [box(1, [0.6, 0.6, 0.6], [0, 0.3, 0])],
      [0, 1].map((k) => frame(k, lookAt([Math.sin(k) * 3, 1.5, Math.cos(k) * 3], [0, 0.3, 0]))),
    );
    const before = await browsersOfThisProcess();
    const r = await Renderer.start({ pages: 2 });
    try {
      process.kill(r.browserPid()!, 'SIGKILL');
      const results = await Promise.all(
        [0, 1, 2, 3].map((k) => r.renderScene(scene, join(out, `pages-${k}`))),
      );
      expect(results.every((x) => x.scene.frames[1].objects[0].visible_px > 0)).toBe(true);
      expect(await browsersOfThisProcess()).toBe(before + 1);
    } finally {
      await r.close();
    }
    expect(await browsersOfThisProcess()).toBe(before);
  });
});
