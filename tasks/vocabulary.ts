import { loadCatalog } from '../sim/catalog';

/** Words for categories, shared by the tasks that name a category rather than an object. */

export function plural(category: string): string {
  return loadCatalog().categories.find((c) => c.name === category)?.plural ?? `${category}s`;
}

/** Categories the simulator may set moving: the plausible answers to "which object moved?". */
export function isMovable(category: string): boolean {
  return loadCatalog().categories.find((c) => c.name === category)?.movable ?? false;
}

/** Categories a reader may lump with this one (assets/catalog.json `confusable`). */
export function confusableWith(category: string): Set<string> {
  const out = new Set<string>();
  for (const group of loadCatalog().confusable)
    if (group.includes(category)) for (const c of group) out.add(c);
  out.delete(category);
  return out;
}
