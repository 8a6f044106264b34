import type { Command } from 'commander';
import type { ExportFlags } from '../pipeline/export';
import type { ValidateFlags } from '../pipeline/validate-command';
import { addOptions, int, list, type OptionTable, positiveNumber } from './options';

/**
 * `sim validate` and `sim export`: checks of a finished dataset and its conversion to other
 * benchmark formats (docs/exports.md). The actions load pipeline/ lazily.
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
}
