/**
 * Pixel painting for the frame views: 16-bit depth through a colour map, instance ids as colours,
 * and the outline of one object. All write RGBA into a caller-supplied ImageData-like buffer.
 */

export interface Grey16 {
  width: number;
  height: number;
  data: Uint16Array;
}

/** depth.png's code for "65.535 m or farther"; 0 means no surface. */
export const DEPTH_FAR = 65535;

/** Turbo colour map (Mikhailov 2019, polynomial fit), t in [0, 1] → sRGB bytes. */
export function turbo(t: number, out: Uint8ClampedArray, at: number): void {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.1357 + x * (4.5974 - x * (42.3277 - x * (130.5887 - x * (150.5666 - x * 58.1375))));
  const g = 0.0914 + x * (2.1856 + x * (4.8052 - x * (14.0195 - x * (4.2109 + x * 2.7747))));
  const b = 0.1067 + x * (12.5925 - x * (60.1097 - x * (109.0745 - x * (88.5066 - x * 26.8183))));
  out[at] = r * 255;
  out[at + 1] = g * 255;
  out[at + 2] = b * 255;
  out[at + 3] = 255;
}

/** The range of real depths in a frame, mm (0 and the far code excluded); [0, 1] when there are none. */
export function depthRange(depth: Grey16): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of depth.data) {
    if (v === 0 || v === DEPTH_FAR) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > 0 ? [lo, hi] : [0, 1];
}

/** Near is warm, far is cool; no surface is black and beyond range white. */
export function paintDepth(depth: Grey16, [lo, hi]: [number, number], out: Uint8ClampedArray): void {
  const span = Math.max(1, hi - lo);
  depth.data.forEach((v, p) => {
    const at = p * 4;
    if (v === 0 || v === DEPTH_FAR) {
      const c = v === 0 ? 0 : 255;
      out[at] = out[at + 1] = out[at + 2] = c;
      out[at + 3] = 255;
    } else turbo(1 - (v - lo) / span, out, at);
  });
}

/** A stable, well-spread colour per object id (golden-angle hues); the shell (0) gets none. */
export function idColor(id: number): [number, number, number] {
  const h = ((id * 137.508) % 360) / 60;
  const s = 0.65;
  const l = 0.55;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/**
 * Instance ids as colours, over `out`'s existing pixels. Objects get opacity `alpha`; when `focus`
 * is set, that object gets `focusAlpha` and every other one fades to a third, so one object stands
 * out in every view. The room shell (0) gets `shellAlpha` of dark grey.
 */
export function paintSeg(
  seg: Grey16,
  out: Uint8ClampedArray,
  opts: { alpha: number; focusAlpha: number; shellAlpha: number; focus: number | null },
): void {
  const colors = new Map<number, [number, number, number]>();
  const others = opts.focus === null ? opts.alpha : opts.alpha / 3;
  seg.data.forEach((id, p) => {
    const at = p * 4;
    if (id === 0) {
      out[at] = out[at + 1] = out[at + 2] = 40;
      out[at + 3] = opts.shellAlpha * 255;
      return;
    }
    let c = colors.get(id);
    if (!c) colors.set(id, (c = idColor(id)));
    out[at] = c[0];
    out[at + 1] = c[1];
    out[at + 2] = c[2];
    out[at + 3] = (id === opts.focus ? opts.focusAlpha : others) * 255;
  });
}

/** Draws the boundary pixels of object `id` (pixels of it with a 4-neighbour that is not) in `color`. */
export function paintOutline(
  seg: Grey16,
  id: number,
  out: Uint8ClampedArray,
  color: [number, number, number],
): void {
  const { width: W, height: H, data } = seg;
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const p = j * W + i;
      if (data[p] !== id) continue;
      const edge =
        i === 0 ||
        j === 0 ||
        i === W - 1 ||
        j === H - 1 ||
        data[p - 1] !== id ||
        data[p + 1] !== id ||
        data[p - W] !== id ||
        data[p + W] !== id;
      if (!edge) continue;
      out[p * 4] = color[0];
      out[p * 4 + 1] = color[1];
      out[p * 4 + 2] = color[2];
      out[p * 4 + 3] = 255;
    }
}

/** Pixel (i, j) under a mouse position in an element showing a W×H image stretched to its box. */
export function pixelAt(
  image: { width: number; height: number },
  box: { width: number; height: number },
  x: number,
  y: number,
): [number, number] | null {
  const i = Math.floor((x / box.width) * image.width);
  const j = Math.floor((y / box.height) * image.height);
  return i >= 0 && j >= 0 && i < image.width && j < image.height ? [i, j] : null;
}
