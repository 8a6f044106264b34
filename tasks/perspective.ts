import { footprint, headingOf, sub, wrapAngle } from '../sim/geometry';
import type { Frame, Vec3 } from '../sim/schema';
import { shuffledChoices, yesNo } from './answers';
import { pickUnguessable } from './selection';
import { SIDES, type Side, sideOf } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `perspective`: standing at object A and facing object B, is C to the left, to the right, in
 * front or behind? An egocentric transformation on the floor plan, answered from box centres:
 * the angle from A→B to A→C, in quarters of ±45° around front, left, behind and right. C's centre
 * must lie ≥ 15° from a quarter's edge and its whole footprint inside the quarter. A is a floor
 * object small enough to stand at (≤ 1 m across); B and C are ≥ 1 m from A. Asked about one
 * image, or about a walkthrough's video (VSI-Bench's "relative direction").
 */

const MAX_ITEMS = 3;
const MAX_STAND_SIZE = 1.0;
const MIN_DISTANCE = 1.0;

export const SIDE_TEXT: Record<Side, string> = {
  front: 'in front',
  left: 'left',
  behind: 'behind',
  right: 'right',
};
export const SIDE_PHRASE: Record<Side, string> = {
  front: 'in front of you',
  left: 'to your left',
  behind: 'behind you',
  right: 'to your right',
};

const CHOICE_PARAPHRASES: Paraphrases = [
  'Imagine you are standing at {a}, facing {b}. Is {c} to your left, to your right, in front of you or behind you?',
  'Suppose you stand at {a} and look towards {b}. Where is {c} relative to you: left, right, in front or behind?',
  'If you were at {a} facing {b}, would {c} be on your left, on your right, in front of you or behind you?',
];
const YES_NO_PARAPHRASES: Paraphrases = [
  'Imagine you are standing at {a}, facing {b}. Is {c} {side}?',
  'Suppose you stand at {a} and look towards {b}. Would {c} be {side}?',
  'If you were at {a} facing {b}, would {c} be {side}?',
];

interface Candidate {
  frames: readonly Frame[];
  a: number;
  b: number;
  c: number;
  side: Side;
}

export const perspective: Task = {
  name: 'perspective',
  kind: 'static',
  capabilities: ['perspective_taking', 'spatial_relation'],
  level: 'reasoning',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const candidates: Candidate[] = [];
    for (const { frames, ids } of view.scopes(rng)) {
      const frame = frames[0];
      const standable = ids.filter((id) => {
        const o = view.object(id);
        return o.support === 'floor' && Math.max(o.size[0], o.size[2]) <= MAX_STAND_SIZE;
      });
      for (const a of standable)
        for (const b of ids)
          for (const c of ids) {
            if (a === b || a === c || b === c) continue;
            const side = sideFrom(ctx, frame, a, b, c);
            if (side) candidates.push({ frames, a, b, c, side });
          }
    }
    // Each answer equally often, so that none is a safe guess ("in front" is the commonest side).
    const picked = pickUnguessable(
      rng,
      candidates,
      MAX_ITEMS,
      () => '',
      (c) => c.side,
      SIDES,
      (c) => `${c.a}-${c.c}`,
    );
    return picked.map((c) => {
      const slots = { a: view.name(c.a), b: view.name(c.b), c: view.name(c.c) };
      const base = { frames: c.frames.map((f) => f.index), targets: [c.a, c.b, c.c], answer_object: null };
      if (rng.bool(0.6))
        return {
          question: say(rng, CHOICE_PARAPHRASES, slots),
          ...shuffledChoices(
            rng,
            SIDE_TEXT[c.side],
            SIDES.filter((s) => s !== c.side).map((s) => SIDE_TEXT[s]),
          ),
          ...base,
        };
      const truth = rng.bool();
      const asked = truth ? c.side : rng.pick(SIDES.filter((s) => s !== c.side));
      return {
        question: say(rng, YES_NO_PARAPHRASES, { ...slots, side: SIDE_PHRASE[asked] }),
        ...yesNo(rng, truth),
        ...base,
      };
    });
  },
};

function sideFrom({ view }: TaskContext, frame: Frame, a: number, b: number, c: number): Side | null {
  const at = view.pose(frame, a).position;
  const [pb, pc] = [view.pose(frame, b).position, view.pose(frame, c).position];
  const far = (p: Vec3) => Math.hypot(p[0] - at[0], p[2] - at[2]) >= MIN_DISTANCE;
  if (!far(pb) || !far(pc)) return null;
  const facing = headingOf(sub(pb, at));
  const angleTo = (p: Vec3) => wrapAngle(headingOf(sub(p, at)) - facing);
  const side = sideOf(angleTo(pc));
  if (!side) return null;
  const corners = footprint(view.box(frame, c)).map(([x, z]) => angleTo([x, 0, z]));
  return corners.every((angle) => sideOf(angle, 0) === side) ? side : null;
}
