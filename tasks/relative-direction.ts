import { toCamera } from '../sim/camera';
import { verticalSpan } from '../sim/geometry';
import type { Frame } from '../sim/schema';
import { shuffledChoices, yesNo } from './answers';
import { pickBalanced } from './selection';
import { clearlyApart } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `relative_direction`: where one object is relative to another from the camera's view: left or
 * right, above or below, in front or behind. Each relation must hold both in the pixels and in the
 * metric scene, each by a margin:
 *   left/right   centroids ≥ 10% of the image width apart, and box centres ≥ 0.3 m apart along
 *                the camera's x axis, the same way round;
 *   above/below  one box's bottom at or above the other's top (1 cm slack for resting on it), and
 *                its centroid ≥ 5% of the image height higher;
 *   in front/behind  depth medians clearly apart (the depth_order rule), and box centres ≥ 0.3 m
 *                apart along the optical axis, the same way round.
 */

const MAX_ITEMS = 4;
const MIN_DU = 0.1;
const MIN_DV = 0.05;
const MIN_METRIC = 0.3;
const RESTING_SLACK = 0.01;

export const RELATIONS = ['left', 'right', 'above', 'below', 'in front', 'behind'] as const;
export type Relation = (typeof RELATIONS)[number];
type Axis = 'horizontal' | 'vertical' | 'depth';

const OPPOSITE: Record<Relation, Relation> = {
  left: 'right',
  right: 'left',
  above: 'below',
  below: 'above',
  'in front': 'behind',
  behind: 'in front',
};
/** How a relation reads between two names: "{x} is <phrase> {y}". */
export const RELATION_PHRASE: Record<Relation, string> = {
  left: 'to the left of',
  right: 'to the right of',
  above: 'above',
  below: 'below',
  'in front': 'in front of',
  behind: 'behind',
};

const CHOICE_PARAPHRASES: Record<Axis, Paraphrases> = {
  horizontal: [
    "From the camera's viewpoint, is {x} to the left or to the right of {y}?",
    'In this image, is {x} to the left or to the right of {y}?',
    'As seen from the camera, does {x} appear to the left or to the right of {y}?',
  ],
  vertical: [
    "From the camera's viewpoint, is {x} above or below {y}?",
    'In this image, is {x} above or below {y}?',
    'As seen in this picture, is {x} located above {y} or below it?',
  ],
  depth: [
    "From the camera's viewpoint, is {x} in front of or behind {y}?",
    'Seen from the camera, is {x} in front of {y} or behind it?',
    'In this image, is {x} in front of or behind {y}?',
  ],
};
const YES_NO_PARAPHRASES: Paraphrases = [
  "From the camera's viewpoint, is {x} {relation} {y}?",
  'In this image, is {x} {relation} {y}?',
  'Seen from the camera, is {x} {relation} {y}?',
];

interface Candidate {
  frame: Frame;
  a: number;
  b: number;
  axis: Axis;
  /** Where a is relative to b. */
  relation: Relation;
}

export const relativeDirection: Task = {
  name: 'relative_direction',
  kind: 'static',
  capabilities: ['spatial_relation', 'localization'],
  level: 'understanding',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const candidates: Candidate[] = [];
    for (const frame of view.askFrames(rng)) {
      const ids = view.clearIds(frame);
      for (const a of ids) for (const b of ids) if (a < b) candidates.push(...relationsOf(ctx, frame, a, b));
    }
    const picked = pickBalanced(
      rng,
      candidates,
      MAX_ITEMS,
      (c) => c.axis,
      ['horizontal', 'vertical', 'depth'],
      (c) => `${c.a}-${c.b}`,
    );
    return picked.map((c) => {
      // Which object is named first is a coin toss, so each relation is the answer half the time.
      const [x, y, relation] = rng.bool() ? [c.a, c.b, c.relation] : [c.b, c.a, OPPOSITE[c.relation]];
      const names = { x: view.name(x), y: view.name(y) };
      const base = { frames: [c.frame.index], targets: [x, y], answer_object: null };
      if (rng.bool())
        return {
          question: say(rng, CHOICE_PARAPHRASES[c.axis], names),
          ...shuffledChoices(rng, relation, [OPPOSITE[relation]]),
          ...base,
        };
      const truth = rng.bool();
      const asked = truth ? relation : OPPOSITE[relation];
      return {
        question: say(rng, YES_NO_PARAPHRASES, { ...names, relation: RELATION_PHRASE[asked] }),
        ...yesNo(rng, truth),
        ...base,
      };
    });
  },
};

function relationsOf({ view }: TaskContext, frame: Frame, a: number, b: number): Candidate[] {
  const [pa, pb] = [view.annotation(frame, a), view.annotation(frame, b)];
  if (!pa.centroid || !pb.centroid || pa.depth_median === null || pb.depth_median === null) return [];
  const T = frame.T_cam_world;
  const [ca, cb] = [toCamera(T, view.pose(frame, a).position), toCamera(T, view.pose(frame, b).position)];
  const out: Candidate[] = [];
  const add = (axis: Axis, relation: Relation) => out.push({ frame, a, b, axis, relation });

  const du = (pa.centroid[0] - pb.centroid[0]) / frame.width;
  const dx = ca[0] - cb[0];
  if (Math.abs(du) >= MIN_DU && Math.abs(dx) >= MIN_METRIC && Math.sign(du) === Math.sign(dx))
    add('horizontal', du < 0 ? 'left' : 'right');

  const [a0, a1] = verticalSpan(view.box(frame, a));
  const [b0, b1] = verticalSpan(view.box(frame, b));
  const dv = (pa.centroid[1] - pb.centroid[1]) / frame.height;
  if (a0 >= b1 - RESTING_SLACK && dv <= -MIN_DV) add('vertical', 'above');
  else if (b0 >= a1 - RESTING_SLACK && dv >= MIN_DV) add('vertical', 'below');

  const dz = ca[2] - cb[2];
  const closer = pa.depth_median < pb.depth_median;
  if (clearlyApart(pa.depth_median, pb.depth_median) && Math.abs(dz) >= MIN_METRIC && closer === dz < 0)
    add('depth', closer ? 'in front' : 'behind');
  return out;
}
