import { describe, expect, it } from 'vitest';
import { cameraPose, intrinsics, project } from '../../sim/camera';
import { partBoxes, type RasterObject, rasterize } from '../../sim/raster';

/** A camera at the origin looking along +z, 512×384, 60° across. */
const [W, H] = [512, 384];
const K = intrinsics(W, H, Math.PI / 3);
const T = cameraPose([0, 0, 0], 0, 0);
const f = K[0][0];

const box = (
  id: number,
  position: [number, number, number],
  size: [number, number, number],
): RasterObject => ({
  id,
  position,
  size,
  yaw: 0,
});

describe('rasterize (the planner’s coarse rendering)', () => {
  it('measures a box seen face-on: its pixels, its centroid row and the depth of its front face', () => {
    const cube = box(1, [0, 0.3, 4], [1, 1, 1]);
    const s = rasterize(K, T, W, H, [cube]).get(1)!;
    const side = f / 3.5;
    expect(s.visible / side ** 2).toBeGreaterThan(0.92);
    expect(s.visible / side ** 2).toBeLessThan(1.08);
    expect(s.alone).toBe(s.visible);
    expect(Math.abs(s.row - project(K, T, [0, 0.3, 3.5])[1])).toBeLessThan(2);
    expect(s.depth).toBeCloseTo(3.5, 2);
  });

  it('lets the nearer of two boxes hide the other, which still covers its whole projection alone', () => {
    const far = box(1, [0, 0, 4], [1, 1, 1]);
    const near = box(2, [0.1, 0, 2], [0.25, 0.25, 0.25]);
    const s = rasterize(K, T, W, H, [far, near]);
    const [a, b] = [s.get(1)!, s.get(2)!];
    expect(a.alone).toBeGreaterThan(a.visible);
    // The near box's pixels all come out of the far one's.
    expect(Math.abs(a.alone - a.visible - b.visible) / b.visible).toBeLessThan(0.1);
    expect(b.depth).toBeCloseTo(1.875, 2);
  });

  it('gives an object inside a window the same stats as the whole image does', () => {
    const objs = [
      box(1, [0, 0, 4], [1, 1, 1]),
      box(2, [0.25, 0, 2], [0.25, 0.25, 0.25]),
      box(3, [-2, 0, 4], [1, 1, 1]),
    ];
    const whole = rasterize(K, T, W, H, objs);
    const win = rasterize(K, T, W, H, objs, { window: [150, 100, 370, 290] });
    expect(win.get(1)).toEqual(whole.get(1));
    expect(win.get(2)).toEqual(whole.get(2));
    expect(win.get(3)!.visible).toBe(0);
  });

  it('gives the focus objects the stats the whole image gives them, drawing only what may hide them', () => {
    const objs = [
      box(1, [0, 0, 4], [1, 1, 1]),
      box(2, [0.6, 0.3, 6], [1, 1, 1]),
      // In front of both, hiding part of 1; and wholly behind both.
      box(3, [0.4, -0.2, 2.5], [0.4, 0.4, 0.4]),
      box(4, [0.2, 0, 9], [3, 3, 0.5]),
    ];
    const whole = rasterize(K, T, W, H, objs);
    const focused = rasterize(K, T, W, H, objs, { focus: [1, 2] });
    expect([...focused.keys()]).toEqual([1, 2]);
    expect(focused.get(1)).toEqual(whole.get(1));
    expect(focused.get(2)).toEqual(whole.get(2));
    expect(whole.get(1)!.visible).toBeLessThan(whole.get(1)!.alone);
  });

  it('draws nothing behind the camera or outside the view', () => {
    const s = rasterize(K, T, W, H, [box(1, [0, 0, -3], [1, 1, 1]), box(2, [20, 0, 3], [1, 1, 1])]);
    expect(s.get(1)!.visible).toBe(0);
    expect(s.get(2)!.visible).toBe(0);
    expect(Number.isNaN(s.get(1)!.depth)).toBe(true);
  });

  it('draws an object by its parts, round ones narrowed to about their own area', () => {
    const size: [number, number, number] = [1, 1, 1];
    const whole = box(1, [0, 0, 4], size);
    const ball = { ...whole, parts: [{ shape: 'sphere', center: [0, 0, 0], size }] };
    const table = {
      ...whole,
      parts: [
        { shape: 'box', center: [0, 0.45, 0], size: [1, 0.1, 1] },
        { shape: 'box', center: [0, -0.05, 0], size: [0.1, 0.9, 0.1] },
      ],
    };
    expect(partBoxes(table)).toHaveLength(2);
    const [a, b, c] = [whole, ball, table].map((o) => rasterize(K, T, W, H, [o]).get(1)!.visible);
    expect(b / a).toBeGreaterThan(0.7);
    expect(b / a).toBeLessThan(0.85);
    expect(c / a).toBeLessThan(0.35);
  });
});
