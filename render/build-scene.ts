import * as THREE from 'three';
import { dot } from '../sim/geometry';
import { Rng } from '../sim/rng';
import type { Frame, Mat3, Mat4, Room, Scene, Vec3 } from '../sim/schema';
import type { Style } from '../sim/styles';
import { objectGeometry } from './part-geometry';
import { realisticMaterial } from './realistic';
import { shellPieces } from './shell';

/**
 * Scene data → three.js objects. The renderer page and the inspector both build their scenes here,
 * so what a user inspects is what was rendered. Each object becomes one mesh (its parts merged, with
 * vertex colours and pattern coordinates), tagged with its id in `userData.objectId`; the room
 * shell (floor, walls, ceiling, baseboards, doors, windows) is id 0.
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
  style: Style;
}

/**
 * The flat look: every lit mesh shares this one Lambert material, colours coming from the vertices
 * (each part in its swatch colour, no texture). It is never disposed: disposing the last material
 * of a shader program deletes the program, and recompiling it costs ~100 ms per scene in
 * SwiftShader.
 */
export const litMaterial = new THREE.MeshLambertMaterial({ vertexColors: true });

/**
 * The material of a look, shared by every mesh (see realistic.ts); `sunShadow` false for a plane
 * turned away from the sun, whose realistic shading then skips the shadow lookup.
 */
function lookMaterial(style: Style, sunShadow = true): THREE.Material {
  return style === 'flat' ? litMaterial : realisticMaterial(sunShadow);
}

/** A pattern offset per object, a pure function of the scene and the object (no stored state). */
function patternOffset(scene: Scene, id: number): [number, number] {
  const r = Rng.root(scene.seed).fork('pattern', scene.index, id);
  return [r.float(), r.float()];
}

export function buildScene(scene: Scene, opts: BuildOptions): BuiltScene {
  const root = new THREE.Group();
  root.name = `scene ${scene.id}`;
  const geometries: THREE.BufferGeometry[] = [];
  const material = lookMaterial(opts.style);

  const shell = new THREE.Group();
  shell.name = 'room shell';
  for (const piece of shellPieces(scene.room)) {
    geometries.push(piece.geometry);
    const sunlit = !piece.normal || dot(piece.normal, scene.room.sun) > 0;
    const mesh = new THREE.Mesh(piece.geometry, sunlit ? material : lookMaterial(opts.style, false));
    mesh.name = piece.name;
    mesh.userData.objectId = 0;
    // Only the floor takes shadows from the shell: that is where contact shows. The walls and
    // ceiling would cost a third of the lit pass in shadow lookups (the sun is high).
    mesh.receiveShadow = opts.shadows && piece.receiveShadow;
    shell.add(mesh);
  }
  root.add(shell);

  const objects = new Map<number, THREE.Mesh>();
  for (const o of scene.objects) {
    const geometry = objectGeometry(o.parts, o.size, patternOffset(scene, o.id));
    geometries.push(geometry);
    const mesh = new THREE.Mesh(geometry, material);
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

const _color = new THREE.Color();

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

export function createLightRig(opts: Omit<BuildOptions, 'style'>): LightRig {
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
