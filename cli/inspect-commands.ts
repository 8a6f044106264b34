import type { Command } from 'commander';
import type { InspectOptions } from '../inspect/inspect-command';
import { int } from './options';

/** `sim inspect DIR`: the interactive inspector; the server module loads only when the command runs. */
export function registerInspectCommands(program: Command): void {
  program
    .command('inspect')
    .description(
      'explore a dataset in the browser: scenes in 3D with their cameras, renders (RGB, depth, masks) and questions',
    )
    .argument('<dir>', 'dataset folder (with scenes/ and qa.jsonl)')
    .option('--port <p>', 'port on 127.0.0.1 (0 picks a free one)', int(0, 65535), 0)
    .option(
      '--results <path>',
      "a model's answers to show and filter on: a `sim eval` run folder (results/<run>), or JSON Lines with id, model, correct, and response or prediction",
    )
    .option('--open', 'open the URL in the default browser')
    .action(async (dir: string, opts: Omit<InspectOptions, 'dir' | 'open'> & { open?: boolean }) => {
      const { inspectCommand } = await import('../inspect/inspect-command');
      await inspectCommand({ ...opts, dir, open: opts.open ?? false });
    });
}
