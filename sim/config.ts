import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseOrThrow, UserError } from '../util/errors';
import { loadCatalog } from './catalog';
import { loadRoomTypes } from './room-types';
import { STYLES } from './styles';

/** A [min, max] pair; min must not exceed max. */
function range(min: number, max: number, lo: number, hi = Number.POSITIVE_INFINITY) {
  return z
    .tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)])
    .refine(([a, b]) => a <= b, { error: 'min must not exceed max' })
    .default([min, max]);
}
function optionalRange(lo: number, hi: number) {
  return z
    .tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)])
    .refine(([a, b]) => a <= b, { error: 'min must not exceed max' })
    .optional();
}
function optionalIntRange(lo: number, hi: number) {
  return z
    .tuple([z.number().int().min(lo).max(hi), z.number().int().min(lo).max(hi)])
    .refine(([a, b]) => a <= b, { error: 'min must not exceed max' })
    .optional();
}
function intRange(min: number, max: number, lo: number, hi: number) {
  return z
    .tuple([z.number().int().min(lo).max(hi), z.number().int().min(lo).max(hi)])
    .refine(([a, b]) => a <= b, { error: 'min must not exceed max' })
    .default([min, max]);
}

/**
 * Everything that decides what `sim generate` makes. Scene i is a pure function of (this config,
 * seed, i). Lengths in m, angles in degrees, image sizes in px. Unknown keys are errors.
 */
