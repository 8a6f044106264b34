import { headingOf, sub, wrapAngle } from '../sim/geometry';
import { framePath } from '../sim/layout';
import { shuffledChoices } from './answers';
import { toDegrees, toRadians } from './numbers';
import { cameraMove } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `view_choice` (mental rotation and view prediction, after SRBench and "Mind the Gap"): the
 * options are images. In a multi-view set turning in place: which image is the view after the
 * camera of image 1 turns by the stated angle (the others are views after other turns, ≥ 40° off).
 * In a set around an object: which image shows it from the opposite side (the right view lies
 * within 30° of straight across; the others ≥ 45° from it). Each option is a real render of the
 * scene from another camera.
 */

const TURN_MARGIN = toRadians(40);
const ACROSS = toRadians(30);
const AWAY = toRadians(45);

const PARAPHRASES = {
  turn: [
    'Image 1 was taken here. Which of the option images shows what the camera sees after turning {deg}° to the {side} on the spot?',
    'From where image 1 was taken, the camera turns {deg}° to the {side}. Which option image does it then see?',
  ],
  across: [
    'Image 1 shows {x}. Which of the option images shows {x} from the opposite side?',
    'Which option image was taken from across {x}, on the far side from image 1?',
  ],
} satisfies Record<string, Paraphrases>;

export const viewChoice: Task = {
  name: 'view_choice',
  kind: 'static',
  capabilities: ['mental_transformation'],
  level: 'reasoning',
  text: false,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'multiview' || scene.frames.length < 3 || !scene.multiview) return [];
    const [first, ...rest] = scene.frames;
    const image = (index: number) => framePath(scene.index, index, 'rgb');
    const base = {
      unit: null,
      answer_type: 'image_choice' as const,
      frames: [first.index],
      answer_object: null,
    };
    if (scene.multiview.setting === 'rotation') {
      const turns = rest.map((f) => ({ f, turn: cameraMove(view.camera(first), view.camera(f)).turn }));
      // The first view (in a shuffled order) that others differ from by the margin; those are the options.
      const options = rng
        .shuffle(turns)
        .map((right) => ({
          right,
          others: turns.filter((o) => o !== right && Math.abs(wrapAngle(o.turn - right.turn)) >= TURN_MARGIN),
        }))
        .find((c) => c.others.length > 0);
      if (!options) return [];
      const { right, others } = options;
      return [
        {
          question: say(rng, PARAPHRASES.turn, {
            deg: Math.round(toDegrees(Math.abs(right.turn))),
            side: right.turn > 0 ? 'left' : 'right',
          }),
          ...shuffledChoices(
            rng,
            image(right.f.index),
            others.map((o) => image(o.f.index)),
          ),
          ...base,
          targets: [],
        },
      ];
    }
    if (scene.multiview.setting === 'around' && scene.multiview.anchor !== null) {
      const anchor = scene.multiview.anchor;
      if (!view.isClear(first, anchor)) return [];
      const at = view.pose(first, anchor).position;
      const angle = (f: typeof first) => headingOf(sub(view.camera(f).center, at));
      const offsets = rest.map((f) => ({ f, off: Math.abs(wrapAngle(angle(f) - angle(first))) }));
      const right = offsets.filter((o) => Math.PI - o.off <= ACROSS);
      const wrong = offsets.filter((o) => Math.PI - o.off >= AWAY);
      if (right.length !== 1 || wrong.length < 1) return [];
      return [
        {
          question: say(rng, PARAPHRASES.across, { x: view.name(anchor) }),
          ...shuffledChoices(
            rng,
            image(right[0].f.index),
            wrong.map((o) => image(o.f.index)),
          ),
          ...base,
          targets: [anchor],
        },
      ];
    }
    return [];
  },
};
