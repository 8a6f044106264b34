import type { Command } from 'commander';
import type { ExportFlags } from '../pipeline/export';
import type { ValidateFlags } from '../pipeline/validate-command';
import type { GalleryFlags } from './gallery-command';
import { addOptions, int, list, type OptionTable, positiveNumber } from './options';

/**
 * `sim validate`, `sim export` and `sim gallery`: checks of a finished dataset, its conversion to
 * other benchmark formats (docs/exports.md) and a figure of its frames. The actions load their
 * modules lazily.
 */

const VALIDATE_OPTIONS: OptionTable<ValidateFlags> = {
  quick: {
    flags: '--quick',
    description: 'skip decoding pixels (headers, sizes, hashes and questions are still checked)',
  },
  json: { flags: '--json', description: 'print the report as JSON instead of text' },
  concurrency: {
    flags: '--concurrency <n>',
    description: 'scenes checked at once',
    parse: int(1, 64),
    default: 4,
  },
};

const EXPORT_OPTIONS: OptionTable<ExportFlags> = {
  format: { flags: '--format <format>', description: 'hf, vlmevalkit or lmms-eval (required)' },
  out: {
    flags: '--out <dir>',
    description: 'new or empty output folder (default: DIR-<format> next to DIR)',
  },
  splits: {
    flags: '--splits <list>',
    description:
      'comma-separated splits to export (default: train,val,test; lmms-eval: one split, default test)',
    parse: list,
  },
  shardSize: {
    flags: '--shard-size <MB>',
    description: 'hf, lmms-eval: parquet file size before a new shard starts',
    parse: positiveNumber,
    default: 500,
  },
  license: {
    flags: '--license <id>',
    description: 'hf, lmms-eval: license id for the dataset card',
    default: 'mit',
  },
  name: {
    flags: '--name <prefix>',
    description: 'vlmevalkit: dataset name prefix of the TSV files',
    default: 'roomsim',
  },
  circular: {
    flags: '--circular',
    description: 'vlmevalkit: every rotation of every choice question, for VLMEvalKit circular evaluation',
  },
};

const GALLERY_OPTIONS: OptionTable<GalleryFlags> = {
  out: { flags: '--out <file>', description: 'image to write: PNG, or JPEG for a .jpg name', required: true },
  count: { flags: '--count <n>', description: 'frames to show', parse: int(1, 400), default: 24 },
  cols: { flags: '--cols <n>', description: 'tiles per row', parse: int(1, 24), default: 6 },
  tile: { flags: '--tile <px>', description: 'width of each image, px', parse: int(32, 2048), default: 256 },
  seed: { flags: '--seed <n>', description: 'which scenes and frames are drawn', parse: int(), default: 0 },
  compare: {
    flags: '--compare <dir>',
    description: 'a dataset of the same scenes (e.g. the other look): each frame shown beside its twin there',
  },
};

export function registerDatasetCommands(program: Command): void {
  const validate = program
    .command('validate')
    .description(
      'check a dataset against its schemas, manifests and pixels (every scene, image, annotation and question); exits non-zero on any problem',
    )
    .argument('<dir>', 'dataset folder');
  addOptions(validate, VALIDATE_OPTIONS).action(async (dir: string, flags: ValidateFlags) => {
    const { validateCommand } = await import('../pipeline/validate-command');
    await validateCommand(dir, flags);
  });

  const exporter = program
    .command('export')
    .description(
      'convert a dataset: --format hf (Hugging Face parquet folder for load_dataset), vlmevalkit (TSV files for VLMEvalKit) or lmms-eval (a task folder for lmms-eval)',
    )
    .argument('<dir>', 'dataset folder');
  addOptions(exporter, EXPORT_OPTIONS).action(async (dir: string, flags: ExportFlags) => {
    const { exportCommand } = await import('../pipeline/export');
    await exportCommand(dir, flags);
  });

  const gallery = program
    .command('gallery')
    .description(
      'a labelled grid of frames of a dataset, every room type in turn (--compare: two datasets side by side)',
    )
    .argument('<dir>', 'dataset folder');
  addOptions(gallery, GALLERY_OPTIONS).action(async (dir: string, flags: GalleryFlags) => {
    const { galleryCommand } = await import('./gallery-command');
    process.stdout.write(`${await galleryCommand(dir, flags)}\n`);
  });
}
