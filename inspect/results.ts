import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ScoredItemSchema, SummarySchema } from '../bench/schema';
import { UserError } from '../util/errors';
import { readJsonFile } from '../util/files';
import { readJsonLines } from '../util/jsonl';
import type { ModelAnswer } from './protocol';

/**
 * A model's answers (`--results FILE`): JSON Lines with at least the question's id, the model, whether
 * it was right, and the response or prediction text. Extra fields (scores, prompts, timings) are
 * ignored, so the output of `sim eval` and of other tools can be loaded alike.
 */
export const ResultLineSchema = z
  .looseObject({
    id: z.string().min(1),
    model: z.string().min(1),
    correct: z.boolean(),
    response: z.string().nullable().optional(),
    prediction: z.union([z.string(), z.number()]).nullable().optional(),
  })
  .refine((r) => r.response !== undefined || r.prediction !== undefined, {
    error: 'needs a "response" or a "prediction" field',
    path: ['response'],
  });
export type ResultLine = z.infer<typeof ResultLineSchema>;

export interface Results {
  /** Sorted model names. */
  models: string[];
  /** Answers by question id, one per model (a later line for the same model replaces an earlier one). */
  byItem: Map<string, ModelAnswer[]>;
}

export const NO_RESULTS: Results = { models: [], byItem: new Map() };

/**
 * Reads a `sim eval` run folder (results/<run>/ with summary.json and scores.jsonl) or a JSON Lines
 * file as above; the first bad line is a UserError naming file and line.
 */
export async function loadResults(path: string): Promise<Results> {
  if ((await stat(path).catch(() => null))?.isDirectory()) return loadEvalRun(path);
  const byItem = new Map<string, ModelAnswer[]>();
  const models = new Set<string>();
  try {
    await readJsonLines(
      path,
      ResultLineSchema,
      (r) => {
        models.add(r.model);
        const text =
          r.response ?? (r.prediction === null || r.prediction === undefined ? null : String(r.prediction));
        const answers = byItem.get(r.id) ?? [];
        const answer = { model: r.model, correct: r.correct, text };
        const at = answers.findIndex((a) => a.model === r.model);
        if (at >= 0) answers[at] = answer;
        else answers.push(answer);
        byItem.set(r.id, answers);
      },
      (reason) => {
        throw new UserError(`${path}:${reason}`);
      },
    );
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
  return { models: [...models].sort(), byItem };
}

/**
 * A `sim eval` run: the run's name labels the model; a choice item is right when its lenient score
 * is 1, a numeric one when its mean relative accuracy reaches 0.5 (the answer is within 50%).
 */
async function loadEvalRun(dir: string): Promise<Results> {
  const summary = await readJsonFile(join(dir, 'summary.json'), SummarySchema);
  const byItem = new Map<string, ModelAnswer[]>();
  await readJsonLines(
    join(dir, 'scores.jsonl'),
    ScoredItemSchema,
    (s) => {
      const score = s.scores.lenient ?? 0;
      const correct = s.choices ? score >= 1 : score >= 0.5;
      byItem.set(s.id, [{ model: summary.run, correct, text: s.askings[0].content }]);
    },
    (reason) => {
      throw new UserError(`${join(dir, 'scores.jsonl')}:${reason}`);
    },
  );
  return { models: [summary.run], byItem };
}

/** Wrong answers per model over a set of question ids (models with none are left out). */
export function failuresOf(results: Results, ids: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids)
    for (const a of results.byItem.get(id) ?? []) if (!a.correct) out[a.model] = (out[a.model] ?? 0) + 1;
  return out;
}
