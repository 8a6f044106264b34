import { project } from '../sim/camera';
import type { Config } from '../sim/config';
import type { Rng } from '../sim/rng';
import { loadRoomTypes } from '../sim/room-types';
import type { Frame, Vec3 } from '../sim/schema';
import { quantityAnswer } from './answers';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `room_size`: the floor area of the room (width × depth), m², asked over every distinct viewpoint
 * of the scene (a twin's low view adds nothing about the room's extent), and only when those views
 * together show at least MIN_COVERAGE of the floor: a 10 cm grid over the floor plan, a cell seen
 * when its centre on the floor projects inside some shown image in front of the camera (furniture
 * may stand on it; the room is convex, so no wall hides it).
 */

export const MIN_COVERAGE = 0.7;
const CELL = 0.1;

const PARAPHRASES: Paraphrases = [
  'What is the floor area of this room, in square metres?',
  'How large is the floor of the room, in square metres?',
  "Estimate the area of the room's floor in square metres.",
];

export const roomSize: Task = {
  name: 'room_size',
  kind: 'static',
  capabilities: ['size', 'memory'],
  level: 'understanding',
  text: true,
  generate({ scene, config, view, rng }: TaskContext): Draft[] {
    const [w, , d] = scene.room.size;
    const frames =
      scene.kind === 'static'
        ? scene.frames.filter((f) => f.twin === null || f.twin > f.index)
        : scene.motion.camera
          ? scene.frames
          : [view.firstFrame];
    if (floorCoverage(frames, scene.room.size) < MIN_COVERAGE) return [];
    return [
      {
        question: say(rng, PARAPHRASES),
        ...quantityAnswer(rng, w * d, 'm2', roomAreas(config, scene.room.type, rng.fork('pool'))),
        frames: frames.map((f) => f.index),
        targets: [],
        answer_object: null,
      },
    ];
  },
};

/** Share of the floor whose points some frame shows (see the module comment). */
export function floorCoverage(frames: readonly Frame[], roomSize: Vec3): number {
  const [w, , d] = roomSize;
  const nx = Math.max(1, Math.round(w / CELL));
  const nz = Math.max(1, Math.round(d / CELL));
  let seen = 0;
  for (let i = 0; i < nx; i++)
    for (let k = 0; k < nz; k++) {
      const p: Vec3 = [-w / 2 + ((i + 0.5) * w) / nx, 0, -d / 2 + ((k + 0.5) * d) / nz];
      if (
        frames.some((f) => {
          const [u, v, z] = project(f.K, f.T_cam_world, p);
          return z > 0.05 && u >= 0 && u < f.width && v >= 0 && v < f.height;
        })
      )
        seen++;
    }
  return seen / (nx * nz);
}

/** Floor areas of other rooms of the type, drawn as the generator draws rooms (numeric distractors). */
function roomAreas(config: Config, type: string, rng: Rng): number[] {
  const t = loadRoomTypes()[type];
  return Array.from(
    { length: 24 },
    () => rng.inRange(config.room.width ?? t.size.width) * rng.inRange(config.room.depth ?? t.size.depth),
  );
}
