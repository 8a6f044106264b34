import type { AmodalCount } from './protocol';
import { SLOTS_PER_LAYER } from './protocol';

/**
 * Amodal counts from the object-alone bit masks and the id layer of the same frame (RGBA8, GL row
 * order, bottom row first). The masks cover the image grid extended by `padX`/`padY` pixels beyond
 * every border, so an object's whole projection is counted, not only its part inside the image.
 * Slot k is bit (k mod 8) of channel ⌊k/8⌋ of layer ⌊k/32⌋. Inside the image a pixel where the id
 * layer shows an object always counts for that object, so visible ≤ in-frame amodal holds even
 * where two rasterizations of one edge disagree.
 */
export function countAmodal(
  id: { data: Uint8Array; width: number; height: number },
  masks: { layers: readonly Uint8Array[]; padX: number; padY: number },
  slots: readonly number[],
): AmodalCount[] {
  const px = new Uint32Array(slots.length);
  const inFrame = new Uint32Array(slots.length);
  const by = slots.map(() => new Map<number, number>());
  const slotOf = new Map(slots.map((o, k) => [o, k]));
  const { layers, padX, padY } = masks;
  const W = id.width + 2 * padX;
  const H = id.height + 2 * padY;
  // Most pixels of the margin are empty: one 32-bit read per layer tells.
  const words = layers.map((l) => new Uint32Array(l.buffer, l.byteOffset, l.length >> 2));
  for (let row = 0; row < H; row++) {
    const j = row - padY;
    const inRows = j >= 0 && j < id.height;
    for (let col = 0; col < W; col++) {
      const i = col - padX;
      const inside = inRows && i >= 0 && i < id.width;
      const w = row * W + col;
      if (!inside && words.every((l) => l[w] === 0)) continue;
      const q = w << 2;
      const p = inside ? (j * id.width + i) << 2 : -1;
      const owner = inside ? (id.data[p] << 8) | id.data[p + 1] : -1;
      let ownBitSet = false;
      for (let a = 0; a < layers.length; a++) {
        const layer = layers[a];
        for (let c = 0; c < 4; c++) {
          let bits = layer[q + c];
          while (bits) {
            const b = 31 - Math.clz32(bits);
            bits &= ~(1 << b);
            const slot = a * SLOTS_PER_LAYER + c * 8 + b;
            px[slot]++;
            if (!inside) continue;
            inFrame[slot]++;
            if (slots[slot] === owner) ownBitSet = true;
            else by[slot].set(owner, (by[slot].get(owner) ?? 0) + 1);
          }
        }
      }
      if (owner > 0 && !ownBitSet) {
        const slot = slotOf.get(owner);
        if (slot !== undefined) {
          px[slot]++;
          inFrame[slot]++;
        }
      }
    }
  }
  return slots.map((o, k) => ({
    id: o,
    px: px[k],
    inFrame: inFrame[k],
    occluded_by: Object.fromEntries([...by[k]].sort((x, y) => x[0] - y[0]).map(([c, n]) => [String(c), n])),
  }));
}
