import type { Rng } from '../sim/rng';

/**
 * Question wording. Every question form has several paraphrases, drawn with the task's stream, so
 * that a model cannot key an answer on the wording; `{slot}`s are filled with object names (which
 * start with "the") or numbers, and the sentence gets its capital letter after filling.
 */

export type Paraphrases = readonly [string, string, ...string[]];

export function say(rng: Rng, paraphrases: Paraphrases, slots: Record<string, string | number> = {}): string {
  const text = rng.pick(paraphrases).replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in slots)) throw new Error(`template slot {${key}} has no value`);
    return String(slots[key]);
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}
