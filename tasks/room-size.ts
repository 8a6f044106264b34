import { quantityAnswer } from './answers';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `room_size`: the floor area of the room (width × depth), m², asked once per scene over every
 * distinct viewpoint: a twin's low view adds nothing about the room's extent.
 */

const PARAPHRASES: Paraphrases = [
  'What is the floor area of this room, in square metres?',
  'How large is the floor of the room, in square metres?',
  "Estimate the area of the room's floor in square metres.",
];

export const roomSize: Task = {
  name: 'room_size',
  kind: 'static',
  generate({ scene, view, rng }: TaskContext): Draft[] {
    const [w, , d] = scene.room.size;
    const frames =
      scene.kind === 'static'
        ? scene.frames.filter((f) => f.twin === null || f.twin > f.index)
        : scene.motion.camera
          ? [view.firstFrame, view.lastFrame]
          : [view.firstFrame];
    return [
      {
        question: say(rng, PARAPHRASES),
        ...quantityAnswer(rng, w * d, 'm2', { min: 3, max: 150 }),
        frames: frames.map((f) => f.index),
        targets: [],
        answer_object: null,
      },
    ];
  },
};
