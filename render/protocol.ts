/**
 * What the renderer page sends back for each frame: one binary POST body (a Blob) holding two
 * layers, bottom row first (as gl.readPixels returns them), width × height × 4 bytes each,
 *   1. rgb     the lit render, sRGB, alpha ignored
 *   2. iddepth R,G = object id (high, low byte); B,A = round(1000·z) planar depth in mm (high, low)
 * and a JSON header (`x-frame`) with the amodal counts, which the page computes from its own
 * object-alone bit masks: those never leave the page (a third megabyte per view at 512²).
 */
export interface FrameHeader {
  job: string;
  frame: number;
  width: number;
  height: number;
  /** Per object meeting the view frustum: pixels it would cover alone, and who covers the rest. */
  amodal: AmodalCount[];
  /** Milliseconds spent in the page on this frame. */
  timings: PageTimings;
}

export interface AmodalCount {
  id: number;
  /** Pixels whose centre the object would cover if rendered alone (visible ones always count). */
  px: number;
  /** Of those, the pixels where another surface is in front, by that surface's id (0 = room shell). */
  occluded_by: Record<string, number>;
}

export interface PageTimings {
  /** Building the scene (first frame only), shadow map, lit pass, id/depth pass, amodal passes and counting, readback. */
  build: number;
  shadow: number;
  rgb: number;
  iddepth: number;
  amodal: number;
  readback: number;
}

export interface RenderOptions {
  job: string;
  shadows: boolean;
  shadowMapSize: number;
  /** Wait for the GPU after each pass so the timings split render from readback (benchmarks only). */
  profile: boolean;
}

/** Objects per amodal pass: one bit each in an RGBA8 target. */
export const SLOTS_PER_LAYER = 32;
