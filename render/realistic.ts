import * as THREE from 'three';
import { PATTERNS } from '../sim/patterns';
import { wallFrame } from '../sim/room';
import type { Scene, Vec3 } from '../sim/schema';
import { drawPatterns, PATTERN_SIZE } from './patterns';

/**
 * The realistic look: procedural textures, light from the room (a spherical-harmonic ambient
 * probe, ceiling lights, lamps and daylight from the windows), the sun's soft shadows, emissive
 * glass and lamp shades, and a filmic tone curve. Under software WebGL every per-pixel operation
 * counts, so the lights are summed per vertex (the room shell is subdivided for that) and a pixel
 * pays for one texture fetch, one shadow lookup and the tone curve: less than the flat look's
 * Lambert shading, which leaves room for the multisampling.
 */

/** Point lights summed per vertex (lamps, ceiling lights, windows); the brightest are kept. */
export const MAX_LIGHTS = 6;

const VERTEX = /* glsl */ `
attribute vec4 surface;
uniform mat4 shadowMatrix;
uniform vec3 sunDirection;
uniform vec3 sunColor;
uniform vec3 sh[9];
uniform vec3 lightPosition[${MAX_LIGHTS}];
uniform vec3 lightColor[${MAX_LIGHTS}];
varying vec3 vAlbedo;
varying vec3 vAmbient;
varying vec3 vSun;
varying vec4 vSurface;
varying vec3 vShadow;
void main() {
  vec4 world = modelMatrix * vec4(position, 1.0);
  vec3 n = normalize(mat3(modelMatrix) * normal);
  // Irradiance from the ambient probe (order-2 spherical harmonics, already convolved).
  vec3 ambient = sh[0]
    + sh[1] * n.y + sh[2] * n.z + sh[3] * n.x
    + sh[4] * (n.x * n.y) + sh[5] * (n.y * n.z) + sh[6] * (3.0 * n.z * n.z - 1.0)
    + sh[7] * (n.x * n.z) + sh[8] * (n.x * n.x - n.y * n.y);
  for (int i = 0; i < ${MAX_LIGHTS}; i++) {
    vec3 toLight = lightPosition[i] - world.xyz;
    float d2 = dot(toLight, toLight);
    ambient += lightColor[i] * max(dot(n, toLight * inversesqrt(d2)), 0.0) / (d2 + 0.5);
  }
  vAmbient = max(ambient, vec3(0.0));
  vSun = sunColor * max(dot(n, sunDirection), 0.0);
  vShadow = (shadowMatrix * vec4(world.xyz + n * 0.02, 1.0)).xyz;
  vAlbedo = color;
  vSurface = surface;
  gl_Position = projectionMatrix * viewMatrix * world;
}`;

const FRAGMENT = /* glsl */ `
precision highp sampler2DArray;
precision highp sampler2DShadow;
uniform sampler2DArray patterns;
uniform sampler2DShadow shadowMap;
uniform float shadowOn;
uniform float exposure;
varying vec3 vAlbedo;
varying vec3 vAmbient;
varying vec3 vSun;
varying vec4 vSurface;
varying vec3 vShadow;
void main() {
  // The patterns are stored sRGB-encoded but sampled as plain bytes: decoding the filtered value
  // costs less than SwiftShader's decoding of every texel fetched. The cubic is a minimax fit of
  // the sRGB curve, within 1.4 levels of 255 once encoded again.
  vec3 t = texture(patterns, vSurface.xyz).rgb;
  vec3 albedo = vAlbedo * t * (0.04733839 + t * (0.54899469 + t * 0.40366692));
  float lit = 1.0;
#ifdef SUN_SHADOW
  if (shadowOn > 0.5) lit = texture(shadowMap, vec3(vShadow.xy, vShadow.z - 0.0006));
#endif
  vec3 c = exposure * (albedo * (vAmbient + vSun * lit) + albedo * vSurface.w * 2.5);
  // A filmic curve (Narkowicz's fit of ACES), then the sRGB transfer function.
  c = clamp(c * (2.51 * c + 0.03) / (c * (2.43 * c + 0.59) + 0.14), 0.0, 1.0);
  // sRGB's power curve from three square roots (chilliant.com's fit, within a quarter of an 8-bit
  // level of pow, which software WebGL evaluates as a log and an exp per channel).
  vec3 s1 = sqrt(c);
  vec3 s2 = sqrt(s1);
  vec3 s3 = sqrt(s2);
  c = mix(c * 12.92, 0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * c, step(0.0031308, c));
  gl_FragColor = vec4(c, 1.0);
}`;

let patternTexture: THREE.DataArrayTexture | null = null;

