import { afterAll, expect, it } from 'vitest';
import type { QaItem } from '../../tasks/schema';
import type { TaskDataset } from './dataset';
import { checkAll, type DatasetReader } from './rederive';

/**
 * One `it` per task: the task yields at least `min` items (image items; their text twins come on
 * top), and every item agrees with the second derivation, while the same item with a wrong answer
 * is caught. At the end, how many items of each task were checked.
 */
export function rederivationTests(
  get: () => { data: TaskDataset; reader: DatasetReader },
  minItems: Record<string, number>,
  filter: (q: QaItem) => boolean = () => true,
): void {
  const checked = new Map<string, { image: number; text: number }>();
  for (const [task, min] of Object.entries(minItems))
    it(`${task}: agrees on every item, and catches every wrong answer`, async () => {
      const { data, reader } = get();
      const items = data.items.filter((q) => q.task === task && filter(q));
      const image = items.filter((q) => q.context === undefined).length;
      expect(image, `${task} items`).toBeGreaterThanOrEqual(min);
      expect(await checkAll(reader, items)).toEqual([]);
      checked.set(task, { image, text: items.length - image });
    });
  afterAll(() => {
    const lines = [...checked].map(([task, n]) => `  ${task}: ${n.image} items + ${n.text} text twins agree`);
    if (lines.length) console.info(`re-derived:\n${lines.join('\n')}`);
  });
}