export const ConfigSchema = z
  .strictObject({
    room: z
      .strictObject({
        /** Room types to draw from (assets/rooms.json); empty means every type, by its weight. */
        types: z
          .array(
            z.string().refine((name) => name in loadRoomTypes(), {
              error: (issue) =>
                `unknown room type "${issue.input}" (known: ${Object.keys(loadRoomTypes()).join(', ')})`,
            }),
          )
          .default([]),
        /** Inner width along x, depth along z and ceiling height, m: the room type's ranges unless set. */
        width: optionalRange(2.5, 30),
        depth: optionalRange(2.5, 30),
        height: optionalRange(2.2, 8),
        /** Doors and windows per room: the room type's counts unless set. */
        doors: optionalIntRange(0, 4),
        windows: optionalIntRange(0, 8),
      })
      .prefault({}),
    objects: z
      .strictObject({
        /** Objects per scene (furniture, things on it, things on walls and ceilings together). */
        count: intRange(14, 30, 1, 80),
        /** Category names to draw from (assets/catalog.json); empty means the whole catalog. */
        categories: z
          .array(
            z.string().refine((name) => loadCatalog().categories.some((c) => c.name === name), {
              error: (issue) => `unknown category "${issue.input}" (see assets/catalog.json)`,
            }),
          )
          .default([]),
        /**
         * Share of the objects placed at random, whatever the room type (any category, anywhere it
         * can stand); the rest follow the room type's arrangement.
         */
        clutter: z.number().min(0).max(1).default(0),
        /** Clearance between neighbouring objects, m. */
        min_gap: z.number().min(0).max(1).default(0.05),
      })
      .prefault({}),
    camera: z
      .strictObject({
        /** Horizontal field of view, degrees. */
        hfov: range(60, 75, 20, 120),
        /** Eye-level camera height, m, and its pitch (negative looks down), degrees. */
        eye_height: range(1.45, 1.7, 0.5, 3),
        eye_pitch: range(-20, -8, -60, 60),
        /** High camera (looking down). */
        high_height: range(2.0, 2.3, 0.5, 6),
        high_pitch: range(-40, -25, -89, 60),
        /** Low camera (looking up). */
        low_height: range(0.15, 0.35, 0.05, 3),
        low_pitch: range(5, 18, -60, 60),
        /** Share of static viewpoints seen from high rather than eye level. */
        high_fraction: z.number().min(0).max(1).default(0.25),
      })
      .prefault({}),
    image: z
      .strictObject({
        width: z.number().int().min(16).max(4096).default(512),
        height: z.number().int().min(16).max(4096).default(512),
      })
      .prefault({}),
    /** Frames (images) per static or dynamic scene. */
    frames: z.number().int().min(1).max(32).default(4),
    /** Share of scenes with motion (short camera paths or moving objects). */
    dynamic_fraction: z.number().min(0).max(1).default(0.3),
    /** Share of scenes walked through at eye height (frames and a video). */
    walkthrough_fraction: z.number().min(0).max(1).default(0.15),
    /** Share of scenes seen in 2–5 views (rotating in place, around an object, among objects). */
    multiview_fraction: z.number().min(0).max(1).default(0.15),
    walkthrough: z
      .strictObject({
        /** Frames of the walk, kept for questions and encoded as its video. */
        frames: z.number().int().min(8).max(256).default(32),
        /** Frames per second of the walk and its video: the walk lasts (frames − 1) / fps s. */
        fps: z.number().positive().max(30).default(1),
      })
      .prefault({}),
    multiview: z
      .strictObject({
        /**
         * Views per multi-view scene. At least 3 by default: the view-prediction and behind-the-camera
         * questions need a third view (set [2, …] for pairs too).
         */
        views: intRange(3, 5, 2, 8),
      })
      .prefault({}),
    /** Seconds between frames of a dynamic scene. */
    frame_interval: z.number().positive().max(10).default(0.5),
    splits: z
      .strictObject({
        train: z.number().min(0).default(0.8),
        val: z.number().min(0).default(0.1),
        test: z.number().min(0).default(0.1),
      })
      .refine((s) => s.train + s.val + s.test > 0, { error: 'split fractions must not all be 0' })
      .prefault({}),
    render: z
      .strictObject({
        /** The look of rgb.png: textured with room lights (realistic) or one plain colour per part (flat). */
        style: z.enum(STYLES).default('realistic'),
        /** Soft shadows from the sun light (a shadow map drawn once per still scene). */
        shadows: z.boolean().default(true),
        shadow_map_size: z.number().int().min(256).max(8192).default(2048),
        /** Multisample the RGB image (masks never are); default: on for realistic, off for flat. */
        antialias: z.boolean().optional(),
      })
      .prefault({}),
    tasks: z
      .strictObject({
        /** Task names to generate; empty means all. */
        include: z.array(z.string()).default([]),
        /**
         * An object is asked about only with at least this many visible pixels (default: 400 at
         * 512², scaled with the image area).
         */
        min_visible_px: z.number().int().min(1).optional(),
        /** ... and at least this visible fraction of its unoccluded pixels inside the image (in_frame_px). */
        min_visible_fraction: z.number().min(0).max(1).default(0.5),
        /** Counting thresholds T (pixels; default 200 at 512², scaled) and F (visible fraction). */
        count_min_px: z.number().int().min(1).optional(),
        count_min_fraction: z.number().min(0).max(1).default(0.3),
        /**
         * An object is asked about only when at least this share of its projection is inside the
         * image, by its pixels and by its box (objects cut by the border are not asked about).
         */
        min_in_frame_fraction: z.number().min(0).max(1).default(0.7),
        /**
         * Share of the single-image questions (other than the far-looks-up pairs) asked on the
         * low, upward-looking views, about as often as real photographs are taken from there.
         */
        low_view_share: z.number().min(0).max(1).default(0.1),
        /**
         * Ask every question that the scene's description answers also in text form: the same
         * question about scenes/<id>/text/*.txt instead of the images (the perception gap).
         */
        text_twins: z.boolean().default(true),
      })
      .prefault({}),
  })
  .refine((c) => c.dynamic_fraction + c.walkthrough_fraction + c.multiview_fraction <= 1 + 1e-9, {
    error:
      'dynamic_fraction + walkthrough_fraction + multiview_fraction must not exceed 1 (the rest is static)',
    path: ['dynamic_fraction'],
  })
  .transform((c) => {
    // Pixel thresholds follow the image size, so that --size 256 asks about the same objects as 512.
    const area = (c.image.width * c.image.height) / (512 * 512);
    const scaled = (px: number) => Math.max(1, Math.round(px * area));
    return {
      ...c,
      // Spelled out in schema order, so that a resolved config resolves again to the same bytes.
      render: {
        style: c.render.style,
        shadows: c.render.shadows,
        shadow_map_size: c.render.shadow_map_size,
        antialias: c.render.antialias ?? c.render.style === 'realistic',
      },
      tasks: {
        include: c.tasks.include,
        min_visible_px: c.tasks.min_visible_px ?? scaled(400),
        min_visible_fraction: c.tasks.min_visible_fraction,
        count_min_px: c.tasks.count_min_px ?? scaled(200),
        count_min_fraction: c.tasks.count_min_fraction,
        min_in_frame_fraction: c.tasks.min_in_frame_fraction,
        low_view_share: c.tasks.low_view_share,
        text_twins: c.tasks.text_twins,
      },
    };
  });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Defaults applied to a partial config object (e.g. parsed from a file or built by a test). */
export function resolveConfig(input: unknown, source = 'config'): Config {
  return parseOrThrow(ConfigSchema, input ?? {}, source);
}

/** Reads a JSON or YAML config file as written (no defaults yet): flags can still override it. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: cannot parse (${(err as Error).message.split('\n')[0]})`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UserError(`${path}: expected a mapping of config fields`);
  return value as Record<string, unknown>;
}

/** Reads a JSON or YAML config file and fills in the defaults; errors name the file and the field. */
export async function loadConfigFile(path: string): Promise<Config> {
  return resolveConfig(await readConfigFile(path), path);
}
