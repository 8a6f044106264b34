import { distance } from '../sim/geometry';
import { objectChoices } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `num2space` (SpaceNum's Num2Space: from a number to the scene): which object is about d metres
 * from X, centre to centre? d is the right one's distance to 0.1 m; every other option's distance
 * differs from d by ≥ 0.5 m and ≥ 35% of d, so only the stated distance picks the answer.
 */

const MAX_ITEMS = 2;
const MIN_OFF = 0.5;
const MIN_SHARE = 0.35;
const MIN_DISTANCE = 0.8;

const PARAPHRASES: Paraphrases = [
  'Which of these objects is about {d} m from {x}, measured centre to centre?',
  'Centre to centre, which object stands roughly {d} metres away from {x}?',
  'Which of these is about {d} m away from {x} (between their centres)?',
];

export const num2space: Task = {
  name: 'num2space',
  kind: 'static',
  capabilities: ['distance', 'localization'],
  level: 'understanding',
  text: true,
  generate({ view, rng }: TaskContext): Draft[] {
    const candidates = view.scopes(rng).flatMap(({ frames, ids }) => {
      const at = (id: number) => view.pose(frames[0], id).position;
      return ids.flatMap((x) =>
        ids
          .filter((y) => y !== x && distance(at(x), at(y)) >= MIN_DISTANCE)
          .flatMap((y) => {
            const d = Math.round(distance(at(x), at(y)) * 10) / 10;
            const far = ids.filter((z) => {
              if (z === x || z === y) return false;
              const off = Math.abs(distance(at(x), at(z)) - d);
              return off >= MIN_OFF && off >= MIN_SHARE * d;
            });
            return far.length >= 2 ? [{ frames, x, y, d, far }] : [];
          }),
      );
    });
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.x)).map((c) => {
      const wrong = rng.shuffle(c.far).slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.y, wrong);
      return {
        question: say(rng, PARAPHRASES, { d: c.d.toFixed(1), x: view.name(c.x) }),
        ...parts,
        frames: c.frames.map((f) => f.index),
        targets: [c.x, ...ids],
        answer_object: c.y,
      };
    });
  },
};
