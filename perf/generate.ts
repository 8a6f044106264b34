import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkers } from '../cli/generate-command';
import { generate } from '../pipeline/generate';
import { Renderer, rendererOptions } from '../render/renderer';
import { type Config, resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';
import { STYLES, type Style } from '../sim/styles';
import { processTreeRss } from '../util/proc';

/**
 * npm run bench:generate — the whole pipeline (simulate → render → annotate → PNGs → questions →
 * commit) against the renderer alone on the same scenes in the same process, for each look
 * (realistic and flat), so the ratios say what simulation, task generation and bookkeeping cost on
 * top of rendering, and what the realistic look costs against the flat one. Also the bare render
 * loop, peak memory, and the projected time for 20,000 scenes. The looks take turns (see measure).
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

interface Look {
  style: Style;
  config: Config;
  /** Milliseconds and views, summed over the interleaved turns of each measure. */
  bare: { ms: number; views: number };
  render: { ms: number; views: number };
  pipeline: { ms: number; views: number; scenes: number; items: number };
  browserPeak: number;
  video: { ms: number; total: number };
}

const vps = (m: { ms: number; views: number }) => (m.views / m.ms) * 1000;

/**
 * The looks take turns on every measure, so that a shared machine's drift (speeds here wander by
 * ±10% over minutes) falls on all of them alike: the bare loop and the renderer alone alternate
 * scene by scene between browsers open side by side; the pipeline runs as halves in the order
 * A B … B A, each half a dataset of n/2 scenes from nothing, as `sim generate` makes it.
 */
async function measure(looks: Look[], out: string): Promise<void> {
  const scenes = Array.from({ length: n }, (_, i) => generateScene(looks[0].config, 0, i));
  const renderers: Renderer[] = [];
  const sampling: NodeJS.Timeout[] = [];
  try {
    for (const look of looks) {
      const r = await Renderer.start({ pages: workers, ...rendererOptions(look.config.render) });
      renderers.push(r);
      sampling.push(
        setInterval(async () => {
          look.browserPeak = Math.max(look.browserPeak, await processTreeRss(r.browserPid()));
        }, 500),
      );
    }
    // The looks' order, reversed from one scene (or batch) to the next.
    const turn = (i: number) => (i % 2 ? [...looks.keys()].reverse() : [...looks.keys()]);
    // 1. The bare render loop, on up to 20 scenes.
    for (const [i, s] of scenes.slice(0, 20).entries())
      for (const k of turn(i)) {
        looks[k].bare.ms += (await renderers[k].benchLoop(s, 'bare', 1)) * s.frames.length;
        looks[k].bare.views += s.frames.length;
      }
    // 2. The renderer alone: scenes simulated beforehand, then rendered, annotated and written,
    // `workers` at a time.
    for (let b = 0; b * workers < scenes.length; b++) {
      const batch = scenes.slice(b * workers, (b + 1) * workers);
      for (const k of turn(b)) {
        const look = looks[k];
        const t0 = performance.now();
        const done = await Promise.all(
          batch.map((s) => renderers[k].renderScene(s, join(out, look.style, 'render-only', s.id))),
        );
        look.render.ms += performance.now() - t0;
        look.render.views += batch.reduce((v, s) => v + s.frames.length, 0);
        for (const { timings } of done) {
          look.video.ms += timings.video;
          look.video.total += timings.total;
        }
      }
    }
  } finally {
    for (const t of sampling) clearInterval(t);
    for (const r of renderers) await r.close();
  }
  // 3. The pipeline from nothing, in its own browser: two halves of the scenes (seeds 0 and 1).
  const half = Math.ceil(n / 2);
  const legs = [
    ...looks.map((look) => ({ look, seed: 0 })),
    ...[...looks].reverse().map((look) => ({ look, seed: 1 })),
  ];
  for (const { look, seed } of legs) {
    const t0 = performance.now();
    const summary = await generate({
      out: join(out, look.style, `dataset-${seed}`),
      scenes: half,
      seed,
      config: look.config,
      workers,
      shard: { index: 0, count: 1 },
    });
    look.pipeline.ms += performance.now() - t0;
    look.pipeline.views += summary.views;
    look.pipeline.scenes += half;
    look.pipeline.items += summary.finalized?.items ?? 0;
  }
}

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'sim-bench-generate-'));
  try {
    const looks: Look[] = styles.map((style) => ({
      style,
      config: resolveConfig({
        image: { width: size, height: size },
        frames,
        render: { style },
        ...KIND_MIX[kind],
      }),
      bare: { ms: 0, views: 0 },
      render: { ms: 0, views: 0 },
      pipeline: { ms: 0, views: 0, scenes: 0, items: 0 },
      browserPeak: 0,
      video: { ms: 0, total: 0 },
    }));
    await measure(looks, out);
    console.log(
      `bench:generate  ${n} ${kind === 'mixed' ? '' : `${kind} `}scenes (${frames} frames a still or dynamic scene) at ${size}², ${workers} render page(s), looks interleaved`,
    );
    console.log(
      'look        bare loop    renderer alone   whole pipeline              pipeline/renderer   20,000 scenes   questions',
    );
    for (const r of looks) {
      const scenesPerS = (r.pipeline.scenes / r.pipeline.ms) * 1000;
      console.log(
        `${r.style.padEnd(10)}  ${fmt(vps(r.bare)).padStart(5)} v/s    ${fmt(vps(r.render)).padStart(5)} v/s        ${fmt(vps(r.pipeline)).padStart(5)} v/s (${fmt(scenesPerS, 2)} scenes/s)   ${fmt(vps(r.pipeline) / vps(r.render), 3).padStart(6)}             ${fmt(20_000 / scenesPerS / 3600, 2).padStart(5)} h         ${r.pipeline.items}`,
      );
    }
    const [real, flat] = [looks.find((r) => r.style === 'realistic'), looks.find((r) => r.style === 'flat')];
    if (real && flat)
      console.log(
        `realistic / flat, whole pipeline: ${fmt(vps(real.pipeline) / vps(flat.pipeline), 3)}  (renderer alone ${fmt(vps(real.render) / vps(flat.render), 3)}, bare loop ${fmt(vps(real.bare) / vps(flat.bare), 3)})`,
      );
    for (const r of looks)
      if (r.video.ms > 0)
        console.log(
          `${r.style}: video encoding takes ${fmt((100 * r.video.ms) / r.video.total)}% of the renderer's scene time`,
        );
    console.log(
      `peak RSS: node ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB, browser (all processes, sampled) ${looks.map((r) => `${r.style} ${fmt(r.browserPeak / 2 ** 20, 0)} MB`).join(', ')}`,
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

await main();
