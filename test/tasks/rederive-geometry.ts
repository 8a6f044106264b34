import type { Mat3, Mat4, Vec3 } from '../../sim/schema';

/**
 * The geometry of the second derivation, written again from DESIGN.md and docs/format.md (world +Y
 * up, metres; cameras in the OpenCV convention; yaw = three.js rotation.y, local +x → (cos, 0, −sin);
 * headings: 0 looks along +z, positive turns left), without the simulator's or the tasks' helpers.
 * Where a rule needs a computation the product also makes (a box's share inside the image), it is
 * done here by another method, so that an error in either shows up as a disagreement.
 */

export const DEG = Math.PI / 180;

export const vsub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const vdot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const vlen = (a: Vec3) => Math.hypot(a[0], a[1], a[2]);
export const dist3 = (a: Vec3, b: Vec3) => vlen(vsub(a, b));
/** Distance on the floor plan (x, z). */
export const planDist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[2] - b[2]);
/** An angle wrapped to [−π, π]. */
export const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
/** Heading of a floor direction: 0 along +z, positive towards +x (left turns). */
export const headingOfDir = (v: Vec3) => Math.atan2(v[0], v[2]);

export interface Cam {
  center: Vec3;
  /** Heading of the optical axis on the floor plan. */
  heading: number;
  /** Elevation of the optical axis, positive looking up. */
  pitch: number;
}

/** Camera centre −Rᵀt; the optical axis is the third row of R. */
export function camOf(T: Mat4): Cam {
  const t = [T[0][3], T[1][3], T[2][3]];
  const center = [0, 1, 2].map((c) => -(T[0][c] * t[0] + T[1][c] * t[1] + T[2][c] * t[2])) as Vec3;
  const [fx, fy, fz] = T[2];
  return { center, heading: Math.atan2(fx, fz), pitch: Math.asin(Math.max(-1, Math.min(1, fy))) };
}

export function toCam(T: Mat4, p: Vec3): Vec3 {
  return [0, 1, 2].map((r) => T[r][0] * p[0] + T[r][1] * p[1] + T[r][2] * p[2] + T[r][3]) as Vec3;
}

/** Camera axes (right, down, forward) in world coordinates for a heading and pitch, no roll. */
export function axesOf(heading: number, pitch: number): [Vec3, Vec3, Vec3] {
  const z: Vec3 = [Math.cos(pitch) * Math.sin(heading), Math.sin(pitch), Math.cos(pitch) * Math.cos(heading)];
  const x: Vec3 = [-Math.cos(heading), 0, Math.sin(heading)];
  const y: Vec3 = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  return [x, y, z];
}

/** A world point in the frame of a camera placed at `center` with this heading and pitch. */
export function inCamera(center: Vec3, heading: number, pitch: number, p: Vec3): Vec3 {
  const d = vsub(p, center);
  const [x, y, z] = axesOf(heading, pitch);
  return [vdot(d, x), vdot(d, y), vdot(d, z)];
}

/** Bearing of a point from a camera on the floor plan, relative to its heading, left positive. */
export const bearingFrom = (cam: { center: Vec3; heading: number }, p: Vec3) =>
  wrap(Math.atan2(p[0] - cam.center[0], p[2] - cam.center[2]) - cam.heading);

/** A floor-plan vector as [forward, left] in a heading's frame (left = (cos h, 0, −sin h)). */
export function planOf(heading: number, v: Vec3): [number, number] {
  return [
    v[0] * Math.sin(heading) + v[2] * Math.cos(heading),
    v[0] * Math.cos(heading) - v[2] * Math.sin(heading),
  ];
}

export type Quarter = 'front' | 'left' | 'behind' | 'right';

/** The quarter of an angle (front within ±45°, left 45°–135°, …); null within `margin` of an edge. */
export function quarter(a: number, margin = 15 * DEG): Quarter | null {
  const deg = wrap(a) / DEG;
  const centres: [Quarter, number][] = [
    ['front', 0],
    ['left', 90],
    ['behind', 180],
    ['right', -90],
  ];
  const offs = centres.map(([name, centre]) => [name, Math.abs(wrap((deg - centre) * DEG)) / DEG] as const);
  const [name, off] = offs.reduce((m, x) => (x[1] < m[1] ? x : m));
  return 45 - off < margin / DEG ? null : name;
}

/** Left (positive) or right of straight ahead; null within 15° of straight ahead or behind. */
export function leftRight(a: number, margin = 15 * DEG): 'left' | 'right' | null {
  const w = wrap(a);
  if (Math.abs(w) < margin || Math.PI - Math.abs(w) < margin) return null;
  return w > 0 ? 'left' : 'right';
}

