import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { qaPath } from '../sim/layout';
import { UserError } from '../util/errors';
import { readJsonFile } from '../util/files';
import { jsonLines } from '../util/jsonl';
import { letter, QaItemSchema } from './schema';
import { type SceneFacts, SceneFactsSchema, StatsCollector, type StatsReport, type Tally } from './stats';

/**
 * `sim stats DIR`: reads DIR/qa.jsonl (every line validated) and the scene.json of each scene it
 * names, and prints the distributions and baselines of tasks/stats.ts.
 */
export async function statsCommand(dir: string, write: (text: string) => void): Promise<StatsReport> {
  const report = await collectStats(dir);
  write(formatStats(dir, report));
  return report;
}

export async function collectStats(dir: string): Promise<StatsReport> {
  const path = qaPath(dir);
  try {
    await access(path);
  } catch {
    throw new UserError(`${path}: no such file (is ${dir} a dataset folder?)`);
  }
  const collector = new StatsCollector();
  // qa.jsonl is ordered by scene: one scene.json in memory at a time.
  let scene: SceneFacts | null = null;
  for await (const item of jsonLines(path, QaItemSchema)) {
    const current: SceneFacts =
      scene?.id === item.scene
        ? scene
        : await readJsonFile(join(dir, 'scenes', item.scene, 'scene.json'), SceneFactsSchema);
    scene = current;
    collector.add(item, current);
  }
  return collector.finish();
}

const pct = (t: Tally) => (t.n ? `${((100 * t.correct) / t.n).toFixed(1)}%` : '-');
const share = (k: number, n: number) => (n ? `${Math.round((100 * k) / n)}%` : '-');

/** Numbers and percentages line up on the right, words on the left. */
const NUMBER = /^-?[\d.]+%?$/;

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (NUMBER.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const BARS = ' ▁▂▃▄▅▆▇█';

function sparkline(bins: readonly number[]): string {
  const top = Math.max(...bins);
  return bins.map((b) => BARS[top ? Math.ceil((b / top) * (BARS.length - 1)) : 0]).join('');
}

export function formatStats(dir: string, r: StatsReport): string {
  const out: string[] = [];
  const splits = Object.entries(r.splits)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  out.push(`${dir}: ${r.items} questions about ${r.scenes} scenes (${splits})`, '');

  out.push('Questions per task and split');
  out.push(
    table(
      ['task', 'kind', 'items', 'train', 'val', 'test', 'choice', 'number'],
      r.tasks.map((t) => [
        t.task,
        t.kind,
        t.items,
        t.splits.train ?? 0,
        t.splits.val ?? 0,
        t.splits.test ?? 0,
        t.choiceItems,
        t.items - t.choiceItems,
      ]),
    ),
    '',
  );

  out.push(
    'Right answer letters by number of options, and the yes/no and left/right balance of right answers',
  );
  out.push(
    table(
      ['task', 'letters (options: A B C D)', 'yes', 'no', 'left', 'right'],
      r.tasks
        .filter((t) => t.choiceItems)
        .map((t) => [
          t.task,
          Object.entries(t.letters)
            .map(([n, byLetter]) => {
              const total = Object.values(byLetter).reduce((s, k) => s + k, 0);
              const cells = Array.from({ length: Number(n) }, (_, i) =>
                share(byLetter[letter(i)] ?? 0, total),
              );
              return `${n}: ${cells.join(' ')} (${total})`;
            })
            .join(' | '),
          t.yesNo.yes,
          t.yesNo.no,
          t.leftRight.left,
          t.leftRight.right,
        ]),
    ),
    '',
  );

  out.push('Option texts: right / shown (object names as <category>, numbers as #), most shown first');
  for (const t of r.tasks) {
    const texts = Object.entries(t.texts)
      .sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))
      .slice(0, 10);
    if (!texts.length) continue;
    out.push(`  ${t.task}: ${texts.map(([text, k]) => `${text} ${k.correct}/${k.n}`).join(', ')}`);
  }
  out.push('');

  out.push('Numeric answers (histogram: 10 equal bins from min to max)');
  out.push(
    table(
      ['task', 'unit', 'n', 'min', 'mean', 'max', 'histogram'],
      r.tasks.flatMap((t) =>
        t.numeric.map((n) => [
          t.task,
          n.unit,
          n.n,
          n.min,
          n.mean.toFixed(2),
          n.max,
          `${sparkline(n.bins)} ${n.bins.join(' ')}`,
        ]),
      ),
    ),
    '',
  );

  out.push(
    `Minimal pairs: ${r.pairs.pairs} pair ids, ${r.pairs.complete} complete (one consistent and one counter item, same question and targets)`,
    '',
  );

  const l = r.lowerIsCloser;
  out.push(
    `Baselines that never look at the image content (text-only guessers learn on ${r.textOnlyTrainedOn}, are scored on ${r.textOnlyScoredOn})`,
  );
  out.push(
    `  lower-is-closer on depth_order: consistent ${l.consistent.correct}/${l.consistent.n} (${pct(l.consistent)}), counter ${l.counter.correct}/${l.counter.n} (${pct(l.counter)})${l.unpaired.n ? `, unpaired ${pct(l.unpaired)}` : ''}`,
  );
  out.push(
    table(
      ['  task', 'choice items', 'chance', 'always-A', 'text-only', 'category prior', 'scored'],
      r.tasks
        .filter((t) => t.choiceItems)
        .map((t) => [
          `  ${t.task}`,
          t.choiceItems,
          `${(100 * t.chance).toFixed(1)}%`,
          pct(t.alwaysA),
          pct(t.textOnly),
          pct(t.categoryPrior),
          t.textOnly.n,
        ]),
    ),
  );
  return `${out.join('\n')}\n`;
}
