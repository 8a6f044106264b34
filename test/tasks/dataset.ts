import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Renderer } from '../../render/renderer';
import { type Config, type ConfigInput, resolveConfig } from '../../sim/config';
import { qaPath, sceneDir, sceneJsonPath } from '../../sim/layout';
import { generateScene } from '../../sim/scene';
import type { Scene } from '../../sim/schema';
import { generateItems, sceneTexts } from '../../tasks/index';
import type { QaItem } from '../../tasks/schema';

/**
 * A small dataset on disk in the public layout, made the way `sim generate` makes one: simulate,
 * render with the real renderer, generate the questions (with the frames' seg and depth pixels, as
 * the pipeline hands them over), write scene.json, the descriptions of the text twins and qa.jsonl.
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

/** Scene-kind fractions that make only one kind of scene (the rest of the config as given). */
export function onlyKind(
  kind: Scene['kind'],
): Pick<ConfigInput, 'dynamic_fraction' | 'walkthrough_fraction' | 'multiview_fraction'> {
  return {
    dynamic_fraction: kind === 'dynamic' ? 1 : 0,
    walkthrough_fraction: kind === 'walkthrough' ? 1 : 0,
    multiview_fraction: kind === 'multiview' ? 1 : 0,
  };
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
    const { scene, masks } = await renderer.renderScene(generateScene(config, seed, i), sceneDir(dir, i));
    await mkdir(sceneDir(dir, i), { recursive: true });
    await writeFile(sceneJsonPath(dir, i), `${JSON.stringify(scene, null, 2)}\n`);
    scenes.push(scene);
    const sceneItems = generateItems(scene, config, (k) => masks.get(k) ?? null);
    for (const [path, text] of sceneTexts(scene, sceneItems)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    items.push(...sceneItems);
  }
  await writeFile(qaPath(dir), items.map((q) => `${JSON.stringify(q)}\n`).join(''));
  return { dir, config, scenes, items, remove: () => rm(dir, { recursive: true, force: true }) };
}
