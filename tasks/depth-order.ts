import {
  fairDepthPair,
  looksAlike,
  MIN_OFFSET,
  SIZE_CLASSES,
  type SizeClass,
  sizeClass,
} from '../sim/depth-pairs';
import type { Frame } from '../sim/schema';
import { shuffledChoices } from './answers';
import type { Pair } from './schema';
import { pickBalanced } from './selection';
import { clearlyApart } from './spatial';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `depth_order`: which of two objects is closer to the camera (the smaller depth median over its
 * visible pixels), always as a far-looks-up minimal pair on twin frames (the same spot and heading
 * seen from an upper and a low height). In one twin the farther object's centroid is higher in the
 * image (consistent with "higher is farther"), in the other lower (counter); both items ask the
 * same question about the same two objects, which are clearly visible in both frames, with the
 * same closer object by a clear depth margin, and centroids ≥ 2% of the image height apart. Only
 * fair pairs are asked (sim/depth-pairs.ts), so that the names never give the answer away, and
 * only where apparent size does not give it away either: in both twins the two look about as
 * large (the farther's visible pixels 1/1.44–2 times the nearer's), and pairs are drawn evenly
 * from four classes — the nearer looks larger in both twins, in the consistent one only, in the
 * counter one only, in neither — so that "the larger one in the image is closer" is right about
 * half the time on each role (most twins offer one candidate: the camera planner, sim/views.ts,
 * prefers viewpoints that flip a pair of the class rooms offer least).
 */

/** Pairs per twin frames, no object in two of them. */
const MAX_PAIRS = 3;

const PARAPHRASES: Paraphrases = [
  'Which is closer to the camera: {x} or {y}?',
  'Which of these two is nearer to the camera, {x} or {y}?',
  'Looking at this image, which object is closer to the viewer: {x} or {y}?',
  'From where this picture was taken, which is nearer: {x} or {y}?',
];

interface Judgement {
  closer: number;
  role: Pair['role'];
  /** The closer object has more visible pixels (the larger-is-closer shortcut would be right). */
  nearLooksLarger: boolean;
}

interface Candidate {
  a: number;
  b: number;
  closer: number;
  frames: [Frame, Frame];
  roles: [Pair['role'], Pair['role']];
  /** In which twins the closer object looks larger. */
  larger: SizeClass;
}

export const depthOrder: Task = {
  name: 'depth_order',
  kind: 'static',
  capabilities: ['spatial_relation', 'distance'],
  level: 'perception',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const drafts: Draft[] = [];
    for (const upper of ctx.scene.frames) {
      if (upper.twin === null || upper.twin < upper.index) continue;
      const lower = view.frame(upper.twin);
      const inBoth = view.clearIds(upper).filter((id) => view.isClear(lower, id));
      const candidates: Candidate[] = [];
      for (const a of inBoth)
        for (const b of inBoth) {
          if (b <= a || !fairDepthPair(view.object(a), view.object(b))) continue;
          const [j0, j1] = [judge(ctx, upper, a, b), judge(ctx, lower, a, b)];
          if (!j0 || !j1 || j0.closer !== j1.closer || j0.role === j1.role) continue;
          const [consistent, counter] = j0.role === 'consistent' ? [j0, j1] : [j1, j0];
          const larger = sizeClass(consistent.nearLooksLarger, counter.nearLooksLarger);
          candidates.push({
            a,
            b,
            closer: j0.closer,
            frames: [upper, lower],
            roles: [j0.role, j1.role],
            larger,
          });
        }
      const drawn = pickBalanced(
        rng,
        candidates,
        MAX_PAIRS,
        (c) => c.larger,
        SIZE_CLASSES,
        undefined,
        (c) => [c.a, c.b],
      );
      // The class draws can all miss the one class on offer (most twins have a single candidate):
      // then one candidate, drawn evenly, so that twins with pairs always give one and the classes
      // keep the shares the candidates come in.
      const picked = drawn.length || !candidates.length ? drawn : [rng.pick(candidates)];
      for (const [k, c] of picked.entries()) {
        // One question for both twins: the same wording, order of names and options.
        const named = rng.bool() ? [c.a, c.b] : [c.b, c.a];
        const question = say(rng, PARAPHRASES, { x: view.name(named[0]), y: view.name(named[1]) });
        const right = view.name(c.closer);
        const wrong = view.name(named[0] === c.closer ? named[1] : named[0]);
        const answer = shuffledChoices(rng, right, [wrong]);
        for (const [i, frame] of c.frames.entries())
          drafts.push({
            question,
            ...answer,
            frames: [frame.index],
            targets: named,
            answer_object: c.closer,
            pair: { key: `${upper.index}-${k}`, role: c.roles[i] },
          });
      }
    }
    return drafts;
  },
};

/** The closer object and the pair role in one frame, or null when either is not clear-cut. */
function judge({ view }: TaskContext, frame: Frame, a: number, b: number): Judgement | null {
  const [pa, pb] = [view.annotation(frame, a), view.annotation(frame, b)];
  if (pa.depth_median === null || pb.depth_median === null || !pa.centroid || !pb.centroid) return null;
  if (!clearlyApart(pa.depth_median, pb.depth_median)) return null;
  const [near, far] = pa.depth_median < pb.depth_median ? [pa, pb] : [pb, pa];
  // Image rows grow downwards: a positive offset puts the farther object higher in the image.
  const offset = (near.centroid![1] - far.centroid![1]) / frame.height;
  if (Math.abs(offset) < MIN_OFFSET) return null;
  if (!looksAlike(near.visible_px, far.visible_px)) return null;
  return {
    closer: near.id,
    role: offset > 0 ? 'consistent' : 'counter',
    nearLooksLarger: near.visible_px > far.visible_px,
  };
}
