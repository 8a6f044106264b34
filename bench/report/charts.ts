import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * The report's plots as Vega-Lite specs, rendered to static SVG in Node (Vega's headless 'none'
 * renderer needs no canvas), so the page works offline and without scripts.
 */

/** A score with its interval, as the bar charts take it. */
export interface IntervalRow {
  run: string;
  group: string;
  score: number;
  lo: number;
  hi: number;
}

/** Mean score of the questions in one bin of a feature. */
export interface BinRow {
  run: string;
  /** Bin centre. */
  x: number;
  score: number;
  n: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = {
  font: 'system-ui, sans-serif',
  view: { stroke: null },
  axis: { labelLimit: 160 },
  legend: { labelLimit: 260 },
};
const SCORE_AXIS = {
  type: 'quantitative' as const,
  scale: { domain: [0, 1] },
  title: 'accuracy (MRA for numbers)',
};

/** Bars per group (task, role …), one per run side by side, with a black 95% interval on each. */
export function groupedBarsSpec(
  rows: readonly IntervalRow[],
  opts: { groupTitle: string; colorBy: 'run' | 'group' },
): TopLevelSpec {
  const [inner, outer] = opts.colorBy === 'run' ? ['run', 'group'] : ['group', 'run'];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: rows.map((r) => ({ ...r })) },
    // With xOffset the step sizes one bar, not one group.
    width: { step: 18 },
    height: 240,
    encoding: {
      x: {
        field: outer,
        type: 'nominal',
        sort: null,
        title: opts.colorBy === 'run' ? opts.groupTitle : 'run',
        axis: { labelAngle: -30, labelLimit: 200 },
      },
      xOffset: { field: inner, type: 'nominal', sort: null },
      color: {
        field: inner,
        type: 'nominal',
        sort: null,
        title: opts.colorBy === 'run' ? 'run' : opts.groupTitle,
      },
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'score', ...SCORE_AXIS } } },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { value: '#222' } },
      },
    ],
  };
}

/** Mean score per bin, one line with points per run. */
export function binnedLinesSpec(rows: readonly BinRow[], xTitle: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: rows.map((r) => ({ ...r })) },
    width: 420,
    height: 240,
    mark: { type: 'line', point: { filled: true, size: 50 } },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: { field: 'score', ...SCORE_AXIS },
      color: { field: 'run', type: 'nominal', sort: null, title: 'run' },
    },
  };
}

/** Compiles and renders a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
