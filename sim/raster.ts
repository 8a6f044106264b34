import { NEAR } from './camera';
import { partCorners } from './catalog';
import { add, type BoxPose, boxCorners, rotateY } from './geometry';
import type { Mat3, Mat4, Vec3 } from './schema';

/**
 * A coarse software rendering of the objects for camera planning: every part of every object drawn
 * as its (rotated) box — round shapes shrunk across their axis to about their own area — with a
 * depth test, on a grid a few times coarser than the image. What it measures per object mirrors a
 * frame's annotations (visible pixels, the pixels it would cover alone inside the image, the
 * centroid and depth median of its visible pixels), so the planner can predict what a rendered
 * frame will show before it is rendered. Walls, floor and ceiling are not drawn: the camera stands
 * inside the room, and nothing it is asked about lies behind them. Against the renderer's
 * annotations of still scenes' frames (objects with ≥ 400 of 512² pixels), the median error is
 * about 5% on visible pixels (8% too many on average: parts fill less than their boxes), 0.1% of
 * the image height on the centroid row and 0.2% on the depth median.
 */

/** A part as the raster needs it: the box in the object's frame (m), its shape and rotation. */
export interface RasterPart {
  shape: string;
  center: readonly number[];
  size: readonly number[];
  rotation?: readonly number[];
  axis?: 'x' | 'y' | 'z';
}

export interface RasterObject extends BoxPose {
  id: number;
  /** Its parts; without them the object is drawn as its whole box. */
  parts?: readonly RasterPart[];
}

/** What the coarse rendering shows of one object, in image pixels. */
export interface RasterStats {
  /** Pixels it shows (visible_px). */
  visible: number;
  /** Pixels it would cover inside the image with nothing in front (in_frame_px). */
  alone: number;
  /** Mean image row of its visible pixels (centroid[1]); NaN when none. */
  row: number;
  /** Median planar depth of its visible pixels, m; NaN when none. */
  depth: number;
}

/** Cells of the coarse grid along the image's longer side. */
const GRID = 128;
/** A round cross-section's share of its bounding square's width, so that areas match (√(π/4)). */
const ROUND = Math.sqrt(Math.PI / 4);

/** The world corners of each part's box of an object (its whole box when it has no parts). */
export function partBoxes(o: RasterObject): Vec3[][] {
  if (!o.parts?.length) return [boxCorners(o)];
  const D = o.size;
  return o.parts.map((p) => {
    const s = shrunk(p);
    const unit = partCorners(
      [p.center[0] / D[0], p.center[1] / D[1], p.center[2] / D[2]],
      [s[0] / D[0], s[1] / D[1], s[2] / D[2]],
      p.rotation,
    );
    return unit.map((u) => add(o.position, rotateY([u[0] * D[0], u[1] * D[1], u[2] * D[2]], o.yaw)));
  });
}

/** A part's box size, round shapes narrowed across their axis (a sphere along all three). */
function shrunk(p: RasterPart): number[] {
  const s = [...p.size];
  const axis = { x: 0, y: 1, z: 2 }[p.axis ?? 'y'];
  if (p.shape === 'sphere') return s.map((v) => v * ROUND);
  if (p.shape === 'cylinder' || p.shape === 'lathe' || p.shape === 'torus' || p.shape === 'cone')
    return s.map((v, k) => (k === axis ? v : v * ROUND));
  return s;
}

/** The six faces of a box as corner indices (boxCorners/partCorners order: x bit 4, y bit 2, z bit 1). */
const FACES = [
  [0, 1, 3, 2],
  [4, 6, 7, 5],
  [0, 4, 5, 1],
  [2, 3, 7, 6],
  [0, 2, 6, 4],
  [1, 5, 7, 3],
];

export interface RasterOptions {
  /** partBoxes of each object, computed once. */
  boxes?: readonly Vec3[][][];
  /** boxCorners of each object, computed once. */
  corners?: readonly (readonly Vec3[])[];
  /**
   * Only this part of the image ([u0, v0, u1, v1], px) is drawn (whole cells of the grid around
   * it), for a fraction of the cost: the stats of an object wholly inside it are those of the whole
   * image.
   */
  window?: readonly [number, number, number, number];
  /**
   * Only these objects' stats are wanted (by id): objects wholly behind all of them, which cannot
   * hide any of their pixels, are not drawn, and the result holds just these.
   */
  focus?: readonly number[];
}

/**
 * Draws `objects` as seen by the camera (K, T) on an image of width × height and returns each
 * object's stats, by id.
 */
