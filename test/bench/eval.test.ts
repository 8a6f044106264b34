import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanRelativeAccuracy } from '../../tasks/numbers';
import type { QaItem } from '../../tasks/schema';
import { type FixtureDataset, writeFixtureDataset } from '../helpers/fixture-dataset';
import { type FakeEndpoint, Oracle, startFakeEndpoint } from './fake-endpoint';
import { evalInProcess, evalSweepInProcess, groupBy, macro, readLog, readScores } from './run-eval';

let fixture: FixtureDataset;
let oracle: Oracle;
let out: string;
let endpoint: FakeEndpoint | null = null;

beforeAll(async () => {
  fixture = await writeFixtureDataset();
  oracle = new Oracle(fixture);
  out = await mkdtemp(join(tmpdir(), 'sim-bench-results-'));
});

afterAll(async () => {
  await endpoint?.close();
  await fixture?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

async function serve(policy: Parameters<typeof startFakeEndpoint>[0]): Promise<FakeEndpoint> {
  await endpoint?.close();
  endpoint = await startFakeEndpoint(policy);
  return endpoint;
}

const choiceItems = () => fixture.testItems.filter((q) => q.answer_type === 'choice');
const numericItems = () => fixture.testItems.filter((q) => q.answer_type === 'number');
const tasksOf = (items: readonly QaItem[]) => [...new Set(items.map((q) => q.task))].sort();

describe('sim eval against an OpenAI-compatible endpoint', () => {
  it('scores a model that answers the ground truth 1 everywhere, asking each question once, images first', async () => {
    const server = await serve((req) => ({ answer: oracle.truth(req) }));
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'truthful-vlm',
      baseUrl: server.url,
      name: 'truthful',
    });

    expect(server.requests).toHaveLength(fixture.testItems.length);
    expect([...server.answered.values()].every((n) => n === 1)).toBe(true);
    for (const req of server.requests) {
      const item = oracle.itemOf(req);
      expect(req.body.model).toBe('truthful-vlm');
      expect(req.body.temperature).toBe(0);
      expect(req.images).toHaveLength(item.images.length);
      expect(req.images.every((url) => url.startsWith('data:image/png;base64,'))).toBe(true);
      const content = req.body.messages[0].content as { type: string }[];
      expect(content.map((p) => p.type)).toEqual([...item.images.map(() => 'image_url'), 'text']);
    }

    const { metrics, counts } = run.summary;
    for (const scorer of ['lenient', 'strict'] as const) {
      expect(metrics[scorer]!.overall.score).toBe(1);
      expect(Object.keys(metrics[scorer]!.by_task).sort()).toEqual(tasksOf(fixture.testItems));
      for (const stat of Object.values(metrics[scorer]!.by_task)) expect(stat.score).toBe(1);
    }
    expect(metrics.lenient!.gap).toMatchObject({ pairs: 4, right_consistent_wrong_counter: 0 });
    expect(metrics.lenient!.gap!.gap.score).toBe(0);
    expect(counts).toEqual({
      items: fixture.testItems.length,
      askings: fixture.testItems.length,
      failed: 0,
      unparsable: 0,
      unparsable_by_task: {},
    });
    // Every fixture item is an image item of one capability and level; there are no text twins.
    expect(Object.keys(metrics.lenient!.by_form)).toEqual(['image']);
    expect(metrics.lenient!.by_form.image).toMatchObject({ score: 1, n: fixture.testItems.length });
    expect(metrics.lenient!.by_capability).toEqual({
      spatial_relation: expect.objectContaining({ score: 1, n: fixture.testItems.length }),
    });
    expect(metrics.lenient!.by_level).toEqual({
      perception: expect.objectContaining({ score: 1, n: fixture.testItems.length }),
    });
    expect(metrics.lenient!.perception_gap).toEqual({});
    expect(metrics.lenient!.details).toEqual({});
    expect(run.summary.usage).toEqual({
      prompt_tokens: 100 * fixture.testItems.length,
      completion_tokens: 2 * fixture.testItems.length,
    });
    expect(run.summary.dataset).toEqual({ seed: 3, version: 1 });
    expect(run.stdout).toContain('overall');
    expect(run.stderr).toMatch(/eval truthful: 16\/16 \(100\.0%\)/);

    const scores = await readScores(run.dir);
    expect(scores.map((q) => q.id)).toEqual(fixture.testItems.map((q) => q.id));
    const depth = scores.find((q) => q.task === 'depth_order')!;
    expect(depth.features.distance_m).toBe(1.5);
    expect(depth.features.image_height).toBeGreaterThan(0);

    // Asked again: every answer comes from the log, nothing is sent.
    const again = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'truthful-vlm',
      baseUrl: server.url,
      name: 'truthful',
    });
    expect(server.requests).toHaveLength(fixture.testItems.length);
    expect(again.summary.metrics).toEqual(run.summary.metrics);
    expect(again.stderr).toContain('16 cached');
  });

  it('scores a fixed wrong policy exactly as it implies, lenient and strict', async () => {
    // Choices: always A, verbose for depth_order (lenient reads it, strict does not). Numbers: 1.22 × truth,
    // metres said in centimetres (lenient converts, strict reads the centimetre number).
    const server = await serve((req) => {
      const item = oracle.itemOf(req);
      if (item.answer_type === 'choice')
        return { answer: item.task === 'depth_order' ? 'The answer is (A).' : 'A' };
      const value = (item.answer as number) * 1.22;
      return {
        answer: item.unit === 'm' ? `${(value * 100).toFixed(2)} cm` : `${value.toFixed(4)} ${item.unit}`,
      };
    });
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'always-a-vlm',
      baseUrl: server.url,
      name: 'wrong',
    });

    const lenient = (q: QaItem) => (q.answer_type === 'choice' ? Number(q.answer === 'A') : 0.6);
    const strict = (q: QaItem) => {
      if (q.answer_type === 'choice') return q.task === 'depth_order' ? 0 : Number(q.answer === 'A');
      return q.unit === 'm' ? 0 : 0.6;
    };
    const { metrics } = run.summary;
    for (const [scorer, expected] of [
      ['lenient', lenient],
      ['strict', strict],
    ] as const) {
      const byTask = groupBy(fixture.testItems, (q) => q.task, expected);
      for (const [task, values] of byTask)
        expect(metrics[scorer]!.by_task[task].score).toBeCloseTo(
          values.reduce((s, x) => s + x, 0) / values.length,
          12,
        );
      expect(metrics[scorer]!.overall.score).toBeCloseTo(macro(byTask), 12);
    }
    // The twins of even scenes answer A, of odd scenes B: half right on either role, no gap.
    expect(metrics.lenient!.gap).toMatchObject({
      pairs: 4,
      right_consistent_wrong_counter: 0,
      wrong_consistent_right_counter: 0,
    });
    expect(metrics.lenient!.gap!.consistent.score).toBe(0.5);
    expect(metrics.lenient!.gap!.counter.score).toBe(0.5);
    expect(meanRelativeAccuracy(2.37 * 1.22, 2.37)).toBeCloseTo(0.6, 12);
    expect(run.summary.letters).toEqual({ A: choiceItems().length });
  });

  it('asks every rotation in circular mode and counts an item right only if right every time', async () => {
    const server = await serve((req) => {
      const item = oracle.itemOf(req);
      return { answer: item.answer_type === 'choice' ? 'A' : oracle.truth(req) };
    });
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'position-biased',
      baseUrl: server.url,
      circular: true,
    });
    expect(run.dir.endsWith('position-biased-circular')).toBe(true);

    const rotations = fixture.testItems.reduce((s, q) => s + (q.choices?.length ?? 1), 0);
    expect(server.requests).toHaveLength(rotations);
    const { metrics } = run.summary;
    for (const q of choiceItems()) expect(metrics.circular!.by_task[q.task].score).toBe(0);
    for (const q of numericItems()) expect(metrics.circular!.by_task[q.task].score).toBe(1);
    const vanilla = groupBy(
      fixture.testItems,
      (q) => q.task,
      (q) => (q.answer_type === 'choice' ? Number(q.answer === 'A') : 1),
    );
    expect(metrics.lenient!.overall.score).toBeCloseTo(macro(vanilla), 12);
    expect(metrics.circular!.overall.score).toBeCloseTo(
      numericItems().length / tasksOf(fixture.testItems).length,
      12,
    );
    expect(run.summary.letters).toEqual({ A: rotations - numericItems().length });
  });

  it('sends at most --frames images, first and last kept', async () => {
    const server = await serve((req) => ({ answer: oracle.truth(req) }));
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'two-frames',
      baseUrl: server.url,
      frames: [2],
      maxImages: 3,
    });
    expect(run.dir.endsWith('two-frames-frames2')).toBe(true);
    expect(Math.max(...server.requests.map((r) => r.images.length))).toBe(2);
    const ego = (await readScores(run.dir)).filter((q) => q.task === 'ego_motion');
    expect(ego).toHaveLength(2);
    for (const q of ego) expect(q.images.map((p) => p.split('/').at(-2))).toEqual(['00', '02']);
    expect(run.summary.config.max_frames).toBe(2);
    expect(run.summary.metrics.lenient!.overall.score).toBe(1);

    // --max-images caps too: the smaller of the two wins.
    const capped = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'one-image',
      baseUrl: server.url,
      maxImages: 1,
    });
    expect(capped.summary.config.max_frames).toBe(1);
    for (const q of (await readScores(capped.dir)).filter((x) => x.task === 'ego_motion'))
      expect(q.images.map((p) => p.split('/').at(-2))).toEqual(['00']);
  });

  it('runs one eval per --frames value, each in its own folder, smallest first', async () => {
    const server = await serve((req) => ({ answer: oracle.truth(req) }));
    const sweep = await evalSweepInProcess({
      data: fixture.dir,
      out,
      model: 'sweep-vlm',
      baseUrl: server.url,
      frames: [3, 1, 3],
      name: 'sweep',
    });
    expect(sweep.results.map((r) => r.summary.config.max_frames)).toEqual([1, 3]);
    expect(sweep.results.map((r) => r.dir.split('/').at(-1))).toEqual(['sweep-frames1', 'sweep-frames3']);
    expect(server.requests).toHaveLength(2 * fixture.testItems.length);
    const sent = (n: number) => server.requests.filter((r) => r.images.length === n).length;
    const multi = fixture.testItems.filter((q) => q.images.length > 1).length;
    // frames 1: every item sends one image; frames 3: the multi-image items send all of theirs.
    expect(sent(1)).toBe(2 * fixture.testItems.length - multi);
    for (const [i, r] of sweep.results.entries()) {
      const scores = await readScores(r.dir);
      expect(Math.max(...scores.map((q) => q.images.length))).toBe(i === 0 ? 1 : 3);
    }
    expect(sweep.stdout).toMatch(/frames sweep: 1 frames \d\.\d{3}, 3 frames 1\.000/);
  });

  it('sends the API key named by --api-key-env as a bearer token', async () => {
    const server = await serve((req) =>
      req.headers.authorization === 'Bearer sekrit'
        ? { answer: oracle.truth(req) }
        : { status: 401, body: '{"error":{"message":"bad key"}}' },
    );
    const run = await evalInProcess(
      { data: fixture.dir, out, model: 'keyed', baseUrl: server.url, apiKeyEnv: 'FAKE_KEY', limit: 3 },
      { FAKE_KEY: 'sekrit' },
    );
    expect(run.summary.metrics.lenient!.overall.score).toBe(1);
    await expect(
      evalInProcess(
        { data: fixture.dir, out, model: 'keyed', baseUrl: server.url, apiKeyEnv: 'FAKE_KEY', limit: 3 },
        {},
      ),
    ).rejects.toThrow('--api-key-env FAKE_KEY: that environment variable is empty or not set');
  });
});