/** The pattern layers as one array texture, drawn once per page (about half a second). */
function patterns(): THREE.DataArrayTexture {
  if (patternTexture) return patternTexture;
  const t = new THREE.DataArrayTexture(drawPatterns(), PATTERN_SIZE, PATTERN_SIZE, PATTERNS.length);
  // sRGB texels read as plain bytes (the shader decodes them): see FRAGMENT.
  t.colorSpace = THREE.NoColorSpace;
  t.wrapS = THREE.RepeatWrapping;
  t.wrapT = THREE.RepeatWrapping;
  t.magFilter = THREE.LinearFilter;
  // Mipmaps without blending between levels: distant wood and tiles do not shimmer, at little cost.
  t.minFilter = THREE.LinearMipmapNearestFilter;
  t.generateMipmaps = true;
  t.needsUpdate = true;
  patternTexture = t;
  return t;
}

export interface RealisticUniforms {
  [name: string]: THREE.IUniform;
  patterns: THREE.IUniform<THREE.DataArrayTexture>;
  shadowMap: THREE.IUniform<THREE.Texture | null>;
  shadowMatrix: THREE.IUniform<THREE.Matrix4>;
  shadowOn: THREE.IUniform<number>;
  exposure: THREE.IUniform<number>;
  sunDirection: THREE.IUniform<THREE.Vector3>;
  sunColor: THREE.IUniform<THREE.Color>;
  sh: THREE.IUniform<THREE.Vector3[]>;
  lightPosition: THREE.IUniform<THREE.Vector3[]>;
  lightColor: THREE.IUniform<THREE.Vector3[]>;
}

let uniforms: RealisticUniforms | null = null;
const materials = new Map<boolean, THREE.ShaderMaterial & { uniforms: RealisticUniforms }>();

/**
 * The material of the realistic look (shell and objects), with or without the sun's shadow lookup
 * (a plane turned away from the sun gets no sunlight for a shadow to take away). The two share one
 * set of uniforms, refitted per scene, and are never disposed: recompiling a program costs ~100 ms
 * per scene in SwiftShader.
 */
export function realisticMaterial(sunShadow = true): THREE.ShaderMaterial & { uniforms: RealisticUniforms } {
  let m = materials.get(sunShadow);
  if (!m) {
    uniforms ??= {
      patterns: { value: patterns() },
      shadowMap: { value: null },
      shadowMatrix: { value: new THREE.Matrix4() },
      shadowOn: { value: 0 },
      exposure: { value: 1 },
      sunDirection: { value: new THREE.Vector3(0, 1, 0) },
      sunColor: { value: new THREE.Color() },
      sh: { value: Array.from({ length: 9 }, () => new THREE.Vector3()) },
      lightPosition: { value: Array.from({ length: MAX_LIGHTS }, () => new THREE.Vector3()) },
      lightColor: { value: Array.from({ length: MAX_LIGHTS }, () => new THREE.Vector3()) },
    };
    m = new THREE.ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      defines: sunShadow ? { SUN_SHADOW: '' } : {},
      vertexColors: true,
      uniforms,
    }) as THREE.ShaderMaterial & { uniforms: RealisticUniforms };
    materials.set(sunShadow, m);
  }
  return m;
}

const _c = new THREE.Color();
const linear = (hex: string): Vec3 => _c.set(hex).toArray() as Vec3;
const scaleRgb = (c: Vec3, s: number): Vec3 => [c[0] * s, c[1] * s, c[2] * s];

/** Daylight colour (linear), slightly cool, and the warm colour of indoor lamps. */
const DAYLIGHT: Vec3 = [0.85, 0.92, 1.0];
const LAMPLIGHT: Vec3 = [1.0, 0.82, 0.62];

export interface PointLight {
  position: Vec3;
  /** Linear RGB times strength. */
  color: Vec3;
}

/**
 * The room's point lights: every object light that is on (ceiling lights, lamps), and daylight
 * half a metre inside each window, as strong as the window is large. The strongest MAX_LIGHTS.
 */
export function roomLights(scene: Scene): PointLight[] {
  const out: PointLight[] = [];
  for (const o of scene.objects) {
    if (!o.light) continue;
    const c = Math.cos(o.yaw);
    const s = Math.sin(o.yaw);
    const [x, y, z] = o.light.at;
    out.push({
      position: [o.position[0] + c * x + s * z, o.position[1] + y, o.position[2] - s * x + c * z],
      color: scaleRgb(LAMPLIGHT, 2.2 * o.light.power),
    });
  }
  for (const f of scene.room.features) {
    if (f.kind !== 'window') continue;
    const w = wallFrame(scene.room, f.wall);
    const at = (i: number) => w.origin[i] + w.along[i] * f.offset + w.normal[i] * 0.5;
    out.push({
      position: [at(0), f.bottom + f.height / 2, at(2)],
      color: scaleRgb(DAYLIGHT, 2.5 * f.width * f.height),
    });
  }
  const strength = (l: PointLight) => l.color[0] + l.color[1] + l.color[2];
  return out.sort((a, b) => strength(b) - strength(a)).slice(0, MAX_LIGHTS);
}

