import { z } from 'zod';

/**
 * Structured answers (issue "structured answers"): what each answer type's `answer` holds, as JSON.
 *   layout        object name → [row, column] on the item's grid (0-based; row 0 the far side, "north"),
 *                 or → [x, z] metres in the first camera's floor frame (x right, z forward) with
 *                 `frame: "metric"`
 *   ascii         the map as text: `grid` lines of `grid` characters, "." empty, a legend letter per object
 *   box           [x1, y1, x2, y2] in image pixels, end-exclusive like `bbox`
 *   point         the region a right point falls in: row-major run lengths over the image (`Region`)
 *   image_choice  a letter; the options (`choices`) are frame images
 *   sequence      the steps in order, each from a small vocabulary ("turn left", "go forward 1.5 m")
 * Boxes and points are asked in pixels or on Qwen's 0–1000 scale (`coords`); the answer is always
 * in pixels, and the image's size is on the item.
 */

export const STRUCTURED_TYPES = ['layout', 'ascii', 'box', 'point', 'image_choice', 'sequence'] as const;
export const ANSWER_TYPES = ['choice', 'number', ...STRUCTURED_TYPES] as const;
export const AnswerTypeSchema = z.enum(ANSWER_TYPES);
export type AnswerType = z.infer<typeof AnswerTypeSchema>;

export const COORDS = ['pixel', 'norm1000'] as const;
export type Coords = (typeof COORDS)[number];

export const LayoutAnswerSchema = z.record(z.string(), z.tuple([z.number(), z.number()]));
export type LayoutAnswer = z.infer<typeof LayoutAnswerSchema>;
export const BoxAnswerSchema = z.tuple([
  z.number().int(),
  z.number().int(),
  z.number().int(),
  z.number().int(),
]);
export type Box = z.infer<typeof BoxAnswerSchema>;

/** A pixel region as run lengths over the image in row-major order, the first run outside it. */
export const RegionSchema = z.strictObject({
  /** [width, height] of the image. */
  size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  counts: z.array(z.number().int().min(0)),
});
export type Region = z.infer<typeof RegionSchema>;
export const SequenceAnswerSchema = z.array(z.string().min(1)).min(1);

/** What `answer` holds for a structured type (an ASCII map and an image choice's letter are strings). */
export type StructuredAnswer = LayoutAnswer | Box | Region | string[] | string;

/** Which answer schema each structured type's answer must pass. */
export const STRUCTURED_ANSWER: Record<(typeof STRUCTURED_TYPES)[number], z.ZodType> = {
  layout: LayoutAnswerSchema,
  ascii: z.string().min(1),
  box: BoxAnswerSchema,
  point: RegionSchema,
  image_choice: z.string().regex(/^[A-Z]$/),
  sequence: SequenceAnswerSchema,
};

export function encodeRegion(mask: Uint8Array, width: number, height: number): Region {
  const counts: number[] = [];
  let inside = 0;
  let run = 0;
  for (let p = 0; p < mask.length; p++) {
    const v = mask[p] ? 1 : 0;
    if (v !== inside) {
      counts.push(run);
      run = 0;
      inside = v;
    }
    run++;
  }
  counts.push(run);
  return { size: [width, height], counts };
}

/** The region back as a mask over the image, row-major. */
export function decodeRegion(region: Region): Uint8Array {
  const mask = new Uint8Array(region.size[0] * region.size[1]);
  let at = 0;
  region.counts.forEach((run, k) => {
    if (k % 2 === 1) mask.fill(1, at, at + run);
    at += run;
  });
  return mask;
}

export function regionContains(region: Region, x: number, y: number): boolean {
  const [w, h] = region.size;
  const i = Math.floor(x);
  const j = Math.floor(y);
  if (i < 0 || j < 0 || i >= w || j >= h) return false;
  let at = j * w + i;
  for (let k = 0; k < region.counts.length; k++) {
    if (at < region.counts[k]) return k % 2 === 1;
    at -= region.counts[k];
  }
  return false;
}

/** Intersection over union of two end-exclusive boxes. */
export function iou(a: Box | readonly number[], b: Box | readonly number[]): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const area = (r: readonly number[]) => Math.max(0, r[2] - r[0]) * Math.max(0, r[3] - r[1]);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** The steps of routes and action sequences: turns, and straight moves in half metres. */
export const TURN_STEPS = ['turn left', 'turn right', 'turn back'] as const;
export function forwardStep(metres: number): string {
  return `go forward ${(Math.round(metres * 2) / 2).toFixed(1)} m`;
}
