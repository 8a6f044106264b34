import { letter, type QaItem, type Unit } from '../tasks/schema';
import type { PromptStyle } from './schema';

/**
 * The text a model sees, following the convention of lmms-eval's VSI-Bench task and VLMEvalKit:
 * images first, then the question, then "Options:" with lines "A. …", then one instruction line.
 * The chain-of-thought style asks for reasoning and a last line "Answer: …", which extract.ts finds.
 */

export interface Prompt {
  text: string;
  /** Image paths relative to the dataset folder, in the order sent (a video or clip thinned to --frames). */
  images: string[];
  /** The options as presented (rotated; image choices: "image 3" …), or null for numeric and structured items. */
  choices: string[] | null;
  /** The right letter as presented, or null for numeric and structured items. */
  answer: string | null;
}

export interface PromptOptions {
  style: PromptStyle;
  /** Options rotated left by this many places (CircularEval); 0 keeps the dataset's order. */
  rotation: number;
  /** Send at most this many frames of a video or clip; null sends all. */
  maxFrames: number | null;
  /** Send a walkthrough's video as the video itself rather than its frames. */
  videoAsUrl: boolean;
  /** The text of the item's description (text form), read from its context file. */
  context: string | null;
}

/** What precedes the description in a text-form prompt. */
const CONTEXT_INTRO =
  'Here is a description of a room and of the camera that took each image the question refers to (there are no images):';

// Exported for the lmms-eval export (pipeline/export-lmms-eval.ts), which must ask exactly this.
export const CHOICE_DIRECT = "Answer with the option's letter from the given choices directly.";
export const NUMBER_DIRECT = 'Please answer the question using a single word or phrase.';
const CHOICE_TAIL: Record<PromptStyle, string> = {
  direct: CHOICE_DIRECT,
  cot: 'Think step by step, then give the final answer on its own last line as "Answer: X", where X is the option\'s letter.',
};

const UNIT_WORDS: Record<Unit, string> = {
  m: 'meters (m)',
  cm: 'centimeters (cm)',
  m2: 'square meters (m²)',
  deg: 'degrees',
  count: '',
};

export function buildPrompt(item: QaItem, opts: PromptOptions): Prompt {
  const images =
    opts.videoAsUrl && item.video
      ? [item.video]
      : thinnable(item)
        ? sampleFrames(item.images, opts.maxFrames)
        : item.images.slice();
  const question =
    opts.context === null ? item.question : `${CONTEXT_INTRO}\n\n${opts.context}\n${item.question}`;
  if (item.answer_type === 'image_choice') return imageChoicePrompt(item, question, images, opts);
  if (item.answer_type !== 'choice' && item.answer_type !== 'number')
    return { text: `${question}\n${STRUCTURED_TAIL[opts.style](item)}`, images, choices: null, answer: null };
  if (item.answer_type === 'number' || item.choices === null) {
    const unit = item.unit ?? 'count';
    const asked = numberAsked(unit);
    const tail =
      opts.style === 'direct'
        ? `${unitInstruction(unit)}\n${NUMBER_DIRECT}`
        : `Think step by step, then give the final answer, ${asked}, on its own last line as "Answer: <number>${unit === 'count' ? '' : ` ${unit}`}".`;
    return { text: `${question}\n${tail}`, images, choices: null, answer: null };
  }
  const choices = rotate(item.choices, opts.rotation);
  const answer = rotatedAnswer(item, opts.rotation);
  const options = choices.map((c, i) => `${letter(i)}. ${c}`).join('\n');
  return { text: `${question}\nOptions:\n${options}\n${CHOICE_TAIL[opts.style]}`, images, choices, answer };
}

/** The instruction after a structured question, which itself says what form the answer takes. */
const STRUCTURED_TAIL: Record<PromptStyle, (item: QaItem) => string> = {
  direct: (item) =>
    item.answer_type === 'ascii'
      ? `Answer with the map only: ${item.grid} lines of ${item.grid} characters.`
      : `Answer with the JSON ${item.answer_type === 'layout' ? 'object' : 'list'} only.`,
  cot: () =>
    'Think step by step, then give the final answer, in the form asked, after "Answer:" at the end of your reply.',
};

/**
 * Options that are images: the question's images come first, then one image per option in the
 * order of the letters, and each option line names its image ("B. image 3").
 */
function imageChoicePrompt(item: QaItem, question: string, images: string[], opts: PromptOptions): Prompt {
  const options = rotate(item.choices!, opts.rotation);
  const answer = rotatedAnswer(item, opts.rotation);
  const choices = options.map((_, i) => `image ${images.length + 1 + i}`);
  const lines = choices.map((c, i) => `${letter(i)}. ${c}`).join('\n');
  return {
    text: `${question}\nThe option images follow the question's ${images.length === 1 ? 'image' : `${images.length} images`}.\nOptions:\n${lines}\n${CHOICE_TAIL[opts.style]}`,
    images: [...images, ...options],
    choices,
    answer,
  };
}

/** What a numeric answer should be: "a whole number", "a number in meters (m)". */
function numberAsked(unit: Unit): string {
  return unit === 'count' ? 'a whole number' : `a number in ${UNIT_WORDS[unit]}`;
}

/** The direct style's first instruction line after a numeric question: the unit the answer is in. */
export function unitInstruction(unit: Unit): string {
  return `Answer with ${numberAsked(unit)}.`;
}

/**
 * Whether --frames may thin an item's images: a walkthrough's video and a dynamic clip (which speak
 * of the first and last frame, both kept), not a multi-view set, whose questions name "image 3".
 */
export function thinnable(item: QaItem): boolean {
  return item.video !== undefined || item.kind === 'dynamic';
}

/** Images an item that cannot be thinned needs: its own and its option images. */
export function imagesNeeded(item: QaItem): number {
  return item.images.length + (item.answer_type === 'image_choice' ? item.choices!.length : 0);
}

/** The right letter once the options are rotated `rotation` places. */
function rotatedAnswer(item: QaItem, rotation: number): string {
  const n = item.choices!.length;
  return letter(((item.answer as string).charCodeAt(0) - 65 - (rotation % n) + n) % n);
}

/** items[(i + r) mod n] at place i: rotation r moves the option at place r to the front. */
export function rotate<T>(items: readonly T[], r: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + r) % n]);
}

/** How many times an item is asked: once per rotation of its options in circular mode. */
export function rotationsOf(item: QaItem, circular: boolean): number {
  const rotates = item.answer_type === 'choice' || item.answer_type === 'image_choice';
  return circular && item.choices !== null && rotates ? item.choices.length : 1;
}

/**
 * At most `max` images, evenly spaced and always keeping the first and the last (ego-motion and
 * object-motion questions compare those two).
 */
export function sampleFrames(images: readonly string[], max: number | null): string[] {
  if (max === null || images.length <= max) return images.slice();
  if (max === 1) return [images[0]];
  const last = images.length - 1;
  return Array.from({ length: max }, (_, i) => images[Math.round((i * last) / (max - 1))]);
}
