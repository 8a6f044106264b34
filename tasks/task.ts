import type { Config } from '../sim/config';
import type { Rng } from '../sim/rng';
import type { Scene } from '../sim/schema';
import type { SceneView } from './scene-view';
import type { Capability, Level, Measure, Pair, Unit } from './schema';
import type { AnswerType, Coords, StructuredAnswer } from './structured';

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
  /** A frame's seg and depth pixels (the point task's regions), when the caller has them. */
  pixels?: (frame: number) => FramePixels | null;
}

/** A frame's seg.png and depth.png values, top row first (pixel (i, j) at j·width + i). */
export interface FramePixels {
  width: number;
  height: number;
  seg: Uint16Array;
  depth: Uint16Array;
}

/** One question as a task states it; index.ts adds what every item shares. */
export interface Draft {
  /** The full text a model sees, without the option lines. */
  question: string;
  /** Option texts, or null for a numeric answer. */
  choices: string[] | null;
  /** A letter naming one of `choices`, the number (already rounded for its unit), or a structured answer. */
  answer: string | number | StructuredAnswer;
  /** Unit of a numeric answer; null for choice items. */
  unit: Unit | null;
  /** The answer's type when it is not a letter or a number (tasks/structured.ts). */
  answer_type?: AnswerType;
  /** Structured answers' settings (tasks/structured.ts). */
  grid?: number;
  frame?: 'grid' | 'metric';
  legend?: Record<string, string>;
  coords?: Coords;
  image_size?: [number, number];
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
