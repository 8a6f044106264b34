import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTimings, zeroTimings } from '../render/protocol';
import { Renderer, SCENE_TIMING_KEYS, type SceneTimings } from '../render/renderer';
import { resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';
import type { Scene } from '../sim/schema';
import { processTreeRss } from '../util/proc';

/**
 * npm run bench:render — views/s at 256², 512² and 1024² for
 *   (a) the bare three.js render loop in the same browser (lit pass with shadows, no readback),
 *   (b) the lit pass read back (RGB only),
 *   (c) RGB + depth + seg + annotations written as PNGs (the real renderer),
 * the ratio (c)/(a), where the time of (c) goes, and memory over a long run of scenes.
 * Options: --scenes N (per size, default 12), --sizes 256,512,1024, --memory-scenes M (default 500 at 512², 0 skips).
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const scenesPerSize = Number(args.get('scenes') ?? 12);
const sizes = (args.get('sizes') ?? '256,512,1024').split(',').map(Number);
const memoryScenes = Number(args.get('memory-scenes') ?? 500);

function scenesAt(size: number, count: number, offset = 0): Scene[] {
  // Static scenes: four views each, shadows drawn once per scene (as in a generated dataset).
  const config = resolveConfig({ image: { width: size, height: size }, dynamic_fraction: 0 });
  return Array.from({ length: count }, (_, i) => generateScene(config, 1, offset + i));
}

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'sim-bench-render-'));
  const renderer = await Renderer.start();
  const profiler = await Renderer.start({ profile: true });
  try {
    const info = await renderer.info();
    console.log(`bench:render  WebGL: ${info.renderer}`);
    console.log('size    (a) bare     (b) rgb      (c) full     (c)/(a)');
    const breakdowns: string[] = [];
    for (const size of sizes) {
      const scenes = scenesAt(size, scenesPerSize);
      const views = scenes.reduce((n, s) => n + s.frames.length, 0);
      await renderer.renderScene(scenes[0], join(out, 'warm')); // compile shaders, warm the JIT
      let bareMs = 0;
      let rgbMs = 0;
      for (const s of scenes) {
        bareMs += (await renderer.benchLoop(s, 'bare', 1)) * s.frames.length;
        rgbMs += (await renderer.benchLoop(s, 'rgb', 1)) * s.frames.length;
      }
      const t0 = performance.now();
      for (const s of scenes) await renderer.renderScene(s, join(out, `${size}`, s.id));
      const fullMs = performance.now() - t0;
      const a = (views / bareMs) * 1000;
      const b = (views / rgbMs) * 1000;
      const c = (views / fullMs) * 1000;
      console.log(
        `${`${size}²`.padEnd(8)}${fmt(a).padStart(6)} v/s  ${fmt(b).padStart(6)} v/s  ${fmt(c).padStart(6)} v/s  ${fmt(c / a, 2).padStart(6)}`,
      );

      // Where the time goes: the same scenes again with the GPU waited on after every pass.
      const sum: SceneTimings = zeroTimings(SCENE_TIMING_KEYS);
      for (const s of scenes) {
        const { timings } = await profiler.renderScene(s, join(out, 'profile', s.id));
        addTimings(sum, timings);
      }
      const per = (ms: number) => fmt(ms / views, 1);
      breakdowns.push(
        `${size}²: ms/view  build ${per(sum.build)}, shadow ${per(sum.shadow)}, lit ${per(sum.rgb)}, id+depth ${per(sum.iddepth)}, amodal ${per(sum.amodal)}, readback ${per(sum.readback)} | node: annotate ${per(sum.annotate)}, PNG encode ${per(sum.encode)} (overlaps the page)`,
      );
    }
    console.log('\nwhere the time of (c) goes (profiled run: the GPU is waited on after each pass):');
    for (const line of breakdowns) console.log(`  ${line}`);

    if (memoryScenes > 0) {
      const scenes = (i: number) => scenesAt(512, 1, 10_000 + i)[0];
      const warmup = Math.min(50, Math.floor(memoryScenes / 10));
      let start = { node: 0, browser: 0 };
      const t0 = performance.now();
      for (let i = 0; i < memoryScenes; i++) {
        if (i === warmup) {
          global.gc?.();
          start = { node: process.memoryUsage().rss, browser: await processTreeRss(renderer.browserPid()) };
        }
        await renderer.renderScene(scenes(i), join(out, 'memory', String(i % 8)));
      }
      global.gc?.();
      const end = { node: process.memoryUsage().rss, browser: await processTreeRss(renderer.browserPid()) };
      const mb = (b: number) => fmt(b / 2 ** 20, 0);
      const growth = (a: number, b: number) => fmt(((b - a) / a) * 100, 1);
      console.log(
        `\nmemory over ${memoryScenes} scenes at 512² (${fmt((memoryScenes / (performance.now() - t0)) * 1000, 2)} scenes/s), after ${warmup} warm-up scenes:`,
      );
      console.log(
        `  node RSS     ${mb(start.node)} MB -> ${mb(end.node)} MB (${growth(start.node, end.node)}%)`,
      );
      console.log(
        `  browser RSS  ${mb(start.browser)} MB -> ${mb(end.browser)} MB (${growth(start.browser, end.browser)}%)`,
      );
    }
  } finally {
    await renderer.close();
    await profiler.close();
    await rm(out, { recursive: true, force: true });
  }
}

await main();
