import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { letter, type QaItem } from '../tasks/schema';
import { writeFileAtomic } from '../util/files';
import { FrameImages } from './dataset-io';
import { type ExportPlan, planItems } from './export';

/**
 * `sim export --format vlmevalkit`: TSV files that VLMEvalKit loads from its data folder ($LMUData)
 * as custom datasets with no code. `<name>_mcq.tsv` holds the choice questions in its custom MCQ
 * layout (index, image, question, A, B, C, D…, answer, category, l2-category, split), which it
 * scores itself; `<name>_numeric.tsv` holds the numeric ones (answer = the number, plus unit),
 * which it loads as a custom VQA dataset and can answer but not score, so README.txt says how to
 * score them by Mean Relative Accuracy. Every field is quoted; extra columns (qa_id, scene, …) tie
 * rows back to qa.jsonl.
 */

export interface VlmEvalKitOptions {
  /** File name prefix, i.e. the dataset names passed to VLMEvalKit's --data. */
  name: string;
  onItem?: () => void;
}

interface TsvColumn {
  name: string;
  /** `image` is the cell already built from the base64 PNGs; `index` the line's position in qa.jsonl. */
  value: (q: QaItem, image: string, index: number) => string;
}

const col = (name: string, value: TsvColumn['value']): TsvColumn => ({ name, value });

/** Columns both files share, before and after their own. */
const HEAD = [
  col('index', (_q, _img, i) => String(i)),
  col('image', (_q, img) => img),
  col('question', (q) => q.question),
];
const TAIL = [
  col('category', (q) => q.task),
  // VLMEvalKit reports accuracy per category and per l2-category: the pair role puts the far-looks-up gap in its table.
  col('l2-category', (q) => q.pair?.role ?? q.kind),
  col('split', (q) => q.split),
  col('qa_id', (q) => q.id),
  col('scene', (q) => q.scene),
  col('kind', (q) => q.kind),
];

export function mcqColumns(maxChoices: number): TsvColumn[] {
  const options = Array.from({ length: maxChoices }, (_, k) => col(letter(k), (q) => q.choices?.[k] ?? ''));
  const pair = [col('pair_id', (q) => q.pair?.id ?? ''), col('pair_role', (q) => q.pair?.role ?? '')];
  return [...HEAD, ...options, col('answer', (q) => String(q.answer)), ...TAIL, ...pair];
}

export const NUMERIC_COLUMNS: TsvColumn[] = [
  ...HEAD,
  col('answer', (q) => String(q.answer)),
  col('unit', (q) => q.unit ?? ''),
  ...TAIL,
];

/** The image cell: one base64 PNG, or a Python list literal of them (VLMEvalKit evaluates it). */
export function imageCell(base64: readonly string[]): string {
  return base64.length === 1 ? base64[0] : `[${base64.map((b) => `'${b}'`).join(', ')}]`;
}

/** A field in double quotes with inner quotes doubled (RFC 4180, with tabs between fields). */
export function quoteField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function tsvLine(fields: readonly string[]): string {
  return `${fields.map(quoteField).join('\t')}\n`;
}

/** Parses tab-separated text with RFC-4180 quoting (quoted fields may hold tabs, newlines and ""). */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '\t') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
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

/** Writes the TSV files and README.txt into plan.out; returns the names written. */
export async function exportVlmEvalKit(plan: ExportPlan, opts: VlmEvalKitOptions): Promise<string[]> {
  const mcqName = `${opts.name}_mcq.tsv`;
  const numericName = `${opts.name}_numeric.tsv`;
  const mcqColumnsList = mcqColumns(plan.maxChoices);
  const mcq = plan.choice ? new TsvFile(join(plan.out, mcqName), mcqColumnsList) : null;
  const numeric = plan.numeric ? new TsvFile(join(plan.out, numericName), NUMERIC_COLUMNS) : null;
  const images = new FrameImages(plan.dir);
  const naOptions: string[] = [];
  try {
    for await (const { item, index } of planItems(plan)) {
      const base64: string[] = [];
      for (const path of item.images) base64.push((await images.read(path)).toString('base64'));
      const file = item.answer_type === 'choice' ? mcq : numeric;
      await file?.write(item, imageCell(base64), index);
      for (const c of item.choices ?? []) if (PANDAS_NA.has(c.trim())) naOptions.push(`${item.id}: "${c}"`);
      opts.onItem?.();
    }
    await mcq?.close();
    await numeric?.close();
  } catch (err) {
    await mcq?.discard();
    await numeric?.discard();
    throw err;
  }
  if (naOptions.length)
    process.stderr.write(
      `warning: ${naOptions.length} option(s) read as missing by pandas (so by VLMEvalKit), e.g. ${naOptions.slice(0, 3).join('; ')}\n`,
    );
  await writeFileAtomic(
    join(plan.out, 'README.txt'),
    readme(plan, opts.name, mcq ? mcqName : null, numeric ? numericName : null),
  );
  return [...(mcq ? [mcqName] : []), ...(numeric ? [numericName] : []), 'README.txt'];
}

