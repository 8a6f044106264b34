import * as THREE from 'three';
import type { Scene } from '../../sim/schema';
import { amodalCounts, COARSE, countInFrame, countMargin, type MarginGrid, marginGrid } from '../amodal';
import {
  applyFramePoses,
  type BuiltScene,
  buildScene,
  createLightRig,
  fitLightRig,
  type LightRig,
  setCameraFromFrame,
} from '../build-scene';
import {
  type FrameHeader,
  PAGE_TIMING_KEYS,
  type PageTimings,
  type RenderOptions,
  SLOTS_PER_LAYER,
  zeroTimings,
} from '../protocol';
import { fitRealistic, realisticMaterial } from '../realistic';

/**
 * The renderer page. For each frame of a scene it draws three kinds of pass and POSTs the raw
 * pixels to the local server as one Blob (see ../protocol.ts): the lit RGB view (antialiased, soft
 * shadows), an id + planar-depth pass (no antialiasing: every pixel is sampled at its centre), and
 * amodal passes in which each object is drawn alone into its own bit.
 */

const canvas = document.createElement('canvas');
// The canvas stays out of the document: an attached canvas is composited by the page after every
// frame, which in SwiftShader costs as much again as drawing it.
// Multisampling is a context attribute, fixed when the page loads (?aa=1); it costs about a third
// of the lit pass in SwiftShader. The mask passes never antialias: they sample pixel centres.
const antialias = new URLSearchParams(location.search).get('aa') === '1';
const renderer = new THREE.WebGLRenderer({
  canvas,
  antialias,
  alpha: false,
  preserveDrawingBuffer: false,
  powerPreference: 'high-performance',
});
renderer.setPixelRatio(1);
renderer.shadowMap.type = THREE.PCFShadowMap;
// Shadows are redrawn only when an object moved (cameras moving do not change them).
renderer.shadowMap.autoUpdate = false;
const gl = renderer.getContext() as WebGL2RenderingContext;

// One scene graph, camera and light rig for the page's lifetime: only the room and objects change
// per scene. (A new shadow-casting light means a new shadow map, which costs ~100 ms per scene.)
const three = new THREE.Scene();
const camera = new THREE.PerspectiveCamera();
let rig: LightRig | null = null;
function lightRig(opts: RenderOptions): LightRig {
  const size = rig?.sun.shadow.mapSize.x;
  if (!rig || size !== opts.shadowMapSize) {
    if (rig) {
      three.remove(rig.group);
      rig.sun.shadow.dispose();
    }
    rig = createLightRig({ shadows: true, shadowMapSize: opts.shadowMapSize });
    three.add(rig.group);
  }
  rig.sun.castShadow = opts.shadows;
  return rig;
}

/** Adds a built scene to the page's scene graph, with the lights fitted to its room. */
function mount(scene: Scene, opts: RenderOptions): BuiltScene {
  renderer.shadowMap.enabled = opts.shadows;
  const lights = lightRig(opts);
  fitLightRig(lights, scene.room);
  if (opts.style === 'realistic') fitRealistic(scene, lights.sun, opts.shadows);
  const built = buildScene(scene, {
    shadows: opts.shadows,
    shadowMapSize: opts.shadowMapSize,
    style: opts.style,
  });
  three.add(built.root);
  return built;
}

/** The realistic material reads the sun's shadow map, which three makes on the first shadow pass. */
function bindShadowMap(opts: RenderOptions): void {
  if (opts.style === 'realistic' && opts.shadows)
    realisticMaterial().uniforms.shadowMap.value = rig?.sun.shadow.map?.depthTexture ?? null;
}

function unmount(built: BuiltScene): void {
  three.remove(built.root);
  built.dispose();
}

const ID_VERTEX = /* glsl */ `
varying float vDepth;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vDepth = -mv.z;
  gl_Position = projectionMatrix * mv;
}`;
const ID_FRAGMENT = /* glsl */ `
uniform float objectId;
varying float vDepth;
void main() {
  float mm = clamp(floor(vDepth * 1000.0 + 0.5), 0.0, 65535.0);
  float dHi = floor(mm / 256.0);
  float iHi = floor(objectId / 256.0);
  gl_FragColor = vec4(iHi, objectId - iHi * 256.0, dHi, mm - dHi * 256.0) / 255.0;
}`;
const AMODAL_FRAGMENT = /* glsl */ `
uniform vec4 bit;
void main() { gl_FragColor = bit; }`;

