import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildPrompt } from '../../bench/prompt';
import { HF_COLUMNS } from '../../pipeline/hf-columns';
import { parseTsv, tsvLine } from '../../pipeline/tsv';
import { letter, type QaItem } from '../../tasks/schema';
import { runCli } from '../helpers/cli';
import { treeHashes } from '../helpers/tree';
import { writeTestItems } from './qa-fixture';
import { generateWalkthroughs } from './walkthrough-fixture';

/**
 * `sim export` through the CLI on a dataset made by `sim generate` (with the fixed test questions),
 * each export read back with a reader (hyparquet and DuckDB for parquet, an RFC-4180 parser for TSV)
 * and compared with qa.jsonl and the PNG files; the VLMEvalKit export also on a dataset of
 * walkthroughs as generated (text-form twins, structured answers, many frames).
 */
const FLAGS = ['--scenes', '6', '--size', '96', '--frames', '2', '--seed', '7'];
let root: string;
let data: string;
let items: QaItem[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-export-test-'));
  data = join(root, 'data');
  const r = await runCli(['generate', ...FLAGS, '--workers', '1', '--out', data]);
  expect(r.code, r.stderr).toBe(0);
  items = await writeTestItems(data);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const SPLIT_ORDER = ['train', 'val', 'test'] as const;
const splitsOf = (list: readonly QaItem[]) => SPLIT_ORDER.filter((s) => list.some((q) => q.split === s));
const png = (path: string) => readFile(join(data, path));

/** What each export printed on stderr, by name. */
const stderrOf: Record<string, string> = {};

async function exportTo(name: string, ...flags: string[]): Promise<string> {
  const out = join(root, name);
  const r = await runCli(['export', data, '--out', out, ...flags]);
  expect(r.code, r.stderr).toBe(0);
  stderrOf[name] = r.stderr;
  return out;
}

/** The columns of the hf export but the images, and what they hold for a question of qa.jsonl. */
const HF_NAMES = new Set(HF_COLUMNS.map((c) => c.name));
function hfRow(q: QaItem): Record<string, unknown> {
  const fields = q as unknown as Record<string, unknown>;
  return {
    ...Object.fromEntries([...HF_NAMES].filter((n) => n !== 'images').map((n) => [n, fields[n] ?? null])),
    // Structured answers (layouts, maps, boxes, …) as JSON.
    answer:
      typeof q.answer === 'string' || typeof q.answer === 'number'
        ? String(q.answer)
        : JSON.stringify(q.answer),
    answer_number: typeof q.answer === 'number' ? q.answer : null,
    // Every other field of the question, as JSON.
    extra: JSON.stringify(Object.fromEntries(Object.entries(q).filter(([k]) => !HF_NAMES.has(k)))),
  };
}

function arrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** Every row of a split, shard after shard, as plain values (hyparquet gives undefined for a null list or struct). */
async function readSplit(out: string, split: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(join(out, 'data'))).filter((f) => f.startsWith(`${split}-`)).sort();
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    const buf = arrayBuffer(await readFile(join(out, 'data', f)));
    for (const row of await parquetReadObjects({ file: buf, utf8: false }))
      rows.push(Object.fromEntries(HF_COLUMNS.map((c) => [c.name, row[c.name] ?? null])));
  }
  return rows;
}

