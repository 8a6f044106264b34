import { categoryOf, loadCatalog } from '../sim/catalog';
import { objectChoices } from './answers';
import { pickDistinct } from './selection';
import type { Draft, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * `recall`, over a walkthrough's video (long-horizon memory, as in VSI-SUPER): which of these
 * objects stood on a piece of furniture seen earlier. The furniture is named, or — where the
 * video shows two of its category with first sightings ≥ 2 s apart — referred to by when it was
 * seen ("the table you saw first"), so the question is about the walk, not about names. Every
 * option was clearly seen in the video, and each wrong one could stand on that furniture (its
 * category may) but stood elsewhere: knowing what usually stands on tables does not help.
 */

/** One per walk: a walk has many other questions, and the dynamic items stay spread over tasks. */
const MAX_ITEMS = 1;
const APART = 2;

const PARAPHRASES: Paraphrases = [
  'During the walk, which of these objects did you see on {x}?',
  'Think back over the video: which of these stood on {x}?',
  'Which of these objects was on {x} in the video?',
];

export const recall: Task = {
  name: 'recall',
  kind: 'dynamic',
  capabilities: ['memory', 'object_recognition'],
  level: 'reasoning',
  text: false,
  generate({ scene, view, rng }: TaskContext): Draft[] {
    if (scene.kind !== 'walkthrough') return [];
    const catalog = loadCatalog();
    const seen = view.seenIds();
    const seenAt = new Map(seen.map((id) => [id, view.firstSeen(id)!.time]));
    const canStandOn = (id: number, host: number) => {
      const c = categoryOf(catalog, view.object(id).category);
      return c.support === 'surface' && (!c.on || c.on.includes(view.object(host).category));
    };
    const candidates = seen.flatMap((host) => {
      if (reference(host) === null) return [];
      const carried = seen.filter((id) => view.object(id).support === host && view.object(id).referable);
      const elsewhere = seen.filter(
        (id) => view.object(id).support !== host && view.object(id).referable && canStandOn(id, host),
      );
      if (!carried.length || elsewhere.length < 2) return [];
      return carried.map((answer) => ({ host, answer, elsewhere }));
    });
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.host)).map((c) => {
      const wrong = rng.shuffle(c.elsewhere).slice(0, rng.int(2, 3));
      const { ids, ...parts } = objectChoices(rng, (id) => view.name(id), c.answer, wrong);
      return {
        question: say(rng, PARAPHRASES, { x: reference(c.host)! }),
        ...parts,
        frames: scene.frames.map((f) => f.index),
        targets: [c.host, ...ids],
        answer_object: c.answer,
      };
    });

    /**
     * "the table you saw first" where two tables were seen well apart in time, else its name;
     * null when neither tells it apart.
     */
    function reference(host: number): string | null {
      const category = view.object(host).category;
      const same = seen
        .filter((id) => view.object(id).category === category)
        .sort((a, b) => seenAt.get(a)! - seenAt.get(b)!);
      if (same.length === 2 && Math.abs(seenAt.get(same[0])! - seenAt.get(same[1])!) >= APART)
        return `the ${category} you saw ${same[0] === host ? 'first' : 'last'}`;
      return view.object(host).referable ? view.name(host) : null;
    }
  },
};
