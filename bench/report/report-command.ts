import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/files';
import { buildFigures } from './figures';
import { buildGallery } from './gallery';
import { renderPage } from './html';
import { loadRuns } from './load';
import { renderMarkdown } from './markdown';
import { reportSections } from './tables';

/** `sim report` options after commander has parsed them. */
export interface ReportOptions {
  /** Run folders, or folders holding run folders. */
  runs: string[];
  out: string;
  /** The dataset folder when it is no longer where the runs recorded it. */
  data?: string;
  /** Failed questions shown per run. */
  gallery: number;
  title: string;
}

/** Writes index.html, summary.md, charts/*.svg and img/ into the report folder; returns the page path. */
export async function runReport(
  opts: ReportOptions,
  io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {},
): Promise<string> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const out = resolve(opts.out);
  const runs = await loadRuns(opts.runs);
  const figures = await buildFigures(runs);
  const gallery = await buildGallery(runs, out, {
    perRun: opts.gallery,
    dataDir: opts.data ? resolve(opts.data) : null,
    warn: (message) => stderr.write(`sim report: ${message}\n`),
  });
  const sections = reportSections(runs);
  for (const f of figures) await writeFileAtomic(join(out, 'charts', `${f.id}.svg`), f.svg);
  const page = join(out, 'index.html');
  await writeFileAtomic(
    page,
    renderPage({ title: opts.title, generatedAt: new Date().toISOString(), sections, figures, gallery }),
  );
  await writeFileAtomic(join(out, 'summary.md'), renderMarkdown({ title: opts.title, sections, figures }));
  stdout.write(`report of ${runs.length} run(s) in ${page}\n`);
  return page;
}
