import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPrompt, rotationsOf } from '../bench/prompt';
import { FrameImages } from '../dataset/read';
import { letter, type QaItem } from '../tasks/schema';
import { writeFileAtomic } from '../util/files';
import { type ExportPlan, planItems, shapeOf } from './export-plan';
import { vlmEvalKitReadme } from './export-vlmevalkit-readme';
import { type TsvColumn, TsvFiles } from './tsv';

/**
 * `sim export --format vlmevalkit`: TSV files that VLMEvalKit loads from its data folder ($LMUData)
 * as custom datasets with no code (VLMEvalKit picks the dataset class from the columns and the
 * question type from the name):
 *   <name>_mcq.tsv               choice questions with images: its custom MCQ layout, which it scores;
 *                                with --circular <name>_mcq_circular.tsv, every rotation of every
 *                                question sharing a g_index (a name with "circular" turns on its
 *                                CircularEval)
 *   <name>_numeric_openended.tsv numeric questions, each with the instruction `sim eval` sends; a name
 *                                with "openended" makes VLMEvalKit type it as open-ended (VQA), not MCQ
 *   <name>_text_mcq.tsv          text-form choice questions: no image column, the description as hint
 *   <name>_spatialtunnel.tsv     the far-looks-up pairs in SpatialTunnel's columns
 * Every field is quoted; extra columns (qa_id, scene, …) tie rows back to qa.jsonl. Questions no
 * custom VLMEvalKit dataset can hold (text-form numbers, structured answers) are left out and counted.
 */

export interface VlmEvalKitOptions {
  /** File name prefix, i.e. the dataset names passed to VLMEvalKit's --data. */
  name: string;
  /** Every rotation of every choice question with images, for VLMEvalKit's circular evaluation. */
  circular: boolean;
  onItem?: () => void;
}

/** One TSV row: one asking of a question (with --circular, one rotation of its options). */
export interface Row {
  item: QaItem;
  /** VLMEvalKit's `index`: the question's line in qa.jsonl from 0, plus rotation × the circular offset. */
  index: number;
  /** The index of the question's unrotated row (VLMEvalKit's `g_index`). */
  group: number;
  /** The text asked: the question, with `sim eval`'s instruction for numbers. */
  question: string;
  /**
   * base64 PNG, or a Python list literal of them; in a rotation, the unrotated row's index, which
   * VLMEvalKit resolves (a cell of at most 64 characters names another row), so images are stored once.
   */
  image: string;
  /** Options as asked (rotated), or null. */
  choices: string[] | null;
  /** The right letter as asked, or the number. */
  answer: string;
  /** Text form: the description the question is about. */
  context: string;
}

type Column = TsvColumn<Row>;

const col = (name: string, value: Column['value']): Column => ({ name, value });

const INDEX = col('index', (r) => String(r.index));
const IMAGE = col('image', (r) => r.image);
// VLMEvalKit decodes each image to $LMUData/images/<dataset>/<image_path>: frames shared by questions are written once.
const IMAGE_PATH = col('image_path', (r) => listCell(r.item.images));
const QUESTION = col('question', (r) => r.question);
const ANSWER = col('answer', (r) => r.answer);
const TAIL = [
  col('category', (r) => r.item.task),
  // VLMEvalKit reports accuracy per category and per l2-category: the pair role puts the far-looks-up gap in its table.
  col('l2-category', (r) => r.item.pair?.role ?? r.item.kind),
  col('split', (r) => r.item.split),
  col('qa_id', (r) => r.item.id),
  col('scene', (r) => r.item.scene),
  col('kind', (r) => r.item.kind),
];
const PAIR = [col('pair_id', (r) => r.item.pair?.id ?? ''), col('pair_role', (r) => r.item.pair?.role ?? '')];

const options = (n: number) =>
  Array.from({ length: n }, (_, k) => col(letter(k), (r) => r.choices?.[k] ?? ''));

export function mcqColumns(maxChoices: number, circular: boolean): Column[] {
  const group = circular ? [col('g_index', (r) => String(r.group))] : [];
  return [INDEX, IMAGE, IMAGE_PATH, QUESTION, ...options(maxChoices), ANSWER, ...TAIL, ...PAIR, ...group];
}

export const NUMERIC_COLUMNS: Column[] = [
  INDEX,
  IMAGE,
  IMAGE_PATH,
  QUESTION,
  ANSWER,
  col('unit', (r) => r.item.unit ?? ''),
  ...TAIL,
];

/** VLMEvalKit's custom text MCQ layout: no image columns; `hint` goes before the question in its prompt. */
export function textMcqColumns(maxChoices: number): Column[] {
  return [INDEX, QUESTION, col('hint', (r) => r.context), ...options(maxChoices), ANSWER, ...TAIL, ...PAIR];
}

