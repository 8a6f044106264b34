/**
 * Free lists of reusable values by key (e.g. pixel buffers by image size). Frames arrive by the
 * thousand with megabytes of pixels each; reusing their buffers keeps the garbage collector out of
 * the hot path (it otherwise costs more than decoding them).
 */
export class Pool<T> {
  private readonly free = new Map<string, T[]>();

  constructor(
    private readonly make: (key: string) => T,
    /** At most this many idle values are kept per key. */
    private readonly keep = 8,
  ) {}

  acquire(key: string): T {
    return this.free.get(key)?.pop() ?? this.make(key);
  }

  release(key: string, value: T): void {
    const list = this.free.get(key) ?? [];
    if (list.length < this.keep) list.push(value);
    this.free.set(key, list);
  }
}
