import * as THREE from 'three';
import { RoundedBoxGeometry } from 'three/addons/geometries/RoundedBoxGeometry.js';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
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

const unitCache = new Map<string, THREE.BufferGeometry>();

/** The unit shape of a part (not rounded boxes, which are built at their real size). */
function unitShape(shape: Part['shape'], p: ShapeParams, segments: number): THREE.BufferGeometry {
  const key = JSON.stringify([shape, segments, p.axis, p.taper, p.tube, p.arc, p.profile, p.polygon]);
  let g = unitCache.get(key);
  if (g) return g;
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
    const t = new THREE.TorusGeometry(R, tube * R, segments <= 12 ? 5 : 8, segments, arc);
    // A partial ring is centred on +x (a mug's handle).
    t.rotateZ(-arc / 2);
    t.scale(1, 1, 0.5 / (tube * R));
    g = alongAxis(t, p.axis ?? 'y', 'z');
  } else if (shape === 'lathe') {
    const points = p.profile!.map(([r, y]) => new THREE.Vector2(r, y));
    g = alongAxis(new THREE.LatheGeometry(points, segments), p.axis ?? 'y', 'y');
  } else {
    const outline = new THREE.Shape(p.polygon!.map(([a, b]) => new THREE.Vector2(a, b)));
    const e = new THREE.ExtrudeGeometry(outline, { depth: 1, bevelEnabled: false, curveSegments: 4 });
    e.translate(0, 0, -0.5);
    g = alongAxis(e, p.axis ?? 'z', 'z');
  }
  if (g.index) g = g.toNonIndexed();
  g.deleteAttribute('uv');
  unitCache.set(key, g);
  return g;
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
const _m = new THREE.Matrix4();
const _unitToObject = new THREE.Matrix4();
const _rot = new THREE.Matrix4();

/**
 * One part in metres in the object's frame, with its colour and surface attributes. `objectSize`
 * is the object's box: a part's rotation acts in the box's unit frame (see PartSchema).
 */
export function partGeometry(
  part: Part,
  objectSize: Vec3,
  offset: [number, number] = [0, 0],
): THREE.BufferGeometry {
  const D = objectSize;
  // The part's own extent in the unit frame, and where its vertices go.
  const unit = part.size.map((s, i) => s / D[i]) as Vec3;
  const center = part.center.map((c, i) => c / D[i]) as Vec3;
  let g: THREE.BufferGeometry;
  if (part.shape === 'rounded_box') {
    // Built at its real size so its corners stay round, then back into the unit frame.
    const r = Math.min(part.radius ?? 0.01, 0.5 * Math.min(...part.size));
    // One bevel segment reads as rounded on small parts (a cushion's piping, a handle); big ones get two.
    const bevel = Math.min(...part.size) < SMALL_PART ? 1 : 2;
    g = new RoundedBoxGeometry(part.size[0], part.size[1], part.size[2], bevel, r).toNonIndexed();
    g.deleteAttribute('uv');
    g.scale(1 / D[0], 1 / D[1], 1 / D[2]);
  } else {
    g = unitShape(part.shape, part, segmentsFor(roundDiameter(part))).clone();
    g.scale(unit[0], unit[1], unit[2]);
  }
  // Pattern coordinates from the part's own frame, before it is turned and placed.
  writeSurface(g, part, D, offset);
  _rot.makeRotationFromEuler(new THREE.Euler(...(part.rotation ?? [0, 0, 0]), 'XYZ'));
  _unitToObject.makeScale(D[0], D[1], D[2]);
  _m.makeTranslation(center[0], center[1], center[2]).premultiply(_unitToObject).multiply(_rot);
  // applyMatrix4 carries the normals with the inverse transpose, right under the shear too.
  return g.applyMatrix4(_m);
}

/**
 * Writes `color` and `surface` (u, v, layer, glow). Metric patterns repeat every so many metres
 * along the part's face, their u along the longer side (wood grain runs along a leg, not across);
 * fitted patterns (pictures, clock faces, keyboards, rugs) span each face once.
 */
function writeSurface(g: THREE.BufferGeometry, part: Part, D: Vec3, offset: [number, number]): void {
  const pos = g.getAttribute('position');
  const nor = g.getAttribute('normal');
  const n = pos.count;
  const colors = new Float32Array(n * 3);
  const surface = new Float32Array(n * 4);
  _color.set(part.color);
  const mapping = PATTERN_MAPPING[part.pattern as Pattern];
  const layer = PATTERN_LAYER[part.pattern as Pattern];
  const size = part.size;
  // Vertex positions here are in the unit frame scaled by the part's unit size: back to metres.
  const metres = [D[0], D[1], D[2]];
  for (let i = 0; i < n; i++) {
    _color.toArray(colors, i * 3);
    const ax = Math.abs(nor.getX(i));
    const ay = Math.abs(nor.getY(i));
    const az = Math.abs(nor.getZ(i));
    // The face's normal axis k; its two in-plane axes, the longer one first.
    const k = ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
    let [a, b] = k === 0 ? [2, 1] : k === 1 ? [0, 2] : [0, 1];
    if (mapping !== 'fit' && size[b] > size[a]) [a, b] = [b, a];
    const p = [pos.getX(i), pos.getY(i), pos.getZ(i)];
    let u: number;
    let v: number;
    if (mapping === 'fit') {
      // Unit coordinates of the part (−0.5…0.5 on each axis) → 0…1 across the face, image upright.
      u = p[a] / (size[a] / metres[a]) + 0.5;
      v = p[b] / (size[b] / metres[b]) + 0.5;
      if (k === 1) v = 1 - v;
    } else {
      u = (p[a] * metres[a]) / mapping + offset[0];
      v = (p[b] * metres[b]) / mapping + offset[1];
    }
    surface.set([u, v, layer, part.emissive], i * 4);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  g.setAttribute('surface', new THREE.BufferAttribute(surface, 4));
}

/**
 * One object's parts merged into one geometry: one draw call per object. `offset` shifts its
 * repeating patterns (in repeats), so that two tables of one wood do not show the same grain.
 */
export function objectGeometry(
  parts: readonly Part[],
  objectSize: Vec3,
  offset: [number, number] = [0, 0],
): THREE.BufferGeometry {
  const pieces = parts.map((p) => partGeometry(p, objectSize, offset));
  const geometry = mergeGeometries(pieces, false)!;
  for (const g of pieces) g.dispose();
  geometry.computeBoundingSphere();
  geometry.computeBoundingBox();
  return geometry;
}
