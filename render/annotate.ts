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

/**
 * Median depth (mm) of each id's pixels, by counting: one pass finds each id's depth range, a
 * second counts its depths in a histogram over that range, and the median is read off the counts
 * (linear time; sorting every object's depths cost several milliseconds a frame).
 */
function depthMedians(seg: Uint16Array, depth: Uint16Array, counts: Uint32Array): Float64Array {
  const ids = counts.length;
  const lo = new Uint16Array(ids).fill(65535);
  const hi = new Uint16Array(ids);
  for (let p = 0; p < seg.length; p++) {
    const id = seg[p];
    if (id === 0 || id >= ids) continue;
    const d = depth[p];
    if (d < lo[id]) lo[id] = d;
    if (d > hi[id]) hi[id] = d;
  }
  // Each id's histogram, side by side in one array.
  const start = new Uint32Array(ids + 1);
  for (let id = 0; id < ids; id++)
    start[id + 1] = start[id] + (counts[id] && id > 0 ? hi[id] - lo[id] + 1 : 0);
  const histogram = new Uint32Array(start[ids]);
  for (let p = 0; p < seg.length; p++) {
    const id = seg[p];
    if (id > 0 && id < ids) histogram[start[id] + depth[p] - lo[id]]++;
  }
  const out = new Float64Array(ids);
  for (let id = 1; id < ids; id++) {
    const n = counts[id];
    if (!n) continue;
    // The values of rank ⌊(n−1)/2⌋ and ⌊n/2⌋ (0-based): one value for an odd count, the two
    // middle ones (their mean) for an even count.
    const ranks = [(n - 1) >> 1, n >> 1];
    const values: number[] = [];
    let seen = 0;
    for (let k = start[id]; k < start[id + 1] && values.length < 2; k++) {
      seen += histogram[k];
      while (values.length < 2 && seen > ranks[values.length]) values.push(lo[id] + k - start[id]);
    }
    out[id] = (values[0] + values[1]) / 2;
  }
  return out;
}
