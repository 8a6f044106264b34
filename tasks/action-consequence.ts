import { cameraPose, toCamera } from '../sim/camera';
import { add, footprint, pointInPolygon, scale } from '../sim/geometry';
import type { Frame, Mat4, Vec3 } from '../sim/schema';
import { shuffledChoices, yesNo } from './answers';
import { toDegrees, toRadians } from './numbers';
import { type CameraFacts, cameraFacts } from './scene-view';
import { pickUnguessable } from './selection';
import { bearing, cameraMove, leftOrRight, type Side, sideOf } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `action_consequence`: shown one image and told a camera action (turn n° left or right, or move
 * d m forward, backward, left or right), is object X then still in view, and — after a turn — is
 * it then to the left or the right? (After a move X keeps its side unless the camera walks past
 * it, so that form would be answered by the words alone.) In a scene whose camera really moves that way (forward, backward, strafe and turn
 * paths), the image is the first frame, the action is the path's, and the answers are measured on
 * the last frame: its camera for left/right, and for "in view" its camera and its pixels, which
 * must agree (clearly visible, or no pixel at all). Elsewhere the action is hypothetical and the
 * answers come from the camera moved as stated. Asked only for actions after which either answer
 * occurs in the scene, balanced per action, so that the words alone never give the answer away. Margins: left/right ≥ 15° from straight ahead or
 * behind; in view ≥ 10° inside the horizontal and 5° inside the vertical field of view, out of view
 * ≥ 15° outside the horizontal one.
 */

/**
 * Hypothetical actions. Large turns would make the answer plain from the words alone (turn far to
 * the left and whatever was in view is now on the right, and out of view), so turns stay within
 * about the field of view, where the answer depends on where the object is in the image.
 */
const TURNS_DEG = [10, 15, 20, 25, 30, 40, 50, 60];
const MOVES_M = [0.5, 1, 1.5, 2];
const INSIDE_H = toRadians(10);
const INSIDE_V = toRadians(5);
const OUTSIDE_H = toRadians(15);
/** Hypothetical moves end ≥ 0.3 m from the walls and off every floor object's footprint. */
const WALL_CLEARANCE = 0.3;

type Action =
  | { kind: 'turn'; degrees: number; side: 'left' | 'right' }
  | { kind: 'move'; metres: number; side: Side };

const MOVE_WORDS: Record<Side, string> = {
  front: 'forward',
  behind: 'backward',
  left: 'to the left',
  right: 'to the right',
};

/** The action as stated in the question; numbers are those the answers assume. */
export function actionText(a: Action): string {
  return a.kind === 'turn'
    ? `turn ${a.degrees}° to the ${a.side}`
    : `move ${a.metres.toFixed(1)} m ${MOVE_WORDS[a.side]}`;
}

const PARAPHRASES = {
  side: [
    'If the camera were to {action}, would {x} then be to its left or to its right?',
    'Suppose you {action} from where this picture was taken. Would {x} then be on your left or on your right?',
    'Imagine standing where the camera is. If you {action}, is {x} then to your left or to your right?',
  ],
  visible: [
    'If the camera were to {action}, would {x} still be in its field of view?',
    'Suppose you {action} from where this picture was taken. Would {x} still be in view?',
    'Imagine standing where the camera is. If you {action}, would {x} still be within your field of view?',
  ],
} satisfies Record<string, Paraphrases>;

interface Candidate {
  frame: Frame;
  x: number;
  action: Action;
  form: 'side' | 'visible';
  answer: string;
}

export const actionConsequence: Task = {
  name: 'action_consequence',
  kind: 'dynamic',
  capabilities: ['mental_transformation', 'egocentric_motion'],
  level: 'reasoning',
  text: true,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const path = ctx.scene.motion.camera;
    // Orbits and walks are no single action: only paths of one move or one turn are asked as real.
    const candidates =
      path === null ? hypothetical(ctx) : path === 'orbit' || path === 'walk' ? [] : real(ctx);
    // One question of each form (of one form, drawn, when the action is hypothetical: still scenes
    // are many); within every stated action each answer is right equally often.
    const group = (c: Candidate) => actionText(c.action);
    const forms = path === null ? [rng.pick(['side', 'visible'] as const)] : ['side', 'visible'];
    const picked = [
      ...pickUnguessable(
        rng,
        candidates.filter((c) => c.form === 'side' && forms.includes('side')),
        1,
        group,
        (c) => c.answer,
        ['left', 'right'],
      ),
      ...pickUnguessable(
        rng,
        candidates.filter((c) => c.form === 'visible' && forms.includes('visible')),
        1,
        group,
        (c) => c.answer,
        ['yes', 'no'],
      ),
    ];
    return picked.map((c) => {
      const slots = { action: actionText(c.action), x: view.name(c.x) };
      const base = { frames: [c.frame.index], targets: [c.x], answer_object: null };
      return c.form === 'side'
        ? {
            question: say(rng, PARAPHRASES.side, slots),
            ...shuffledChoices(rng, c.answer, [c.answer === 'left' ? 'right' : 'left']),
            ...base,
          }
        : { question: say(rng, PARAPHRASES.visible, slots), ...yesNo(rng, c.answer === 'yes'), ...base };
    });
  },
};

