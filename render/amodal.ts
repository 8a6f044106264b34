import type { AmodalCount } from './protocol';
import { SLOTS_PER_LAYER } from './protocol';

/**
 * Amodal counts from the object-alone bit masks and the id layer of the same frame (both RGBA8,
 * same pixel order). Slot k is bit (k mod 8) of channel ⌊k/8⌋ of layer ⌊k/32⌋. A pixel where the
 * id layer shows an object always counts for that object, so visible ≤ amodal holds even where two
 * rasterizations of one edge disagree.
 */
export function countAmodal(
  iddepth: Uint8Array,
  layers: readonly Uint8Array[],
  slots: readonly number[],
): AmodalCount[] {
  const px = new Uint32Array(slots.length);
  const by = slots.map(() => new Map<number, number>());
  const slotOf = new Map(slots.map((id, k) => [id, k]));
  const n = iddepth.length >> 2;
  for (let p = 0; p < n; p++) {
    const q = p << 2;
    const id = (iddepth[q] << 8) | iddepth[q + 1];
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
          if (slots[slot] === id) ownBitSet = true;
          else by[slot].set(id, (by[slot].get(id) ?? 0) + 1);
        }
      }
    }
    if (id > 0 && !ownBitSet) {
      const slot = slotOf.get(id);
      if (slot !== undefined) px[slot]++;
    }
  }
  return slots.map((id, k) => ({
    id,
    px: px[k],
    occluded_by: Object.fromEntries([...by[k]].sort((x, y) => x[0] - y[0]).map(([o, c]) => [String(o), c])),
  }));
}
