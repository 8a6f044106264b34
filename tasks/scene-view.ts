import { boxInFrameShare, cameraCenter, cameraForward, cameraHeading } from '../sim/camera';
import type { Config } from '../sim/config';
import { type BoxPose, boxCorners, headingVector } from '../sim/geometry';
import type { Rng } from '../sim/rng';
import type { Annotation, Frame, Pose, Scene, SceneObject, Vec3 } from '../sim/schema';
import { UserError } from '../util/errors';

/**
 * What the tasks read from an annotated scene, in one place: which objects are clearly visible in a
 * frame (the thresholds of config.tasks, measured on rendered pixels), where each object is in each
 * frame (objects[] overridden by the frame's poses), and each frame's camera on the floor plan.
 */

export interface CameraFacts {
  /** Camera centre, world, m. */
  center: Vec3;
  /** Heading of the optical axis on the floor plan: 0 looks along +z, left turns positive, rad. */
  heading: number;
  /** Elevation of the optical axis, rad (negative looks down). */
  pitch: number;
  /** Unit vectors on the floor plan: the optical axis projected, and its left. */
  forward: Vec3;
  left: Vec3;
}

export function cameraFacts(center: Vec3, heading: number, pitch: number): CameraFacts {
  return {
    center,
    heading,
    pitch,
    forward: headingVector(heading),
    left: headingVector(heading + Math.PI / 2),
  };
}

/** Images a question shows and the objects it may name (clear in them). */
export interface Scope {
  frames: readonly Frame[];
  ids: number[];
}

export class SceneView {
  readonly objects: ReadonlyMap<number, SceneObject>;
  /** Frames of a still scene (all of them), or the first frame of a moving one. */
  readonly stillFrames: readonly Frame[];
  private readonly annotations: Map<number, Map<number, Annotation>>;

  constructor(
    readonly scene: Scene,
    readonly config: Config,
  ) {
    this.objects = new Map(scene.objects.map((o) => [o.id, o]));
    this.annotations = new Map();
    for (const f of scene.frames) {
      if (f.objects.length !== scene.objects.length)
        throw new UserError(
          `scene ${scene.id}: frame ${f.index} has ${f.objects.length} annotations for ${scene.objects.length} objects (render the scene first)`,
        );
      this.annotations.set(f.index, new Map(f.objects.map((a) => [a.id, a])));
    }
    this.stillFrames = scene.kind === 'static' ? scene.frames : scene.frames.slice(0, 1);
  }

  /**
   * The frames a single-image task asks about, drawn once per task: a still scene's upper views,
   * or — with probability config.tasks.low_view_share — its low, upward-looking ones, so low views
   * get about that share of the questions (they are kept for the far-looks-up pairs).
   */
  askFrames(rng: Rng): readonly Frame[] {
    if (this.scene.kind === 'walkthrough' || this.scene.kind === 'multiview') return [];
    const low = this.stillFrames.filter((f) => f.view === 'low');
    const upper = this.stillFrames.filter((f) => f.view !== 'low');
    return low.length && rng.bool(this.config.tasks.low_view_share) ? low : upper;
  }

  /**
   * What a question about the room (not about one camera) can be asked over: each frame of
   * askFrames with its clear objects, or for a walkthrough the whole video with every object clear
   * in some frame of it (an object counts as seen in a video only where it is clearly visible).
   */
  scopes(rng: Rng): Scope[] {
    if (this.scene.kind === 'walkthrough') return [{ frames: this.scene.frames, ids: this.seenIds() }];
    return this.askFrames(rng).map((f) => ({ frames: [f], ids: this.clearIds(f) }));
  }

  /** Objects clearly visible in some frame. */
  seenIds(): number[] {
    return this.seenIdsIn(this.scene.frames);
  }

  /** Objects clearly visible in some of these frames. */
  seenIdsIn(frames: readonly Frame[]): number[] {
    return this.scene.objects.filter((o) => frames.some((f) => this.isClear(f, o.id))).map((o) => o.id);
  }

  /** The first frame where the object is clearly visible, or null. */
  firstSeen(id: number): Frame | null {
    return this.scene.frames.find((f) => this.isClear(f, id)) ?? null;
  }

  object(id: number): SceneObject {
    const o = this.objects.get(id);
    if (!o) throw new Error(`scene ${this.scene.id}: no object ${id}`);
    return o;
  }

  name(id: number): string {
    return this.object(id).name;
  }

  frame(index: number): Frame {
    return this.scene.frames[index];
  }

  get firstFrame(): Frame {
    return this.scene.frames[0];
  }

  get lastFrame(): Frame {
    return this.scene.frames[this.scene.frames.length - 1];
  }

  annotation(frame: Frame, id: number): Annotation {
    const a = this.annotations.get(frame.index)?.get(id);
    if (!a) throw new Error(`scene ${this.scene.id}: frame ${frame.index} has no annotation for ${id}`);
    return a;
  }

  /**
   * Can be asked about in this frame: its name tells it apart (referable), it has at least
   * min_visible_px pixels, at most 1 − min_visible_fraction of its in-image part is hidden, and at
   * least min_in_frame_fraction of it is inside the image, by its pixels and by its box.
   */
  isClear(frame: Frame, id: number): boolean {
    const a = this.annotation(frame, id);
    const t = this.config.tasks;
    return (
      this.object(id).referable &&
      a.visible_px >= t.min_visible_px &&
      a.visible_px >= t.min_visible_fraction * a.in_frame_px &&
      this.inFrame(frame, id) >= t.min_in_frame_fraction
    );
  }

  /**
   * The share of the object inside the image: the smaller of its pixels' share (in_frame_fraction)
   * and its box's (the box projected and clipped; see sim/camera.ts).
   */
  inFrame(frame: Frame, id: number): number {
    const box = boxInFrameShare(
      frame.K,
      frame.T_cam_world,
      frame.width,
      frame.height,
      boxCorners(this.box(frame, id)),
    );
    return Math.min(box, this.annotation(frame, id).in_frame_fraction);
  }

  clearIds(frame: Frame): number[] {
    return this.scene.objects.filter((o) => this.isClear(frame, o.id)).map((o) => o.id);
  }

  pose(frame: Frame, id: number): Pose {
    const o = this.object(id);
    return frame.poses[String(id)] ?? { position: o.position, yaw: o.yaw };
  }

  box(frame: Frame, id: number): BoxPose {
    return { size: this.object(id).size, ...this.pose(frame, id) };
  }

  camera(frame: Frame): CameraFacts {
    const T = frame.T_cam_world;
    return cameraFacts(
      cameraCenter(T),
      cameraHeading(T),
      Math.asin(Math.max(-1, Math.min(1, cameraForward(T)[1]))),
    );
  }

  /** Half the horizontal and vertical fields of view of a frame, rad. */
  halfFov(frame: Frame): [number, number] {
    return [Math.atan(frame.width / 2 / frame.K[0][0]), Math.atan(frame.height / 2 / frame.K[1][1])];
  }
}