/**
 * SpatialTunnel's columns ("Why Far Looks Up"), so its probing code reads the pairs as they are. Its
 * categories are EmbSpatial's relations; a depth_order question asks which object is closer: "close".
 */
export const SPATIALTUNNEL_COLUMNS: Column[] = [
  INDEX,
  col('question_id', (r) => r.item.id),
  col('category', () => 'close'),
  QUESTION,
  IMAGE,
  ANSWER,
  ...options(4),
  ...PAIR,
  col('split', (r) => r.item.split),
];

/** One value, or a Python list literal of them (VLMEvalKit evaluates a cell that starts with "["). */
export function listCell(values: readonly string[]): string {
  return values.length === 1 ? values[0] : `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

/**
 * Texts pandas.read_csv turns into NaN even when quoted; VLMEvalKit would then drop such an option
 * (or lose the field), so the export warns about them.
 */
const PANDAS_NA = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** The sim eval prompt options for the dataset's own order (rotation 0) or one rotation. */
const asked = (rotation: number) =>
  ({ style: 'direct', rotation, maxFrames: null, videoAsUrl: false, context: null }) as const;

/** Writes the TSV files and README.txt into plan.out; returns the names written. */
export async function exportVlmEvalKit(plan: ExportPlan, opts: VlmEvalKitOptions): Promise<string[]> {
  const files = {
    mcq: {
      name: `${opts.name}_mcq${opts.circular ? '_circular' : ''}.tsv`,
      columns: mcqColumns(plan.maxChoices, opts.circular),
    },
    numeric: { name: `${opts.name}_numeric_openended.tsv`, columns: NUMERIC_COLUMNS },
    text: { name: `${opts.name}_text_mcq.tsv`, columns: textMcqColumns(plan.maxChoices) },
    tunnel: { name: `${opts.name}_spatialtunnel.tsv`, columns: SPATIALTUNNEL_COLUMNS },
  };
  const out = new TsvFiles<Row>(plan.out);
  const offset = circularOffset(plan);
  const images = new FrameImages(plan.dir);
  const naOptions = { count: 0, examples: [] as string[] };
  const skipped: Record<string, number> = {};
  try {
    for await (const { item, index } of planItems(plan)) {
      const shape = shapeOf(item);
      const base = { item, index, group: index, question: item.question, context: '' };
      if (shape === 'image-choice') {
        const image = await imageCellOf(item, images);
        for (let r = 0; r < rotationsOf(item, opts.circular); r++) {
          const { choices, answer } = buildPrompt(item, asked(r));
          const row = {
            ...base,
            index: index + r * offset,
            image: r ? String(index) : image,
            choices,
            answer: answer!,
          };
          await out.write(files.mcq, row);
          if (r === 0 && item.task === 'depth_order' && item.pair && item.images.length === 1)
            await out.write(files.tunnel, row);
        }
      } else if (shape === 'image-number') {
        const question = buildPrompt(item, asked(0)).text;
        const image = await imageCellOf(item, images);
        await out.write(files.numeric, {
          ...base,
          question,
          image,
          choices: null,
          answer: String(item.answer),
        });
      } else if (shape === 'text-choice') {
        const context = await readFile(join(plan.dir, item.context!), 'utf8');
        await out.write(files.text, {
          ...base,
          context,
          image: '',
          choices: item.choices,
          answer: String(item.answer),
        });
      } else skipped[shape] = (skipped[shape] ?? 0) + 1;
      if (item.answer_type === 'choice')
        for (const c of item.choices ?? [])
          if (PANDAS_NA.has(c.trim()) && naOptions.count++ < 3) naOptions.examples.push(`${item.id}: "${c}"`);
      opts.onItem?.();
    }
    await out.close();
  } catch (err) {
    await out.discard();
    throw err;
  }
  if (naOptions.count)
    process.stderr.write(
      `warning: ${naOptions.count} option(s) read as missing by pandas (so by VLMEvalKit), e.g. ${naOptions.examples.join('; ')}\n`,
    );
  const left = Object.entries(skipped).map(([shape, n]) => `${n} ${shape}`);
  if (left.length)
    process.stderr.write(`note: not exported (no VLMEvalKit custom format holds them): ${left.join(', ')}\n`);
  const written = out.names();
  await writeFileAtomic(join(plan.out, 'README.txt'), vlmEvalKitReadme(plan, opts, written, left, offset));
  return [...written, 'README.txt'];
}

/** What rotation r adds to an index: MMBench's 1e6, or more when qa.jsonl has more lines, so no two rows share one. */
export function circularOffset(plan: Pick<ExportPlan, 'lastIndex'>): number {
  return 10 ** Math.max(6, String(plan.lastIndex).length);
}

async function imageCellOf(item: QaItem, images: FrameImages): Promise<string> {
  const base64: string[] = [];
  for (const path of item.images) base64.push((await images.read(path)).toString('base64'));
  return listCell(base64);
}
