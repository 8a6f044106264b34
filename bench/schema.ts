import { z } from 'zod';
import { SPLITS as DATASET_SPLITS } from '../sim/schema';
import { CapabilitySchema, LevelSchema, PairSchema, TASK_KINDS, UnitSchema } from '../tasks/schema';
import { AnswerTypeSchema } from '../tasks/structured';

/**
 * The files `sim eval` writes into a run folder and `sim report` reads back:
 *   responses.jsonl  append-only log of every answer as it arrived (the cache that makes runs resumable)
 *   scores.jsonl     one scored question a line, written when the run ends
 *   summary.json     the run's settings and metrics
 */

export const RESULTS_VERSION = 2;

export const PROMPT_STYLES = ['direct', 'cot'] as const;
export const PromptStyleSchema = z.enum(PROMPT_STYLES);
export type PromptStyle = z.infer<typeof PromptStyleSchema>;

/** Which form of the questions is asked: with images, about the scene's description, or both. */
export const FORMS = ['image', 'text', 'both'] as const;
export const FormSchema = z.enum(FORMS);
/** How a walkthrough's video is sent: as evenly sampled frames, or as the video (a video_url part). */
export const VIDEO_AS = ['frames', 'url'] as const;

/** The dataset's splits, or all of them. */
export const SPLITS = [...DATASET_SPLITS, 'all'] as const;
export const SplitSchema = z.enum(SPLITS);

/** Everything that decides which questions are asked and how; saved with the metrics it produced. */
export const EvalConfigSchema = z.strictObject({
  /** `--model` as given: an endpoint model name or a built-in baseline. */
  model: z.string().min(1),
  /** Chat completions base URL, e.g. http://localhost:8000/v1; null for baselines that call nothing. */
  base_url: z.string().nullable(),
  prompt_style: PromptStyleSchema,
  /** Sampling temperature sent with every request. */
  temperature: z.number().min(0),
  /** Completion token cap sent with every request. */
  max_tokens: z.number().int().positive(),
  /** At most this many images per question (evenly spaced, first and last kept); null = all. */
  max_frames: z.number().int().positive().nullable(),
  form: FormSchema,
  video_as: z.enum(VIDEO_AS),
  /** Ask each choice item once per rotation of its options (CircularEval). */
  circular: z.boolean(),
  split: SplitSchema,
  /** Task names asked; null = every task in the dataset. */
  tasks: z.array(z.string()).nullable(),
  limit: z.number().int().positive().nullable(),
  /** Seeds the random baseline, retry jitter and bootstrap resampling. */
  seed: z.number().int(),
  /** Bootstrap resamples behind each confidence interval (0 = no intervals). */
  bootstrap: z.number().int().min(0),
  /** Absolute path of the dataset folder. */
  data: z.string(),
});
export type EvalConfig = z.infer<typeof EvalConfigSchema>;

const UsageSchema = z.strictObject({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
});
export type Usage = z.infer<typeof UsageSchema>;

/** Written at the start of every session on a run folder, so the log says what produced each answer. */
export const RunLineSchema = z.strictObject({
  type: z.literal('run'),
  at: z.string(),
  version: z.literal(RESULTS_VERSION),
  config: EvalConfigSchema,
});

/** One answer, appended the moment it arrives. */
export const ResponseLineSchema = z.strictObject({
  type: z.literal('response'),
  at: z.string(),
  /** sha256 over answerer, prompt text, image bytes and decoding settings: the cache key. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  item: z.string(),
  /** How far the options were rotated (0 unless --circular). */
  rotation: z.number().int().min(0),
  /** The prompt text as sent (images are identified by the key). */
  prompt: z.string(),
  /** The answer text the scorer reads ('' when the endpoint sent none). */
  content: z.string(),
  /** The endpoint's response body as parsed, or what a baseline based its answer on. */
  raw: z.unknown(),
  usage: UsageSchema.nullable(),
  attempts: z.number().int().min(1),
  latency_ms: z.number().min(0),
});
export type ResponseLine = z.infer<typeof ResponseLineSchema>;

/** A question that got no answer after its retries; a later run asks it again. */
export const FailureLineSchema = z.strictObject({
  type: z.literal('failure'),
  at: z.string(),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  item: z.string(),
  rotation: z.number().int().min(0),
  error: z.string(),
  attempts: z.number().int().min(1),
});
export type FailureLine = z.infer<typeof FailureLineSchema>;

export const ResultsLineSchema = z.discriminatedUnion('type', [
  RunLineSchema,
  ResponseLineSchema,
  FailureLineSchema,
]);
export type ResultsLine = z.infer<typeof ResultsLineSchema>;

/** One asking of a question: the options as rotated, what came back and how it scored. */
export const AskingSchema = z.strictObject({
  rotation: z.number().int().min(0),
  /** The right letter as presented in this rotation; null for numeric items. */
  answer: z.string().nullable(),
  /** The answer text, or null when the question failed (no answer after retries). */
  content: z.string().nullable(),
  error: z.string().nullable(),
  /**
   * The extracted answer, lenient and strict: a letter, a number in the item's unit, or a structured
   * answer (boxes and points in pixels); null = unparsable.
   */
  pred: z.unknown().nullable(),
  pred_strict: z.unknown().nullable(),
  /** 0/1 for choices, mean relative accuracy for numbers, the type's score for structured answers. */
  lenient: z.number().min(0).max(1),
  strict: z.number().min(0).max(1),
  /** Structured answers: the type's secondary figures (IoU, mean cell distance, …); null otherwise. */
  detail: z.record(z.string(), z.number()).nullable(),
  detail_strict: z.record(z.string(), z.number()).nullable(),
});
export type Asking = z.infer<typeof AskingSchema>;

