/**
 * The problems `sim validate` finds, by kind: each kind keeps a count and its first examples in
 * path order, so a report stays short and the same whatever order the scenes were checked in.
 */

export const PROBLEM_KINDS = {
  dataset: 'dataset.json is invalid or disagrees with the scenes and questions',
  layout: 'scene folders or files missing or unexpected',
  manifest: 'files differ from their scene manifest.json (size or SHA-256)',
  scene: 'scene.json is invalid or disagrees with its folder or the config',
  physics: 'an object floats or interpenetrates in some frame (more than 5 mm)',
  image: 'a PNG is missing, undecodable, or of the wrong size or format',
  pixels: 'annotations disagree with the pixels (seg ids, visible_px, bbox, centroid, depth_median)',
  qa: 'a qa.jsonl line is not a valid question',
  reference: 'a question names a scene, split, image or object its scene does not have',
  framing: 'a question names an object that is mostly outside its images (box in frame below the threshold)',
  ids: 'question ids are not unique',
  pairs: 'minimal pairs are not exactly one consistent and one counter item asking the same question',
  concat: 'qa.jsonl is not the concatenation of the scenes’ qa.jsonl files',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Examples kept per kind (the first in path order); the count covers them all. */
const EXAMPLES = 5;

export interface ProblemGroup {
  kind: ProblemKind;
  count: number;
  examples: string[];
}

export class Problems {
  private readonly groups = new Map<ProblemKind, ProblemGroup>();
  total = 0;

  add(kind: ProblemKind, message: string): void {
    let g = this.groups.get(kind);
    if (!g) this.groups.set(kind, (g = { kind, count: 0, examples: [] }));
    g.count++;
    this.total++;
    // The smallest messages, not the first: scenes finish in any order, and paths sort by scene.
    const text = message.length > 300 ? `${message.slice(0, 297)}…` : message;
    if (g.examples.length === EXAMPLES && text >= g.examples[EXAMPLES - 1]) return;
    g.examples.push(text);
    g.examples.sort();
    g.examples.length = Math.min(g.examples.length, EXAMPLES);
  }

  list(): ProblemGroup[] {
    return (Object.keys(PROBLEM_KINDS) as ProblemKind[]).flatMap((k) => this.groups.get(k) ?? []);
  }
}
