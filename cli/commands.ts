import type { Command } from 'commander';
import { registerDatasetCommands } from './dataset-commands';
import { registerEvalCommands } from './eval-commands';
import { registerInspectCommands } from './inspect-commands';
import { int, shard } from './options';
import { registerTaskCommands } from './tasks-commands';

/** Every subcommand: its options and a thin action that imports the work lazily. */
export function registerCommands(program: Command): void {
  registerEvalCommands(program);
  registerDatasetCommands(program);
  registerInspectCommands(program);
  registerTaskCommands(program);
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

  program
    .command('render')
    .description(
      'render one scene.json: DIR/frames/<kk>/{rgb,depth,seg}.png and DIR/scene.json with annotations',
    )
    .requiredOption('--scene <file>', 'scene.json to render (e.g. from `sim scene`)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--no-shadows', 'skip the shadow map')
    .option('--antialias', 'multisample the RGB image')
    .action(async (opts: { scene: string; out: string; shadows: boolean; antialias?: boolean }) => {
      const { renderCommand } = await import('./render-command');
      await renderCommand({ ...opts, antialias: opts.antialias ?? false });
    });

  program
    .command('generate')
    .description('simulate, render and write questions for N scenes (resumable, sharded, deterministic)')
    .option('--scenes <n>', 'number of scenes in the dataset', int(1), 20)
    .requiredOption(
      '--out <dir>',
      'dataset folder (created, or resumed when it holds the same config and seed)',
    )
    .option('--config <file>', 'generation config (JSON or YAML); see docs/format.md')
    .option('--seed <n>', 'dataset seed', int(), 0)
    .option('--size <px>', 'image width and height (overrides the config)', int(16, 4096))
    .option('--frames <k>', 'frames per scene (overrides the config)', int(1, 32))
    .option('--workers <w>', 'browser pages rendering in parallel (default: cores / 2)', int(1, 64))
    .option(
      '--shard <i/n>',
      'make scenes i, i+n, i+2n, … (default: from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)',
      shard,
    )
    .action(async (opts) => {
      const { generateCommand } = await import('./generate-command');
      await generateCommand(opts);
    });

  program
    .command('merge')
    .description('join shard outputs: finalize one shared folder, or copy several shard folders into --out')
    .argument('<dirs...>', 'dataset folder(s) written by `sim generate --shard i/n`')
    .option('--out <dir>', 'merged dataset folder (default: finalize the single folder given)')
    .action(async (dirs: string[], opts: { out?: string }) => {
      const { mergeDatasets } = await import('../pipeline/merge');
      const counts = await mergeDatasets(dirs, opts.out, (l) => process.stderr.write(`${l}\n`));
      process.stderr.write(
        `merged: ${counts.scenes} scenes, ${counts.frames} frames, ${counts.items} questions\n`,
      );
    });
}
