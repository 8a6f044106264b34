import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type EvalOptions, type EvalResult, runEval } from '../../bench/eval-command';
import { type ResultsLine, ResultsLineSchema, type ScoredItem, ScoredItemSchema } from '../../bench/schema';

/** Calls `sim eval`'s action in-process with test defaults, fast retries and captured output. */

export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface EvalRun extends EvalResult {
  stdout: string;
  stderr: string;
}

export interface EvalSweep {
  /** One result per --frames value, in increasing order of frames. */
  results: EvalResult[];
  stdout: string;
  stderr: string;
}

type EvalInput = Pick<EvalOptions, 'data' | 'out' | 'model'> & Partial<EvalOptions>;

/** One run (a single --frames value, or none): its folder and summary, and the captured output. */
export async function evalInProcess(base: EvalInput, env: NodeJS.ProcessEnv = {}): Promise<EvalRun> {
  const { results, stdout, stderr } = await evalSweepInProcess(base, env);
  if (results.length !== 1) throw new Error(`expected one run, got ${results.length}`);
  return { ...results[0], stdout, stderr };
}

/** Every run of the call (several --frames values make a sweep, one run each). */
export async function evalSweepInProcess(base: EvalInput, env: NodeJS.ProcessEnv = {}): Promise<EvalSweep> {
  const stdout = new Capture();
  const stderr = new Capture();
  const opts: EvalOptions = {
    split: 'test',
    concurrency: 3,
    frames: [],
    form: 'image',
    videoAs: 'frames',
    promptStyle: 'direct',
    circular: false,
    temperature: 0,
    timeout: 5,
    retries: 3,
    seed: 0,
    bootstrap: 200,
    ...base,
  };
  const results = await runEval(opts, {
    stdout,
    stderr,
    env,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    progressEvery: 4,
  });
  return { results, stdout: stdout.text, stderr: stderr.text };
}

export async function readScores(dir: string): Promise<ScoredItem[]> {
  const text = await readFile(join(dir, 'scores.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => ScoredItemSchema.parse(JSON.parse(l)));
}

export async function readLog(dir: string): Promise<ResultsLine[]> {
  const text = await readFile(join(dir, 'responses.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => ResultsLineSchema.parse(JSON.parse(l)));
}

/** Mean of each group's values, then the mean over groups: how the metrics average tasks. */
export function macro(values: ReadonlyMap<string, number[]>): number {
  const means = [...values.values()].map((v) => v.reduce((s, x) => s + x, 0) / v.length);
  return means.reduce((s, x) => s + x, 0) / means.length;
}

export function groupBy<T>(
  items: readonly T[],
  key: (t: T) => string,
  value: (t: T) => number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), value(t)]);
  return out;
}
