import type { QaItem } from '../tasks/schema';
import { answerColumn, extraFields } from './export-plan';

/**
 * The columns of the Hugging Face export, declared once as data: the parquet schema, the
 * `huggingface` metadata (export-hf.ts) and the dataset card's features (export-hf-card.ts) are
 * all derived from this table.
 */

/** A column type in `datasets` terms; each maps to one Arrow/parquet type. */
export type Feature =
  | { type: 'string' | 'int32' | 'float64' | 'image' }
  | { type: 'list'; of: Feature }
  | { type: 'struct'; fields: Record<string, Feature> };

/** One embedded image: the datasets Image struct. */
export interface ImageCell {
  bytes: Uint8Array;
  /** The frame's rgb.png path relative to the dataset folder. */
  path: string;
}

export interface Column {
  name: string;
  feature: Feature;
  /** One line for the dataset card. */
  doc: string;
  value: (item: QaItem, images: ImageCell[]) => unknown;
}

const STRING: Feature = { type: 'string' };
const INT32: Feature = { type: 'int32' };
const FLOAT64: Feature = { type: 'float64' };
const IMAGE: Feature = { type: 'image' };
const listOf = (of: Feature): Feature => ({ type: 'list', of });

export const HF_COLUMNS: readonly Column[] = [
  { name: 'id', feature: STRING, doc: 'unique question id', value: (q) => q.id },
  {
    name: 'scene',
    feature: STRING,
    doc: 'scene id (its folder in the native layout)',
    value: (q) => q.scene,
  },
  {
    name: 'task',
    feature: STRING,
    doc: 'task name, e.g. depth_order, count, ego_motion',
    value: (q) => q.task,
  },
  { name: 'kind', feature: STRING, doc: 'static or dynamic', value: (q) => q.kind },
  {
    name: 'question',
    feature: STRING,
    doc: 'the full text a model sees, without the option lines',
    value: (q) => q.question,
  },
  {
    name: 'choices',
    feature: listOf(STRING),
    doc: 'option texts for A, B, …; null for numeric questions',
    value: (q) => q.choices,
  },
  {
    name: 'answer',
    feature: STRING,
    doc: 'the right option letter, the number as text, or a structured answer as JSON',
    value: answerColumn,
  },
  {
    name: 'answer_number',
    feature: FLOAT64,
    doc: 'the numeric answer; null for choice questions',
    value: (q) => (typeof q.answer === 'number' ? q.answer : null),
  },
  {
    name: 'answer_type',
    feature: STRING,
    doc: 'choice, number, or a structured type (layout, ascii, box, point, image_choice, sequence)',
    value: (q) => q.answer_type,
  },
  {
    name: 'unit',
    feature: STRING,
    doc: 'unit of a numeric answer: m, cm, m2, deg or count; null for choices',
    value: (q) => q.unit,
  },
  {
    name: 'images',
    feature: listOf(IMAGE),
    doc: 'the frames the model sees, in order (PNG bytes, and the path in the native dataset)',
    value: (_q, images) => images,
  },
  {
    name: 'targets',
    feature: listOf(INT32),
    doc: 'ids of the objects the question is about, in the order named',
    value: (q) => q.targets,
  },
  {
    name: 'answer_object',
    feature: INT32,
    doc: 'id of the object that is the answer, if any',
    value: (q) => q.answer_object,
  },
  {
    name: 'pair',
    feature: { type: 'struct', fields: { id: STRING, role: STRING } },
    doc: 'minimal pair {id, role: consistent | counter} of depth_order questions; null otherwise',
    value: (q) => q.pair,
  },
  { name: 'split', feature: STRING, doc: 'train, val or test (chosen per scene)', value: (q) => q.split },
  {
    name: 'extra',
    feature: STRING,
    doc: 'task-specific fields as a JSON object, e.g. {"measure": "centre"} on distance questions',
    value: (q) => JSON.stringify(extraFields(q)),
  },
];
