import type { Config } from '../sim/config';
import { framePath } from '../sim/layout';
import { Rng } from '../sim/rng';
import type { Scene } from '../sim/schema';
import { formatZodError, UserError } from '../util/errors';
import { actionConsequence } from './action-consequence';
import { appearanceOrder } from './appearance-order';
import { cameraDistance } from './camera-distance';
import { count } from './count';
import { depthOrder } from './depth-order';
import { distance } from './distance';
import { egoMotion } from './ego-motion';
import { goalAim } from './goal-aim';
import { objectMotion } from './object-motion';
import { occlusion } from './occlusion';
import { perspective } from './perspective';
import { relativeDirection } from './relative-direction';
import { roomSize } from './room-size';
import { SceneView } from './scene-view';
import { type QaItem, QaItemSchema } from './schema';
import { size } from './size';
import type { Draft, Task } from './task';

/** The task registry, in the order items are written for each scene. */
export const TASKS: readonly Task[] = [
  count,
  depthOrder,
  relativeDirection,
  perspective,
  occlusion,
  distance,
  cameraDistance,
  size,
  roomSize,
  egoMotion,
  objectMotion,
  actionConsequence,
  goalAim,
  appearanceOrder,
];

export const TASK_NAMES: readonly string[] = TASKS.map((t) => t.name);

/** The tasks config.tasks.include names (all when empty); an unknown name is a user error. */
export function selectTasks(include: readonly string[]): Task[] {
  const unknown = include.filter((name) => !TASK_NAMES.includes(name));
  if (unknown.length)
    throw new UserError(
      `tasks.include: unknown task ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${TASK_NAMES.join(', ')})`,
    );
  return include.length ? TASKS.filter((t) => include.includes(t.name)) : [...TASKS];
}

/**
 * Every question about one rendered scene (frames[].objects filled in), as validated qa.jsonl
 * lines: a pure function of the scene and the config. Each task draws from its own stream
 * `Rng.root(seed)/scene/<index>/tasks/<task>`, so including or excluding a task changes no other
 * task's items. Items come in registry order, then in each task's order; ids are
 * `<scene>-<task>-<k>` and pair ids `<scene>-<task>-<key>`, unique across a dataset.
 */
export function generateItems(scene: Scene, config: Config): QaItem[] {
  const tasks = selectTasks(config.tasks.include);
  const view = new SceneView(scene, config);
  const root = Rng.root(scene.seed).fork('scene', scene.index, 'tasks');
  const items: QaItem[] = [];
  for (const task of tasks) {
    const drafts = task.generate({ scene, config, view, rng: root.fork(task.name) });
    for (const [k, draft] of drafts.entries()) items.push(toItem(scene, task, draft, k));
  }
  return items;
}

function toItem(scene: Scene, task: Task, d: Draft, k: number): QaItem {
  const item = {
    id: `${scene.id}-${task.name}-${k}`,
    scene: scene.id,
    task: task.name,
    kind: task.kind,
    question: d.question,
    choices: d.choices,
    answer: d.answer,
    answer_type: d.choices ? 'choice' : 'number',
    unit: d.unit,
    images: d.frames.map((f) => framePath(scene.index, f, 'rgb')),
    targets: d.targets,
    answer_object: d.answer_object,
    pair: d.pair ? { id: `${scene.id}-${task.name}-${d.pair.key}`, role: d.pair.role } : null,
    split: scene.split,
    ...(d.measure ? { measure: d.measure } : {}),
  };
  const parsed = QaItemSchema.safeParse(item);
  // A draft that fails the schema is a bug in its task, not bad input.
  if (!parsed.success) throw new Error(`${item.id}: invalid item: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
