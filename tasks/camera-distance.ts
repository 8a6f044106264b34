import { distance } from '../sim/geometry';
import { quantityAnswer } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/** `camera_distance`: metres from the camera centre to an object's box centre (Euclidean). */

const MAX_ITEMS = 2;
const MIN_VALUE = 0.5;

const PARAPHRASES: Paraphrases = [
  'How far is {a} from the camera, in metres (to its centre)?',
  'What is the distance from the camera to the centre of {a}, in metres?',
  'How many metres away from the camera is the centre of {a}?',
];

export const cameraDistance: Task = {
  name: 'camera_distance',
  kind: 'static',
  capabilities: ['distance', 'localization'],
  level: 'understanding',
  text: true,
  generate({ view, rng }: TaskContext): Draft[] {
    const candidates = view.askFrames(rng).flatMap((frame) =>
      view.clearIds(frame).map((id) => ({
        frame,
        id,
        value: distance(view.camera(frame).center, view.pose(frame, id).position),
      })),
    );
    const usable = candidates.filter((c) => c.value >= MIN_VALUE);
    return pickDistinct(rng, usable, MAX_ITEMS, (c) => String(c.id)).map((c) => ({
      question: say(rng, PARAPHRASES, { a: view.name(c.id) }),
      // Distractors: other objects' distances from the cameras asked about.
      ...quantityAnswer(
        rng,
        c.value,
        'm',
        usable.filter((o) => o.id !== c.id).map((o) => o.value),
      ),
      frames: [c.frame.index],
      targets: [c.id],
      answer_object: null,
    }));
  },
};
