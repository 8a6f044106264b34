import { loadCatalog } from './catalog';
import type { Support } from './schema';

/**
 * Which two objects make a fair far-looks-up pair. Twin views flip the image order of two objects
 * only when the nearer one sits higher relative to its distance, so between a mug on a table and a
 * chair, a lamp and a laptop, or a clock and a painting, the category that usually sits higher
 * would nearly always be the closer one, and the names alone would give the answer away. Two
 * objects of one category (the red mug and the blue mug) leave nothing to guess from the names;
 * nor do two of one kind that stand alike (a cup and a mug on tables, a chair and a stool on the
 * floor: one confusable group of the catalog, the same kind of support). `sim stats` measures
 * what a category prior still gets right on depth_order.
 */
/** The vertical centroid offset, as a share of the image height, that counts as clearly higher. */
export const MIN_OFFSET = 0.02;
/** The farther object's visible pixels over the nearer's: at least (1/1.2)², linear size within 20%. */
export const MIN_AREA_RATIO = 1 / 1.44;
/**
 * …and at most twice: a picture four times the size of the other, farther yet looking larger, would
 * make "the smaller one in the image is closer" right on most pairs.
 */
export const MAX_AREA_RATIO = 2;

/**
 * Whether the farther of two objects looks about as large as the nearer (visible pixels, or an
 * estimate of them): MIN_AREA_RATIO–MAX_AREA_RATIO times its size, the window narrowed by `share`
 * < 1 for a looser check.
 */
export function looksAlike(near: number, far: number, share = 1): boolean {
  return far >= near * MIN_AREA_RATIO * share && far * share <= near * MAX_AREA_RATIO;
}

/**
 * A pair's apparent-size class: in which of its twins' roles the nearer object looks larger (more
 * visible pixels) — both, only the consistent one, only the counter one, or neither. Drawing the
 * classes evenly keeps "the larger one in the image is closer" right half the time on the
 * consistent items and half the time on the counter ones.
 */
export const SIZE_CLASSES = ['both', 'consistent', 'counter', 'neither'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export function sizeClass(nearLargerConsistent: boolean, nearLargerCounter: boolean): SizeClass {
  if (nearLargerConsistent) return nearLargerCounter ? 'both' : 'consistent';
  return nearLargerCounter ? 'counter' : 'neither';
}

export function fairDepthPair(
  a: { category: string; support: Support },
  b: { category: string; support: Support },
): boolean {
  if (a.category === b.category) return true;
  if (standsOn(a.support) !== standsOn(b.support)) return false;
  return loadCatalog().confusable.some((g) => g.includes(a.category) && g.includes(b.category));
}

const standsOn = (s: Support) => (typeof s === 'number' ? 'object' : s);
