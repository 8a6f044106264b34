import { headingOf, sub, wrapAngle } from '../sim/geometry';
import type { Vec3 } from '../sim/schema';
import { shuffledChoices } from './answers';
import { toRadians } from './numbers';
import { pickUnguessable } from './selection';
import { TURN_STEPS } from './structured';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `route_plan` (VSI-Bench's route plan), over a walkthrough's video: starting at object A facing
 * object B, the turns that take one via object W to object Z, going straight from object to
 * object: "[turn] and go forward until W, then [turn] and go forward until Z". Each turn is the
 * change of heading at a stop, and must be clearly one of: turn left (60°–120° left), turn right
 * (60°–120° right), turn back (≥ 150° either way); routes with a turn in between are not asked.
 * A, B, W and Z are seen clearly in the video, legs are ≥ 1 m. Four turn sequences are offered.
 */

export type Turn = (typeof TURN_STEPS)[number];
const TURNS = TURN_STEPS;
const MAX_ITEMS = 2;
const MIN_LEG = 1;

const PARAPHRASES: Paraphrases = [
  'You are a robot beginning at {a} facing {b}. You want to navigate to {z}. You will perform the following actions (for each [please fill in], choose turn left, turn right or turn back): 1. [please fill in] 2. Go forward until {w} 3. [please fill in] 4. Go forward until {z}. Which sequence fills in the blanks?',
  'Starting at {a} and facing {b}, you walk to {w} and then on to {z}, in straight lines. Which turns do you make: first at the start, then at {w}?',
  'Imagine standing at {a}, looking towards {b}. To reach {z} by way of {w}, going straight between them, how do you turn at the start and then at {w}?',
];

/** The turn a change of heading is, or null when it is not clearly one. */
export function turnOf(angle: number): Turn | null {
  const a = wrapAngle(angle);
  const d = Math.abs(a);
  if (d >= toRadians(150)) return 'turn back';
  if (d >= toRadians(60) && d <= toRadians(120)) return a > 0 ? 'turn left' : 'turn right';
  return null;
}

export interface Route {
  /** Start at a, facing b; walk to w, then to z. */
  a: number;
  b: number;
  w: number;
  z: number;
  turns: [Turn, Turn];
  /** Lengths of the two straight legs, m. */
  legs: [number, number];
}

/** Every route a walkthrough's video supports, with unambiguous turns (see the module comment). */
export function routes({ scene, view }: TaskContext): Route[] {
  if (scene.kind !== 'walkthrough') return [];
  const frame = view.firstFrame;
  const ids = view.seenIds().filter((id) => view.object(id).referable);
  const at = (id: number): Vec3 => view.pose(frame, id).position;
  const heading = (from: number, to: number) => headingOf(sub(at(to), at(from)));
  const span = (p: number, q: number) => Math.hypot(at(p)[0] - at(q)[0], at(p)[2] - at(q)[2]);
  const starts = ids.filter((id) => view.object(id).support === 'floor');
  const out: Route[] = [];
  for (const a of starts)
    for (const b of ids)
      for (const w of ids)
        for (const z of ids) {
          if (
            new Set([a, b, w, z]).size < 4 ||
            span(a, b) < MIN_LEG ||
            span(a, w) < MIN_LEG ||
            span(w, z) < MIN_LEG
          )
            continue;
          const first = turnOf(heading(a, w) - heading(a, b));
          const second = turnOf(heading(w, z) - heading(a, w));
          if (first && second)
            out.push({ a, b, w, z, turns: [first, second], legs: [span(a, w), span(w, z)] });
        }
  return out;
}

export const routePlan: Task = {
  name: 'route_plan',
  kind: 'dynamic',
  capabilities: ['egocentric_motion', 'spatial_relation'],
  level: 'planning',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { scene, view, rng } = ctx;
    const candidates = routes(ctx);
    // Each first turn equally often: "turn left" is no safer a guess than the others.
    const picked = pickUnguessable(
      rng,
      candidates,
      MAX_ITEMS,
      () => '',
      (c) => c.turns[0],
      TURNS,
      (c) => `${c.a}-${c.z}`,
    );
    return picked.map((c) => {
      const text = (t: readonly Turn[]) => t.join(', then ');
      const all = TURNS.flatMap((x) => TURNS.map((y) => [x, y] as const));
      const wrong = rng
        .shuffle(all.filter(([x, y]) => x !== c.turns[0] || y !== c.turns[1]))
        .slice(0, 3)
        .map(text);
      return {
        question: say(rng, PARAPHRASES, {
          a: view.name(c.a),
          b: view.name(c.b),
          w: view.name(c.w),
          z: view.name(c.z),
        }),
        ...shuffledChoices(rng, text(c.turns), wrong),
        frames: scene.frames.map((f) => f.index),
        targets: [c.a, c.b, c.w, c.z],
        answer_object: null,
      };
    });
  },
};
