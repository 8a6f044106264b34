/**
 * The one seeded random generator of the project (sfc32 seeded by a cyrb128 hash).
 *
 * A stream is named by a path of labels, e.g. `Rng.root(seed).fork('scene', 42).fork('placement')`.
 * Forking never consumes the parent's state, so adding a new purpose somewhere does not shift the
 * numbers drawn for any other purpose: scene i depends only on (config, seed, i).
 */
export class Rng {
  readonly path: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** What is left of the current deck of each size (see deal). */
  private decks = new Map<number, number[]>();

  private constructor(path: string) {
    this.path = path;
    [this.a, this.b, this.c, this.d] = cyrb128(path);
    // sfc32 needs a few rounds before its output is well mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static root(seed: number): Rng {
    return new Rng(`seed:${seed}`);
  }

  /** A child stream, a pure function of this stream's path and the labels. */
  fork(...labels: (string | number)[]): Rng {
    return new Rng(`${this.path}/${labels.join('/')}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform over a [min, max] pair. */
  inRange([min, max]: readonly [number, number]): number {
    return this.range(min, max);
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error(`Rng.pick on an empty list (${this.path})`);
    return items[Math.floor(this.float() * items.length)];
  }

  /**
   * An index in [0, n), dealt from a shuffled deck of 0…n−1 (a fresh one when it runs out): over k
   * calls with the same n each index comes ⌊k/n⌋ or ⌈k/n⌉ times, where independent draws would
   * scatter — answer positions balanced within a stream, not only on average.
   */
  deal(n: number): number {
    let deck = this.decks.get(n);
    if (!deck?.length) {
      deck = this.shuffle(Array.from({ length: n }, (_, i) => i));
      this.decks.set(n, deck);
    }
    return deck.pop()!;
  }

  /** Picks an index with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** 128-bit string hash (bryc's cyrb128), four 32-bit words. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
