import type { Config } from '../sim/config';
import type { Rng } from '../sim/rng';
import type { Scene } from '../sim/schema';
import type { SceneView } from './scene-view';
import type { Capability, Level, Measure, Pair, Unit } from './schema';

/**
 * The uniform shape of a task module: a name (the qa.jsonl `task`), a kind, and a pure `generate`
 * from one annotated scene to question drafts. index.ts turns drafts into qa.jsonl lines (ids,
 * image paths, split) and validates them.
 */

export interface TaskContext {
  scene: Scene;
  config: Config;
  /** Facts about the scene every task reads: visibility, poses, cameras. */
  view: SceneView;
  /** This task's own stream, forked from the scene's: `…/tasks/<task name>`. */
  rng: Rng;
}

/** One question as a task states it; index.ts adds what every item shares. */
export interface Draft {
  /** The full text a model sees, without the option lines. */
  question: string;
  /** Option texts, or null for a numeric answer. */
  choices: string[] | null;
  /** A letter naming one of `choices`, or the number (already rounded for its unit). */
  answer: string | number;
  /** Unit of a numeric answer; null for choice items. */
  unit: Unit | null;
  /** Frame indices whose images the model sees, in order. */
  frames: number[];
  /** Object ids the question is about, in the order named. */
  targets: number[];
  answer_object: number | null;
  /** Minimal pairs: a key unique within the task and scene, shared by the two twins. */
  pair?: { key: string; role: Pair['role'] };
  measure?: Measure;
}

export interface Task {
  name: string;
  kind: 'static' | 'dynamic';
  /** What its items exercise and how deep (every item of the task carries these). */
  capabilities: Capability[];
  level: Level;
  /** Its answers follow from the scene's description and the cameras alone: it gets text twins. */
  text: boolean;
  generate(ctx: TaskContext): Draft[];
}
