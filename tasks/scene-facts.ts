import { z } from 'zod';
import type { SceneCache } from '../dataset/read';

/**
 * The part of scene.json that the statistics and the evaluation read: object names and categories,
 * and each frame's size and per-object annotations. Loose on purpose: the fields a consumer may
 * rely on (DESIGN.md) are checked, anything the generator adds later passes through, so stats and
 * evaluation keep working across scene schema versions.
 */

const AnnotationFactsSchema = z.looseObject({
  id: z.number().int().min(1),
  visible_px: z.number().int().min(0),
  /** Mean of the visible pixel centres [u, v], px; null when not visible. */
  centroid: z.tuple([z.number(), z.number()]).nullable(),
  /** Median depth over the visible pixels, m; older scenes may lack it. */
  depth_median: z.number().nullable().optional(),
});

const FrameFactsSchema = z.looseObject({
  index: z.number().int().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  objects: z.array(AnnotationFactsSchema),
});
export type FrameFacts = z.infer<typeof FrameFactsSchema>;

export const SceneFactsSchema = z.looseObject({
  id: z.string(),
  objects: z.array(z.looseObject({ id: z.number().int().min(1), name: z.string(), category: z.string() })),
  frames: z.array(FrameFactsSchema).min(1),
});
export type SceneFacts = z.infer<typeof SceneFactsSchema>;

export function frameByIndex(scene: SceneFacts, index: number): FrameFacts | undefined {
  return scene.frames.find((f) => f.index === index);
}

/** The frame index of an image path like scenes/000042/frames/03/rgb.png, or null for another layout. */
export function frameIndexOf(imagePath: string): number | null {
  const m = /(?:^|\/)frames\/(\d+)\/[^/]+$/.exec(imagePath);
  return m ? Number(m[1]) : null;
}

/** scene.json files read once each, as SceneFacts (`sim eval`'s baselines and features). */
export type SceneFactsCache = SceneCache<typeof SceneFactsSchema>;
