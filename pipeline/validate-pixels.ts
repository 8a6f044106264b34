import sharp, { type Metadata } from 'sharp';
import { readGreyPng } from '../render/png';
import { probeVideo, type VideoFacts } from '../render/video';
import type { Layer } from '../sim/layout';
import type { Frame, Scene } from '../sim/schema';
import type { Problems } from './validate-problems';

/**
 * The image checks of `sim validate`: each PNG's header and full decode, then each frame's
 * annotations re-derived from its seg.png and depth.png pixels; a walkthrough's video decoded.
 */

/** Tolerance on centroid and depth_median, which scene.json stores rounded to 6 decimals. */
const ROUNDING = 1e-6;

/** What each layer must be (render/png.ts, DESIGN.md). */
const FORMATS: Record<Layer, { channels: number; depths: string[]; text: string }> = {
  rgb: { channels: 3, depths: ['uchar'], text: '8-bit RGB' },
  depth: { channels: 1, depths: ['ushort'], text: '16-bit greyscale' },
  seg: { channels: 1, depths: ['uchar', 'ushort'], text: '8- or 16-bit greyscale' },
};

/**
 * Header checks, then (unless quick) a full decode. Returns depth and seg pixels for the
 * annotation checks when the image decoded with the right size and format, else null (pixels of
 * a wrong image would only repeat its problem as many annotation problems).
 */
export async function checkPng(
  data: Buffer,
  layer: Layer,
  frame: Frame,
  where: string,
  quick: boolean,
  problems: Problems,
): Promise<Uint16Array | null> {
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch (err) {
    problems.add('image', `${where}: not a readable image (${(err as Error).message})`);
    return null;
  }
  const want = FORMATS[layer];
  let ok = true;
  if (meta.format !== 'png') {
    problems.add('image', `${where}: ${meta.format}, not PNG`);
    ok = false;
  }
  if (meta.width !== frame.width || meta.height !== frame.height) {
    problems.add(
      'image',
      `${where}: ${meta.width}×${meta.height}, scene.json says ${frame.width}×${frame.height}`,
    );
    ok = false;
  }
  if (meta.channels !== want.channels || !want.depths.includes(meta.depth ?? '')) {
    const bits = meta.depth === 'ushort' ? 16 : 8;
    problems.add('image', `${where}: ${bits}-bit with ${meta.channels} channel(s), should be ${want.text}`);
    ok = false;
  }
  if (quick) return null;
  try {
    if (layer === 'rgb') {
      await sharp(data).raw().toBuffer();
      return null;
    }
    const grey = await readGreyPng(data);
    return ok ? grey.data : null;
  } catch (err) {
    problems.add('image', `${where}: does not decode (${(err as Error).message})`);
    return null;
  }
}

/** Per-object pixel statistics of one frame, as render/annotate.ts computes them. */
interface PixelStats {
  n: number;
  minI: number;
  minJ: number;
  maxI: number;
  maxJ: number;
  sumU: number;
  sumV: number;
  depths: number[];
}

/**
 * Re-derives each annotation from the pixels: seg values must be 0 or object ids, and each object's
 * pixel count, bbox, centroid and depth median must match frames[].objects.
 */
