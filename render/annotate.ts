import type { Annotation } from '../sim/schema';
import type { FrameLayers } from './layers';
import { SLOTS_PER_LAYER } from './protocol';

/**
 * Per-object annotations of one frame, from its pixels alone: visible pixels, bbox and centroid
 * from seg, the depth median from depth over those pixels, amodal pixels from the object-alone bit
 * masks, and who covers the hidden part. A visible pixel always counts as amodal too, so
 * visible_px ≤ amodal_px holds even where two rasterizations disagree on an edge pixel.
 */
export function annotateFrame(layers: FrameLayers, objectIds: readonly number[]): Annotation[] {
  const { width, height, seg, depth, amodal, slots } = layers;
  const maxId = Math.max(0, ...objectIds);
  const visible = new Uint32Array(maxId + 1);
  const amodalPx = new Uint32Array(maxId + 1);
  const minI = new Int32Array(maxId + 1).fill(width);
  const minJ = new Int32Array(maxId + 1).fill(height);
  const maxI = new Int32Array(maxId + 1).fill(-1);
  const maxJ = new Int32Array(maxId + 1).fill(-1);
  const sumU = new Float64Array(maxId + 1);
  const sumV = new Float64Array(maxId + 1);
  const depths: number[][] = Array.from({ length: maxId + 1 }, () => []);
  const occluders: Map<number, number>[] = Array.from({ length: maxId + 1 }, () => new Map());
  const slotOf = new Int32Array(maxId + 1).fill(-1);
  slots.forEach((id, k) => {
    if (id <= maxId) slotOf[id] = k;
  });

  for (let j = 0, p = 0; j < height; j++) {
    for (let i = 0; i < width; i++, p++) {
      const id = seg[p];
      if (id > 0 && id <= maxId) {
        visible[id]++;
        if (i < minI[id]) minI[id] = i;
        if (i > maxI[id]) maxI[id] = i;
        if (j < minJ[id]) minJ[id] = j;
        if (j > maxJ[id]) maxJ[id] = j;
        sumU[id] += i + 0.5;
        sumV[id] += j + 0.5;
        depths[id].push(depth[p]);
        if (!hasSlot(amodal, p, slotOf[id])) amodalPx[id]++;
      }
      for (let a = 0; a < amodal.length; a++) {
        const layer = amodal[a];
        for (let c = 0; c < 4; c++) {
          let bits = layer[p * 4 + c];
          while (bits) {
            const b = 31 - Math.clz32(bits);
            bits &= ~(1 << b);
            const owner = slots[a * SLOTS_PER_LAYER + c * 8 + b];
            if (owner === undefined || owner > maxId) continue;
            amodalPx[owner]++;
            if (id !== owner) occluders[owner].set(id, (occluders[owner].get(id) ?? 0) + 1);
          }
        }
      }
    }
  }

  return objectIds.map((id) => {
    const n = visible[id];
    const occluded_by: Record<string, number> = {};
    for (const [by, count] of [...occluders[id]].sort((x, y) => x[0] - y[0])) occluded_by[String(by)] = count;
    return {
      id,
      visible_px: n,
      amodal_px: amodalPx[id],
      bbox: n ? [minI[id], minJ[id], maxI[id] + 1, maxJ[id] + 1] : null,
      centroid: n ? [sumU[id] / n, sumV[id] / n] : null,
      depth_median: n ? median(depths[id]) / 1000 : null,
      occluded_by,
    };
  });
}

function hasSlot(amodal: Uint8Array[], p: number, slot: number): boolean {
  if (slot < 0) return false;
  const layer = amodal[Math.floor(slot / SLOTS_PER_LAYER)];
  const k = slot % SLOTS_PER_LAYER;
  return layer !== undefined && (layer[p * 4 + (k >> 3)] & (1 << (k & 7))) !== 0;
}

/** Median of integer depths in mm (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
