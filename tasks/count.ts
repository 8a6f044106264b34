import type { Frame } from '../sim/schema';
import { numberAnswer } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';
import { confusableWith, plural } from './vocabulary';

/**
 * `count`: how many objects of a category are in the image — or in the room a walkthrough shows,
 * or in a multi-view set, each object once however many frames show it. Counted means visible_px ≥ T,
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

const PARAPHRASES = {
  image: [
    'How many {things} are there in the image?',
    'How many {things} can you see in this picture?',
    'Count the {things} visible in the image. How many are there?',
    'What is the number of {things} shown in this image?',
  ],
  video: [
    'How many {things} are there in this room?',
    'Over the whole video, how many {things} do you see? Count each one once.',
    'How many {things} does the room shown in this video contain?',
  ],
  views: [
    'How many {things} are there in total across these images? Count each one once, even if it appears in several images.',
    'These images show one room from different views. How many {things} does it contain, counting each only once?',
    'Counting every object once however many images show it, how many {things} are there?',
  ],
} satisfies Record<string, Paraphrases>;

interface Candidate {
  frames: readonly Frame[];
  category: string;
  counted: number[];
}

export const count: Task = {
  name: 'count',
  kind: 'static',
  capabilities: ['counting', 'object_recognition'],
  level: 'perception',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const { scene } = ctx;
    const present = [...new Set(scene.objects.map((o) => o.category))];
    // Over a walkthrough's video or a multi-view set, each object once; else per image.
    const form = scene.kind === 'walkthrough' ? 'video' : scene.kind === 'multiview' ? 'views' : 'image';
    const sets = form === 'image' ? view.askFrames(rng).map((f) => [f]) : [scene.frames];
    const candidates: Candidate[] = [];
    for (const frames of sets) {
      for (const category of present) {
        const counted = countIn(ctx, frames, category);
        if (!counted?.length || !rng.bool(KEEP[counted.length] ?? 1)) continue;
        // Across views, some object is in two of them: adding up the views' counts would be wrong.
        if (form === 'views' && !counted.some((id) => frames.filter((f) => view.isClear(f, id)).length > 1))
          continue;
        candidates.push({ frames, category, counted });
      }
    }
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => c.category).map((c) => ({
      question: say(rng, PARAPHRASES[form], { things: plural(c.category) }),
      ...numberAnswer(c.counted.length, 'count'),
      frames: c.frames.map((f) => f.index),
      targets: c.counted,
      answer_object: null,
    }));
  },
};

/**
 * The ids counted over some frames (each object once), or null when the count would hinge on a
 * borderline or confusable object: one of the category seen at all but clear in none of them, or
 * one of a confusable category seen at all.
 */
function countIn(
  { scene, view, config }: TaskContext,
  frames: readonly Frame[],
  category: string,
): number[] | null {
  const t = config.tasks;
  const confusable = confusableWith(category);
  const counted: number[] = [];
  for (const o of scene.objects) {
    const seen = frames.filter((f) => view.annotation(f, o.id).visible_px > 0);
    if (!seen.length) continue;
    if (confusable.has(o.category)) return null;
    if (o.category !== category) continue;
    const clearIn = (f: Frame) => {
      const a = view.annotation(f, o.id);
      return (
        a.visible_px >= PX_MARGIN * t.count_min_px &&
        a.visible_px >= (t.count_min_fraction + FRACTION_MARGIN) * a.in_frame_px &&
        view.inFrame(f, o.id) >= t.min_in_frame_fraction
      );
    };
    // In one image every part of it that shows must be clear; over several, one clear view is enough.
    if (frames.length === 1 ? !clearIn(frames[0]) : !seen.some(clearIn)) return null;
    counted.push(o.id);
  }
  return counted;
}
