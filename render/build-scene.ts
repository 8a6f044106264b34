import * as THREE from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { wallFrame } from '../sim/room';
import type { Frame, Mat3, Mat4, Part, Room, Scene, Vec3 } from '../sim/schema';

/**
 * Scene data → three.js objects. The renderer page and the inspector both build their scenes here,
 * so what a user inspects is what was rendered. Each object becomes one mesh (its parts merged, with
 * vertex colours), tagged with its id in `userData.objectId`;
 * the room shell (floor, walls, ceiling, doors, windows) is id 0.
 */

export interface BuiltScene {
  /** The room shell and the objects (lights come from a LightRig). */
  root: THREE.Group;
  /** Object meshes by id. */
  objects: Map<number, THREE.Mesh>;
  shell: THREE.Group;
  dispose(): void;
}

export interface BuildOptions {
  shadows: boolean;
  shadowMapSize: number;
}

const SEGMENTS = 24;
const unitGeometries = new Map<string, THREE.BufferGeometry>();

/** A unit primitive spanning [-0.5, 0.5]³; polygonal rounds are inscribed, so they stay inside. */
function unitPrimitive(part: Part): THREE.BufferGeometry {
  const key = `${part.shape}:${part.axis ?? 'y'}:${part.taper ?? 1}`;
  let g = unitGeometries.get(key);
  if (g) return g;
  if (part.shape === 'box') g = new THREE.BoxGeometry(1, 1, 1);
  else if (part.shape === 'sphere') g = new THREE.SphereGeometry(0.5, SEGMENTS, SEGMENTS / 2);
  else {
    const taper = part.shape === 'cone' ? 0 : (part.taper ?? 1);
    // The wider end has radius 0.5: taper is top radius over bottom radius.
    const [top, bottom] = taper >= 1 ? [0.5, 0.5 / taper] : [0.5 * taper, 0.5];
    g = new THREE.CylinderGeometry(top, bottom, 1, SEGMENTS);
    if (part.axis === 'x') g.rotateZ(-Math.PI / 2);
    if (part.axis === 'z') g.rotateX(Math.PI / 2);
  }
  unitGeometries.set(key, g);
  return g;
}

const _color = new THREE.Color();

/**
 * Every lit mesh (shell and objects) shares this one material, colours coming from the vertices.
 * It is never disposed: disposing the last material of a shader program deletes the program, and
 * recompiling it costs ~100 ms per scene in SwiftShader. Lambert (diffuse) shading draws about 1.6×
 * faster there than the PBR material, and colour, shape and shadows, not highlights, are what the
 * questions are about; part roughness and metalness stay in the data for renderers that want them.
 */
export const litMaterial = new THREE.MeshLambertMaterial({ vertexColors: true });

/** Paints a geometry one colour through its vertex colours. */
function paint(g: THREE.BufferGeometry, color: string): THREE.BufferGeometry {
  _color.set(color);
  const n = g.getAttribute('position').count;
  const colors = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) _color.toArray(colors, i * 3);
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return g;
}
const _matrix = new THREE.Matrix4();
const _v = new THREE.Vector3();
const _s = new THREE.Vector3();
const _q = new THREE.Quaternion();

/** One object's parts merged into a single geometry with vertex colours: one draw call per object. */
export function objectGeometry(parts: readonly Part[]): THREE.BufferGeometry {
  const pieces = parts.map((part) => {
    const g = unitPrimitive(part).clone();
    g.applyMatrix4(_matrix.compose(_v.set(...part.center), _q, _s.set(...part.size)));
    return paint(g, part.color);
  });
  const geometry = mergeGeometries(pieces, false)!;
  for (const g of pieces) g.dispose();
  geometry.computeBoundingSphere();
  return geometry;
}

