import { SPLITS } from '../sim/schema';
import type { QaItem } from '../tasks/schema';

/** Questions per task and split, for `sim validate`'s summary and the export's dataset card. */

export type Split = (typeof SPLITS)[number];

/** Questions per task and split, tasks sorted by name. */
export type TaskSplitCounts = Record<string, Record<Split, number>>;

export function countItem(counts: TaskSplitCounts, item: Pick<QaItem, 'task' | 'split'>): void {
  counts[item.task] ??= { train: 0, val: 0, test: 0 };
  counts[item.task][item.split]++;
}

/** A Markdown-or-plain table of counts per task and split, with totals. */
export function countsTable(counts: TaskSplitCounts, markdown: boolean): string {
  const tasks = Object.keys(counts).sort();
  const total = (t: string) => SPLITS.reduce((s, sp) => s + counts[t][sp], 0);
  const rows = [
    ['task', ...SPLITS, 'total'],
    ...tasks.map((t) => [t, ...SPLITS.map((sp) => String(counts[t][sp])), String(total(t))]),
    [
      'all',
      ...SPLITS.map((sp) => String(tasks.reduce((s, t) => s + counts[t][sp], 0))),
      String(tasks.reduce((s, t) => s + total(t), 0)),
    ],
  ];
  if (markdown) {
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    return [
      line(rows[0]),
      line(rows[0].map((_, i) => (i ? '---:' : '---'))),
      ...rows.slice(1).map(line),
    ].join('\n');
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '))
    .join('\n');
}
