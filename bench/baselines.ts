import { Rng } from '../sim/rng';
import { letter, type QaItem } from '../tasks/schema';
import type { Answerer, AnswerOutcome, AnswerRequest } from './answerer';
import { segPathOf } from './dataset';
import { readMask } from './images';
import type { SceneFactsCache } from './scene-facts';

/**
 * Baselines that answer without a model, so a report shows chance and the far-looks-up shortcut
 * beside real models. They reply with text ("B", "2.4") that goes through the same extraction and
 * scoring as a model's reply.
 */

export const BASELINES = ['random', 'always-first', 'heuristic:lower-is-closer'] as const;

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
 * The far-looks-up shortcut as a baseline: for depth_order, finds each named object in the first
 * image's seg mask and answers the one whose pixels sit lowest in the image (largest mean row).
 * Right on consistent twins, wrong on counter twins by construction.
 */
export function lowerIsCloserBaseline(dataDir: string, scenes: SceneFactsCache): Answerer {
  const name = 'heuristic:lower-is-closer';
  return {
    name: 'heuristic-lower-is-closer',
    identity: { baseline: name },
    // The rgb image identifies the frame in the cache key; its seg mask is read alongside.
    sendsImages: true,
    supports: (item) => item.task === 'depth_order' && item.choices !== null,
    async answer(req): Promise<AnswerOutcome> {
      const scene = await scenes.get(req.item.scene);
      const mask = await readMask(dataDir, segPathOf(req.prompt.images[0]));
      const ids = req.prompt.choices!.map((text) => scene.objects.find((o) => o.name === text)?.id ?? null);
      const rows = meanRows(mask.ids, mask.width, ids);
      const best = rows.reduce<number | null>(
        (b, r, i) => (r !== null && (b === null || r > rows[b]!) ? i : b),
        null,
      );
      // No option found in the mask (or an option that names no object): no answer, scored wrong.
      const content = best === null ? '' : letter(best);
      return {
        ok: true,
        content,
        raw: { baseline: name, ids, mean_rows: rows },
        usage: null,
        attempts: 1,
        latencyMs: 0,
      };
    },
  };
}

/** Mean pixel row of each id in the mask (null when absent), in one pass over the pixels. */
function meanRows(
  mask: Uint8Array | Uint16Array,
  width: number,
  ids: readonly (number | null)[],
): (number | null)[] {
  const sum = new Map<number, { rows: number; n: number }>();
  for (const id of ids) if (id !== null) sum.set(id, { rows: 0, n: 0 });
  for (let p = 0; p < mask.length; p++) {
    const s = sum.get(mask[p]);
    if (!s) continue;
    s.rows += Math.floor(p / width) + 0.5;
    s.n++;
  }
  return ids.map((id) => {
    const s = id === null ? undefined : sum.get(id);
    return s && s.n > 0 ? s.rows / s.n : null;
  });
}
