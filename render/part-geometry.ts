import * as THREE from 'three';
import { RoundedBoxGeometry } from 'three/addons/geometries/RoundedBoxGeometry.js';
import type { Axis, ShapeParams } from '../sim/catalog';
import type { Pattern } from '../sim/patterns';
import type { Part, Vec3 } from '../sim/schema';
import { PATTERN_LAYER, PATTERN_MAPPING } from './pattern-mapping';

/**
 * Parts → three.js geometry, in metres in the object's frame. Every shape is first built inside the
 * unit box [-0.5, 0.5]³ (round shapes as inscribed polygons), so a part stays inside the box its
 * centre and size give it, and the object's box bounds every triangle. Each vertex carries its
 * colour (linear) and a `surface` attribute (u, v, pattern layer, glow) for the realistic look.
 */

/**
 * Sides of a round shape by its diameter across its axis in metres: a mug's handle or a table leg
 * needs fewer sides than a bowl or a floor lamp's shade to look round at 512², and software
 * rendering pays for every triangle (spheres stop at 16, tori thin their tubes).
 */
export function segmentsFor(diameter: number): number {
  return diameter < 0.06 ? 8 : diameter < 0.15 ? 12 : diameter < 0.3 ? 16 : 24;
}

/** A part thinner than this (m) gets the coarser rounding. */
const SMALL_PART = 0.15;

const AXIS_INDEX: Record<Axis, number> = { x: 0, y: 1, z: 2 };

/** A round part's diameter across its axis (a sphere's largest extent), in metres. */
function roundDiameter(part: Part): number {
  if (part.shape === 'sphere') return Math.max(...part.size);
  const along = AXIS_INDEX[part.axis ?? 'y'];
  return Math.max(...part.size.filter((_, i) => i !== along));
}

/**
 * A shape's distinct vertices (positions and normals, three floats each) and its triangles as
 * indices into them. Indexed triangles let the renderer shade a vertex shared by several triangles
 * once: a round part's vertices are shared by up to six.
 */
interface Template {
  position: Float32Array;
  normal: Float32Array;
  index: Uint32Array;
}

const unitCache = new Map<string, Template>();

/** The unit shape of a part (not rounded boxes: see roundedTemplate). */
function unitShape(shape: Part['shape'], p: ShapeParams, segments: number): Template {
  const key = JSON.stringify([shape, segments, p.axis, p.taper, p.tube, p.arc, p.profile, p.polygon]);
  let t = unitCache.get(key);
  if (t) return t;
  let g: THREE.BufferGeometry;
  if (shape === 'box' || shape === 'rounded_box') g = new THREE.BoxGeometry(1, 1, 1);
  else if (shape === 'sphere')
    g = new THREE.SphereGeometry(0.5, Math.min(segments, 16), Math.min(segments, 16) / 2);
  else if (shape === 'cylinder' || shape === 'cone') {
    const taper = shape === 'cone' ? 0 : (p.taper ?? 1);
    // The wider end has radius 0.5: taper is top radius over bottom radius.
    const [top, bottom] = taper >= 1 ? [0.5, 0.5 / taper] : [0.5 * taper, 0.5];
    g = alongAxis(new THREE.CylinderGeometry(top, bottom, 1, segments), p.axis ?? 'y', 'y');
  } else if (shape === 'torus') {
    // Ring radius R and tube radius r with R + r = 0.5; the ring's thickness is stretched to fill the box.
    const tube = p.tube ?? 0.3;
    const R = 0.5 / (1 + tube);
    const arc = p.arc ?? 2 * Math.PI;
    const torus = new THREE.TorusGeometry(R, tube * R, segments <= 12 ? 5 : 8, segments, arc);
    // A partial ring is centred on +x (a mug's handle).
    torus.rotateZ(-arc / 2);
    torus.scale(1, 1, 0.5 / (tube * R));
    g = alongAxis(torus, p.axis ?? 'y', 'z');
  } else if (shape === 'lathe') {
    const points = p.profile!.map(([r, y]) => new THREE.Vector2(r, y));
    g = alongAxis(new THREE.LatheGeometry(points, segments), p.axis ?? 'y', 'y');
  } else {
    const outline = new THREE.Shape(p.polygon!.map(([a, b]) => new THREE.Vector2(a, b)));
    const e = new THREE.ExtrudeGeometry(outline, { depth: 1, bevelEnabled: false, curveSegments: 4 });
    e.translate(0, 0, -0.5);
    g = alongAxis(e, p.axis ?? 'z', 'z');
  }
  const flat = g.index ? g.toNonIndexed() : g;
  t = indexed(
    flat.getAttribute('position').array as Float32Array,
    flat.getAttribute('normal').array as Float32Array,
  );
  g.dispose();
  unitCache.set(key, t);
  return t;
}

