import type { Frame } from '../sim/schema';
import { shuffledChoices } from './answers';
import { pickDisjoint, pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `appearance_order`, over the frames of a moving camera (a short path or a walkthrough): in which
 * order objects first come into view. An object appears in the first frame where it is clearly
 * visible, and only objects with no visible pixel at all in every earlier frame are asked about,
 * so no sliver leaves the order open; first appearances are ≥ 1 s apart. Asked as "which appears
 * first, X or Y?" or as the order of three objects (4 orderings offered).
 */

/** One per walk: a walk has many other questions, and the dynamic items stay spread over tasks. */
const MAX_ITEMS = 1;

const PARAPHRASES = {
  two: [
    'Which of these objects comes into view first in this sequence: {x} or {y}?',
    'Over these frames, which appears earlier: {x} or {y}?',
    'Watching the images in order, which do you see first: {x} or {y}?',
  ],
  three: [
    'In which order do these objects first appear in the sequence?',
    'Going through the frames in order, in what order do these objects come into view?',
    'Which ordering matches when these objects are first seen in the sequence?',
  ],
} satisfies Record<string, Paraphrases>;

interface Appearance {
  id: number;
  /** When it first appears, s. */
  time: number;
}

/** First appearances closer than this are not told apart. */
const MIN_GAP = 1;

export const appearanceOrder: Task = {
  name: 'appearance_order',
  kind: 'dynamic',
  capabilities: ['memory'],
  level: 'understanding',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { scene, view, rng } = ctx;
    if (scene.motion.camera === null) return [];
    const seen: Appearance[] = scene.objects.flatMap((o) => {
      const f = firstClear(ctx, o.id);
      return f === null ? [] : [{ id: o.id, time: f.time }];
    });
    const frames = scene.frames.map((f) => f.index);
    const drafts: Draft[] = [];
    const apart = (a: Appearance, b: Appearance) => Math.abs(a.time - b.time) >= MIN_GAP - 1e-9;
    const triples = combinations(seen, 3).filter(([a, b, c]) => apart(a, b) && apart(b, c) && apart(a, c));
    const pairs = combinations(seen, 2).filter(([a, b]) => apart(a, b));
    const three = rng.bool() ? pickDisjoint(rng, triples, 1, (t) => t.map((a) => a.id)) : [];
    for (const t of three) {
      const order = [...t].sort((a, b) => a.time - b.time).map((a) => a.id);
      const others = rng.shuffle(permutations(order).slice(1)).slice(0, 3);
      const text = (ids: number[]) => ids.map((id) => view.name(id)).join(', then ');
      drafts.push({
        question: say(rng, PARAPHRASES.three),
        ...shuffledChoices(rng, text(order), others.map(text)),
        frames,
        targets: [...order].sort((a, b) => a - b),
        answer_object: null,
      });
    }
    // Few objects come into view during a short path: one may serve in both pairs.
    for (const [a, b] of pickDistinct(
      rng,
      pairs,
      MAX_ITEMS - drafts.length,
      (p) => `${p[0].id}-${p[1].id}`,
    )) {
      const [x, y] = rng.bool() ? [a, b] : [b, a];
      const earlier = a.time < b.time ? a : b;
      const later = earlier === a ? b : a;
      drafts.push({
        question: say(rng, PARAPHRASES.two, { x: view.name(x.id), y: view.name(y.id) }),
        ...shuffledChoices(rng, view.name(earlier.id), [view.name(later.id)]),
        frames,
        targets: [x.id, y.id],
        answer_object: earlier.id,
      });
    }
    return drafts;
  },
};

/** The first frame where the object is clearly visible, if it shows no pixel before it. */
function firstClear({ scene, view }: TaskContext, id: number): Frame | null {
  for (const frame of scene.frames) {
    if (view.isClear(frame, id)) return frame;
    if (view.annotation(frame, id).visible_px > 0) return null;
  }
  return null;
}

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

/** Every ordering of `items`, the given one first. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}
