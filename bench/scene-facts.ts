import { join } from 'node:path';
import { type SceneFacts, SceneFactsSchema } from '../tasks/scene-facts';
import { readJsonFile } from '../util/files';

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
