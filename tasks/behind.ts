import { objectChoices } from './answers';
import { toRadians } from './numbers';
import { pickDistinct } from './selection';
import { bearing } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `behind`, over a multi-view set: standing where image i was taken and facing the same way,
 * which of these objects is behind you? The right one is clearly visible in another image and
 * lies ≥ 150° from image i's heading (on the floor plan); each wrong one is clearly visible in
 * some image and lies within 60° of that heading, in front. Only putting the views together
 * answers it.
 */

const MAX_ITEMS = 2;
const BEHIND = toRadians(150);
const AHEAD = toRadians(60);

const PARAPHRASES: Paraphrases = [
  'Standing where image {i} was taken and facing the same way, which of these objects is behind you?',
  'Imagine you are the camera of image {i}. Which of these objects is behind you?',
  'Which of these objects is behind the camera that took image {i}?',
];

export const behind: Task = {
  name: 'behind',
  kind: 'static',
  capabilities: ['perspective_taking', 'memory'],
  level: 'reasoning',
  text: true,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'multiview') return [];
    const frames = scene.frames;
    const frame = frames[0];
    const seenIn = (id: number) => frames.filter((f) => view.isClear(f, id)).map((f) => f.index);
    const candidates = frames.flatMap((fi, i) => {
      const camera = view.camera(fi);
      const angle = (id: number) => Math.abs(bearing(camera, view.pose(frame, id).position));
      const seen = view.scene.objects.map((o) => o.id).filter((id) => seenIn(id).length);
      const back = seen.filter((id) => angle(id) >= BEHIND && seenIn(id).some((k) => k !== fi.index));
      const ahead = seen.filter((id) => angle(id) <= AHEAD);
      if (ahead.length < 2) return [];
      return back.map((answer) => ({ i, answer, ahead }));
    });
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.i)).map((c) => {
      const wrong = rng.shuffle(c.ahead).slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.answer, wrong);
      return {
        question: say(rng, PARAPHRASES, { i: c.i + 1 }),
        ...parts,
        frames: frames.map((f) => f.index),
        targets: ids,
        answer_object: c.answer,
      };
    });
  },
};