export const SCORERS = ['lenient', 'strict', 'circular', 'circular_strict'] as const;
export const ScorerSchema = z.enum(SCORERS);
export type Scorer = z.infer<typeof ScorerSchema>;

/** Where the question's objects are in its first image; the x axes of the report's binned plots. */
export const FeaturesSchema = z.strictObject({
  /** Median depth of the answer object (else the mean over the targets), m; null when not visible. */
  distance_m: z.number().nullable(),
  /** Height of that object's visible centroid in the image: 0 = bottom edge, 1 = top edge. */
  image_height: z.number().min(0).max(1).nullable(),
});
export type Features = z.infer<typeof FeaturesSchema>;

/** One line of scores.jsonl. */
export const ScoredItemSchema = z.strictObject({
  id: z.string(),
  scene: z.string(),
  task: z.string(),
  kind: z.enum(TASK_KINDS),
  question: z.string(),
  choices: z.array(z.string()).nullable(),
  /** The dataset's answer (structured answers as in qa.jsonl). */
  answer: z.unknown(),
  answer_type: AnswerTypeSchema,
  unit: UnitSchema.nullable(),
  /** Image paths relative to the dataset folder, as sent (after --frames); the video's when sent as one. */
  images: z.array(z.string()),
  /** The question's form: asked with images, or about a description (its twin is the image item). */
  form: z.enum(['image', 'text']),
  capabilities: z.array(CapabilitySchema),
  level: LevelSchema,
  pair: PairSchema.nullable(),
  features: FeaturesSchema,
  askings: z.array(AskingSchema).min(1),
  /** Per scorer; the circular ones only with --circular. */
  scores: z.partialRecord(ScorerSchema, z.number().min(0).max(1)),
  /** Some asking got no answer at all (counted wrong). */
  failed: z.boolean(),
});
export type ScoredItem = z.infer<typeof ScoredItemSchema>;

/** A score with its 95% bootstrap interval (lo = hi = score when not bootstrapped). */
export const StatSchema = z.strictObject({
  score: z.number(),
  lo: z.number(),
  hi: z.number(),
  /** Questions (or pairs) behind it. */
  n: z.number().int().min(0),
});
export type Stat = z.infer<typeof StatSchema>;

/** The far-looks-up gap over depth_order twins that were both asked. */
export const GapSchema = z.strictObject({
  pairs: z.number().int().min(0),
  consistent: StatSchema,
  counter: StatSchema,
  /** Accuracy on consistent minus counter twins. */
  gap: StatSchema,
  right_consistent_wrong_counter: z.number().int().min(0),
  wrong_consistent_right_counter: z.number().int().min(0),
});
export type Gap = z.infer<typeof GapSchema>;

/** The perception gap of one task: the same questions asked with images and about the description. */
export const FormGapSchema = z.strictObject({
  /** Image items whose text twin was asked too. */
  pairs: z.number().int().min(0),
  image: StatSchema,
  text: StatSchema,
  /** Text minus image: how much better the model does when it need not see. */
  gap: StatSchema,
});
export type FormGap = z.infer<typeof FormGapSchema>;

export const MetricsSchema = z.strictObject({
  /** Mean over tasks of the per-task scores (VSI-Bench's overall). */
  overall: StatSchema,
  /** Mean over the tasks of each kind. */
  by_kind: z.partialRecord(z.enum(TASK_KINDS), StatSchema),
  by_task: z.record(z.string(), StatSchema),
  /** Mean over the tasks of the items of each form, capability, level and answer type. */
  by_form: z.record(z.string(), StatSchema),
  by_capability: z.record(z.string(), StatSchema),
  by_level: z.record(z.string(), StatSchema),
  /** Absent in results written before answer types were grouped. */
  by_answer_type: z.record(z.string(), StatSchema).default({}),
  gap: GapSchema.nullable(),
  /** Per task, over image items asked together with their text twins. */
  perception_gap: z.record(z.string(), FormGapSchema),
  /** Structured tasks: per task, the mean of each secondary figure (IoU, mean cell distance, …). */
  details: z.record(z.string(), z.record(z.string(), StatSchema)),
});
export type Metrics = z.infer<typeof MetricsSchema>;

export const SummarySchema = z.strictObject({
  version: z.literal(RESULTS_VERSION),
  /** The run folder's name, used as the series label in reports. */
  run: z.string(),
  created_at: z.string(),
  config: EvalConfigSchema,
  /** From dataset.json when present. */
  dataset: z.strictObject({ seed: z.number().int().nullable(), version: z.number().int().nullable() }),
  counts: z.strictObject({
    items: z.number().int().min(0),
    askings: z.number().int().min(0),
    failed: z.number().int().min(0),
    unparsable: z.number().int().min(0),
    /** Askings whose answer could not be read, by task (a malformed map, a box with three numbers, …). */
    unparsable_by_task: z.record(z.string(), z.number().int().min(0)),
  }),
  usage: UsageSchema,
  /** How often each letter was answered (lenient extraction): a view of position bias. */
  letters: z.record(z.string(), z.number().int().min(0)),
  metrics: z.partialRecord(ScorerSchema, MetricsSchema),
});
export type Summary = z.infer<typeof SummarySchema>;
