import { availableParallelism } from 'node:os';
import { generate } from '../pipeline/generate';
import { resolveShard, type Shard } from '../pipeline/shard';
import { type Config, readConfigFile, resolveConfig } from '../sim/config';
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

/**
 * The config file (or nothing) with the flags that override it, then the defaults, validated as a
 * whole: defaults that depend on other fields (pixel thresholds on the image size) see the flags.
 */
export async function configFromFlags(
  flags: Pick<GenerateFlags, 'config' | 'size' | 'frames'>,
): Promise<Config> {
  const input = flags.config ? await readConfigFile(flags.config) : {};
  if (flags.size) input.image = { ...(input.image as object), width: flags.size, height: flags.size };
  if (flags.frames) input.frames = flags.frames;
  return resolveConfig(input, flags.config ?? 'flags');
}

export async function generateCommand(flags: GenerateFlags): Promise<void> {
  const config = await configFromFlags(flags);
  const shard = resolveShard(flags.shard);
  const workers = flags.workers ?? defaultWorkers();
  // The first Ctrl-C stops the run cleanly; a second one does not wait for that.
  const interrupt = new AbortController();
  const onSignal = () => (interrupt.signal.aborted ? process.exit(130) : interrupt.abort());
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
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
    signal: interrupt.signal,
  }).finally(() => process.off('SIGINT', onSignal).off('SIGTERM', onSignal));
  if (summary.finalized) {
    process.stderr.write(
      `next: sim validate ${flags.out}   |   sim stats ${flags.out}   |   sim inspect ${flags.out}\n`,
    );
  }
}
