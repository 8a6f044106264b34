import { z } from 'zod';
import catalogJson from '../assets/catalog.json';
import { parseOrThrow } from '../util/errors';
import { PATTERNS } from './patterns';

/**
 * The object catalog is data (assets/catalog.json): materials with real-world palettes, room
 * finishes, and categories with metric size ranges, a support kind, material slots and style
 * variants built from parametric parts. Adding a category is adding an entry there.
 */

const Hex = z.string().regex(/^#[0-9a-f]{6}$/, 'a colour like "#a1b2c3"');
const PositiveRange = z
  .tuple([z.number().positive(), z.number().positive()])
  .refine(([lo, hi]) => lo <= hi, { error: 'min must not exceed max' });
const Range = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, { error: 'min must not exceed max' });
const Frac = z.number().min(-0.5).max(0.5);
const Frac3 = z.tuple([Frac, Frac, Frac]);
const Frac2 = z.tuple([Frac, Frac]);

export const SHAPES = [
  'box',
  'rounded_box',
  'cylinder',
  'cone',
  'sphere',
  'torus',
  'lathe',
  'extrusion',
] as const;
export const ShapeSchema = z.enum(SHAPES);
export type Shape = z.infer<typeof ShapeSchema>;

export const AxisSchema = z.enum(['x', 'y', 'z']);
export type Axis = z.infer<typeof AxisSchema>;

export const PatternSchema = z.enum(PATTERNS);

/**
 * What a part's shape needs beyond its box, shared by catalog parts and scene.json parts. Every
 * shape is built inside the unit box [-0.5, 0.5]³ (round shapes as inscribed polygons), so a part
 * never leaves the box its `center` and `size` give it.
 *   cylinder   `axis` (default y), `taper`: top radius over bottom radius (default 1)
 *   cone       `axis`
 *   torus      `axis` (of the ring), `tube`: tube radius over ring radius (0–1), `arc`: sweep, rad
 *   lathe      `profile`: [radius, height] points revolved about y, radius 0–0.5, height −0.5–0.5
 *   extrusion  `polygon`: [a, b] points of a simple polygon in the plane across `axis`, extruded
 *              along it over the whole box (a: the first other axis, x or y; b: the second, y or z)
 *   rounded_box `radius`: corner radius, m
 */
export const ShapeParamsSchema = z.strictObject({
  axis: AxisSchema.optional(),
  taper: z.number().min(0).optional(),
  tube: z.number().positive().max(1).optional(),
  arc: z
    .number()
    .positive()
    .max(2 * Math.PI)
    .optional(),
  profile: z
    .array(z.tuple([z.number().min(0).max(0.5), Frac]))
    .min(2)
    .optional(),
  polygon: z.array(Frac2).min(3).optional(),
  radius: z.number().min(0).max(0.5).optional(),
  /** Rotation of the part about its centre, rad, Euler XYZ, applied in the box's unit frame. */
  rotation: z.tuple([z.number(), z.number(), z.number()]).optional(),
});
export type ShapeParams = z.infer<typeof ShapeParamsSchema>;

/** Which shape needs which parameter: the catalog refuses a lathe without a profile, etc. */
export function shapeProblem(shape: Shape, p: ShapeParams): string | null {
  if (shape === 'lathe' && !p.profile) return 'a lathe needs a profile';
  if (shape === 'extrusion' && !p.polygon) return 'an extrusion needs a polygon';
  if (p.profile && shape !== 'lathe') return 'only a lathe takes a profile';
  if (p.polygon && shape !== 'extrusion') return 'only an extrusion takes a polygon';
  if (p.tube !== undefined && shape !== 'torus') return 'only a torus takes tube';
  if (p.radius !== undefined && shape !== 'rounded_box') return 'only a rounded_box takes radius';
  return null;
}

/** The eight corners of a part's box in the object's unit frame, after its rotation. */
export function partCorners(
  center: readonly number[],
  size: readonly number[],
  rotation?: readonly number[],
) {
  const [rx, ry, rz] = rotation ?? [0, 0, 0];
  const [cx, sx, cy, sy, cz, sz] = [
    Math.cos(rx),
    Math.sin(rx),
    Math.cos(ry),
    Math.sin(ry),
    Math.cos(rz),
    Math.sin(rz),
  ];
  const out: [number, number, number][] = [];
  for (const a of [-0.5, 0.5])
    for (const b of [-0.5, 0.5])
      for (const c of [-0.5, 0.5]) {
        // Euler XYZ as three.js applies it: R = Rx · Ry · Rz.
        let [x, y, z] = [a * size[0], b * size[1], c * size[2]];
        [x, y] = [cz * x - sz * y, sz * x + cz * y];
        [x, z] = [cy * x + sy * z, -sy * x + cy * z];
        [y, z] = [cx * y - sx * z, sx * y + cx * z];
        out.push([center[0] + x, center[1] + y, center[2] + z]);
      }
  return out;
}

