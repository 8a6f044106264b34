import { Rng } from '../sim/rng';
import { computeMetrics } from './metrics';
import {
  type EvalConfig,
  type Metrics,
  RESULTS_VERSION,
  SCORERS,
  type ScoredItem,
  type Stat,
  type Summary,
  type Usage,
} from './schema';

/** The run's metrics under every scorer that applies, with the settings that produced them. */
export function buildSummary(args: {
  run: string;
  config: EvalConfig;
  dataset: Summary['dataset'];
  items: readonly ScoredItem[];
  usage: Usage;
}): Summary {
  const { items, config } = args;
  const scorers = SCORERS.filter((s) => items.length > 0 && items[0].scores[s] !== undefined);
  const metrics: Summary['metrics'] = {};
  for (const scorer of scorers) {
    const strict = scorer === 'strict' || scorer === 'circular_strict';
    const rows = items.map((q) => ({
      ...q,
      score: q.scores[scorer]!,
      detail: strict ? q.askings[0].detail_strict : q.askings[0].detail,
    }));
    metrics[scorer] = computeMetrics(rows, {
      resamples: config.bootstrap,
      rng: Rng.root(config.seed).fork('bootstrap', scorer),
    });
  }
  const askings = items.flatMap((q) => q.askings);
  const unparsable = items.flatMap((q) =>
    q.askings.filter((a) => a.content !== null && a.pred === null).map(() => q.task),
  );
  const unparsableByTask: Record<string, number> = {};
  for (const task of unparsable.sort()) unparsableByTask[task] = (unparsableByTask[task] ?? 0) + 1;
  const letters: Record<string, number> = {};
  // Letters picked on option questions (a structured answer such as an ASCII map is a string too).
  for (const a of askings)
    if (typeof a.pred === 'string' && /^[A-Z]$/.test(a.pred)) letters[a.pred] = (letters[a.pred] ?? 0) + 1;
  return {
    version: RESULTS_VERSION,
    run: args.run,
    created_at: new Date().toISOString(),
    config,
    dataset: args.dataset,
    counts: {
      items: items.length,
      askings: askings.length,
      failed: askings.filter((a) => a.content === null).length,
      unparsable: unparsable.length,
      unparsable_by_task: unparsableByTask,
    },
    usage: args.usage,
    letters: Object.fromEntries(Object.entries(letters).sort()),
    metrics,
  };
}

/** A plain-text table of the headline numbers, for the terminal. */
export function formatSummary(summary: Summary): string {
  const lenient = summary.metrics.lenient;
  if (!lenient) return `${summary.run}: no questions scored\n`;
  const columns = SCORERS.filter((s) => summary.metrics[s]);
  const rows: string[][] = [['', 'n', ...columns]];
  const add = (label: string, pick: (m: Metrics) => Stat | undefined) => {
    const first = pick(lenient);
    if (first)
      rows.push([label, String(first.n), ...columns.map((c) => formatStat(pick(summary.metrics[c]!)))]);
  };
  add('overall', (m) => m.overall);
  for (const kind of Object.keys(lenient.by_kind) as (keyof Metrics['by_kind'])[])
    add(`  ${kind}`, (m) => m.by_kind[kind]);
  for (const task of Object.keys(lenient.by_task)) add(`  ${task}`, (m) => m.by_task[task]);
  if (lenient.gap) {
    add('far-looks-up: consistent', (m) => m.gap?.consistent);
    add('              counter', (m) => m.gap?.counter);
    add('              gap', (m) => m.gap?.gap);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const table = rows.map((r) =>
    r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '),
  );
  const { counts } = summary;
  const notes = [
    `${counts.items} questions, ${counts.askings} askings`,
    counts.failed ? `${counts.failed} failed (run again to retry them)` : '',
    counts.unparsable
      ? `${counts.unparsable} unparsable (${Object.entries(counts.unparsable_by_task)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')})`
      : '',
    lenient.gap
      ? `${lenient.gap.right_consistent_wrong_counter}/${lenient.gap.pairs} pairs right on consistent, wrong on counter`
      : '',
  ].filter(Boolean);
  const details = Object.entries(lenient.details).map(
    ([task, figures]) =>
      `${task}: ${Object.entries(figures)
        .map(([k, stat]) => `${k} ${stat.score.toFixed(3)}`)
        .join(', ')}`,
  );
  return `${summary.run}\n${table.join('\n')}\n${[...details, notes.join('; ')].join('\n')}\n`;
}

/** "0.734 [0.701, 0.765]", or just the score when it was not bootstrapped. */
export function formatStat(stat: Stat | undefined): string {
  if (!stat) return '-';
  const f = (x: number) => x.toFixed(3);
  return stat.lo === stat.hi ? f(stat.score) : `${f(stat.score)} [${f(stat.lo)}, ${f(stat.hi)}]`;
}
