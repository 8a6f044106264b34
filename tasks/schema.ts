import { z } from 'zod';
import { FRAME_IMAGE_PATH } from '../sim/layout';
import { SplitSchema } from '../sim/schema';
import { AnswerTypeSchema, COORDS, STRUCTURED_ANSWER } from './structured';

/** One line of qa.jsonl. The public contract is in docs/format.md; extra task-specific fields are kept. */

export const TASK_KINDS = ['static', 'dynamic'] as const;
export const UNITS = ['m', 'cm', 'm2', 'deg', 'count'] as const;
export const UnitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof UnitSchema>;

/**
 * What an item exercises (after SpaCE-10's atomic capabilities) and how deep it goes (after
 * SpatialBench's hierarchy): `sim stats` and the report group scores by both.
 */
export const CAPABILITIES = [
  'object_recognition',
  'localization',
  'spatial_relation',
  'size',
  'distance',
  'counting',
  'perspective_taking',
  'mental_transformation',
  'egocentric_motion',
  'memory',
] as const;
export const CapabilitySchema = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof CapabilitySchema>;
export const LEVELS = ['perception', 'understanding', 'reasoning', 'planning'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

/** A text-form item's description: a scene's text file (docs/format.md). */
export const CONTEXT_PATH = /^scenes\/(\d{6,})\/text\/[a-z]+(-\d{2,})*\.txt$/;

export const MEASURES = ['centre', 'surface'] as const;
export type Measure = (typeof MEASURES)[number];

export const PairSchema = z.strictObject({
  id: z.string(),
  role: z.enum(['consistent', 'counter']),
});
export type Pair = z.infer<typeof PairSchema>;

export const QaItemSchema = z
  .looseObject({
    id: z.string().min(1),
    /** The scene id string (folder name). */
    scene: z.string().regex(/^\d{6,}$/),
    task: z.string().min(1),
    kind: z.enum(TASK_KINDS),
    /** The full text a model sees, without the option lines. */
    question: z.string().min(1),
    /** Option texts (image_choice: frame image paths), or null for other answers. */
    choices: z.array(z.string()).min(2).nullable(),
    /** "A", "B", … for choices; a number; or the structured answer of its type (tasks/structured.ts). */
    answer: z.union([
      z.string(),
      z.number(),
      z.array(z.union([z.number(), z.string()])),
      z.record(z.string(), z.union([z.tuple([z.number(), z.number()]), z.unknown()])),
    ]),
    answer_type: AnswerTypeSchema,
    /** Unit of a numeric answer: m and m2 rounded to 0.01 and 0.1, cm and deg to 1. */
    unit: UnitSchema.nullable(),
    /** Frame rgb.png paths relative to the dataset folder, in the order the model sees them; empty in the text form. */
    images: z.array(
      z.string().regex(FRAME_IMAGE_PATH, 'a frame image path like scenes/000042/frames/00/rgb.png'),
    ),
    /** A walkthrough's video, when the question is asked over all of its frames (the images). */
    video: z
      .string()
      .regex(/^scenes\/\d{6,}\/video\.mp4$/, 'a video path like scenes/000042/video.mp4')
      .optional(),
    /** Text form: the description the question is asked about, relative to the dataset folder. */
    context: z.string().regex(CONTEXT_PATH, 'a description path like scenes/000042/text/list.txt').optional(),
    /** Object ids the question is about, in the order named (for count: the objects counted). */
    targets: z.array(z.number().int().min(1)),
    /** The object that is the right answer, where the answer is an object. */
    answer_object: z.number().int().min(1).nullable(),
    pair: PairSchema.nullable(),
    split: SplitSchema,
    capabilities: z.array(CapabilitySchema).min(1),
    level: LevelSchema,
    /** `distance` only: between box centres, or the shortest gap between the boxes' surfaces. */
    measure: z.enum(MEASURES).optional(),
    /** layout and ascii: cells along each side of the grid; absent for a metric layout. */
    grid: z.number().int().min(2).optional(),
    /** layout: "metric" when positions are metres in the first camera's floor frame. */
    frame: z.enum(['grid', 'metric']).optional(),
    /** ascii: the letter of each object on the map. */
    legend: z.record(z.string().regex(/^[A-Z]$/), z.string()).optional(),
    /** box and point: coordinates asked in pixels or on the 0–1000 scale, and the image's [width, height]. */
    coords: z.enum(COORDS).optional(),
    image_size: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
  })
  .refine((q) => q.images.length > 0 !== (q.context !== undefined), {
    error: 'an item shows images or (text form) names a context, not both and not neither',
    path: ['images'],
  })
  .refine(
    (q) =>
      q.answer_type === 'choice'
        ? typeof q.answer === 'string' && /^[A-Z]$/.test(q.answer)
        : q.answer_type === 'number'
          ? typeof q.answer === 'number'
          : STRUCTURED_ANSWER[q.answer_type].safeParse(q.answer).success,
    { error: 'the answer does not have the form of its answer_type', path: ['answer'] },
  )
  .refine(
    (q) =>
      (q.answer_type !== 'choice' && q.answer_type !== 'image_choice') ||
      (q.choices !== null && typeof q.answer === 'string' && q.answer.charCodeAt(0) - 65 < q.choices.length),
    {
      error: 'the answer letter must name one of the choices',
      path: ['answer'],
    },
  )
  .refine(
    (q) => q.answer_type !== 'image_choice' || (q.choices ?? []).every((c) => FRAME_IMAGE_PATH.test(c)),
    { error: 'image_choice options are frame image paths', path: ['choices'] },
  )
  .refine((q) => (q.answer_type === 'number') === (q.unit !== null), {
    error: 'numeric items carry a unit, choice items none',
    path: ['unit'],
  });
export type QaItem = z.infer<typeof QaItemSchema>;

/** "A" for 0, "B" for 1, … */
export function letter(index: number): string {
  return String.fromCharCode(65 + index);
}
