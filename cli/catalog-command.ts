import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Renderer, rendererOptions } from '../render/renderer';
import { categoryOf, loadCatalog } from '../sim/catalog';
import { resolveConfig } from '../sim/config';
import { type PreviewSize, previewScene } from '../sim/preview';
import type { Style } from '../sim/styles';
import { contactSheet, sideBySide, type Tile } from '../util/contact-sheet';
import { UserError } from '../util/errors';
import { writeFileAtomic } from '../util/files';

export interface CatalogFlags {
  preview?: string;
  category?: string[];
  style: Style;
  size: PreviewSize;
  image: number;
}

/**
 * `sim catalog`: the categories with their variants, sizes and supports; with --preview DIR, each
 * variant rendered alone (two views) as DIR/<category>/<variant>.png and one contact sheet of them
 * all, DIR/sheet.png, to judge at a glance whether every category reads as itself.
 */
export async function catalogCommand(flags: CatalogFlags, write: (text: string) => void): Promise<void> {
  const catalog = loadCatalog();
  const names = flags.category ?? catalog.categories.map((c) => c.name);
  const categories = names.map((n) => {
    if (!catalog.categories.some((c) => c.name === n))
      throw new UserError(`--category ${n}: no such category`);
    return categoryOf(catalog, n);
  });
  if (!flags.preview) {
    for (const c of categories) {
      const s = c.size;
      const range = (r: readonly number[]) => `${r[0]}–${r[1]}`;
      write(
        `${c.name.padEnd(16)} ${c.support.padEnd(8)} ${range(s.x)} × ${range(s.y)} × ${range(s.z)} m  ${c.variants.map((v) => v.name).join(', ')}\n`,
      );
    }
    return;
  }
  const out = flags.preview;
  const scratch = await mkdtemp(join(tmpdir(), 'sim-catalog-'));
  const { render } = resolveConfig({ render: { style: flags.style } });
  const renderer = await Renderer.start(rendererOptions(render));
  const tiles: Tile[] = [];
  try {
    for (const c of categories)
      for (const v of c.variants) {
        const scene = previewScene(catalog, c, v, flags.size, flags.image);
        const dir = join(scratch, `${c.name}-${v.name}`);
        await renderer.renderScene(scene, dir);
        const views = scene.frames.map((f) =>
          join(dir, 'frames', String(f.index).padStart(2, '0'), 'rgb.png'),
        );
        const file = join(out, c.name.replace(/\W+/g, '-'), `${v.name.replace(/\W+/g, '-')}.png`);
        await writeFileAtomic(file, await sideBySide(views, flags.image, flags.image));
        tiles.push({ label: `${c.name}: ${v.name}`, images: [file] });
        write(`${file}\n`);
      }
    await writeFileAtomic(
      join(out, 'sheet.png'),
      await contactSheet(tiles, { cols: 4, width: flags.image * 2, height: flags.image }),
    );
    write(`${join(out, 'sheet.png')}: ${tiles.length} variants\n`);
  } finally {
    await renderer.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
