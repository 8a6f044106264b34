import type { Dataset } from '../sim/layout';
import type { QaItem } from '../tasks/schema';
import { UserError } from '../util/errors';
import { ProgressBar } from '../util/progress';
import {
  countItem,
  type IndexedItem,
  prepareOutDir,
  readDatasetJson,
  readQaItems,
  SPLITS,
  type Split,
  type TaskSplitCounts,
} from './dataset-io';

/**
 * `sim export DIR --format hf|vlmevalkit`: two passes over qa.jsonl, one to validate every line and
 * count (so files can be sized and headed before writing), one to write, streaming the questions
 * with their images one scene at a time. The formats are in docs/exports.md.
 */

export const EXPORT_FORMATS = ['hf', 'vlmevalkit'] as const;
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
}

/** What the first pass learns about the questions to export. */
export interface ExportPlan {
  dir: string;
  out: string;
  dataset: Dataset;
  splits: readonly Split[];
  /** Questions to export per split. */
  perSplit: Record<Split, number>;
  byTask: TaskSplitCounts;
  total: number;
  /** Most options of any choice question (at least 4, VLMEvalKit's A–D). */
  maxChoices: number;
  choice: number;
  numeric: number;
}

/** The questions of the chosen splits, in qa.jsonl order. */
export async function* planItems(plan: Pick<ExportPlan, 'dir' | 'splits'>): AsyncGenerator<IndexedItem> {
  for await (const entry of readQaItems(plan.dir)) if (plan.splits.includes(entry.item.split)) yield entry;
}

export async function exportCommand(dir: string, flags: ExportFlags): Promise<void> {
  const format = parseFormat(flags.format);
  const splits = parseSplits(flags.splits);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(flags.name))
    throw new UserError(`--name ${flags.name}: use letters, digits, _ and - only`);
  if (!/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(flags.license))
    throw new UserError(`--license ${flags.license}: not a license id (e.g. mit, cc-by-4.0)`);
  const dataset = await readDatasetJson(dir);
  const out = flags.out ?? `${dir.replace(/[/\\]+$/, '')}-${format}`;
  const plan = await scan(dir, out, dataset, splits);
  await prepareOutDir(out);

  const bar = new ProgressBar(`export ${format}`, plan.total);
  let done = 0;
  const onItem = () => bar.update(++done);
  let written: string[];
  if (format === 'hf') {
    const { exportHf } = await import('./export-hf');
    written = await exportHf(plan, { shardBytes: flags.shardSize * 1e6, license: flags.license, onItem });
  } else {
    const { exportVlmEvalKit } = await import('./export-vlmevalkit');
    written = await exportVlmEvalKit(plan, { name: flags.name, onItem });
  }
  bar.finish();
  const per = plan.splits.map((s) => `${s} ${plan.perSplit[s]}`).join(', ');
  process.stderr.write(`exported ${plan.total} questions (${per}) to ${out}: ${written.join(', ')}\n`);
}

function parseFormat(format: string | undefined): ExportFormat {
  if (format === undefined) throw new UserError('export: --format is required (hf or vlmevalkit)');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UserError(`--format ${format}: unknown; use hf or vlmevalkit`);
  return format as ExportFormat;
}

function parseSplits(splits: string[] | undefined): Split[] {
  if (!splits) return [...SPLITS];
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
    choice: 0,
    numeric: 0,
  };
  for await (const { item } of planItems(plan)) {
    plan.perSplit[item.split]++;
    countItem(plan.byTask, item);
    plan.total++;
    if (item.choices) plan.maxChoices = Math.max(plan.maxChoices, item.choices.length);
    if (item.answer_type === 'choice') plan.choice++;
    else plan.numeric++;
  }
  if (!plan.total)
    throw new UserError(`${dir}/qa.jsonl: no questions in split(s) ${splits.join(', ')}; nothing to export`);
  return plan;
}

/** Fields of a question beyond the ones every question has (DESIGN.md): task-specific ones such as `measure`. */
const COMMON_FIELDS = new Set([
  'id',
  'scene',
  'task',
  'kind',
  'question',
  'choices',
  'answer',
  'answer_type',
  'unit',
  'images',
  'targets',
  'answer_object',
  'pair',
  'split',
]);

export function extraFields(item: QaItem): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !COMMON_FIELDS.has(k)));
}