const idMaterials = new Map<number, THREE.ShaderMaterial>();
function idMaterial(id: number): THREE.ShaderMaterial {
  let m = idMaterials.get(id);
  if (!m) {
    m = new THREE.ShaderMaterial({
      uniforms: { objectId: { value: id } },
      vertexShader: ID_VERTEX,
      fragmentShader: ID_FRAGMENT,
    });
    idMaterials.set(id, m);
  }
  return m;
}

const amodalMaterials: THREE.ShaderMaterial[] = [];
/**
 * Slot k adds 2^(k mod 8)/255 to channel ⌊k/8⌋. The stencil (ref k + 1, pass only where it differs,
 * then replace) lets each object add its bit at most once per pixel however many of its triangles
 * overlap there; depth testing is off, so hidden parts count too.
 */
function amodalMaterial(slot: number): THREE.ShaderMaterial {
  let m = amodalMaterials[slot];
  if (!m) {
    const bit = new THREE.Vector4(0, 0, 0, 0);
    bit.setComponent(Math.floor(slot / 8), 2 ** (slot % 8) / 255);
    m = new THREE.ShaderMaterial({
      uniforms: { bit: { value: bit } },
      // The id pass's vertex shader: both passes must rasterize exactly the same pixels.
      vertexShader: ID_VERTEX,
      fragmentShader: AMODAL_FRAGMENT,
      depthTest: false,
      depthWrite: false,
      blending: THREE.CustomBlending,
      blendEquation: THREE.AddEquation,
      blendSrc: THREE.OneFactor,
      blendDst: THREE.OneFactor,
      blendEquationAlpha: THREE.AddEquation,
      blendSrcAlpha: THREE.OneFactor,
      blendDstAlpha: THREE.OneFactor,
      stencilWrite: true,
      stencilRef: slot + 1,
      stencilFunc: THREE.NotEqualStencilFunc,
      stencilFail: THREE.KeepStencilOp,
      stencilZFail: THREE.ReplaceStencilOp,
      stencilZPass: THREE.ReplaceStencilOp,
    });
    amodalMaterials[slot] = m;
  }
  return m;
}

interface Targets {
  width: number;
  height: number;
  /** The coarse grid beyond the image where the amodal masks of objects cut by the border go on. */
  grid: MarginGrid;
  iddepth: THREE.WebGLRenderTarget;
  amodal: THREE.WebGLRenderTarget;
  margin: THREE.WebGLRenderTarget;
  shadowProbe: THREE.WebGLRenderTarget;
}
let targets: Targets | null = null;

function targetsFor(width: number, height: number): Targets {
  if (targets && targets.width === width && targets.height === height) return targets;
  if (targets)
    for (const t of [targets.iddepth, targets.amodal, targets.margin, targets.shadowProbe]) t.dispose();
  const opts = {
    minFilter: THREE.NearestFilter,
    magFilter: THREE.NearestFilter,
    generateMipmaps: false,
    depthBuffer: true,
  };
  const grid = marginGrid(width, height);
  targets = {
    width,
    height,
    grid,
    iddepth: new THREE.WebGLRenderTarget(width, height, { ...opts, stencilBuffer: false }),
    amodal: new THREE.WebGLRenderTarget(width, height, { ...opts, stencilBuffer: true }),
    margin: new THREE.WebGLRenderTarget(grid.cols, grid.rows, { ...opts, stencilBuffer: true }),
    shadowProbe: new THREE.WebGLRenderTarget(1, 1, opts),
  };
  renderer.setSize(width, height, false);
  return targets;
}

const BLACK = new THREE.Color(0, 0, 0);
/** Sees the margin grid: the image's view widened past every border, COARSE pixels to a cell. */
const marginCamera = new THREE.PerspectiveCamera();

function now(): number {
  return performance.now();
}

