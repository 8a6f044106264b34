import type { Mat3 } from '../../sim/schema';

/**
 * Fitting a frame's image into a canvas of another shape without distorting it: the image is
 * widened (or heightened) symmetrically into a virtual image with the canvas's aspect, and K's
 * principal point moves by the added margin. Projecting with the virtual K then shows the frame's
 * own image, pixel for pixel up to a uniform scale, inside `rect`, with more of the room around it.
 */
export interface FrameFit {
  /** Virtual image size, px of the frame's image. */
  width: number;
  height: number;
  /** K of the virtual image. */
  K: Mat3;
  /** Where the frame's image lies in the canvas, CSS px. */
  rect: { x: number; y: number; w: number; h: number };
  /** CSS px per image px. */
  scale: number;
  /** Vertical field of view of the virtual image, degrees (for three.js's own projection). */
  fov: number;
}

export function fitFrame(K: Mat3, width: number, height: number, canvasW: number, canvasH: number): FrameFit {
  const aspect = canvasW / canvasH;
  const vw = aspect > width / height ? height * aspect : width;
  const vh = aspect > width / height ? height : width / aspect;
  const dx = (vw - width) / 2;
  const dy = (vh - height) / 2;
  const scale = canvasW / vw;
  return {
    width: vw,
    height: vh,
    K: [
      [K[0][0], K[0][1], K[0][2] + dx],
      [K[1][0], K[1][1], K[1][2] + dy],
      [K[2][0], K[2][1], K[2][2]],
    ],
    rect: { x: dx * scale, y: dy * scale, w: width * scale, h: height * scale },
    scale,
    fov: (2 * Math.atan(vh / 2 / K[1][1]) * 180) / Math.PI,
  };
}

/** A point of the frame's image (px, origin top-left) → canvas CSS px under `fit`. */
export function imageToCanvas(fit: FrameFit, u: number, v: number): [number, number] {
  return [fit.rect.x + u * fit.scale, fit.rect.y + v * fit.scale];
}