describe('sim export --format hf', () => {
  let out: string;
  let sharded: string;
  beforeAll(async () => {
    out = await exportTo('hf', '--format', 'hf');
    // 5 kB shards: several files and row groups per split even on this small dataset.
    sharded = await exportTo('hf-sharded', '--format', 'hf', '--shard-size', '0.005');
  });

  it('names the shards {split}-{i:05d}-of-{n:05d}.parquet, one set per split that has questions', async () => {
    const files = (await readdir(join(out, 'data'))).sort();
    expect(files).toEqual(
      splitsOf(items)
        .map((s) => `${s}-00000-of-00001.parquet`)
        .sort(),
    );
    const many = (await readdir(join(sharded, 'data'))).filter((f) => f.startsWith('train-')).sort();
    expect(many.length).toBeGreaterThan(1);
    expect(many).toEqual(
      many.map(
        (_, i) => `train-${String(i).padStart(5, '0')}-of-${String(many.length).padStart(5, '0')}.parquet`,
      ),
    );
  });

  it('holds one row per question with every column equal to qa.jsonl and the PNG bytes embedded', async () => {
    for (const dir of [out, sharded])
      for (const split of splitsOf(items)) {
        const rows = await readSplit(dir, split);
        const want = items.filter((q) => q.split === split);
        expect(rows).toHaveLength(want.length);
        for (const [k, q] of want.entries()) {
          const { images, ...rest } = rows[k];
          expect(rest).toEqual(hfRow(q));
          const cells = images as { bytes: Uint8Array; path: string }[];
          expect(cells.map((c) => c.path)).toEqual(q.images);
          for (const c of cells) expect(Buffer.from(c.bytes).equals(await png(c.path))).toBe(true);
        }
      }
  });

  it('writes the datasets features into the parquet schema metadata under "huggingface"', async () => {
    const file = (await readdir(join(out, 'data')))[0];
    const meta = parquetMetadata(arrayBuffer(await readFile(join(out, 'data', file))));
    const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    const features = JSON.parse(kv.huggingface ?? '{}').info.features;
    expect(Object.keys(features)).toEqual(HF_COLUMNS.map((c) => c.name));
    expect(features.images).toEqual({ feature: { _type: 'Image' }, length: -1, _type: 'Sequence' });
    expect(features.question).toEqual({ dtype: 'string', _type: 'Value' });
    expect(features.targets).toEqual({
      feature: { dtype: 'int32', _type: 'Value' },
      length: -1,
      _type: 'Sequence',
    });
    expect(features.pair).toEqual({
      id: { dtype: 'string', _type: 'Value' },
      role: { dtype: 'string', _type: 'Value' },
    });
    // The Image struct as datasets stores it: a three-level list of {bytes: binary, path: string}.
    const at = meta.schema.findIndex((e) => e.name === 'images');
    expect(
      meta.schema
        .slice(at, at + 5)
        .map((e) => [e.name, e.repetition_type, e.type ?? null, e.converted_type ?? null]),
    ).toEqual([
      ['images', 'OPTIONAL', null, 'LIST'],
      ['list', 'REPEATED', null, null],
      ['element', 'OPTIONAL', null, null],
      ['bytes', 'OPTIONAL', 'BYTE_ARRAY', null],
      ['path', 'OPTIONAL', 'BYTE_ARRAY', 'UTF8'],
    ]);
  });

  it('keeps row groups small: at most 100 rows and well under 100 MB', async () => {
    let groups = 0;
    for (const dir of [out, sharded])
      for (const f of await readdir(join(dir, 'data'))) {
        const meta = parquetMetadata(arrayBuffer(await readFile(join(dir, 'data', f))));
        for (const g of meta.row_groups) {
          groups++;
          expect(Number(g.num_rows)).toBeLessThanOrEqual(100);
          expect(Number(g.total_byte_size)).toBeLessThan(100e6);
        }
      }
    expect(groups).toBeGreaterThan(splitsOf(items).length * 2);
  });

  it('writes a dataset card whose YAML declares configs, features and splits', async () => {
    const card = await readFile(join(out, 'README.md'), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(card);
    expect(m).not.toBeNull();
    const front = parseYaml(m![1]);
    const splits = splitsOf(items);
    expect(front.configs).toEqual([
      { config_name: 'default', data_files: splits.map((s) => ({ split: s, path: `data/${s}-*` })) },
    ]);
    expect(front.dataset_info.splits).toEqual(
      splits.map((s) => ({ name: s, num_examples: items.filter((q) => q.split === s).length })),
    );
    const features = front.dataset_info.features as Record<string, unknown>[];
    expect(features.map((f) => f.name)).toEqual(HF_COLUMNS.map((c) => c.name));
    expect(features.find((f) => f.name === 'images')).toEqual({ name: 'images', sequence: 'image' });
    expect(features.find((f) => f.name === 'pair')).toEqual({
      name: 'pair',
      struct: [
        { name: 'id', dtype: 'string' },
        { name: 'role', dtype: 'string' },
      ],
    });
    expect(front.license).toBe('mit');
    const body = m![2];
    const n = (task: string) => items.filter((q) => q.task === task).length;
    expect(body).toMatch(new RegExp(`\\| depth_order \\|( \\d+ \\|){3} ${n('depth_order')} \\|`));
    expect(body).toContain(`| all |`);
    expect(body).toContain('"seed": 7');
    expect(body).toContain('load_dataset(');
  });

  it('reads back the same with DuckDB, a second parquet reader', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      for (const dir of [out, sharded])
        for (const split of splitsOf(items)) {
          const files = `${join(dir, 'data', split)}-*.parquet`;
          const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${files}')`))
            .getRowObjectsJS()
            .map((c) => [c.column_name, c.column_type]);
          expect(columns).toEqual([
            ['id', 'VARCHAR'],
            ['scene', 'VARCHAR'],
            ['task', 'VARCHAR'],
            ['kind', 'VARCHAR'],
            ['question', 'VARCHAR'],
            ['choices', 'VARCHAR[]'],
            ['answer', 'VARCHAR'],
            ['answer_number', 'DOUBLE'],
            ['answer_type', 'VARCHAR'],
            ['unit', 'VARCHAR'],
            ['images', 'STRUCT(bytes BLOB, path VARCHAR)[]'],
            ['targets', 'INTEGER[]'],
            ['answer_object', 'INTEGER'],
            ['pair', 'STRUCT(id VARCHAR, "role" VARCHAR)'],
            ['split', 'VARCHAR'],
            ['extra', 'VARCHAR'],
          ]);
          // file_row_number and the file name keep qa.jsonl's order whatever order DuckDB scans in.
          const rows = (
            await conn.runAndReadAll(
              `SELECT * EXCLUDE (filename, file_row_number) FROM read_parquet('${files}', filename = true, file_row_number = true) ORDER BY filename, file_row_number`,
            )
          ).getRowObjectsJS();
          const want = items.filter((q) => q.split === split);
          expect(rows).toHaveLength(want.length);
          for (const [k, q] of want.entries()) {
            const { images, ...rest } = rows[k];
            expect(rest).toEqual(hfRow(q));
            const cells = images as { bytes: Buffer; path: string }[];
            expect(cells.map((c) => c.path)).toEqual(q.images);
            for (const c of cells) expect(c.bytes.equals(await png(c.path))).toBe(true);
          }
        }
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('makes the same bytes again', async () => {
    const again = await exportTo('hf-again', '--format', 'hf');
    expect(await treeHashes(again)).toEqual(await treeHashes(out));
  });
});

/** A TSV as objects keyed by its header, after checking every field was quoted. */
async function readTsv(path: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const text = await readFile(path, 'utf8');
  const table = parseTsv(text);
  // Written back with every field quoted, the rows give the file again: so every field was.
  expect(table.map(tsvLine).join('')).toBe(text);
  const [header, ...body] = table;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))) };
}

