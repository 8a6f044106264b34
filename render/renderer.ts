import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { Config } from '../sim/config';
import { roundDeep } from '../sim/geometry';
import { type Annotation, frameDir, type Scene } from '../sim/schema';
import type { Style } from '../sim/styles';
import { UserError } from '../util/errors';
import { writeFileAtomic } from '../util/files';
import { Pool } from '../util/pool';
import { annotateFrame } from './annotate';
import { type LaunchedBrowser, launchBrowser } from './browser';
import { allocateLayers, decodeFrame, type FrameLayers } from './layers';
import { encodeFrame } from './png';
import {
  addTimings,
  type FrameHeader,
  PAGE_TIMING_KEYS,
  type PageTimings,
  type RenderOptions,
  zeroTimings,
} from './protocol';
import { RenderServer } from './server';
import { VideoWriter } from './video';

/**
 * Renders scenes in headless Chromium. One browser holds `pages` pages, each rendering one scene at
 * a time; pixels come back as Blob POSTs to a local server, where they are decoded, annotated and
 * written as PNGs while the page draws the next frame. A page that crashes or hangs past the
 * timeout is replaced (the browser too, if it died) and the scene is rendered again; files are
 * written under temporary names and renamed, so nothing half-written looks finished.
 */

export interface RendererOptions {
  /** Pages rendering in parallel (default 1: on two cores a second page adds almost nothing). */
  pages?: number;
  /** The look of the RGB image (default realistic); depth, masks and annotations do not depend on it. */
  style?: Style;
  shadows?: boolean;
  shadowMapSize?: number;
  /** Multisample the lit RGB pass (the masks are never antialiased). */
  antialias?: boolean;
  /** A scene taking longer than this (ms) counts as hung (default 60 s + 10 s per frame). */
  timeoutMs?: number;
  /** Attempts per scene after the first (default 2). */
  retries?: number;
  /** Wait for the GPU after each pass so timings separate the passes (benchmarks). */
  profile?: boolean;
  /** Called with every page once it has loaded (instrumentation and fault-injection tests). */
  onPageOpen?: (page: Page) => Promise<void>;
}

/** The renderer options a generation config asks for. */
export function rendererOptions(render: Config['render']): RendererOptions {
  return {
    style: render.style,
    shadows: render.shadows,
    shadowMapSize: render.shadow_map_size,
    antialias: render.antialias,
  };
}

export interface RenderedScene {
  /** The scene with frames[].objects filled in. */
  scene: Scene;
  /** Each frame's seg and depth values as written (for tasks that read pixels), by frame index. */
  masks: Map<number, Pick<FrameLayers, 'width' | 'height' | 'seg' | 'depth'>>;
  timings: SceneTimings;
}

export const SCENE_TIMING_KEYS = [...PAGE_TIMING_KEYS, 'annotate', 'encode', 'video', 'total'] as const;

/**
 * A scene's page timings summed over its frames, plus Node's share (decoding and annotating
 * pixels, PNG encoding in libvips threads, a walkthrough's video encoding) and the scene's wall
 * time, ms.
 */
export type SceneTimings = Record<(typeof SCENE_TIMING_KEYS)[number], number>;

interface Worker {
  page: Page;
  busy: boolean;
}

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

