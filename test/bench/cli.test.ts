import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummarySchema } from '../../bench/schema';
import { runCli, SIM_BIN } from '../helpers/cli';
import { type FixtureDataset, writeFixtureDataset } from '../helpers/fixture-dataset';
import { type FakeEndpoint, Oracle, startFakeEndpoint } from './fake-endpoint';

let fixture: FixtureDataset;
let out: string;
let endpoint: FakeEndpoint | null = null;

beforeAll(async () => {
  fixture = await writeFixtureDataset();
  out = await mkdtemp(join(tmpdir(), 'sim-bench-cli-'));
});

afterAll(async () => {
  await endpoint?.close();
  await fixture?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('sim eval and sim report on the command line', () => {
  it('documents every option in --help', async () => {
    const evalHelp = await runCli(['eval', '--help']);
    expect(evalHelp.code).toBe(0);
    // Declared as an option (at the start of its help line), not merely mentioned.
    for (const flag of [
      '--data',
      '--model',
      '--base-url',
      '--api-key-env',
      '--tasks',
      '--split',
      '--limit',
      '--concurrency',
      '--frames',
      '--max-images',
      '--form',
      '--video-as',
      '--prompt-style',
      '--circular',
      '--out',
    ])
      expect(evalHelp.stdout).toMatch(new RegExp(`^ {2}${flag}[ ,]`, 'm'));
    const reportHelp = await runCli(['report', '--help']);
    expect(reportHelp.code).toBe(0);
    expect(reportHelp.stdout).toContain('<runs...>');
    expect(reportHelp.stdout).toContain('--out');
  });

  it.each([
    [['eval', '--data', '/nonexistent', '--model', 'random'], 'sim: --data /nonexistent: no such folder\n'],
    [
      ['eval', '--data', '<fixture>', '--model', 'random', '--tasks', 'nope'],
      /^sim: --tasks: unknown task nope; this dataset has .*\n$/,
    ],
    [['report', '/nonexistent'], 'sim: /nonexistent: no such folder\n'],
  ])('exits non-zero with one line for %j', async (args, message) => {
    const r = await runCli(args.map((a) => (a === '<fixture>' ? fixture.dir : a)));
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  it('rejects a bad option value before doing anything', async () => {
    const r = await runCli(['eval', '--data', fixture.dir, '--model', 'random', '--concurrency', '0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--concurrency');
  });

  it('resumes a killed run without asking any answered question again', async () => {
    const oracle = new Oracle(fixture);
    const ANSWER_FIRST = 5;
    let phase: 'first' | 'resume' = 'first';
    let answered = 0;
    // First run: answer five questions, then hold every request until the client is killed.
    endpoint = await startFakeEndpoint((req) => {
      if (phase === 'resume' || answered < ANSWER_FIRST) {
        answered++;
        return { answer: oracle.truth(req) };
      }
      return { fault: 'hang' };
    });
    const results = join(out, 'results');
    const args = [
      'eval',
      '--data',
      fixture.dir,
      '--model',
      'resumable',
      '--base-url',
      endpoint.url,
      '--out',
      results,
      '--concurrency',
      '2',
      '--bootstrap',
      '0',
    ];
    const log = join(results, 'resumable', 'responses.jsonl');
    const responsesLogged = async () =>
      (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l.includes('"type":"response"'))
        .length;

    const child = spawn(process.execPath, [SIM_BIN, ...args], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 300 && (await responsesLogged()) < ANSWER_FIRST; i++) await sleep(50);
      expect(await responsesLogged()).toBe(ANSWER_FIRST);
      // Both workers hold a request when it dies.
      for (let i = 0; i < 100 && endpoint.requests.length < ANSWER_FIRST + 2; i++) await sleep(20);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    const sentBeforeKill = endpoint.requests.length;
    expect(sentBeforeKill).toBe(ANSWER_FIRST + 2);

    phase = 'resume';
    const resumed = await runCli(args);
    expect(resumed.stderr).toContain(`${ANSWER_FIRST} cached`);
    expect(resumed.code).toBe(0);

    // Every question got exactly one answer over both runs; the resumed run asked only the rest.
    const total = fixture.testItems.length;
    expect(endpoint.answered.size).toBe(total);
    expect([...endpoint.answered.values()].every((n) => n === 1)).toBe(true);
    expect(endpoint.requests.length - sentBeforeKill).toBe(total - ANSWER_FIRST);

    const summary = SummarySchema.parse(
      JSON.parse(await readFile(join(results, 'resumable', 'summary.json'), 'utf8')),
    );
    expect(summary.metrics.lenient!.overall.score).toBe(1);
    expect(summary.counts).toMatchObject({ items: total, failed: 0 });

    const report = await runCli(['report', results, '--out', join(out, 'report')]);
    expect(report.code).toBe(0);
    expect(await readFile(join(out, 'report', 'index.html'), 'utf8')).toContain('resumable');
  });
});
