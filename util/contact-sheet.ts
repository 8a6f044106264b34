import sharp from 'sharp';

/**
 * Figures made of PNGs on disk: images side by side (a variant's two views, one frame in two
 * looks), and a labelled grid of such tiles (`sim catalog --preview`'s sheet, `sim gallery`).
 */

export interface Tile {
  label: string;
  /** PNG files shown left to right, each resized to the sheet's image size. */
  images: string[];
}

export interface SheetLayout {
  cols: number;
  /** Size of each image in a tile, px. */
  width: number;
  height: number;
}

const LABEL = 22;

/** The images in a row, each resized to width × height. */
export async function sideBySide(images: readonly string[], width: number, height: number): Promise<Buffer> {
  const inputs = await Promise.all(images.map((f) => sharp(f).resize(width, height).toBuffer()));
  return sharp({ create: { width: width * images.length, height, channels: 3, background: '#000' } })
    .composite(inputs.map((input, k) => ({ input, left: k * width, top: 0 })))
    .png()
    .toBuffer();
}

/** The tiles in a grid, `cols` to a row, each under its label. */
export async function contactSheet(tiles: readonly Tile[], layout: SheetLayout): Promise<Buffer> {
  const per = Math.max(1, ...tiles.map((t) => t.images.length));
  const [tw, th] = [layout.width * per, layout.height + LABEL];
  const rows = Math.ceil(tiles.length / layout.cols);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const layers = await Promise.all(
    tiles.map(async (t, i) => {
      const [left, top] = [(i % layout.cols) * tw, Math.floor(i / layout.cols) * th];
      const text = Buffer.from(
        `<svg width="${tw}" height="${LABEL}"><rect width="100%" height="100%" fill="#fff"/><text x="6" y="16" font-family="DejaVu Sans, sans-serif" font-size="14">${esc(t.label)}</text></svg>`,
      );
      return [
        { input: text, left, top },
        { input: await sideBySide(t.images, layout.width, layout.height), left, top: top + LABEL },
      ];
    }),
  );
  return sharp({ create: { width: layout.cols * tw, height: rows * th, channels: 3, background: '#fff' } })
    .composite(layers.flat())
    .png()
    .toBuffer();
}
