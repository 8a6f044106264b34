import { distance } from '../sim/geometry';
import { objectChoices } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `num2space` (SpaceNum's Num2Space: from a number to the scene): which object is about d metres
 * from X, centre to centre? d is the right one's distance to 0.1 m; every other option's distance
 * differs from d by ≥ 0.5 m and ≥ 35% of d, so only the stated distance picks the answer. The
 * 3–4 options are chosen apart from each other first and the answer drawn among them, so the
 * names alone never point to it.
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
      const from = (x: number) => (id: number) =>
        distance(view.pose(frames[0], x).position, view.pose(frames[0], id).position);
      return ids.flatMap((x) => {
        const dist = from(x);
        // Told apart by the stated distance whichever of the two is the answer.
        const apart = (a: number, b: number) =>
          [
            [a, b],
            [b, a],
          ].every(([p, q]) => {
            const d = Math.round(dist(p) * 10) / 10;
            const off = Math.abs(dist(q) - d);
            return off >= MIN_OFF && off >= MIN_SHARE * d;
          });
        const options: number[] = [];
        const want = rng.int(3, 4);
        for (const y of rng.shuffle(ids.filter((id) => id !== x && dist(id) >= MIN_DISTANCE)))
          if (options.length < want && options.every((o) => apart(o, y))) options.push(y);
        return options.length >= 3 ? [{ frames, x, options, dist }] : [];
      });
    });
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.x)).map((c) => {
      // The options first, then the answer among them by lot: which object is the answer says
      // nothing its name could give away (a nightstand is not more often the answer beside a bed).
      const y = rng.pick(c.options);
      const { ids, ...parts } = objectChoices(
        rng,
        (id) => view.name(id),
        y,
        c.options.filter((o) => o !== y),
      );
      return {
        question: say(rng, PARAPHRASES, {
          d: (Math.round(c.dist(y) * 10) / 10).toFixed(1),
          x: view.name(c.x),
        }),
        ...parts,
        frames: c.frames.map((f) => f.index),
        targets: [c.x, ...ids],
        answer_object: y,
      };
    });
  },
};
