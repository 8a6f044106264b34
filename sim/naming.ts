import type { Placed } from './arrangement';
import { distance } from './geometry';
import { baseName } from './objects';
import { wallFrame } from './room';
import type { Room } from './schema';

/**
 * Referring expressions: what a person would call each object. An object is its colour or
 * material word and its category ("the grey sofa", "the light wooden table"); where several look
 * the same, each gets the first of these phrases that no other of them shares: what it stands on
 * ("the white mug on the desk"), a window or door it is by ("the chair by the window"), a
 * one-of-a-kind piece of furniture it is next to ("the plant next to the sofa"), or the one
 * landmark it is clearly the nearest of them to ("the wooden chair nearest the door"). An object
 * that no phrase sets apart keeps a numbered name and is never named in a question.
 */

export interface ObjectName {
  name: string;
  referable: boolean;
}

/** Within this of a window or door (plan distance from the object's centre to the opening's), m. */
const BY_FEATURE = 1.3;
/** Within this of another object's centre, beyond both half-sizes, m. */
const NEXT_TO = 0.6;
/** "Nearest the window" only where the nearest is at most this share of the next one's distance. */
const NEAREST_RATIO = 0.75;

export function referringNames(placed: readonly Placed[], room: Room): ObjectName[] {
  const bases = placed.map((p) => baseName(p.category, p.look));
  const byBase = new Map<string, number[]>();
  for (const [i, b] of bases.entries()) byBase.set(b, [...(byBase.get(b) ?? []), i]);
  const categoryCount = new Map<string, number>();
  for (const p of placed) categoryCount.set(p.category.name, (categoryCount.get(p.category.name) ?? 0) + 1);
  // How a phrase can mention another object: by category where it is the only one, else by look.
  const mention = (j: number): string | null =>
    categoryCount.get(placed[j].category.name) === 1
      ? placed[j].category.name
      : byBase.get(bases[j])!.length === 1
        ? bases[j]
        : null;

  const phrasesOf = (i: number): string[] => {
    const p = placed[i];
    const out: string[] = [];
    if (typeof p.support === 'number') {
      const m = mention(p.support - 1);
      if (m) out.push(`on the ${m}`);
    }
    for (const kind of ['window', 'door'] as const)
      if (room.features.some((f) => f.kind === kind && planDistance(room, f, p) < BY_FEATURE))
        out.push(`by the ${kind}`);
    placed.forEach((q, j) => {
      if (j === i || q.category === p.category || q.support !== 'floor' || p.support !== 'floor') return;
      const reach = (Math.max(p.size[0], p.size[2]) + Math.max(q.size[0], q.size[2])) / 2 + NEXT_TO;
      const m = mention(j);
      if (m && distance([p.position[0], 0, p.position[2]], [q.position[0], 0, q.position[2]]) < reach)
        out.push(`next to the ${m}`);
    });
    return out;
  };

  // Landmarks a set of look-alikes can be told apart by: the one nearest each (clearly nearest).
  const landmarks: { text: string; at: [number, number] }[] = [];
  for (const kind of ['window', 'door'] as const) {
    const fs = room.features.filter((f) => f.kind === kind);
    if (fs.length === 1) landmarks.push({ text: kind, at: featureCentre(room, fs[0]) });
  }
  placed.forEach((q, j) => {
    const m = mention(j);
    if (m && q.support === 'floor' && Math.max(q.size[0], q.size[2]) >= 0.8)
      landmarks.push({ text: m, at: [q.position[0], q.position[2]] });
  });

  const names: ObjectName[] = bases.map((b) => ({ name: `the ${b}`, referable: true }));
  for (const group of byBase.values()) {
    if (group.length === 1) continue;
    const phrases = group.map(phrasesOf);
    for (const l of landmarks) {
      const d = group.map((i) =>
        Math.hypot(placed[i].position[0] - l.at[0], placed[i].position[2] - l.at[1]),
      );
      const order = d.map((_, k) => k).sort((a, b) => d[a] - d[b]);
      if (d[order[0]] <= NEAREST_RATIO * d[order[1]]) phrases[order[0]].push(`nearest the ${l.text}`);
    }
    group.forEach((i, k) => {
      // A phrase tells this one apart when no other object of the same look could take it.
      const own = phrases[k].find((ph) => phrases.every((other, m) => m === k || !other.includes(ph)));
      names[i] = own
        ? { name: `the ${bases[i]} ${own}`, referable: true }
        : { name: `the ${bases[i]} (${k + 1})`, referable: false };
    });
  }
  // A phrase could still repeat another name word for word: number the later one.
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n.name)) names[i] = { name: `${n.name} (${i + 1})`, referable: false };
    seen.add(names[i].name);
  });
  return names;
}

function featureCentre(room: Room, f: Room['features'][number]): [number, number] {
  const fr = wallFrame(room, f.wall);
  return [fr.origin[0] + fr.along[0] * f.offset, fr.origin[2] + fr.along[2] * f.offset];
}

function planDistance(room: Room, f: Room['features'][number], p: Placed): number {
  const [x, z] = featureCentre(room, f);
  return distance([x, 0, z], [p.position[0], 0, p.position[2]]);
}
