import { distance as between } from '../sim/geometry';
import type { Frame } from '../sim/schema';
import { quantityAnswer } from './answers';
import type { Measure } from './schema';
import { pickBalanced } from './selection';
import { boxGap } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `distance`: metres between two objects seen in one image, either between their box centres
 * (measure "centre", 3D) or across the gap between their boxes (measure "surface": the shortest
 * distance between the two boxes, which bound the objects). Pairs closer than 0.5 m centre to
 * centre, or 0.3 m across the gap, are not asked about: there the wording, not the scene, decides.
 * Asked about one image, or about a walkthrough's video (VSI-Bench's "absolute distance").
 */

const MAX_ITEMS = 3;
const MIN_VALUE: Record<Measure, number> = { centre: 0.5, surface: 0.3 };
const MEASURES: readonly Measure[] = ['centre', 'surface'];

const PARAPHRASES: Record<Measure, Paraphrases> = {
  centre: [
    'What is the distance between the centres of {a} and {b}, in metres?',
    'How far apart are {a} and {b}, measured from centre to centre?',
    'Measured from centre to centre, how far is {a} from {b} in metres?',
  ],
  surface: [
    'How wide is the gap between {a} and {b}, that is, the shortest distance between them, in metres?',
    'What is the shortest distance between {a} and {b}, from the nearest points of each, in metres?',
    'Measured between their closest points, how far is {a} from {b} in metres?',
  ],
};

interface Candidate {
  frames: readonly Frame[];
  a: number;
  b: number;
  measure: Measure;
  value: number;
}

export const distance: Task = {
  name: 'distance',
  kind: 'static',
  capabilities: ['distance'],
  level: 'understanding',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const candidates: Candidate[] = [];
    for (const { frames, ids } of view.scopes(rng)) {
      const frame = frames[0];
      for (const a of ids)
        for (const b of ids) {
          if (b <= a) continue;
          const [ba, bb] = [view.box(frame, a), view.box(frame, b)];
          const values: Record<Measure, number> = {
            centre: between(ba.position, bb.position),
            surface: boxGap(ba, bb),
          };
          for (const measure of MEASURES)
            if (values[measure] >= MIN_VALUE[measure])
              candidates.push({ frames, a, b, measure, value: values[measure] });
        }
    }
    const picked = pickBalanced(
      rng,
      candidates,
      MAX_ITEMS,
      (c) => c.measure,
      MEASURES,
      (c) => `${c.a}-${c.b}`,
    );
    return picked.map((c) => {
      const [x, y] = rng.bool() ? [c.a, c.b] : [c.b, c.a];
      return {
        question: say(rng, PARAPHRASES[c.measure], { a: view.name(x), b: view.name(y) }),
        // Distractors: the same measure between other pairs of the scene.
        ...quantityAnswer(
          rng,
          c.value,
          'm',
          candidates.filter((o) => o.measure === c.measure && o !== c).map((o) => o.value),
        ),
        frames: c.frames.map((f) => f.index),
        targets: [x, y],
        answer_object: null,
        measure: c.measure,
      };
    });
  },
};
