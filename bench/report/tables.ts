import { type Metrics, SCORERS, type Stat } from '../schema';
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

/** A table with its heading; empty tables are left off the page. */
export interface Section {
  title: string;
  table: Table;
}

/** Every table of the report, in page order. */
export function reportSections(runs: readonly LoadedRun[]): Section[] {
  return [
    { title: 'Runs', table: overviewTable(runs) },
    { title: 'Per task (lenient)', table: taskTable(runs) },
    { title: 'By form, capability, level and answer type (lenient)', table: groupTable(runs) },
    { title: 'Perception gap: the same questions with images and as text', table: perceptionTable(runs) },
    { title: 'Structured answers: secondary figures (lenient)', table: detailTable(runs) },
    { title: 'Unparsable answers by task', table: unparsableTable(runs) },
    { title: 'Far looks up', table: gapTable(runs) },
  ];
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

/** One column per run, one row per key that any run reports: "-" where a run has none. */
function perRun(
  runs: readonly LoadedRun[],
  keys: string[],
  cell: (run: LoadedRun, key: string) => string,
): string[][] {
  return keys.map((k) => [k, ...runs.map((r) => cell(r, k))]);
}

const lenient = (run: LoadedRun): Metrics | undefined => run.summary.metrics.lenient;
const keysOf = (runs: readonly LoadedRun[], pick: (m: Metrics) => Record<string, unknown>) => [
  ...new Set(runs.flatMap((r) => Object.keys(lenient(r) ? pick(lenient(r)!) : {}))),
];

/** Mean over tasks of each form's, capability's and level's items. */
export function groupTable(runs: readonly LoadedRun[]): Table {
  const groups: [string, (m: Metrics) => Record<string, Stat>][] = [
    ['form', (m) => m.by_form],
    ['capability', (m) => m.by_capability],
    ['level', (m) => m.by_level],
    ['answer type', (m) => m.by_answer_type],
  ];
  return {
    head: ['group', ...runs.map((r) => r.label)],
    leading: 1,
    rows: groups.flatMap(([label, pick]) =>
      perRun(runs, keysOf(runs, pick).sort(), (r, k) => formatStat(lenient(r) && pick(lenient(r)!)[k])).map(
        ([k, ...cells]) => [`${label}: ${k}`, ...cells],
      ),
    ),
  };
}

/** Per run and task: image items whose text twins were asked too, and both accuracies. */
export function perceptionTable(runs: readonly LoadedRun[]): Table {
  return {
    head: ['run', 'task', 'pairs', 'with images', 'as text', 'text − images'],
    leading: 2,
    rows: runs.flatMap((r) =>
      Object.entries(lenient(r)?.perception_gap ?? {}).map(([task, g]) => [
        r.label,
        task,
        String(g.pairs),
        formatStat(g.image),
        formatStat(g.text),
        formatStat(g.gap),
      ]),
    ),
  };
}

/** Per structured task and figure (IoU, mean cell distance, …), one column per run. */
export function detailTable(runs: readonly LoadedRun[]): Table {
  const keys = [
    ...new Set(
      runs.flatMap((r) =>
        Object.entries(lenient(r)?.details ?? {}).flatMap(([task, figures]) =>
          Object.keys(figures).map((f) => `${task}: ${f}`),
        ),
      ),
    ),
  ].sort();
  return {
    head: ['task: figure', ...runs.map((r) => r.label)],
    leading: 1,
    rows: perRun(runs, keys, (r, key) => {
      const [task, figure] = key.split(': ');
      return formatStat(lenient(r)?.details[task]?.[figure]);
    }),
  };
}

/** Askings whose reply could not be read, per task. */
export function unparsableTable(runs: readonly LoadedRun[]): Table {
  const tasks = [...new Set(runs.flatMap((r) => Object.keys(r.summary.counts.unparsable_by_task)))].sort();
  return {
    head: ['task', ...runs.map((r) => r.label)],
    leading: 1,
    rows: perRun(runs, tasks, (r, t) => String(r.summary.counts.unparsable_by_task[t] ?? 0)),
  };
}
