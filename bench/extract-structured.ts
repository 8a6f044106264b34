import type { QaItem } from '../tasks/schema';
import { type Box, forwardStep, type LayoutAnswer } from '../tasks/structured';
import { afterLastMarker, clean } from './extract';

/**
 * Reading a structured answer (tasks/structured.ts) out of a reply, two ways, as for letters and numbers:
 * - lenient: what models really write — JSON anywhere in the reply (in a code fence, after "Answer:",
 *   with single quotes, trailing commas or "(3, 4)" tuples), "name: (3, 4)" lines, Qwen's
 *   `<|box_start|>(x1,y1),(x2,y2)<|box_end|>` and `bbox_2d`/`point_2d` JSON, Molmo's
 *   `<point x="…" y="…">` (percent), ASCII maps in fences or with spaced cells, numbered step lists;
 * - strict: the whole reply, trimmed, is the answer in exactly the asked form (JSON, or the bare map).
 * Boxes and points come back in image pixels whatever the item asked (its `coords`). null = unparsable.
 */

export type Mode = 'lenient' | 'strict';
export type Point = [number, number];

/** The answer as read, per structured type; image_choice is read as a letter (extract.ts). */
export type StructuredPred = LayoutAnswer | string | Box | Point | string[];

export function extractStructured(item: QaItem, text: string, mode: Mode): StructuredPred | null {
  switch (item.answer_type) {
    case 'layout':
      return extractLayout(text, Object.keys(item.answer as LayoutAnswer), mode);
    case 'ascii':
      return extractAscii(text, item.grid ?? 10, mode);
    case 'box': {
      const box = mode === 'strict' ? strictNumbers(text, 4) : lenientBox(text);
      return box && (toPixels(box, item) as Box);
    }
    case 'point': {
      const point = mode === 'strict' ? strictNumbers(text, 2) : lenientPoint(text, item);
      return point && (toPixels(point, item) as Point);
    }
    case 'sequence':
      return extractSequence(text, mode);
    default:
      throw new Error(`${item.answer_type} is not a structured type read here`);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON, forgiving

/** Balanced {…} or […] substrings of the text, outermost first in reading order. */
function bracketed(text: string, open: '{' | '['): string[] {
  const close = open === '{' ? '}' : ']';
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== open) continue;
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === open) depth++;
      else if (text[j] === close && --depth === 0) {
        out.push(text.slice(i, j + 1));
        i = j;
        break;
      }
    }
  }
  return out;
}

/** JSON.parse, then again after the usual slips: single quotes, (a, b) tuples, trailing commas. */
function looseJson(s: string): unknown {
  for (const candidate of [s, repair(s)]) {
    try {
      return JSON.parse(candidate);
    } catch {}
  }
  return undefined;
}

function repair(s: string): string {
  return s
    .replace(/'([^'\n]*)'/g, (_, inner: string) => JSON.stringify(inner))
    .replace(/\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)/g, '[$1, $2]')
    .replace(/,\s*([}\]])/g, '$1');
}

