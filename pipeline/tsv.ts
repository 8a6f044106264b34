import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Tab-separated files as VLMEvalKit reads them (pandas.read_csv with sep="\t"): every field in
 * double quotes, written with back-pressure under a temporary name and renamed when complete.
 */

/** One column: its header and its cell for a row. */
export interface TsvColumn<R> {
  name: string;
  value: (row: R) => string;
}

/** A file's name and columns. */
export interface TsvSpec<R> {
  name: string;
  columns: readonly TsvColumn<R>[];
}

/** A field in double quotes with inner quotes doubled (RFC 4180, with tabs between fields). */
export function quoteField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function tsvLine(fields: readonly string[]): string {
  return `${fields.map(quoteField).join('\t')}\n`;
}

/** Parses tab-separated text with RFC-4180 quoting (quoted fields may hold tabs, newlines and ""). */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '\t') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** A folder's TSV files, each opened on its first row, so a file without rows is never written. */
export class TsvFiles<R> {
  private readonly open = new Map<TsvSpec<R>, TsvFile<R>>();

  constructor(private readonly dir: string) {}

  async write(spec: TsvSpec<R>, row: R): Promise<void> {
    let file = this.open.get(spec);
    if (!file) this.open.set(spec, (file = new TsvFile(join(this.dir, spec.name), spec.columns)));
    await file.write(row);
  }

  /** The files written so far, in the order of their first rows. */
  names(): string[] {
    return [...this.open.keys()].map((s) => s.name);
  }

  async close(): Promise<void> {
    for (const f of this.open.values()) await f.close();
  }

  async discard(): Promise<void> {
    for (const f of this.open.values()) await f.discard();
  }
}

/** A TSV written under a temporary name with back-pressure, renamed when complete. */
class TsvFile<R> {
  private readonly tmp: string;
  private readonly stream: WriteStream;

  constructor(
    private readonly path: string,
    private readonly columns: readonly TsvColumn<R>[],
  ) {
    this.tmp = `${path}.tmp`;
    this.stream = createWriteStream(this.tmp);
    this.stream.write(tsvLine(columns.map((c) => c.name)));
  }

  async write(row: R): Promise<void> {
    // events.once removes both its listeners whichever fires, so waiting leaves none behind.
    if (!this.stream.write(tsvLine(this.columns.map((c) => c.value(row))))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rename(this.tmp, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}
