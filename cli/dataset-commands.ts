import type { Command } from 'commander';
import type { ExportFlags } from '../pipeline/export';
import type { ValidateFlags } from '../pipeline/validate-command';
import { int, list, positiveNumber } from './options';

/**
 * `sim validate` and `sim export`: checks of a finished dataset and its conversion to other
 * benchmark formats (docs/exports.md). The actions load pipeline/ lazily.
 */
export function registerDatasetCommands(program: Command): void {
  program
    .command('validate')
    .description(
      'check a dataset against its schemas, manifests and pixels (every scene, image, annotation and question); exits non-zero on any problem',
    )
    .argument('<dir>', 'dataset folder')
    .option('--quick', 'skip decoding pixels (headers, sizes, hashes and questions are still checked)')
    .option('--json', 'print the report as JSON instead of text')
    .option('--concurrency <n>', 'scenes checked at once', int(1, 64), 4)
    .action(async (dir: string, flags: ValidateFlags) => {
      const { validateCommand } = await import('../pipeline/validate-command');
      await validateCommand(dir, flags);
    });

  program
    .command('export')
    .description(
      'convert a dataset: --format hf (Hugging Face parquet folder for load_dataset), vlmevalkit (TSV files for VLMEvalKit) or lmms-eval (a task folder for lmms-eval)',
    )
    .argument('<dir>', 'dataset folder')
    .option('--format <format>', 'hf, vlmevalkit or lmms-eval (required)')
    .option('--out <dir>', 'new or empty output folder (default: DIR-<format> next to DIR)')
    .option(
      '--splits <list>',
      'comma-separated splits to export (default: train,val,test; lmms-eval: one split, default test)',
      list,
    )
    .option(
      '--shard-size <MB>',
      'hf, lmms-eval: parquet file size before a new shard starts',
      positiveNumber,
      500,
    )
    .option('--license <id>', 'hf, lmms-eval: license id for the dataset card', 'mit')
    .option('--name <prefix>', 'vlmevalkit: dataset name prefix of the TSV files', 'roomsim')
    .option(
      '--circular',
      'vlmevalkit: every rotation of every choice question, for VLMEvalKit circular evaluation',
    )
    .action(async (dir: string, flags: ExportFlags) => {
      const { exportCommand } = await import('../pipeline/export');
      await exportCommand(dir, flags);
    });
}
