import { frameByIndex, frameIndexOf, type SceneFacts } from '../tasks/scene-facts';
import type { QaItem } from '../tasks/schema';
import type { Features } from './schema';

const NONE: Features = { distance_m: null, image_height: null };

/**
 * Where the question's object sits in its first image: the answer object when there is one (for
 * depth_order, the closer object), else the mean over the visible targets. Reports bin accuracy by
 * these two numbers to show whether a model leans on "higher in the image = farther".
 */
export function itemFeatures(item: QaItem, scene: SceneFacts): Features {
  const frameIndex = frameIndexOf(item.images[0]);
  const frame = frameIndex === null ? undefined : frameByIndex(scene, frameIndex);
  if (!frame) return NONE;
  const ids = item.answer_object !== null ? [item.answer_object] : item.targets;
  const seen = frame.objects.filter((a) => ids.includes(a.id) && a.visible_px > 0 && a.centroid !== null);
  if (seen.length === 0) return NONE;
  const depths = seen.map((a) => a.depth_median).filter((d): d is number => typeof d === 'number');
  const v = mean(seen.map((a) => a.centroid![1]));
  return {
    distance_m: depths.length > 0 ? mean(depths) : null,
    image_height: Math.min(1, Math.max(0, 1 - v / frame.height)),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}