/** A TSV written under a temporary name with back-pressure, renamed when complete. */
class TsvFile {
  private readonly tmp: string;
  private readonly stream: WriteStream;

  constructor(
    private readonly path: string,
    private readonly columns: readonly TsvColumn[],
  ) {
    this.tmp = `${path}.tmp`;
    this.stream = createWriteStream(this.tmp);
    this.stream.write(tsvLine(columns.map((c) => c.name)));
  }

  async write(item: QaItem, image: string, index: number): Promise<void> {
    if (!this.stream.write(tsvLine(this.columns.map((c) => c.value(item, image, index)))))
      await new Promise<void>((resolve, reject) => {
        this.stream.once('drain', resolve);
        this.stream.once('error', reject);
      });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rename(this.tmp, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}

function readme(plan: ExportPlan, name: string, mcqFile: string | null, numericFile: string | null): string {
  const mcq = mcqFile ? mcqFile.replace(/\.tsv$/, '') : null;
  const numeric = numericFile ? numericFile.replace(/\.tsv$/, '') : null;
  return `roomsim questions for VLMEvalKit
================================

Exported by \`sim export --format vlmevalkit\` from a roomsim dataset (seed ${plan.dataset.seed},
${plan.dataset.counts.scenes} scenes): ${plan.choice} multiple-choice and ${plan.numeric} numeric
questions, splits ${plan.splits.join(', ')}.

${mcqFile ? `${mcqFile}` : '(no multiple-choice questions)'}
    VLMEvalKit's custom MCQ layout: index (the question's line in qa.jsonl, from 0), image
    (base64 PNG; for questions about several frames, a Python list literal of base64 strings,
    in the order the question refers to them), question, options ${letter(0)}..${letter(plan.maxChoices - 1)} (empty when a
    question has fewer), answer (a letter), category (the task), l2-category (the
    depth_order pair role, consistent or counter, else the kind: static or dynamic), split,
    and qa_id, scene, kind, pair_id, pair_role to join results with qa.jsonl (pandas reads
    scene as a number: pass dtype={"scene": str} to keep its leading zeros).
${numericFile ? `${numericFile}` : '(no numeric questions)'}
    The same columns without options and pair fields: answer is a number in the given unit
    (m, cm, m2, deg or count).

Register them (no code needed): copy the .tsv files into VLMEvalKit's data folder, $LMUData
(default ~/LMUData). A name VLMEvalKit does not know is loaded from $LMUData/<name>.tsv: with
A and B columns as a custom multiple-choice dataset, without them as a custom VQA dataset.

    cp ${[mcqFile, numericFile].filter(Boolean).join(' ')} "\${LMUData:-$HOME/LMUData}/"
${mcq ? `    python run.py --data ${mcq} --model Qwen2.5-VL-7B-Instruct --judge exact_matching\n` : ''}${numeric ? `    python run.py --data ${numeric} --model Qwen2.5-VL-7B-Instruct --mode infer\n` : ''}
VLMEvalKit scores ${mcq ?? `${name}_mcq`} itself and reports accuracy per split, category (task) and
l2-category; the gap between "consistent" and "counter" is the far-looks-up bias.

It cannot score ${numeric ?? `${name}_numeric`} (custom VQA datasets have no metric). Numeric answers are
scored by Mean Relative Accuracy, as VSI-Bench does and as \`sim eval\` does natively: for
thresholds t in 0.50, 0.55, ..., 0.95, the share with |pred - answer| / |answer| <= 1 - t
(an answer that holds no number scores 0). On VLMEvalKit's predictions file:

    import re, numpy as np, pandas as pd
    df = pd.read_excel("outputs/<model>/<run>/<model>_${numeric ?? `${name}_numeric`}.xlsx")
    ts = np.linspace(0.5, 0.95, 10)
    def number(s):
        m = re.search(r"-?\\d+(?:\\.\\d+)?", str(s))
        return float(m.group()) if m else None
    def mra(pred, gt):
        p = number(pred)
        return 0.0 if p is None else sum(abs(p - gt) / abs(gt) <= 1 - t for t in ts) / len(ts)
    df["mra"] = [mra(p, float(a)) for p, a in zip(df["prediction"], df["answer"])]
    print(df.groupby("category")["mra"].mean(), df["mra"].mean())

Note: pandas reads the texts NA, None, null, nan and the like as missing values, even when
quoted, so an option with such a text would be dropped; the export warns when it sees one.
`;
}
