import { assertDatasetDir, readQaItems, readSceneJson } from '../dataset/read';
import { type SceneFacts, SceneFactsSchema } from './scene-facts';
import { letter } from './schema';
import { type BaselineScore, FLAG_ITEMS, FLAG_MARGIN, StatsCollector, type StatsReport } from './stats';

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
  await assertDatasetDir(dir, 'qa.jsonl');
  const collector = new StatsCollector();
  // qa.jsonl is ordered by scene: one scene.json in memory at a time.
  let scene: SceneFacts | null = null;
  for await (const { item } of readQaItems(dir)) {
    const current: SceneFacts =
      scene?.id === item.scene ? scene : await readSceneJson(dir, item.scene, SceneFactsSchema);
    scene = current;
    collector.add(item, current);
  }
  return collector.finish();
}

/** "72.7% [61-82] (n 120)" with a "!" when flagged; MRA figures as 0.00–1.00. */
function fmtBaseline(b: BaselineScore | null, asMra = false): string {
  if (!b) return '-';
  const v = (x: number) => (asMra ? x.toFixed(2) : `${(100 * x).toFixed(1)}%`);
  const r = (x: number) => (asMra ? x.toFixed(2) : (100 * x).toFixed(0));
  return `${v(b.score)} [${r(b.lo)}-${r(b.hi)}]${b.flagged ? ' !' : ''}`;
}
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

  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  out.push(
    `By form: ${list(r.forms)}`,
    `By level: ${list(r.levels)}`,
    `By capability: ${list(r.capabilities)}`,
    '',
  );
  out.push('Questions per task and split');
  out.push(
    table(
      ['task', 'kind', 'items', 'train', 'val', 'test', 'choice', 'number', 'structured'],
      r.tasks.map((t) => [
        t.task,
        t.kind,
        t.items,
        t.splits.train ?? 0,
        t.splits.val ?? 0,
        t.splits.test ?? 0,
        t.choiceItems,
        t.numberItems,
        t.items - t.choiceItems - t.numberItems,
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

  out.push(
    `Baselines that never look at the image content, with 95% intervals (guessers learn on ${r.textOnlyTrainedOn}, are scored on ${r.textOnlyScoredOn}); ! = beats chance by more than ${100 * FLAG_MARGIN} points on ≥ ${FLAG_ITEMS} items`,
  );
  const flags: string[] = [];
  for (const [name, roles] of Object.entries(r.shortcuts)) {
    const parts = Object.entries(roles)
      .filter(([, b]) => b)
      .map(([role, b]) => `${role} ${fmtBaseline(b)} (${b!.n})`);
    if (parts.length) out.push(`  ${name} on depth_order: ${parts.join(', ')}`);
    for (const [role, b] of Object.entries(roles))
      if (b?.flagged)
        flags.push(
          `${name} on depth_order ${role}${name === 'lower-is-closer' && role === 'consistent' ? ' (by design: the far-looks-up shortcut)' : ''}`,
        );
  }
  out.push('  choice items (accuracy):');
  out.push(
    table(
      ['    task', 'items', 'chance', 'always-first', 'text-only', 'category prior', 'scored'],
      r.tasks
        .filter((t) => t.choiceItems)
        .map((t) => [
          `    ${t.task}`,
          t.choiceItems,
          `${(100 * t.chance).toFixed(1)}%`,
          fmtBaseline(t.choice['always-first']),
          fmtBaseline(t.choice['text-only']),
          fmtBaseline(t.choice.category),
          t.choice['text-only']?.n ?? 0,
        ]),
    ),
  );
  const numeric = r.tasks.filter((t) => t.number['mean-answer']);
  if (numeric.length) {
    out.push('  numeric items (mean relative accuracy; chance = always the mean answer):');
    out.push(
      table(
        ['    task', 'items', 'chance', 'text-only', 'category prior', 'scored'],
        numeric.map((t) => [
          `    ${t.task}`,
          t.items - t.choiceItems,
          fmtBaseline(t.number['mean-answer'], true),
          fmtBaseline(t.number['text-only'], true),
          fmtBaseline(t.number.category, true),
          t.number['mean-answer']?.n ?? 0,
        ]),
      ),
    );
  }
  for (const t of r.tasks) {
    for (const [name, b] of Object.entries(t.choice)) if (b?.flagged) flags.push(`${name} on ${t.task}`);
    for (const [name, b] of Object.entries(t.number))
      if (b?.flagged) flags.push(`${name} on ${t.task} (numbers)`);
  }
  out.push('', flags.length ? `Flagged: ${flags.join('; ')}` : 'Flagged: none');
  return `${out.join('\n')}\n`;
}
