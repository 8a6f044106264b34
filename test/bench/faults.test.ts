import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureDataset, writeFixtureDataset } from '../helpers/fixture-dataset';
import { type ChatRequest, type FakeEndpoint, Oracle, type Reply, startFakeEndpoint } from './fake-endpoint';
import { evalInProcess, groupBy, macro, readLog, readScores } from './run-eval';

let fixture: FixtureDataset;
let oracle: Oracle;
let out: string;
let endpoint: FakeEndpoint | null = null;

beforeAll(async () => {
  fixture = await writeFixtureDataset();
  oracle = new Oracle(fixture);
  out = await mkdtemp(join(tmpdir(), 'sim-bench-faults-'));
});
afterEach(async () => {
  await endpoint?.close();
  endpoint = null;
});
afterAll(async () => {
  await fixture?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

async function serve(policy: (req: ChatRequest) => Reply): Promise<FakeEndpoint> {
  endpoint = await startFakeEndpoint(policy);
  return endpoint;
}

const RETRIES = 3;
// A timeout long enough that a loaded machine never times out a prompt reply (which would turn a
// 429's Retry-After into a plain backoff), short enough that the hang costs a second.
const fast = { timeout: 1, retries: RETRIES, concurrency: 2 };
const requestsFor = (server: FakeEndpoint, id: string) =>
  server.requests.filter((r) => oracle.itemOf(r).id === id);

/** Faults on the first attempt(s) of some questions, permanent ones on two; the truth otherwise. */
const FIRST_ATTEMPT_FAULTS: Record<string, Reply[]> = {
  '000000-0': [{ status: 429, headers: { 'retry-after': '1' } }],
  '000000-1': [{ status: 429, headers: { 'retry-after-ms': '150' } }],
  '000001-1': [
    { status: 500 },
    { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' },
  ],
  '000002-0': [{ fault: 'hang' }],
  '000002-1': [{ fault: 'malformed' }],
  '000003-0': [{ fault: 'truncated' }],
  '000003-1': [{ fault: 'reset' }],
  '000002-2': [{ status: 200, body: '{"error":{"message":"model overloaded"}}' }],
  '000001-3': [{ status: 408 }, { status: 409 }],
};
const ALWAYS_500 = '000000-2';
const ALWAYS_EMPTY = '000001-2';

function faultyPolicy(req: ChatRequest): Reply {
  const id = oracle.itemOf(req).id;
  if (id === ALWAYS_500) return { status: 500, body: '{"error":{"message":"internal"}}' };
  if (id === ALWAYS_EMPTY) return { fault: 'null-content' };
  if (id === '000001-0' && req.attempt === 0)
    return { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } };
  return FIRST_ATTEMPT_FAULTS[id]?.[req.attempt] ?? { answer: oracle.truth(req) };
}

describe('sim eval under endpoint faults', () => {
  it('retries transient faults, honours Retry-After, bounds retries, and ends every question answered or failed', async () => {
    const server = await serve(faultyPolicy);
    const run = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'flaky',
      baseUrl: server.url,
      name: 'flaky',
      ...fast,
    });

    // Every question ends answered or marked failed; the two permanent faults are the only losses.
    const scores = await readScores(run.dir);
    expect(scores.map((q) => q.id)).toEqual(fixture.testItems.map((q) => q.id));
    expect(scores.filter((q) => q.failed).map((q) => q.id)).toEqual([ALWAYS_500]);
    const empty = scores.find((q) => q.id === ALWAYS_EMPTY)!;
    expect(empty.askings[0]).toMatchObject({ content: '', pred: null, lenient: 0 });
    expect(run.summary.counts).toMatchObject({ failed: 1, unparsable: 1 });

    // Scores are exactly what the policy implies.
    const expected = groupBy(
      fixture.testItems,
      (q) => q.task,
      (q) => (q.id === ALWAYS_500 || q.id === ALWAYS_EMPTY ? 0 : 1),
    );
    for (const [task, values] of expected)
      expect(run.summary.metrics.lenient!.by_task[task].score).toBe(
        values.reduce((s, x) => s + x, 0) / values.length,
      );
    expect(run.summary.metrics.lenient!.overall.score).toBeCloseTo(macro(expected), 12);

    // Retries stop at their bound; each transient fault costs exactly its attempts.
    expect(requestsFor(server, ALWAYS_500)).toHaveLength(1 + RETRIES);
    expect(requestsFor(server, ALWAYS_EMPTY)).toHaveLength(1);
    for (const [id, faults] of Object.entries(FIRST_ATTEMPT_FAULTS))
      expect(requestsFor(server, id)).toHaveLength(faults.length + 1);
    expect(requestsFor(server, '000001-0')).toHaveLength(2);
    const expectedRequests =
      fixture.testItems.length +
      RETRIES +
      Object.values(FIRST_ATTEMPT_FAULTS).reduce((s, f) => s + f.length, 0) +
      1;
    expect(server.requests).toHaveLength(expectedRequests);

    // The server's requested waits were honoured.
    const waited = (id: string) => {
      const [first, second] = requestsFor(server, id);
      return second.receivedAt - first.receivedAt;
    };
    expect(waited('000000-0')).toBeGreaterThanOrEqual(950);
    expect(waited('000000-1')).toBeGreaterThanOrEqual(140);
    expect(waited('000001-0')).toBeGreaterThanOrEqual(900);
    expect(waited('000002-0')).toBeGreaterThanOrEqual(990);

    // The log has one line per outcome, the failure with its attempts and last error.
    const log = await readLog(run.dir);
    const failure = log.find((l) => l.type === 'failure');
    expect(failure).toMatchObject({ item: ALWAYS_500, attempts: 1 + RETRIES, error: 'HTTP 500: internal' });
    expect(log.filter((l) => l.type === 'response')).toHaveLength(fixture.testItems.length - 1);

    // Run again on a healthy server: only the failed question is asked; the empty answer is kept.
    const healthy = await serve((req) => ({ answer: oracle.truth(req) }));
    const resumed = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'flaky',
      baseUrl: healthy.url,
      name: 'flaky',
      ...fast,
    });
    expect(healthy.requests.map((r) => oracle.itemOf(r).id)).toEqual([ALWAYS_500]);
    expect(resumed.summary.counts).toMatchObject({ failed: 0, unparsable: 1 });
  });

  it('stops on a quota error without retrying it, keeps the answers so far, and resumes without asking them again', async () => {
    const quotaOn = fixture.testItems[5].id;
    const server = await serve((req) =>
      oracle.itemOf(req).id === quotaOn
        ? {
            status: 429,
            body: JSON.stringify({
              error: {
                message: 'You exceeded your current quota',
                type: 'insufficient_quota',
                code: 'insufficient_quota',
              },
            }),
          }
        : { answer: oracle.truth(req) },
    );
    await expect(
      evalInProcess({
        data: fixture.dir,
        out,
        model: 'metered',
        baseUrl: server.url,
        name: 'metered',
        ...fast,
        concurrency: 1,
      }),
    ).rejects.toThrow(
      /quota exhausted \(HTTP 429 insufficient_quota\): You exceeded your current quota; the answers so far are saved in .*responses\.jsonl; run the same command again to resume/,
    );
    expect(requestsFor(server, quotaOn)).toHaveLength(1);
    expect(server.requests).toHaveLength(6);

    const healthy = await serve((req) => ({ answer: oracle.truth(req) }));
    const resumed = await evalInProcess({
      data: fixture.dir,
      out,
      model: 'metered',
      baseUrl: healthy.url,
      name: 'metered',
      ...fast,
    });
    const askedAgain = healthy.requests.map((r) => oracle.itemOf(r).id);
    expect(askedAgain).toEqual(expect.arrayContaining(fixture.testItems.slice(5).map((q) => q.id)));
    expect(askedAgain).toHaveLength(fixture.testItems.length - 5);
    expect(resumed.summary.metrics.lenient!.overall.score).toBe(1);
  });

  it('stops on a rejected request (4xx) with the server message and a hint', async () => {
    const server = await serve((req) =>
      req.images.length > 1
        ? {
            status: 400,
            body: JSON.stringify({
              object: 'error',
              message: 'At most 1 image(s) may be provided in one request.',
              code: 400,
            }),
          }
        : { answer: oracle.truth(req) },
    );
    await expect(
      evalInProcess({
        data: fixture.dir,
        out,
        model: 'one-image',
        baseUrl: server.url,
        tasks: ['ego_motion'],
        ...fast,
      }),
    ).rejects.toThrow(
      'request rejected (HTTP 400): At most 1 image(s) may be provided in one request. (if the server caps images per prompt, pass --max-images)',
    );
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('stops once ten questions in a row fail, as when nothing listens at --base-url', async () => {
    const gone = await startFakeEndpoint(() => ({ answer: 'A' }));
    await gone.close();
    await expect(
      evalInProcess({
        data: fixture.dir,
        out,
        model: 'nobody',
        baseUrl: gone.url,
        name: 'nobody',
        ...fast,
        retries: 0,
      }),
    ).rejects.toThrow(/stopping after 10 questions in a row failed; the last: fetch failed \(ECONNREFUSED\)/);
    const log = await readLog(join(out, 'nobody'));
    expect(log.filter((l) => l.type === 'failure').length).toBeGreaterThanOrEqual(10);
  });
});
