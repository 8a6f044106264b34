import { loadCatalog } from '../sim/catalog';

/** Words for categories, shared by the tasks that name a category rather than an object. */

export function plural(category: string): string {
  return loadCatalog().categories.find((c) => c.name === category)?.plural ?? `${category}s`;
}

/** Categories the simulator may set moving: the plausible answers to "which object moved?". */
export function isMovable(category: string): boolean {
  return loadCatalog().categories.find((c) => c.name === category)?.movable ?? false;
}

/**
 * Categories a reader may lump together ("how many tables?" with a coffee table in view). A count
 * is not asked while a category of the same group is in view, so the answer never hinges on it.
 */
const CONFUSABLE: readonly (readonly string[])[] = [
  ['chair', 'armchair', 'stool', 'sofa'],
  ['table', 'coffee table', 'desk', 'nightstand', 'tv stand'],
  ['cabinet', 'dresser', 'nightstand', 'bookshelf', 'tv stand'],
  ['bookshelf', 'wall shelf'],
  ['floor lamp', 'table lamp', 'pendant lamp'],
  ['plant', 'potted plant'],
  ['tv', 'monitor', 'laptop'],
  ['box', 'basket', 'trash can'],
  ['painting', 'mirror'],
  ['mug', 'bowl', 'vase'],
];

export function confusableWith(category: string): Set<string> {
  const out = new Set<string>();
  for (const group of CONFUSABLE) if (group.includes(category)) for (const c of group) out.add(c);
  out.delete(category);
  return out;
}
