/**
 * Which two objects make a fair far-looks-up pair. Twin views flip the image order of two objects
 * only when the nearer one sits higher relative to its distance, so between a mug on a table and a
 * chair, a lamp and a laptop, or a clock and a painting, the category that usually sits higher
 * would nearly always be the closer one, and the names alone would give the answer away. Two
 * objects of one category (the red mug and the blue mug) leave nothing to guess from the names.
 */
export function fairDepthPair(a: { category: string }, b: { category: string }): boolean {
  return a.category === b.category;
}