/**
 * A rounded box's vertices depend on its size only through two terms: each lies at
 * sign·(half size − radius) + radius·n, with its sign and its normal n fixed by the bevel segments
 * (three's RoundedBoxGeometry). So one template per segment count holds the signs (in `position`)
 * and normals of every box.
 */
const roundedCache = new Map<number, Template>();

function roundedTemplate(bevel: number): Template {
  let t = roundedCache.get(bevel);
  if (!t) {
    const g = new RoundedBoxGeometry(1, 1, 1, bevel, 0.1);
    const box = new THREE.BoxGeometry(1, 1, 1, 2 * bevel + 1, 2 * bevel + 1, 2 * bevel + 1).toNonIndexed();
    const signs = (box.getAttribute('position').array as Float32Array).map(Math.sign);
    t = indexed(signs, g.getAttribute('normal').array as Float32Array);
    box.dispose();
    g.dispose();
    roundedCache.set(bevel, t);
  }
  return t;
}

/** Triangles (three vertices each, in order) as distinct vertices and indices. */
function indexed(position: Float32Array, normal: Float32Array): Template {
  const seen = new Map<string, number>();
  const index = new Uint32Array(position.length / 3);
  const keep: number[] = [];
  for (let v = 0; v < index.length; v++) {
    const key = [...position.subarray(3 * v, 3 * v + 3), ...normal.subarray(3 * v, 3 * v + 3)].join();
    let at = seen.get(key);
    if (at === undefined) {
      at = keep.length;
      seen.set(key, at);
      keep.push(v);
    }
    index[v] = at;
  }
  const pick = (a: Float32Array) => Float32Array.from(keep.flatMap((v) => [...a.subarray(3 * v, 3 * v + 3)]));
  return { position: pick(position), normal: pick(normal), index };
}

function templateFor(part: Part): Template {
  // One bevel segment reads as rounded on small parts (a cushion's piping, a handle); big ones get two.
  if (part.shape === 'rounded_box') return roundedTemplate(Math.min(...part.size) < SMALL_PART ? 1 : 2);
  return unitShape(part.shape, part, segmentsFor(roundDiameter(part)));
}

/**
 * Turns a shape built about `from` so that it lies about `to`. The turns are cyclic permutations of
 * the axes (proper rotations): an extrusion's polygon (a, b) lies in the next two axes after its
 * axis, x → (y, z), y → (z, x), z → (x, y).
 */
function alongAxis(g: THREE.BufferGeometry, to: Axis, from: Axis): THREE.BufferGeometry {
  const order: Axis[] = ['x', 'y', 'z'];
  const shift = (order.indexOf(to) - order.indexOf(from) + 3) % 3;
  const m = new THREE.Matrix4();
  // (x, y, z) → (z, x, y) moves each axis one step on: x → y → z → x.
  if (shift === 1) m.set(0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1);
  if (shift === 2) m.set(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1);
  return shift ? g.applyMatrix4(m) : g;
}

const _color = new THREE.Color();
const _rot = new THREE.Matrix4();
const _euler = new THREE.Euler();

/** Where each attribute of a merged geometry is written. */
interface Buffers {
  position: Float32Array;
  normal: Float32Array;
  color: Float32Array;
  surface: Float32Array;
}

/**
 * Writes one part's vertices, from vertex `at` on, in metres in the object's frame, with its colour
 * and surface attributes; returns the next free vertex. `D` is the object's box: a part's rotation
 * acts in the box's unit frame (see PartSchema), so a vertex p of the part (scaled into that frame)
 * lands at D ⊙ (centre + R p), and a normal n at (R n) / D, normalised: the inverse transpose of D·R.
 */
