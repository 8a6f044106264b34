import { Worker } from 'node:worker_threads';
import type { Config } from '../sim/config';
import type { Scene } from '../sim/schema';
import type { QaItem } from '../tasks/schema';
import type { FramePixels } from '../tasks/task';
import { UserError } from '../util/errors';
import { distFile } from '../util/paths';

/**
 * Simulation and question writing on a thread of their own. Both are pure CPU work of a few hundred
 * milliseconds a scene; on the main thread they held up the handling of the browser's frames and
 * the start of its next scene, and the page stood idle for that long (about a tenth of a run).
 * Scenes and items are the same functions of (config, seed, index) wherever they run.
 */

export type SceneRequest =
  | { id: number; kind: 'scene'; index: number }
  | { id: number; kind: 'items'; scene: Scene; masks: Map<number, FramePixels> };

export type SceneResponse = { id: number } & (
  | { scene: Scene }
  | { items: QaItem[] }
  | { error: { name: string; message: string; stack?: string } }
);

export class SceneThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (r: SceneResponse) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  /** Why the thread stopped, once it has: later requests fail with it at once. */
  private failure: Error | null = null;

  constructor(config: Config, seed: number) {
    this.worker = new Worker(distFile('scene-worker.js'), { workerData: { config, seed } });
    this.worker.on('message', (res: SceneResponse) => {
      const waiting = this.pending.get(res.id);
      this.pending.delete(res.id);
      waiting?.resolve(res);
    });
    // A thread that dies (out of memory, a bug) fails what it was asked, not silently.
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const { reject } of this.pending.values()) reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the scene thread exited (code ${code})`)));
  }

  /** Scene `index` of the dataset, before rendering. */
  async scene(index: number): Promise<Scene> {
    const res = await this.ask({ id: this.nextId++, kind: 'scene', index });
    return (res as { scene: Scene }).scene;
  }

  /** The questions of a rendered scene; the masks' buffers move to the thread. */
  async items(scene: Scene, masks: Map<number, FramePixels>): Promise<QaItem[]> {
    const transfer = [...masks.values()].flatMap((m) => [m.seg.buffer, m.depth.buffer]) as ArrayBuffer[];
    const res = await this.ask({ id: this.nextId++, kind: 'items', scene, masks }, transfer);
    return (res as { items: QaItem[] }).items;
  }

  private ask(req: SceneRequest, transfer: ArrayBuffer[] = []): Promise<SceneResponse> {
    return new Promise<SceneResponse>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(req.id, { resolve, reject });
      this.worker.postMessage(req, transfer);
    }).then((res) => {
      if (!('error' in res)) return res;
      const { name, message, stack } = res.error;
      const err = name === 'UserError' ? new UserError(message) : new Error(message);
      if (name !== 'UserError') err.stack = stack;
      throw err;
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