export function checkPixels(
  seg: Uint16Array,
  depth: Uint16Array | null,
  frame: Frame,
  objectIds: readonly number[],
  where: string,
  problems: Problems,
): void {
  const stats = new Map<number, PixelStats>();
  const w = frame.width;
  for (let p = 0; p < seg.length; p++) {
    const id = seg[p];
    if (id === 0) continue;
    let s = stats.get(id);
    if (!s) {
      s = { n: 0, minI: w, minJ: frame.height, maxI: -1, maxJ: -1, sumU: 0, sumV: 0, depths: [] };
      stats.set(id, s);
    }
    const i = p % w;
    const j = (p - i) / w;
    s.n++;
    if (i < s.minI) s.minI = i;
    if (i > s.maxI) s.maxI = i;
    if (j < s.minJ) s.minJ = j;
    if (j > s.maxJ) s.maxJ = j;
    s.sumU += i + 0.5;
    s.sumV += j + 0.5;
    if (depth) s.depths.push(depth[p]);
  }
  const known = new Set(objectIds);
  for (const [id, s] of stats)
    if (!known.has(id))
      problems.add('pixels', `${where}/seg.png: value ${id} (${s.n} px) is no object of the scene`);

  for (const a of frame.objects) {
    const s = stats.get(a.id);
    const n = s?.n ?? 0;
    const obj = `${where}: object ${a.id}`;
    const hidden = Object.values(a.occluded_by).reduce((sum, px) => sum + px, 0);
    if (a.visible_px + hidden !== a.in_frame_px)
      problems.add(
        'pixels',
        `${obj}: visible_px ${a.visible_px} + occluded_by ${hidden} is not in_frame_px ${a.in_frame_px}`,
      );
    if (a.in_frame_px > a.amodal_px)
      problems.add('pixels', `${obj}: in_frame_px ${a.in_frame_px} exceeds amodal_px ${a.amodal_px}`);
    for (const [field, part] of [
      ['visible_fraction', a.visible_px],
      ['in_frame_fraction', a.in_frame_px],
    ] as const) {
      const fraction = a.amodal_px ? part / a.amodal_px : 0;
      if (Math.abs(a[field] - fraction) > ROUNDING)
        problems.add('pixels', `${obj}: ${field} is ${a[field]}, ${part} / amodal_px is ${fraction}`);
    }
    if (n !== a.visible_px) {
      problems.add('pixels', `${obj}: ${n} px in seg.png, visible_px says ${a.visible_px}`);
      continue;
    }
    if (!s) {
      if (a.bbox !== null || a.centroid !== null || a.depth_median !== null)
        problems.add('pixels', `${obj}: not visible, but bbox, centroid or depth_median is set`);
      continue;
    }
    const bbox = [s.minI, s.minJ, s.maxI + 1, s.maxJ + 1];
    if (a.bbox?.join() !== bbox.join())
      problems.add('pixels', `${obj}: bbox is [${a.bbox}], seg.png gives [${bbox}]`);
    const centroid = [s.sumU / n, s.sumV / n];
    if (!a.centroid || a.centroid.some((c, k) => Math.abs(c - centroid[k]) > ROUNDING))
      problems.add(
        'pixels',
        `${obj}: centroid is [${a.centroid}], seg.png gives [${centroid.map((c) => c.toFixed(6))}]`,
      );
    if (depth) {
      const m = median(s.depths) / 1000;
      if (a.depth_median === null || Math.abs(a.depth_median - m) > ROUNDING)
        problems.add('pixels', `${obj}: depth_median is ${a.depth_median}, depth.png gives ${m}`);
    }
  }
}

/**
 * Median in mm of an object's depth.png values, the mean of the two middle values for an even count
 * (DESIGN.md's depth_order measure), derived here independently of the renderer's code.
 */
function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A walkthrough's video.mp4: an MP4 (its `ftyp` box first), and unless quick, decoded in full:
 * H.264, yuv420p, one frame per frame of the scene, at the frames' size (even, as yuv420p needs).
 */
export async function checkVideo(
  data: Buffer,
  scene: Scene,
  where: string,
  quick: boolean,
  problems: Problems,
): Promise<void> {
  if (data.length < 12 || data.toString('latin1', 4, 8) !== 'ftyp') {
    problems.add('image', `${where}: not an MP4 file`);
    return;
  }
  if (quick) return;
  let v: VideoFacts;
  try {
    v = await probeVideo(data);
  } catch (err) {
    problems.add('image', `${where}: does not decode (${(err as Error).message})`);
    return;
  }
  const [f] = scene.frames;
  const want = {
    codec: 'h264',
    pixelFormat: 'yuv420p',
    width: f.width & ~1,
    height: f.height & ~1,
    frames: scene.frames.length,
  };
  for (const [key, value] of Object.entries(want))
    if (v[key as keyof VideoFacts] !== value)
      problems.add('image', `${where}: ${key} is ${v[key as keyof VideoFacts]}, expected ${value}`);
}
