import { describe, expect, it } from 'vitest';
import { partCorners } from '../../sim/catalog';
import { resolveConfig } from '../../sim/config';
import { boxCorners, boxOverlap, rotateY } from '../../sim/geometry';
import { generateScene } from '../../sim/scene';
import { type Scene, SceneSchema } from '../../sim/schema';
import { runCli } from '../helpers/cli';

const config = resolveConfig({});
const SCENES = Array.from({ length: 60 }, (_, i) => generateScene(config, 7, i));
const TOL = 0.005;

/** Object boxes as posed in a frame (objects[] overridden by the frame's poses). */
function posed(scene: Scene, frame: number) {
  const poses = scene.frames[frame].poses;
  return scene.objects.map((o) => ({ ...o, ...(poses[String(o.id)] ?? {}) }));
}

describe('generateScene', () => {
  it('writes data that passes its own schema', () => {
    for (const s of SCENES) expect(SceneSchema.safeParse(s).success).toBe(true);
  });

  it('keeps every object box inside the room in every frame', () => {
    for (const s of SCENES) {
      const [w, h, d] = s.room.size;
      for (let f = 0; f < s.frames.length; f++)
        for (const o of posed(s, f))
          for (const [x, y, z] of boxCorners(o)) {
            expect(Math.abs(x)).toBeLessThanOrEqual(w / 2 + 1e-5);
            expect(Math.abs(z)).toBeLessThanOrEqual(d / 2 + 1e-5);
            expect(y).toBeGreaterThanOrEqual(-1e-5);
            expect(y).toBeLessThanOrEqual(h + 1e-5);
          }
    }
  });

  it("never lets two boxes overlap by more than 5 mm, in any frame (a shelf's books stand inside its box)", () => {
    for (const s of SCENES)
      for (let f = 0; f < s.frames.length; f++) {
        const objs = posed(s, f);
        for (let i = 0; i < objs.length; i++)
          for (let j = i + 1; j < objs.length; j++) {
            if (objs[i].support === objs[j].id || objs[j].support === objs[i].id) continue;
            expect(boxOverlap(objs[i], objs[j]), `${s.id}: ${objs[i].name} / ${objs[j].name}`).toBeLessThan(
              TOL,
            );
          }
      }
  });

  it('rests every object on its support within 5 mm (re-derived from the boxes)', () => {
    for (const s of SCENES) {
      const [w, h, d] = s.room.size;
      for (const o of s.objects) {
        const bottom = o.position[1] - o.size[1] / 2;
        const top = o.position[1] + o.size[1] / 2;
        if (o.support === 'floor') expect(Math.abs(bottom)).toBeLessThan(TOL);
        else if (o.support === 'ceiling') expect(Math.abs(h - top)).toBeLessThan(TOL);
        else if (o.support === 'wall') {
          // The back face centre lies on one of the four wall planes.
          const back = rotateY([0, 0, -o.size[2] / 2], o.yaw);
          const bx = o.position[0] + back[0];
          const bz = o.position[2] + back[2];
          const toWall = Math.min(Math.abs(w / 2 - Math.abs(bx)), Math.abs(d / 2 - Math.abs(bz)));
          expect(toWall).toBeLessThan(TOL);
        } else {
          // Its bottom on one of the base's surfaces, its centre over that surface.
          const base = s.objects.find((b) => b.id === o.support)!;
          const local = rotateY(
            [o.position[0] - base.position[0], 0, o.position[2] - base.position[2]],
            -base.yaw,
          );
          const on = base.surfaces.filter(
            (f) =>
              Math.abs(bottom - (base.position[1] + f.y)) < TOL &&
              local[0] >= f.x[0] - 1e-6 &&
              local[0] <= f.x[1] + 1e-6 &&
              local[2] >= f.z[0] - 1e-6 &&
              local[2] <= f.z[1] + 1e-6,
          );
          expect(on.length, `${s.id}: ${o.name} on ${base.name}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('bounds every part by the object box (turned parts by their turned corners)', () => {
    for (const s of SCENES)
      for (const o of s.objects)
        for (const p of o.parts) {
          // A part's rotation acts in the box's unit frame: corners in fractions of the box (stored
          // values are rounded to the micrometre, hence the tolerance).
          const unit = (v: readonly number[]) => v.map((x, a) => x / o.size[a]);
          for (const corner of partCorners(unit(p.center), unit(p.size), p.rotation))
            for (const v of corner) expect(Math.abs(v), `${o.name}`).toBeLessThanOrEqual(0.5 + 1e-4);
        }
  });

  it('names objects uniquely and ids them 1..n', () => {
    for (const s of SCENES) {
      expect(s.objects.map((o) => o.id)).toEqual(s.objects.map((_, i) => i + 1));
      expect(new Set(s.objects.map((o) => o.name)).size).toBe(s.objects.length);
    }
  });

  it('makes both static and dynamic scenes, with motion recorded as poses', () => {
    const dynamic = SCENES.filter((s) => s.kind === 'dynamic');
    expect(dynamic.length).toBeGreaterThan(5);
    expect(SCENES.length - dynamic.length).toBeGreaterThan(5);
    const movingObjects = dynamic.filter((s) => s.motion.objects.length > 0);
    expect(movingObjects.length).toBeGreaterThan(0);
    for (const s of movingObjects) {
      const last = s.frames[s.frames.length - 1];
      for (const m of s.motion.objects) expect(last.poses[String(m.id)]).toBeDefined();
    }
  });

  it('is a pure function of (config, seed, index), whatever ran before', () => {
    const again = generateScene(config, 7, 13);
    expect(JSON.stringify(again)).toBe(JSON.stringify(SCENES[13]));
    expect(JSON.stringify(generateScene(config, 8, 13))).not.toBe(JSON.stringify(SCENES[13]));
  });

  it('gives byte-identical JSON in a different process', async () => {
    const { stdout, code } = await runCli(['scene', '--seed', '7', '--index', '21']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(SCENES[21], null, 2)}\n`);
  });
});
