import { type IndexedItem, readQaItems } from '../dataset/read';
import type { Dataset } from '../sim/layout';
import type { QaItem } from '../tasks/schema';
import type { Split, TaskSplitCounts } from './counts';

/** What every exporter reads: the plan the first pass makes, the questions, and the shared columns. */

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
