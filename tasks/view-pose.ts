import { shuffledChoices } from './answers';
import { roundAnswer, toDegrees, toRadians } from './numbers';
import { pickUnguessable } from './selection';
import { cameraMove, type Side, sideOf } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `view_pose`, over a multi-view set: where image j was taken relative to image i (DESIGN.md's
 * ego-motion conventions, in image i's floor-plan frame). Views turning in place are asked which
 * way and how far the camera turned (≥ 30°; the other magnitudes offered differ by ≥ 35°); views
 * from different places are asked where the second camera stood: in front, behind, left or right
 * of the first (≥ 0.5 m away, ≥ 15° from a diagonal).
 */

const MAX_ITEMS = 2;
const MIN_MOVE = 0.5;
const ON_THE_SPOT = 0.05;
const MIN_TURN = toRadians(30);
const OTHER_MAGNITUDE = [35, 70] as const;
/** The smallest turn an option shows, degrees. */
const MIN_SHOWN_TURN = 10;

const PLACES: Record<Side, string> = {
  front: 'in front of it',
  behind: 'behind it',
  left: 'to its left',
  right: 'to its right',
};

const PARAPHRASES = {
  turn: [
    'Between image {i} and image {j} the camera stayed where it was and turned. Which way, and by about how much?',
    'The camera took image {i}, then turned on the spot and took image {j}. How did it turn?',
    'From image {i} to image {j}, how far and which way did the camera turn in place?',
  ],
  place: [
    'Where was image {j} taken from, relative to the camera of image {i} (as that camera faces)?',
    'Seen from where image {i} was taken, facing the way it faces, where did the camera of image {j} stand?',
    "Relative to image {i}'s camera and its direction of view, where was image {j} taken?",
  ],
} satisfies Record<string, Paraphrases>;

const turnText = (degrees: number, side: string) => `${degrees}° to the ${side}`;

interface Candidate {
  i: number;
  j: number;
  form: 'turn' | 'place';
  /** The side it turned to, or where the second camera stood. */
  answer: string;
  turn: number;
}

export const viewPose: Task = {
  name: 'view_pose',
  kind: 'static',
  capabilities: ['mental_transformation', 'egocentric_motion'],
  level: 'reasoning',
  text: true,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'multiview') return [];
    const frames = scene.frames;
    const candidates: Candidate[] = [];
    for (const [i, fi] of frames.entries())
      for (const [j, fj] of frames.entries()) {
        if (i === j) continue;
        const move = cameraMove(view.camera(fi), view.camera(fj));
        if (move.distance < ON_THE_SPOT && Math.abs(move.turn) >= MIN_TURN)
          candidates.push({ i, j, form: 'turn', answer: move.turn > 0 ? 'left' : 'right', turn: move.turn });
        const side = move.distance >= MIN_MOVE ? sideOf(Math.atan2(move.left, move.forward)) : null;
        if (side) candidates.push({ i, j, form: 'place', answer: side, turn: move.turn });
      }
    const turns = candidates.filter((c) => c.form === 'turn');
    const places = candidates.filter((c) => c.form === 'place');
    const picked = [
      ...pickUnguessable(
        rng,
        turns,
        MAX_ITEMS,
        () => '',
        (c) => c.answer,
        ['left', 'right'],
      ),
      ...pickUnguessable(
        rng,
        places,
        MAX_ITEMS,
        () => '',
        (c) => c.answer,
        ['front', 'behind', 'left', 'right'],
      ),
    ].slice(0, MAX_ITEMS);
    return picked.flatMap((c): Draft[] => {
      const base = { frames: frames.map((f) => f.index), targets: [], answer_object: null };
      const slots = { i: c.i + 1, j: c.j + 1 };
      if (c.form === 'place')
        return [
          {
            question: say(rng, PARAPHRASES.place, slots),
            ...shuffledChoices(
              rng,
              PLACES[c.answer as Side],
              (Object.keys(PLACES) as Side[]).filter((s) => s !== c.answer).map((s) => PLACES[s]),
            ),
            ...base,
          },
        ];
      const degrees = roundAnswer(toDegrees(Math.abs(c.turn)), 'deg');
      const other = c.answer === 'left' ? 'right' : 'left';
      // The other magnitude is larger or smaller by a coin toss; where that side has no room the
      // item is dropped rather than flipped, so the two magnitudes never tell which is true.
      const alt = degrees + rng.int(...OTHER_MAGNITUDE) * (rng.bool() ? 1 : -1);
      if (alt < MIN_SHOWN_TURN || alt > 180) return [];
      return [
        {
          question: say(rng, PARAPHRASES.turn, slots),
          ...shuffledChoices(rng, turnText(degrees, c.answer), [
            turnText(degrees, other),
            turnText(alt, c.answer),
            turnText(alt, other),
          ]),
          ...base,
        },
      ];
    });
  },
};
