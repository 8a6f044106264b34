import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Renderer } from '../../render/renderer';
import { priorRow } from '../../tasks/priors';
import type { SceneFacts } from '../../tasks/scene-facts';
import type { QaItem } from '../../tasks/schema';
import type { StatsReport } from '../../tasks/stats';
import { collectStats } from '../../tasks/stats-command';
import { runCli } from '../helpers/cli';
import { buildDataset, smallConfig, type TaskDataset } from './dataset';

/**
 * `sim stats` on a generated dataset: the counts match qa.jsonl, and the baselines come out as the
 * acceptance criteria of the task layer say: lower-is-closer right on every consistent twin and
 * wrong on every counter twin, always-A and the text-only guesser at chance.
 */

let renderer: Renderer;
let data: TaskDataset;
let report: StatsReport;

beforeAll(async () => {
  renderer = await Renderer.start({ shadowMapSize: 1024 });
  const config = smallConfig({ splits: { train: 0.5, val: 0.1, test: 0.4 } });
  data = await buildDataset(
    renderer,
    config,
    23,
    Array.from({ length: 24 }, (_, i) => i),
  );
  report = await collectStats(data.dir);
});

afterAll(async () => {
  await renderer?.close();
  await data?.remove();
});

describe('collectStats', () => {
  it('counts every item by task and split', () => {
    expect(report.items).toBe(data.items.length);
    expect(report.scenes).toBe(new Set(data.items.map((q) => q.scene)).size);
    for (const t of report.tasks) {
      const items = data.items.filter((q) => q.task === t.task);
      expect(t.items).toBe(items.length);
      expect(t.choiceItems).toBe(
        items.filter((q) => q.answer_type === 'choice' || q.answer_type === 'image_choice').length,
      );
      expect(Object.values(t.splits).reduce((s, n) => s + n, 0)).toBe(items.length);
      // Every choice item's right letter is tallied, image options' included.
      const letters = Object.values(t.letters).flatMap((byLetter) => Object.entries(byLetter));
      expect(
        letters.every(([l]) => /^[A-H]$/.test(l)),
        t.task,
      ).toBe(true);
      expect(letters.reduce((s, [, n]) => s + n, 0)).toBe(t.choiceItems);
    }
  });

  it('keeps the right letter of an item whose options are images', () => {
    const item: QaItem = {
      ...data.items.find((q) => q.answer_type === 'choice')!,
      answer_type: 'image_choice',
      choices: ['scenes/000000/frames/01/rgb.png', 'scenes/000000/frames/02/rgb.png'],
      answer: 'B',
    };
    const scene: SceneFacts = {
      id: item.scene,
      objects: [],
      frames: [{ index: 0, width: 8, height: 8, objects: [] }],
    };
    expect(priorRow(item, scene).answer).toBe('B');
  });

  it('finds every depth_order item in a complete pair', () => {
    const depth = data.items.filter((q) => q.task === 'depth_order');
    expect(depth.length).toBeGreaterThanOrEqual(4);
    expect(report.pairs).toEqual({ pairs: depth.length / 2, complete: depth.length / 2 });
  });

  it('scores lower-is-closer right on every consistent twin and wrong on every counter twin', () => {
    const { consistent, counter } = report.shortcuts['lower-is-closer'];
    expect(consistent?.n).toBe(report.pairs.pairs);
    expect(consistent?.score).toBe(1);
    expect(counter?.n).toBe(report.pairs.pairs);
    expect(counter?.score).toBe(0);
  });

  it('scores always-A and the text-only guesser at chance', () => {
    const choice = report.tasks.filter((t) => t.choiceItems);
    const pooled = (pick: (t: StatsReport['tasks'][number]) => { n: number; correct: number } | null) => {
      const n = choice.reduce((s, t) => s + (pick(t)?.n ?? 0), 0);
      return choice.reduce((s, t) => s + (pick(t)?.correct ?? 0), 0) / n;
    };
    const items = choice.reduce((s, t) => s + t.choiceItems, 0);
    const chance = choice.reduce((s, t) => s + t.chance * t.choiceItems, 0) / items;
    // Four standard errors of a fair guesser on this many items: a fail means a real bias.
    const bound = 4 * Math.sqrt((chance * (1 - chance)) / items);
    expect(items).toBeGreaterThan(300);
    expect(Math.abs(pooled((t) => t.choice['always-first']) - chance)).toBeLessThan(bound);
    expect(Math.abs(pooled((t) => t.choice['text-only']) - chance)).toBeLessThan(0.1);
    for (const t of choice.filter((x) => x.choiceItems >= 40))
      expect(Math.abs(t.choice['always-first']!.score - t.chance), t.task).toBeLessThan(0.2);
  });

  it('balances yes/no and left/right answers', () => {
    const sum = (k: 'yes' | 'no' | 'left' | 'right') =>
      report.tasks.reduce((s, t) => s + (k === 'yes' || k === 'no' ? t.yesNo[k] : t.leftRight[k]), 0);
    expect(sum('yes') / (sum('yes') + sum('no'))).toBeGreaterThan(0.35);
    expect(sum('yes') / (sum('yes') + sum('no'))).toBeLessThan(0.65);
    expect(sum('left') / (sum('left') + sum('right'))).toBeGreaterThan(0.35);
    expect(sum('left') / (sum('left') + sum('right'))).toBeLessThan(0.65);
  });
});

describe('sim stats', () => {
  it('prints the tables and the baselines', async () => {
    const { code, stdout } = await runCli(['stats', data.dir]);
    expect(code).toBe(0);
    for (const heading of [
      'Questions per task and split',
      'Numeric answers',
      'Minimal pairs',
      'lower-is-closer',
    ])
      expect(stdout).toContain(heading);
    expect(stdout).toMatch(
      /lower-is-closer on depth_order: consistent 100\.0% \[\d+-100\] \((\d+)\), counter 0\.0% \[0-\d+\] \(\1\)/,
    );
  });

  it('fails with one line on a missing dataset, a bad line or a missing scene', async () => {
    const missing = await runCli(['stats', join(data.dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope: no such folder/);

    const dir = await mkdtemp(join(tmpdir(), 'sim-stats-bad-'));
    try {
      const lines = (await readFile(join(data.dir, 'qa.jsonl'), 'utf8')).split('\n').slice(0, 2);
      await writeFile(join(dir, 'qa.jsonl'), `${lines.join('\n')}\n`);
      await appendFile(
        join(dir, 'qa.jsonl'),
        `${JSON.stringify({ ...JSON.parse(lines[0]), split: 'dev' })}\n`,
      );
      const bad = await runCli(['stats', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      // The scene of line 1 is missing before line 3 is reached.
      expect(bad.stderr).toMatch(/scene\.json: no such file/);

      const scene = JSON.parse(lines[0]).scene;
      await mkdir(join(dir, 'scenes', scene), { recursive: true });
      await copyFile(join(data.dir, 'scenes', scene, 'scene.json'), join(dir, 'scenes', scene, 'scene.json'));
      const badLine = await runCli(['stats', dir]);
      expect(badLine.code).toBe(2);
      expect(badLine.stderr).toMatch(/qa\.jsonl:3: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
