import type { FrameHeader } from './protocol';

/**
 * The decoded layers of one rendered frame, top row first (image order, pixel (i, j) at j·width + i).
 *   rgb    Uint8Array  width·height·3   8-bit sRGB
 *   depth  Uint16Array width·height     round(1000·z), planar camera z in mm; 65535 when z ≥ 65.535 m; 0 = no surface
 *   seg    Uint16Array width·height     object id; 0 = room shell
 *   seg8   Uint8Array  width·height     the same ids as bytes, when every id ≤ 255 (for an 8-bit seg.png), else null
 */
export interface FrameLayers {
  width: number;
  height: number;
  rgb: Uint8Array;
  depth: Uint16Array;
  seg: Uint16Array;
  seg8: Uint8Array | null;
}

/** Buffers for the layers of one frame size; reused through a Pool (see decodeFrame). */
export function allocateLayers(width: number, height: number): FrameLayers {
  const n = width * height;
  return {
    width,
    height,
    rgb: new Uint8Array(n * 3),
    depth: new Uint16Array(n),
    seg: new Uint16Array(n),
    seg8: new Uint8Array(n),
  };
}

/**
 * Splits the page's POST body (see protocol.ts) into layers, flipping rows from GL's bottom-up
 * order, into `into` (buffers of the frame's size, every element overwritten).
 */
export function decodeFrame(header: FrameHeader, body: Uint8Array, into: FrameLayers): FrameLayers {
  const { width, height, idBytes } = header;
  const n = width * height;
  const expected = n * (3 + idBytes + 2);
  if (body.length !== expected)
    throw new Error(`frame ${header.frame}: got ${body.length} bytes, expected ${expected}`);
  if (into.width !== width || into.height !== height) throw new Error('decodeFrame: buffers of another size');
  const { rgb, depth, seg } = into;
  const seg8 = into.seg8 ?? new Uint8Array(n);
  const ids = 3 * n;
  const depths = ids + idBytes * n;
  let maxId = 0;
  for (let j = 0; j < height; j++) {
    const dst = j * width;
    const src = (height - 1 - j) * width;
    rgb.set(body.subarray(3 * src, 3 * (src + width)), 3 * dst);
    for (let i = 0; i < width; i++) {
      const s = src + i;
      const p = dst + i;
      const id = idBytes === 1 ? body[ids + s] : (body[ids + 2 * s] << 8) | body[ids + 2 * s + 1];
      seg[p] = id;
      seg8[p] = id;
      if (id > maxId) maxId = id;
      depth[p] = (body[depths + 2 * s] << 8) | body[depths + 2 * s + 1];
    }
  }
  return { width, height, rgb, depth, seg, seg8: maxId <= 255 ? seg8 : null };
}