export class Renderer {
  private browser: LaunchedBrowser | null = null;
  private workers: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];
  private jobCounter = 0;
  private relaunching: Promise<void> | null = null;
  private closed = false;
  /** Restarts after crashes or hangs, for logs and tests. */
  restarts = 0;

  private constructor(
    private readonly server: RenderServer,
    private readonly opts: Required<Omit<RendererOptions, 'timeoutMs' | 'onPageOpen'>> &
      Pick<RendererOptions, 'timeoutMs' | 'onPageOpen'>,
  ) {}

  static async start(options: RendererOptions = {}): Promise<Renderer> {
    const server = await RenderServer.start();
    const r = new Renderer(server, {
      pages: options.pages ?? 1,
      style: options.style ?? 'realistic',
      shadows: options.shadows ?? true,
      shadowMapSize: options.shadowMapSize ?? 2048,
      antialias: options.antialias ?? false,
      retries: options.retries ?? 2,
      profile: options.profile ?? false,
      timeoutMs: options.timeoutMs,
      onPageOpen: options.onPageOpen,
    });
    try {
      await r.launch();
    } catch (err) {
      await r.close();
      throw err;
    }
    return r;
  }

  private async launch(): Promise<void> {
    this.browser = await launchBrowser();
    this.workers = [];
    for (let i = 0; i < this.opts.pages; i++) this.workers.push({ page: await this.openPage(), busy: false });
  }

  private async openPage(): Promise<Page> {
    const page = await this.browser!.browser.newPage();
    await page.goto(`${this.server.url}/render.html${this.opts.antialias ? '?aa=1' : ''}`);
    await page.waitForFunction(() => document.title === 'ready', { timeout: 60_000 });
    await this.opts.onPageOpen?.(page);
    return page;
  }

  /** Page of the first worker, for tests that need to break it on purpose. */
  get pages(): Page[] {
    return this.workers.map((w) => w.page);
  }

  /** Information about the WebGL implementation (e.g. SwiftShader). */
  async info(): Promise<{ renderer: string; maxTextureSize: number }> {
    return this.workers[0].page.evaluate(() => window.__sim.info());
  }

  private acquire(): Promise<Worker> {
    const free = this.workers.find((w) => !w.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseWorker(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else w.busy = false;
  }

  /**
   * Renders every frame of `scene` into `outDir/frames/<kk>/{rgb,depth,seg}.png` and returns the
   * scene with its annotations. Retries on a crashed or hung page. The page is handed to the next
   * scene as soon as it has sent its last frame, while this one's last PNGs are still encoding.
   */
  async renderScene(scene: Scene, outDir: string): Promise<RenderedScene> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (this.closed) throw new RenderError('renderer is closed');
      const worker = await this.acquire();
      const frames = new FrameCollector(scene, outDir);
      try {
        await this.drawOnPage(worker, scene, frames);
      } catch (err) {
        lastError = err;
        // The next attempt writes the same files: let this one's writes end first.
        await Promise.all([this.recover(worker), frames.settled()]);
        continue;
      } finally {
        this.releaseWorker(worker);
      }
      try {
        return await frames.finish();
      } catch (err) {
        if (err instanceof UserError) throw err;
        lastError = err;
      }
    }
    throw new RenderError(
      `scene ${scene.id}: rendering failed after ${this.opts.retries + 1} attempts: ${errorText(lastError)}`,
    );
  }

  /** Has the page draw and send every frame; resolves once the server holds them all. */
  private async drawOnPage(worker: Worker, scene: Scene, frames: FrameCollector): Promise<void> {
    const page = await this.usable(worker);
    const browser = page.browser();
    const job = `j${++this.jobCounter}`;
    this.server.register(job, (header, body) => frames.receive(header, body));
    const options: RenderOptions = {
      job,
      style: this.opts.style,
      shadows: this.opts.shadows,
      shadowMapSize: this.opts.shadowMapSize,
      profile: this.opts.profile,
    };
    const timeoutMs = this.opts.timeoutMs ?? 60_000 + 10_000 * scene.frames.length;
    // A crashed page or browser never answers the evaluate: fail fast on their events instead.
    let onCrash: (err: Error) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => {
      onCrash = (err) => reject(new RenderError(`scene ${scene.id}: ${err.message || 'page crashed'}`));
    });
    const onDisconnect = () => onCrash(new Error('browser disconnected'));
    // on + off, not once: puppeteer's once() wraps the handler, and off() with the handler then
    // leaves the wrapper (and this scene's data) attached.
    page.on('error', onCrash);
    browser.on('disconnected', onDisconnect);
    try {
      const rendering = page.evaluate(
        (s, o, url) => window.__sim.renderScene(s, o, url),
        scene as never,
        options,
        `${this.server.url}/frame`,
      );
      await withTimeout(
        Promise.race([rendering, crashed]),
        timeoutMs,
        `scene ${scene.id}: the page did not finish within ${Math.round(timeoutMs / 1000)} s`,
      );
    } finally {
      page.off('error', onCrash);
      browser.off('disconnected', onDisconnect);
      this.server.release(job);
    }
  }

  /** After a failure: a fresh page, and a fresh browser first if the old one is gone. */
  private async recover(worker: Worker): Promise<void> {
    if (this.closed) return;
    this.restarts++;
    await worker.page.close().catch(() => undefined);
    if (!this.browser?.browser.connected) await this.relaunch();
    worker.page = await this.openPage();
  }

  /**
   * One new browser however many pages noticed the old one die; the other workers' pages died
   * with it, and each gets a new page before its next scene (see `usable`).
   */
  private relaunch(): Promise<void> {
    this.relaunching ??= (async () => {
      await this.browser?.close().catch(() => undefined);
      this.browser = await launchBrowser();
    })().finally(() => {
      this.relaunching = null;
    });
    return this.relaunching;
  }

  /** A worker's page, replaced first if it belonged to a browser that has since been replaced. */
  private async usable(worker: Worker): Promise<Page> {
    if (worker.page.isClosed() || !worker.page.browser().connected) {
      if (this.relaunching) await this.relaunching;
      worker.page = await this.openPage();
    }
    return worker.page;
  }

  /** Milliseconds per view of the bare render loop (`bare`) or the lit pass read back (`rgb`). */
  async benchLoop(scene: Scene, mode: 'bare' | 'rgb', repeat: number): Promise<number> {
    const worker = await this.acquire();
    try {
      const options: RenderOptions = {
        job: 'bench',
        style: this.opts.style,
        shadows: this.opts.shadows,
        shadowMapSize: this.opts.shadowMapSize,
        profile: false,
      };
      return await worker.page.evaluate(
        (s, o, m, r) => window.__sim.benchLoop(s, o, m, r),
        scene as never,
        options,
        mode,
        repeat,
      );
    } finally {
      this.releaseWorker(worker);
    }
  }

  /** Process id of the browser (for memory measurements). */
  browserPid(): number | undefined {
    return this.browser?.browser.process()?.pid;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.browser?.close().catch(() => undefined);
    await this.server.close();
  }
}

