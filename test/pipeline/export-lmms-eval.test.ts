import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { extractChoiceStrict, extractNumberStrict } from '../../bench/extract';
import { computeMetrics, type ScoreRow } from '../../bench/metrics';
import { buildPrompt } from '../../bench/prompt';
import { Rng } from '../../sim/rng';
import { meanRelativeAccuracy } from '../../tasks/numbers';
import { letter, type QaItem } from '../../tasks/schema';
import { runCli } from '../helpers/cli';
import { pythonMissing, runPython } from '../helpers/python';
import { treeHashes } from '../helpers/tree';
import { writeTestItems } from './qa-fixture';
import { generateWalkthroughs } from './walkthrough-fixture';

/**
 * `sim export --format lmms-eval`, on two datasets made by `sim generate`: one with the fixed test
 * questions (far-looks-up pairs, every unit), one of walkthroughs as generated (videos, text-form
 * twins, structured answers). The task folder's files and YAML are read as lmms-eval reads them;
 * then its utils.py runs with Debian's python3 and numpy (lmms_eval_run.py stands in for lmms-eval's
 * loop) on the exported rows and a set of replies, against `sim eval`'s prompt and strict scorer
 * (bench/) on the same replies.
 */
const RUNNER = fileURLToPath(new URL('./lmms_eval_run.py', import.meta.url));
const UTILS = fileURLToPath(new URL('../../pipeline/lmms-eval/utils.py', import.meta.url));
const DIRECT = { style: 'direct', rotation: 0, maxFrames: null, videoAsUrl: false, context: null } as const;
let root: string;
/** The fixed test questions, exported from the split with the most of them (lmms-eval takes one). */
const pairs = { data: '', out: '', split: '', items: [] as QaItem[] };
/** The walkthroughs, all in the test split, exported with the defaults. */
const walks = { data: '', out: '', items: [] as QaItem[] };

