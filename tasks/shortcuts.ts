import { frameByIndex, frameIndexOf, type SceneFacts } from './scene-facts';

/**
 * The image shortcuts a model may take on `depth_order` instead of judging depth, written once for
 * `sim stats` and `sim eval`: "lower in the image is closer" (the far-looks-up bias) and "larger in
 * the image is closer". Each picks, among the options presented, the object whose visible pixels
 * sit lowest in the item's image, or are the most. They read scene.json's annotations, which are
 * the pixels of seg.png counted (sim validate checks they are).
 */

export const SHORTCUTS = ['lower-is-closer', 'larger-is-closer'] as const;
export type Shortcut = (typeof SHORTCUTS)[number];

/**
 * The option (index into `options`) a shortcut picks in `image`, or null when no option names an
 * object visible there. Ties go to the first option.
 */
export function shortcutPick(
  shortcut: Shortcut,
  options: readonly string[],
  image: string,
  scene: SceneFacts,
): number | null {
  const index = frameIndexOf(image);
  const frame = index === null ? undefined : frameByIndex(scene, index);
  const measure = options.map((text) => {
    const id = scene.objects.find((o) => o.name === text)?.id;
    const a = frame?.objects.find((x) => x.id === id);
    if (!a?.centroid || a.visible_px === 0) return null;
    // Image rows grow downwards: the lowest object has the largest centroid row.
    return shortcut === 'lower-is-closer' ? a.centroid[1] : a.visible_px;
  });
  let pick: number | null = null;
  measure.forEach((m, i) => {
    if (m !== null && (pick === null || m > measure[pick]!)) pick = i;
  });
  return pick;
}
