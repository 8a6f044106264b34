/**
 * What the renderer page sends back for each frame, in one binary POST body (a Blob), in this order,
 * every layer bottom row first (as gl.readPixels returns it), width × height × 4 bytes each:
 *   1. rgb     the lit render, sRGB, alpha ignored
 *   2. iddepth R,G = object id (high, low byte); B,A = round(1000·z) planar depth in mm (high, low)
 *   3. amodal  one layer per 32 objects: bit (k mod 8) of channel ⌊k/8⌋ set where the object with
 *              slot k would cover the pixel centre if rendered alone (slots listed in `slots`)
 */
export interface FrameHeader {
  job: string;
  frame: number;
  width: number;
  height: number;
  /** Object id per amodal slot: slot k is bit k of the amodal layers. */
  slots: number[];
  /** Milliseconds spent in the page on this frame. */
  timings: PageTimings;
}

export interface PageTimings {
  /** Building the scene (first frame only), shadow map, lit pass, id/depth pass, amodal passes, readback. */
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

export const SLOTS_PER_LAYER = 32;
