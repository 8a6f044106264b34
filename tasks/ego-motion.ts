import { numberAnswer, shuffledChoices } from './answers';
import { toDegrees, toRadians } from './numbers';
import { cameraMove, type Side, sideOf } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `ego_motion`: how the camera moved between the first and the last image (DESIGN.md: translation
 * in the first camera's floor-plan frame, turn = change of heading, left positive), by direction and
 * by amount, in scenes whose camera moves. A direction is asked only when the motion is clean: a
 * move of ≥ 0.3 m with the heading steady (< 3°) and ≥ 15° from a diagonal, or a turn of ≥ 15° on
 * the spot (< 5 cm). Amounts are asked for any move ≥ 0.3 m or turn ≥ 15° (an orbit has both).
 */

const MIN_MOVE = 0.3;
const ON_THE_SPOT = 0.05;
const MIN_TURN = toRadians(15);
const STEADY = toRadians(3);

const MOVES: Record<Side, string> = {
  front: 'moved forward',
  behind: 'moved backward',
  left: 'moved to the left',
  right: 'moved to the right',
};
/**
 * Options come as two pairs of opposites, the right one's pair and another: were the right one's
 * opposite the only pair, the words alone would narrow four options down to two.
 */
const OPPOSITES: readonly (readonly [string, string])[] = [
  [MOVES.front, MOVES.behind],
  [MOVES.left, MOVES.right],
  ['turned left', 'turned right'],
];

const PARAPHRASES = {
  direction: [
    'How did the camera move between the first and the last image?',
    'Comparing the first and the last frame, what did the camera do?',
    "Which best describes the camera's motion from the first image to the last?",
  ],
  distance: [
    'How far did the camera travel between the first and the last image, in metres (in a straight line)?',
    "By how many metres did the camera's position change from the first frame to the last?",
    'What is the straight-line distance between where the camera was in the first image and in the last, in metres?',
  ],
  turn: [
    'By how many degrees did the camera turn between the first and the last image?',
    'How many degrees did the camera rotate from the first frame to the last?',
    "What is the change in the camera's viewing direction from the first to the last image, in degrees?",
  ],
} satisfies Record<string, Paraphrases>;

export const egoMotion: Task = {
  name: 'ego_motion',
  kind: 'dynamic',
  capabilities: ['egocentric_motion'],
  level: 'understanding',
  text: true,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    // A walk's first and last frames are no single motion: walkthroughs have their own questions.
    if (scene.motion.camera === null || scene.motion.camera === 'walk') return [];
    const move = cameraMove(view.camera(view.firstFrame), view.camera(view.lastFrame));
    const base = { frames: scene.frames.map((f) => f.index), targets: [], answer_object: null };
    const drafts: Draft[] = [];

    let motion: string | null = null;
    if (move.distance >= MIN_MOVE && Math.abs(move.turn) < STEADY) {
      const side = sideOf(Math.atan2(move.left, move.forward));
      motion = side && MOVES[side];
    } else if (move.distance < ON_THE_SPOT && Math.abs(move.turn) >= MIN_TURN)
      motion = move.turn > 0 ? 'turned left' : 'turned right';
    if (motion) {
      const right = motion;
      const own = OPPOSITES.find((p) => p.includes(right))!;
      const other = rng.pick(OPPOSITES.filter((p) => p !== own));
      drafts.push({
        question: say(rng, PARAPHRASES.direction),
        ...shuffledChoices(
          rng,
          motion,
          [...own, ...other].filter((m) => m !== motion),
        ),
        ...base,
      });
    }

    // Both amounts where both changed (an orbit moves and turns).
    const amounts: Draft[] = [];
    if (move.distance >= MIN_MOVE)
      amounts.push({
        question: say(rng, PARAPHRASES.distance),
        ...numberAnswer(move.distance, 'm'),
        ...base,
      });
    if (Math.abs(move.turn) >= MIN_TURN)
      amounts.push({
        question: say(rng, PARAPHRASES.turn),
        ...numberAnswer(toDegrees(Math.abs(move.turn)), 'deg'),
        ...base,
      });
    return [...drafts, ...amounts];
  },
};
