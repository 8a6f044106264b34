import type { Command } from 'commander';
import { registerEvalCommands } from './eval-commands';
import { int } from './options';

/** Every subcommand: its options and a thin action that imports the work lazily. */
export function registerCommands(program: Command): void {
  registerEvalCommands(program);
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
}