export interface Posed {
  size: readonly [number, number, number];
  position: Vec3;
  yaw: number;
}

/** Local box point → world: local +x → (cos, 0, −sin), local +z → (sin, 0, cos). */
function local(b: Posed, x: number, y: number, z: number): Vec3 {
  const c = Math.cos(b.yaw);
  const s = Math.sin(b.yaw);
  return [b.position[0] + c * x + s * z, b.position[1] + y, b.position[2] - s * x + c * z];
}

/** Floor rectangle corners [x, z] of an upright box, inflated by `margin`, in cyclic order. */
export function corners(b: Posed, margin = 0): [number, number][] {
  const [hx, hz] = [b.size[0] / 2 + margin, b.size[2] / 2 + margin];
  return [
    [-hx, -hz],
    [hx, -hz],
    [hx, hz],
    [-hx, hz],
  ].map(([x, z]) => {
    const p = local(b, x, 0, z);
    return [p[0], p[2]];
  });
}

/** The eight corners of an upright box, index bits (x, y, z) = (4, 2, 1). */
export function corners3(b: Posed): Vec3[] {
  const h = b.size.map((s) => s / 2);
  const out: Vec3[] = [];
  for (let k = 0; k < 8; k++)
    out.push(local(b, k & 4 ? h[0] : -h[0], k & 2 ? h[1] : -h[1], k & 1 ? h[2] : -h[2]));
  return out;
}

/** Is a floor point inside (or on) a convex polygon given in cyclic order? */
export function insidePoly(p: [number, number], poly: [number, number][]): boolean {
  let pos = false;
  let neg = false;
  for (let i = 0; i < poly.length; i++) {
    const [a, b] = [poly[i], poly[(i + 1) % poly.length]];
    const c = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    if (c > 0) pos = true;
    if (c < 0) neg = true;
  }
  return !(pos && neg);
}

/**
 * Shortest distance between two upright boxes: 0 where their floor rectangles overlap (separating
 * axis test, which also finds rectangles crossing without a corner inside the other), else the least
 * corner-to-edge distance; combined with the vertical gap.
 */
export function boxGap(a: Posed, b: Posed): number {
  const [ra, rb] = [corners(a), corners(b)];
  const segDist = (p: [number, number], q: [number, number], r: [number, number]) => {
    const [dx, dz] = [r[0] - q[0], r[1] - q[1]];
    const len2 = dx * dx + dz * dz;
    const t = len2 ? Math.max(0, Math.min(1, ((p[0] - q[0]) * dx + (p[1] - q[1]) * dz) / len2)) : 0;
    return Math.hypot(p[0] - q[0] - t * dx, p[1] - q[1] - t * dz);
  };
  let separated = false;
  for (const poly of [ra, rb])
    for (let i = 0; i < 4; i++) {
      const [p, q] = [poly[i], poly[(i + 1) % 4]];
      const n = [q[1] - p[1], p[0] - q[0]];
      const proj = (r: [number, number][]) => r.map((v) => v[0] * n[0] + v[1] * n[1]);
      const [pa, pb] = [proj(ra), proj(rb)];
      if (Math.max(...pa) < Math.min(...pb) || Math.max(...pb) < Math.min(...pa)) separated = true;
    }
  let plan = 0;
  if (separated) {
    plan = Number.POSITIVE_INFINITY;
    for (const [p, r] of [
      [ra, rb],
      [rb, ra],
    ])
      for (const v of p) for (let i = 0; i < 4; i++) plan = Math.min(plan, segDist(v, r[i], r[(i + 1) % 4]));
  }
  const gapY = Math.max(
    0,
    b.position[1] - b.size[1] / 2 - (a.position[1] + a.size[1] / 2),
    a.position[1] - a.size[1] / 2 - (b.position[1] + b.size[1] / 2),
  );
  return Math.hypot(plan, gapY);
}

type P2 = [number, number];

