import { type Command, InvalidArgumentError } from 'commander';
import { BASELINES } from '../bench/baselines';
import type { EvalOptions } from '../bench/eval-command';
import type { ReportOptions } from '../bench/report/report-command';
import { FORMS, PROMPT_STYLES, SPLITS, VIDEO_AS } from '../bench/schema';
import { addOptions, int, list, type OptionTable, positiveNumber } from './options';

/** `sim eval` and `sim report`; the actions load bench/ lazily. */

const EVAL_OPTIONS: OptionTable<EvalOptions> = {
  data: { flags: '--data <dir>', description: 'dataset folder (with qa.jsonl)', required: true },
  model: {
    flags: '--model <name>',
    description: `model name sent to the endpoint, or a baseline: ${BASELINES.join(', ')}, or text-only:NAME (the model asked without images)`,
    required: true,
  },
  baseUrl: {
    flags: '--base-url <url>',
    description: 'OpenAI-compatible endpoint, e.g. http://localhost:8000/v1',
  },
  apiKeyEnv: {
    flags: '--api-key-env <var>',
    description: 'environment variable holding the API key (sent as a bearer token)',
  },
  tasks: { flags: '--tasks <names>', description: 'comma-separated task names (default: all)', parse: list },
  split: {
    flags: '--split <split>',
    description: 'split to ask',
    default: 'test',
    choices: SPLITS,
  },
  limit: { flags: '--limit <n>', description: 'ask only the first n selected questions', parse: int(1) },
  concurrency: {
    flags: '--concurrency <c>',
    description: 'requests in flight at once',
    parse: int(1, 1024),
    default: 4,
  },
  frames: {
    flags: '--frames <k[,k…]>',
    description:
      'send at most k frames per question (evenly spaced, first and last kept; default 32, all of a walkthrough); several values run a sweep, one run each',
    parse: (v: string) => list(v).map((x) => int(1)(x)),
    default: [],
  },
  maxImages: {
    flags: '--max-images <n>',
    description:
      "the server's cap on images per prompt (vLLM --limit-mm-per-prompt); caps --frames the same way",
    parse: int(1),
  },
  form: {
    flags: '--form <form>',
    description: 'ask the questions with images, about the scene descriptions (text twins), or both',
    default: 'image',
    choices: FORMS,
  },
  videoAs: {
    flags: '--video-as <how>',
    description: "send a walkthrough's video as frames, or as the video itself (a video_url part)",
    default: 'frames',
    choices: VIDEO_AS,
  },
  promptStyle: {
    flags: '--prompt-style <style>',
    description: 'direct: answer only; cot: reason, then "Answer: …"',
    default: 'direct',
    choices: PROMPT_STYLES,
  },
  circular: {
    flags: '--circular',
    description: 'ask each choice item once per rotation of its options',
    default: false,
  },
  temperature: {
    flags: '--temperature <t>',
    description: 'sampling temperature',
    parse: nonNegativeNumber,
    default: 0,
  },
  maxTokens: {
    flags: '--max-tokens <n>',
    description: 'completion token cap (default: 256 direct, 2048 cot)',
    parse: int(1),
  },
  timeout: {
    flags: '--timeout <s>',
    description: 'per-request timeout in seconds',
    parse: positiveNumber,
    default: 180,
  },
  retries: {
    flags: '--retries <n>',
    description: 'retries per question on 408/409/429/5xx/timeouts',
    parse: int(0, 100),
    default: 5,
  },
  seed: {
    flags: '--seed <n>',
    description: 'seed of the random baseline, retry jitter and bootstrap',
    parse: int(),
    default: 0,
  },
  bootstrap: {
    flags: '--bootstrap <n>',
    description: 'bootstrap resamples for 95% intervals (0: none)',
    parse: int(0),
    default: 1000,
  },
  out: {
    flags: '--out <dir>',
    description: 'results folder; the run goes into a subfolder',
    default: 'results',
  },
  name: { flags: '--name <run>', description: 'run subfolder name (default: from model, style and flags)' },
};

const REPORT_OPTIONS: OptionTable<Omit<ReportOptions, 'runs'>> = {
  out: {
    flags: '--out <dir>',
    description: 'report folder (index.html, summary.md, charts/, img/)',
    default: 'report',
  },
  data: {
    flags: '--data <dir>',
    description: 'dataset folder, if it moved since the runs (for the gallery images)',
  },
  gallery: {
    flags: '--gallery <n>',
    description: 'failed questions shown per run',
    parse: int(0, 1000),
    default: 12,
  },
  title: { flags: '--title <text>', description: 'page title', default: 'roomsim evaluation report' },
};

export function registerEvalCommands(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description(
      'ask a VLM (any OpenAI-compatible endpoint) or a baseline the questions of a dataset, and score it',
    );
  addOptions(evalCommand, EVAL_OPTIONS).action(async (opts: EvalOptions) => {
    const { runEval } = await import('../bench/eval-command');
    await runEval(opts);
  });

  const reportCommand = program
    .command('report')
    .description('turn eval runs into an HTML report with plots and a Markdown summary')
    .argument('<runs...>', 'run folders, or folders holding run folders (e.g. results/)');
  addOptions(reportCommand, REPORT_OPTIONS).action(
    async (runs: string[], opts: Omit<ReportOptions, 'runs'>) => {
      const { runReport } = await import('../bench/report/report-command');
      await runReport({ ...opts, runs });
    },
  );
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`"${value}" is not a number >= 0`);
  return n;
}