export function buildScene(scene: Scene, opts: BuildOptions): BuiltScene {
  const root = new THREE.Group();
  root.name = `scene ${scene.id}`;
  const geometries: THREE.BufferGeometry[] = [];

  const shell = buildShell(scene.room, geometries, opts.shadows);
  root.add(shell);

  const objects = new Map<number, THREE.Mesh>();
  for (const o of scene.objects) {
    const geometry = objectGeometry(o.parts);
    geometries.push(geometry);
    const mesh = new THREE.Mesh(geometry, litMaterial);
    mesh.name = o.name;
    mesh.userData.objectId = o.id;
    mesh.castShadow = opts.shadows;
    mesh.receiveShadow = opts.shadows;
    setPose(mesh, o.position, o.yaw);
    objects.set(o.id, mesh);
    root.add(mesh);
  }

  return {
    root,
    objects,
    shell,
    dispose() {
      for (const g of geometries) g.dispose();
    },
  };
}

/**
 * The lights: sky light from above with a little of the floor's colour bounced from below, an even
 * fill, and a sun that casts soft shadows. A renderer keeps one rig for all scenes and refits it
 * (`fitLightRig`): a new shadow-casting light costs a fresh shadow map on every scene.
 */
export interface LightRig {
  group: THREE.Group;
  hemi: THREE.HemisphereLight;
  sun: THREE.DirectionalLight;
}

export function createLightRig(opts: BuildOptions): LightRig {
  const group = new THREE.Group();
  group.name = 'lights';
  const hemi = new THREE.HemisphereLight(0xffffff, 0xffffff, 1.2);
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  group.add(hemi, new THREE.AmbientLight(0xffffff, 0.6), sun, sun.target);
  sun.castShadow = opts.shadows;
  sun.shadow.mapSize.set(opts.shadowMapSize, opts.shadowMapSize);
  sun.shadow.bias = -0.0005;
  sun.shadow.normalBias = 0.02;
  sun.shadow.radius = 3;
  return { group, hemi, sun };
}

export function fitLightRig(rig: LightRig, room: Room): void {
  const [w, h, d] = room.size;
  rig.hemi.groundColor.set(0xffffff).lerp(_color.set(room.floor.color), 0.35);
  rig.hemi.position.set(0, h, 0);
  const reach = Math.hypot(w, h, d);
  rig.sun.position.set(room.sun[0] * reach, room.sun[1] * reach, room.sun[2] * reach);
  rig.sun.target.position.set(0, 0, 0);
  rig.sun.target.updateMatrixWorld();
  // The shadow camera covers the whole room, seen from the sun.
  const cam = rig.sun.shadow.camera;
  const half = Math.hypot(w, d) / 2 + 0.5;
  cam.left = -half;
  cam.right = half;
  cam.top = half;
  cam.bottom = -half;
  cam.near = 0.1;
  cam.far = 2 * reach + h;
  cam.updateProjectionMatrix();
}

function setPose(obj: THREE.Object3D, position: Vec3, yaw: number): void {
  obj.position.set(position[0], position[1], position[2]);
  obj.rotation.set(0, yaw, 0);
  obj.updateMatrix();
  obj.updateMatrixWorld(true);
}

/** Puts every object where frame `k` has it; returns whether anything moved since the last call. */
export function applyFramePoses(built: BuiltScene, scene: Scene, frame: Frame): boolean {
  let moved = false;
  for (const o of scene.objects) {
    const pose = frame.poses[String(o.id)] ?? o;
    const mesh = built.objects.get(o.id)!;
    if (
      mesh.position.x !== pose.position[0] ||
      mesh.position.y !== pose.position[1] ||
      mesh.position.z !== pose.position[2] ||
      mesh.rotation.y !== pose.yaw
    ) {
      setPose(mesh, pose.position, pose.yaw);
      moved = true;
    }
  }
  return moved;
}

