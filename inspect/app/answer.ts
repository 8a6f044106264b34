import type { QaItem } from '../../tasks/schema';

/** The right answer as text: "B. the red chair" for choices, "2.35 m" for numbers. */
export function answerText(item: QaItem): string {
  if (typeof item.answer === 'number')
    return `${item.answer} ${item.unit === 'count' ? '' : (item.unit ?? '')}`.trim();
  const k = item.answer.charCodeAt(0) - 65;
  return `${item.answer}. ${item.choices?.[k] ?? ''}`;
}

/** Frame positions of an item's images in this scene (images of other scenes are left out). */
export function imageFrames(item: QaItem, rgbPaths: readonly string[]): number[] {
  return item.images.map((p) => rgbPaths.indexOf(p)).filter((k) => k >= 0);
}
