import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../sim/config';
import { generateScene } from '../sim/scene';
import { generateItems } from '../tasks/index';
import type { SceneRequest, SceneResponse } from './scene-thread';

/**
 * The body of the thread that simulates scenes and writes their questions for `sim generate` (see
 * scene-thread.ts): one request at a time, in the order they come.
 */

const { config, seed } = workerData as { config: Config; seed: number };

parentPort!.on('message', (req: SceneRequest) => {
  let res: SceneResponse;
  try {
    res =
      req.kind === 'scene'
        ? { id: req.id, scene: generateScene(config, seed, req.index) }
        : { id: req.id, items: generateItems(req.scene, config, (k) => req.masks.get(k) ?? null) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    res = { id: req.id, error: { name: e.name, message: e.message, stack: e.stack } };
  }
  parentPort!.postMessage(res);
});
