import { quantityAnswer } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/** `size`: the longest side of an object's box (its width, height or depth), in centimetres. */

const MAX_ITEMS = 2;

const PARAPHRASES: Paraphrases = [
  'How long is the longest side of {a}, in centimetres?',
  'What is the largest dimension (length, width or height) of {a}, in centimetres?',
  'Measured along its longest side, how big is {a} in centimetres?',
];

export const size: Task = {
  name: 'size',
  kind: 'static',
  generate({ view, rng }: TaskContext): Draft[] {
    const candidates = view.stillFrames.flatMap((frame) => view.clearIds(frame).map((id) => ({ frame, id })));
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.id)).map((c) => ({
      question: say(rng, PARAPHRASES, { a: view.name(c.id) }),
      ...quantityAnswer(rng, Math.max(...view.object(c.id).size) * 100, 'cm', { min: 3, max: 400 }),
      frames: [c.frame.index],
      targets: [c.id],
      answer_object: null,
    }));
  },
};
