import { setTimeout as sleep } from 'node:timers/promises';
import type { Rng } from '../sim/rng';

/**
 * Retrying transient endpoint failures: exponential backoff with jitter, or the wait the server asks
 * for (retry-after-ms, Retry-After in seconds or as an HTTP date) when it asks for a sane one.
 */

export interface RetryPolicy {
  /** Retries after the first attempt; 0 tries once. */
  retries: number;
  /** Wait before the first retry, ms; doubles each retry. */
  baseDelayMs: number;
  /** Cap on the backoff wait, ms. */
  maxDelayMs: number;
  /** Longest server-requested wait honoured, ms; a longer one falls back to backoff. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  maxRetryAfterMs: 60_000,
};

/** What one attempt came to: a value, a failure worth retrying (with the server's requested wait), or a stop. */
export type Attempt<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'retry'; error: string; retryAfterMs: number | null }
  | { kind: 'fatal'; error: string };

export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: string; attempts: number };

/** Thrown when an attempt says the run must stop (quota, a bad request): retrying would not help. */
export class FatalAttemptError extends Error {
  override readonly name = 'FatalAttemptError';
}

/**
 * Runs `attempt` until it succeeds, fails fatally (throws FatalAttemptError) or uses up its retries.
 * `jitter(n)` gives the random stream for the wait before retry n, so waits are reproducible. An
 * aborted `signal` interrupts a wait by throwing its reason.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<Attempt<T>>,
  policy: RetryPolicy,
  jitter: (n: number) => Rng,
  signal?: AbortSignal,
): Promise<RetryOutcome<T>> {
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (result.kind === 'ok') return { ok: true, value: result.value, attempts: n };
    if (result.kind === 'fatal') throw new FatalAttemptError(result.error);
    if (n > policy.retries) return { ok: false, error: result.error, attempts: n };
    const asked = result.retryAfterMs;
    const wait = asked !== null && asked <= policy.maxRetryAfterMs ? asked : backoffMs(n, policy, jitter(n));
    await sleep(wait, undefined, { signal });
  }
}

/** base · 2^(n−1), capped, times a uniform factor in [0.5, 1) so that parallel clients spread out. */
export function backoffMs(retry: number, policy: RetryPolicy, rng: Rng): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling * (0.5 + 0.5 * rng.float());
}

/** The wait a response asks for, ms: retry-after-ms (OpenAI), else Retry-After as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
