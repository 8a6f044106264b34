import type { QaItem } from '../../tasks/schema';

/** Frame positions of an item's images in this scene (images of other scenes are left out). */
export function imageFrames(item: QaItem, rgbPaths: readonly string[]): number[] {
  return item.images.map((p) => rgbPaths.indexOf(p)).filter((k) => k >= 0);
}
