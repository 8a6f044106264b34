import { join } from 'node:path';
import { Renderer, rendererOptions } from '../render/renderer';
import { resolveConfig } from '../sim/config';
import { SceneSchema } from '../sim/schema';
import type { Style } from '../sim/styles';
import { readJsonFile, writeFileAtomic } from '../util/files';

export interface RenderFlags {
  scene: string;
  out: string;
  style: Style;
  shadows: boolean;
  antialias?: 'on' | 'off';
}

/** `sim render --scene scene.json --out DIR`: renders one scene and writes it annotated beside its frames. */
export async function renderCommand(opts: RenderFlags): Promise<void> {
  const scene = await readJsonFile(opts.scene, SceneSchema);
  // The config's render settings, so that a look renders here as `sim generate` renders it.
  const { render } = resolveConfig({
    render: {
      style: opts.style,
      shadows: opts.shadows,
      ...(opts.antialias ? { antialias: opts.antialias === 'on' } : {}),
    },
  });
  const renderer = await Renderer.start(rendererOptions(render));
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
