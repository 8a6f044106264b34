// Builds the CLI (Node) and the browser bundles (renderer page, inspector app) with esbuild.
// Runs on `npm install` / `npm ci` through the `prepare` script, so `npx sim` works right after.
import { existsSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

const perfEntries = existsSync('perf')
  ? readdirSync('perf')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `perf/${f}`)
  : [];
const node = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
const browser = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'chrome110',
  sourcemap: true,
  logLevel: 'warning',
  minify: true,
};

const jobs = [
  build({
    ...node,
    entryPoints: { cli: 'cli/main.ts', 'scene-worker': 'pipeline/scene-worker.ts' },
    outdir: 'dist',
  }),
];
if (perfEntries.length) jobs.push(build({ ...node, entryPoints: perfEntries, outdir: 'dist/perf' }));
if (existsSync('render/page/main.ts'))
  jobs.push(build({ ...browser, entryPoints: { render: 'render/page/main.ts' }, outdir: 'dist/page' }));
if (existsSync('inspect/app/main.tsx'))
  jobs.push(
    build({
      ...browser,
      entryPoints: { app: 'inspect/app/main.tsx' },
      outdir: 'dist/inspect',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
  );
// Each bundle stands alone: one that fails to build does not stop the others from being written.
const results = await Promise.allSettled(jobs);
if (results.some((r) => r.status === 'rejected')) process.exit(1);
