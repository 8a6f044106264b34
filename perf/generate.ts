import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkers } from '../cli/generate-command';
import { generate } from '../pipeline/generate';
import { Renderer, rendererOptions } from '../render/renderer';
import { resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';
import { STYLES, type Style } from '../sim/styles';
import { processTreeRss } from '../util/proc';

/**
 * npm run bench:generate — the whole pipeline (simulate → render → annotate → PNGs → questions →
 * commit) against the renderer alone on the same scenes in the same process, for each look
 * (realistic and flat), so the ratios say what simulation, task generation and bookkeeping cost on
 * top of rendering, and what the realistic look costs against the flat one. Also the bare render
 * loop, peak memory, and the projected time for 20,000 scenes.
 * Options: --scenes N (200), --size px (512), --frames K (4), --workers W (cores / 2),
 * --styles realistic,flat, --kind mixed|static|dynamic|walkthrough|multiview (mixed: the config's
 * mix; walkthrough also prints the share of each scene's time spent encoding its video).
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const n = Number(args.get('scenes') ?? 200);
const size = Number(args.get('size') ?? 512);
const frames = Number(args.get('frames') ?? 4);
const workers = Number(args.get('workers') ?? defaultWorkers());
const styles = (args.get('styles') ?? STYLES.join(',')).split(',') as Style[];
const kind = args.get('kind') ?? 'mixed';
const KIND_MIX: Record<string, Record<string, number>> = {
  mixed: {},
  static: { dynamic_fraction: 0, walkthrough_fraction: 0, multiview_fraction: 0 },
  dynamic: { dynamic_fraction: 1, walkthrough_fraction: 0, multiview_fraction: 0 },
  walkthrough: { dynamic_fraction: 0, walkthrough_fraction: 1, multiview_fraction: 0 },
  multiview: { dynamic_fraction: 0, walkthrough_fraction: 0, multiview_fraction: 1 },
};
if (!KIND_MIX[kind]) throw new Error(`--kind ${kind}: one of ${Object.keys(KIND_MIX).join(', ')}`);

const fmt = (x: number, d = 1) => x.toFixed(d);

interface LookResult {
  style: Style;
  bareVps: number;
  renderVps: number;
  pipelineVps: number;
  pipelineScenesPerS: number;
  items: number;
  browserPeakMb: number;
  /** Share of the renderer's scene time spent encoding videos (walkthroughs). */
  videoShare: number;
}

async function benchLook(style: Style, out: string): Promise<LookResult> {
  const config = resolveConfig({
    image: { width: size, height: size },
    frames,
    render: { style },
    ...KIND_MIX[kind],
  });
  // 1. The renderer alone: scenes simulated beforehand, then rendered, annotated and written.
  const scenes = Array.from({ length: n }, (_, i) => generateScene(config, 0, i));
  const views = scenes.reduce((s, sc) => s + sc.frames.length, 0);
  const renderer = await Renderer.start({ pages: workers, ...rendererOptions(config.render) });
  let browserPeak = 0;
  const sampling = setInterval(async () => {
    browserPeak = Math.max(browserPeak, await processTreeRss(renderer.browserPid()));
  }, 500);
  try {
    const sample = scenes.slice(0, Math.min(20, n));
    let bareMs = 0;
    for (const s of sample) bareMs += (await renderer.benchLoop(s, 'bare', 1)) * s.frames.length;
    const bareViews = sample.reduce((s, sc) => s + sc.frames.length, 0);
    let t0 = performance.now();
    let next = 0;
    const spent = { video: 0, total: 0 };
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < scenes.length) {
          const s = scenes[next++];
          const { timings } = await renderer.renderScene(s, join(out, style, 'render-only', s.id));
          spent.video += timings.video;
          spent.total += timings.total;
        }
      }),
    );
    const renderS = (performance.now() - t0) / 1000;
    clearInterval(sampling);
    await renderer.close();

    // 2. The pipeline from nothing, in its own browser, as `sim generate` runs it.
    t0 = performance.now();
    const summary = await generate({
      out: join(out, style, 'dataset'),
      scenes: n,
      seed: 0,
      config,
      workers,
      shard: { index: 0, count: 1 },
    });
    const pipelineS = (performance.now() - t0) / 1000;
    return {
      style,
      bareVps: (bareViews / bareMs) * 1000,
      renderVps: views / renderS,
      pipelineVps: views / pipelineS,
      pipelineScenesPerS: n / pipelineS,
      items: summary.finalized?.items ?? 0,
      browserPeakMb: browserPeak / 2 ** 20,
      videoShare: spent.total > 0 ? spent.video / spent.total : 0,
    };
  } finally {
    clearInterval(sampling);
    await renderer.close();
  }
}

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'sim-bench-generate-'));
  try {
    const results: LookResult[] = [];
    for (const style of styles) results.push(await benchLook(style, out));
    console.log(
      `bench:generate  ${n} ${kind === 'mixed' ? '' : `${kind} `}scenes (${frames} frames a still or dynamic scene) at ${size}², ${workers} render page(s)`,
    );
    console.log(
      'look        bare loop    renderer alone   whole pipeline              pipeline/renderer   20,000 scenes   questions',
    );
    for (const r of results)
      console.log(
        `${r.style.padEnd(10)}  ${fmt(r.bareVps).padStart(5)} v/s    ${fmt(r.renderVps).padStart(5)} v/s        ${fmt(r.pipelineVps).padStart(5)} v/s (${fmt(r.pipelineScenesPerS, 2)} scenes/s)   ${fmt(r.pipelineVps / r.renderVps, 3).padStart(6)}             ${fmt(20_000 / r.pipelineScenesPerS / 3600, 2).padStart(5)} h         ${r.items}`,
      );
    const [real, flat] = [
      results.find((r) => r.style === 'realistic'),
      results.find((r) => r.style === 'flat'),
    ];
    if (real && flat)
      console.log(
        `realistic / flat, whole pipeline: ${fmt(real.pipelineVps / flat.pipelineVps, 3)}  (renderer alone ${fmt(real.renderVps / flat.renderVps, 3)}, bare loop ${fmt(real.bareVps / flat.bareVps, 3)})`,
      );
    for (const r of results)
      if (r.videoShare > 0)
        console.log(
          `${r.style}: video encoding takes ${fmt(100 * r.videoShare)}% of the renderer's scene time`,
        );
    console.log(
      `peak RSS: node ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB, browser (all processes, sampled) ${results.map((r) => `${r.style} ${fmt(r.browserPeakMb, 0)} MB`).join(', ')}`,
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

await main();