/** Decoded-layer buffers by frame size, shared by every scene of the process. */
const layerPool = new Pool<FrameLayers>((size) => {
  const [w, h] = size.split('x').map(Number);
  return allocateLayers(w, h);
});

/** Decodes, annotates and writes the frames of one scene as they arrive from the page. */
class FrameCollector {
  private readonly annotations = new Map<number, Annotation[]>();
  private readonly masks: RenderedScene['masks'] = new Map();
  private readonly pending: Promise<void>[] = [];
  private readonly pageTimings: PageTimings = zeroTimings(PAGE_TIMING_KEYS);
  private readonly ids: number[];
  private readonly start = performance.now();
  private annotateMs = 0;
  private encodeMs = 0;
  /** A walkthrough's video, encoded as its frames arrive. */
  private readonly video: VideoWriter | null;

  constructor(
    private readonly scene: Scene,
    private readonly outDir: string,
  ) {
    this.ids = scene.objects.map((o) => o.id);
    this.video = scene.kind === 'walkthrough' ? videoOf(scene, outDir) : null;
  }

  /** Takes a frame as the server hands it over; the body is decoded before this returns. */
  receive(header: FrameHeader, body: Buffer): void {
    const handled = this.handle(header, body);
    // Marked as handled now; finish() reports the failure (the page may still be drawing).
    handled.catch(() => undefined);
    this.pending.push(handled);
  }

  /** Waits until every frame received so far is written or has failed, and drops the video begun. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.pending);
    await this.video?.abort();
  }

  private async handle(header: FrameHeader, body: Buffer): Promise<void> {
    const t0 = performance.now();
    const size = `${header.width}x${header.height}`;
    const layers = decodeFrame(header, body, layerPool.acquire(size));
    this.annotations.set(header.frame, annotateFrame(layers, this.ids, header.amodal));
    // The pooled buffers are reused by the next frame: what outlives it is copied.
    this.video?.add(
      this.scene.frames.findIndex((f) => f.index === header.frame),
      layers.rgb,
    );
    this.masks.set(header.frame, {
      width: layers.width,
      height: layers.height,
      seg: layers.seg.slice(),
      depth: layers.depth.slice(),
    });
    const t1 = performance.now();
    this.annotateMs += t1 - t0;
    let png: Awaited<ReturnType<typeof encodeFrame>>;
    try {
      png = await encodeFrame(layers);
    } finally {
      layerPool.release(size, layers);
    }
    this.encodeMs += performance.now() - t1;
    const dir = join(this.outDir, 'frames', frameDir(header.frame));
    try {
      await mkdir(dir, { recursive: true });
      await Promise.all([
        writeFileAtomic(join(dir, 'rgb.png'), png.rgb, { mkdir: false }),
        writeFileAtomic(join(dir, 'depth.png'), png.depth, { mkdir: false }),
        writeFileAtomic(join(dir, 'seg.png'), png.seg, { mkdir: false }),
      ]);
    } catch (err) {
      // A full disk or a bad --out is the user's to fix, not a reason to render again.
      throw new UserError(`cannot write ${dir}: ${(err as Error).message}`);
    }
    addTimings(this.pageTimings, header.timings);
  }

  /** Waits for the last frames to be written; the scene with its annotations. */
  async finish(): Promise<RenderedScene> {
    try {
      await Promise.all(this.pending);
      const missing = this.scene.frames.filter((f) => !this.annotations.has(f.index));
      if (missing.length)
        throw new RenderError(
          `scene ${this.scene.id}: frames ${missing.map((f) => f.index).join(', ')} never arrived`,
        );
    } catch (err) {
      await this.video?.abort();
      throw err;
    }
    const annotated: Scene = roundDeep({
      ...this.scene,
      frames: this.scene.frames.map((f) => ({ ...f, objects: this.annotations.get(f.index)! })),
    });
    const t0 = performance.now();
    try {
      await this.video?.finish(this.scene.frames.length);
    } catch (err) {
      throw new UserError(`scene ${this.scene.id}: cannot write video.mp4: ${(err as Error).message}`);
    }
    return {
      scene: annotated,
      masks: this.masks,
      timings: {
        ...this.pageTimings,
        annotate: this.annotateMs,
        encode: this.encodeMs,
        // What is left to encode once the last frame is in (the rest overlaps the rendering).
        video: performance.now() - t0,
        total: performance.now() - this.start,
      },
    };
  }
}

/** video.mp4 beside the frames: every frame, in order, at the rate the frames' times give. */
function videoOf(scene: Scene, outDir: string): VideoWriter {
  const [f0, f1] = scene.frames;
  const fps = f1 ? Number((1 / (f1.time - f0.time)).toFixed(3)) : 1;
  return new VideoWriter(join(outDir, 'video.mp4'), f0.width, f0.height, fps);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RenderError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}
