import { duration } from '../util/progress';

/**
 * Progress of an eval run on stderr: count, rate and ETA. On a terminal one line is redrawn in
 * place; elsewhere (CI logs, files) a plain line is printed every `every` questions and at the end.
 * Unlike util/progress.ts, which is told up front how much a resumed run skips, this one learns of
 * cached answers one by one as the run finds them, and leaves them out of the rate.
 */

export type Tick = 'answered' | 'cached' | 'failed';

export interface ProgressOptions {
  /** Defaults to process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Plain-line interval in questions; defaults to about every 5%. */
  every?: number;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
}

export class Progress {
  private done = 0;
  private cached = 0;
  private failed = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private readonly started: number;
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly every: number;
  private readonly now: () => number;

  constructor(
    private readonly label: string,
    private readonly total: number,
    opts: ProgressOptions = {},
  ) {
    this.stream = opts.stream ?? process.stderr;
    this.every = opts.every ?? Math.max(1, Math.ceil(total / 20));
    this.now = opts.now ?? (() => performance.now());
    this.started = this.now();
  }

  tick(kind: Tick): void {
    this.done++;
    if (kind === 'cached') this.cached++;
    if (kind === 'failed') this.failed++;
    if (this.stream.isTTY) {
      // Cached answers tick thousands of times a second; a terminal needs a few redraws.
      if (this.now() - this.lastDraw < 100) return;
      this.lastDraw = this.now();
      this.stream.write(`\r${this.line()}\x1b[K`);
    } else if (this.done % this.every === 0 && this.done < this.total) this.stream.write(`${this.line()}\n`);
  }

  /** The final line (ends the redrawn line on a terminal). */
  finish(): void {
    this.stream.write(this.stream.isTTY ? `\r${this.line()}\x1b[K\n` : `${this.line()}\n`);
  }

  line(): string {
    const elapsed = (this.now() - this.started) / 1000;
    // Cached answers cost nothing: the rate and ETA count only questions actually asked.
    const asked = this.done - this.cached;
    const rate = elapsed > 0 ? asked / elapsed : 0;
    const left = this.total - this.done;
    const eta = left === 0 ? 'done' : rate > 0 ? `ETA ${duration(left / rate)}` : 'ETA ?';
    const pct = this.total > 0 ? ((100 * this.done) / this.total).toFixed(1) : '100.0';
    const extras = [
      this.cached ? `${this.cached} cached` : '',
      this.failed ? `${this.failed} failed` : '',
    ].filter(Boolean);
    return `${this.label}: ${this.done}/${this.total} (${pct}%), ${rate.toFixed(1)}/s, ${eta}${extras.length ? `, ${extras.join(', ')}` : ''}`;
  }
}
