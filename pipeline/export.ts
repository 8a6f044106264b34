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
  /** Questions in far-looks-up pairs. */
  paired: number;
  /** The largest qa.jsonl line index among the questions exported. */
  lastIndex: number;
}

/**
 * How a question is asked, which decides where an exporter can put it: with images or (text form)
 * about a description, and its answer type: "image-choice", "image-number", "text-choice", "image-box"…
 */
export function shapeOf(item: QaItem): string {
  return `${item.images.length ? 'image' : 'text'}-${item.answer_type}`;
}

/** The questions of the chosen splits, in qa.jsonl order. */
export async function* planItems(plan: Pick<ExportPlan, 'dir' | 'splits'>): AsyncGenerator<IndexedItem> {
  for await (const entry of readQaItems(plan.dir)) if (plan.splits.includes(entry.item.split)) yield entry;
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

/** The answer as the hf export's `answer` column holds it: the letter, the number, or a structured answer as JSON. */
export function answerColumn(item: QaItem): string {
  return typeof item.answer === 'string' || typeof item.answer === 'number'
    ? String(item.answer)
    : JSON.stringify(item.answer);
}
