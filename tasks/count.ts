import type { Frame } from '../sim/schema';
import { numberAnswer } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';
import { confusableWith, plural } from './vocabulary';

/**
 * `count`: how many objects of a category are in the image. Counted means visible_px ≥ T,
 * visible_px / in_frame_px ≥ F (config.tasks.count_min_px, count_min_fraction: not hidden) and at
 * least min_in_frame_fraction of it inside the image (not cut by the border); the item is dropped
 * when any object of the category is visible at all but not comfortably above all three, or when
 * an object of a category one might lump with it is in view.
 */

const MAX_ITEMS = 3;
/** "Comfortably above": 25% more pixels than T and 0.1 more visible fraction than F. */
const PX_MARGIN = 1.25;
const FRACTION_MARGIN = 0.1;
/**
 * Share of candidates kept by answer: most categories occur once in a room, so without thinning the
 * answers would be mostly 1. No count is 0: Mean Relative Accuracy has no meaning for a ground
 * truth of 0, so such questions are never asked (DESIGN.md).
 */
const KEEP: Record<number, number> = { 1: 0.15 };

const PARAPHRASES: Paraphrases = [
  'How many {things} are there in the image?',
  'How many {things} can you see in this picture?',
  'Count the {things} visible in the image. How many are there?',
  'What is the number of {things} shown in this image?',
];

interface Candidate {
  frame: Frame;
  category: string;
  counted: number[];
}

export const count: Task = {
  name: 'count',
  kind: 'static',
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const present = [...new Set(ctx.scene.objects.map((o) => o.category))];
    const candidates: Candidate[] = [];
    for (const frame of view.askFrames(rng)) {
      for (const category of present) {
        const counted = countIn(ctx, frame, category);
        if (counted?.length && rng.bool(KEEP[counted.length] ?? 1))
          candidates.push({ frame, category, counted });
      }
    }
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => c.category).map((c) => ({
      question: say(rng, PARAPHRASES, { things: plural(c.category) }),
      ...numberAnswer(c.counted.length, 'count'),
      frames: [c.frame.index],
      targets: c.counted,
      answer_object: null,
    }));
  },
};

/** The ids counted, or null when the count would hinge on a borderline or confusable object. */
function countIn({ scene, view, config }: TaskContext, frame: Frame, category: string): number[] | null {
  const t = config.tasks;
  const confusable = confusableWith(category);
  const counted: number[] = [];
  for (const o of scene.objects) {
    const a = view.annotation(frame, o.id);
    if (a.visible_px === 0) continue;
    if (confusable.has(o.category)) return null;
    if (o.category !== category) continue;
    const clear =
      a.visible_px >= PX_MARGIN * t.count_min_px &&
      a.visible_px >= (t.count_min_fraction + FRACTION_MARGIN) * a.in_frame_px &&
      view.inFrame(frame, o.id) >= t.min_in_frame_fraction;
    if (!clear) return null;
    counted.push(o.id);
  }
  return counted;
}
