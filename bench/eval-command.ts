import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readDatasetInfo, resolveDataDir, SceneCache } from '../dataset/read';
import { SceneFactsSchema } from '../tasks/scene-facts';
import type { QaItem } from '../tasks/schema';
import { UserError } from '../util/errors';
import { writeFileAtomic } from '../util/files';
import { ProgressBar } from '../util/progress';
import { readItems } from './dataset';
import { itemFeatures } from './features';
import { buildPrompt, imagesNeeded, rotationsOf, thinnable } from './prompt';
import { resolveAnswerer } from './resolve-answerer';
import { ResultsLog } from './results-log';
import { DEFAULT_RETRY, FatalAttemptError, type RetryPolicy } from './retry';
import { type Job, runJobs } from './runner';
import {
  type EvalConfig,
  type Features,
  type FORMS,
  type PromptStyle,
  RESULTS_VERSION,
  type Summary,
  type VIDEO_AS,
} from './schema';
import { scoreItems } from './score';
import { buildSummary, formatSummary } from './summary';

/** `sim eval` options after commander has parsed them. */
export interface EvalOptions {
  data: string;
  model: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  tasks?: string[];
  split: EvalConfig['split'];
  limit?: number;
  concurrency: number;
  /** Frames sent per question at most; several values run one eval each (a sweep). */
  frames: number[];
  maxImages?: number;
  form: (typeof FORMS)[number];
  videoAs: (typeof VIDEO_AS)[number];
  promptStyle: PromptStyle;
  circular: boolean;
  temperature: number;
  maxTokens?: number;
  /** Per-request timeout, s. */
  timeout: number;
  retries: number;
  seed: number;
  bootstrap: number;
  out: string;
  name?: string;
}

/** What the CLI takes from the process; tests pass their own. */
export interface EvalEnvironment {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** Backoff timing; tests shorten it. */
  retry?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** Plain progress line interval, in questions. */
  progressEvery?: number;
}

/** Completion token caps when --max-tokens is not given: room for a letter, or for a reasoning trace. */
const DEFAULT_MAX_TOKENS: Record<PromptStyle, number> = { direct: 256, cot: 2048 };
/** A run stops when this many questions in a row fail: the endpoint is most likely down. */
const MAX_FAILURES_IN_A_ROW = 10;

export interface EvalResult {
  /** The run folder: responses.jsonl, scores.jsonl, summary.json. */
  dir: string;
  summary: Summary;
}

/**
 * `sim eval`: one run, or with several --frames values one run each (a sweep of accuracy against
 * the number of frames sent), each in its own run folder.
 */
export async function runEval(opts: EvalOptions, io: EvalEnvironment = {}): Promise<EvalResult[]> {
  // No --frames: one run at the default, capped by the videos' length (runOne sees an empty list).
  const frames = [...new Set(opts.frames)].sort((a, b) => a - b);
  const results: EvalResult[] = [];
  for (const n of frames.length ? frames : [null])
    results.push(
      await runOne(
        {
          ...opts,
          frames: n === null ? [] : [n],
          name: opts.name && frames.length > 1 ? `${opts.name}-frames${n}` : opts.name,
        },
        io,
      ),
    );
  if (frames.length > 1) {
    const stdout = io.stdout ?? process.stdout;
    stdout.write(
      `frames sweep: ${results.map((r, i) => `${frames[i]} frames ${r.summary.metrics.lenient?.overall.score.toFixed(3) ?? '-'}`).join(', ')}\n`,
    );
  }
  return results;
}

/** Frames sent per question when --frames is not given: all of a 32-frame walkthrough (lmms-eval's VSI-Bench setting). */
export const DEFAULT_FRAMES = 32;

