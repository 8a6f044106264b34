import type { Style } from '../sim/styles';

/**
 * What the renderer page sends back for each frame: one binary POST body (a Blob) holding three
 * layers, bottom row first (as gl.readPixels returns them), packed tight,
 *   1. rgb    width × height × 3 bytes: the lit render, sRGB
 *   2. ids    width × height × idBytes: object id, one byte when every id of the scene is ≤ 255,
 *             else two (high, low)
 *   3. depth  width × height × 2 bytes: round(1000·z) planar depth in mm (high, low)
 * and a JSON header (`x-frame`) with the amodal counts, which the page computes from its own
 * object-alone bit masks: those never leave the page. Every byte costs: moving a megabyte from the
 * page to this process takes Chromium about 20 ms of CPU, so the page drops the read-back alpha
 * and the ids' unused high byte (1.5 MB a view at 512², not 2).
 */
export interface FrameHeader {
  job: string;
  frame: number;
  width: number;
  height: number;
  /** Bytes per id in the ids layer: 1 or 2. */
  idBytes: 1 | 2;
  /** Per object meeting the view frustum: pixels it would cover alone, and who covers the rest. */
  amodal: AmodalCount[];
  /** Milliseconds spent in the page on this frame. */
  timings: PageTimings;
}

export interface AmodalCount {
  id: number;
  /**
   * Pixels whose centre the object would cover if rendered alone: inside the image exactly
   * (visible ones always count), beyond it out to half the image size past every border on a
   * grid four times coarser (see amodal.ts).
   */
  px: number;
  /** Of those, the pixels inside the image. */
  inFrame: number;
  /** Of those, the pixels where another surface is in front, by that surface's id (0 = room shell). */
  occluded_by: Record<string, number>;
}

/** Timings that start at zero, for the keys given. */
export function zeroTimings<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Adds each of `from`'s timings to `into`'s. */
export function addTimings<K extends string>(into: Record<K, number>, from: Record<K, number>): void {
  for (const k of Object.keys(into) as K[]) into[k] += from[k];
}

/**
 * Milliseconds the page spends on a frame: building the scene (first frame only), the shadow map,
 * the lit pass, the id/depth pass, the amodal passes and their counting, and reading pixels back.
 */
export const PAGE_TIMING_KEYS = ['build', 'shadow', 'rgb', 'iddepth', 'amodal', 'readback'] as const;
export type PageTimings = Record<(typeof PAGE_TIMING_KEYS)[number], number>;

export interface RenderOptions {
  job: string;
  style: Style;
  shadows: boolean;
  shadowMapSize: number;
  /** Wait for the GPU after each pass so the timings split render from readback (benchmarks only). */
  profile: boolean;
}

/** Objects per amodal pass: one bit each in an RGBA8 target. */
export const SLOTS_PER_LAYER = 32;