/**
 * One part of a style variant, in fractions of the object's box: the unit shape is scaled by
 * `size`, turned by `rotation` and moved to `center`, all × the object's size. It must stay inside
 * the box, so the box bounds every rendered triangle. `material` names a slot of the category
 * (drawn per object) or a fixed material of the catalog.
 */
export const CatalogPartSchema = ShapeParamsSchema.extend({
  shape: ShapeSchema,
  center: Frac3,
  size: z.tuple([z.number().positive().max(1), z.number().positive().max(1), z.number().positive().max(1)]),
  material: z.string(),
}).superRefine((p, ctx) => {
  const problem = shapeProblem(p.shape, p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['shape'] });
  const out = partCorners(p.center, p.size, p.rotation).some((c) => c.some((v) => Math.abs(v) > 0.5 + 1e-9));
  if (out)
    ctx.addIssue({
      code: 'custom',
      message: 'part sticks out of the object box (|center| + rotated size/2 must be <= 0.5 on every axis)',
      path: ['center'],
    });
});
export type CatalogPart = z.infer<typeof CatalogPartSchema>;

/**
 * A plane other objects can stand on, in fractions of the box: its height `y`, its extent in x and
 * z, and the free height above it (`clearance`, up to the next shelf; absent for an open top).
 */
export const SurfaceSchema = z.strictObject({
  y: Frac,
  x: Frac2,
  z: Frac2,
  clearance: z.number().positive().max(1).optional(),
});
export type CatalogSurface = z.infer<typeof SurfaceSchema>;

export const VariantSchema = z.strictObject({
  name: z.string().min(1),
  weight: z.number().positive().default(1),
  /** Size ranges of this variant, m, where they differ from the category's. */
  size: z.strictObject({ x: PositiveRange, y: PositiveRange, z: PositiveRange }).optional(),
  /** Where this variant may stand, where narrower than the category's `on` (a big plant: the floor only). */
  on: z.array(z.string()).optional(),
  surfaces: z.array(SurfaceSchema).default([]),
  parts: z.array(CatalogPartSchema).min(1),
});
export type Variant = z.infer<typeof VariantSchema>;

export const SUPPORT_KINDS = ['floor', 'surface', 'wall', 'ceiling'] as const;
export const SupportKindSchema = z.enum(SUPPORT_KINDS);
export type SupportKind = z.infer<typeof SupportKindSchema>;

/** A light an object gives off in the realistic look (ceiling lights, lamps): where, and how strong. */
export const EmitterSchema = z.strictObject({
  /** Position in fractions of the box. */
  at: Frac3,
  /** Relative strength (1 = a ceiling light). */
  power: z.number().positive(),
  /** Share of objects of the category whose light is on. */
  on: z.number().min(0).max(1).default(1),
});

export const CategorySchema = z.strictObject({
  name: z.string().min(1),
  plural: z.string().min(1),
  /** How the object is named in questions; {word} is its body's colour or material word. */
  label: z.string().default('{word} {name}'),
  support: SupportKindSchema,
  /** Surface objects: the categories they may stand on ("floor" for the floor); any supporter when absent. */
  on: z.array(z.string()).optional(),
  /** Box size ranges in m: x = width, y = height, z = depth; the object faces its local +z. */
  size: z.strictObject({ x: PositiveRange, y: PositiveRange, z: PositiveRange }),
  /** Most objects of this category in one room. */
  max_per_room: z.number().int().min(1).default(2),
  /** Floor objects placed freely: probability of standing with their back against a wall. */
  against_wall: z.number().min(0).max(1).default(0),
  /** Wall objects: height of the box centre above the floor, m. */
  mount_height: Range.optional(),
  /** Relative frequency when categories are drawn at random (clutter). */
  weight: z.number().positive().default(1),
  /** Can be moved in dynamic scenes. */
  movable: z.boolean().default(false),
  /** kg */
  mass: z.number().positive(),
  /** Material slots: slot name → material kinds an object may take for it; "body" names the object. */
  slots: z.record(z.string(), z.array(z.string()).min(1)),
  emits: EmitterSchema.optional(),
  variants: z.array(VariantSchema).min(1),
});
export type Category = z.infer<typeof CategorySchema>;

