import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Renderer, rendererOptions } from '../render/renderer';
import type { Config } from '../sim/config';
import { sceneDir, scenesDir } from '../sim/layout';
import { sceneId } from '../sim/schema';
import { sceneTexts, selectTasks } from '../tasks/index';
import { forEachLimited } from '../util/concurrency';
import { InterruptedError, UserError } from '../util/errors';
import { finalizeDataset } from './finalize';
import { claimDataset } from './identity';
import { clearScene, commitScene, MANIFEST, verifyScene } from './scene-store';
import { SceneThread } from './scene-thread';
import { type Shard, shardScenes } from './shard';

/**
 * `sim generate`: simulate, render and ask questions for every scene of this shard, streaming one
 * scene at a time through a bounded pipeline (the next scene is simulated while the browser
 * renders), committing each scene as it finishes, then finalizing the dataset once every scene of
 * every shard is there. Scene i is a pure function of (config, seed, i), so the result does not
 * depend on the worker count, the shard split, the finishing order or on restarts.
 */

export interface GenerateOptions {
  out: string;
  scenes: number;
  seed: number;
  config: Config;
  /** Browser pages rendering in parallel. */
  workers: number;
  shard: Shard;
  /** Called once before the first scene, then after each scene (done or failed), with the running totals. */
  onProgress?: (p: GenerateProgress) => void;
  /** Called when every scene of this shard has been tried, before finalizing. */
  onDone?: () => void;
  /** Called with plain messages (resume checks, failures, finalization). */
  log?: (line: string) => void;
  /** Stops the run (Ctrl-C): no new scene starts, the browser closes, finished scenes stay. */
  signal?: AbortSignal;
}

export interface GenerateProgress {
  /** Scenes of this shard committed, including those found complete at start. */
  done: number;
  /** Scenes of this shard in all. */
  total: number;
  /** Scenes found complete at start. */
  resumed: number;
  failed: number;
  /** Views rendered by this run. */
  views: number;
}

export interface GenerateSummary extends GenerateProgress {
  /** Final counts when this run finalized the dataset, else null (other shards still running). */
  finalized: { scenes: number; frames: number; items: number } | null;
  failedScenes: string[];
}

export async function generate(opts: GenerateOptions): Promise<GenerateSummary> {
  const log = opts.log ?? (() => undefined);
  // Every name in the config is checked before the folder is claimed, so a typo costs nothing.
  selectTasks(opts.config.tasks.include);
  await claimDataset(opts.out, opts.config, opts.seed);
  const beyond = (await readdir(scenesDir(opts.out)).catch(() => [] as string[])).filter(
    (name) => /^\d{6,}$/.test(name) && Number(name) >= opts.scenes,
  );
  if (beyond.length)
    throw new UserError(
      `${opts.out} already holds scenes up to ${beyond.sort().at(-1)}, beyond --scenes ${opts.scenes}; give --scenes ${Number(beyond.at(-1)) + 1} or more (a dataset only grows), or another --out`,
    );
  const mine = shardScenes(opts.scenes, opts.shard);

  // Resume: keep every scene whose files all match its manifest; make the rest (again).
  const todo: number[] = [];
  await forEachLimited(mine, 8, async (i) => {
    if (!(await verifyScene(opts.out, i))) todo.push(i);
  });
  todo.sort((a, b) => a - b);
  const progress: GenerateProgress = {
    done: mine.length - todo.length,
    total: mine.length,
    resumed: mine.length - todo.length,
    failed: 0,
    views: 0,
  };
  if (progress.resumed) log(`resuming: ${progress.resumed} of ${mine.length} scenes already complete`);
  opts.onProgress?.({ ...progress });

  const failedScenes: string[] = [];
  if (todo.length) {
    const thread = new SceneThread(opts.config, opts.seed);
    // The first scenes are simulated while the browser starts.
    const early = new Map(todo.slice(0, opts.workers + 1).map((i) => [i, thread.scene(i)]));
    for (const scene of early.values()) scene.catch(() => undefined);
    let renderer: Renderer;
    try {
      renderer = await Renderer.start({ pages: opts.workers, ...rendererOptions(opts.config.render) });
    } catch (err) {
      await thread.close();
      throw err;
    }
    // Interrupted: close the browser at once; the scenes in flight have no manifest and are made
    // again by the next run.
    const stop = () => void renderer.close();
    opts.signal?.addEventListener('abort', stop);
    try {
      // One scene more in flight than pages: its simulation overlaps the rendering of the others.
      await forEachLimited(todo, opts.workers + 1, async (i) => {
        if (opts.signal?.aborted) return;
        const scene = await (early.get(i) ?? thread.scene(i));
        await clearScene(opts.out, i);
        try {
          const { scene: annotated, masks } = await renderer.renderScene(scene, sceneDir(opts.out, i));
          const items = await thread.items(annotated, masks);
          await commitScene(opts.out, annotated, items, sceneTexts(annotated, items));
          progress.done++;
          progress.views += scene.frames.length;
        } catch (err) {
          if (opts.signal?.aborted) return;
          if ((err as Error).name !== 'RenderError') throw err;
          progress.failed++;
          failedScenes.push(sceneId(i));
          log(`scene ${sceneId(i)} failed: ${(err as Error).message}`);
        }
        opts.onProgress?.({ ...progress });
      });
    } finally {
      opts.signal?.removeEventListener('abort', stop);
      await Promise.all([renderer.close(), thread.close()]);
    }
  }
  opts.onDone?.();
  if (opts.signal?.aborted) {
    throw new InterruptedError(
      `interrupted: ${progress.done} of ${progress.total} scenes are finished and kept; run the same command to make the rest`,
    );
  }
  if (failedScenes.length) {
    throw new UserError(
      `${failedScenes.length} scene(s) failed to render (${failedScenes.slice(0, 5).join(', ')}${failedScenes.length > 5 ? ', …' : ''}); run the same command again to retry them`,
    );
  }

  // The last shard to finish (or a single run) joins everything; others leave that to it or to `sim merge`.
  let finalized: GenerateSummary['finalized'] = null;
  const missing = await firstMissing(opts.out, opts.scenes);
  if (missing === null) {
    finalized = await finalizeDataset(opts.out, opts.scenes);
    log(
      finalized
        ? `dataset complete: ${finalized.scenes} scenes, ${finalized.frames} frames, ${finalized.items} questions in ${opts.out}`
        : `shard ${opts.shard.index}/${opts.shard.count} done; another shard is finalizing ${opts.out}`,
    );
  } else {
    log(
      `shard ${opts.shard.index}/${opts.shard.count} done; scene ${sceneId(missing)} and maybe others are still to come from other shards (then run \`sim merge ${opts.out}\`)`,
    );
  }
  return { ...progress, finalized, failedScenes };
}

/**
 * First scene index below n that has no manifest yet, or null when all are there. (Each shard
 * verified its own scenes; this only asks whether the other shards have finished theirs.)
 */
async function firstMissing(dir: string, n: number): Promise<number | null> {
  for (let i = 0; i < n; i++) {
    try {
      await access(join(sceneDir(dir, i), MANIFEST));
    } catch {
      return i;
    }
  }
  return null;
}
