import type { Unit } from '../tasks/schema';

/**
 * Units a model may answer in, and how to convert them to the unit an item asks for. A unit of
 * another dimension than the item's (metres for an angle) is ignored: the number is then taken as
 * given in the item's unit, which is what a model that ignores the unit usually means.
 */

type Dimension = 'length' | 'area' | 'angle' | 'count';

interface UnitPattern {
  /** Matches the unit right after a number (after optional spaces), anchored at its start. */
  pattern: RegExp;
  dimension: Dimension;
  /** Multiplies a value in this unit into the dimension's base unit (m, m², degrees). */
  factor: number;
}

// Longer spellings first: "square meters" before "meters", "m2" before "m", "cm" before "m".
const UNIT_PATTERNS: readonly UnitPattern[] = [
  {
    pattern: /^\s*(?:square\s+met(?:er|re)s?|sq\.?\s*m(?:et(?:er|re)s?)?\b|m(?:\s*\^\s*2|\s*²|2\b)|sqm\b)/i,
    dimension: 'area',
    factor: 1,
  },
  {
    pattern: /^\s*(?:square\s+centimet(?:er|re)s?|cm(?:\s*\^\s*2|\s*²|2\b))/i,
    dimension: 'area',
    factor: 1e-4,
  },
  {
    pattern: /^\s*(?:square\s+f(?:ee|oo)t|sq\.?\s*ft\b|ft(?:\s*\^\s*2|\s*²|2\b))/i,
    dimension: 'area',
    factor: 0.09290304,
  },
  { pattern: /^\s*(?:millimet(?:er|re)s?|mm\b)/i, dimension: 'length', factor: 0.001 },
  { pattern: /^\s*(?:centimet(?:er|re)s?|cm\b)/i, dimension: 'length', factor: 0.01 },
  { pattern: /^\s*(?:kilomet(?:er|re)s?|km\b)/i, dimension: 'length', factor: 1000 },
  { pattern: /^\s*(?:met(?:er|re)s?\b|m\b)/i, dimension: 'length', factor: 1 },
  // Not bare "in" (as in "2 in the corner") nor quote marks, which models put around plain numbers.
  { pattern: /^\s*inch(?:es)?\b/i, dimension: 'length', factor: 0.0254 },
  { pattern: /^\s*(?:f(?:ee|oo)t\b|ft\b)/i, dimension: 'length', factor: 0.3048 },
  { pattern: /^\s*(?:yards?\b|yd\b)/i, dimension: 'length', factor: 0.9144 },
  { pattern: /^\s*(?:degrees?\b|deg\b|°)/i, dimension: 'angle', factor: 1 },
  { pattern: /^\s*(?:radians?\b|rad\b)/i, dimension: 'angle', factor: 180 / Math.PI },
];

const ITEM_UNITS: Record<Unit, { dimension: Dimension; factor: number }> = {
  m: { dimension: 'length', factor: 1 },
  cm: { dimension: 'length', factor: 0.01 },
  m2: { dimension: 'area', factor: 1 },
  deg: { dimension: 'angle', factor: 1 },
  count: { dimension: 'count', factor: 1 },
};

/**
 * `value` read in front of `following` (the text after the number), converted to `unit`.
 * Returns the value unchanged when no unit of the item's dimension follows.
 */
export function convertToUnit(value: number, following: string, unit: Unit): number {
  const target = ITEM_UNITS[unit];
  const spoken = UNIT_PATTERNS.find((u) => u.pattern.test(following));
  if (!spoken || spoken.dimension !== target.dimension) return value;
  return (value * spoken.factor) / target.factor;
}
