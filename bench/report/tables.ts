import { SCORERS } from '../schema';
import { formatStat } from '../summary';
import type { LoadedRun } from './load';

/** The report's tables as plain cells, rendered by both the HTML page and the Markdown summary. */
export interface Table {
  head: string[];
  rows: string[][];
  /** How many leading columns hold text (left-aligned); the rest hold numbers. */
  leading: number;
}

/** One row per run: what it was and its overall score under each scorer. */
export function overviewTable(runs: readonly LoadedRun[]): Table {
  return {
    head: ['run', 'model', 'prompt', 'questions', 'failed', 'unparsable', ...SCORERS],
    leading: 3,
    rows: runs.map(({ label, summary: s }) => [
      label,
      s.config.model,
      s.config.prompt_style,
      String(s.counts.items),
      String(s.counts.failed),
      String(s.counts.unparsable),
      ...SCORERS.map((scorer) => formatStat(s.metrics[scorer]?.overall)),
    ]),
  };
}

/** One row per task (then each kind), one column per run: lenient score with its interval. */
export function taskTable(runs: readonly LoadedRun[]): Table {
  const tasks = [
    ...new Set(runs.flatMap((r) => Object.keys(r.summary.metrics.lenient?.by_task ?? {}))),
  ].sort();
  const kinds = ['static', 'dynamic'] as const;
  return {
    head: ['task', ...runs.map((r) => r.label)],
    leading: 1,
    rows: [
      ...tasks.map((t) => [t, ...runs.map((r) => formatStat(r.summary.metrics.lenient?.by_task[t]))]),
      ...kinds.map((k) => [`(${k})`, ...runs.map((r) => formatStat(r.summary.metrics.lenient?.by_kind[k]))]),
      ['(overall)', ...runs.map((r) => formatStat(r.summary.metrics.lenient?.overall))],
    ],
  };
}

/** The far-looks-up gap per run that has pairs. */
export function gapTable(runs: readonly LoadedRun[]): Table {
  return {
    head: [
      'run',
      'pairs',
      'consistent',
      'counter',
      'gap',
      'right on consistent, wrong on counter',
      'the reverse',
    ],
    leading: 1,
    rows: runs.flatMap(({ label, summary }) => {
      const gap = summary.metrics.lenient?.gap;
      if (!gap) return [];
      return [
        [
          label,
          String(gap.pairs),
          formatStat(gap.consistent),
          formatStat(gap.counter),
          formatStat(gap.gap),
          String(gap.right_consistent_wrong_counter),
          String(gap.wrong_consistent_right_counter),
        ],
      ];
    }),
  };
}