describe('baselines', () => {
  it('text-only asks the same questions without images, identical prompts once', async () => {
    const server = await serve(() => ({ answer: 'B' }));
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'text-only:blind-vlm',
      baseUrl: server.url,
    });
    expect(run.dir.endsWith('text-only-blind-vlm')).toBe(true);
    expect(server.requests.every((r) => r.images.length === 0 && r.body.model === 'blind-vlm')).toBe(true);
    const distinct = new Set(fixture.testItems.map((q) => q.question + JSON.stringify(q.choices)));
    expect(server.requests).toHaveLength(distinct.size);
    const expected = groupBy(
      fixture.testItems,
      (q) => q.task,
      (q) => (q.answer_type === 'choice' ? Number(q.answer === 'B') : 0),
    );
    expect(run.summary.metrics.lenient!.overall.score).toBeCloseTo(macro(expected), 12);
    expect(run.summary.counts.unparsable).toBe(numericItems().length);
    const numericTasks = groupBy(
      numericItems(),
      (q) => q.task,
      () => 1,
    );
    expect(run.summary.counts.unparsable_by_task).toEqual(
      Object.fromEntries([...numericTasks].map(([task, ones]) => [task, ones.length])),
    );
  });

  it('always-first answers A, and numbers with the mean truth of their task', async () => {
    const run = await evalInProcess({ data: fixture.dir, out, model: 'always-first' });
    const expected = groupBy(
      fixture.testItems,
      (q) => q.task,
      (q) => (q.answer_type === 'choice' ? Number(q.answer === 'A') : 1),
    );
    for (const [task, values] of expected)
      expect(run.summary.metrics.lenient!.by_task[task].score).toBeCloseTo(
        values.reduce((s, x) => s + x, 0) / values.length,
        12,
      );
  });

  it('oracle answers the ground truth as a model would write it, and scores 1 under every scorer', async () => {
    const run = await evalInProcess({ data: fixture.dir, out, model: 'oracle', circular: true });
    expect(run.dir.endsWith('oracle-circular')).toBe(true);
    for (const scorer of ['lenient', 'strict', 'circular', 'circular_strict'] as const) {
      expect(run.summary.metrics[scorer]!.overall.score, scorer).toBe(1);
      expect(Object.keys(run.summary.metrics[scorer]!.by_task).sort()).toEqual(tasksOf(fixture.testItems));
    }
    expect(run.summary.counts).toMatchObject({ items: fixture.testItems.length, failed: 0, unparsable: 0 });
  });

  it('random is reproducible from its seed and answers only presented letters', async () => {
    const a = await evalInProcess({ data: fixture.dir, out, model: 'random', seed: 7, name: 'random-a' });
    const b = await evalInProcess({ data: fixture.dir, out, model: 'random', seed: 7, name: 'random-b' });
    const preds = async (dir: string) => (await readScores(dir)).map((q) => q.askings.map((x) => x.pred));
    expect(await preds(a.dir)).toEqual(await preds(b.dir));
    expect(a.summary.metrics).toEqual(b.summary.metrics);
    for (const q of await readScores(a.dir))
      if (q.choices)
        expect(q.choices.map((_, i) => String.fromCharCode(65 + i))).toContain(q.askings[0].pred);
  });

  it('heuristic:lower-is-closer answers depth_order from the seg masks: right on consistent, wrong on counter', async () => {
    const run = await evalInProcess({ data: fixture.dir, out, model: 'heuristic:lower-is-closer' });
    expect(run.stderr).toContain('answers 8 of the 16 selected questions');
    const gap = run.summary.metrics.lenient!.gap!;
    expect(gap).toMatchObject({
      pairs: 4,
      right_consistent_wrong_counter: 4,
      wrong_consistent_right_counter: 0,
    });
    expect(gap.consistent.score).toBe(1);
    expect(gap.counter.score).toBe(0);
    expect(gap.gap.score).toBe(1);
    expect(Object.keys(run.summary.metrics.lenient!.by_task)).toEqual(['depth_order']);
    const log = await readLog(run.dir);
    expect(log.filter((l) => l.type === 'response')).toHaveLength(8);
  });
});