/** A cell holding one value or a Python list literal of them. */
function listOf(cell: string): string[] {
  const list = /^\[(.*)\]$/.exec(cell);
  return list ? list[1].split(', ').map((s) => s.replace(/^'|'$/g, '')) : [cell];
}

/** The image cell's PNGs are the frames', and image_path names them. */
async function expectImages(row: Record<string, string>, q: QaItem, dir = data): Promise<void> {
  if (q.images.length > 1) expect(row.image).toMatch(/^\['[A-Za-z0-9+/=]+'(, '[A-Za-z0-9+/=]+')+\]$/);
  const decoded = listOf(row.image).map((b) => Buffer.from(b, 'base64'));
  expect(decoded).toHaveLength(q.images.length);
  for (const [k, path] of q.images.entries())
    expect(decoded[k].equals(await readFile(join(dir, path)))).toBe(true);
  expect(listOf(row.image_path)).toEqual(q.images);
}

const asked = (rotation: number) =>
  ({ style: 'direct', rotation, maxFrames: null, videoAsUrl: false, context: null }) as const;
/** The questions with their line in qa.jsonl, as `index` holds it. */
const indexed = (list: readonly QaItem[], keep: (q: QaItem) => boolean) =>
  list.map((q, index) => ({ q, index })).filter(({ q }) => keep(q));
