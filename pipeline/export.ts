import { mkdir, readdir } from 'node:fs/promises';
import { readDatasetJson } from '../dataset/read';
import type { Dataset } from '../sim/layout';
import { SPLITS } from '../sim/schema';
import { UserError } from '../util/errors';
import { ProgressBar } from '../util/progress';
import { countItem, type Split } from './counts';
import { type ExportPlan, planItems } from './export-plan';

/**
 * `sim export DIR --format hf|vlmevalkit|lmms-eval`: two passes over qa.jsonl, one to validate every
 * line and count (so files can be sized and headed before writing), one to write, streaming the
 * questions with their images one scene at a time. The formats are in docs/exports.md.
 */

export const EXPORT_FORMATS = ['hf', 'vlmevalkit', 'lmms-eval'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFlags {
  format?: string;
  out?: string;
  splits?: string[];
  /** hf: MB per parquet file before the next shard starts. */
  shardSize: number;
  /** hf: license id in the dataset card. */
  license: string;
  /** vlmevalkit: file name prefix (the dataset names VLMEvalKit sees). */
  name: string;
  /** vlmevalkit: every rotation of every choice question, for VLMEvalKit's circular evaluation. */
  circular?: boolean;
}

export async function exportCommand(dir: string, flags: ExportFlags): Promise<void> {
  const format = parseFormat(flags.format);
  const splits = parseSplits(flags.splits, format);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(flags.name))
    throw new UserError(`--name ${flags.name}: use letters, digits, _ and - only`);
  if (!/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(flags.license))
    throw new UserError(`--license ${flags.license}: not a license id (e.g. mit, cc-by-4.0)`);
  const dataset = await readDatasetJson(dir);
  const out = flags.out ?? `${dir.replace(/[/\\]+$/, '')}-${format}`;
  if (format === 'lmms-eval' && splits.length !== 1)
    throw new UserError(`--splits ${splits.join(',')}: lmms-eval exports one split (the task's test_split)`);
  const plan = await scan(dir, out, dataset, splits);
  await prepareOutDir(out);

  const bar = new ProgressBar(`export ${format}`, plan.total);
  let done = 0;
  const onItem = () => bar.update(++done);
  let written: string[];
  const hf = { shardBytes: flags.shardSize * 1e6, license: flags.license, onItem };
  if (format === 'hf') {
    const { exportHf } = await import('./export-hf');
    written = await exportHf(plan, hf);
  } else if (format === 'lmms-eval') {
    const { exportLmmsEval } = await import('./export-lmms-eval');
    written = await exportLmmsEval(plan, hf);
  } else {
    const { exportVlmEvalKit } = await import('./export-vlmevalkit');
    written = await exportVlmEvalKit(plan, { name: flags.name, circular: flags.circular ?? false, onItem });
  }
  bar.finish();
  const per = plan.splits.map((s) => `${s} ${plan.perSplit[s]}`).join(', ');
  process.stderr.write(`exported ${plan.total} questions (${per}) to ${out}: ${written.join(', ')}\n`);
}

function parseFormat(format: string | undefined): ExportFormat {
  if (format === undefined) throw new UserError('export: --format is required (hf, vlmevalkit or lmms-eval)');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UserError(`--format ${format}: unknown; use hf, vlmevalkit or lmms-eval`);
  return format as ExportFormat;
}

/** The splits asked for; by default all, except for lmms-eval, whose task evaluates the test split. */
function parseSplits(splits: string[] | undefined, format: ExportFormat): Split[] {
  if (!splits) return format === 'lmms-eval' ? ['test'] : [...SPLITS];
  const bad = splits.filter((s) => !(SPLITS as readonly string[]).includes(s));
  if (bad.length || !splits.length)
    throw new UserError(`--splits ${splits.join(',')}: use train, val and/or test`);
  return SPLITS.filter((s) => splits.includes(s));
}

/** First pass: every line validated, counts per split and task, and the widest choice list. */
async function scan(
  dir: string,
  out: string,
  dataset: Dataset,
  splits: readonly Split[],
): Promise<ExportPlan> {
  const plan: ExportPlan = {
    dir,
    out,
    dataset,
    splits,
    perSplit: { train: 0, val: 0, test: 0 },
    byTask: {},
    total: 0,
    maxChoices: 4,
    paired: 0,
    lastIndex: 0,
  };
  for await (const { item, index } of planItems(plan)) {
    plan.perSplit[item.split]++;
    countItem(plan.byTask, item);
    plan.total++;
    if (item.answer_type === 'choice' && item.choices)
      plan.maxChoices = Math.max(plan.maxChoices, item.choices.length);
    if (item.pair) plan.paired++;
    plan.lastIndex = index;
  }
  if (!plan.total)
    throw new UserError(`${dir}/qa.jsonl: no questions in split(s) ${splits.join(', ')}; nothing to export`);
  return plan;
}

/** An export goes into a new or empty folder, so it never mixes with (or deletes) other files. */
async function prepareOutDir(out: string): Promise<void> {
  const entries = await readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    if (err.code === 'ENOTDIR') throw new UserError(`--out ${out}: not a folder`);
    throw err;
  });
  if (entries.length) throw new UserError(`--out ${out}: not empty; remove it or choose another folder`);
  await mkdir(out, { recursive: true });
}
