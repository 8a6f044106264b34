import { availableParallelism } from 'node:os';
import { generate } from '../pipeline/generate';
import { resolveShard, type Shard } from '../pipeline/shard';
import { type Config, loadConfigFile, resolveConfig } from '../sim/config';
import { ProgressBar } from '../util/progress';

export interface GenerateFlags {
  scenes: number;
  out: string;
  config?: string;
  seed: number;
  size?: number;
  frames?: number;
  workers?: number;
  shard?: Shard;
}

/** Page count sized to the machine: SwiftShader already spreads one page over two cores. */
export function defaultWorkers(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** The config file (or defaults) with the flags that override it applied, validated as a whole. */
export async function configFromFlags(
  flags: Pick<GenerateFlags, 'config' | 'size' | 'frames'>,
): Promise<Config> {
  const base = flags.config ? await loadConfigFile(flags.config) : resolveConfig({});
  const merged = structuredClone(base);
  if (flags.size) merged.image = { width: flags.size, height: flags.size };
  if (flags.frames) merged.frames = flags.frames;
  return resolveConfig(merged, flags.config ?? 'flags');
}

export async function generateCommand(flags: GenerateFlags): Promise<void> {
  const config = await configFromFlags(flags);
  const shard = resolveShard(flags.shard);
  const workers = flags.workers ?? defaultWorkers();
  let bar: ProgressBar | null = null;
  const label = shard.count > 1 ? `shard ${shard.index}/${shard.count}` : 'scenes';
  const summary = await generate({
    out: flags.out,
    scenes: flags.scenes,
    seed: flags.seed,
    config,
    workers,
    shard,
    log: (line) => (bar ? bar.log(line) : process.stderr.write(`${line}\n`)),
    onProgress: (p) => {
      bar ??= new ProgressBar(label, p.total);
      const viewRate = p.views / Math.max(bar.elapsed(), 1e-3);
      bar.update(p.done, { skipped: p.resumed, tail: `${viewRate.toFixed(1)} views/s, ${p.failed} failed` });
    },
    onDone: () => bar?.finish(),
  });
  if (summary.finalized) {
    process.stderr.write(
      `next: sim validate ${flags.out}   |   sim stats ${flags.out}   |   sim inspect ${flags.out}\n`,
    );
  }
}