function writePart(
  part: Part,
  t: Template,
  D: Vec3,
  offset: [number, number],
  out: Buffers,
  at: number,
): number {
  const rounded = part.shape === 'rounded_box';
  // Rounded boxes keep their corners round at their real size: half size less the radius, plus
  // the radius along the normal. Other shapes scale their unit shape to the part's size.
  const r = rounded ? Math.min(part.radius ?? 0.01, 0.5 * Math.min(...part.size)) : 0;
  const half = part.size.map((s) => s / 2 - r);
  const unit = part.size.map((s, i) => s / D[i]);
  const center = part.center.map((c, i) => c / D[i]);
  const e = _rot.makeRotationFromEuler(_euler.set(...(part.rotation ?? [0, 0, 0]), 'XYZ')).elements;
  _color.set(part.color);
  const [cr, cg, cb] = [_color.r, _color.g, _color.b];
  const mapping = PATTERN_MAPPING[part.pattern as Pattern];
  const layer = PATTERN_LAYER[part.pattern as Pattern];
  const size = part.size;
  const { position: P, normal: N } = t;
  const p = [0, 0, 0];
  const n = [0, 0, 0];
  for (let v = 0; v < P.length / 3; v++) {
    const i = 3 * v;
    for (let c = 0; c < 3; c++) {
      // p: the vertex in the object's unit frame before the part turns; n: its normal there
      // (any length: only its direction and largest component are used).
      p[c] = rounded ? (half[c] * P[i + c] + r * N[i + c]) / D[c] : P[i + c] * unit[c];
      n[c] = rounded ? N[i + c] * D[c] : N[i + c] / unit[c];
    }
    const o = 3 * (at + v);
    let len = 0;
    for (let c = 0; c < 3; c++) {
      out.position[o + c] = D[c] * (center[c] + e[c] * p[0] + e[c + 4] * p[1] + e[c + 8] * p[2]);
      const m = (e[c] * n[0] + e[c + 4] * n[1] + e[c + 8] * n[2]) / D[c];
      out.normal[o + c] = m;
      len += m * m;
    }
    len = Math.sqrt(len) || 1;
    for (let c = 0; c < 3; c++) out.normal[o + c] /= len;
    out.color[o] = cr;
    out.color[o + 1] = cg;
    out.color[o + 2] = cb;

    // Pattern coordinates from the part's own frame, before it is turned and placed. Metric
    // patterns repeat every so many metres along the part's face, their u along the longer side
    // (wood grain runs along a leg, not across); fitted patterns (pictures, clock faces, keyboards,
    // rugs) span each face once. k is the face's normal axis, a and b its in-plane axes.
    const ax = Math.abs(n[0]);
    const ay = Math.abs(n[1]);
    const az = Math.abs(n[2]);
    const k = ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
    let a = k === 0 ? 2 : 0;
    let b = k === 1 ? 2 : 1;
    if (mapping !== 'fit' && size[b] > size[a]) [a, b] = [b, a];
    const q = 4 * (at + v);
    if (mapping === 'fit') {
      // Unit coordinates of the part (−0.5…0.5 on each axis) → 0…1 across the face, image upright.
      const w = (p[b] * D[b]) / size[b] + 0.5;
      out.surface[q] = (p[a] * D[a]) / size[a] + 0.5;
      out.surface[q + 1] = k === 1 ? 1 - w : w;
    } else {
      out.surface[q] = (p[a] * D[a]) / mapping + offset[0];
      out.surface[q + 1] = (p[b] * D[b]) / mapping + offset[1];
    }
    out.surface[q + 2] = layer;
    out.surface[q + 3] = part.emissive;
  }
  return at + P.length / 3;
}

/**
 * One object's parts merged into one indexed geometry: one draw call per object. Each vertex
 * carries its colour (linear) and a `surface` attribute (u, v, pattern layer, glow) for the
 * realistic look. `offset` shifts its repeating patterns (in repeats), so that two tables of one
 * wood do not show the same grain. The vertices are written straight into the merged buffers:
 * building a geometry per part and merging them cost several times as much.
 */
export function objectGeometry(
  parts: readonly Part[],
  objectSize: Vec3,
  offset: [number, number] = [0, 0],
): THREE.BufferGeometry {
  const templates = parts.map(templateFor);
  let count = 0;
  let indices = 0;
  for (const t of templates) {
    count += t.position.length / 3;
    indices += t.index.length;
  }
  const index = count > 65535 ? new Uint32Array(indices) : new Uint16Array(indices);
  const out: Buffers = {
    position: new Float32Array(3 * count),
    normal: new Float32Array(3 * count),
    color: new Float32Array(3 * count),
    surface: new Float32Array(4 * count),
  };
  let at = 0;
  let i = 0;
  for (const [k, part] of parts.entries()) {
    for (const v of templates[k].index) index[i++] = at + v;
    at = writePart(part, templates[k], objectSize, offset, out, at);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setIndex(new THREE.BufferAttribute(index, 1));
  geometry.setAttribute('position', new THREE.BufferAttribute(out.position, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(out.normal, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(out.color, 3));
  geometry.setAttribute('surface', new THREE.BufferAttribute(out.surface, 4));
  geometry.computeBoundingSphere();
  geometry.computeBoundingBox();
  return geometry;
}
