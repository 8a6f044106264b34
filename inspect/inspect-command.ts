import { stat } from 'node:fs/promises';
import { scenesDir } from '../sim/layout';
import { UserError } from '../util/errors';
import { distFile } from '../util/paths';
import { openBrowser } from './open-browser';
import { loadResults, NO_RESULTS } from './results';
import { InspectServer } from './server';

export interface InspectOptions {
  dir: string;
  port: number;
  results?: string;
  open: boolean;
}

/**
 * `sim inspect DIR`: serves the inspector for a dataset folder on 127.0.0.1 until interrupted
 * (SIGINT or SIGTERM), then closes the server and returns.
 */
export async function inspectCommand(opts: InspectOptions): Promise<void> {
  const isDir = await stat(opts.dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UserError(`${opts.dir}: not a folder`);
  const hasScenes = await stat(scenesDir(opts.dir)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!hasScenes)
    throw new UserError(`${opts.dir}: no scenes/ folder; is this a dataset made by \`sim generate\`?`);
  try {
    distFile('inspect', 'app.js');
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const results = opts.results ? await loadResults(opts.results) : NO_RESULTS;

  let server: InspectServer;
  try {
    server = await InspectServer.start({ dir: opts.dir, port: opts.port, results });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`port ${opts.port} is in use; try --port 0 for any free port`);
    if (code === 'EACCES') throw new UserError(`port ${opts.port} needs privileges; pick one above 1023`);
    throw err;
  }
  const models = results.models.length ? ` with results of ${results.models.join(', ')}` : '';
  process.stdout.write(`sim inspect: serving ${opts.dir}${models} at ${server.url} (Ctrl+C to stop)\n`);
  if (opts.open) openBrowser(server.url, (message) => process.stderr.write(`sim inspect: ${message}\n`));

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}
