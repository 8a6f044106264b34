import { describe, expect, it } from 'vitest';
import {
  type Attempt,
  backoffMs,
  DEFAULT_RETRY,
  FatalAttemptError,
  retryAfterMs,
  withRetries,
} from '../../bench/retry';
import { Rng } from '../../sim/rng';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads retry-after-ms, then Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(retryAfterMs(new Headers(), now)).toBeNull();
  });
});

describe('backoffMs', () => {
  it('doubles per retry up to the cap, with jitter in [0.5, 1) of it, reproducibly', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let n = 1; n <= 6; n++) {
      const ceiling = Math.min(1000, 100 * 2 ** (n - 1));
      const wait = backoffMs(n, policy, Rng.root(1).fork('x', n));
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThan(ceiling);
      expect(backoffMs(n, policy, Rng.root(1).fork('x', n))).toBe(wait);
    }
  });
});

describe('withRetries', () => {
  const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 50 };
  const jitter = (n: number) => Rng.root(0).fork('t', n);

  it('stops at its bound and reports the last error', async () => {
    let calls = 0;
    const out = await withRetries(
      async (): Promise<Attempt<number>> => ({ kind: 'retry', error: `boom ${++calls}`, retryAfterMs: null }),
      policy,
      jitter,
    );
    expect(out).toEqual({ ok: false, error: 'boom 4', attempts: 4 });
    expect(calls).toBe(4);
  });

  it('returns the first success', async () => {
    const out = await withRetries(
      async (n): Promise<Attempt<string>> =>
        n < 3 ? { kind: 'retry', error: 'x', retryAfterMs: 0 } : { kind: 'ok', value: 'fine' },
      policy,
      jitter,
    );
    expect(out).toEqual({ ok: true, value: 'fine', attempts: 3 });
  });

  it('throws at once on a fatal attempt', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async (): Promise<Attempt<string>> => {
          calls++;
          return { kind: 'fatal', error: 'quota' };
        },
        policy,
        jitter,
      ),
    ).rejects.toThrow(FatalAttemptError);
    expect(calls).toBe(1);
  });

  it('waits as long as the server asks, within reason', async () => {
    const started = performance.now();
    await withRetries(
      async (n): Promise<Attempt<string>> =>
        n === 1 ? { kind: 'retry', error: 'x', retryAfterMs: 40 } : { kind: 'ok', value: '' },
      policy,
      jitter,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });
});
