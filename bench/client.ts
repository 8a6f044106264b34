import { z } from 'zod';
import { Rng } from '../sim/rng';
import type { Answerer, AnswerOutcome, AnswerRequest } from './answerer';
import { dataUrl } from './images';
import { type Attempt, type RetryPolicy, retryAfterMs, withRetries } from './retry';
import type { Usage } from './schema';

/**
 * A model behind an OpenAI-compatible chat completions endpoint (vLLM, SGLang, Ollama, LM Studio,
 * OpenAI, OpenRouter …), called with plain fetch. Transient failures (408, 409, 429, 5xx, timeouts,
 * dropped connections, unreadable bodies) are retried; a quota error or another 4xx stops the run.
 */

export interface EndpointOptions {
  /** e.g. http://localhost:8000/v1 (…/chat/completions is appended unless already there). */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when set. */
  apiKey: string | null;
  temperature: number;
  maxTokens: number;
  /** Per attempt, headers and body together, ms. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Seeds the retry jitter. */
  seed: number;
  /** false: the text-only baseline, which asks the same questions without their images. */
  sendsImages: boolean;
}

/** The part of a chat completion response that is read; anything else is kept in the log as is. */
const ChatResponseSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z
          .looseObject({
            content: z
              .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
              .nullable()
              .optional(),
          })
          .optional(),
      }),
    )
    .min(1),
  usage: z
    .looseObject({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) })
    .nullable()
    .optional(),
});
type ChatResponse = z.infer<typeof ChatResponseSchema>;

/** The error body most servers send: {error: {message, type, code}}, vLLM's {message, type, code}, or {detail}. */
const ErrorBodySchema = z.looseObject({
  error: z
    .union([
      z.string(),
      z.looseObject({
        message: z.string().optional(),
        type: z.string().nullable().optional(),
        code: z.unknown().optional(),
      }),
    ])
    .optional(),
  message: z.string().optional(),
  type: z.string().optional(),
  code: z.unknown().optional(),
  detail: z.unknown().optional(),
});

export function chatCompletionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
}

export function endpointAnswerer(opts: EndpointOptions): Answerer {
  const url = chatCompletionsUrl(opts.baseUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  const jitter = Rng.root(opts.seed).fork('jitter');

  return {
    name: opts.sendsImages ? opts.model : `text-only-${opts.model}`,
    identity: {
      model: opts.model,
      temperature: opts.temperature,
      max_tokens: opts.maxTokens,
      images: opts.sendsImages,
    },
    sendsImages: opts.sendsImages,
    supports: () => true,
    async answer(req: AnswerRequest): Promise<AnswerOutcome> {
      const body = JSON.stringify(requestBody(opts, req));
      const started = performance.now();
      const outcome = await withRetries(
        () => attemptOnce(url, headers, body, opts.timeoutMs),
        opts.retry,
        (n) => jitter.fork(req.item.id, req.rotation, n),
        req.signal,
      );
      if (!outcome.ok) return outcome;
      return {
        ok: true,
        ...outcome.value,
        attempts: outcome.attempts,
        latencyMs: performance.now() - started,
      };
    },
  };
}

/** Images first, then the question (the usual order for VLM benchmarks). */
function requestBody(opts: EndpointOptions, req: AnswerRequest) {
  const content = opts.sendsImages
    ? [
        ...req.images.map((image) =>
          // A video goes as vLLM's and SGLang's video_url part.
          image.mime.startsWith('video/')
            ? { type: 'video_url', video_url: { url: dataUrl(image) } }
            : { type: 'image_url', image_url: { url: dataUrl(image) } },
        ),
        { type: 'text', text: req.prompt.text },
      ]
    : req.prompt.text;
  return {
    model: opts.model,
    messages: [{ role: 'user', content }],
    temperature: opts.temperature,
    max_tokens: opts.maxTokens,
  };
}

interface Reply {
  content: string;
  raw: unknown;
  usage: Usage | null;
}

async function attemptOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Attempt<Reply>> {
  // The run's stop signal is not passed on: a request in flight is let finish so its answer is kept.
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  let responseHeaders: Headers;
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal });
    status = res.status;
    responseHeaders = res.headers;
    text = await res.text();
  } catch (err) {
    if (signal.aborted)
      return { kind: 'retry', error: `no complete response within ${timeoutMs} ms`, retryAfterMs: null };
    return { kind: 'retry', error: describeNetworkError(err), retryAfterMs: null };
  }
  if (status < 200 || status >= 300) return classifyHttpError(status, text, responseHeaders);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      kind: 'retry',
      error: `HTTP ${status} with a body that is not JSON: ${snippet(text)}`,
      retryAfterMs: null,
    };
  }
  const parsed = ChatResponseSchema.safeParse(json);
  if (!parsed.success) {
    const reason = errorMessage(json) ?? 'no choices[0].message in it';
    return {
      kind: 'retry',
      error: `HTTP ${status} with an unexpected body (${reason}): ${snippet(text)}`,
      retryAfterMs: null,
    };
  }
  return { kind: 'ok', value: { content: contentText(parsed.data), raw: json, usage: usageOf(parsed.data) } };
}

function classifyHttpError(status: number, text: string, headers: Headers): Attempt<Reply> {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // A proxy's HTML error page: the status alone decides.
  }
  const message = errorMessage(json) ?? snippet(text);
  const code = errorCode(json);
  if (status === 429 && code === 'insufficient_quota')
    return { kind: 'fatal', error: `quota exhausted (HTTP 429 insufficient_quota): ${message}` };
  if (status === 408 || status === 409 || status === 429 || status >= 500)
    return { kind: 'retry', error: `HTTP ${status}: ${message}`, retryAfterMs: retryAfterMs(headers) };
  const hint = /image/i.test(message) ? ' (if the server caps images per prompt, pass --max-images)' : '';
  return { kind: 'fatal', error: `request rejected (HTTP ${status}): ${message}${hint}` };
}

function errorMessage(json: unknown): string | null {
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const { error, message, detail } = parsed.data;
  if (typeof error === 'string') return error;
  if (error?.message) return error.message;
  if (message) return message;
  if (detail !== undefined) return typeof detail === 'string' ? detail : JSON.stringify(detail);
  return null;
}

function errorCode(json: unknown): string | null {
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const { error, code, type } = parsed.data;
  const fields = typeof error === 'object' && error ? [error.code, error.type] : [];
  const found = [...fields, code, type].find((v) => v === 'insufficient_quota');
  return typeof found === 'string' ? found : null;
}

function contentText(res: ChatResponse): string {
  const content = res.choices[0].message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

function usageOf(res: ChatResponse): Usage | null {
  return res.usage
    ? { prompt_tokens: res.usage.prompt_tokens, completion_tokens: res.usage.completion_tokens }
    : null;
}

/** "fetch failed (ECONNRESET)", "terminated (other side closed)". */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${err.message} (${detail})` : err.message;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}
