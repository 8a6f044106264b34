import type { Command } from 'commander';

/** `sim stats`: the question set's distributions and shortcut baselines; the work loads lazily. */
export function registerTaskCommands(program: Command): void {
  program
    .command('stats')
    .description(
      'print per-task counts, answer balance, numeric histograms, minimal pairs and shortcut baselines of a dataset',
    )
    .argument('<dir>', 'dataset folder (with qa.jsonl and scenes/)')
    .action(async (dir: string) => {
      const { statsCommand } = await import('../tasks/stats-command');
      await statsCommand(dir, (text) => process.stdout.write(text));
    });
}
