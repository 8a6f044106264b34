import type { AmodalCount } from './protocol';
import { SLOTS_PER_LAYER } from './protocol';

/**
 * Amodal counts from object-alone bit masks (RGBA8, GL row order, bottom row first). Slot k is bit
 * (k mod 8) of channel ⌊k/8⌋ of layer ⌊k/32⌋.
 *
 * Inside the image the masks are drawn on the image's own grid and counted exactly, with the id
 * layer of the same frame telling who covers the hidden part; a pixel where the id layer shows an
 * object always counts for that object, so visible ≤ in-frame amodal holds even where two
 * rasterizations of one edge disagree. Beyond the image, out to MARGIN of its size past every
 * border, the masks of the objects that reach the border are drawn on a grid COARSE times coarser
 * (each cell's centre standing for its COARSE² pixels), which is plenty to tell how much of an
 * object the border cuts off, at a sixteenth of the cost.
 */

/** The margin beyond each border, as a share of the image size. */
export const MARGIN = 0.5;
/** Fine pixels per coarse cell, along each axis. */
export const COARSE = 4;

/** The margin in pixels beyond each border, a whole number of coarse cells. */
export function marginPx(size: number): number {
  return Math.ceil((MARGIN * size) / COARSE) * COARSE;
}

export interface InFrameCounts {
  id: number;
  /** Pixels of the image grid whose centre the object covers alone. */
  px: number;
  /** Touches the image's border (so part of it may lie beyond). */
  atBorder: boolean;
  occluded_by: Record<string, number>;
}

/**
 * The exact counts inside the image, from masks drawn on the image grid. `maxId` bounds the ids the
 * id layer may show (the scene's largest object id).
 */
export function countInFrame(
  id: { data: Uint8Array; width: number; height: number },
  layers: readonly Uint8Array[],
  slots: readonly number[],
  maxId: number,
): InFrameCounts[] {
  const n = slots.length;
  const px = new Uint32Array(n);
  const border = new Uint8Array(n);
  // Pixels of each slot that each id (0: the shell) hides, dense: this loop visits every covered pixel.
  const ids = maxId + 1;
  const hiddenBy = new Uint32Array(n * ids);
  const slotOf = new Int32Array(ids).fill(-1);
  for (const [k, o] of slots.entries()) slotOf[o] = k;
  const words = layers.map((l) => new Uint32Array(l.buffer, l.byteOffset, l.length >> 2));
  const { width, height, data } = id;
  for (let p = 0, row = 0; row < height; row++)
    for (let col = 0; col < width; col++, p++) {
      const q = p << 2;
      const owner = (data[q] << 8) | data[q + 1];
      let covered = false;
      for (const w of words) if (w[p] !== 0) covered = true;
      if (!covered && owner === 0) continue;
      if (owner > maxId) throw new Error(`id layer shows object ${owner}, beyond the scene's ${maxId}`);
      const edge = row === 0 || col === 0 || row === height - 1 || col === width - 1;
      let ownBitSet = false;
      for (let a = 0; a < layers.length; a++) {
        const layer = layers[a];
        for (let c = 0; c < 4; c++) {
          let bits = layer[q + c];
          while (bits) {
            const b = 31 - Math.clz32(bits);
            bits &= ~(1 << b);
            const slot = a * SLOTS_PER_LAYER + c * 8 + b;
            px[slot]++;
            if (edge) border[slot] = 1;
            if (slots[slot] === owner) ownBitSet = true;
            else hiddenBy[slot * ids + owner]++;
          }
        }
      }
      const own = slotOf[owner];
      if (owner > 0 && !ownBitSet && own >= 0) {
        px[own]++;
        if (edge) border[own] = 1;
      }
    }
  return slots.map((o, k) => {
    const occluded: Record<string, number> = {};
    for (let j = 0; j < ids; j++) if (hiddenBy[k * ids + j] > 0) occluded[String(j)] = hiddenBy[k * ids + j];
    return { id: o, px: px[k], atBorder: border[k] === 1, occluded_by: occluded };
  });
}

/** The coarse grid beyond the image: its size in cells and where it starts, in image pixels. */
export interface MarginGrid {
  /** The image size, px. */
  width: number;
  height: number;
  /** Cells across and down. */
  cols: number;
  rows: number;
  /** Image pixels from the grid's left and top edges to the image's. */
  padX: number;
  padY: number;
}

export function marginGrid(width: number, height: number): MarginGrid {
  const padX = marginPx(width);
  const padY = marginPx(height);
  return {
    width,
    height,
    padX,
    padY,
    cols: Math.ceil((width + 2 * padX) / COARSE),
    rows: Math.ceil((height + 2 * padY) / COARSE),
  };
}

/**
 * Pixels beyond the image per slot, from masks drawn on the margin grid: each cell covered counts
 * its pixels that lie outside the image (all COARSE² of them, or the part of a cell the border
 * cuts).
 */
export function countMargin(grid: MarginGrid, layers: readonly Uint8Array[], slots: number): number[] {
  const out = new Array<number>(slots).fill(0);
  const span = (start: number, size: number) =>
    Math.max(0, Math.min(start + COARSE, size) - Math.max(start, 0));
  const words = layers.map((l) => new Uint32Array(l.buffer, l.byteOffset, l.length >> 2));
  for (let r = 0; r < grid.rows; r++) {
    // GL rows run bottom-up: row r of the layer is the grid's (rows − 1 − r)th from the top.
    const y = (grid.rows - 1 - r) * COARSE - grid.padY;
    const inY = span(y, grid.height);
    for (let c = 0; c < grid.cols; c++) {
      const w = r * grid.cols + c;
      if (words.every((l) => l[w] === 0)) continue;
      const x = c * COARSE - grid.padX;
      const outside = COARSE * COARSE - inY * span(x, grid.width);
      if (outside === 0) continue;
      for (let a = 0; a < layers.length; a++)
        for (let ch = 0; ch < 4; ch++) {
          let bits = layers[a][(w << 2) + ch];
          while (bits) {
            const b = 31 - Math.clz32(bits);
            bits &= ~(1 << b);
            const slot = a * SLOTS_PER_LAYER + ch * 8 + b;
            if (slot < slots) out[slot] += outside;
          }
        }
    }
  }
  return out;
}

/** In-frame counts and the margin's, as the page reports them. */
export function amodalCounts(
  inFrame: readonly InFrameCounts[],
  margin: ReadonlyMap<number, number>,
): AmodalCount[] {
  return inFrame.map((c) => ({
    id: c.id,
    px: c.px + (margin.get(c.id) ?? 0),
    inFrame: c.px,
    occluded_by: c.occluded_by,
  }));
}
