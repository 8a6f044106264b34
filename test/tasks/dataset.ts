import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Renderer } from '../../render/renderer';
import { type Config, type ConfigInput, resolveConfig } from '../../sim/config';
import { qaPath, sceneDir, sceneJsonPath } from '../../sim/layout';
import { generateScene } from '../../sim/scene';
import type { Scene } from '../../sim/schema';
import { generateItems } from '../../tasks/index';
import type { QaItem } from '../../tasks/schema';

/**
 * A small dataset on disk in the public layout, made the way `sim generate` makes one: simulate,
 * render with the real renderer, generate the questions, write scene.json and qa.jsonl.
 */

export interface TaskDataset {
  dir: string;
  config: Config;
  scenes: Scene[];
  items: QaItem[];
  remove(): Promise<void>;
}

/** Small images; the visibility thresholds scaled down with them (defaults are for 512²). */
export function smallConfig(overrides: ConfigInput = {}): Config {
  return resolveConfig({
    image: { width: 256, height: 192 },
    render: { shadow_map_size: 1024 },
    ...overrides,
    tasks: { min_visible_px: 100, count_min_px: 50, ...overrides.tasks },
  });
}

export async function buildDataset(
  renderer: Renderer,
  config: Config,
  seed: number,
  indices: readonly number[],
): Promise<TaskDataset> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-tasks-'));
  const scenes: Scene[] = [];
  const items: QaItem[] = [];
  for (const i of indices) {
    const { scene } = await renderer.renderScene(generateScene(config, seed, i), sceneDir(dir, i));
    await mkdir(sceneDir(dir, i), { recursive: true });
    await writeFile(sceneJsonPath(dir, i), `${JSON.stringify(scene, null, 2)}\n`);
    scenes.push(scene);
    items.push(...generateItems(scene, config));
  }
  await writeFile(qaPath(dir), items.map((q) => `${JSON.stringify(q)}\n`).join(''));
  return { dir, config, scenes, items, remove: () => rm(dir, { recursive: true, force: true }) };
}