const syncPixel = new Uint8Array(4);
/**
 * Waits for the GPU so that a timing covers the work, not just its submission (gl.finish does not
 * wait in Chrome; a one-pixel read does).
 */
function sync(profile: boolean): void {
  if (profile) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, syncPixel);
}

/**
 * Buffers reused from frame to frame, by use and size: a frame reads back and packs several
 * megabytes, and allocating them anew made the page collect garbage for several ms a frame.
 */
const scratch = new Map<string, Uint8Array>();
function buffer(use: string, bytes: number): Uint8Array {
  const key = `${use}:${bytes}`;
  let b = scratch.get(key);
  if (!b) {
    b = new Uint8Array(bytes);
    scratch.set(key, b);
  }
  return b;
}

/** Reads a target (or the canvas) back into the buffer kept for `use` (valid until its next read). */
function readLayer(
  use: string,
  target: THREE.WebGLRenderTarget | null,
  width: number,
  height: number,
): Uint8Array {
  const buf = buffer(use, width * height * 4);
  if (target) renderer.readRenderTargetPixels(target, 0, 0, width, height, buf);
  else gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, buf);
  return buf;
}

/** Scenes between forced garbage collections. */
const GC_EVERY = 16;
let scenesRendered = 0;

async function renderScene(scene: Scene, opts: RenderOptions, postUrl: string): Promise<void> {
  const t0 = now();
  const built = mount(scene, opts);
  const maxId = Math.max(0, ...built.objects.keys());
  const posts: Promise<void>[] = [];
  let buildMs = now() - t0;
  try {
    let first = true;
    for (const frame of scene.frames) {
      const { width, height } = frame;
      const t = targetsFor(width, height);
      const timings: PageTimings = { ...zeroTimings(PAGE_TIMING_KEYS), build: buildMs };
      buildMs = 0;
      setCameraFromFrame(camera, frame.K, frame.T_cam_world, width, height);
      setCameraFromFrame(marginCamera, marginK(frame.K, t.grid), frame.T_cam_world, t.grid.cols, t.grid.rows);
      const moved = applyFramePoses(built, scene, frame);

      // Shadow map: drawn alone (into a 1×1 target) so the lit pass below only reads it.
      let s = now();
      if (opts.shadows && (first || moved)) {
        renderer.shadowMap.needsUpdate = true;
        renderer.setRenderTarget(t.shadowProbe);
        renderer.render(three, camera);
        sync(opts.profile);
      }
      timings.shadow = now() - s;
      first = false;
      bindShadowMap(opts);

      s = now();
      renderer.setRenderTarget(null);
      renderer.setClearColor(BLACK, 1);
      renderer.render(three, camera);
      sync(opts.profile);
      timings.rgb = now() - s;
      s = now();
      const rgb = readLayer('rgb', null, width, height);
      timings.readback += now() - s;

      const masks = drawMasks(built, t, timings, opts.profile, maxId);
      const idBytes = maxId > 255 ? 2 : 1;
      const header: FrameHeader = {
        job: opts.job,
        frame: frame.index,
        width,
        height,
        idBytes,
        amodal: masks.amodal,
        timings,
      };
      s = now();
      const body = new Blob([packFrame(rgb, masks.iddepth, width * height, idBytes)] as BlobPart[]);
      timings.readback += now() - s;
      posts.push(post(postUrl, header, body));
      // At most six frames in flight (a Blob holds its pixels until the server has read them): with
      // two, the page stood idle whenever Node was busy for longer than two frames' drawing.
      if (posts.length >= 6) await posts[posts.length - 6];
    }
    await Promise.all(posts);
  } finally {
    unmount(built);
    // A full collection now and then keeps the page's memory flat over long runs; one per scene
    // cost ~7 ms each.
    if (++scenesRendered % GC_EVERY === 0) (globalThis as { gc?: () => void }).gc?.();
  }
}

/**
 * The id/depth pass, then the amodal passes for the objects whose bounding sphere meets the view
 * frustum (the others cover no pixel). Returns the id/depth layer and the amodal counts.
 */