export function rasterize(
  K: Mat3,
  T: Mat4,
  width: number,
  height: number,
  objects: readonly RasterObject[],
  {
    boxes = objects.map(partBoxes),
    corners = objects.map(boxCorners),
    window = [0, 0, width, height],
    focus,
  }: RasterOptions = {},
): Map<number, RasterStats> {
  const cell = Math.max(width, height) / GRID;
  // The cells drawn: [gx0, gx0 + gw) × [gy0, gy0 + gh) of the image's grid.
  const gx0 = Math.max(0, Math.floor(window[0] / cell));
  const gy0 = Math.max(0, Math.floor(window[1] / cell));
  const gw = Math.max(0, Math.min(Math.ceil(width / cell), Math.ceil(window[2] / cell)) - gx0);
  const gh = Math.max(0, Math.min(Math.ceil(height / cell), Math.ceil(window[3] / cell)) - gy0);
  const [u0, v0, u1, v1] = [gx0 * cell, gy0 * cell, (gx0 + gw) * cell, (gy0 + gh) * cell];
  const n = gw * gh;
  const invZ = new Float32Array(n);
  const owner = new Int32Array(n).fill(-1);
  const stamp = new Int32Array(n).fill(-1);
  const alone = new Float64Array(objects.length);
  // Coordinates of a camera point on the drawn cells.
  const fx = K[0][0] / cell;
  const fy = K[1][1] / cell;
  const cx = K[0][2] / cell - gx0;
  const cy = K[1][2] / cell - gy0;
  const skew = K[0][1] / cell;
  // The sides of the drawn part's frustum as half-spaces of camera points (a·x + b·y + c·z ≥ 0).
  const sides = [
    [K[0][0], K[0][1], K[0][2] - u0],
    [-K[0][0], -K[0][1], u1 - K[0][2]],
    [0, K[1][1], K[1][2] - v0],
    [0, -K[1][1], v1 - K[1][2]],
    [0, 0, 1],
  ];
  /** Whether the 8 camera points at `cam[at…at + 24)` all lie outside one side. */
  const outside = (cam: Float64Array, at: number) =>
    sides.some((h, i) => {
      for (let q = at; q < at + 24; q += 3)
        if (h[0] * cam[q] + h[1] * cam[q + 1] + h[2] * cam[q + 2] >= (i === 4 ? NEAR : 0)) return false;
      return true;
    });
  /** toCamera(T, p), into cam[at…at + 3). */
  const toCam = (p: readonly number[], cam: Float64Array, at: number) => {
    cam[at] = T[0][0] * p[0] + T[0][1] * p[1] + T[0][2] * p[2] + T[0][3];
    cam[at + 1] = T[1][0] * p[0] + T[1][1] * p[1] + T[1][2] * p[2] + T[1][3];
    cam[at + 2] = T[2][0] * p[0] + T[2][1] * p[1] + T[2][2] * p[2] + T[2][3];
  };
  // A part's eight corners in camera space and on the grid ([u, v, 1/z], valid when z ≥ NEAR),
  // reused by its faces.
  const cam = new Float64Array(24);
  const grid: number[][] = Array.from({ length: 8 }, () => [0, 0, 0]);
  const onGrid = (x: number, y: number, z: number, out: number[]) => {
    out[0] = (fx * x + skew * y) / z + cx;
    out[1] = (fy * y) / z + cy;
    out[2] = 1 / z;
    return out;
  };
  // Each object's box corners in camera space.
  const boxCams = new Float64Array(objects.length * 24);
  for (let k = 0; k < objects.length; k++)
    for (let i = 0; i < 8; i++) toCam(corners[k][i], boxCams, 24 * k + 3 * i);
  const wanted = focus ? objects.map((o) => focus.includes(o.id)) : objects.map(() => true);
  // Beyond this depth nothing hides a wanted object (its parts lie inside its box); the margin
  // covers rounding in the interpolated depths and in their float32 store.
  let farthest = Number.POSITIVE_INFINITY;
  if (focus) {
    farthest = 0;
    for (let k = 0; k < objects.length; k++)
      if (wanted[k])
        for (let q = 24 * k + 2; q < 24 * k + 24; q += 3) farthest = Math.max(farthest, boxCams[q]);
    farthest *= 1 + 1e-6;
  }
  const behind = (k: number) => {
    for (let q = 24 * k + 2; q < 24 * k + 24; q += 3) if (!(boxCams[q] > farthest)) return false;
    return true;
  };
  const corner = (i: number): Vec3 => [cam[3 * i], cam[3 * i + 1], cam[3 * i + 2]];
  for (let k = 0; k < objects.length; k++) {
    if (outside(boxCams, 24 * k) || behind(k)) continue;
    for (const part of boxes[k]) {
      let near = true;
      for (let i = 0; i < 8; i++) {
        toCam(part[i], cam, 3 * i);
        if (cam[3 * i + 2] >= NEAR) onGrid(cam[3 * i], cam[3 * i + 1], cam[3 * i + 2], grid[i]);
        else near = false;
      }
      if (outside(cam, 0)) continue;
      for (const face of FACES) {
        // Only faces turned towards the camera (the box's far faces lie behind its near ones).
        const [i0, i1, i2] = [3 * face[0], 3 * face[1], 3 * face[2]];
        const e10 = cam[i1] - cam[i0];
        const e11 = cam[i1 + 1] - cam[i0 + 1];
        const e12 = cam[i1 + 2] - cam[i0 + 2];
        const e20 = cam[i2] - cam[i1];
        const e21 = cam[i2 + 1] - cam[i1 + 1];
        const e22 = cam[i2 + 2] - cam[i1 + 2];
        const n0 = e11 * e22 - e12 * e21;
        const n1 = e12 * e20 - e10 * e22;
        const n2 = e10 * e21 - e11 * e20;
        if (cam[i0] * n0 + cam[i0 + 1] * n1 + cam[i0 + 2] * n2 >= 0) continue;
        if (near) {
          fill(grid[face[0]], grid[face[1]], grid[face[2]], k);
          fill(grid[face[0]], grid[face[2]], grid[face[3]], k);
          continue;
        }
        const poly = clipNear(face.map(corner));
        if (poly.length < 3) continue;
        const pts = poly.map((c) => onGrid(c[0], c[1], c[2], [0, 0, 0]));
        for (let t = 1; t + 1 < pts.length; t++) fill(pts[0], pts[t], pts[t + 1], k);
      }
    }
  }

  function fill(a: number[], b: number[], c: number[], k: number) {
    const area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    if (Math.abs(area) < 1e-12) return;
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0], c[0])));
    const x1 = Math.min(gw - 1, Math.ceil(Math.max(a[0], b[0], c[0])));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1], c[1])));
    const y1 = Math.min(gh - 1, Math.ceil(Math.max(a[1], b[1], c[1])));
    if (x0 > x1 || y0 > y1) return;
    const inv = 1 / area;
    // Barycentric weights of a and b are affine in the pixel centre: w = base + dx·x + dy·y.
    const w0dx = -(c[1] - b[1]) * inv;
    const w0dy = (c[0] - b[0]) * inv;
    const w1dx = -(a[1] - c[1]) * inv;
    const w1dy = (a[0] - c[0]) * inv;
    const w0o = (b[0] * c[1] - b[1] * c[0]) * inv;
    const w1o = (c[0] * a[1] - c[1] * a[0]) * inv;
    const za = a[2];
    const zb = b[2];
    const zc = c[2];
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      let w0 = w0o + w0dx * (x0 + 0.5) + w0dy * py;
      let w1 = w1o + w1dx * (x0 + 0.5) + w1dy * py;
      let p = y * gw + x0;
      for (let x = x0; x <= x1; x++, p++, w0 += w0dx, w1 += w1dx) {
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        if (stamp[p] !== k) {
          stamp[p] = k;
          alone[k]++;
        }
        const iz = w0 * za + w1 * zb + w2 * zc;
        if (iz > invZ[p]) {
          invZ[p] = iz;
          owner[p] = k;
        }
      }
    }
  }

  const rows = new Float64Array(objects.length);
  const count = new Int32Array(objects.length);
  for (let y = 0, p = 0; y < gh; y++)
    for (let x = 0; x < gw; x++, p++) {
      const k = owner[p];
      if (k < 0) continue;
      count[k]++;
      rows[k] += (gy0 + y + 0.5) * cell;
    }
  // Each wanted object's depths in a block of one array, sorted block by block for the medians.
  const start = new Int32Array(objects.length + 1);
  for (let k = 0; k < objects.length; k++) start[k + 1] = start[k] + (wanted[k] ? count[k] : 0);
  const depths = new Float64Array(start[objects.length]);
  const next = start.slice(0, objects.length);
  for (let p = 0; p < n; p++) {
    const k = owner[p];
    if (k >= 0 && wanted[k]) depths[next[k]++] = 1 / invZ[p];
  }
  const area = cell * cell;
  const out = new Map<number, RasterStats>();
  for (let k = 0; k < objects.length; k++) {
    if (!wanted[k]) continue;
    out.set(objects[k].id, {
      visible: count[k] * area,
      alone: alone[k] * area,
      row: count[k] ? rows[k] / count[k] : Number.NaN,
      depth: count[k] ? median(depths.subarray(start[k], start[k + 1])) : Number.NaN,
    });
  }
  return out;
}

