import type { Config } from '../sim/config';
import { framePath } from '../sim/layout';
import { Rng } from '../sim/rng';
import type { Scene } from '../sim/schema';
import { formatZodError, UserError } from '../util/errors';
import { actionConsequence } from './action-consequence';
import { actionSequence } from './action-sequence';
import { appearanceOrder } from './appearance-order';
import { behind } from './behind';
import { cameraDistance } from './camera-distance';
import { asciiMap, cognitiveMap, metricMap } from './cognitive-map';
import { correspondence } from './correspondence';
import { count } from './count';
import { depthOrder } from './depth-order';
import { contextPath, describeScene, TEXT_STYLES, type TextStyle } from './describe';
import { distance } from './distance';
import { egoMotion } from './ego-motion';
import { goalAim } from './goal-aim';
import { boxGrounding, pointGrounding } from './grounding';
import { num2space } from './num2space';
import { objectMotion } from './object-motion';
import { occlusion } from './occlusion';
import { perspective } from './perspective';
import { recall } from './recall';
import { relativeDirection } from './relative-direction';
import { relativeDistance } from './relative-distance';
import { roomSize } from './room-size';
import { routePlan } from './route-plan';
import { SceneView } from './scene-view';
import { type QaItem, QaItemSchema } from './schema';
import { size } from './size';
import type { Draft, FramePixels, Task } from './task';
import { viewChoice } from './view-choice';
import { viewPose } from './view-pose';

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
  relativeDistance,
  routePlan,
  recall,
  correspondence,
  viewPose,
  behind,
  num2space,
  cognitiveMap,
  asciiMap,
  metricMap,
  boxGrounding,
  pointGrounding,
  viewChoice,
  actionSequence,
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
export function generateItems(
  scene: Scene,
  config: Config,
  pixels?: (frame: number) => FramePixels | null,
): QaItem[] {
  const tasks = selectTasks(config.tasks.include);
  const view = new SceneView(scene, config);
  const root = Rng.root(scene.seed).fork('scene', scene.index, 'tasks');
  const items: QaItem[] = [];
  for (const task of tasks) {
    const drafts = task.generate({ scene, config, view, rng: root.fork(task.name), pixels });
    for (const [k, draft] of drafts.entries()) {
      const item = toItem(scene, task, draft, k);
      items.push(item);
      if (task.text && config.tasks.text_twins)
        items.push(textTwin(scene, item, draft, root.fork('text', item.id)));
    }
  }
  return items;
}

/**
 * The text form of an item: the same question, choices and answer, asked about the scene's
 * description with the cameras of the item's images (tasks/describe.ts) instead of the images.
 */
function textTwin(scene: Scene, item: QaItem, draft: Draft, rng: Rng): QaItem {
  const { images: _, video: __, ...rest } = item;
  return validated({
    ...rest,
    id: `${item.id}-text`,
    images: [],
    context: contextPath(scene, rng.pick(TEXT_STYLES), draft.frames),
  });
}

/**
 * Every description the items name as their context, by path relative to the dataset folder:
 * written beside the scene (scenes/<id>/text/*.txt).
 */
export function sceneTexts(scene: Scene, items: readonly QaItem[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items) {
    if (!item.context || out.has(item.context)) continue;
    const m = /\/text\/([a-z]+)((?:-\d+)*)\.txt$/.exec(item.context)!;
    const style = m[1] as TextStyle;
    const frames = m[2] ? m[2].slice(1).split('-').map(Number) : scene.frames.map((f) => f.index);
    out.set(item.context, describeScene(scene, frames, style));
  }
  return out;
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
    answer_type: d.answer_type ?? (d.choices ? 'choice' : 'number'),
    unit: d.unit,
    images: d.frames.map((f) => framePath(scene.index, f, 'rgb')),
    targets: d.targets,
    answer_object: d.answer_object,
    pair: d.pair ? { id: `${scene.id}-${task.name}-${d.pair.key}`, role: d.pair.role } : null,
    split: scene.split,
    capabilities: task.capabilities,
    level: task.level,
    ...(scene.kind === 'walkthrough' && d.frames.length === scene.frames.length
      ? { video: `scenes/${scene.id}/video.mp4` }
      : {}),
    ...(d.measure ? { measure: d.measure } : {}),
    ...(d.grid !== undefined ? { grid: d.grid } : {}),
    ...(d.frame ? { frame: d.frame } : {}),
    ...(d.legend ? { legend: d.legend } : {}),
    ...(d.coords ? { coords: d.coords, image_size: d.image_size } : {}),
  };
  return validated(item);
}

function validated(item: Record<string, unknown> & { id: string }): QaItem {
  const parsed = QaItemSchema.safeParse(item);
  // A draft that fails the schema is a bug in its task, not bad input.
  if (!parsed.success) throw new Error(`${item.id}: invalid item: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
