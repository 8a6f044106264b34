import { numberAnswer, shuffledChoices } from './answers';
import { roundAnswer, toDegrees, toRadians } from './numbers';
import { pickBalanced } from './selection';
import { bearing, cameraMove, leftOrRight } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `goal_aim`: after the sequence, how must the camera turn to face object X? Measured from the last
 * image's camera towards X's box centre on the floor plan (DESIGN.md), the shorter way round; X is
 * clearly visible in the first image, so it is known even when the last image no longer shows it.
 * Asked as a direction (left or right), as a number of degrees, or as "n° to the left/right"
 * options; never within 15° of straight ahead or straight behind; and only where the camera moved
 * (≥ 0.3 m or ≥ 15° between the first and the last image): with a still camera "from where the
 * last image was taken" is just the first image, and the question is not dynamic.
 */

const MAX_ITEMS = 2;
const MIN_MOVE = 0.3;
const MIN_TURN = toRadians(15);
/** The second magnitude offered in the combined options differs by 35°–70° from the truth. */
const OTHER_MAGNITUDE = [35, 70] as const;

const PARAPHRASES = {
  side: [
    'From where the last image was taken, which way should the camera turn (the shorter way) to face {x}?',
    'After the last frame, should the camera turn left or right to face {x}, taking the shorter turn?',
    "From the camera's final position, in which direction must it turn to look straight at {x}, the shorter way round?",
  ],
  amount: [
    'From where the last image was taken, by how many degrees must the camera turn (the shorter way) to face {x}?',
    'How many degrees must the camera turn from its final heading to face {x} directly, taking the shorter way?',
    'After the last frame, what is the smallest turn, in degrees, that makes the camera face {x}?',
  ],
  both: [
    'From where the last image was taken, how must the camera turn to face {x}?',
    'After the last frame, which turn makes the camera face {x} directly?',
    "To look straight at {x} from the camera's final position, how should the camera turn?",
  ],
} satisfies Record<string, Paraphrases>;

const turnText = (degrees: number, side: string) => `${degrees}° to the ${side}`;

export const goalAim: Task = {
  name: 'goal_aim',
  kind: 'dynamic',
  capabilities: ['egocentric_motion', 'mental_transformation'],
  level: 'planning',
  text: true,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'dynamic' && scene.kind !== 'walkthrough') return [];
    const [first, last] = [view.firstFrame, view.lastFrame];
    const camera = view.camera(last);
    const move = cameraMove(view.camera(first), camera);
    if (move.distance < MIN_MOVE && Math.abs(move.turn) < MIN_TURN) return [];
    const candidates = view.clearIds(first).flatMap((x) => {
      const angle = bearing(camera, view.pose(last, x).position);
      const side = leftOrRight(angle);
      return side ? [{ x, side, degrees: toDegrees(Math.abs(angle)) }] : [];
    });
    // Left and right need no pairing here: the words are the same for both, and the paths that
    // leave everything on one side (turns) come in both directions equally often.
    const picked = pickBalanced(
      rng,
      candidates,
      MAX_ITEMS,
      (c) => c.side,
      ['left', 'right'],
      (c) => String(c.x),
    );
    return picked.map((c) => {
      const slots = { x: view.name(c.x) };
      const base = { frames: scene.frames.map((f) => f.index), targets: [c.x], answer_object: null };
      const other = c.side === 'left' ? 'right' : 'left';
      const form = rng.pick(['side', 'amount', 'both'] as const);
      if (form === 'side')
        return {
          question: say(rng, PARAPHRASES.side, slots),
          ...shuffledChoices(rng, c.side, [other]),
          ...base,
        };
      if (form === 'amount')
        return {
          question: say(rng, PARAPHRASES.amount, slots),
          ...numberAnswer(c.degrees, 'deg'),
          ...base,
        };
      const degrees = roundAnswer(c.degrees, 'deg');
      const offsets = [1, -1]
        .map((s) => degrees + s * rng.int(...OTHER_MAGNITUDE))
        .filter((d) => d >= 5 && d <= 180);
      if (!offsets.length)
        return { question: say(rng, PARAPHRASES.amount, slots), ...numberAnswer(c.degrees, 'deg'), ...base };
      const alt = rng.pick(offsets);
      return {
        question: say(rng, PARAPHRASES.both, slots),
        ...shuffledChoices(rng, turnText(degrees, c.side), [
          turnText(degrees, other),
          turnText(alt, c.side),
          turnText(alt, other),
        ]),
        ...base,
      };
    });
  },
};
