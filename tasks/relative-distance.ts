import { objectChoices } from './answers';
import { pickDistinct } from './selection';
import { boxGap } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `relative_distance`: which of 3–4 objects is closest to X, measured between the nearest points
 * of their boxes (VSI-Bench's relative distance), in one image or over a walkthrough's video. The
 * right one is clearly closest: every other option's gap to X is ≥ 1.3× its gap and ≥ 0.3 m more.
 * Wrong options of the right one's category come first, so that "chairs stand by tables" picks
 * among chairs only.
 */

const MAX_ITEMS = 2;
const RATIO = 1.3;
const MARGIN = 0.3;

const PARAPHRASES: Paraphrases = [
  'Measuring from the closest point of each object, which of these is closest to {x}?',
  'Which of these objects is nearest to {x}, counting from their closest points?',
  'Of these objects, which one has the smallest gap to {x}?',
];

export const relativeDistance: Task = {
  name: 'relative_distance',
  kind: 'static',
  capabilities: ['distance', 'spatial_relation'],
  level: 'understanding',
  text: true,
  generate({ view, rng }: TaskContext): Draft[] {
    const candidates = view.scopes(rng).flatMap(({ frames, ids }) => {
      const frame = frames[0];
      return ids.flatMap((x) => {
        const gaps = ids
          .filter((id) => id !== x)
          .map((id) => ({ id, gap: boxGap(view.box(frame, x), view.box(frame, id)) }))
          .sort((a, b) => a.gap - b.gap);
        if (gaps.length < 3) return [];
        const [best, ...rest] = gaps;
        const far = rest.filter((g) => g.gap >= RATIO * best.gap && g.gap >= best.gap + MARGIN);
        if (far.length < 2) return [];
        const category = view.object(best.id).category;
        const others = rng
          .shuffle(far.map((g) => g.id))
          .sort(
            (a, b) =>
              Number(view.object(b).category === category) - Number(view.object(a).category === category),
          );
        return [{ frames, x, answer: best.id, others }];
      });
    });
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.x)).map((c) => {
      const wrong = c.others.slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.answer, wrong);
      return {
        question: say(rng, PARAPHRASES, { x: view.name(c.x) }),
        ...parts,
        frames: c.frames.map((f) => f.index),
        targets: [c.x, ...ids],
        answer_object: c.answer,
      };
    });
  },
};
