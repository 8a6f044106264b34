import type { Figure } from './figures';
import type { Table } from './tables';

/** summary.md: the report's tables for a README, a PR or a paper draft, linking the SVG plots. */
export function renderMarkdown(c: {
  title: string;
  overview: Table;
  tasks: Table;
  gap: Table;
  figures: readonly Figure[];
}): string {
  const sections = [`# ${c.title}`, '## Runs', table(c.overview), '## Per task (lenient)', table(c.tasks)];
  if (c.gap.rows.length > 0) sections.push('## Far looks up', table(c.gap));
  sections.push('## Plots', c.figures.map((f) => `- [${f.title}](charts/${f.id}.svg)`).join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function table(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    line(t.head),
    line(t.head.map((_, j) => (j < t.leading ? '---' : '---:'))),
    ...t.rows.map(line),
  ].join('\n');
}
