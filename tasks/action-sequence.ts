import { routes } from './route-plan';
import { pickUnguessable } from './selection';
import { forwardStep, TURN_STEPS } from './structured';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `action_sequence` (SAT's action sequences, VSI-Bench's route plans written out), over a
 * walkthrough's video: the steps that take one from object A, facing object B, by way of W to Z,
 * walking straight from object to object — a turn, the walk to W in half metres, a turn, the walk
 * to Z — as a JSON list. The same routes as `route_plan` (every turn unambiguous); scored as an
 * exact match and by edit distance over the steps (a walk within 0.5 m counts as the same step).
 */

const MAX_ITEMS = 1;

const PARAPHRASES: Paraphrases = [
  'You stand at {a}, facing {b}. Walking straight from object to object, go to {w} and then to {z}. List the steps as JSON, using only "turn left", "turn right", "turn back" and "go forward N m" (N in half metres), e.g. ["turn left", "go forward 2.0 m", ...].',
  'Starting at {a} and looking towards {b}, which steps take you to {z} by way of {w}, going straight between them? Answer with a JSON list of steps, each "turn left", "turn right", "turn back" or "go forward N m" with N rounded to half a metre.',
];

export const actionSequence: Task = {
  name: 'action_sequence',
  kind: 'dynamic',
  capabilities: ['egocentric_motion', 'spatial_relation'],
  level: 'planning',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { scene, view, rng } = ctx;
    const picked = pickUnguessable(
      rng,
      routes(ctx),
      MAX_ITEMS,
      () => '',
      (c) => c.turns[0],
      TURN_STEPS,
      (c) => `${c.a}-${c.z}`,
    );
    return picked.map((c) => ({
      question: say(rng, PARAPHRASES, {
        a: view.name(c.a),
        b: view.name(c.b),
        w: view.name(c.w),
        z: view.name(c.z),
      }),
      choices: null,
      answer: [c.turns[0], forwardStep(c.legs[0]), c.turns[1], forwardStep(c.legs[1])],
      answer_type: 'sequence',
      unit: null,
      frames: scene.frames.map((f) => f.index),
      targets: [c.a, c.b, c.w, c.z],
      answer_object: null,
    }));
  },
};
