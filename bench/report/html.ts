import { answerText } from '../../tasks/answer-text';
import { letter } from '../../tasks/schema';
import type { Figure } from './figures';
import type { GalleryEntry } from './gallery';
import type { Section, Table } from './tables';

/** The report page: static HTML with the plots inlined as SVG, so it opens from disk with no scripts. */
export interface PageContent {
  title: string;
  generatedAt: string;
  sections: readonly Section[];
  figures: readonly Figure[];
  gallery: readonly GalleryEntry[];
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-variant-numeric: tabular-nums; display: block; overflow-x: auto; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; white-space: nowrap; }
.text { text-align: left; }
figure { margin: 1.5rem 0; overflow-x: auto; } figcaption { color: #555; max-width: 760px; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem; }
.frames { display: flex; gap: 0.3rem; margin-bottom: 0.3rem; }
.frames img { flex: 1; min-width: 0; width: 100%; }
.card pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.4rem; margin: 0.3rem 0; }
.meta { color: #666; font-size: 0.85em; }
`;

export function renderPage(c: PageContent): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(c.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(c.title)}</h1>
<p class="meta">Generated ${esc(c.generatedAt)}. Intervals are 95% bootstrap intervals. Lenient scoring reads the
answer wherever a person would; strict reads only the first token (as lmms-eval's VSI-Bench scorer); circular counts
a choice question right only if it is right under every rotation of its options.</p>
${c.sections
  .filter((s) => s.table.rows.length > 0)
  .map((s) => `<h2>${esc(s.title)}</h2>\n${table(s.table)}`)
  .join('\n')}
${c.figures.map(figure).join('\n')}
<h2>Failed questions</h2>
${c.gallery.length > 0 ? `<div class="gallery">\n${c.gallery.map(card).join('\n')}\n</div>` : '<p>None to show.</p>'}
</body>
</html>
`;
}

function table(t: Table): string {
  const cls = (j: number) => (j < t.leading ? ' class="text"' : '');
  const head = `<tr>${t.head.map((h, j) => `<th${cls(j)}>${esc(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => `<tr>${r.map((cell, j) => `<td${cls(j)}>${esc(cell)}</td>`).join('')}</tr>`);
  return `<table>\n${head}\n${rows.join('\n')}\n</table>`;
}

function figure(f: Figure): string {
  return `<figure class="chart" id="${esc(f.id)}">\n<h2>${esc(f.title)}</h2>\n${f.svg}\n<figcaption>${esc(f.caption)}</figcaption>\n</figure>`;
}

function card(e: GalleryEntry): string {
  const q = e.item;
  const images = e.images
    .map((src, i) =>
      src
        ? `<img src="${esc(src)}" alt="image ${i + 1} of ${esc(q.id)}">`
        : '<p class="meta">(image missing)</p>',
    )
    .join('');
  const first = q.askings[0];
  const options = q.choices ? `\n${q.choices.map((c, i) => `${letter(i)}. ${c}`).join('\n')}` : '';
  const truth = answerText(q);
  const said = first.content === null ? `no answer: ${first.error ?? ''}` : first.content || '(empty reply)';
  return `<div class="card">
<div class="frames">${images}</div>
<div class="meta">${esc(e.run)} · ${esc(q.task)}${q.pair ? ` · ${esc(q.pair.role)} twin` : ''} · ${esc(q.id)}</div>
<pre>${esc(q.question + options)}</pre>
<div>Right answer: <b>${esc(truth)}</b></div>
<div>Model said:</div><pre>${esc(said.length > 600 ? `${said.slice(0, 600)}…` : said)}</pre>
</div>`;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}
