import type * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildScene } from '../../render/build-scene';
import { realisticMaterial } from '../../render/realistic';
import { shellPieces } from '../../render/shell';
import { resolveConfig } from '../../sim/config';
import { dot } from '../../sim/geometry';
import { generateScene } from '../../sim/scene';

/**
 * The realistic look skips the sun's shadow lookup on planes of the shell turned away from the sun,
 * which is only free if those planes really get no sunlight: every vertex of a plane must carry
 * the plane's normal, and exactly the planes facing away may get the shadowless material.
 */

const config = resolveConfig({ dynamic_fraction: 0, walkthrough_fraction: 0, multiview_fraction: 0 });
const scenes = [0, 1, 2, 3, 4, 5].map((i) => generateScene(config, 3, i));

describe('room shell', () => {
  it('gives the floor, the ceiling and each wall a normal that every vertex of it carries', () => {
    for (const scene of scenes) {
      const planes = shellPieces(scene.room).filter((p) => p.normal);
      expect(planes.map((p) => p.name).sort()).toEqual(
        ['ceiling', 'floor', 'wall x+', 'wall x-', 'wall z+', 'wall z-'].sort(),
      );
      for (const p of planes) {
        const normals = p.geometry.getAttribute('normal');
        for (let i = 0; i < normals.count; i++)
          for (let k = 0; k < 3; k++)
            expect(normals.getComponent(i, k), `${scene.id} ${p.name}`).toBeCloseTo(p.normal![k], 6);
      }
    }
  });

  it('draws the planes turned away from the sun, and only those, without the shadow lookup', () => {
    const shadowless = realisticMaterial(false);
    expect(shadowless).not.toBe(realisticMaterial(true));
    expect(shadowless.uniforms).toBe(realisticMaterial(true).uniforms);
    let away = 0;
    for (const scene of scenes) {
      const built = buildScene(scene, { shadows: true, shadowMapSize: 1024, style: 'realistic' });
      const normals = new Map(shellPieces(scene.room).map((p) => [p.name, p.normal]));
      for (const mesh of built.shell.children as THREE.Mesh[]) {
        const n = normals.get(mesh.name);
        const turnedAway = n !== undefined && dot(n, scene.room.sun) <= 0;
        expect(mesh.material === shadowless, `${scene.id} ${mesh.name}`).toBe(turnedAway);
        if (turnedAway) away++;
      }
      for (const mesh of built.objects.values()) expect(mesh.material).toBe(realisticMaterial());
      built.dispose();
    }
    // The ceiling (the sun stands 50–75° high) and about half of the walls.
    expect(away).toBeGreaterThanOrEqual(scenes.length * 2);
  });
});
