import { join } from 'node:path';
import { Renderer } from '../render/renderer';
import { SceneSchema } from '../sim/schema';
import { readJsonFile, writeFileAtomic } from '../util/files';

/** `sim render --scene scene.json --out DIR`: renders one scene and writes it annotated beside its frames. */
export async function renderCommand(opts: {
  scene: string;
  out: string;
  shadows: boolean;
  antialias: boolean;
}): Promise<void> {
  const scene = await readJsonFile(opts.scene, SceneSchema);
  const renderer = await Renderer.start({ shadows: opts.shadows, antialias: opts.antialias });
  try {
    const t0 = performance.now();
    const { scene: annotated } = await renderer.renderScene(scene, opts.out);
    await writeFileAtomic(join(opts.out, 'scene.json'), `${JSON.stringify(annotated, null, 2)}\n`);
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(
      `rendered scene ${scene.id}: ${scene.frames.length} frames in ${s.toFixed(2)} s -> ${opts.out}\n`,
    );
  } finally {
    await renderer.close();
  }
}
