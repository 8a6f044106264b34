import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../sim/config';

describe('resolveConfig', () => {
  it('fills every default and resolves a resolved config to the same bytes', () => {
    const c = resolveConfig({});
    expect(c.image).toEqual({ width: 512, height: 512 });
    expect(c.tasks.min_visible_px).toBe(400);
    expect(JSON.stringify(resolveConfig(JSON.parse(JSON.stringify(c))))).toBe(JSON.stringify(c));
  });

  it('scales the pixel thresholds with the image area unless they are given', () => {
    const small = resolveConfig({ image: { width: 256, height: 256 } });
    expect(small.tasks.min_visible_px).toBe(100);
    expect(small.tasks.count_min_px).toBe(50);
    expect(
      resolveConfig({ image: { width: 256, height: 256 }, tasks: { min_visible_px: 7 } }).tasks
        .min_visible_px,
    ).toBe(7);
  });

  it.each([
    [{ room: { width: [9, 4] } }, 'config: room.width: min must not exceed max'],
    [{ frames: 'four' }, 'config: frames: Invalid input: expected number, received string'],
    [{ objects: { cuont: [1, 2] } }, 'config: objects: Unrecognized key: "cuont"'],
    [{ camera: { hfov: [10, 50] } }, 'config: camera.hfov[0]: Too small: expected number to be >=20'],
    [{ splits: { train: 0, val: 0, test: 0 } }, 'config: splits: split fractions must not all be 0'],
    [
      { objects: { categories: ['chair', 'sofaa'] } },
      'config: objects.categories[1]: unknown category "sofaa"',
    ],
  ])('rejects %j in one line naming the field', (input, message) => {
    expect(() => resolveConfig(input)).toThrow(message);
    try {
      resolveConfig(input);
    } catch (err) {
      expect((err as Error).name).toBe('UserError');
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
