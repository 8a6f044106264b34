import { objectChoices } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `correspondence`, over a multi-view set: which of these objects appears in both image i and
 * image j? The right one is clearly visible in both; each wrong one is clearly visible in one of
 * the two and shows no pixel at all in the other, so only matching the views tells them apart.
 */

const MAX_ITEMS = 2;

const PARAPHRASES: Paraphrases = [
  'Which of these objects can be seen in both image {i} and image {j}?',
  'Image {i} and image {j} show the same room from different places. Which of these objects appears in both?',
  'Which object is visible in image {i} and also in image {j}?',
];

export const correspondence: Task = {
  name: 'correspondence',
  kind: 'static',
  capabilities: ['object_recognition', 'mental_transformation'],
  level: 'understanding',
  text: false,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'multiview') return [];
    const frames = scene.frames;
    const candidates = frames.flatMap((fi, i) =>
      frames.slice(i + 1).flatMap((fj, d) => {
        const j = i + 1 + d;
        const clear = (f: typeof fi) => new Set(view.clearIds(f));
        const [ci, cj] = [clear(fi), clear(fj)];
        const absent = (f: typeof fi, id: number) => view.annotation(f, id).visible_px === 0;
        const both = [...ci].filter((id) => cj.has(id));
        const onlyOne = [
          ...[...ci].filter((id) => absent(fj, id)),
          ...[...cj].filter((id) => absent(fi, id)),
        ];
        if (onlyOne.length < 2) return [];
        return both.map((answer) => ({ i, j, answer, onlyOne }));
      }),
    );
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => `${c.i}-${c.j}`).map((c) => {
      const wrong = rng.shuffle(c.onlyOne).slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.answer, wrong);
      return {
        question: say(rng, PARAPHRASES, { i: c.i + 1, j: c.j + 1 }),
        ...parts,
        frames: frames.map((f) => f.index),
        targets: ids,
        answer_object: c.answer,
      };
    });
  },
};