function area(poly: readonly P2[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [a, b] = [poly[i], poly[(i + 1) % poly.length]];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** A polygon clipped to the half-plane f ≥ 0 (f linear along edges). */
function clipBy<T extends number[]>(poly: readonly T[], f: (p: T) => number): T[] {
  const out: T[] = [];
  for (let i = 0; i < poly.length; i++) {
    const [p, q] = [poly[i], poly[(i + 1) % poly.length]];
    const [fp, fq] = [f(p), f(q)];
    if (fp >= 0) out.push(p);
    if (fp >= 0 !== fq >= 0) {
      const t = fp / (fp - fq);
      out.push(p.map((x, k) => x + t * (q[k] - x)) as T);
    }
  }
  return out;
}

const NEAR = 0.05;

/**
 * The share of a box's projection inside the image, as the sum over the faces the camera sees:
 * the box is cut at the near plane (z = 5 cm, where the format's cameras clip boxes), and the
 * projection of the remaining convex solid is tiled by its faces turned towards the camera (the cut
 * face among them); each face's projection is clipped to the image and the areas added up.
 */
export function boxShareInImage(K: Mat3, T: Mat4, width: number, height: number, box: Posed): number {
  const cam = corners3(box).map((p) => toCam(T, p));
  // Faces as corner cycles: fixed bit, the other two bits walked in order.
  const faces: number[][] = [];
  for (const bit of [4, 2, 1]) {
    const [b1, b2] = [4, 2, 1].filter((b) => b !== bit);
    for (const v of [0, bit]) faces.push([v, v | b1, v | b1 | b2, v | b2]);
  }
  const project = (c: Vec3): P2 => [
    (K[0][0] * c[0] + K[0][1] * c[1]) / c[2] + K[0][2],
    (K[1][1] * c[1]) / c[2] + K[1][2],
  ];
  const centre = cam.reduce((s, c) => [s[0] + c[0] / 8, s[1] + c[1] / 8, s[2] + c[2] / 8], [0, 0, 0] as Vec3);
  let total = 0;
  let inside = 0;
  const addPolygon = (poly3: Vec3[]) => {
    if (poly3.length < 3) return;
    const poly = poly3.map(project);
    total += area(poly);
    let clipped: P2[] = poly;
    for (const f of [(p: P2) => p[0], (p: P2) => width - p[0], (p: P2) => p[1], (p: P2) => height - p[1]])
      clipped = clipBy(clipped, f);
    inside += area(clipped);
  };
  for (const face of faces) {
    const pts = face.map((k) => cam[k]);
    const fc = pts.reduce((s, c) => [s[0] + c[0] / 4, s[1] + c[1] / 4, s[2] + c[2] / 4], [0, 0, 0] as Vec3);
    // Outward normal: from the box centre to the face centre; seen when it points at the camera.
    const n = vsub(fc, centre);
    if (vdot(n, fc) >= 0) continue;
    addPolygon(clipBy(pts, (p) => p[2] - NEAR));
  }
  // The cut face at the near plane, where the box reaches behind it.
  const cut: Vec3[] = [];
  for (let a = 0; a < 8; a++)
    for (const bit of [4, 2, 1]) {
      const b = a | bit;
      if (b === a) continue;
      const [p, q] = [cam[a], cam[b]];
      if (p[2] - NEAR >= 0 === q[2] - NEAR >= 0) continue;
      const t = (NEAR - p[2]) / (q[2] - p[2]);
      cut.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), NEAR]);
    }
  if (cut.length >= 3) {
    const [mx, my] = [
      cut.reduce((s, c) => s + c[0], 0) / cut.length,
      cut.reduce((s, c) => s + c[1], 0) / cut.length,
    ];
    cut.sort((p, q) => Math.atan2(p[1] - my, p[0] - mx) - Math.atan2(q[1] - my, q[0] - mx));
    addPolygon(cut);
  }
  return total > 0 ? Math.min(1, inside / total) : 0;
}

/** Side of the largest square of set pixels in a row-major mask, px. */
export function largestSquare(mask: Uint8Array, width: number, height: number): number {
  // Classic dynamic programme: the side of the largest all-ones square ending at each pixel.
  let best = 0;
  let prev = new Int32Array(width);
  let row = new Int32Array(width);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      if (!mask[j * width + i]) row[i] = 0;
      else row[i] = 1 + (i && j ? Math.min(prev[i], row[i - 1], prev[i - 1]) : 0);
      best = Math.max(best, row[i]);
    }
    [prev, row] = [row, prev];
  }
  return best;
}

/** Distance on the floor plan from a point to an upright box's footprint rectangle (0 inside), m. */
export function footprintDistance(b: Posed, p: Vec3): number {
  const [dx, dz] = [p[0] - b.position[0], p[2] - b.position[2]];
  const [c, s] = [Math.cos(b.yaw), Math.sin(b.yaw)];
  // Into the box's frame: the inverse of local +x → (cos, −sin), +z → (sin, cos).
  const [lx, lz] = [c * dx - s * dz, s * dx + c * dz];
  const ox = Math.max(0, Math.abs(lx) - b.size[0] / 2);
  const oz = Math.max(0, Math.abs(lz) - b.size[2] / 2);
  return Math.hypot(ox, oz);
}