/** A colour of a material kind, with the word a person would use for it ("light wooden", "grey"). */
export const SwatchSchema = z.strictObject({ hex: Hex, word: z.string().min(1) });
export type Swatch = z.infer<typeof SwatchSchema>;

/** A kind of material: its texture pattern, its look, and the colours it comes in. */
export const MaterialSchema = z.strictObject({
  pattern: PatternSchema,
  roughness: z.number().min(0).max(1).default(0.8),
  metalness: z.number().min(0).max(1).default(0),
  /** Glows in the realistic look (window glass, a mirror's sheen), 0–1. */
  emissive: z.number().min(0).max(1).default(0),
  /** Glows like this instead while the object's light is on (lamp shades, bulbs), 0–1. */
  lit_emissive: z.number().min(0).max(1).optional(),
  palette: z.array(SwatchSchema).min(1),
});
export type Material = z.infer<typeof MaterialSchema>;

export const FINISH_KINDS = ['floor', 'wall', 'ceiling', 'door', 'window', 'frame', 'baseboard'] as const;

export const CatalogSchema = z
  .strictObject({
    version: z.number().int(),
    materials: z.record(z.string(), MaterialSchema),
    /** Room shell finishes by kind, each a material kind name (its palette gives the colour). */
    finishes: z.strictObject(
      Object.fromEntries(FINISH_KINDS.map((k) => [k, z.array(z.string()).min(1)])) as Record<
        (typeof FINISH_KINDS)[number],
        z.ZodArray<z.ZodString>
      >,
    ),
    /**
     * Groups of categories a person may lump together ("how many tables?" with a coffee table in
     * view): a count is not asked while another category of the group is in view.
     */
    confusable: z.array(z.array(z.string()).min(2)),
    categories: z.array(CategorySchema).min(1),
  })
  .superRefine((cat, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    for (const [kind, names] of Object.entries(cat.finishes))
      names.forEach((m, i) => {
        if (!(m in cat.materials)) issue(`unknown material "${m}"`, ['finishes', kind, i]);
      });
    const names = new Set(cat.categories.map((c) => c.name));
    for (const [i, group] of cat.confusable.entries())
      for (const [j, n] of group.entries())
        if (!names.has(n)) issue(`unknown category "${n}"`, ['confusable', i, j]);
    const seen = new Set<string>();
    cat.categories.forEach((c, i) => {
      if (seen.has(c.name)) issue(`duplicate category "${c.name}"`, ['categories', i, 'name']);
      seen.add(c.name);
      if (!c.slots.body) issue('every category needs a "body" slot', ['categories', i, 'slots']);
      for (const [slot, kinds] of Object.entries(c.slots))
        kinds.forEach((k, j) => {
          if (!(k in cat.materials)) issue(`unknown material "${k}"`, ['categories', i, 'slots', slot, j]);
        });
      for (const [j, v] of c.variants.entries())
        v.parts.forEach((p, k) => {
          if (!(p.material in c.slots) && !(p.material in cat.materials))
            issue(`"${p.material}" is neither a slot of the category nor a material`, [
              'categories',
              i,
              'variants',
              j,
              'parts',
              k,
              'material',
            ]);
        });
      for (const [k, on] of (c.on ?? []).entries())
        if (on !== 'floor' && !names.has(on)) issue(`unknown category "${on}"`, ['categories', i, 'on', k]);
      if (c.support === 'wall' && !c.mount_height)
        issue('wall objects need mount_height', ['categories', i, 'mount_height']);
    });
  });
export type Catalog = z.infer<typeof CatalogSchema>;

let cached: Catalog | undefined;

/** The shipped catalog (assets/catalog.json, bundled at build time), validated once per process. */
export function loadCatalog(): Catalog {
  cached ??= parseOrThrow(CatalogSchema, catalogJson, 'assets/catalog.json');
  return cached;
}

/** The category of that name (an unknown name is a bug: names come from the catalog). */
export function categoryOf(catalog: Catalog, name: string): Category {
  const c = catalog.categories.find((k) => k.name === name);
  if (!c) throw new Error(`no category "${name}" in the catalog`);
  return c;
}

/** The categories that have a surface to stand on in some variant. */
export function isSupporter(c: Category): boolean {
  return c.variants.some((v) => v.surfaces.length > 0);
}
