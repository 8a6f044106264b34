import type { Figure } from './figures';
import type { Section, Table } from './tables';

/** summary.md: the report's tables for a README, a PR or a paper draft, linking the SVG plots. */
export function renderMarkdown(c: {
  title: string;
  sections: readonly Section[];
  figures: readonly Figure[];
}): string {
  const sections = [`# ${c.title}`];
  for (const s of c.sections) if (s.table.rows.length > 0) sections.push(`## ${s.title}`, table(s.table));
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
