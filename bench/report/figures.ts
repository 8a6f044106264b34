import type { TopLevelSpec } from 'vega-lite';
import type { Features, Metrics, Stat } from '../schema';
import { type BinRow, binnedLinesSpec, groupedBarsSpec, type IntervalRow, renderSvg } from './charts';
import type { LoadedRun } from './load';

/** One plot of the report: rendered SVG plus the words around it. */
export interface Figure {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

/** Every plot the runs have data for, in page order. Scores are the lenient ones throughout. */
export async function buildFigures(runs: readonly LoadedRun[]): Promise<Figure[]> {
  const figures: { id: string; title: string; caption: string; spec: TopLevelSpec }[] = [
    {
      id: 'tasks',
      title: 'Accuracy per task',
      caption:
        'Mean score per task and overall (the mean over tasks), per run; black lines are 95% bootstrap intervals. ' +
        'Numeric tasks score Mean Relative Accuracy.',
      spec: groupedBarsSpec(taskRows(runs), { groupTitle: 'task', colorBy: 'run' }),
    },
  ];
  const pairs = pairRows(runs);
  if (pairs.length > 0)
    figures.push({
      id: 'far-looks-up',
      title: 'Far looks up: consistent vs counter twins',
      caption:
        'depth_order accuracy on the pairs whose twins were both asked. Consistent: the farther object is higher in the image; ' +
        'counter: it is lower. A model that reads depth from image height scores well on consistent and poorly on counter.',
      spec: groupedBarsSpec(pairs, { groupTitle: 'role', colorBy: 'group' }),
    });
  const distance = binRows(runs, 'distance_m', 1);
  if (distance.length > 0)
    figures.push({
      id: 'distance',
      title: 'Accuracy vs object distance',
      caption:
        'Mean score by the depth of the answer object (or the mean over the question’s objects) in the first image, in 1 m bins.',
      spec: binnedLinesSpec(distance, 'object distance from the camera (m, bin centre)'),
    });
  const height = binRows(runs, 'image_height', 0.1);
  if (height.length > 0)
    figures.push({
      id: 'image-height',
      title: 'Accuracy vs height in the image',
      caption:
        'Mean score by where that object’s visible centroid sits in the image (0 = bottom edge, 1 = top edge), in bins of 0.1.',
      spec: binnedLinesSpec(height, 'object height in the image (0 bottom … 1 top)'),
    });
  const capabilities = groupRows(runs, (m) => m.by_capability);
  if (capabilities.length > 0)
    figures.push({
      id: 'capabilities',
      title: 'Accuracy per capability',
      caption:
        'Mean over tasks of the items tagged with each capability (an item may carry several); black lines are 95% bootstrap intervals.',
      spec: groupedBarsSpec(capabilities, { groupTitle: 'capability', colorBy: 'run' }),
    });
  const sweep = framesRows(runs);
  if (sweep.length > 0)
    figures.push({
      id: 'frames',
      title: 'Accuracy vs frames sent',
      caption:
        'Overall score of runs that differ only in --frames (a sweep): how much a model gains from seeing more of a video or view set.',
      spec: binnedLinesSpec(sweep, 'frames sent per question (at most)'),
    });
  return Promise.all(figures.map(async ({ spec, ...f }) => ({ ...f, svg: await renderSvg(spec) })));
}

export function taskRows(runs: readonly LoadedRun[]): IntervalRow[] {
  return runs.flatMap((run) => {
    const m = run.summary.metrics.lenient;
    if (!m) return [];
    const tasks = Object.entries(m.by_task).map(([task, s]) => ({
      run: run.label,
      group: task,
      ...interval(s),
    }));
    return [...tasks, { run: run.label, group: 'overall', ...interval(m.overall) }];
  });
}

/** One bar per run and group (capability, level …). */
export function groupRows(
  runs: readonly LoadedRun[],
  groups: (m: Metrics) => Record<string, Stat>,
): IntervalRow[] {
  return runs.flatMap((run) => {
    const m = run.summary.metrics.lenient;
    return m
      ? Object.entries(groups(m)).map(([group, s]) => ({ run: run.label, group, ...interval(s) }))
      : [];
  });
}

/**
 * Runs grouped by everything but the frame cap; each group with two or more caps is one line
 * (named by model and prompt style), its points the overall score at each cap.
 */
export function framesRows(runs: readonly LoadedRun[]): BinRow[] {
  const lines = new Map<string, LoadedRun[]>();
  for (const run of runs) {
    const key = JSON.stringify({ ...run.summary.config, max_frames: null });
    lines.set(key, [...(lines.get(key) ?? []), run]);
  }
  return [...lines.values()]
    .filter((group) => new Set(group.map((r) => r.summary.config.max_frames)).size > 1)
    .flatMap((group) =>
      group
        .filter((r) => r.summary.config.max_frames !== null && r.summary.metrics.lenient)
        .sort((a, b) => a.summary.config.max_frames! - b.summary.config.max_frames!)
        .map((r) => ({
          run: `${r.summary.config.model} (${r.summary.config.prompt_style})`,
          x: r.summary.config.max_frames!,
          score: r.summary.metrics.lenient!.overall.score,
          n: r.summary.metrics.lenient!.overall.n,
        })),
    );
}

export function pairRows(runs: readonly LoadedRun[]): IntervalRow[] {
  return runs.flatMap((run) => {
    const gap = run.summary.metrics.lenient?.gap;
    if (!gap) return [];
    return [
      { run: run.label, group: 'consistent', ...interval(gap.consistent) },
      { run: run.label, group: 'counter', ...interval(gap.counter) },
    ];
  });
}

/** Mean lenient score per (run, bin of `feature`), bins of `width` starting at 0. */
export function binRows(runs: readonly LoadedRun[], feature: keyof Features, width: number): BinRow[] {
  // The top edge of the image joins the last bin.
  const last = feature === 'image_height' ? Math.round(1 / width) - 1 : Number.POSITIVE_INFINITY;
  return runs.flatMap((run) => {
    const bins = new Map<number, { sum: number; n: number }>();
    for (const item of run.items) {
      const value = item.features[feature];
      const score = item.scores.lenient;
      if (value === null || score === undefined) continue;
      // Round before flooring so 0.3 / 0.1 lands in bin 3, not 2.
      const bin = Math.min(last, Math.floor(Number((value / width).toFixed(9))));
      const b = bins.get(bin) ?? { sum: 0, n: 0 };
      b.sum += score;
      b.n++;
      bins.set(bin, b);
    }
    return [...bins]
      .sort(([a], [b]) => a - b)
      .map(([bin, b]) => ({
        run: run.label,
        x: Number(((bin + 0.5) * width).toFixed(6)),
        score: b.sum / b.n,
        n: b.n,
      }));
  });
}

function interval(s: { score: number; lo: number; hi: number }) {
  return { score: s.score, lo: s.lo, hi: s.hi };
}
