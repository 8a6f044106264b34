import { loadConfigFile, resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';

export async function printScene(opts: { seed: number; index: number; config?: string }): Promise<void> {
  const config = opts.config ? await loadConfigFile(opts.config) : resolveConfig({});
  const scene = generateScene(config, opts.seed, opts.index);
  process.stdout.write(`${JSON.stringify(scene, null, 2)}\n`);
}
