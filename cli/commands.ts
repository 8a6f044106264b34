import type { Command } from 'commander';
import { int } from './options';

/** Every subcommand: its options and a thin action that imports the work lazily. */
export function registerCommands(program: Command): void {
  program
    .command('scene')
    .description("print one scene's JSON (before rendering: frames[].objects stay empty)")
    .option('--seed <n>', 'dataset seed', int(), 0)
    .requiredOption('--index <i>', 'scene index', int(0))
    .option('--config <file>', 'generation config (JSON or YAML)')
    .action(async (opts: { seed: number; index: number; config?: string }) => {
      const { printScene } = await import('./scene-command');
      await printScene(opts);
    });
}
