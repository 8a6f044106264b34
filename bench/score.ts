import { meanRelativeAccuracy } from '../tasks/numbers';
import type { QaItem } from '../tasks/schema';
import { extractChoice, extractChoiceStrict, extractNumber, extractNumberStrict } from './extract';
import { extractStructured } from './extract-structured';
import type { Job, JobResult } from './runner';
import type { Asking, Features, PromptStyle, ScoredItem, Scorer } from './schema';
import { scoreStructured } from './score-structured';

/**
 * Turns replies into per-question scores. Every asking is scored lenient and strict; an item's
 * lenient and strict scores are those of its first asking (the dataset's option order), and with
 * --circular its circular scores are the minimum over all rotations (right only if right every time).
 * A failed asking (no reply after retries) scores 0 everywhere.
 */
export function scoreItems(
  jobs: readonly Job[],
  results: readonly JobResult[],
  features: ReadonlyMap<string, Features>,
  opts: { style: PromptStyle; circular: boolean },
): ScoredItem[] {
  const byItem = new Map<string, { item: QaItem; askings: Asking[]; images: string[] }>();
  jobs.forEach((job, i) => {
    const entry = byItem.get(job.item.id) ?? { item: job.item, askings: [], images: job.prompt.images };
    entry.askings.push(scoreAsking(job, results[i], opts.style));
    byItem.set(job.item.id, entry);
  });
  return [...byItem.values()].map(({ item, askings, images }) => {
    askings.sort((a, b) => a.rotation - b.rotation);
    const scores: Partial<Record<Scorer, number>> = {
      lenient: askings[0].lenient,
      strict: askings[0].strict,
    };
    if (opts.circular) {
      scores.circular = Math.min(...askings.map((a) => a.lenient));
      scores.circular_strict = Math.min(...askings.map((a) => a.strict));
    }
    return {
      id: item.id,
      scene: item.scene,
      task: item.task,
      kind: item.kind,
      question: item.question,
      choices: item.choices,
      answer: item.answer,
      answer_type: item.answer_type,
      unit: item.unit,
      images,
      form: item.context ? 'text' : 'image',
      capabilities: item.capabilities,
      level: item.level,
      pair: item.pair,
      features: features.get(item.id) ?? { distance_m: null, image_height: null },
      askings,
      scores,
      failed: askings.some((a) => a.content === null),
    };
  });
}

function scoreAsking(job: Job, result: JobResult, style: PromptStyle): Asking {
  const content = result.ok ? result.content : null;
  const base = {
    rotation: job.rotation,
    answer: job.prompt.answer,
    content,
    error: result.ok ? null : result.error,
  };
  const { item } = job;
  if (job.prompt.choices && job.prompt.answer) {
    const n = job.prompt.choices.length;
    const pred = content === null ? null : extractChoice(content, job.prompt.choices);
    const predStrict = content === null ? null : extractChoiceStrict(content, n);
    return {
      ...base,
      pred,
      pred_strict: predStrict,
      lenient: pred === job.prompt.answer ? 1 : 0,
      strict: predStrict === job.prompt.answer ? 1 : 0,
      detail: null,
      detail_strict: null,
    };
  }
  if (item.answer_type === 'number') {
    const gt = item.answer as number;
    const pred =
      content === null ? null : extractNumber(content, item.unit ?? 'count', { final: style === 'cot' });
    const predStrict = content === null ? null : extractNumberStrict(content);
    return {
      ...base,
      pred,
      pred_strict: predStrict,
      lenient: meanRelativeAccuracy(pred, gt),
      strict: meanRelativeAccuracy(predStrict, gt),
      detail: null,
      detail_strict: null,
    };
  }
  const pred = content === null ? null : extractStructured(item, content, 'lenient');
  const predStrict = content === null ? null : extractStructured(item, content, 'strict');
  const lenient = scoreStructured(item, pred);
  const strict = scoreStructured(item, predStrict);
  return {
    ...base,
    pred,
    pred_strict: predStrict,
    lenient: lenient.score,
    strict: strict.score,
    detail: lenient.detail,
    detail_strict: strict.detail,
  };
}
