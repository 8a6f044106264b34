import { type FrameHeader, SLOTS_PER_LAYER } from './protocol';

/**
 * The decoded layers of one rendered frame, top row first (image order, pixel (i, j) at j·width + i).
 *   rgb    Uint8Array  width·height·3   8-bit sRGB
 *   depth  Uint16Array width·height     round(1000·z), planar camera z in mm; 65535 when z ≥ 65.535 m; 0 = no surface
 *   seg    Uint16Array width·height     object id; 0 = room shell
 *   amodal Uint8Array[] per 32 slots    width·height·4 bit masks (see protocol.ts), slot ids in `slots`
 */
export interface FrameLayers {
  width: number;
  height: number;
  rgb: Uint8Array;
  depth: Uint16Array;
  seg: Uint16Array;
  amodal: Uint8Array[];
  slots: number[];
}

/** Splits the page's POST body into layers, flipping rows from GL's bottom-up order. */
export function decodeFrame(header: FrameHeader, body: Uint8Array): FrameLayers {
  const { width, height, slots } = header;
  const layerBytes = width * height * 4;
  const amodalCount = Math.ceil(slots.length / SLOTS_PER_LAYER);
  const expected = layerBytes * (2 + amodalCount);
  if (body.length !== expected)
    throw new Error(`frame ${header.frame}: got ${body.length} bytes, expected ${expected}`);
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const depth = new Uint16Array(n);
  const seg = new Uint16Array(n);
  const amodal = Array.from({ length: amodalCount }, () => new Uint8Array(layerBytes));
  const rowBytes = width * 4;
  for (let j = 0; j < height; j++) {
    const src = (height - 1 - j) * rowBytes;
    const dst = j * width;
    for (let i = 0; i < width; i++) {
      const s = src + i * 4;
      const p = dst + i;
      rgb[p * 3] = body[s];
      rgb[p * 3 + 1] = body[s + 1];
      rgb[p * 3 + 2] = body[s + 2];
      const q = layerBytes + s;
      seg[p] = (body[q] << 8) | body[q + 1];
      depth[p] = (body[q + 2] << 8) | body[q + 3];
    }
    for (let a = 0; a < amodalCount; a++) {
      const off = layerBytes * (2 + a);
      amodal[a].set(body.subarray(off + src, off + src + rowBytes), dst * 4);
    }
  }
  return { width, height, rgb, depth, seg, amodal, slots };
}
