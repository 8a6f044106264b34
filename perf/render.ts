import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTimings, zeroTimings } from '../render/protocol';
import { Renderer, rendererOptions, SCENE_TIMING_KEYS } from '../render/renderer';
import { resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';
import type { Scene } from '../sim/schema';
import { STYLES, type Style } from '../sim/styles';
import { processTreeRss } from '../util/proc';

/**
 * npm run bench:render — views/s at 256², 512² and 1024², for each look (realistic and flat, each
 * with its config's defaults: the realistic look antialiased), of
 *   (a) the bare three.js render loop in the same browser (lit pass with shadows, no readback),
 *   (b) the lit pass read back (RGB only),
 *   (c) RGB + depth + seg + annotations written as PNGs (the real renderer),
 * the ratio (c)/(a), realistic over flat, where the time of (c) goes, and memory over a long run
 * of scenes. The looks take turns scene by scene.
 * Options: --scenes N (per size, default 12), --sizes 256,512,1024, --styles realistic,flat,
 * --memory-scenes M (default 500 at 512², 0 skips).
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const scenesPerSize = Number(args.get('scenes') ?? 12);
const sizes = (args.get('sizes') ?? '256,512,1024').split(',').map(Number);
const styles = (args.get('styles') ?? STYLES.join(',')).split(',') as Style[];
const memoryScenes = Number(args.get('memory-scenes') ?? 500);

function configAt(size: number, style: Style) {
  // Static scenes: four views each, shadows drawn once per scene (as in a generated dataset).
  return resolveConfig({ image: { width: size, height: size }, dynamic_fraction: 0, render: { style } });
}

function scenesAt(size: number, count: number, offset = 0): Scene[] {
  const config = configAt(size, 'realistic');
  return Array.from({ length: count }, (_, i) => generateScene(config, 1, offset + i));
}

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'sim-bench-render-'));
  const renderers = new Map<Style, { renderer: Renderer; profiler: Renderer }>();
  try {
    for (const style of styles) {
      const opts = rendererOptions(configAt(512, style).render);
      renderers.set(style, {
        renderer: await Renderer.start(opts),
        profiler: await Renderer.start({ ...opts, profile: true }),
      });
    }
    const info = await renderers.get(styles[0])!.renderer.info();
    console.log(`bench:render  WebGL: ${info.renderer}`);
    console.log('size    look        (a) bare     (b) rgb      (c) full     (c)/(a)');
    const breakdowns: string[] = [];
    for (const size of sizes) {
      const scenes = scenesAt(size, scenesPerSize);
      const views = scenes.reduce((n, s) => n + s.frames.length, 0);
      const full = new Map<Style, number>();
      const spent = new Map(
        styles.map((style) => [style, { bare: 0, rgb: 0, full: 0, profile: zeroTimings(SCENE_TIMING_KEYS) }]),
      );
      // Compile shaders, draw the pattern textures, warm the JIT: in every browser.
      for (const { renderer, profiler } of renderers.values()) {
        await renderer.renderScene(scenes[0], join(out, 'warm'));
        await profiler.renderScene(scenes[0], join(out, 'warm'));
      }
      // The looks take turns scene by scene (in reversed order every other scene), so that a
      // shared machine's drift over minutes falls on both alike.
      for (const [i, s] of scenes.entries())
        for (const style of i % 2 ? [...styles].reverse() : styles) {
          const { renderer, profiler } = renderers.get(style)!;
          const t = spent.get(style)!;
          t.bare += (await renderer.benchLoop(s, 'bare', 1)) * s.frames.length;
          t.rgb += (await renderer.benchLoop(s, 'rgb', 1)) * s.frames.length;
          const t0 = performance.now();
          await renderer.renderScene(s, join(out, `${size}`, style, s.id));
          t.full += performance.now() - t0;
          // Where the time goes: the same scene again with the GPU waited on after every pass.
          addTimings(t.profile, (await profiler.renderScene(s, join(out, 'profile', s.id))).timings);
        }
      for (const style of styles) {
        const t = spent.get(style)!;
        const a = (views / t.bare) * 1000;
        const b = (views / t.rgb) * 1000;
        const c = (views / t.full) * 1000;
        full.set(style, c);
        console.log(
          `${`${size}²`.padEnd(8)}${style.padEnd(10)}${fmt(a).padStart(6)} v/s  ${fmt(b).padStart(6)} v/s  ${fmt(c).padStart(6)} v/s  ${fmt(c / a, 2).padStart(6)}`,
        );
        const sum = t.profile;
        const per = (ms: number) => fmt(ms / views, 1);
        breakdowns.push(
          `${size}² ${style}: ms/view  build ${per(sum.build)}, shadow ${per(sum.shadow)}, lit ${per(sum.rgb)}, id+depth ${per(sum.iddepth)}, amodal ${per(sum.amodal)}, readback ${per(sum.readback)} | node: annotate ${per(sum.annotate)}, PNG encode ${per(sum.encode)} (overlaps the page)`,
        );
      }
      const [real, flat] = [full.get('realistic'), full.get('flat')];
      if (real && flat) console.log(`${`${size}²`.padEnd(8)}realistic / flat, (c): ${fmt(real / flat, 3)}`);
    }
    console.log('\nwhere the time of (c) goes (profiled run: the GPU is waited on after each pass):');
    for (const line of breakdowns) console.log(`  ${line}`);

    if (memoryScenes > 0) {
      const scenes = (i: number) => scenesAt(512, 1, 10_000 + i)[0];
      const warmup = Math.min(50, Math.floor(memoryScenes / 10));
      let start = { node: 0, browser: 0 };
      const t0 = performance.now();
      const { renderer } = renderers.get(styles[0])!;
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
    for (const { renderer, profiler } of renderers.values()) {
      await renderer.close();
      await profiler.close();
    }
    await rm(out, { recursive: true, force: true });
  }
}

await main();