/** What the camera would see after an action: its floor-plan facts and its world→camera transform. */
interface After {
  camera: CameraFacts;
  T: Mat4;
}

function applyAction(camera: CameraFacts, a: Action): After {
  let { center, heading } = camera;
  if (a.kind === 'turn') heading += toRadians(a.degrees) * (a.side === 'left' ? 1 : -1);
  else {
    const dir = {
      front: camera.forward,
      behind: scale(camera.forward, -1),
      left: camera.left,
      right: scale(camera.left, -1),
    }[a.side];
    center = add(center, scale(dir, a.metres));
  }
  return { camera: cameraFacts(center, heading, camera.pitch), T: cameraPose(center, heading, camera.pitch) };
}

/** Left or right of the new heading, and whether the point is in view, each null when borderline. */
function consequence(
  { view }: TaskContext,
  frame: Frame,
  after: After,
  point: Vec3,
): { side: 'left' | 'right' | null; inView: boolean | null } {
  const [hh, vh] = view.halfFov(frame);
  const [x, y, z] = toCamera(after.T, point);
  const ah = Math.abs(Math.atan2(x, z));
  const av = Math.abs(Math.atan2(y, z));
  const inView =
    z > 0 && ah <= hh - INSIDE_H && av <= vh - INSIDE_V
      ? true
      : z <= 0 || ah >= hh + OUTSIDE_H
        ? false
        : null;
  return { side: leftOrRight(bearing(after.camera, point)), inView };
}

function candidatesFor(
  ctx: TaskContext,
  frame: Frame,
  x: number,
  action: Action,
  after: After[],
): Candidate[] {
  const point = ctx.view.pose(frame, x).position;
  const found = after.map((a) => consequence(ctx, frame, a, point));
  const out: Candidate[] = [];
  // Every way of computing the consequence must agree (the stated action and the real last frame).
  const side = found.every((f) => f.side === found[0].side) ? found[0].side : null;
  const inView = found.every((f) => f.inView === found[0].inView) ? found[0].inView : null;
  // After a move (not a turn) an object stays on the side it was on unless the camera passes it:
  // the words alone would answer, so left/right is asked after turns only.
  if (side && action.kind === 'turn') out.push({ frame, x, action, form: 'side', answer: side });
  if (inView !== null) out.push({ frame, x, action, form: 'visible', answer: inView ? 'yes' : 'no' });
  return out;
}

function hypothetical(ctx: TaskContext): Candidate[] {
  const { view, scene, rng } = ctx;
  const actions: Action[] = [
    ...TURNS_DEG.flatMap((degrees) =>
      (['left', 'right'] as const).map((side) => ({ kind: 'turn' as const, degrees, side })),
    ),
    ...MOVES_M.flatMap((metres) =>
      (['front', 'behind', 'left', 'right'] as const).map((side) => ({
        kind: 'move' as const,
        metres,
        side,
      })),
    ),
  ];
  const [w, , d] = scene.room.size;
  const floorObjects = scene.objects.filter((o) => o.support === 'floor');
  const out: Candidate[] = [];
  for (const frame of view.askFrames(rng)) {
    const camera = view.camera(frame);
    for (const action of actions) {
      const after = applyAction(camera, action);
      const [cx, , cz] = after.camera.center;
      const blocked =
        Math.abs(cx) > w / 2 - WALL_CLEARANCE ||
        Math.abs(cz) > d / 2 - WALL_CLEARANCE ||
        floorObjects.some((o) => pointInPolygon([cx, cz], footprint(view.box(frame, o.id))));
      if (blocked) continue;
      for (const x of view.clearIds(frame)) out.push(...candidatesFor(ctx, frame, x, action, [after]));
    }
  }
  return out;
}

function real(ctx: TaskContext): Candidate[] {
  const { view } = ctx;
  const [first, last] = [view.firstFrame, view.lastFrame];
  const from = view.camera(first);
  const move = cameraMove(from, view.camera(last));
  let action: Action | null = null;
  if (Math.abs(move.turn) >= toRadians(5))
    action = {
      kind: 'turn',
      degrees: Math.round(toDegrees(Math.abs(move.turn))),
      side: move.turn > 0 ? 'left' : 'right',
    };
  else {
    const side = sideOf(Math.atan2(move.left, move.forward));
    if (side) action = { kind: 'move', metres: Number(move.distance.toFixed(1)), side };
  }
  if (!action) return [];
  const actual: After = { camera: view.camera(last), T: last.T_cam_world };
  const stated = applyAction(from, action);
  const out: Candidate[] = [];
  for (const x of view.clearIds(first)) {
    const seen = view.annotation(last, x).visible_px;
    for (const c of candidatesFor(ctx, first, x, action, [actual, stated])) {
      // "Still in view" must also hold in the rendered last frame: clearly visible, or not at all.
      if (c.form === 'visible' && (c.answer === 'yes' ? !view.isClear(last, x) : seen > 0)) continue;
      out.push(c);
    }
  }
  return out;
}