const MCQ_TAIL = ['category', 'l2-category', 'split', 'qa_id', 'scene', 'kind'];

describe('sim export --format vlmevalkit', () => {
  let out: string;
  let circular: string;
  beforeAll(async () => {
    out = await exportTo('vlm', '--format', 'vlmevalkit');
    circular = await exportTo('vlm-circular', '--format', 'vlmevalkit', '--circular');
  });

  it('writes the choice questions in VLMEvalKit’s custom MCQ layout, every field quoted', async () => {
    const { header, rows } = await readTsv(join(out, 'roomsim_mcq.tsv'));
    expect(header).toEqual([
      'index',
      'image',
      'image_path',
      'question',
      'A',
      'B',
      'C',
      'D',
      'answer',
      ...MCQ_TAIL,
      'pair_id',
      'pair_role',
    ]);
    const want = indexed(items, (q) => q.answer_type === 'choice');
    expect(rows).toHaveLength(want.length);
    for (const [k, { q, index }] of want.entries()) {
      const row = rows[k];
      expect(row).toEqual({
        ...row,
        index: String(index),
        question: q.question,
        ...Object.fromEntries(['A', 'B', 'C', 'D'].map((l, i) => [l, q.choices?.[i] ?? ''])),
        answer: q.answer,
        category: q.task,
        'l2-category': q.pair?.role ?? q.kind,
        split: q.split,
        qa_id: q.id,
        scene: q.scene,
        kind: q.kind,
        pair_id: q.pair?.id ?? '',
        pair_role: q.pair?.role ?? '',
      });
      expect(letter(q.choices!.indexOf(row[row.answer]))).toBe(q.answer);
      await expectImages(row, q);
    }
    expect(
      rows.some((r) => r.question.includes('"') && r.question.includes('\t') && r.question.includes('\n')),
    ).toBe(true);
  });

  it('writes the numeric questions as an open-ended dataset, each with the instruction `sim eval` sends', async () => {
    const { header, rows } = await readTsv(join(out, 'roomsim_numeric_openended.tsv'));
    expect(header).toEqual(['index', 'image', 'image_path', 'question', 'answer', 'unit', ...MCQ_TAIL]);
    const want = indexed(items, (q) => q.answer_type === 'number');
    expect(rows.map((r) => [r.index, r.qa_id, r.question, Number(r.answer), r.unit, r.category])).toEqual(
      want.map(({ q, index }) => [
        String(index),
        q.id,
        buildPrompt(q, asked(0)).text,
        q.answer,
        q.unit,
        q.task,
      ]),
    );
    // The distance questions name no unit of their own; the instruction does.
    for (const r of rows.filter((r) => r.unit === 'm'))
      expect(r.question).toContain('\nAnswer with a number in meters (m).\n');
    for (const [k, { q }] of want.entries()) await expectImages(rows[k], q);
  });

  it('writes every rotation of every choice question, sharing a g_index, for circular evaluation', async () => {
    expect((await readdir(circular)).sort()).toEqual([
      'README.txt',
      'roomsim_mcq_circular.tsv',
      'roomsim_numeric_openended.tsv',
      'roomsim_spatialtunnel.tsv',
    ]);
    const { header, rows } = await readTsv(join(circular, 'roomsim_mcq_circular.tsv'));
    const plain = await readTsv(join(out, 'roomsim_mcq.tsv'));
    expect(header).toEqual([...plain.header, 'g_index']);
    // The unrotated rows are the plain file's rows.
    expect(rows.filter((r) => r.index === r.g_index).map(({ g_index, ...r }) => r)).toEqual(plain.rows);
    const want = indexed(items, (q) => q.answer_type === 'choice');
    expect(rows).toHaveLength(want.reduce((n, { q }) => n + q.choices!.length, 0));
    for (const { q, index } of want) {
      const group = rows.filter((r) => r.g_index === String(index));
      const n = q.choices!.length;
      expect(group.map((r) => r.index)).toEqual(Array.from({ length: n }, (_, r) => String(index + r * 1e6)));
      for (const [r, row] of group.entries()) {
        const rotated = buildPrompt(q, asked(r));
        expect(['A', 'B', 'C', 'D'].slice(0, n).map((l) => row[l])).toEqual(rotated.choices);
        expect(row.answer).toBe(rotated.answer);
        expect([row.question, row.image_path, row.qa_id]).toEqual([q.question, group[0].image_path, q.id]);
        // A rotation's image cell names the unrotated row, where VLMEvalKit finds the image.
        if (r > 0) expect(row.image).toBe(String(index));
      }
      // The right letter takes every place once, so always-A is right in one rotation only.
      expect(group.map((r) => r.answer).sort()).toEqual(Array.from({ length: n }, (_, k) => letter(k)));
    }
  });

  it('writes the far-looks-up pairs in SpatialTunnel’s columns', async () => {
    const { header, rows } = await readTsv(join(out, 'roomsim_spatialtunnel.tsv'));
    expect(header).toEqual([
      'index',
      'question_id',
      'category',
      'question',
      'image',
      'answer',
      'A',
      'B',
      'C',
      'D',
      'pair_id',
      'pair_role',
      'split',
    ]);
    const want = indexed(items, (q) => q.task === 'depth_order' && q.pair !== null);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map(({ image, ...r }) => r)).toEqual(
      want.map(({ q, index }) => ({
        index: String(index),
        question_id: q.id,
        category: 'close',
        question: q.question,
        answer: q.answer,
        ...Object.fromEntries(['A', 'B', 'C', 'D'].map((l, i) => [l, q.choices?.[i] ?? ''])),
        pair_id: q.pair!.id,
        pair_role: q.pair!.role,
        split: q.split,
      })),
    );
    for (const [k, { q }] of want.entries())
      expect(Buffer.from(rows[k].image, 'base64').equals(await png(q.images[0]))).toBe(true);
  });

  it('waits for the disk without leaving listeners behind', () => {
    for (const name of ['vlm', 'vlm-circular'])
      expect(stderrOf[name]).not.toContain('MaxListenersExceededWarning');
  });

  it('explains in README.txt how to register the files and score numbers by MRA', async () => {
    const readme = await readFile(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain('LMUData');
    expect(readme).toContain('python run.py --data roomsim_mcq ');
    expect(readme).toContain('python run.py --data roomsim_numeric_openended --model');
    expect(readme).toContain('Mean Relative Accuracy');
    expect((await readdir(out)).sort()).toEqual([
      'README.txt',
      'roomsim_mcq.tsv',
      'roomsim_numeric_openended.tsv',
      'roomsim_spatialtunnel.tsv',
    ]);
    expect(await readFile(join(circular, 'README.txt'), 'utf8')).toContain('--data roomsim_mcq_circular ');
  });

  it('exports only the splits asked for, under another name', async () => {
    const split = splitsOf(items)[0];
    const dir = await exportTo('vlm-split', '--format', 'vlmevalkit', '--splits', split, '--name', 'rs');
    const { rows } = await readTsv(join(dir, 'rs_mcq.tsv'));
    expect(rows.map((r) => r.qa_id)).toEqual(
      items.filter((q) => q.split === split && q.choices).map((q) => q.id),
    );
  });
});

