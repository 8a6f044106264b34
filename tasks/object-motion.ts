import { distance, sub, wrapAngle } from '../sim/geometry';
import { numberAnswer, objectChoices, shuffledChoices } from './answers';
import { toDegrees, toRadians } from './numbers';
import { planComponents, type Side, sideOf } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';
import { isMovable } from './vocabulary';

/**
 * `object_motion`, in scenes where objects move before a still camera: which object moved between
 * the first and the last image, and which way it went as seen from the camera (left, right, towards
 * or away, on the floor plan of the camera). Asked only when exactly one object moved (≥ 0.1 m on
 * the floor plan or turned ≥ 30°; every other < 2 cm and < 3°), clearly visible in the first and
 * the last image, and for the direction when it moved ≥ 0.1 m along a path ≥ 15° from a diagonal
 * and the pixels agree: its centroid shifts ≥ 2% of the image width the same way, or its depth
 * median changes by ≥ 0.1 m; and how far it moved (≥ 0.3 m on the floor plan) or, failing that,
 * how far it turned (≥ 30°).
 */

const MIN_MOVE = 0.1;
const STILL = 0.02;
/** Turned by less than this, an object counts as still; by this much, a person notices it. */
const STILL_TURN = toRadians(3);
const MIN_TURN = toRadians(30);
const MIN_SHIFT = 0.02;
const MIN_DEPTH_CHANGE = 0.1;

const DIRECTION: Record<Side, string> = {
  front: 'away from the camera',
  behind: 'towards the camera',
  left: 'to the left',
  right: 'to the right',
};

const PARAPHRASES = {
  which: [
    'Which object moved between the first and the last image?',
    'One object changed its position during this sequence. Which one?',
    'Which of these objects was moved between the first and the last frame?',
  ],
  direction: [
    'In which direction did {x} move between the first and the last image, as seen from the camera?',
    'As seen from the camera, which way did {x} move during the sequence?',
    "From the camera's point of view, where did {x} go between the first and the last frame?",
  ],
  distance: [
    'How far did {x} move between the first and the last image, in metres?',
    'By how many metres was {x} moved during this sequence (in a straight line)?',
    'What is the distance between where {x} was in the first frame and where it is in the last, in metres?',
  ],
  turn: [
    'By how many degrees did {x} turn between the first and the last image?',
    'How many degrees was {x} rotated during this sequence?',
  ],
} satisfies Record<string, Paraphrases>;

/** Moves and turns at least this large are asked as amounts. */
const MIN_DISTANCE = 0.3;

export const objectMotion: Task = {
  name: 'object_motion',
  kind: 'dynamic',
  capabilities: ['memory', 'localization'],
  level: 'understanding',
  text: true,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'dynamic' || scene.motion.objects.length === 0) return [];
    const [first, last] = [view.firstFrame, view.lastFrame];
    const travel = (id: number) =>
      Math.max(
        ...scene.frames.map((f) => distance(view.pose(f, id).position, view.pose(first, id).position)),
      );
    const turned = (id: number) =>
      Math.max(
        ...scene.frames.map((f) => Math.abs(wrapAngle(view.pose(f, id).yaw - view.pose(first, id).yaw))),
      );
    const moved = scene.objects
      .filter((o) => travel(o.id) >= STILL || turned(o.id) >= STILL_TURN)
      .map((o) => o.id);
    if (moved.length !== 1) return [];
    const [m] = moved;
    const shift = sub(view.pose(last, m).position, view.pose(first, m).position);
    const noticed = Math.hypot(shift[0], shift[2]) >= MIN_MOVE || turned(m) >= MIN_TURN;
    if (!noticed || !view.isClear(first, m) || !view.isClear(last, m)) return [];
    const base = { frames: scene.frames.map((f) => f.index) };
    const drafts: Draft[] = [];

    // Distractors that could have moved come first, so that "it must be the chair" is no tell.
    const movable = (id: number) => isMovable(view.object(id).category);
    const still = rng
      .shuffle(view.clearIds(first).filter((id) => id !== m && view.isClear(last, id)))
      .sort((a, b) => Number(movable(b)) - Number(movable(a)));
    if (still.length >= 2) {
      const wrong = still.slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), m, wrong);
      drafts.push({
        question: say(rng, PARAPHRASES.which),
        ...parts,
        ...base,
        targets: ids,
        answer_object: m,
      });
    }

    const [forward, left] = planComponents(view.camera(first), shift);
    const side = Math.hypot(forward, left) >= MIN_MOVE ? sideOf(Math.atan2(left, forward)) : null;
    const [a0, a1] = [view.annotation(first, m), view.annotation(last, m)];
    const du = (a1.centroid![0] - a0.centroid![0]) / first.width;
    const dz = a1.depth_median! - a0.depth_median!;
    const seen =
      (side === 'left' && du <= -MIN_SHIFT) ||
      (side === 'right' && du >= MIN_SHIFT) ||
      (side === 'front' && dz >= MIN_DEPTH_CHANGE) ||
      (side === 'behind' && dz <= -MIN_DEPTH_CHANGE);
    if (side && seen)
      drafts.push({
        question: say(rng, PARAPHRASES.direction, { x: view.name(m) }),
        ...shuffledChoices(
          rng,
          DIRECTION[side],
          Object.values(DIRECTION).filter((d) => d !== DIRECTION[side]),
        ),
        ...base,
        targets: [m],
        answer_object: null,
      });
    // How much: the straight-line move on the floor, or the turn.
    const floorShift = Math.hypot(shift[0], shift[2]);
    const turn = Math.abs(wrapAngle(view.pose(last, m).yaw - view.pose(first, m).yaw));
    const amount =
      floorShift >= MIN_DISTANCE
        ? {
            question: say(rng, PARAPHRASES.distance, { x: view.name(m) }),
            ...numberAnswer(distance(view.pose(last, m).position, view.pose(first, m).position), 'm'),
          }
        : turn >= MIN_TURN
          ? {
              question: say(rng, PARAPHRASES.turn, { x: view.name(m) }),
              ...numberAnswer(toDegrees(turn), 'deg'),
            }
          : null;
    if (amount) drafts.push({ ...amount, ...base, targets: [m], answer_object: null });
    return drafts;
  },
};
