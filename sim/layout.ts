import { join } from 'node:path';
import { z } from 'zod';
import { ConfigSchema } from './config';
import { frameDir, sceneId } from './schema';

/**
 * The dataset folder (docs/format.md):
 *   dataset.json, qa.jsonl, scenes/<id>/scene.json, scenes/<id>/qa.jsonl (that scene's lines),
 *   scenes/<id>/manifest.json, scenes/<id>/frames/<kk>/{rgb,depth,seg}.png, scenes/<id>/text/*.txt
 *   (descriptions) and, for walkthroughs, scenes/<id>/video.mp4
 */

export const DATASET_VERSION = 1;

export const DatasetSchema = z.strictObject({
  version: z.literal(DATASET_VERSION),
  seed: z.number().int(),
  /** The generation config after defaults. */
  config: ConfigSchema,
  counts: z.strictObject({
    scenes: z.number().int().min(0),
    frames: z.number().int().min(0),
    items: z.number().int().min(0),
  }),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const LAYERS = ['rgb', 'depth', 'seg'] as const;
export type Layer = (typeof LAYERS)[number];

export const datasetJsonPath = (dir: string) => join(dir, 'dataset.json');
export const qaPath = (dir: string) => join(dir, 'qa.jsonl');
export const scenesDir = (dir: string) => join(dir, 'scenes');
export const sceneDir = (dir: string, index: number) => join(dir, 'scenes', sceneId(index));
export const sceneJsonPath = (dir: string, index: number) => join(sceneDir(dir, index), 'scene.json');
export const sceneQaPath = (dir: string, index: number) => join(sceneDir(dir, index), 'qa.jsonl');

/**
 * What a frame image path in qa.jsonl looks like (group 1: the scene id): nothing outside the
 * dataset's frame folders, so no question can make a reader open another file.
 */
export const FRAME_IMAGE_PATH = /^scenes\/(\d{6,})\/frames\/\d{2,}\/rgb\.png$/;

/** Path of a frame layer relative to the dataset folder (as qa.jsonl `images` hold them). */
export function framePath(sceneIndex: number, frame: number, layer: Layer): string {
  return `scenes/${sceneId(sceneIndex)}/frames/${frameDir(frame)}/${layer}.png`;
}