/** A polygon of camera points clipped to z ≥ NEAR. */
function clipNear(poly: Vec3[]): Vec3[] {
  if (poly.every((c) => c[2] >= NEAR)) return poly;
  const out: Vec3[] = [];
  for (let i = 0; i < poly.length; i++) {
    const [p, q] = [poly[i], poly[(i + 1) % poly.length]];
    if (p[2] >= NEAR) out.push(p);
    if (p[2] >= NEAR !== q[2] >= NEAR) {
      const t = (NEAR - p[2]) / (q[2] - p[2]);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), NEAR]);
    }
  }
  return out;
}

/** The median of the values (reordering them): quickselect, the mean of the two middle values for an even count. */
function median(xs: Float64Array): number {
  const m = xs.length >> 1;
  const hi = select(xs, m);
  if (xs.length % 2) return hi;
  let lo = xs[0];
  for (let i = 1; i < m; i++) if (xs[i] > lo) lo = xs[i];
  return (lo + hi) / 2;
}

/** The k-th smallest value, with every smaller one moved before index k (Hoare's selection). */
function select(xs: Float64Array, k: number): number {
  let [l, r] = [0, xs.length - 1];
  while (l < r) {
    const pivot = xs[(l + r) >> 1];
    let [i, j] = [l, r];
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return xs[k];
}
