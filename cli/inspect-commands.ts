import type { Command } from 'commander';
import type { InspectOptions } from '../inspect/inspect-command';
import { addOptions, int, type OptionTable } from './options';

/** `sim inspect DIR`: the interactive inspector; the server module loads only when the command runs. */

type InspectFlags = Omit<InspectOptions, 'dir' | 'open'> & { open?: boolean };

const INSPECT_OPTIONS: OptionTable<InspectFlags> = {
  port: {
    flags: '--port <p>',
    description: 'port on 127.0.0.1 (0 picks a free one)',
    parse: int(0, 65535),
    default: 0,
  },
  results: {
    flags: '--results <path>',
    description:
      "a model's answers to show and filter on: a `sim eval` run folder (results/<run>), or JSON Lines with id, model, correct, and response or prediction",
  },
  open: { flags: '--open', description: 'open the URL in the default browser' },
};

export function registerInspectCommands(program: Command): void {
  const inspect = program
    .command('inspect')
    .description(
      'explore a dataset in the browser: scenes in 3D with their cameras, renders (RGB, depth, masks) and questions',
    )
    .argument('<dir>', 'dataset folder (with scenes/ and qa.jsonl)');
  addOptions(inspect, INSPECT_OPTIONS).action(async (dir: string, opts: InspectFlags) => {
    const { inspectCommand } = await import('../inspect/inspect-command');
    await inspectCommand({ ...opts, dir, open: opts.open ?? false });
  });
}
