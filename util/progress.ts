/**
 * Progress of long work on stderr: a bar redrawn in place on a terminal (at most five times a
 * second), plain lines elsewhere (CI and cluster logs) every `every` units or, without it, every
 * `intervalMs`. Rate and ETA count only the units this run did itself: `skipped` ones (resumed,
 * cached) fill the bar but would flatter the rate.
 */

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Plain mode: a line each time this many more units are done. */
  every?: number;
  /** Plain mode without `every`: a line at most this often, ms. */
  intervalMs?: number;
  now?: () => number;
}

export class ProgressBar {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastDrawnDone = 0;
  private done = 0;
  private skipped = 0;
  private tail = '';
  private finished = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly opts: ProgressOptions = {},
  ) {
    this.stream = opts.stream ?? process.stderr;
    this.now = opts.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** Units done so far (skipped ones included), how many of those were skipped, and a suffix. */
  update(done: number, state: { skipped?: number; tail?: string } = {}): void {
    this.done = done;
    this.skipped = state.skipped ?? this.skipped;
    this.tail = state.tail ?? this.tail;
    // The last state is left to finish(), so that it is printed once.
    if (done >= this.total || !this.due()) return;
    this.lastDraw = this.now();
    this.lastDrawnDone = done;
    this.stream.write(this.stream.isTTY ? `\r${this.line(true)}\x1b[K` : `${this.line(false)}\n`);
  }

  private due(): boolean {
    if (this.stream.isTTY) return this.now() - this.lastDraw >= 200;
    if (this.opts.every)
      return Math.floor(this.done / this.opts.every) > Math.floor(this.lastDrawnDone / this.opts.every);
    return this.now() - this.lastDraw >= (this.opts.intervalMs ?? 10_000);
  }

  /** Prints the final state once (later calls do nothing). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stream.write(this.stream.isTTY ? `\r${this.line(true)}\x1b[K\n` : `${this.line(false)}\n`);
  }

  /** A message between progress lines; on a terminal the bar is redrawn below it. */
  log(message: string): void {
    if (this.stream.isTTY && !this.finished) this.stream.write(`\r\x1b[K${message}\n${this.line(true)}`);
    else this.stream.write(`${message}\n`);
  }

  /** Seconds since the bar was made. */
  elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  line(bar: boolean): string {
    const fresh = this.done - this.skipped;
    const rate = this.elapsed() > 0 ? fresh / this.elapsed() : 0;
    const left = this.total - this.done;
    const eta = left <= 0 ? 'done' : rate > 0 ? `ETA ${duration(left / rate)}` : 'ETA ?';
    const pct = this.total > 0 ? (100 * this.done) / this.total : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const head = bar ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
    const tail = this.tail ? `, ${this.tail}` : '';
    return `${this.label}: ${head}${this.done}/${this.total} (${pct.toFixed(1)}%), ${rate.toFixed(1)}/s, ${eta}${tail}`;
  }
}

/** 75 → "1m15s", 3700 → "1h01m". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