describe('text twins (--form)', () => {
  let twins: FixtureDataset;
  let twinOracle: Oracle;
  beforeAll(async () => {
    twins = await writeFixtureDataset({ textTwins: true });
    twinOracle = new Oracle(twins);
  });
  afterAll(async () => {
    await twins?.remove();
  });
  const imageItems = () => twins.testItems.filter((q) => q.context === undefined);
  const textItems = () => twins.testItems.filter((q) => q.context !== undefined);

  it('--form text asks the twins about their descriptions without images; --form image only the image items', async () => {
    const server = await serve((req) => ({ answer: twinOracle.truth(req) }));
    const text = await evalInProcess({
      data: twins.dir,
      out,
      model: 'reader',
      baseUrl: server.url,
      form: 'text',
    });
    expect(text.dir.endsWith('reader-text')).toBe(true);
    expect(textItems()).toHaveLength(fixture.testItems.length);
    expect(server.requests).toHaveLength(textItems().length);
    for (const req of server.requests) {
      const item = twinOracle.itemOf(req);
      expect(item.id.endsWith('-text')).toBe(true);
      expect(req.images).toEqual([]);
      expect(req.text).toMatch(
        /^Here is a description of a room .*\n\nRoom of scene \d{6}\. Images [\d, ]+ are taken/,
      );
    }
    const scores = await readScores(text.dir);
    expect(scores.map((q) => q.id)).toEqual(textItems().map((q) => q.id));
    expect(scores.every((q) => q.form === 'text' && q.images.length === 0)).toBe(true);
    expect(text.summary.config.form).toBe('text');
    expect(Object.keys(text.summary.metrics.lenient!.by_form)).toEqual(['text']);
    expect(text.summary.metrics.lenient!.overall.score).toBe(1);
    // No image items were asked: no perception gap.
    expect(text.summary.metrics.lenient!.perception_gap).toEqual({});

    const image = await evalInProcess({ data: twins.dir, out, model: 'reader', baseUrl: server.url });
    expect((await readScores(image.dir)).map((q) => q.id)).toEqual(imageItems().map((q) => q.id));
    expect(server.requests.slice(textItems().length).every((r) => r.images.length > 0)).toBe(true);
  });

  it('--form both measures the perception gap: a model fooled by the images but not by the words', async () => {
    // Right about every description; on the images, wrong on every counter twin (far looks up).
    const server = await serve((req) => {
      const item = twinOracle.itemOf(req);
      if (item.pair?.role === 'counter' && !item.context)
        return { answer: twinOracle.rightLetter(req) === 'A' ? 'B' : 'A' };
      return { answer: twinOracle.truth(req) };
    });
    const run = await evalInProcess({
      data: twins.dir,
      out,
      model: 'fooled',
      baseUrl: server.url,
      form: 'both',
    });
    expect(server.requests).toHaveLength(twins.testItems.length);
    const m = run.summary.metrics.lenient!;
    expect(Object.keys(m.by_form)).toEqual(['image', 'text']);
    expect(m.by_form.text.score).toBe(1);
    expect(m.by_form.text.n).toBe(textItems().length);
    expect(m.perception_gap.depth_order).toMatchObject({
      pairs: 8,
      image: { score: 0.5 },
      text: { score: 1 },
      gap: { score: 0.5 },
    });
    for (const task of tasksOf(fixture.testItems).filter((t) => t !== 'depth_order'))
      expect(m.perception_gap[task]).toMatchObject({
        image: { score: 1 },
        text: { score: 1 },
        gap: { score: 0 },
      });
    expect(Object.keys(m.perception_gap).sort()).toEqual(tasksOf(fixture.testItems));
    // The far-looks-up gap counts the image twins alone (a text twin has its image twin's pair).
    expect(m.gap).toMatchObject({ pairs: 4, right_consistent_wrong_counter: 4 });
  });

  it('names a missing description file and the item that needs it', async () => {
    const q = textItems()[0];
    await rm(join(twins.dir, q.context!));
    await expect(evalInProcess({ data: twins.dir, out, model: 'random', form: 'text' })).rejects.toThrow(
      `${join(twins.dir, q.context!)}: missing (named as the context of ${q.id})`,
    );
  });
});

describe('bad input', () => {
  it.each([
    [{ data: '/nonexistent/dataset' }, '--data /nonexistent/dataset: no such folder'],
    [{ tasks: ['depth_order', 'nope'] }, '--tasks: unknown task nope; this dataset has count, depth_order'],
    [{ model: 'heuristic:biggest-is-closest' }, 'no such baseline'],
    [{ model: 'some-vlm' }, '--model some-vlm needs --base-url'],
    [{ model: 'some-vlm', baseUrl: 'localhost:8000' }, 'use http:// or https://'],
    [{ split: 'val' as const }, 'no questions in split "val"'],
    [{ form: 'text' as const }, 'no questions of form "text" in the selection'],
    [{ model: 'heuristic:center' }, '--model heuristic:center answers none of the 16 selected questions'],
  ])('%j fails with one clear line', async (over, message) => {
    await expect(evalInProcess({ data: fixture.dir, out, model: 'random', ...over })).rejects.toThrow(
      message,
    );
  });

  it('names a folder without qa.jsonl', async () => {
    const empty = join(out, 'not-a-dataset');
    await mkdir(empty, { recursive: true });
    await expect(evalInProcess({ data: empty, out, model: 'random' })).rejects.toThrow('no qa.jsonl in it');
  });
});
