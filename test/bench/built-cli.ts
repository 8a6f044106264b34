import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The `sim` CLI built the way `npm run build` builds it (scripts/build.mjs: one esbuild bundle of
 * cli/main.ts with packages external), but into a private folder under test-artifacts/: rebuilding
 * dist/ would pull it from under other test files that run the CLI at the same time.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltCli {
  /** The entry script, run as `node <bin> …` like bin/sim.js. */
  bin: string;
  remove(): Promise<void>;
}

export async function buildCli(): Promise<BuiltCli> {
  // Inside the repository, so the bundle's external imports resolve from its node_modules.
  const dir = join(ROOT, 'test-artifacts', `bench-cli-${process.pid}`);
  await mkdir(dir, { recursive: true });
  await build({
    entryPoints: { cli: join(ROOT, 'cli/main.ts') },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const bin = join(dir, 'sim.mjs');
  await writeFile(
    bin,
    "import { main } from './cli.js';\nprocess.exitCode = await main(process.argv.slice(2));\n",
  );
  return { bin, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end. */
export function runBuilt(cli: BuiltCli, args: string[], timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
