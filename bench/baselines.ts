import { Rng } from '../sim/rng';
import { Prior, type PriorKind, priorRow } from '../tasks/priors';
import { letter, type QaItem } from '../tasks/schema';
import { type Shortcut, shortcutPick } from '../tasks/shortcuts';
import type { Answerer, AnswerOutcome, AnswerRequest } from './answerer';
import { trainItems } from './dataset';
import type { SceneFactsCache } from './scene-facts';

/**
 * Baselines that answer without a model, so a report shows chance and the far-looks-up shortcut
 * beside real models. They reply with text ("B", "2.4") that goes through the same extraction and
 * scoring as a model's reply.
 */

export const BASELINES = [
  'random',
  'always-first',
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
 * Uniform over the presented options; numbers: the mean answer. The draw is seeded by the prompt, so
 * that identical prompts (the twins' shared question, when asked without images) get one answer,
 * as they share one cache key.
 */
export function randomBaseline(seed: number, means: Record<string, number>): Answerer {
  const rng = Rng.root(seed).fork('random-baseline');
  return localBaseline('random', { seed, means }, means, (req) => {
    const n = req.prompt.choices!.length;
    return letter(rng.fork(req.prompt.text).int(0, n - 1));
  });
}

/** Always the first option; numbers: the mean answer. */
export function alwaysFirstBaseline(means: Record<string, number>): Answerer {
  return localBaseline('always-first', { means }, means, () => 'A');
}

function localBaseline(
  name: string,
  identity: Record<string, unknown>,
  means: Record<string, number>,
  choose: (req: AnswerRequest) => string,
): Answerer {
  return {
    name,
    identity: { baseline: name, ...identity },
    sendsImages: false,
    supports: () => true,
    async answer(req) {
      const content = req.prompt.choices ? choose(req) : String(means[numericKey(req.item)]);
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
    for await (const item of trainItems(dataDir)) prior.learn(priorRow(item, await scenes.get(item.scene)));
    return prior;
  };
  return {
    name: `prior-${kind}`,
    identity: { baseline: name },
    sendsImages: false,
    supports: () => true,
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