/**
 * Order-2 spherical harmonics of the light reaching the room's middle, convolved for diffuse
 * shading (Ramamoorthi and Hanrahan): a bright ceiling lit by the lamps, the walls' and the
 * floor's own colours, and daylight from the windows' directions.
 */
export function ambientProbe(scene: Scene, lights: readonly PointLight[]): Vec3[] {
  const ceiling = linear(scene.room.ceiling.color);
  const walls = linear(scene.room.walls.color);
  const floor = linear(scene.room.floor.color);
  const lampPower = lights.reduce((s, l) => s + (l.color[0] + l.color[1] + l.color[2]) / 3, 0);
  const eye: Vec3 = [0, 1.3, 0];
  // Each window as the direction of its centre from the eye and the cosine of its angular radius.
  const windows = scene.room.features
    .filter((f) => f.kind === 'window')
    .map((f) => {
      const fr = wallFrame(scene.room, f.wall);
      const c: Vec3 = [
        fr.origin[0] + fr.along[0] * f.offset - eye[0],
        f.bottom + f.height / 2 - eye[1],
        fr.origin[2] + fr.along[2] * f.offset - eye[2],
      ];
      const dist = Math.hypot(c[0], c[1], c[2]);
      return {
        dir: scaleRgb(c, 1 / dist),
        cosRadius: Math.cos(Math.atan(Math.sqrt(f.width * f.height) / 2 / dist)),
      };
    });
  const coeffs: Vec3[] = Array.from({ length: 9 }, () => [0, 0, 0] as Vec3);
  const U = 48;
  const V = 24;
  for (let j = 0; j < V; j++) {
    const theta = ((j + 0.5) / V) * Math.PI;
    const y = Math.cos(theta);
    const r = Math.sin(theta);
    const dOmega = ((2 * Math.PI) / U) * (Math.PI / V) * r;
    for (let i = 0; i < U; i++) {
      const phi = ((i + 0.5) / U) * 2 * Math.PI;
      const x = r * Math.cos(phi);
      const z = r * Math.sin(phi);
      let L: Vec3;
      if (y > 0.35) L = scaleRgb(ceiling, 0.25 + 0.12 * lampPower);
      else if (y < -0.35) L = scaleRgb(floor, 0.3);
      else L = scaleRgb(walls, 0.35);
      for (const w of windows)
        if (x * w.dir[0] + y * w.dir[1] + z * w.dir[2] > w.cosRadius) L = scaleRgb(DAYLIGHT, 1.6);
      const basis = [
        0.282095,
        0.488603 * y,
        0.488603 * z,
        0.488603 * x,
        1.092548 * x * y,
        1.092548 * y * z,
        0.315392 * (3 * z * z - 1),
        1.092548 * x * z,
        0.546274 * (x * x - y * y),
      ];
      basis.forEach((b, k) => {
        for (let c = 0; c < 3; c++) coeffs[k][c] += L[c] * b * dOmega;
      });
    }
  }
  // Convolution with the clamped cosine, folded with the basis constants the shader leaves out.
  const band = [Math.PI, (2 * Math.PI) / 3, Math.PI / 4];
  const l = [0, 1, 1, 1, 2, 2, 2, 2, 2];
  const constant = [0.282095, 0.488603, 0.488603, 0.488603, 1.092548, 1.092548, 0.315392, 1.092548, 0.546274];
  return coeffs.map((c, k) => scaleRgb(c, (band[l[k]] * constant[k]) / Math.PI));
}

/** Points the realistic material at this scene's lights, probe, sun and shadow map. */
export function fitRealistic(scene: Scene, sun: THREE.DirectionalLight, shadows: boolean): void {
  const u = realisticMaterial().uniforms;
  const lights = roomLights(scene);
  for (const [i, v] of u.lightPosition.value.entries()) v.set(...(lights[i]?.position ?? [0, 100, 0]));
  for (const [i, v] of u.lightColor.value.entries()) v.set(...(lights[i]?.color ?? [0, 0, 0]));
  for (const [k, c] of ambientProbe(scene, lights).entries()) u.sh.value[k].set(...c);
  u.sunDirection.value.set(...scene.room.sun).normalize();
  u.sunColor.value.setRGB(1.1, 1.05, 0.95);
  u.shadowOn.value = shadows ? 1 : 0;
  u.shadowMatrix.value = sun.shadow.matrix;
  u.shadowMap.value = shadows ? (sun.shadow.map?.depthTexture ?? null) : null;
}
