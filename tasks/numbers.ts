import type { Unit } from './schema';

/**
 * Numbers as qa.jsonl states them (DESIGN.md): numeric answers rounded per unit, and the coarser
 * values shown in multiple-choice options, where the distractors are far enough apart that one
 * decimal is plenty and easier to read.
 */

const ANSWER_STEP: Record<Unit, number> = { m: 0.01, m2: 0.1, cm: 1, deg: 1, count: 1 };

/** Rounds to the unit's step (m 0.01, m² 0.1, cm, deg and counts 1), without binary noise. */
export function roundAnswer(value: number, unit: Unit): number {
  const step = ANSWER_STEP[unit];
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const r = Number((Math.round(value / step) * step).toFixed(digits));
  return r === 0 ? 0 : r;
}

/** The value an option shows: metres under 1 m to 0.01, else 0.1; m² to 0.1; cm and degrees whole. */
export function shownValue(value: number, unit: Unit): number {
  if (unit === 'm') return value < 1 ? roundAnswer(value, 'm') : Number(value.toFixed(1));
  return roundAnswer(value, unit);
}

const SUFFIX: Record<Unit, string> = { m: ' m', m2: ' m²', cm: ' cm', deg: '°', count: '' };

export function formatQuantity(value: number, unit: Unit): string {
  const v = shownValue(value, unit);
  const digits = unit === 'm' ? (v < 1 ? 2 : 1) : unit === 'm2' ? 1 : 0;
  return `${v.toFixed(digits)}${SUFFIX[unit]}`;
}

/** Degrees from radians, for question text and answers. */
export const toDegrees = (rad: number): number => (rad * 180) / Math.PI;
export const toRadians = (deg: number): number => (deg * Math.PI) / 180;

/**
 * VSI-Bench's thresholds exactly as lmms-eval builds them: numpy.linspace(.5, .95, 10), i.e.
 * start + i·step with the last one set to the end (so the ninth is 0.8999999999999999, not 0.9).
 */
export const MRA_THRESHOLDS: readonly number[] = (() => {
  const [start, end, num] = [0.5, 0.95, 10];
  const step = (end - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? end : i * step + start));
})();

/**
 * Mean Relative Accuracy: the share of thresholds θ with |pred − gt| / gt ≤ 1 − θ. An unparsable
 * answer scores 0. Divides by |gt| where the reference divides by gt; the two agree on every ground
 * truth the generator writes (never 0, and positive wherever VSI-Bench has numbers).
 */
export function meanRelativeAccuracy(pred: number | null, gt: number): number {
  if (pred === null || !Number.isFinite(pred)) return 0;
  const rel = Math.abs(pred - gt) / Math.abs(gt);
  return MRA_THRESHOLDS.filter((t) => rel <= 1 - t).length / MRA_THRESHOLDS.length;
}
