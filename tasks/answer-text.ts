import type { QaItem } from './schema';

/**
 * The right answer as text: "B. the red chair" for choices, "2.35 m" for numbers, the map for an
 * ASCII map, a note for a point (its answer is a pixel region), JSON for the other structured answers.
 */
export function answerText(
  item: Pick<QaItem, 'answer_type' | 'choices' | 'unit'> & { answer: unknown },
): string {
  if (typeof item.answer === 'number')
    return `${item.answer} ${item.unit === 'count' ? '' : (item.unit ?? '')}`.trim();
  if (item.answer_type === 'choice' || item.answer_type === 'image_choice') {
    const answer = item.answer as string;
    return `${answer}. ${item.choices?.[answer.charCodeAt(0) - 65] ?? ''}`;
  }
  if (item.answer_type === 'ascii') return item.answer as string;
  if (item.answer_type === 'point') return 'any point in the answer region';
  return JSON.stringify(item.answer);
}