async function runOne(opts: EvalOptions, io: EvalEnvironment): Promise<EvalResult> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const warn = (message: string) => stderr.write(`sim eval: ${message}\n`);

  // Inputs: questions, the scenes they are about, and who answers them.
  const dataDir = await resolveDataDir(opts.data, '--data');
  const dataset = await readDatasetInfo(dataDir);
  const selected = (
    await readItems(dataDir, {
      split: opts.split,
      tasks: opts.tasks ?? null,
      limit: null,
    })
  )
    .filter((q) => opts.form === 'both' || (opts.form === 'text') === (q.context !== undefined))
    .slice(0, opts.limit ?? undefined);
  if (selected.length === 0) throw new UserError(`no questions of form "${opts.form}" in the selection`);
  const longest = Math.max(0, ...selected.filter((q) => q.video).map((q) => q.images.length));
  if (opts.frames.length && longest && opts.frames[0] > longest)
    throw new UserError(`--frames ${opts.frames[0]}: the videos asked about have only ${longest} frames`);
  const videoFrames = opts.frames[0] ?? Math.min(DEFAULT_FRAMES, longest || DEFAULT_FRAMES);
  const contexts = await readContexts(dataDir, selected);
  const scenes = new SceneCache(dataDir, SceneFactsSchema);
  const promptStyle = opts.promptStyle;
  const maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS[promptStyle];
  const answerer = resolveAnswerer(opts.model, {
    dataDir,
    scenes,
    items: selected,
    baseUrl: opts.baseUrl ? checkUrl(opts.baseUrl) : null,
    apiKey: apiKeyFrom(opts.apiKeyEnv, io.env ?? process.env),
    temperature: opts.temperature,
    maxTokens,
    timeoutMs: opts.timeout * 1000,
    retry: { ...DEFAULT_RETRY, ...io.retry, retries: opts.retries },
    seed: opts.seed,
  });
  // A multi-view question cannot be thinned to fit a server's image cap: it is left out.
  const fits = (q: QaItem) =>
    thinnable(q) || opts.maxImages === undefined || imagesNeeded(q) <= opts.maxImages;
  const tooMany = selected.filter((q) => !fits(q)).length;
  if (tooMany)
    warn(`${tooMany} questions need more than --max-images ${opts.maxImages} images and are left out`);
  const items = selected.filter((q) => fits(q) && answerer.supports(q));
  if (items.length === 0)
    throw new UserError(`--model ${opts.model} answers none of the ${selected.length} selected questions`);
  if (items.length < selected.length)
    warn(`${opts.model} answers ${items.length} of the ${selected.length} selected questions`);
  // Read every scene up front: a broken dataset fails before anything is paid for.
  const features = new Map<string, Features>();
  for (const item of items) features.set(item.id, itemFeatures(item, await scenes.get(item.scene)));

  const caps = [videoFrames, opts.maxImages].filter((n): n is number => n !== undefined);
  const config: EvalConfig = {
    model: opts.model,
    base_url: opts.baseUrl ?? null,
    prompt_style: promptStyle,
    temperature: opts.temperature,
    max_tokens: maxTokens,
    max_frames: caps.length > 0 ? Math.min(...caps) : null,
    form: opts.form,
    video_as: opts.videoAs,
    circular: opts.circular,
    split: opts.split,
    tasks: opts.tasks ?? null,
    limit: opts.limit ?? null,
    seed: opts.seed,
    bootstrap: opts.bootstrap,
    data: dataDir,
  };
  const run = opts.name ?? defaultRunName(answerer.name, config);
  const dir = resolve(opts.out, run);

  // Ask: every answer is logged as it arrives, and answers already logged are reused.
  const jobs: Job[] = items.flatMap((item) =>
    Array.from({ length: rotationsOf(item, config.circular) }, (_, rotation) => ({
      item,
      rotation,
      prompt: buildPrompt(item, {
        style: promptStyle,
        rotation,
        maxFrames: config.max_frames,
        videoAsUrl: config.video_as === 'url',
        context: item.context ? contexts.get(item.context)! : null,
      }),
    })),
  );
  const log = await ResultsLog.open(join(dir, 'responses.jsonl'), warn);
  const progress = new ProgressBar(`eval ${run}`, jobs.length, {
    stream: stderr,
    // A plain line about every 5% in logs.
    every: io.progressEvery ?? Math.max(1, Math.ceil(jobs.length / 20)),
  });
  let results: Awaited<ReturnType<typeof runJobs>>;
  try {
    await log.append({ type: 'run', at: new Date().toISOString(), version: RESULTS_VERSION, config });
    results = await runJobs(jobs, {
      dataDir,
      answerer,
      log,
      concurrency: opts.concurrency,
      progress,
      maxConsecutiveFailures: MAX_FAILURES_IN_A_ROW,
    });
  } catch (err) {
    const saved = `the answers so far are saved in ${log.path}; run the same command again to resume`;
    if (err instanceof FatalAttemptError) throw new UserError(`${config.base_url}: ${err.message}; ${saved}`);
    if (err instanceof UserError) throw new UserError(`${err.message}; ${saved}`);
    throw err;
  } finally {
    progress.finish();
    await log.close();
  }

  // Score and save.
  const scored = scoreItems(jobs, results, features, { style: promptStyle, circular: config.circular });
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  for (const r of results)
    if (r.ok && r.usage) {
      usage.prompt_tokens += r.usage.prompt_tokens;
      usage.completion_tokens += r.usage.completion_tokens;
    }
  const summary = buildSummary({ run, config, dataset, items: scored, usage });
  await writeFileAtomic(join(dir, 'scores.jsonl'), scored.map((q) => `${JSON.stringify(q)}\n`).join(''));
  await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  stdout.write(`${formatSummary(summary)}results in ${dir}\n`);
  return { dir, summary };
}

/** Model (or baseline) name, then what changes the questions: "qwen2.5-vl-7b-cot-circular". */
export function defaultRunName(answererName: string, config: EvalConfig): string {
  // Everything that changes which questions are asked or how, so that such runs never share a folder.
  const parts = [answererName];
  if (config.prompt_style !== 'direct') parts.push(config.prompt_style);
  if (config.circular) parts.push('circular');
  if (config.max_frames !== null && config.max_frames !== DEFAULT_FRAMES)
    parts.push(`frames${config.max_frames}`);
  if (config.form !== 'image') parts.push(config.form);
  if (config.video_as !== 'frames') parts.push('video');
  if (config.split !== 'test') parts.push(config.split);
  if (config.tasks) parts.push(...config.tasks);
  if (config.limit !== null) parts.push(`limit${config.limit}`);
  if (config.temperature !== 0) parts.push(`t${config.temperature}`);
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
}

/** The description files the text-form items name, read once each. */
async function readContexts(dataDir: string, items: readonly QaItem[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const item of items)
    if (item.context && !out.has(item.context)) {
      const path = join(dataDir, item.context);
      out.set(
        item.context,
        await readFile(path, 'utf8').catch(() => {
          throw new UserError(`${path}: missing (named as the context of ${item.id})`);
        }),
      );
    }
  return out;
}

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`--base-url ${value}: not a URL (e.g. http://localhost:8000/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`--base-url ${value}: use http:// or https://`);
  return value;
}

function apiKeyFrom(variable: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (variable === undefined) return null;
  const key = env[variable];
  if (!key) throw new UserError(`--api-key-env ${variable}: that environment variable is empty or not set`);
  return key;
}
