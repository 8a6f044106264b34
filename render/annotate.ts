import type { Annotation } from '../sim/schema';
import type { FrameLayers } from './layers';
import type { AmodalCount } from './protocol';

/**
 * Per-object annotations of one frame, from its pixels alone: visible pixels, bbox and centroid
 * from seg, the depth median from depth over those pixels; amodal pixels and occluders as the page
 * counted them from the object-alone masks (see amodal.ts).
 */
export function annotateFrame(
  layers: FrameLayers,
  objectIds: readonly number[],
  amodal: readonly AmodalCount[],
): Annotation[] {
  const { width, height, seg, depth } = layers;
  const maxId = Math.max(0, ...objectIds);
  const visible = new Uint32Array(maxId + 1);
  const minI = new Int32Array(maxId + 1).fill(width);
  const minJ = new Int32Array(maxId + 1).fill(height);
  const maxI = new Int32Array(maxId + 1).fill(-1);
  const maxJ = new Int32Array(maxId + 1).fill(-1);
  const sumU = new Float64Array(maxId + 1);
  const sumV = new Float64Array(maxId + 1);
  for (let j = 0, p = 0; j < height; j++) {
    for (let i = 0; i < width; i++, p++) {
      const id = seg[p];
      if (id === 0 || id > maxId) continue;
      visible[id]++;
      if (i < minI[id]) minI[id] = i;
      if (i > maxI[id]) maxI[id] = i;
      if (j < minJ[id]) minJ[id] = j;
      if (j > maxJ[id]) maxJ[id] = j;
      sumU[id] += i + 0.5;
      sumV[id] += j + 0.5;
    }
  }
  const medians = depthMedians(seg, depth, visible);
  const byId = new Map(amodal.map((a) => [a.id, a]));
  return objectIds.map((id) => {
    const n = visible[id];
    const a = byId.get(id);
    return {
      id,
      visible_px: n,
      amodal_px: a?.px ?? 0,
      in_frame_px: a?.inFrame ?? 0,
      visible_fraction: a?.px ? n / a.px : 0,
      in_frame_fraction: a?.px ? a.inFrame / a.px : 0,
      bbox: n ? [minI[id], minJ[id], maxI[id] + 1, maxJ[id] + 1] : null,
      centroid: n ? [sumU[id] / n, sumV[id] / n] : null,
      depth_median: n ? medians[id] / 1000 : null,
      occluded_by: a?.occluded_by ?? {},
    };
  });
}

/** Median depth (mm) of each id's pixels: one counting pass groups the depths by id, then a sort per id. */
function depthMedians(seg: Uint16Array, depth: Uint16Array, counts: Uint32Array): Float64Array {
  const offsets = new Uint32Array(counts.length + 1);
  for (let id = 0; id < counts.length; id++) offsets[id + 1] = offsets[id] + counts[id];
  const grouped = new Uint16Array(offsets[counts.length]);
  const fill = offsets.slice(0, counts.length);
  for (let p = 0; p < seg.length; p++) {
    const id = seg[p];
    if (id > 0 && id < counts.length) grouped[fill[id]++] = depth[p];
  }
  const out = new Float64Array(counts.length);
  for (let id = 1; id < counts.length; id++) {
    const n = counts[id];
    if (!n) continue;
    const values = grouped.subarray(offsets[id], offsets[id + 1]).sort();
    const mid = n >> 1;
    // The mean of the two middle values for an even count.
    out[id] = n % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  return out;
}
