import type { QaItem } from '../tasks/schema';
import type { LoadedImage } from './images';
import type { Prompt } from './prompt';
import type { Usage } from './schema';

/**
 * Anything that answers questions: a model behind an endpoint or a built-in baseline. The runner
 * treats them all alike, so baselines go through the same cache, log and scorer as models.
 */
export interface Answerer {
  /** The default run folder name, e.g. "qwen2.5-vl-7b-instruct" or "random". */
  readonly name: string;
  /** Everything besides prompt and images that decides its answers (model, decoding settings, seed): part of the cache key. */
  readonly identity: Readonly<Record<string, unknown>>;
  /** Whether it is shown the images (false for the text-only baseline, whose cache keys then ignore them). */
  readonly sendsImages: boolean;
  /** Whether it answers this item at all (the heuristic answers depth_order only). */
  supports(item: QaItem): boolean;
  answer(request: AnswerRequest): Promise<AnswerOutcome>;
}

export interface AnswerRequest {
  item: QaItem;
  /** Which rotation of the options `prompt` presents. */
  rotation: number;
  prompt: Prompt;
  /** The prompt's images, loaded; empty when the answerer is not shown images. */
  images: LoadedImage[];
  /** Aborted when the run stops early: waits between retries end, requests in flight finish. */
  signal: AbortSignal;
}

export type AnswerOutcome =
  | {
      ok: true;
      /** The reply text the scorer reads. */
      content: string;
      /** The response body, or what a baseline based its answer on. */
      raw: unknown;
      usage: Usage | null;
      attempts: number;
      latencyMs: number;
    }
  | { ok: false; error: string; attempts: number };
