import type { Scene } from '../sim/schema';
import type { QaItem } from '../tasks/schema';

/**
 * The inspector's HTTP API, shared by the server (inspect/server.ts) and the app (inspect/app/).
 * Types only, so the app bundle pulls in no schema code.
 *
 *   GET /api/dataset                      DatasetInfo
 *   GET /api/scenes?cursor&limit&q&task&split&role&failed   ScenePage
 *   GET /api/scene/<id>                   SceneDetail
 *   GET /api/pair?id=<pair id>            PairDetail (waits for the background index)
 *   GET /api/layer?scene&frame&layer      raw 16-bit values of depth.png or seg.png (see LAYER_HEADERS)
 *   GET /files/<path under DIR>           a dataset file, read-only
 */

export const PAIR_ROLES = ['consistent', 'counter'] as const;
export type PairRole = (typeof PAIR_ROLES)[number];
export type Split = QaItem['split'];

/** Progress of the one background pass over DIR/qa.jsonl that makes whole-dataset filters cheap. */
export interface IndexState {
  state: 'scanning' | 'complete' | 'missing' | 'failed';
  /** Lines read so far. */
  lines: number;
  /** Lines skipped as invalid (not JSON or failing the schema). */
  invalid: number;
  /** Task names seen so far (all of them once complete), sorted. */
  tasks: string[];
}

export interface DatasetInfo {
  /** The dataset folder's name. */
  name: string;
  /** Scene folders under DIR/scenes. */
  scenes: number;
  /** From dataset.json, when present and valid. */
  seed: number | null;
  counts: { scenes: number; frames: number; items: number } | null;
  index: IndexState;
  /** Models in the --results file, sorted; empty without one. */
  models: string[];
  /** Problems worth showing (an invalid dataset.json, skipped lines). */
  warnings: string[];
}

/** What the scene list shows and filters on, from the scene's questions alone (no scene.json). */
export interface SceneSummary {
  id: string;
  /** Split of its questions; null for a scene without questions. */
  split: Split | null;
  items: number;
  tasks: string[];
  /** Pair roles of its far-looks-up items. */
  roles: PairRole[];
  /** Wrong answers per model (only models with at least one). */
  failures: Record<string, number>;
}

export interface SceneFilter {
  /** Substring of the scene id. */
  q?: string;
  task?: string;
  split?: Split;
  /** A pair role, or "paired" for either. */
  role?: PairRole | 'paired';
  /** A model name, or "*" for any model. */
  failed?: string;
}

export interface ScenePage {
  scenes: SceneSummary[];
  /** Cursor for the next page (a position in the folder list), null at the end. */
  next: number | null;
  /** Matching scenes in the whole dataset, when known without reading more files (else null). */
  total: number | null;
  /** Scene folders in the dataset. */
  of: number;
}

/** One model's answer to an item, from the --results file. */
export interface ModelAnswer {
  model: string;
  correct: boolean;
  /** The response text, else the prediction, as given. */
  text: string | null;
}

export interface ItemView {
  item: QaItem;
  answers: ModelAnswer[];
}

export interface FrameFiles {
  index: number;
  /** Paths relative to DIR (fetch as /files/<path>). */
  rgb: string;
  depth: string;
  seg: string;
}

export interface SceneDetail {
  scene: Scene;
  frames: FrameFiles[];
  items: ItemView[];
  /** Lines of the scene's qa.jsonl that were skipped, with reasons. */
  errors: string[];
}

export interface PairDetail {
  id: string;
  /** Both twins with the scene each lives in. */
  items: ItemView[];
}

/** Response headers of /api/layer: the body is width·height little-endian uint16 values, rows top first. */
export const LAYER_HEADERS = { width: 'x-image-width', height: 'x-image-height' } as const;
export const LAYERS = ['depth', 'seg'] as const;
export type RawLayer = (typeof LAYERS)[number];

export interface ApiError {
  error: string;
}
