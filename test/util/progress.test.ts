import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../util/progress';
import { Capture } from '../bench/run-eval';

describe('ProgressBar', () => {
  it('prints a plain line every N questions with count, rate and ETA, counting only questions asked', () => {
    const stream = new Capture();
    let t = 0;
    const progress = new ProgressBar('eval m', 6, { stream, every: 2, now: () => t });
    progress.update(1, { skipped: 1, tail: '1 cached' });
    t = 1000;
    progress.update(2);
    t = 2000;
    progress.update(3);
    progress.update(4, { tail: '1 cached, 1 failed' });
    t = 4000;
    progress.update(5);
    progress.update(6);
    progress.finish();
    expect(stream.text.split('\n')).toEqual([
      'eval m: 2/6 (33.3%), 1.0/s, ETA 4s, 1 cached',
      'eval m: 4/6 (66.7%), 1.5/s, ETA 1s, 1 cached, 1 failed',
      'eval m: 6/6 (100.0%), 1.3/s, done, 1 cached, 1 failed',
      '',
    ]);
  });
});