describe('sim export on walkthroughs as `sim generate` makes them', () => {
  let walks: string;
  let walkItems: QaItem[];
  let walkOut: string;
  let stderr: string;
  beforeAll(async () => {
    walks = join(root, 'walks');
    walkItems = await generateWalkthroughs(walks);
    walkOut = join(root, 'walks-vlm');
    const r = await runCli(['export', walks, '--format', 'vlmevalkit', '--out', walkOut]);
    expect(r.code, r.stderr).toBe(0);
    stderr = r.stderr;
  });

  it('exports them to hf with every field: structured answers as JSON, text-form rows without images', async () => {
    const out = join(root, 'walks-hf');
    const r = await runCli(['export', walks, '--format', 'hf', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await readSplit(out, 'test');
    expect(rows).toHaveLength(walkItems.length);
    for (const [k, q] of walkItems.entries()) {
      const { images, ...rest } = rows[k];
      expect(rest).toEqual(hfRow(q));
      expect((images as { path: string }[]).map((c) => c.path)).toEqual(q.images);
    }
    const extras = rows.map((row) => JSON.parse(row.extra as string));
    for (const field of ['context', 'video', 'capabilities', 'level'])
      expect(extras.some((e) => field in e)).toBe(true);
    expect(rows.some((row) => row.answer_type === 'layout' && (row.answer as string).startsWith('{'))).toBe(
      true,
    );
  });

  const EXPORTED = ['image-choice', 'image-number', 'text-choice'];
  const shapeOf = (q: QaItem) => `${q.images.length ? 'image' : 'text'}-${q.answer_type}`;

  it('puts text-form choice questions in a text MCQ file, the description as its hint', async () => {
    const { header, rows } = await readTsv(join(walkOut, 'roomsim_text_mcq.tsv'));
    const width = Math.max(
      4,
      ...walkItems.filter((q) => q.answer_type === 'choice').map((q) => q.choices!.length),
    );
    const options = Array.from({ length: width }, (_, k) => letter(k));
    expect(header).toEqual([
      'index',
      'question',
      'hint',
      ...options,
      'answer',
      ...MCQ_TAIL,
      'pair_id',
      'pair_role',
    ]);
    const want = indexed(walkItems, (q) => shapeOf(q) === 'text-choice');
    expect(want.length).toBeGreaterThan(0);
    for (const [k, { q, index }] of want.entries())
      expect(rows[k]).toEqual({
        ...rows[k],
        index: String(index),
        question: q.question,
        hint: await readFile(join(walks, q.context!), 'utf8'),
        ...Object.fromEntries(options.map((l, i) => [l, q.choices?.[i] ?? ''])),
        answer: q.answer,
        qa_id: q.id,
      });
    expect(rows).toHaveLength(want.length);
  });

  it('gives every frame of a walk in image and image_path, and leaves out what no custom dataset holds', async () => {
    const { rows } = await readTsv(join(walkOut, 'roomsim_mcq.tsv'));
    const many = indexed(walkItems, (q) => shapeOf(q) === 'image-choice' && q.images.length > 1);
    expect(many.length).toBeGreaterThan(0);
    for (const { q, index } of many)
      await expectImages(rows.find((r) => r.index === String(index))!, q, walks);

    const files = (await readdir(walkOut)).filter((f) => f.endsWith('.tsv'));
    const ids = new Set<string>();
    for (const f of files) for (const r of (await readTsv(join(walkOut, f))).rows) ids.add(r.qa_id);
    expect([...ids].sort()).toEqual(
      walkItems
        .filter((q) => EXPORTED.includes(shapeOf(q)))
        .map((q) => q.id)
        .sort(),
    );
    const left: Record<string, number> = {};
    for (const q of walkItems)
      if (!EXPORTED.includes(shapeOf(q))) left[shapeOf(q)] = (left[shapeOf(q)] ?? 0) + 1;
    expect(Object.keys(left).length).toBeGreaterThan(0);
    for (const [shape, n] of Object.entries(left)) expect(stderr).toContain(`${n} ${shape}`);
  });
});

describe('sim export errors', () => {
  async function expectOneLine(args: string[], pattern: RegExp): Promise<void> {
    const r = await runCli(['export', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  }

  it('rejects bad input in one line', async () => {
    await expectOneLine([data, '--format', 'csv'], /--format csv: unknown; use hf, vlmevalkit or lmms-eval/);
    await expectOneLine([data], /--format is required/);
    await expectOneLine([join(root, 'nope'), '--format', 'hf'], /nope: no such folder/);
    await expectOneLine(
      [data, '--format', 'hf', '--splits', 'dev'],
      /--splits dev: use train, val and\/or test/,
    );
    const full = join(root, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep.txt'), 'mine');
    await expectOneLine([data, '--format', 'hf', '--out', full], /--out .*full: not empty/);
    expect(await readdir(full)).toEqual(['keep.txt']);
  });
});
