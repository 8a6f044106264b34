import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Renderer, rendererOptions } from '../render/renderer';
import { categoryOf, loadCatalog } from '../sim/catalog';
import { resolveConfig } from '../sim/config';
import { type PreviewSize, previewScene } from '../sim/preview';
import type { Style } from '../sim/styles';
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
  const tiles: { label: string; file: string }[] = [];
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
        const png = await sharp({
          create: { width: flags.image * 2, height: flags.image, channels: 3, background: '#000' },
        })
          .composite(views.map((input, k) => ({ input, left: k * flags.image, top: 0 })))
          .png()
          .toBuffer();
        await writeFileAtomic(file, png);
        tiles.push({ label: `${c.name}: ${v.name}`, file });
        write(`${file}\n`);
      }
    await writeFileAtomic(join(out, 'sheet.png'), await contactSheet(tiles, flags.image));
    write(`${join(out, 'sheet.png')}: ${tiles.length} variants\n`);
  } finally {
    await renderer.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The previews in a grid, four to a row, each under its label. */
async function contactSheet(tiles: { label: string; file: string }[], image: number): Promise<Buffer> {
  const [cols, label] = [4, 22];
  const [tw, th] = [image * 2, image + label];
  const rows = Math.ceil(tiles.length / cols);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const layers = tiles.flatMap((t, i) => {
    const [left, top] = [(i % cols) * tw, Math.floor(i / cols) * th];
    const text = Buffer.from(
      `<svg width="${tw}" height="${label}"><rect width="100%" height="100%" fill="#fff"/><text x="6" y="16" font-family="DejaVu Sans, sans-serif" font-size="14">${esc(t.label)}</text></svg>`,
    );
    return [
      { input: text, left, top },
      { input: t.file, left, top: top + label },
    ];
  });
  return sharp({ create: { width: cols * tw, height: rows * th, channels: 3, background: '#fff' } })
    .composite(layers)
    .png()
    .toBuffer();
}