/** The reply as the strict reader sees it: one JSON value and nothing else. */
function strictJson(text: string): unknown {
  try {
    return JSON.parse(text.trim());
  } catch {
    return undefined;
  }
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

// ---------------------------------------------------------------------------------------------
// layout

function extractLayout(text: string, names: readonly string[], mode: Mode): LayoutAnswer | null {
  if (mode === 'strict') {
    const parsed = strictJson(text);
    if (!isRecord(parsed)) return null;
    const out: LayoutAnswer = {};
    for (const [k, v] of Object.entries(parsed))
      if (names.includes(k) && Array.isArray(v) && v.length === 2 && v.every(isNumber)) out[k] = [v[0], v[1]];
    return Object.keys(out).length > 0 ? out : null;
  }
  const body = clean(text);
  const match = nameMatcher(names);
  // The last JSON object that names an object wins (a reasoning trace may sketch earlier ones).
  for (const block of bracketed(body, '{').reverse()) {
    const parsed = looseJson(block);
    if (!isRecord(parsed)) continue;
    const out: LayoutAnswer = {};
    for (const [k, v] of Object.entries(parsed)) {
      const name = match(k);
      const pair = pairOf(v);
      if (name && pair) out[name] = pair;
    }
    if (Object.keys(out).length > 0) return out;
  }
  // "the bed: (2, 3)", "- lamp → row 1, column 7", "chair [0.4, 2.1]": one object a line.
  const out: LayoutAnswer = {};
  for (const line of (afterLastMarker(body) ?? body).split('\n')) {
    const m =
      /^[\s\-*•\d.)]*["']?(.+?)["']?\s*(?:[:=→]|->|-|–|\bat\b|\bis\b)?\s*[[(]?\s*(?:row\s*|x\s*[=:]?\s*)?(-?\d+(?:\.\d+)?)\s*[,;]\s*(?:col(?:umn)?\s*|z\s*[=:]?\s*)?(-?\d+(?:\.\d+)?)/i.exec(
        line,
      );
    const name = m && match(m[1]);
    if (m && name && !(name in out)) out[name] = [Number(m[2]), Number(m[3])];
  }
  return Object.keys(out).length > 0 ? out : null;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** [a, b], "(a, b)", {row, col}, {row, column}, {x, z}. */
function pairOf(v: unknown): Point | null {
  if (Array.isArray(v) && v.length === 2 && v.every(isNumber)) return [v[0], v[1]];
  if (typeof v === 'string') {
    const m = /^\s*[[(]?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*[\])]?\s*$/.exec(v);
    return m ? [Number(m[1]), Number(m[2])] : null;
  }
  if (isRecord(v)) {
    const a = v.row ?? v.x;
    const b = v.col ?? v.column ?? v.z;
    return isNumber(a) && isNumber(b) ? [a, b] : null;
  }
  return null;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(?:the|a|an) /, '');

/** A key as written → the object name it means: equal once normalised, else the one name it contains. */
function nameMatcher(names: readonly string[]): (key: string) => string | null {
  const forms = names.map((n) => ({ n, f: normalise(n) }));
  return (key) => {
    const k = normalise(key);
    const exact = forms.find((x) => x.f === k);
    if (exact) return exact.n;
    const inside = forms.filter((x) => ` ${k} `.includes(` ${x.f} `));
    // "the red chair" also contains "chair": the longest name inside wins when it holds the others.
    const longest = inside.filter((a) => !inside.some((b) => b !== a && b.f.includes(a.f)));
    return longest.length === 1 ? longest[0].n : null;
  };
}

// ---------------------------------------------------------------------------------------------
// ascii

const CELL = /^[.A-Z]$/;

function extractAscii(text: string, n: number, mode: Mode): string | null {
  if (mode === 'strict') {
    const lines = text.trim().split('\n');
    return lines.length === n && lines.every((l) => l.length === n && [...l].every((c) => CELL.test(c)))
      ? lines.join('\n')
      : null;
  }
  const body = clean(text);
  const fenced = [...body.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const block of [...fenced.reverse(), body]) {
    const rows = block.split('\n').map(mapRow);
    // The last run of n map rows in a row (a reasoning trace may draw drafts first).
    for (let i = rows.length - n; i >= 0; i--) {
      const window = rows.slice(i, i + n);
      if (window.every((r) => r !== null && r.length === n)) return window.join('\n');
    }
  }
  return null;
}

/** One map row as written ("A . . B", "|A..B|", "a..b"), or null when the line is not one. */
function mapRow(line: string): string | null {
  let s = line.trim().replace(/^\|+|\|+$/g, '');
  // Cells separated by single spaces: drop them.
  if (/^\S( \S)+$/.test(s)) s = s.replace(/ /g, '');
  s = s.toUpperCase().replace(/[·_]/g, '.');
  return s.length > 0 && [...s].every((c) => CELL.test(c)) ? s : null;
}

// ---------------------------------------------------------------------------------------------
// boxes and points

const NUM = '(-?\\d+(?:\\.\\d+)?)';
const SEP = '\\s*,\\s*';

/** The whole reply is a JSON array of exactly `n` numbers. */
function strictNumbers(text: string, n: number): number[] | null {
  const parsed = strictJson(text);
  return Array.isArray(parsed) && parsed.length === n && parsed.every(isNumber) ? parsed : null;
}

function lenientBox(text: string): number[] | null {
  const body = clean(text);
  const tokens = new RegExp(`\\(${NUM}${SEP}${NUM}\\)\\s*,?\\s*\\(${NUM}${SEP}${NUM}\\)`).exec(body);
  if (tokens) return tokens.slice(1, 5).map(Number);
  const keyed = /"?bbox(?:_2d)?"?\s*[:=]\s*(\[[^\]]*\])/.exec(body);
  const four = new RegExp(`[\\[(]\\s*${NUM}${SEP}${NUM}${SEP}${NUM}${SEP}${NUM}\\s*[\\])]`);
  const m = four.exec(keyed?.[1] ?? afterLastMarker(body) ?? '') ?? four.exec(body);
  return m ? m.slice(1, 5).map(Number) : null;
}

