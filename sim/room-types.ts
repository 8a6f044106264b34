import { z } from 'zod';
import roomsJson from '../assets/rooms.json';
import { parseOrThrow } from '../util/errors';
import { type Catalog, loadCatalog } from './catalog';

/**
 * Room types are data (assets/rooms.json): each has its size ranges, the finishes its floor and
 * walls may take, its doors and windows, and its furniture as groups — an anchor placed by a rule
 * (against a wall, in a corner, in the middle, hung, on the ceiling, or as a run of kitchen units)
 * and the things arranged around it (nightstands beside a bed, chairs round a table, a monitor on
 * a desk, a picture on the wall above a sofa, a rug under a coffee table). sim/arrangement.ts
 * carries the rules out.
 */

const Count = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
  .refine(([a, b]) => a <= b, { error: 'min must not exceed max' });
const Range = z
  .tuple([z.number().positive(), z.number().positive()])
  .refine(([a, b]) => a <= b, { error: 'min must not exceed max' });

/** Where a group's anchor goes in the room. */
export const ANCHOR_PLACES = [
  /** Back against a wall, facing into the room. */
  'wall',
  /** Back against a wall, in one of its corners. */
  'corner',
  /** Anywhere on the floor, square to the room most of the time. */
  'free',
  /** Near the middle of the room, square to it. */
  'center',
  /** Hung on a wall at the category's mount height. */
  'hung',
  /** Hung beside a window (curtains). */
  'window_side',
  /** Hung below a window (radiators). */
  'window_below',
  /** On the ceiling. */
  'ceiling',
  /** Several categories side by side along one wall, touching (kitchen units). */
  'run',
] as const;

/** Where a satellite goes relative to the object it belongs to. */
export const SATELLITE_PLACES = [
  /** Left or right of it, backs aligned, facing the same way (nightstands by a bed). */
  'beside',
  /** Just in front of it, facing it (a chair at a desk). */
  'front',
  /** In front of it with room to walk, facing the same way (a coffee table before a sofa). */
  'front_far',
  /** Across the room, facing it (a tv stand facing a sofa), against a wall when one is near. */
  'facing',
  /** At its sides, facing it (chairs round a table). */
  'around',
  /** On one of its surfaces (a monitor on a desk, books on a shelf). */
  'on',
  /** Under it, it standing on this one (a rug under a coffee table). */
  'under',
  /** On the wall above it (a picture above a sofa, a mirror above a sink). */
  'above_wall',
  /** Hanging from the ceiling above it (a pendant lamp over a dining table). */
  'above',
  /** On the floor close by, turned at will (a plant by a sofa, a bin by a desk). */
  'near',
] as const;

/** Where on a surface an `on` item goes: anywhere, or centred towards the back or the front. */
export const ALIGNS = ['any', 'back', 'front'] as const;

export interface Item {
  /** One category, or alternatives of which one is drawn per object. */
  category: string | string[];
  count: [number, number];
  /** Probability that the item is there at all. */
  chance: number;
  place: string;
  align: (typeof ALIGNS)[number];
  with: Item[];
}

const ItemSchema: z.ZodType<Item, unknown> = z.lazy(() =>
  z.strictObject({
    category: z.union([z.string(), z.array(z.string()).min(1)]),
    count: Count.default([1, 1]),
    chance: z.number().min(0).max(1).default(1),
    place: z.string(),
    align: z.enum(ALIGNS).default('any'),
    with: z.array(ItemSchema).default([]),
  }),
);

export const RoomTypeSchema = z.strictObject({
  /** Relative frequency when the config allows several types. */
  weight: z.number().positive().default(1),
  size: z.strictObject({ width: Range, depth: Range, height: Range }),
  /** Finish material kinds the floor and the walls may take (catalog finishes). */
  floor: z.array(z.string()).min(1),
  wall: z.array(z.string()).min(1),
  doors: Count,
  windows: Count,
  groups: z.array(ItemSchema),
  /** Small things put on free surfaces (and the floor, where the category allows) at the end. */
  clutter: z.array(z.string()),
});
export type RoomType = z.infer<typeof RoomTypeSchema>;

function roomTypesSchema(catalog: Catalog) {
  const names = new Set(catalog.categories.map((c) => c.name));
  return z.record(z.string(), RoomTypeSchema).superRefine((types, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    const check = (item: Item, path: (string | number)[], anchor: boolean) => {
      const cats = typeof item.category === 'string' ? [item.category] : item.category;
      cats.forEach((c) => {
        if (!names.has(c)) issue(`unknown category "${c}" (see assets/catalog.json)`, [...path, 'category']);
      });
      const places: readonly string[] = anchor ? ANCHOR_PLACES : SATELLITE_PLACES;
      if (!places.includes(item.place))
        issue(`unknown place "${item.place}" (one of ${places.join(', ')})`, [...path, 'place']);
      for (const [k, w] of item.with.entries()) check(w, [...path, 'with', k], false);
    };
    for (const [name, t] of Object.entries(types)) {
      for (const [k, g] of t.groups.entries()) check(g, [name, 'groups', k], true);
      t.clutter.forEach((c, k) => {
        if (!names.has(c)) issue(`unknown category "${c}"`, [name, 'clutter', k]);
      });
      for (const kind of ['floor', 'wall'] as const)
        t[kind].forEach((m, k) => {
          if (!catalog.finishes[kind].includes(m))
            issue(`"${m}" is not a ${kind} finish of the catalog`, [name, kind, k]);
        });
    }
  });
}

let cached: Record<string, RoomType> | undefined;

/** The shipped room types (assets/rooms.json), checked against the catalog once per process. */
export function loadRoomTypes(): Record<string, RoomType> {
  cached ??= parseOrThrow(roomTypesSchema(loadCatalog()), roomsJson, 'assets/rooms.json');
  return cached;
}

export function categoriesOf(item: Item): string[] {
  return typeof item.category === 'string' ? [item.category] : item.category;
}
