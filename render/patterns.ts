import { PATTERNS, type Pattern } from '../sim/patterns';

/**
 * The surface patterns of the realistic look, drawn procedurally: one tileable SIZE² sRGB image
 * per pattern, a pure function of its name (integer hashing, no Math.random), so every page and the
 * inspector build the same texels. Most patterns are shades of grey around 0.85 that the part's
 * colour tints (wood grain, tile grout, fabric weave); pictures, rugs, clock faces and keyboards
 * carry their own colours and are tinted by a light swatch.
 */

export const PATTERN_SIZE = 256;
const N = PATTERN_SIZE;

/** A 32-bit integer hash of lattice coordinates and a salt, as a float in [0, 1). */
function hash(x: number, y: number, salt: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(salt | 0, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const smooth = (t: number) => t * t * (3 - 2 * t);
const mod = (a: number, n: number) => ((a % n) + n) % n;
const fract = (x: number) => x - Math.floor(x);
const clamp01 = (x: number) => Math.min(Math.max(x, 0), 1);

/**
 * Value noise with period `cells` lattice cells across the tile (so it tiles), at texel (x, y).
 */
function noise(x: number, y: number, cells: number, salt: number): number {
  const fx = (x / N) * cells;
  const fy = (y / N) * cells;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const tx = smooth(fx - ix);
  const ty = smooth(fy - iy);
  const h = (i: number, j: number) => hash(mod(i, cells), mod(j, cells), salt);
  const a = h(ix, iy) + (h(ix + 1, iy) - h(ix, iy)) * tx;
  const b = h(ix, iy + 1) + (h(ix + 1, iy + 1) - h(ix, iy + 1)) * tx;
  return a + (b - a) * ty;
}

/** Fractal noise: octaves of value noise, each twice as fine and half as strong, in [0, 1]. */
function fbm(x: number, y: number, cells: number, octaves: number, salt: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    sum += amp * noise(x, y, cells << o, salt + o);
    norm += amp;
    amp *= 0.5;
  }
  return sum / norm;
}

type RGB = [number, number, number];
const grey = (v: number): RGB => [v, v, v];
const mix = (a: RGB, b: RGB, t: number): RGB => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** Wood grain: growth rings across v, bent by noise, with fine fibres along u. */
function grain(x: number, y: number, salt: number, rings = 9): number {
  const warp = fbm(x, y, 4, 3, salt) * 2.2;
  const ring = fract((y / N) * rings + warp);
  const line = smooth(clamp01((ring - 0.72) / 0.28));
  const fibre = noise(x, y * 8, 64, salt + 7) * 0.06;
  return 0.9 - 0.22 * line - fibre + 0.05 * noise(x, y, 8, salt + 3);
}

/** Distance to the nearest of a tileable set of random points, 0–1 (leather, concrete pores). */
function cells(x: number, y: number, count: number, salt: number): number {
  const fx = (x / N) * count;
  const fy = (y / N) * count;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  let best = 9;
  for (let j = -1; j <= 1; j++)
    for (let i = -1; i <= 1; i++) {
      const cx = ix + i + hash(mod(ix + i, count), mod(iy + j, count), salt);
      const cy = iy + j + hash(mod(ix + i, count), mod(iy + j, count), salt + 1);
      best = Math.min(best, Math.hypot(fx - cx, fy - cy));
    }
  return Math.min(1, best);
}

/** Distance from (x, y) to a rectangle's border, in texels, negative inside. */
function boxDistance(x: number, y: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = Math.max(x0 - x, x - x1, 0);
  const dy = Math.max(y0 - y, y - y1, 0);
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return -Math.min(x - x0, x1 - x, y - y0, y1 - y);
}

const DRAW: Record<Pattern, (x: number, y: number) => RGB> = {
  plain: (x, y) => grey(0.88 + 0.05 * fbm(x, y, 4, 3, 1)),
  wood: (x, y) => grey(grain(x, y, 11)),
  planks: (x, y) => {
    // Eight boards across the tile, each two boards long, joints staggered.
    const row = Math.floor((y / N) * 8);
    const along = x / N + (row % 2) * 0.5 + hash(row, 0, 21) * 0.25;
    const board = Math.floor(along * 2);
    const shade = 0.8 + 0.2 * hash(row, mod(board, 2), 22);
    const seam = Math.min(fract((y / N) * 8), 1 - fract((y / N) * 8)) < 0.02 || fract(along * 2) < 0.006;
    return grey(seam ? 0.45 : shade * grain(x, y + row * 37, 23, 14));
  },
  parquet: (x, y) => {
    // Blocks of four strips, the grain turning a quarter between neighbouring blocks.
    const bx = Math.floor((x / N) * 4);
    const by = Math.floor((y / N) * 4);
    const flip = (bx + by) % 2 === 1;
    const lx = fract((x / N) * 4);
    const ly = fract((y / N) * 4);
    const across = flip ? lx : ly;
    const strip = Math.floor(across * 4);
    const edge = Math.min(fract(across * 4), 1 - fract(across * 4)) < 0.04;
    const shade = 0.82 + 0.16 * hash(bx * 4 + strip, by, 31);
    const g = flip ? grain(y, x, 32, 20) : grain(x, y, 32, 20);
    return grey(edge || Math.min(lx, ly) < 0.008 ? 0.5 : shade * g);
  },
  tiles: (x, y) => {
    const t = 4;
    const gx = Math.min(fract((x / N) * t), 1 - fract((x / N) * t));
    const gy = Math.min(fract((y / N) * t), 1 - fract((y / N) * t));
    if (Math.min(gx, gy) < 0.02) return grey(0.7);
    const tile = hash(Math.floor((x / N) * t), Math.floor((y / N) * t), 41);
    return grey(0.9 + 0.06 * tile + 0.03 * fbm(x, y, 8, 2, 42));
  },
  mosaic: (x, y) => {
    const t = 12;
    const gx = Math.min(fract((x / N) * t), 1 - fract((x / N) * t));
    const gy = Math.min(fract((y / N) * t), 1 - fract((y / N) * t));
    if (Math.min(gx, gy) < 0.06) return grey(0.72);
    return grey(0.8 + 0.18 * hash(Math.floor((x / N) * t), Math.floor((y / N) * t), 51));
  },
  carpet: (x, y) => grey(0.78 + 0.1 * noise(x, y, 128, 61) + 0.06 * fbm(x, y, 8, 3, 62)),
  fabric: (x, y) => {
    const warp = Math.sin((x / N) * Math.PI * 2 * 48) * Math.sin((y / N) * Math.PI * 2 * 48);
    return grey(0.84 + 0.05 * warp + 0.06 * noise(x, y, 64, 71) + 0.03 * fbm(x, y, 4, 2, 72));
  },
  knit: (x, y) => {
    const col = fract((x / N) * 16);
    const chevron = fract((y / N) * 24 + Math.abs(col - 0.5));
    return grey(0.8 + 0.12 * smooth(Math.abs(chevron - 0.5) * 2) + 0.04 * noise(x, y, 32, 81));
  },
  leather: (x, y) => grey(0.8 + 0.1 * cells(x, y, 24, 91) + 0.06 * fbm(x, y, 4, 3, 92)),
  plaster: (x, y) => grey(0.9 + 0.05 * fbm(x, y, 6, 4, 101)),
  wallpaper: (x, y) => {
    // Vertical stripes (u runs along the wall) with a faint diamond motif in the light ones.
    const s = fract((x / N) * 8);
    const dark = s < 0.5;
    const motif = Math.abs(fract((x / N) * 16) - 0.5) + Math.abs(fract((y / N) * 12) - 0.5) < 0.2;
    return grey((dark ? 0.82 : 0.93) - (motif && !dark ? 0.04 : 0) + 0.02 * fbm(x, y, 8, 2, 111));
  },
  brushed: (x, y) => grey(0.82 + 0.1 * noise(x, y * 16, 64, 121) + 0.05 * noise(x * 4, y, 16, 122)),
  marble: (x, y) => {
    const t = fbm(x, y, 4, 5, 131);
    const vein = Math.abs(Math.sin(((x + y) / N) * Math.PI * 4 + t * 10));
    return grey(0.93 - 0.28 * (1 - smooth(clamp01(vein * 6))) * (0.5 + t));
  },
  concrete: (x, y) => grey(0.82 + 0.1 * fbm(x, y, 8, 4, 141) - (cells(x, y, 40, 142) < 0.08 ? 0.15 : 0)),
  leaf: (x, y) => {
    const c = cells(x, y, 10, 151);
    const shade = hash(Math.floor((x / N) * 10), Math.floor((y / N) * 10), 152);
    return grey(c > 0.55 ? 0.35 : 0.65 + 0.35 * shade - 0.3 * c);
  },
  screen: (x, y) => {
    // A dark glass with a soft diagonal reflection.
    const d = (x + (N - y)) / (2 * N);
    return grey(0.12 + 0.1 * smooth(clamp01(1 - Math.abs(d - 0.62) * 5)));
  },
  paper: (x, y) => grey(0.95 + 0.03 * noise(x, y, 64, 171)),
  pages: (_x, y) => grey(fract((y / N) * 40) < 0.3 ? 0.8 : 0.97),
  wicker: (x, y) => {
    const bx = Math.floor((x / N) * 12);
    const by = Math.floor((y / N) * 12);
    const over = (bx + by) % 2 === 0;
    const lx = fract((x / N) * 12);
    const ly = fract((y / N) * 12);
    const strand = over ? Math.sin(ly * Math.PI) : Math.sin(lx * Math.PI);
    return grey(0.55 + 0.4 * strand);
  },
  art: (x, y) => {
    // An abstract painting: overlapping coloured blocks on an off-white ground, a thin border.
    if (boxDistance(x, y, 10, 10, N - 11, N - 11) > 0) return [0.95, 0.94, 0.9];
    let c: RGB = [0.93, 0.9, 0.82];
    const palette: RGB[] = [
      [0.78, 0.3, 0.2],
      [0.2, 0.36, 0.6],
      [0.9, 0.72, 0.25],
      [0.25, 0.45, 0.32],
      [0.15, 0.15, 0.18],
    ];
    for (let k = 0; k < 7; k++) {
      const x0 = 10 + hash(k, 1, 181) * (N - 80);
      const y0 = 10 + hash(k, 2, 181) * (N - 80);
      const w = 30 + hash(k, 3, 181) * 90;
      const h = 30 + hash(k, 4, 181) * 90;
      if (boxDistance(x, y, x0, y0, x0 + w, y0 + h) < 0) c = palette[k % palette.length];
    }
    return mix(c, grey(0.5), 0.05 * fbm(x, y, 16, 2, 182));
  },
  landscape: (x, y) => {
    // A landscape photograph: sky, far hills, a nearer slope, a lake.
    const v = y / N;
    const hill = 0.45 + 0.08 * Math.sin((x / N) * Math.PI * 2) + 0.05 * fbm(x, 0, 4, 3, 191);
    const near = 0.62 + 0.1 * Math.sin((x / N) * Math.PI * 2 + 2) + 0.04 * fbm(x, 0, 8, 2, 192);
    if (v < hill) return mix([0.55, 0.72, 0.92], [0.9, 0.92, 0.95], v / hill + 0.1 * fbm(x, y, 4, 3, 193));
    if (v < near) return mix([0.32, 0.45, 0.38], [0.45, 0.55, 0.42], fbm(x, y, 16, 3, 194));
    if (v > 0.82) return mix([0.3, 0.5, 0.65], [0.5, 0.65, 0.75], fbm(x, y, 32, 2, 195));
    return mix([0.35, 0.52, 0.22], [0.55, 0.62, 0.3], fbm(x, y, 16, 3, 196));
  },
  clock: (x, y) => {
    // A white dial: twelve ticks, two hands, a dark rim.
    const dx = x + 0.5 - N / 2;
    const dy = y + 0.5 - N / 2;
    const r = Math.hypot(dx, dy) / (N / 2);
    if (r > 0.93) return grey(0.15);
    const angle = Math.atan2(dx, -dy);
    const tick = Math.abs(fract((angle / (2 * Math.PI)) * 12 + 0.5) - 0.5);
    if (r > 0.75 && r < 0.88 && tick < 0.04) return grey(0.12);
    const hand = (a: number, len: number, width: number) => {
      const along = dx * Math.sin(a) - dy * Math.cos(a);
      const across = Math.abs(dx * Math.cos(a) + dy * Math.sin(a));
      return along > -4 && along < len * (N / 2) && across < width;
    };
    if (hand(2.1, 0.5, 3.5) || hand(-0.6, 0.72, 2.5)) return grey(0.1);
    return grey(0.95);
  },
  keyboard: (x, y) => {
    // Five rows of keys over a dark base, the space bar wide.
    const u = x / N;
    const v = y / N;
    const row = Math.floor(v * 5);
    const lv = fract(v * 5);
    if (lv < 0.12 || lv > 0.9 || u < 0.02 || u > 0.98) return grey(0.18);
    if (row === 4) return u > 0.3 && u < 0.7 ? grey(0.32) : grey(0.18);
    const lu = fract((u - 0.02) * 15 + row * 0.25);
    return lu < 0.12 ? grey(0.18) : grey(0.3);
  },
  rug: (x, y) => {
    // A border, a field and a central medallion; the swatch tints it.
    const edge = -boxDistance(x, y, 0, 0, N - 1, N - 1);
    const dx = (x - N / 2) / (N / 2);
    const dy = (y - N / 2) / (N / 2);
    const fibre = 0.05 * noise(x, y, 128, 201);
    if (edge < 14) return grey(0.55 - fibre);
    if (edge < 22) return grey(0.92 - fibre);
    if (Math.abs(dx) + Math.abs(dy) < 0.45)
      return mix(grey(0.95), [0.75, 0.6, 0.45], fract((Math.abs(dx) + Math.abs(dy)) * 6) < 0.5 ? 0.2 : 0.6);
    return grey(0.78 - fibre + 0.05 * Math.sin((x + y) * 0.3));
  },
  grille: (x, y) => {
    const lx = fract((x / N) * 24) - 0.5;
    const ly = fract((y / N) * 24) - 0.5;
    return grey(Math.hypot(lx, ly) < 0.28 ? 0.35 : 0.85);
  },
  glass: (x, y) => grey(0.85 + 0.1 * smooth(clamp01(1 - Math.abs((x - y) / N - 0.1) * 3))),
};

/** Every pattern's texels, layer after layer (RGBA8, sRGB), in PATTERNS order. */
export function drawPatterns(): Uint8Array {
  const out = new Uint8Array(N * N * 4 * PATTERNS.length);
  let p = 0;
  for (const name of PATTERNS) {
    const draw = DRAW[name];
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++) {
        const c = draw(x, y);
        out[p++] = Math.round(clamp01(c[0]) * 255);
        out[p++] = Math.round(clamp01(c[1]) * 255);
        out[p++] = Math.round(clamp01(c[2]) * 255);
        out[p++] = 255;
      }
  }
  return out;
}
