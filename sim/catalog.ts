import { z } from 'zod';
import catalogJson from '../assets/catalog.json';
import { parseOrThrow } from '../util/errors';

/**
 * The object catalog is data (assets/catalog.json): categories with metric size ranges, a support
 * kind and a shape composed of primitives. Adding a category is adding an entry there.
 */

const Hex = z.string().regex(/^#[0-9a-f]{6}$/, 'a colour like "#a1b2c3"');
const Range = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, { error: 'min must not exceed max' });
const PositiveRange = z
  .tuple([z.number().positive(), z.number().positive()])
  .refine(([lo, hi]) => lo <= hi, { error: 'min must not exceed max' });
const Frac3 = z.tuple([z.number(), z.number(), z.number()]);

export const SHAPES = ['box', 'cylinder', 'sphere', 'cone'] as const;
export const ShapeSchema = z.enum(SHAPES);
export type Shape = z.infer<typeof ShapeSchema>;

export const AxisSchema = z.enum(['x', 'y', 'z']);

/**
 * One primitive of a category's shape, in fractions of the object's box: the unit primitive spans
 * [-0.5, 0.5]³, is scaled by `size` and moved to `center`, both × the object's size. The part must
 * stay inside the box, so the box bounds every rendered triangle.
 */
export const CatalogPartSchema = z
  .strictObject({
    shape: ShapeSchema,
    center: Frac3,
    size: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
    /** Axis of a cylinder or cone (default y). */
    axis: AxisSchema.optional(),
    /** Cylinder: top radius over bottom radius (default 1; 0 makes a cone). */
    taper: z.number().min(0).optional(),
    /** "body" takes the object's colour; anything else names a catalog material. */
    material: z.string(),
  })
  .refine((p) => p.center.every((c, i) => Math.abs(c) + p.size[i] / 2 <= 0.5 + 1e-9), {
    error: 'part sticks out of the object box (|center| + size/2 must be <= 0.5 on every axis)',
    path: ['center'],
  });
export type CatalogPart = z.infer<typeof CatalogPartSchema>;

export const SUPPORT_KINDS = ['floor', 'surface', 'wall', 'ceiling'] as const;
export const SupportKindSchema = z.enum(SUPPORT_KINDS);
export type SupportKind = z.infer<typeof SupportKindSchema>;

export const CategorySchema = z.strictObject({
  name: z.string().min(1),
  plural: z.string().min(1),
  /** How the object is named in questions; {color} is replaced by its colour name. */
  label: z.string().default('{color} {name}'),
  support: SupportKindSchema,
  /** Box size ranges in m: x = width, y = height, z = depth; the object faces its local +z. */
  size: z.strictObject({ x: PositiveRange, y: PositiveRange, z: PositiveRange }),
  /** Its top face holds "surface" objects (tables, shelves, boxes). */
  surface: z.boolean().default(false),
  /** Floor objects: probability of standing with their back against a wall. */
  against_wall: z.number().min(0).max(1).default(0),
  /** Wall objects: height of the box centre above the floor, m. */
  mount_height: Range.optional(),
  /** Colour names allowed for the body (default: every palette colour). */
  colors: z.array(z.string()).optional(),
  /** Relative frequency when categories are drawn. */
  weight: z.number().positive().default(1),
  /** Can be pushed in dynamic scenes. */
  movable: z.boolean().default(false),
  /** kg */
  mass: z.number().positive(),
  parts: z.array(CatalogPartSchema).min(1),
});
export type Category = z.infer<typeof CategorySchema>;

export const MaterialSchema = z.strictObject({
  color: Hex,
  roughness: z.number().min(0).max(1).default(0.8),
  metalness: z.number().min(0).max(1).default(0),
});
export type Material = z.infer<typeof MaterialSchema>;

export const ColorSchema = z.strictObject({ name: z.string(), hex: Hex });

export const CatalogSchema = z
  .strictObject({
    version: z.number().int(),
    colors: z.array(ColorSchema).min(8),
    materials: z.record(z.string(), MaterialSchema),
    categories: z.array(CategorySchema).min(1),
    room: z.strictObject({
      floors: z.array(z.strictObject({ name: z.string(), material: MaterialSchema })).min(1),
      walls: z.array(z.strictObject({ name: z.string(), material: MaterialSchema })).min(1),
      ceiling: MaterialSchema,
      door: MaterialSchema,
      window: MaterialSchema,
      frame: MaterialSchema,
    }),
  })
  .superRefine((cat, ctx) => {
    const colorNames = new Set(cat.colors.map((c) => c.name));
    const seen = new Set<string>();
    cat.categories.forEach((c, i) => {
      if (seen.has(c.name))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate category "${c.name}"`,
          path: ['categories', i, 'name'],
        });
      seen.add(c.name);
      c.parts.forEach((p, j) => {
        if (p.material !== 'body' && !(p.material in cat.materials))
          ctx.addIssue({
            code: 'custom',
            message: `unknown material "${p.material}"`,
            path: ['categories', i, 'parts', j, 'material'],
          });
      });
      for (const [k, name] of (c.colors ?? []).entries())
        if (!colorNames.has(name))
          ctx.addIssue({
            code: 'custom',
            message: `unknown colour "${name}"`,
            path: ['categories', i, 'colors', k],
          });
      if (c.support === 'wall' && !c.mount_height)
        ctx.addIssue({
          code: 'custom',
          message: 'wall objects need mount_height',
          path: ['categories', i, 'mount_height'],
        });
    });
  });
export type Catalog = z.infer<typeof CatalogSchema>;

let cached: Catalog | undefined;

/** The shipped catalog (assets/catalog.json, bundled at build time), validated once per process. */
export function loadCatalog(): Catalog {
  cached ??= parseOrThrow(CatalogSchema, catalogJson, 'assets/catalog.json');
  return cached;
}
