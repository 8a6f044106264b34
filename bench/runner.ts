import type { QaItem } from '../tasks/schema';
import { UserError } from '../util/errors';
import type { ProgressBar } from '../util/progress';
import type { Answerer } from './answerer';
import { type LoadedImage, loadImage } from './images';
import type { Prompt } from './prompt';
import { cacheKey, type ResultsLog } from './results-log';
import type { Usage } from './schema';

/** One asking of a question: an item with its options rotated `rotation` places. */
export interface Job {
  item: QaItem;
  rotation: number;
  prompt: Prompt;
}

/** What became of a job: the reply text and its token usage, or the error it failed with after its retries. */
export type JobResult = { ok: true; content: string; usage: Usage | null } | { ok: false; error: string };

export interface RunnerOptions {
  dataDir: string;
  answerer: Answerer;
  log: ResultsLog;
  /** Questions in flight at once. */
  concurrency: number;
  progress: ProgressBar;
  /** Stop the run once this many questions in a row have failed (the endpoint is likely down). */
  maxConsecutiveFailures: number;
}

/**
 * Asks every job with bounded concurrency. Answers already in the log are reused; identical prompts
 * in flight at once are asked once. Each answer is logged as it arrives. If a job throws (a quota
 * error, a rejected request, a broken dataset), no new job starts, the ones in flight finish and are
 * logged, and the error is rethrown.
 */
type Tick = 'answered' | 'cached' | 'failed';

export async function runJobs(jobs: readonly Job[], opts: RunnerOptions): Promise<JobResult[]> {
  const { answerer, log, progress } = opts;
  const results: JobResult[] = new Array(jobs.length);
  const stop = new AbortController();
  const inFlight = new Map<string, Promise<JobResult>>();
  let stopError: unknown = null;
  let next = 0;
  let failuresInARow = 0;
  const counts = { done: 0, cached: 0, failed: 0 };
  // Cached answers cost nothing: they fill the bar but stay out of the rate and ETA.
  const tick = (kind: Tick) => {
    counts.done++;
    if (kind === 'cached') counts.cached++;
    if (kind === 'failed') counts.failed++;
    const tail = [
      counts.cached ? `${counts.cached} cached` : '',
      counts.failed ? `${counts.failed} failed` : '',
    ];
    progress.update(counts.done, { skipped: counts.cached, tail: tail.filter(Boolean).join(', ') });
  };

  const ask = async (job: Job, images: LoadedImage[], key: string): Promise<JobResult> => {
    const outcome = await answerer.answer({
      item: job.item,
      rotation: job.rotation,
      prompt: job.prompt,
      images,
      signal: stop.signal,
    });
    const at = new Date().toISOString();
    const where = { at, key, item: job.item.id, rotation: job.rotation };
    if (!outcome.ok) {
      await log.append({ type: 'failure', ...where, error: outcome.error, attempts: outcome.attempts });
      return { ok: false, error: outcome.error };
    }
    await log.append({
      type: 'response',
      ...where,
      prompt: job.prompt.text,
      content: outcome.content,
      raw: outcome.raw,
      usage: outcome.usage,
      attempts: outcome.attempts,
      latency_ms: Math.round(outcome.latencyMs),
    });
    return { ok: true, content: outcome.content, usage: outcome.usage };
  };

  const runOne = async (job: Job): Promise<{ result: JobResult; tick: Tick }> => {
    const images = answerer.sendsImages
      ? await Promise.all(job.prompt.images.map((p) => loadImage(opts.dataDir, p)))
      : [];
    const key = cacheKey(answerer.identity, job.prompt.text, images);
    const cached = log.get(key);
    if (cached) return { result: { ok: true, content: cached.content, usage: cached.usage }, tick: 'cached' };
    const shared = inFlight.get(key);
    if (shared) {
      const result = await shared;
      return { result, tick: result.ok ? 'cached' : 'failed' };
    }
    const asking = ask(job, images, key).finally(() => inFlight.delete(key));
    inFlight.set(key, asking);
    const result = await asking;
    return { result, tick: result.ok ? 'answered' : 'failed' };
  };

  const worker = async () => {
    while (!stop.signal.aborted && next < jobs.length) {
      const i = next++;
      try {
        const { result, tick: outcome } = await runOne(jobs[i]);
        results[i] = result;
        tick(outcome);
        failuresInARow = result.ok ? 0 : failuresInARow + 1;
        if (!result.ok && failuresInARow >= opts.maxConsecutiveFailures && !stop.signal.aborted) {
          stopError = new UserError(
            `stopping after ${failuresInARow} questions in a row failed; the last: ${result.error}`,
          );
          stop.abort();
        }
      } catch (err) {
        // Once stopping, a job interrupted in its wait between retries has nothing to record.
        if (stop.signal.aborted) continue;
        stopError = err;
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, jobs.length) }, worker));
  if (stopError) throw stopError;
  return results;
}
