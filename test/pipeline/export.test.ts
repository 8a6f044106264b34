import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HF_COLUMNS } from '../../pipeline/export-hf';
import { parseTsv, tsvLine } from '../../pipeline/export-vlmevalkit';
import { letter, type QaItem } from '../../tasks/schema';
import { runCli } from '../helpers/cli';
import { treeHashes } from '../helpers/tree';
import { writeTestItems } from './qa-fixture';

/**
 * `sim export` through the CLI on a dataset made by `sim generate` (with the fixed test questions),
 * each export read back with a reader (hyparquet for parquet, an RFC-4180 parser for TSV) and
 * compared with qa.jsonl and the PNG files.
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

async function exportTo(name: string, ...flags: string[]): Promise<string> {
  const out = join(root, name);
  const r = await runCli(['export', data, '--out', out, ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return out;
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
          const { measure, ...common } = q;
          expect(rest).toEqual({
            ...common,
            images: undefined,
            answer: String(q.answer),
            answer_number: typeof q.answer === 'number' ? q.answer : null,
            extra: JSON.stringify(measure ? { measure } : {}),
          } as unknown as typeof rest);
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

  it('makes the same bytes again', async () => {
    const again = await exportTo('hf-again', '--format', 'hf');
    expect(await treeHashes(again)).toEqual(await treeHashes(out));
  });
});

describe('sim export --format vlmevalkit', () => {
  let out: string;
  beforeAll(async () => {
    out = await exportTo('vlm', '--format', 'vlmevalkit');
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

  /** The image cell's PNGs: one base64 string, or a Python list literal of them. */
  function decodeImages(cell: string): Buffer[] {
    const list = /^\[(.*)\]$/.exec(cell);
    const parts = list ? list[1].split(', ').map((s) => s.replace(/^'|'$/g, '')) : [cell];
    return parts.map((b) => Buffer.from(b, 'base64'));
  }

  async function expectImages(cell: string, q: QaItem): Promise<void> {
    if (q.images.length > 1) expect(cell).toMatch(/^\['[A-Za-z0-9+/=]+'(, '[A-Za-z0-9+/=]+')+\]$/);
    const decoded = decodeImages(cell);
    expect(decoded).toHaveLength(q.images.length);
    for (const [k, path] of q.images.entries()) expect(decoded[k].equals(await png(path))).toBe(true);
  }

  it('writes the choice questions in VLMEvalKit’s custom MCQ layout, every field quoted', async () => {
    const { header, rows } = await readTsv(join(out, 'roomsim_mcq.tsv'));
    expect(header).toEqual([
      'index',
      'image',
      'question',
      'A',
      'B',
      'C',
      'D',
      'answer',
      'category',
      'l2-category',
      'split',
      'qa_id',
      'scene',
      'kind',
      'pair_id',
      'pair_role',
    ]);
    const want = items.map((q, index) => ({ q, index })).filter(({ q }) => q.answer_type === 'choice');
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
      await expectImages(row.image, q);
    }
    expect(
      rows.some((r) => r.question.includes('"') && r.question.includes('\t') && r.question.includes('\n')),
    ).toBe(true);
  });

  it('writes the numeric questions to a second TSV with the number and its unit', async () => {
    const { header, rows } = await readTsv(join(out, 'roomsim_numeric.tsv'));
    expect(header).toEqual([
      'index',
      'image',
      'question',
      'answer',
      'unit',
      'category',
      'l2-category',
      'split',
      'qa_id',
      'scene',
      'kind',
    ]);
    const want = items.map((q, index) => ({ q, index })).filter(({ q }) => q.answer_type === 'number');
    expect(rows.map((r) => [r.index, r.qa_id, Number(r.answer), r.unit, r.category])).toEqual(
      want.map(({ q, index }) => [String(index), q.id, q.answer, q.unit, q.task]),
    );
    for (const [k, { q }] of want.entries()) await expectImages(rows[k].image, q);
  });

  it('explains in README.txt how to register the files and score numbers by MRA', async () => {
    const readme = await readFile(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain('LMUData');
    expect(readme).toContain('python run.py --data roomsim_mcq');
    expect(readme).toContain('python run.py --data roomsim_numeric');
    expect(readme).toContain('Mean Relative Accuracy');
    expect((await readdir(out)).sort()).toEqual(['README.txt', 'roomsim_mcq.tsv', 'roomsim_numeric.tsv']);
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

describe('sim export errors', () => {
  async function expectOneLine(args: string[], pattern: RegExp): Promise<void> {
    const r = await runCli(['export', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  }

  it('rejects bad input in one line', async () => {
    await expectOneLine([data, '--format', 'csv'], /--format csv: unknown; use hf or vlmevalkit/);
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
