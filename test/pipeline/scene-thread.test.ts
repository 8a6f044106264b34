import { afterAll, describe, expect, it } from 'vitest';
import { SceneThread } from '../../pipeline/scene-thread';
import { toCamera } from '../../sim/camera';
import { resolveConfig } from '../../sim/config';
import { generateScene } from '../../sim/scene';
import type { Scene } from '../../sim/schema';
import { generateItems } from '../../tasks/index';
import type { FramePixels } from '../../tasks/task';
import { UserError } from '../../util/errors';

/**
 * `sim generate` simulates scenes and writes their questions on a thread of its own: what comes
 * back must be what the same functions give on the main thread, and a failure must reach the caller.
 */
const config = resolveConfig({ image: { width: 64, height: 48 }, dynamic_fraction: 0.5 });
const thread = new SceneThread(config, 11);

afterAll(() => thread.close());

describe('SceneThread', () => {
  it('gives the scenes generateScene gives', async () => {
    const got = await Promise.all([0, 1, 2].map((i) => thread.scene(i)));
    expect(got).toEqual([0, 1, 2].map((i) => generateScene(config, 11, i)));
  });

  it('gives the items generateItems gives, from masks that move to the thread', async () => {
    // Annotations by hand: every object fully visible, at its centre's depth.
    const plain = generateScene(config, 11, 0);
    const scene: Scene = {
      ...plain,
      frames: plain.frames.map((f) => ({
        ...f,
        objects: plain.objects.map((o) => ({
          id: o.id,
          visible_px: 400,
          amodal_px: 400,
          in_frame_px: 400,
          visible_fraction: 1,
          in_frame_fraction: 1,
          bbox: [10, 10, 30, 30],
          centroid: [20, 20],
          depth_median: Math.abs(toCamera(f.T_cam_world, o.position)[2]),
          occluded_by: {},
        })),
      })),
    };
    // The room shell at 2 m wherever a frame looks: the pixel tasks have something to read.
    const masks = () =>
      new Map<number, FramePixels>(
        scene.frames.map((f) => [
          f.index,
          {
            width: 64,
            height: 48,
            seg: new Uint16Array(64 * 48),
            depth: new Uint16Array(64 * 48).fill(2000),
          },
        ]),
      );
    const here = masks();
    const sent = masks();
    const items = await thread.items(scene, sent);
    expect(items.length).toBeGreaterThan(5);
    expect(items).toEqual(generateItems(scene, config, (k) => here.get(k) ?? null));
    // Moved, not copied.
    expect(sent.get(scene.frames[0].index)!.seg.length).toBe(0);
  });

  it('passes a failure on as the error it is', async () => {
    // Questions of a scene not yet rendered: the user's mistake, a UserError with its message.
    const unrendered = generateScene(config, 11, 1);
    const err = await thread.items(unrendered, new Map()).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/render the scene first/);
    // The thread lives on.
    expect(await thread.scene(2)).toEqual(generateScene(config, 11, 2));
  });
});
