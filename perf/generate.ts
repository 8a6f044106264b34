import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromFlags, defaultWorkers } from '../cli/generate-command';
import { generate } from '../pipeline/generate';
import { Renderer } from '../render/renderer';
import { generateScene } from '../sim/scene';
import { processTreeRss } from '../util/proc';

/**
 * npm run bench:generate — the whole pipeline (simulate → render → annotate → PNGs → questions →
 * commit) against the renderer alone on the same scenes in the same process, so the ratio says
 * what simulation, task generation and bookkeeping cost on top of rendering. Also the bare render
 * loop, peak memory, and the projected time for 20,000 scenes.
 * Options: --scenes N (200), --size px (512), --frames K (4), --workers W (cores / 2).
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const n = Number(args.get('scenes') ?? 200);
const size = Number(args.get('size') ?? 512);
const frames = Number(args.get('frames') ?? 4);
const workers = Number(args.get('workers') ?? defaultWorkers());

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main(): Promise<void> {
  const config = await configFromFlags({ size, frames });
  const out = await mkdtemp(join(tmpdir(), 'sim-bench-generate-'));
  let browserPeak = 0;
  let sampling: NodeJS.Timeout | undefined;
  const sample = (pid: number | undefined) => {
    sampling = setInterval(async () => {
      browserPeak = Math.max(browserPeak, await processTreeRss(pid));
    }, 500);
  };
  try {
    // 1. The renderer alone: scenes simulated beforehand, then rendered, annotated and written.
    const scenes = Array.from({ length: n }, (_, i) => generateScene(config, 0, i));
    const views = scenes.reduce((s, sc) => s + sc.frames.length, 0);
    const renderer = await Renderer.start({
      pages: workers,
      shadows: config.render.shadows,
      shadowMapSize: config.render.shadow_map_size,
    });
    sample(renderer.browserPid());
    let bareMs = 0;
    for (const s of scenes.slice(0, Math.min(20, n)))
      bareMs += (await renderer.benchLoop(s, 'bare', 1)) * s.frames.length;
    const bareViews = scenes.slice(0, Math.min(20, n)).reduce((s, sc) => s + sc.frames.length, 0);
    let t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < scenes.length) {
          const s = scenes[next++];
          await renderer.renderScene(s, join(out, 'render-only', s.id));
        }
      }),
    );
    const renderS = (performance.now() - t0) / 1000;
    clearInterval(sampling);
    await renderer.close();

    // 2. The pipeline from nothing, in its own browser, as `sim generate` runs it.
    t0 = performance.now();
    const summary = await generate({
      out: join(out, 'dataset'),
      scenes: n,
      seed: 0,
      config,
      workers,
      shard: { index: 0, count: 1 },
    });
    const pipelineS = (performance.now() - t0) / 1000;

    const renderVps = views / renderS;
    const pipelineVps = views / pipelineS;
    console.log(
      `bench:generate  ${n} scenes × ${frames} frames at ${size}², ${workers} render page(s), ${summary.finalized?.items ?? 0} questions`,
    );
    console.log(
      `  bare render loop (lit pass only, no readback):  ${fmt((bareViews / bareMs) * 1000)} views/s`,
    );
    console.log(
      `  renderer alone (render + masks + PNGs):          ${fmt(renderVps)} views/s  (${fmt(n / renderS, 2)} scenes/s)`,
    );
    console.log(
      `  whole pipeline (sim + render + tasks + commit):  ${fmt(pipelineVps)} views/s  (${fmt(n / pipelineS, 2)} scenes/s)`,
    );
    console.log(`  pipeline / renderer alone: ${fmt(pipelineVps / renderVps, 3)}`);
    console.log(
      `  peak RSS: node ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB, browser (all processes, sampled) ${fmt(browserPeak / 2 ** 20, 0)} MB`,
    );
    const hours = (20_000 * (pipelineS / n)) / 3600;
    console.log(`  projected for 20,000 scenes × ${frames} frames on this machine: ${fmt(hours, 2)} h`);
  } finally {
    clearInterval(sampling);
    await rm(out, { recursive: true, force: true });
  }
}

await main();
