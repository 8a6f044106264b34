import { loadConfigFile, resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';

export interface SceneFlags {
  seed: number;
  index: number;
  config?: string;
}

export async function printScene(opts: SceneFlags): Promise<void> {
  const config = opts.config ? await loadConfigFile(opts.config) : resolveConfig({});
  const scene = generateScene(config, opts.seed, opts.index);
  process.stdout.write(`${JSON.stringify(scene, null, 2)}\n`);
}
