import { letter, type Unit } from '../tasks/schema';
import { convertToUnit } from './units';

/**
 * Reading an answer out of a model's reply, two ways:
 * - lenient: the option letter or option text anywhere a person would read it ("The answer is (B).",
 *   "B) the red chair", "**b**", a reasoning trace ending in "Answer: B"); the first number, or the
 *   final one after a reasoning trace, converted from the unit the model used;
 * - strict: exactly what lmms-eval's VSI-Bench scorer reads (the first space-separated token, trailing
 *   dots removed), so that scores compare with published ones.
 * null means unparsable, which every scorer counts wrong.
 */

/** "The answer is", "Final answer:", "Answer -" …; the reply's last one starts its final answer. */
const ANSWER_MARKER = /\b(?:final\s+)?answer\b\s*(?:is|would\s+be|will\s+be|should\s+be)?\s*[:：-]?\s*/gi;

/** The reply with any reasoning block and markdown emphasis removed. */
export function clean(text: string): string {
  const end = text.lastIndexOf('</think>');
  return (end >= 0 ? text.slice(end + '</think>'.length) : text).replace(/[*`#]/g, '').trim();
}

/** What follows the last answer marker, or null when there is none. */
export function afterLastMarker(text: string): string | null {
  let tail: string | null = null;
  for (const m of text.matchAll(ANSWER_MARKER)) tail = text.slice(m.index + m[0].length);
  return tail;
}

/** Where to look, most specific first: after the last answer marker, the whole reply, its last line. */
function segments(text: string): string[] {
  const body = clean(text);
  const lines = body.split('\n').filter((l) => l.trim());
  const out = [afterLastMarker(body), body, lines.at(-1)];
  return out.filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
}

export function extractChoice(text: string, choices: readonly string[]): string | null {
  for (const segment of segments(text)) {
    const found =
      leadingLetter(segment, choices.length) ?? loneLetter(segment, choices) ?? optionText(segment, choices);
    if (found !== null) return found;
  }
  return null;
}

/** "B", "(b)", "B) the red chair", "B. …", "B, …"; a capital A or I followed by a word is an article or pronoun. */
function leadingLetter(segment: string, n: number): string | null {
  const s = segment.trim();
  const m = /^[([]?([A-Za-z])(?:[)\].:,]|$)/.exec(s) ?? /^([B-HJ-Z])\s/.exec(s);
  return m ? inRange(m[1], n) : null;
}

/** Exactly one option letter standing alone ("I pick B", "Option C is closer"), as VLMEvalKit infers it. */
function loneLetter(segment: string, choices: readonly string[]): string | null {
  const words = new Set(choices.flatMap((c) => normalise(c).split(' ')));
  const letters = new Set<string>();
  for (const m of segment.matchAll(/(?<![A-Za-z0-9])([A-Z])(?![A-Za-z0-9])/g)) {
    if (inRange(m[1], choices.length) === null) continue;
    // "A red chair is closer": a capital A opening a sentence and followed by words of the options is the article.
    const next = /^\s+([a-z]+)/.exec(segment.slice(m.index + 1))?.[1];
    const opensSentence = /(?:^|[.!?:]\s*)$/.test(segment.slice(0, m.index));
    if (m[1] === 'A' && opensSentence && next !== undefined && words.has(next)) continue;
    letters.add(m[1]);
  }
  return letters.size === 1 ? [...letters][0] : null;
}

/** Exactly one option named by its text (with or without its leading article). */
function optionText(segment: string, choices: readonly string[]): string | null {
  const hay = ` ${normalise(segment)} `;
  const named = choices
    .map((c, i) => ({ i, forms: [normalise(c), normalise(c).replace(/^(?:the|a|an) /, '')] }))
    .filter(({ forms }) => forms.some((f) => f && hay.includes(` ${f} `)));
  // "the red chair" also contains "chair"; keep only the options not inside another named one.
  const longest = named.filter(
    (a) => !named.some((b) => b !== a && ` ${b.forms[1]} `.includes(` ${a.forms[1]} `)),
  );
  return longest.length === 1 ? letter(longest[0].i) : null;
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function inRange(l: string, n: number): string | null {
  const up = l.toUpperCase();
  return up.charCodeAt(0) - 65 < n ? up : null;
}

/** lmms-eval's `fuzzy_matching`: `pred.split(' ')[0].rstrip('.').strip()`. */
function firstToken(text: string): string {
  return text.split(' ')[0].replace(/\.+$/, '').trim();
}

/** The letter only when the first token is exactly one option letter (any case), as lmms-eval scores it. */
export function extractChoiceStrict(text: string, n: number): string | null {
  const token = firstToken(text);
  return /^[A-Za-z]$/.test(token) ? inRange(token, n) : null;
}

/** What Python's float() accepts that a model would write: 2, -2.5, .5, 1e3, 1_000. */
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** lmms-eval's `to_float(fuzzy_matching(pred))`: the first token as a number, or null. */
export function extractNumberStrict(text: string): number | null {
  const token = firstToken(text);
  return PY_FLOAT.test(token) ? Number(token.replace(/_/g, '')) : null;
}

// A minus sign counts only where it cannot be a range dash ("2-3 m" reads 2, then 3).
const NUMBER = /(?<![\w.])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\.?\d)|(?<![\w.])\.\d+/g;

const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const NUMBER_WORD = new RegExp(`\\b(?:${WORDS.join('|')})\\b`, 'gi');

/**
 * A number in the item's unit. Takes the first number after the last answer marker; failing that,
 * the first number of the reply, or the final one when `final` (a reasoning trace ends with its
 * answer). Number words ("three") count when the reply has no digits.
 */
export function extractNumber(text: string, unit: Unit, opts: { final: boolean }): number | null {
  const body = clean(text);
  const tail = afterLastMarker(body);
  if (tail !== null) {
    const found = numbersIn(tail, unit);
    if (found.length > 0) return found[0];
  }
  const found = numbersIn(body, unit);
  if (found.length === 0) return null;
  return opts.final ? found[found.length - 1] : found[0];
}

function numbersIn(text: string, unit: Unit): number[] {
  const digits = [...text.matchAll(NUMBER)].map((m) => {
    const value = Number(m[0].replace(/,/g, '').replace('−', '-'));
    return convertToUnit(value, text.slice(m.index + m[0].length), unit);
  });
  if (digits.length > 0) return digits;
  return [...text.matchAll(NUMBER_WORD)].map((m) =>
    convertToUnit(WORDS.indexOf(m[0].toLowerCase()), text.slice(m.index + m[0].length), unit),
  );
}