function buildShell(room: Room, geometries: THREE.BufferGeometry[], shadows: boolean): THREE.Group {
  const [w, h, d] = room.size;
  const shell = new THREE.Group();
  shell.name = 'room shell';
  const add = (g: THREE.BufferGeometry, surface: Room['floor'], name: string) => {
    geometries.push(paint(g, surface.color));
    const mesh = new THREE.Mesh(g, litMaterial);
    mesh.name = name;
    mesh.userData.objectId = 0;
    shell.add(mesh);
    return mesh;
  };
  // Planes face into the room.
  // Only the floor takes shadows from the shell: that is where contact shows. The walls and ceiling
  // would cost a third of the lit pass in shadow lookups (the sun is high; they rarely show any).
  add(new THREE.PlaneGeometry(w, d).rotateX(-Math.PI / 2), room.floor, 'floor').receiveShadow = shadows;
  add(new THREE.PlaneGeometry(w, d).rotateX(Math.PI / 2).translate(0, h, 0), room.ceiling, 'ceiling');
  add(new THREE.PlaneGeometry(d, h).rotateY(Math.PI / 2).translate(-w / 2, h / 2, 0), room.walls, 'wall x-');
  add(new THREE.PlaneGeometry(d, h).rotateY(-Math.PI / 2).translate(w / 2, h / 2, 0), room.walls, 'wall x+');
  add(new THREE.PlaneGeometry(w, h).translate(0, h / 2, -d / 2), room.walls, 'wall z-');
  add(new THREE.PlaneGeometry(w, h).rotateY(Math.PI).translate(0, h / 2, d / 2), room.walls, 'wall z+');

  // Doors and windows: thin slabs on the wall (a frame, then the panel or glass just in front).
  for (const f of room.features) {
    const frame = wallFrame(room, f.wall);
    const yaw = Math.atan2(frame.normal[0], frame.normal[2]);
    const slab = (
      width: number,
      height: number,
      depth: number,
      inset: number,
      surface: Room['floor'],
      name: string,
    ) => {
      const g = new THREE.BoxGeometry(width, height, depth);
      g.rotateY(yaw);
      const c = frame.origin.map(
        (v, i) => v + frame.along[i] * f.offset + frame.normal[i] * (inset + depth / 2),
      );
      g.translate(c[0], f.bottom + f.height / 2, c[2]);
      add(g, surface, name);
    };
    slab(f.width + 0.1, f.height + (f.kind === 'door' ? 0.05 : 0.1), 0.01, 0, room.frame, `${f.kind} frame`);
    slab(f.width, f.height, 0.005, 0.01, f.kind === 'door' ? room.door : room.window, f.kind);
  }
  return shell;
}

const _flip = new THREE.Matrix4().makeScale(1, -1, -1);

/**
 * Makes a three.js camera reproduce an OpenCV camera exactly: the projection comes from K (pixel
 * centres at i + 0.5, origin at the top-left corner) and the pose from T_cam_world.
 */
export function setCameraFromFrame(
  cam: THREE.PerspectiveCamera,
  K: Mat3,
  T: Mat4,
  width: number,
  height: number,
  near = 0.02,
  far = 100,
): void {
  const [fx, fy, cx, cy] = [K[0][0], K[1][1], K[0][2], K[1][2]];
  // OpenGL clip space from OpenCV pixels: u = fx·x/z + cx maps to NDC 2u/W − 1, v (down) to 1 − 2v/H.
  cam.projectionMatrix.set(
    (2 * fx) / width,
    (-2 * K[0][1]) / width,
    1 - (2 * cx) / width,
    0,
    0,
    (2 * fy) / height,
    (2 * cy) / height - 1,
    0,
    0,
    0,
    -(far + near) / (far - near),
    (-2 * far * near) / (far - near),
    0,
    0,
    -1,
    0,
  );
  cam.projectionMatrixInverse.copy(cam.projectionMatrix).invert();
  cam.near = near;
  cam.far = far;
  // three's camera looks down −z with +y up: the OpenCV camera with y and z flipped.
  const worldToCv = new THREE.Matrix4().set(...(T.flat() as Parameters<THREE.Matrix4['set']>));
  cam.matrixAutoUpdate = false;
  cam.matrix.copy(worldToCv).invert().multiply(_flip);
  cam.matrix.decompose(cam.position, cam.quaternion, cam.scale);
  cam.matrixWorld.copy(cam.matrix);
  cam.matrixWorldInverse.copy(cam.matrixWorld).invert();
}
