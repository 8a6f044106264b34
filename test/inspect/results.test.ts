import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../inspect/results';
import { evalInProcess, readScores } from '../bench/run-eval';
import { type FixtureDataset, writeFixtureDataset } from '../helpers/fixture-dataset';

let fixture: FixtureDataset;
let out: string;

beforeAll(async () => {
  fixture = await writeFixtureDataset();
  out = await mkdtemp(join(tmpdir(), 'sim-inspect-results-'));
});

afterAll(async () => {
  await fixture?.remove();
  await rm(out, { recursive: true, force: true });
});

describe('loadResults', () => {
  it('reads a `sim eval` run folder: the run names the model, right and wrong as the scores say', async () => {
    const run = await evalInProcess({ data: fixture.dir, out, model: 'always-first', name: 'first' });
    const scores = await readScores(run.dir);
    const results = await loadResults(run.dir);
    expect(results.models).toEqual(['first']);
    expect(results.byItem.size).toBe(scores.length);
    for (const s of scores) {
      const [answer] = results.byItem.get(s.id)!;
      expect(answer.model).toBe('first');
      expect(answer.correct).toBe(s.choices ? s.scores.lenient === 1 : (s.scores.lenient ?? 0) >= 0.5);
    }
    // "Always A" is wrong somewhere and right somewhere on the fixture.
    const correct = [...results.byItem.values()].map((a) => a[0].correct);
    expect(correct).toContain(true);
    expect(correct).toContain(false);
  });
});
