import { UserError } from '../util/errors';
import { ProgressBar } from '../util/progress';
import { countsTable } from './counts';
import { type ValidationReport, validateDataset } from './validate';
import { PROBLEM_KINDS } from './validate-problems';

/** The human summary: what was checked, the questions per task and split, and the problems by kind. */
export function formatReport(r: ValidationReport): string {
  const out = [
    `${r.dir}: ${r.scenes} scenes (${Object.entries(r.kinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}), ${r.frames} frames, ${r.images} images ${r.quick ? 'checked without decoding (--quick)' : 'decoded'}, ${r.items} questions`,
  ];
  if (r.items) out.push('', 'questions by task and split:', indent(countsTable(r.byTask, false)));
  out.push('');
  if (!r.problems.length) out.push('no problems found');
  else {
    const total = r.problems.reduce((s, g) => s + g.count, 0);
    out.push(`${total} problem(s):`);
    for (const g of r.problems) {
      out.push(`  ${g.kind} (${g.count}): ${PROBLEM_KINDS[g.kind]}`);
      for (const e of g.examples) out.push(`    ${e}`);
      if (g.count > g.examples.length) out.push(`    … and ${g.count - g.examples.length} more`);
    }
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export interface ValidateFlags {
  quick?: boolean;
  json?: boolean;
  concurrency: number;
}

/** `sim validate DIR`: progress on stderr, the report on stdout, then a one-line error when invalid. */
export async function validateCommand(dir: string, flags: ValidateFlags): Promise<void> {
  let bar: ProgressBar | null = null;
  const report = await validateDataset({
    dir,
    quick: flags.quick ?? false,
    concurrency: flags.concurrency,
    onProgress: (done, total, problems) => {
      bar ??= new ProgressBar('validate', total);
      bar.update(done, { tail: `${problems} problem(s)` });
    },
  });
  (bar as ProgressBar | null)?.finish();
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (report.problems.length) {
    const total = report.problems.reduce((s, g) => s + g.count, 0);
    const kinds = report.problems.map((g) => `${g.kind} ${g.count}`).join(', ');
    throw new UserError(`${dir}: ${total} problem(s) (${kinds}); the dataset is not valid`);
  }
}
