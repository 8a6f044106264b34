import type { Catalog, Category, Swatch, Variant } from './catalog';
import type { Rng } from './rng';
import type { Part, SceneObject, SupportSurface, Vec3 } from './schema';

/**
 * A catalog category made into one object: its style variant, its size, a material and colour for
 * each slot, and from those its parts in metres, its support surfaces and its light.
 */

export interface Look {
  variant: Variant;
  /** Per slot: the material kind and the swatch drawn for it. */
  slots: Record<string, { material: string; swatch: Swatch }>;
  /** A lamp whose light is on. */
  lit: boolean;
}

/** May an object of this look stand on `host` (a category name, or "floor")? */
export function mayStandOn(category: Category, look: Look, host: string): boolean {
  const on = look.variant.on ?? category.on;
  return on === undefined || on.includes(host);
}

/** Size ranges of a variant (its own, or the category's). */
export function sizeRanges(category: Category, variant: Variant) {
  return variant.size ?? category.size;
}

/**
 * Sizes vary together (one draw for overall scale) with some independent jitter per axis, so a
 * big table is big in every direction, as real ones are; `half` keeps the draw in the small or
 * the large half of the ranges.
 */
export function sampleSize(
  category: Category,
  variant: Variant,
  rng: Rng,
  half?: 'small' | 'large',
): [number, number, number] {
  const u = rng.float();
  const t = half === 'small' ? u / 2 : half === 'large' ? 0.5 + u / 2 : u;
  const r = sizeRanges(category, variant);
  const axis = ([lo, hi]: readonly [number, number]) =>
    lo + (hi - lo) * Math.min(1, Math.max(0, t + rng.range(-0.2, 0.2)));
  return [axis(r.x), axis(r.y), axis(r.z)];
}

/** The size a room of this height allows: ceiling objects keep head room, nothing reaches the ceiling. */
export function fitSize(roomHeight: number, category: Category, size: Vec3): [number, number, number] {
  const out: [number, number, number] = [size[0], size[1], size[2]];
  if (category.support === 'ceiling') out[1] = Math.min(out[1], Math.max(0.05, roomHeight - 1.95));
  else out[1] = Math.min(out[1], roomHeight - 0.15);
  return out;
}

/** Draws a variant, a material and swatch per slot (the body's swatch given when set), and the light. */
export function drawLook(
  catalog: Catalog,
  category: Category,
  rng: Rng,
  body?: { material: string; swatch: Swatch },
): Look {
  const variant = category.variants[rng.weightedIndex(category.variants.map((v) => v.weight))];
  const slots: Look['slots'] = {};
  for (const [slot, kinds] of Object.entries(category.slots)) {
    if (slot === 'body' && body) {
      slots.body = body;
      continue;
    }
    const material = rng.pick(kinds);
    slots[slot] = { material, swatch: rng.pick(catalog.materials[material].palette) };
  }
  return { variant, slots, lit: category.emits ? rng.bool(category.emits.on) : false };
}

/** Every body material and swatch the category can take, for choosing one not yet in the room. */
export function bodyOptions(catalog: Catalog, category: Category): { material: string; swatch: Swatch }[] {
  return category.slots.body.flatMap((material) =>
    catalog.materials[material].palette.map((swatch) => ({ material, swatch })),
  );
}

/** What the object is called before the scene makes names unique: "grey sofa", "light wooden table". */
export function baseName(category: Category, look: Look): string {
  return category.label.replace('{word}', look.slots.body.swatch.word).replace('{name}', category.name);
}

/** Parts in metres in the object's frame, with their materials, patterns and colours resolved. */
export function resolveParts(catalog: Catalog, look: Look, size: Vec3): Part[] {
  return look.variant.parts.map((p) => {
    const slot = look.slots[p.material];
    const material = slot?.material ?? p.material;
    const kind = catalog.materials[material];
    const swatch = slot?.swatch ?? kind.palette[0];
    const { shape, center, size: frac, material: _slot, ...params } = p;
    return {
      shape,
      ...params,
      center: [center[0] * size[0], center[1] * size[1], center[2] * size[2]],
      size: [frac[0] * size[0], frac[1] * size[1], frac[2] * size[2]],
      material,
      pattern: kind.pattern,
      color: swatch.hex,
      roughness: kind.roughness,
      metalness: kind.metalness,
      emissive: look.lit && kind.lit_emissive !== undefined ? kind.lit_emissive : kind.emissive,
    };
  });
}

/** The variant's support surfaces in metres in the object's frame. */
export function resolveSurfaces(look: Look, size: Vec3): SupportSurface[] {
  return look.variant.surfaces.map((s) => ({
    y: s.y * size[1],
    x: [s.x[0] * size[0], s.x[1] * size[0]],
    z: [s.z[0] * size[2], s.z[1] * size[2]],
    clearance: s.clearance === undefined ? null : s.clearance * size[1],
  }));
}

/** The light the object gives off, or null. */
export function resolveLight(category: Category, look: Look, size: Vec3): SceneObject['light'] {
  if (!category.emits || !look.lit) return null;
  const at = category.emits.at;
  return { at: [at[0] * size[0], at[1] * size[1], at[2] * size[2]], power: category.emits.power };
}
