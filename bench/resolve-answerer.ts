import type { SceneFactsCache } from '../tasks/scene-facts';
import type { QaItem } from '../tasks/schema';
import { UserError } from '../util/errors';
import type { Answerer } from './answerer';
import {
  alwaysFirstBaseline,
  BASELINES,
  centerBaseline,
  meanAnswers,
  oracleBaseline,
  priorBaseline,
  randomBaseline,
  shortcutBaseline,
} from './baselines';
import { endpointAnswerer } from './client';
import type { RetryPolicy } from './retry';

export const TEXT_ONLY_PREFIX = 'text-only:';

export interface AnswererContext {
  dataDir: string;
  scenes: SceneFactsCache;
  /** The questions about to be asked (the chance baselines answer numbers with their mean). */
  items: readonly QaItem[];
  baseUrl: string | null;
  apiKey: string | null;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  retry: RetryPolicy;
  seed: number;
}

/**
 * `--model` to an answerer: a built-in baseline name, `text-only:NAME` (NAME at --base-url, asked
 * without images), or any other name, which is sent to the endpoint as the model.
 */
export function resolveAnswerer(model: string, ctx: AnswererContext): Answerer {
  switch (model) {
    case 'random':
      return randomBaseline(ctx.seed, meanAnswers(ctx.items));
    case 'always-first':
      return alwaysFirstBaseline(meanAnswers(ctx.items));
    case 'oracle':
      return oracleBaseline();
    case 'heuristic:center':
      return centerBaseline();
    case 'heuristic:lower-is-closer':
      return shortcutBaseline('lower-is-closer', ctx.scenes);
    case 'heuristic:larger-is-closer':
      return shortcutBaseline('larger-is-closer', ctx.scenes);
    case 'prior:category':
      return priorBaseline('category', ctx.dataDir, ctx.scenes);
    case 'prior:text-only':
      return priorBaseline('text-only', ctx.dataDir, ctx.scenes);
  }
  if (model.startsWith('heuristic:') || model.startsWith('prior:'))
    throw new UserError(
      `--model ${model}: no such baseline; the baselines are ${BASELINES.join(', ')}, text-only:NAME`,
    );
  const textOnly = model.startsWith(TEXT_ONLY_PREFIX);
  const name = textOnly ? model.slice(TEXT_ONLY_PREFIX.length) : model;
  if (!name) throw new UserError(`--model ${model}: name the model after "${TEXT_ONLY_PREFIX}"`);
  if (!ctx.baseUrl)
    throw new UserError(`--model ${model} needs --base-url (the OpenAI-compatible endpoint serving it)`);
  return endpointAnswerer({
    baseUrl: ctx.baseUrl,
    model: name,
    apiKey: ctx.apiKey,
    temperature: ctx.temperature,
    maxTokens: ctx.maxTokens,
    timeoutMs: ctx.timeoutMs,
    retry: ctx.retry,
    seed: ctx.seed,
    sendsImages: !textOnly,
  });
}