function lenientPoint(text: string, item: QaItem): number[] | null {
  const body = clean(text);
  // Molmo points in percent of the image.
  const molmo = /<point[^>]*?\bx\d*="([\d.]+)"[^>]*?\by\d*="([\d.]+)"/.exec(body);
  if (molmo) {
    const [w, h] = item.image_size!;
    const [x, y] = [(Number(molmo[1]) * w) / 100, (Number(molmo[2]) * h) / 100];
    return item.coords === 'norm1000' ? [(x * 1000) / w, (y * 1000) / h] : [x, y];
  }
  const two = new RegExp(`[\\[(]\\s*${NUM}${SEP}${NUM}\\s*[\\])]`);
  const keyed = /"?point(?:_2d)?"?\s*[:=]\s*(\[[^\]]*\])/.exec(body);
  const m =
    two.exec(keyed?.[1] ?? afterLastMarker(body) ?? '') ??
    two.exec(body) ??
    new RegExp(`x\\s*[=:]\\s*${NUM}${SEP}y\\s*[=:]\\s*${NUM}`, 'i').exec(body);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Coordinates as asked → pixels; a box's corners put in order. */
function toPixels(values: number[], item: QaItem): number[] {
  const [w, h] = item.image_size!;
  const scaled =
    item.coords === 'norm1000' ? values.map((v, i) => (v * (i % 2 === 0 ? w : h)) / 1000) : values.slice();
  if (scaled.length === 4) {
    const [x1, y1, x2, y2] = scaled;
    return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
  }
  return scaled;
}

// ---------------------------------------------------------------------------------------------
// sequences

function extractSequence(text: string, mode: Mode): string[] | null {
  if (mode === 'strict') {
    const parsed = strictJson(text);
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((s) => typeof s === 'string')
      ? parsed
      : null;
  }
  const body = clean(text);
  for (const block of bracketed(body, '[').reverse()) {
    const parsed = looseJson(block);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((s) => typeof s === 'string')) {
      const steps = parsed.map(normaliseStep);
      if (steps.every((s) => s !== null)) return steps;
    }
  }
  const tail = afterLastMarker(body) ?? body;
  const listed = tail
    .split('\n')
    .filter((l) => /^\s*(?:\d+[.)]|[-*•])\s+/.test(l))
    .map((l) => normaliseStep(l.replace(/^\s*(?:\d+[.)]|[-*•])\s+/, '')));
  if (listed.length > 0 && listed.every((s) => s !== null)) return listed;
  const lines = tail.split('\n').filter((l) => l.trim());
  const inline = (lines.at(-1) ?? '')
    .split(/\s*(?:,|;|→|->|\bthen\b|\band\b)\s*/i)
    .filter((s) => s.trim())
    .map(normaliseStep);
  return inline.length > 0 && inline.every((s) => s !== null) ? inline : null;
}

/** A step in the vocabulary's words ("Turn around" → "turn back", "walk 2 metres" → "go forward 2.0 m"), or null. */
export function normaliseStep(raw: string): string | null {
  const s = raw
    .toLowerCase()
    .replace(/["'`]/g, '')
    .replace(/\.\s*$/, '')
    .trim();
  const turn = /^(?:turn|rotate)\s+(?:to\s+the\s+)?(left|right|back|around)\b/.exec(s);
  if (turn) return `turn ${turn[1] === 'around' ? 'back' : turn[1]}`;
  const walk =
    /^(?:go|move|walk|step)\s+(?:forward|ahead|straight)?\s*(?:for\s+|about\s+)?(\d+(?:\.\d+)?)\s*(cm|centimet(?:er|re)s?|m|met(?:er|re)s?)?\b/.exec(
      s,
    );
  if (!walk) return null;
  const value = Number(walk[1]);
  return forwardStep(walk[2]?.startsWith('c') ? value / 100 : value);
}