function drawMasks(built: BuiltScene, t: Targets, timings: PageTimings, profile: boolean, maxId: number) {
  const { width, height } = t;
  const lit = new Map<THREE.Mesh, THREE.Material | THREE.Material[]>();
  for (const mesh of [...built.objects.values(), ...(built.shell.children as THREE.Mesh[])])
    lit.set(mesh, mesh.material);
  try {
    let s = now();
    for (const [mesh] of lit) mesh.material = idMaterial(mesh.userData.objectId);
    renderer.setRenderTarget(t.iddepth);
    renderer.setClearColor(BLACK, 0);
    renderer.clear(true, true, false);
    renderer.render(three, camera);
    sync(profile);
    timings.iddepth = now() - s;
    s = now();
    const iddepth = readLayer('iddepth', t.iddepth, width, height);
    timings.readback += now() - s;

    built.shell.visible = false;
    // Inside the image: every object whose bounding sphere meets the view (the others cover no pixel).
    const inView = meshesInView(built, camera);
    const layers: Uint8Array[] = [];
    s = now();
    for (let start = 0; start < inView.length; start += SLOTS_PER_LAYER) {
      drawAlone(inView.slice(start, start + SLOTS_PER_LAYER), built, t.amodal, camera, profile);
      timings.amodal += now() - s;
      s = now();
      layers.push(readLayer(`amodal${layers.length}`, t.amodal, width, height));
      timings.readback += now() - s;
      s = now();
    }
    const ids = inView.map((m) => m.userData.objectId as number);
    const inFrame = countInFrame({ data: iddepth, width, height }, layers, ids, maxId);
    // Beyond it, on the coarse grid: only the objects the border cuts.
    const cut = inView.filter((_, k) => inFrame[k].atBorder);
    const margin = new Map<number, number>();
    for (let start = 0; start < cut.length; start += SLOTS_PER_LAYER) {
      const group = cut.slice(start, start + SLOTS_PER_LAYER);
      drawAlone(group, built, t.margin, marginCamera, profile);
      timings.amodal += now() - s;
      s = now();
      const counts = countMargin(
        t.grid,
        [readLayer('margin', t.margin, t.grid.cols, t.grid.rows)],
        group.length,
      );
      timings.readback += now() - s;
      s = now();
      for (const [k, m] of group.entries()) margin.set(m.userData.objectId as number, counts[k]);
    }
    const amodal = amodalCounts(inFrame, margin);
    timings.amodal += now() - s;
    return { iddepth, amodal };
  } finally {
    built.shell.visible = true;
    for (const [mesh, material] of lit) {
      mesh.material = material;
      mesh.visible = true;
    }
    renderer.setRenderTarget(null);
  }
}

/** Objects whose bounding sphere meets a camera's view frustum. */
function meshesInView(built: BuiltScene, cam: THREE.Camera): THREE.Mesh[] {
  const frustum = new THREE.Frustum().setFromProjectionMatrix(
    new THREE.Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse),
  );
  return [...built.objects.values()].filter((m) =>
    frustum.intersectsSphere(m.geometry.boundingSphere!.clone().applyMatrix4(m.matrixWorld)),
  );
}

/** Draws up to 32 objects alone, each into its own bit of `target` (see amodalMaterial). */
function drawAlone(
  group: readonly THREE.Mesh[],
  built: BuiltScene,
  target: THREE.WebGLRenderTarget,
  cam: THREE.Camera,
  profile: boolean,
): void {
  for (const mesh of built.objects.values()) mesh.visible = false;
  group.forEach((mesh, k) => {
    mesh.visible = true;
    mesh.material = amodalMaterial(k);
  });
  renderer.setRenderTarget(target);
  renderer.clear(true, true, true);
  renderer.render(three, cam);
  sync(profile);
}

