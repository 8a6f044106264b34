import type { Command } from 'commander';
import { PREVIEW_SIZES } from '../sim/preview';
import { STYLES } from '../sim/styles';
import type { CatalogFlags } from './catalog-command';
import { registerDatasetCommands } from './dataset-commands';
import { registerEvalCommands } from './eval-commands';
import type { GenerateFlags } from './generate-command';
import { registerInspectCommands } from './inspect-commands';
import { addOptions, int, list, type OptionTable, shard } from './options';
import type { RenderFlags } from './render-command';
import type { SceneFlags } from './scene-command';
import { registerTaskCommands } from './tasks-commands';

/** Every subcommand: its options and a thin action that imports the work lazily. */

const SCENE_OPTIONS: OptionTable<SceneFlags> = {
  seed: { flags: '--seed <n>', description: 'dataset seed', parse: int(), default: 0 },
  index: { flags: '--index <i>', description: 'scene index', parse: int(0), required: true },
  config: { flags: '--config <file>', description: 'generation config (JSON or YAML)' },
};

const RENDER_OPTIONS: OptionTable<RenderFlags> = {
  scene: {
    flags: '--scene <file>',
    description: 'scene.json to render (e.g. from `sim scene`)',
    required: true,
  },
  out: { flags: '--out <dir>', description: 'output folder', required: true },
  style: {
    flags: '--style <look>',
    description: 'the look of rgb.png',
    choices: STYLES,
    default: 'realistic',
  },
  shadows: { flags: '--no-shadows', description: 'skip the shadow map' },
  antialias: {
    flags: '--antialias <on|off>',
    description: 'multisample the RGB image (default: on for the realistic look)',
    choices: ['on', 'off'],
  },
};

const GENERATE_OPTIONS: OptionTable<GenerateFlags> = {
  scenes: {
    flags: '--scenes <n>',
    description: 'number of scenes in the dataset',
    parse: int(1),
    default: 20,
  },
  out: {
    flags: '--out <dir>',
    description: 'dataset folder (created, or resumed when it holds the same config and seed)',
    required: true,
  },
  config: { flags: '--config <file>', description: 'generation config (JSON or YAML); see docs/format.md' },
  seed: { flags: '--seed <n>', description: 'dataset seed', parse: int(), default: 0 },
  size: {
    flags: '--size <px>',
    description: 'image width and height (overrides the config)',
    parse: int(16, 4096),
  },
  frames: {
    flags: '--frames <k>',
    description: 'frames per scene (overrides the config)',
    parse: int(1, 32),
  },
  workers: {
    flags: '--workers <w>',
    description: 'browser pages rendering in parallel (default: cores / 2)',
    parse: int(1, 64),
  },
  shard: {
    flags: '--shard <i/n>',
    description: 'make scenes i, i+n, i+2n, … (default: from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)',
    parse: shard,
  },
};

const CATALOG_OPTIONS: OptionTable<CatalogFlags> = {
  preview: {
    flags: '--preview <dir>',
    description: 'render every variant alone into DIR, with a contact sheet DIR/sheet.png',
  },
  category: {
    flags: '--category <list>',
    description: 'comma-separated categories (default: all)',
    parse: list,
  },
  style: {
    flags: '--style <look>',
    description: 'the look of the previews',
    choices: STYLES,
    default: 'realistic',
  },
  size: {
    flags: '--size <end>',
    description: 'which end of each size range to show',
    choices: PREVIEW_SIZES,
    default: 'middle',
  },
  image: {
    flags: '--image <px>',
    description: 'width and height of each view',
    parse: int(64, 2048),
    default: 384,
  },
};

const MERGE_OPTIONS: OptionTable<{ out?: string }> = {
  out: {
    flags: '--out <dir>',
    description: 'merged dataset folder (default: finalize the single folder given)',
  },
};

export function registerCommands(program: Command): void {
  registerEvalCommands(program);
  registerDatasetCommands(program);
  registerInspectCommands(program);
  registerTaskCommands(program);

  const scene = program
    .command('scene')
    .description("print one scene's JSON (before rendering: frames[].objects stay empty)");
  addOptions(scene, SCENE_OPTIONS).action(async (opts: SceneFlags) => {
    const { printScene } = await import('./scene-command');
    await printScene(opts);
  });

  const render = program
    .command('render')
    .description(
      'render one scene.json: DIR/frames/<kk>/{rgb,depth,seg}.png and DIR/scene.json with annotations',
    );
  addOptions(render, RENDER_OPTIONS).action(async (opts: RenderFlags) => {
    const { renderCommand } = await import('./render-command');
    await renderCommand(opts);
  });

  const generate = program
    .command('generate')
    .description('simulate, render and write questions for N scenes (resumable, sharded, deterministic)');
  addOptions(generate, GENERATE_OPTIONS).action(async (opts: GenerateFlags) => {
    const { generateCommand } = await import('./generate-command');
    await generateCommand(opts);
  });

  const catalog = program
    .command('catalog')
    .description('list the object catalog; --preview renders every variant alone, with a contact sheet');
  addOptions(catalog, CATALOG_OPTIONS).action(async (opts: CatalogFlags) => {
    const { catalogCommand } = await import('./catalog-command');
    await catalogCommand(opts, (text) => process.stdout.write(text));
  });

  const merge = program
    .command('merge')
    .description('join shard outputs: finalize one shared folder, or copy several shard folders into --out')
    .argument('<dirs...>', 'dataset folder(s) written by `sim generate --shard i/n`');
  addOptions(merge, MERGE_OPTIONS).action(async (dirs: string[], opts: { out?: string }) => {
    const { mergeDatasets } = await import('../pipeline/merge');
    const counts = await mergeDatasets(dirs, opts.out, (l) => process.stderr.write(`${l}\n`));
    process.stderr.write(
      `merged: ${counts.scenes} scenes, ${counts.frames} frames, ${counts.items} questions\n`,
    );
  });
}
