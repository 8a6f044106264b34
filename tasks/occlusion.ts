import type { Annotation, Frame } from '../sim/schema';
import { objectChoices, shuffledChoices, yesNo } from './answers';
import { pickBalanced } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `occlusion`, from the render's amodal masks (amodal_px, occluded_by) and the instance mask:
 *   hidden    is X partly hidden behind another object? yes when other objects cover ≥ 15% of
 *             its unoccluded pixels, no when at most 2% of them is covered by anything;
 *   occluder  which object is partly hiding X? one object covers ≥ 10% of X and ≥ 3× anything
 *             else that covers it; the other options cover none of X;
 *   most      which of these is hidden the most? its hidden share is ≥ 25% and ≥ 20 points above
 *             each other option's.
 * Shares are of the object's part inside the image (in_frame_px); objects cut by the image border
 * are never asked about (SceneView.isClear), so that being cropped is never read as hidden.
 */

const MAX_ITEMS = 3;
const HIDDEN_YES = 0.15;
const HIDDEN_NO = 0.02;
const OCCLUDER_SHARE = 0.1;
const OCCLUDER_DOMINANCE = 3;
const MOST_MIN = 0.25;
const MOST_MARGIN = 0.2;

type Form = 'hidden-yes' | 'hidden-no' | 'occluder' | 'most';
const formClass = (f: Form) => (f === 'hidden-yes' || f === 'hidden-no' ? 'hidden' : f);

const PARAPHRASES: Record<'hidden' | 'occluder' | 'most', Paraphrases> = {
  hidden: [
    'Is {x} partly hidden behind another object in this image?',
    'In this picture, is part of {x} blocked from view by some other object?',
    'Is {x} partially covered by another object in this image?',
  ],
  occluder: [
    'Which object is partly hiding {x} in this image?',
    'In this picture, what is blocking part of {x} from view?',
    'Which of these objects covers part of {x} in the image?',
  ],
  most: [
    'Which of these objects is the most hidden in this image (the largest share of it covered)?',
    'Which of these objects has the largest part of itself hidden from view in this picture?',
    'Of these objects, which one is the most occluded in the image?',
  ],
};

interface Candidate {
  frame: Frame;
  form: Form;
  /** The object asked about (hidden, occluder) or the right answer (most). */
  x: number;
  /** occluder: the occluder, then objects that cover none of x (best distractors first); most: the other options. */
  others: number[];
}

export const occlusion: Task = {
  name: 'occlusion',
  kind: 'static',
  capabilities: ['spatial_relation', 'object_recognition'],
  level: 'perception',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng } = ctx;
    const all = view.askFrames(rng).flatMap((frame) => candidatesIn(ctx, frame));
    const candidates = all.filter((c) => formClass(c.form) !== 'hidden');
    // Unoccluded objects are the rule: ask yes/no only where both answers are on offer, by a coin.
    const [yes, no] = [all.filter((c) => c.form === 'hidden-yes'), all.filter((c) => c.form === 'hidden-no')];
    if (yes.length && no.length) candidates.push(rng.pick(rng.bool() ? yes : no));
    const picked = pickBalanced(
      rng,
      candidates,
      MAX_ITEMS,
      (c) => formClass(c.form),
      ['hidden', 'occluder', 'most'],
      // Per form: a shared key would drop the yes/no question about X whenever X is also the one
      // asked "what hides it", and so skew yes/no towards "no".
      (c) => `${formClass(c.form)}-${c.x}`,
    );
    return picked.map((c): Draft => {
      const frames = [c.frame.index];
      if (c.form === 'hidden-yes' || c.form === 'hidden-no')
        return {
          question: say(rng, PARAPHRASES.hidden, { x: view.name(c.x) }),
          ...yesNo(rng, c.form === 'hidden-yes'),
          frames,
          targets: [c.x],
          answer_object: null,
        };
      if (c.form === 'occluder') {
        const [occluder, ...free] = c.others;
        const wrong = free.slice(0, rng.int(2, 3));
        return {
          question: say(rng, PARAPHRASES.occluder, { x: view.name(c.x) }),
          ...shuffledChoices(
            rng,
            view.name(occluder),
            wrong.map((id) => view.name(id)),
          ),
          frames,
          targets: [c.x],
          answer_object: occluder,
        };
      }
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.x, c.others);
      return { question: say(rng, PARAPHRASES.most), ...parts, frames, targets: ids, answer_object: c.x };
    });
  },
};

/** Share of an object's unoccluded pixels inside the image that something covers. */
const hiddenShare = (a: Annotation) => (a.in_frame_px ? 1 - a.visible_px / a.in_frame_px : 0);

function candidatesIn({ view, rng }: TaskContext, frame: Frame): Candidate[] {
  const ids = view.clearIds(frame);
  const clear = new Set(ids);
  const out: Candidate[] = [];
  for (const x of ids) {
    const a = view.annotation(frame, x);
    const covers = Object.entries(a.occluded_by)
      .map(([by, px]) => ({ by: Number(by), px }))
      .sort((p, q) => q.px - p.px);
    const byObjects = covers.filter((c) => c.by > 0).reduce((s, c) => s + c.px, 0) / a.in_frame_px;
    if (byObjects >= HIDDEN_YES) out.push({ frame, form: 'hidden-yes', x, others: [] });
    if (hiddenShare(a) <= HIDDEN_NO) out.push({ frame, form: 'hidden-no', x, others: [] });

    const [top, second] = covers;
    const dominant =
      top &&
      top.by > 0 &&
      clear.has(top.by) &&
      top.px >= OCCLUDER_SHARE * a.in_frame_px &&
      top.px >= OCCLUDER_DOMINANCE * (second?.px ?? 0);
    // Options come in the size of the right answer (within a factor of two): otherwise "the big
    // furniture hides things, the small things are hidden" would answer without the image.
    const extent = (id: number) => Math.max(...view.object(id).size);
    const alike = (id: number, to: number) => Math.abs(Math.log(extent(id) / extent(to))) <= Math.log(2);
    // Distractors cover none of X; those in front of it first, so that being near is no tell either.
    const depth = (id: number) => view.annotation(frame, id).depth_median ?? 0;
    const free = dominant
      ? rng
          .shuffle([...clear].filter((id) => id !== x && !(String(id) in a.occluded_by) && alike(id, top.by)))
          .sort((p, q) => Number(depth(q) < depth(x)) - Number(depth(p) < depth(x)))
      : [];
    if (dominant && free.length >= 2) out.push({ frame, form: 'occluder', x, others: [top.by, ...free] });

    const share = hiddenShare(a);
    const lessHidden = ids.filter(
      (id) => hiddenShare(view.annotation(frame, id)) <= share - MOST_MARGIN && alike(id, x),
    );
    if (share >= MOST_MIN && lessHidden.length >= 2)
      out.push({ frame, form: 'most', x, others: rng.shuffle(lessHidden).slice(0, 2) });
  }
  return out;
}