/** K of the margin grid: the image's, widened by the margin and scaled down to COARSE pixels a cell. */
function marginK(K: Scene['frames'][number]['K'], g: MarginGrid): Scene['frames'][number]['K'] {
  return [
    [K[0][0] / COARSE, K[0][1] / COARSE, (K[0][2] + g.padX) / COARSE],
    [0, K[1][1] / COARSE, (K[1][2] + g.padY) / COARSE],
    [0, 0, 1],
  ];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The body of a frame (see protocol.ts) from the read-back RGBA and id/depth layers of `n` pixels. */
function packFrame(rgba: Uint8Array, iddepth: Uint8Array, n: number, idBytes: 1 | 2): Uint8Array {
  // Every byte is written; the Blob made of it copies it.
  const out = buffer('packed', n * (3 + idBytes + 2));
  const ids = 3 * n;
  const depths = ids + idBytes * n;
  if (LITTLE_ENDIAN && n % 4 === 0) {
    // A word at a time, twice as fast as byte by byte: four RGBA pixels make three words of RGB,
    // and an id/depth word (id high, id low, depth high, depth low) splits into its halves.
    const src = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
    const rgb = new Uint32Array(out.buffer, 0, ids / 4);
    for (let q = 0, w = 0; q < n; q += 4, w += 3) {
      const a = src[q];
      const b = src[q + 1];
      const c = src[q + 2];
      const d = src[q + 3];
      rgb[w] = (a & 0xffffff) | (b << 24);
      rgb[w + 1] = ((b >>> 8) & 0xffff) | (c << 16);
      rgb[w + 2] = ((c >>> 16) & 0xff) | (d << 8);
    }
    const words = new Uint32Array(iddepth.buffer, iddepth.byteOffset, n);
    const depth = new Uint16Array(out.buffer, depths, n);
    if (idBytes === 1) {
      const id8 = new Uint8Array(out.buffer, ids, n);
      for (let p = 0; p < n; p++) {
        id8[p] = words[p] >>> 8;
        depth[p] = words[p] >>> 16;
      }
    } else {
      const id16 = new Uint16Array(out.buffer, ids, n);
      for (let p = 0; p < n; p++) {
        id16[p] = words[p];
        depth[p] = words[p] >>> 16;
      }
    }
    return out;
  }
  for (let p = 0; p < n; p++) {
    const s = p << 2;
    out[3 * p] = rgba[s];
    out[3 * p + 1] = rgba[s + 1];
    out[3 * p + 2] = rgba[s + 2];
    if (idBytes === 1) out[ids + p] = iddepth[s + 1];
    else {
      out[ids + 2 * p] = iddepth[s];
      out[ids + 2 * p + 1] = iddepth[s + 1];
    }
    out[depths + 2 * p] = iddepth[s + 2];
    out[depths + 2 * p + 1] = iddepth[s + 3];
  }
  return out;
}

async function post(url: string, header: FrameHeader, body: Blob): Promise<void> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'x-frame': JSON.stringify(header) } });
  if (!res.ok) throw new Error(`frame ${header.frame}: server answered ${res.status} ${await res.text()}`);
}

/**
 * Benchmark reference: the bare render loop (lit pass only, no readback but a 1-pixel read to wait
 * for the GPU) or the lit pass read back, over the scene's frames, `repeat` times.
 */
async function benchLoop(
  scene: Scene,
  opts: RenderOptions,
  mode: 'bare' | 'rgb',
  repeat: number,
): Promise<number> {
  const built = mount(scene, opts);
  const pixel = new Uint8Array(4);
  let views = 0;
  const t0 = now();
  for (let r = 0; r < repeat; r++) {
    for (const frame of scene.frames) {
      targetsFor(frame.width, frame.height);
      setCameraFromFrame(camera, frame.K, frame.T_cam_world, frame.width, frame.height);
      const moved = applyFramePoses(built, scene, frame);
      renderer.shadowMap.needsUpdate = opts.shadows && (frame === scene.frames[0] || moved);
      renderer.setRenderTarget(null);
      renderer.render(three, camera);
      bindShadowMap(opts);
      if (mode === 'bare') gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      else readLayer('rgb', null, frame.width, frame.height);
      views++;
    }
  }
  const elapsed = now() - t0;
  unmount(built);
  return elapsed / views;
}

declare global {
  interface Window {
    __sim: {
      renderScene: typeof renderScene;
      benchLoop: typeof benchLoop;
      info(): { renderer: string; maxTextureSize: number };
    };
  }
}

window.__sim = {
  renderScene,
  benchLoop,
  info() {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return {
      renderer: String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
      maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    };
  },
};
document.title = 'ready';