async function exportLmms(data: string, out: string, ...flags: string[]): Promise<void> {
  const r = await runCli(['export', data, '--format', 'lmms-eval', '--out', out, ...flags]);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sim-lmms-eval-test-'));
  pairs.data = join(root, 'pairs');
  const r = await runCli([
    'generate',
    '--scenes',
    '6',
    '--size',
    '96',
    '--frames',
    '2',
    '--seed',
    '7',
    '--workers',
    '1',
    '--out',
    pairs.data,
  ]);
  expect(r.code, r.stderr).toBe(0);
  pairs.items = await writeTestItems(pairs.data);
  const count = (s: string) => pairs.items.filter((q) => q.split === s).length;
  pairs.split = ['train', 'val', 'test'].sort((a, b) => count(b) - count(a))[0];
  pairs.out = join(root, 'pairs-lmms');
  await exportLmms(pairs.data, pairs.out, '--splits', pairs.split);

  walks.data = join(root, 'walks');
  walks.items = await generateWalkthroughs(walks.data);
  walks.out = join(root, 'walks-lmms');
  await exportLmms(walks.data, walks.out);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** lmms-eval's YAML, with `!function module.name` tags kept as their text. */
async function readYaml(path: string): Promise<Record<string, unknown>> {
  return parseYaml(await readFile(path, 'utf8'), {
    customTags: [{ tag: '!function', resolve: (s: string) => `!function ${s}` }],
  }) as Record<string, unknown>;
}

interface MetricConfig {
  metric: string;
  aggregation: string;
  higher_is_better: boolean;
}

const metricsOf = (yaml: Record<string, unknown>) =>
  (yaml.metric_list as MetricConfig[]).map((m) => [m.metric, m.aggregation]);
const sortedTasks = (items: readonly QaItem[]) => [...new Set(items.map((q) => q.task))].sort();
/** What the tasks ask: questions with images answered with a letter or a number. */
const askedOf = (items: readonly QaItem[]) =>
  items.filter((q) => q.images.length && (q.answer_type === 'choice' || q.answer_type === 'number'));

describe('sim export --format lmms-eval', () => {
  it('writes the task folder: the hf export, the shared template, one YAML per task group, utils.py', async () => {
    expect((await readdir(pairs.out)).sort()).toEqual([
      '_default_template_yaml',
      'hf',
      'prompts.json',
      'roomsim.yaml',
      'roomsim_pairs.yaml',
      'utils.py',
    ]);
    expect(await readFile(join(pairs.out, 'utils.py'), 'utf8')).toBe(await readFile(UTILS, 'utf8'));
    // hf/ is exactly what --format hf writes for the split.
    const hf = join(root, 'pairs-hf');
    const r = await runCli(['export', pairs.data, '--format', 'hf', '--splits', pairs.split, '--out', hf]);
    expect(r.code, r.stderr).toBe(0);
    expect(await treeHashes(join(pairs.out, 'hf'))).toEqual(await treeHashes(hf));
  });

  it('points the template at the parquet files and each task YAML at the template', async () => {
    const template = await readYaml(join(pairs.out, '_default_template_yaml'));
    const files = (await readdir(join(pairs.out, 'hf', 'data'))).sort();
    expect(template).toMatchObject({
      dataset_path: 'parquet',
      dataset_kwargs: { data_files: { [pairs.split]: files.map((f) => join(pairs.out, 'hf', 'data', f)) } },
      test_split: pairs.split,
      output_type: 'generate_until',
      doc_to_visual: '!function utils.doc_to_visual',
      doc_to_text: '!function utils.doc_to_text',
      doc_to_target: 'answer',
      process_results: '!function utils.process_results',
    });
    expect(metricsOf(template)).toEqual([
      ['overall', '!function utils.aggregate_overall'],
      ['far_looks_up_gap', '!function utils.aggregate_gap'],
      ['far_looks_up_consistent', '!function utils.aggregate_consistent'],
      ['far_looks_up_counter', '!function utils.aggregate_counter'],
      ...sortedTasks(pairs.items.filter((q) => q.split === pairs.split)).map((t) => [t, 'mean']),
    ]);
    expect(await readYaml(join(pairs.out, 'roomsim.yaml'))).toEqual({
      task: 'roomsim',
      include: '_default_template_yaml',
      process_docs: '!function utils.process_docs',
    });
    expect(await readYaml(join(pairs.out, 'roomsim_pairs.yaml'))).toEqual({
      task: 'roomsim_pairs',
      include: '_default_template_yaml',
      process_docs: '!function utils.process_docs_pairs',
    });
  });

  it('adds the walkthrough task with each video copied once, and no pair metrics without pairs', async () => {
    const scenes = [...new Set(walks.items.filter((q) => q.video).map((q) => q.scene))];
    expect(scenes.length).toBeGreaterThan(0);
    expect((await readdir(join(walks.out, 'video'))).sort()).toEqual(scenes.map((s) => `${s}.mp4`));
    for (const s of scenes)
      expect(
        (await readFile(join(walks.out, 'video', `${s}.mp4`))).equals(
          await readFile(join(walks.data, 'scenes', s, 'video.mp4')),
        ),
      ).toBe(true);
    const template = await readYaml(join(walks.out, '_default_template_yaml'));
    expect(template.test_split).toBe('test');
    expect(metricsOf(template)).toEqual([
      ['overall', '!function utils.aggregate_overall'],
      ...sortedTasks(askedOf(walks.items)).map((t) => [t, 'mean']),
    ]);
    const video = await readYaml(join(walks.out, 'roomsim_video.yaml'));
    expect(video).toMatchObject({
      task: 'roomsim_video',
      include: '_default_template_yaml',
      process_docs: '!function utils.process_docs_video',
      doc_to_visual: '!function utils.doc_to_visual_video',
    });
    expect(metricsOf(video)).toEqual([
      ['overall', '!function utils.aggregate_overall'],
      ...sortedTasks(askedOf(walks.items).filter((q) => q.video)).map((t) => [t, 'mean']),
    ]);
    expect(await readdir(walks.out)).not.toContain('roomsim_pairs.yaml');
  });

  it('makes the same bytes again in the same place', async () => {
    const before = await treeHashes(walks.out);
    await rm(walks.out, { recursive: true });
    await exportLmms(walks.data, walks.out);
    expect(await treeHashes(walks.out)).toEqual(before);
  });

  it('refuses more than one split', async () => {
    const r = await runCli(['export', pairs.data, '--format', 'lmms-eval', '--splits', 'val,test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lmms-eval exports one split/);
  });
});

describe('utils.py run as lmms-eval runs it (Debian python3 + numpy)', () => {
  /** The rows of an export as datasets hands them to utils.py (images as base64 PNG here). */
  async function exportedRows(out: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (const f of (await readdir(join(out, 'hf', 'data'))).sort()) {
      const buf = await readFile(join(out, 'hf', 'data', f));
      const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      for (const row of await parquetReadObjects({ file, utf8: false })) {
        const images = (row.images as { bytes: Uint8Array }[]).map((i) =>
          Buffer.from(i.bytes).toString('base64'),
        );
        rows.push({ ...row, choices: row.choices ?? null, pair: row.pair ?? null, images });
      }
    }
    return rows;
  }

  /**
   * The k-th reply of its answer type, exercising the first-token reader: right, wrong, lower case
   * with a dot, the letter then the option, a sentence, nothing; numbers exact, off by 12%, 30% and
   * 3x, half (a relative error of exactly 0.5, on the first threshold), with a unit, after a word,
   * with a trailing dot, "nan". Pairs: right on consistent twins, wrong on counter ones.
   */
  function replyFor(q: QaItem, k: number): string {
    if (q.answer_type === 'choice') {
      const right = q.answer as string;
      const wrong = letter((right.charCodeAt(0) - 64) % q.choices!.length);
      if (q.pair) return q.pair.role === 'consistent' ? right : wrong;
      return [
        right,
        wrong,
        `${right.toLowerCase()}.`,
        `${right}. ${q.choices![0]}`,
        `The answer is ${right}`,
        '',
      ][k % 6];
    }
    const gt = q.answer as number;
    return [
      `${gt}`,
      `${gt * 1.12}`,
      `${gt * 0.7} m`,
      `${gt * 3}`,
      `${gt / 2}`,
      `about ${gt}`,
      `${gt}.`,
      'nan',
    ][k % 8];
  }

  function repliesFor(items: readonly QaItem[]): Record<string, string> {
    const nth: Record<string, number> = {};
    return Object.fromEntries(
      items.map((q) => {
        const k = nth[q.answer_type] ?? 0;
        nth[q.answer_type] = k + 1;
        return [q.id, replyFor(q, k)];
      }),
    );
  }

  /** `sim eval`'s strict score of a reply: bench's first-token readers and MRA. */
  function simEvalStrict(q: QaItem, reply: string): number {
    if (q.answer_type === 'choice') return extractChoiceStrict(reply, q.choices!.length) === q.answer ? 1 : 0;
    return meanRelativeAccuracy(extractNumberStrict(reply), q.answer as number);
  }

  interface RunOutput {
    kept: Record<string, string[]>;
    visuals: Record<string, [string, number, number, string][]>;
    texts: Record<string, string>;
    scores: Record<string, number>;
    metrics: Record<string, number>;
  }

  /** utils.py of the task folder `out` on its rows: process_docs (first: the task's), then per row and metric. */
  async function run(
    out: string,
    processDocs: string[],
    replies: Record<string, string>,
  ): Promise<RunOutput> {
    const template = await readYaml(join(out, '_default_template_yaml'));
    // As lmms-eval passes them for a model without its own block: the default block merged in.
    const specific = template.lmms_eval_specific_kwargs as { default: Record<string, string> };
    const job = {
      taskdir: out,
      kwargs: { ...specific, ...specific.default },
      process_docs: processDocs,
      metrics: (template.metric_list as MetricConfig[]).map((m) => ({
        metric: m.metric,
        aggregation: m.aggregation.replace('!function utils.', ''),
      })),
      docs: await exportedRows(out),
      replies,
    };
    const path = join(root, `job-${createHash('sha256').update(JSON.stringify(replies)).digest('hex')}.json`);
    await writeFile(path, JSON.stringify(job));
    return JSON.parse(await runPython(RUNNER, [path])) as RunOutput;
  }

  /** Skips (or in CI fails) when Debian's python3 lacks the modules. */
  function needPython(ctx: TestContext, modules: string[]): void {
    const missing = pythonMissing(modules);
    if (!missing) return;
    console.warn(`skipped: ${missing}`);
    ctx.skip(missing);
  }

  /** Every row asked as `sim eval --prompt-style direct` asks it and scored as its strict scorer scores it. */
  function expectSimEval(result: RunOutput, asked: readonly QaItem[], replies: Record<string, string>) {
    for (const q of asked) {
      expect([q.id, result.texts[q.id]]).toEqual([q.id, buildPrompt(q, DIRECT).text]);
      expect([q.id, result.scores[q.id]]).toEqual([q.id, simEvalStrict(q, replies[q.id])]);
    }
    const rows: ScoreRow[] = asked.map((q) => ({
      ...q,
      form: 'image',
      score: simEvalStrict(q, replies[q.id]),
    }));
    const metrics = computeMetrics(rows, { resamples: 0, rng: Rng.root(0) });
    expect(result.metrics.overall).toBeCloseTo(metrics.overall.score, 12);
    for (const [task, stat] of Object.entries(metrics.by_task))
      expect(result.metrics[task]).toBeCloseTo(stat.score, 12);
    return metrics;
  }

  it('asks the pairs and every unit as `sim eval` does, scores as its strict scorer, and finds the gap', async (ctx) => {
    needPython(ctx, ['numpy']);
    const asked = pairs.items.filter((q) => q.split === pairs.split);
    const replies = repliesFor(asked);
    const result = await run(pairs.out, ['process_docs', 'process_docs_pairs'], replies);
    expect(result.kept.process_docs).toEqual(asked.map((q) => q.id));
    expect(result.kept.process_docs_pairs).toEqual(asked.filter((q) => q.pair).map((q) => q.id));
    const metrics = expectSimEval(result, asked, replies);
    // Every kind of reply was tried: right, wrong and partly right scores.
    const scores = Object.values(result.scores);
    expect(scores).toContain(1);
    expect(scores).toContain(0);
    expect(scores.some((s) => s > 0 && s < 1)).toBe(true);
    expect(result.metrics.far_looks_up_gap).toBeCloseTo(metrics.gap!.gap.score, 12);
    expect(result.metrics.far_looks_up_consistent).toBeCloseTo(metrics.gap!.consistent.score, 12);
    expect(result.metrics.far_looks_up_counter).toBeCloseTo(metrics.gap!.counter.score, 12);
    expect(result.metrics.far_looks_up_gap).toBe(1);
  });

  it('asks walkthrough questions, leaves out text-form and structured ones, and picks the video ones', async (ctx) => {
    needPython(ctx, ['numpy']);
    const asked = askedOf(walks.items);
    expect(asked.length).toBeLessThan(walks.items.length);
    const replies = repliesFor(asked);
    const result = await run(walks.out, ['process_docs', 'process_docs_video'], replies);
    expect(result.kept.process_docs).toEqual(asked.map((q) => q.id));
    expect(result.kept.process_docs_video).toEqual(asked.filter((q) => q.video).map((q) => q.id));
    expectSimEval(result, asked, replies);
  });

  it('scores the right answers 1.0 and hands the frames to the model as RGB images', async (ctx) => {
    needPython(ctx, ['numpy', 'PIL']);
    const asked = pairs.items.filter((q) => q.split === pairs.split);
    const result = await run(
      pairs.out,
      ['process_docs'],
      Object.fromEntries(asked.map((q) => [q.id, String(q.answer)])),
    );
    expect(result.metrics.overall).toBe(1);
    expect(result.metrics.far_looks_up_gap).toBe(0);
    for (const q of asked) {
      const want = await Promise.all(
        q.images.map(async (path) => {
          const { data: raw, info } = await sharp(join(pairs.data, path))
            .raw()
            .toBuffer({ resolveWithObject: true });
          return ['RGB', info.width, info.height, createHash('sha256').update(raw).digest('hex')];
        }),
      );
      expect(result.visuals[q.id]).toEqual(want);
    }
  });
});
