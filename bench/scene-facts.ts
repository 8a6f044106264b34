import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../util/files';

/**
 * The part of scene.json that bench reads: object names and ids, and each frame's size and per-object
 * annotations. Loose on purpose: fields a consumer may rely on (DESIGN.md) are checked, anything the
 * generator adds later passes through, so evaluation keeps working across scene schema versions.
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
  objects: z.array(z.looseObject({ id: z.number().int().min(1), name: z.string() })),
  frames: z.array(FrameFactsSchema).min(1),
});
export type SceneFacts = z.infer<typeof SceneFactsSchema>;

/** Loads each scene.json once; concurrent callers share the same read. */
export class SceneFactsCache {
  private readonly scenes = new Map<string, Promise<SceneFacts>>();

  constructor(private readonly dataDir: string) {}

  get(sceneId: string): Promise<SceneFacts> {
    let facts = this.scenes.get(sceneId);
    if (!facts) {
      facts = readJsonFile(join(this.dataDir, 'scenes', sceneId, 'scene.json'), SceneFactsSchema);
      this.scenes.set(sceneId, facts);
    }
    return facts;
  }
}

export function frameByIndex(scene: SceneFacts, index: number): FrameFacts | undefined {
  return scene.frames.find((f) => f.index === index);
}
