import { Rng } from '../sim/rng';
import { hasPrior, Prior, type PriorKind, priorRow } from '../tasks/priors';
import type { SceneFactsCache } from '../tasks/scene-facts';
import { letter, type QaItem } from '../tasks/schema';
import { type Shortcut, shortcutPick } from '../tasks/shortcuts';
import type { Answerer, AnswerOutcome, AnswerRequest } from './answerer';
import { trainItems } from './dataset';
import { centerReply, oracleReply, randomReply } from './structured-baselines';

/**
 * Baselines that answer without a model, so a report shows chance and the far-looks-up shortcut
 * beside real models. They reply with text ("B", "2.4") that goes through the same extraction and
 * scoring as a model's reply.
 */

export const BASELINES = [
  'random',
  'always-first',
  'oracle',
  'heuristic:center',
  'heuristic:lower-is-closer',
  'heuristic:larger-is-closer',
  'prior:category',
  'prior:text-only',
] as const;

/**
 * The numeric answer of the chance baselines: the mean ground truth of the item's task and unit over
 * the questions asked (VSI-Bench's "chance level (frequency)" for numbers).
 */
export function meanAnswers(items: readonly QaItem[]): Record<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const q of items) {
    if (typeof q.answer !== 'number') continue;
    const s = sums.get(numericKey(q)) ?? { sum: 0, n: 0 };
    s.sum += q.answer;
    s.n++;
    sums.set(numericKey(q), s);
  }
  return Object.fromEntries([...sums].map(([k, s]) => [k, s.sum / s.n]));
}

const numericKey = (q: QaItem) => `${q.task}/${q.unit}`;

/**
 * Uniform over the presented options; numbers: the mean answer; structured answers: uniform cells,
 * boxes, points and steps (structured-baselines.ts). The draw is seeded by the prompt, so that
 * identical prompts (the twins' shared question, when asked without images) get one answer, as
 * they share one cache key.
 */
export function randomBaseline(seed: number, means: Record<string, number>): Answerer {
  const rng = Rng.root(seed).fork('random-baseline');
  return localBaseline('random', { seed, means }, means, {
    choose: (req) => letter(rng.fork(req.prompt.text).int(0, req.prompt.choices!.length - 1)),
    structured: (req) => randomReply(req.item, rng.fork(req.prompt.text)),
  });
}

/** Always the first option; numbers: the mean answer. */
export function alwaysFirstBaseline(means: Record<string, number>): Answerer {
  return localBaseline('always-first', { means }, means, { choose: () => 'A' });
}

/** Structured answers only: everything in the middle of the room, the image or the route. */
export function centerBaseline(): Answerer {
  return localBaseline('heuristic:center', {}, {}, { structured: (req) => centerReply(req.item) });
}

/** The ground truth, written as a model would: must score 1.0 everywhere (a check of the scorer). */
export function oracleBaseline(): Answerer {
  return localBaseline(
    'oracle',
    {},
    {},
    {
      byImages: true,
      choose: (req) => req.prompt.answer!,
      number: (req) => String(req.item.answer),
      structured: (req) => oracleReply(req.item),
    },
  );
}

/** How a local baseline answers each kind of question; a kind it lacks it does not answer. */
interface Replies {
  /**
   * Whether its cache keys include the images: the oracle's answer depends on the item, and two
   * items with one question text (text twins asked without images) may differ in answer.
   */
  byImages?: boolean;
  choose?: (req: AnswerRequest) => string;
  number?: (req: AnswerRequest) => string;
  structured?: (req: AnswerRequest) => string;
}

function localBaseline(
  name: string,
  identity: Record<string, unknown>,
  means: Record<string, number>,
  replies: Replies,
): Answerer {
  const number =
    replies.number ??
    (replies.choose ? (req: AnswerRequest) => String(means[numericKey(req.item)]) : undefined);
  const replyOf = (item: QaItem) =>
    item.answer_type === 'number' ? number : item.choices ? replies.choose : replies.structured;
  return {
    name: name.replace(':', '-'),
    identity: { baseline: name, ...identity },
    sendsImages: replies.byImages ?? false,
    supports: (item) => replyOf(item) !== undefined,
    async answer(req) {
      const content = replyOf(req.item)!(req);
      return { ok: true, content, raw: { baseline: name }, usage: null, attempts: 1, latencyMs: 0 };
    },
  };
}

/**
 * An image shortcut on depth_order (tasks/shortcuts.ts) as a baseline: answers the option whose
 * object sits lowest in the image (lower-is-closer: right on consistent twins, wrong on counter
 * twins by construction), or has the most visible pixels (larger-is-closer).
 */
export function shortcutBaseline(shortcut: Shortcut, scenes: SceneFactsCache): Answerer {
  const name = `heuristic:${shortcut}`;
  return {
    name: `heuristic-${shortcut}`,
    identity: { baseline: name },
    // The image names the frame in the cache key; its annotations are read from scene.json.
    sendsImages: true,
    supports: (item) => item.task === 'depth_order' && item.choices !== null,
    async answer(req): Promise<AnswerOutcome> {
      const scene = await scenes.get(req.item.scene);
      const pick = shortcutPick(shortcut, req.prompt.choices!, req.item.images[0], scene);
      // No option found in the image (or an option that names no object): no answer, scored wrong.
      const content = pick === null ? '' : letter(pick);
      return { ok: true, content, raw: { baseline: name, pick }, usage: null, attempts: 1, latencyMs: 0 };
    },
  };
}

/**
 * A guesser that never sees the images (tasks/priors.ts), learned from the dataset's train split
 * before the first answer: the category prior ("prior:category") or the text-only prior
 * ("prior:text-only"). Choices: the option it prefers among those presented; numbers: its
 * typical value.
 */
export function priorBaseline(kind: PriorKind, dataDir: string, scenes: SceneFactsCache): Answerer {
  const name = `prior:${kind}`;
  let learned: Promise<Prior> | null = null;
  const learn = async () => {
    const prior = new Prior(kind, []);
    for await (const item of trainItems(dataDir))
      if (hasPrior(item)) prior.learn(priorRow(item, await scenes.get(item.scene)));
    return prior;
  };
  return {
    name: `prior-${kind}`,
    identity: { baseline: name },
    sendsImages: false,
    supports: hasPrior,
    async answer(req): Promise<AnswerOutcome> {
      learned ??= learn();
      const prior = await learned;
      const scene = await scenes.get(req.item.scene);
      const guess = prior.guess(priorRow({ ...req.item, choices: req.prompt.choices }, scene));
      const content = 'option' in guess ? letter(guess.option) : String(guess.value);
      return { ok: true, content, raw: { baseline: name, guess }, usage: null, attempts: 1, latencyMs: 0 };
    },
  };
}
