import { categoryOf, loadCatalog } from '../sim/catalog';
import { fitSize, sampleSize } from '../sim/objects';
import type { Rng } from '../sim/rng';
import type { AnswerParts } from './answers';
import { formatQuantity, roundAnswer } from './numbers';
import { letter } from './schema';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `size`: the longest side of an object's box (its width, height or depth), in centimetres, as
 * 3–4 options. The wrong options are other instances of the same category and style, drawn the
 * way the simulator draws sizes (in a room of the same height), so the right option and the wrong
 * ones are exchangeable: knowing what size mugs or tables usually are (the category prior) picks
 * the right one by chance only; the image must tell. Options differ by ≥ 12% from each other and
 * are shown in ascending order, the right one at a uniformly drawn place among them.
 */

const MAX_ITEMS = 2;
/** Options closer than this ratio would differ by a few centimetres: not told apart by eye. */
const MIN_RATIO = 1.12;
const DRAWS = 400;

const PARAPHRASES: Paraphrases = [
  'How long is the longest side of {a}, in centimetres?',
  'What is the largest dimension (length, width or height) of {a}, in centimetres?',
  'Measured along its longest side, how big is {a} in centimetres?',
];

export const size: Task = {
  name: 'size',
  kind: 'static',
  capabilities: ['size'],
  level: 'perception',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const candidates = view.scopes(rng).flatMap(({ frames, ids }) => ids.map((id) => ({ frames, id })));
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.id)).flatMap((c) => {
      const answer = sizeOptions(ctx, c.id, rng.fork('options', c.id));
      if (!answer) return [];
      return [
        {
          question: say(rng, PARAPHRASES, { a: view.name(c.id) }),
          ...answer,
          frames: c.frames.map((f) => f.index),
          targets: [c.id],
          answer_object: null,
        },
      ];
    });
  },
};

/**
 * The truth among 2–3 sizes of other instances of its category and style. The whole set of wrong
 * options is redrawn until every option is MIN_RATIO apart from every other, a rule symmetric in
 * all options, so none is marked out as the real one.
 */
function sizeOptions({ view, scene }: TaskContext, id: number, rng: Rng): AnswerParts | null {
  const o = view.object(id);
  const category = categoryOf(loadCatalog(), o.category);
  const variant = category.variants.find((v) => v.name === o.style);
  if (!variant) return null;
  const longest = (s: readonly number[]) => roundAnswer(Math.max(...s) * 100, 'cm');
  const truth = longest(o.size);
  const count = rng.int(3, 4);
  // The truth's place among the options is drawn first: objects that are asked about (placed,
  // clearly visible) run larger than the category's draws, and would otherwise rarely be the smallest.
  const rank = rng.int(0, count - 1);
  for (let d = 0; d < DRAWS; d++) {
    const values = [truth];
    for (let k = 1; k < count; k++)
      values.push(longest(fitSize(scene.room.size[1], category, sampleSize(category, variant, rng))));
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.indexOf(truth) === rank && sorted.every((v, k) => k === 0 || v >= MIN_RATIO * sorted[k - 1]))
      return { choices: sorted.map((v) => formatQuantity(v, 'cm')), answer: letter(rank), unit: null };
  }
  return null;
}
