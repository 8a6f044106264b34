import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../bench/report/report-command';
import { type LaunchedBrowser, launchBrowser } from '../../render/browser';
import { type FixtureDataset, writeFixtureDataset } from '../helpers/fixture-dataset';
import { type FakeEndpoint, Oracle, startFakeEndpoint } from './fake-endpoint';
import { Capture, evalInProcess } from './run-eval';

let fixture: FixtureDataset;
let out: string;
let endpoint: FakeEndpoint;
let chrome: LaunchedBrowser | null = null;
let page: string;

beforeAll(async () => {
  fixture = await writeFixtureDataset();
  out = await mkdtemp(join(tmpdir(), 'sim-bench-report-'));
  const oracle = new Oracle(fixture);
  // A model with the far-looks-up bias: right everywhere except on counter twins.
  endpoint = await startFakeEndpoint((req) => {
    const item = oracle.itemOf(req);
    if (item.pair?.role !== 'counter') return { answer: oracle.truth(req) };
    return { answer: oracle.rightLetter(req) === 'A' ? 'B' : 'A' };
  });
  const results = join(out, 'results');
  await evalInProcess({ data: fixture.dir, out: results, model: 'biased-vlm', baseUrl: endpoint.url });
  for (const model of ['random', 'always-first', 'heuristic:lower-is-closer'])
    await evalInProcess({ data: fixture.dir, out: results, model });
  // With the default run above, a frames sweep of one baseline: 1 and 32 (the default) frames.
  await evalInProcess({ data: fixture.dir, out: results, model: 'always-first', frames: [1] });
  page = await runReport(
    { runs: [results], out: join(out, 'report'), gallery: 6, title: 'bench test report' },
    { stdout: new Capture(), stderr: new Capture() },
  );
  chrome = await launchBrowser();
});

afterAll(async () => {
  await chrome?.close();
  await endpoint?.close();
  await fixture?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('sim report', () => {
  it('draws every plot with visible marks in headless Chromium', async () => {
    const tab = await chrome!.browser.newPage();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const charts = await tab.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const marks = [...figure.querySelectorAll('svg g.role-mark')].flatMap((g) => [
          ...g.querySelectorAll('path, line, rect, circle'),
        ]);
        const drawn = marks.filter((m) => {
          const box = (m as SVGGraphicsElement).getBoundingClientRect();
          return box.width > 0 || box.height > 0;
        });
        return { id: figure.id, marks: marks.length, drawn: drawn.length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual([
      'tasks',
      'far-looks-up',
      'distance',
      'image-height',
      'capabilities',
      'frames',
    ]);
    for (const c of charts) expect(c.drawn, c.id).toBeGreaterThan(0);
    // 5 runs: bars for every task each run answered (8 tasks, or depth_order alone), plus overall,
    // and one interval rule per bar.
    expect(charts[0].marks).toBe(2 * (4 * 9 + 1 * 2));
    // consistent and counter bars (and their rules) for each of the 5 runs
    expect(charts[1].marks).toBe(2 * 2 * 5);
    // Every fixture item tests spatial_relation: one bar and rule per run.
    expect(charts[4].marks).toBe(2 * 5);
    // One line (always-first) through two points: 1 and 32 frames.
    expect(charts[5].marks).toBe(1 + 2);
    await tab.close();
  });

  it('shows the failed questions with their images', async () => {
    const tab = await chrome!.browser.newPage();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const cards = await tab.$$eval('.card', (els) =>
      els.map((el) => ({
        text: el.textContent ?? '',
        images: [...el.querySelectorAll('img')].map((img) => (img as HTMLImageElement).naturalWidth),
      })),
    );
    // The biased model fails the four counter twins; baselines are not shown.
    expect(cards).toHaveLength(4);
    for (const card of cards) {
      expect(card.text).toContain('biased-vlm');
      expect(card.text).toContain('counter twin');
      expect(card.images).toEqual([64]);
    }
    await tab.close();
  });

  it('writes a Markdown summary with the far-looks-up gap', async () => {
    const md = await readFile(join(out, 'report', 'summary.md'), 'utf8');
    expect(md).toContain('| biased-vlm | 4 | 1.000 | 0.000 | 1.000 | 4 | 0 |');
    expect(md).toContain('| heuristic-lower-is-closer | 4 | 1.000 | 0.000 | 1.000 | 4 | 0 |');
    expect(md).toContain('(charts/tasks.svg)');
  });
});
