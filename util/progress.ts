/**
 * Progress of long work on stderr: a bar redrawn in place on a terminal (at most a few times a
 * second), plain lines every `intervalMs` elsewhere (CI and cluster logs). Rate and ETA count only
 * the work done by this run, so a resumed run's ETA is not flattered by what it skipped.
 */

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Plain-line interval when not on a terminal, ms. */
  intervalMs?: number;
  now?: () => number;
}

export class ProgressBar {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private done = 0;
  private extra = '';
  private finished = false;

  /** `skipped` units were already done before this run (they fill the bar but not the rate). */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly skipped = 0,
    opts: ProgressOptions = {},
  ) {
    this.stream = opts.stream ?? process.stderr;
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.now = opts.now ?? (() => performance.now());
    this.started = this.now();
    this.done = skipped;
  }

  /** Sets the count of units done and a suffix (e.g. "12.3 views/s, 0 failed"). */
  update(done: number, extra = ''): void {
    this.done = done;
    this.extra = extra;
    const t = this.now();
    const every = this.stream.isTTY ? 200 : this.intervalMs;
    // The last state is left to finish(), so logs do not print it twice.
    if (t - this.lastDraw < every || done >= this.total) return;
    this.lastDraw = t;
    this.stream.write(this.stream.isTTY ? `\r${this.line(true)}\x1b[K` : `${this.line(false)}\n`);
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

  /** Seconds since this run started. */
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
    const tail = this.extra ? `, ${this.extra}` : '';
    return `${this.label}: ${head}${this.done}/${this.total} (${pct.toFixed(1)}%), ${rate.toFixed(2)}/s, ${eta}${tail}`;
  }
}

/** 75 → "1m15s", 3700 → "1h01m". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
