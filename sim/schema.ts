import { z } from 'zod';
import { ShapeParamsSchema, ShapeSchema } from './catalog';
import { PATTERNS } from './patterns';

/**
 * scene.json: the single source of truth for the scene's TypeScript types. World frame:
 * right-handed, +Y up, metres; the floor is y = 0 and the room's inner faces lie at x = ±w/2,
 * y ∈ {0, h}, z = ±d/2. Angles in radians. Cameras use the OpenCV convention (x right, y down,
 * z forward). See docs/format.md.
 */

export const SCHEMA_VERSION = 2;

export const Vec3Schema = z.tuple([z.number(), z.number(), z.number()]);
export type Vec3 = z.infer<typeof Vec3Schema>;
const Row3 = z.tuple([z.number(), z.number(), z.number()]);
const Row4 = z.tuple([z.number(), z.number(), z.number(), z.number()]);
/** 3×3 intrinsics, rows; pixel (i, j) covers [i, i+1)×[j, j+1), origin at the top-left corner. */
export const Mat3Schema = z.tuple([Row3, Row3, Row3]);
/** 4×4 rigid transform taking world points to camera points, rows. */
export const Mat4Schema = z.tuple([Row4, Row4, Row4, Row4]);
export type Mat3 = z.infer<typeof Mat3Schema>;
export type Mat4 = z.infer<typeof Mat4Schema>;

const Hex = z.string().regex(/^#[0-9a-f]{6}$/);

/**
 * One part of an object's shape, in metres in the object's own frame (box centre at 0): the unit
 * shape (see ShapeParamsSchema) scaled by `size` and moved to `center`; a `rotation` turns it in
 * the object's unit box frame, so a vertex u of the unit shape lands at
 * center + D·R·(D⁻¹·size ⊙ u), D = diag(object size).
 */
export const PartSchema = ShapeParamsSchema.extend({
  shape: ShapeSchema,
  center: Vec3Schema,
  size: Vec3Schema,
  /** Material kind (a catalog material: "wood", "fabric", …) and its surface pattern. */
  material: z.string(),
  pattern: z.enum(PATTERNS),
  color: Hex,
  roughness: z.number().min(0).max(1),
  metalness: z.number().min(0).max(1),
  /** Glow in the realistic look, 0–1 (screens, window glass, lamp shades that are on). */
  emissive: z.number().min(0).max(1),
});
export type Part = z.infer<typeof PartSchema>;

export const SupportSchema = z.union([z.enum(['floor', 'wall', 'ceiling']), z.number().int().min(1)]);
export type Support = z.infer<typeof SupportSchema>;

/** A plane other objects can stand on, m, in the object's frame: height, extent, free height above. */
export const SupportSurfaceSchema = z.strictObject({
  y: z.number(),
  x: z.tuple([z.number(), z.number()]),
  z: z.tuple([z.number(), z.number()]),
  /** Free height above the plane (to the next shelf), or null for an open top. */
  clearance: z.number().positive().nullable(),
});
export type SupportSurface = z.infer<typeof SupportSurfaceSchema>;

export const SceneObjectSchema = z.strictObject({
  /** ≥ 1, equal to its value in seg.png. */
  id: z.number().int().min(1).max(65535),
  /**
   * Unique in the scene; the phrase used in questions: its colour or material and category ("the
   * grey sofa"), with where it is when another object looks the same ("the white mug on the desk").
   */
  name: z.string(),
  /**
   * False when no short phrase tells it apart from an object that looks the same: its name then
   * ends in a number ("the wooden chair (2)"), and no question names it (it may still be counted).
   */
  referable: z.boolean(),
  category: z.string(),
  /** Style variant of the category (e.g. "round", "two-door"). */
  style: z.string(),
  /** Material kind of the body ("wood", "fabric", …) and its colour word, as used in the name. */
  material: z.string(),
  color: z.string(),
  /** Box in the object's own frame, m: [x width, y height, z depth]; it bounds every rendered triangle. */
  size: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  /** World centre of the box in frame 0, m. */
  position: Vec3Schema,
  /** three.js rotation.y, rad: local +x maps to (cos yaw, 0, −sin yaw); the object faces local +z. */
  yaw: z.number(),
  /**
   * What it touches within 5 mm: bottom on the floor or on one of object `id`'s surfaces, back on a
   * wall, top on the ceiling.
   */
  support: SupportSchema,
  /** Planes other objects can stand on (table tops, shelves, a bed's mattress). */
  surfaces: z.array(SupportSurfaceSchema),
  /** The light it gives off when it is a lamp or ceiling light that is on (the realistic look), else null. */
  light: z
    .strictObject({
      /** Where the light sits, m, in the object's frame. */
      at: Vec3Schema,
      /** Relative strength (1 = a ceiling light). */
      power: z.number().positive(),
    })
    .nullable(),
  parts: z.array(PartSchema).min(1),
});
export type SceneObject = z.infer<typeof SceneObjectSchema>;

export const PoseSchema = z.strictObject({ position: Vec3Schema, yaw: z.number() });
export type Pose = z.infer<typeof PoseSchema>;

/** Per-frame, per-object annotations computed from the rendered pixels. */
export const AnnotationSchema = z.strictObject({
  id: z.number().int().min(1),
  /** Pixels of the object in seg.png. */
  visible_px: z.number().int().min(0),
  /**
   * Pixels whose centre the object would cover if rendered alone, over its whole projection, not
   * only inside the image: inside the image counted exactly, beyond it (out to half the image size
   * past every border) on a grid 4× coarser, each cell standing for its 16 pixels.
   */
  amodal_px: z.number().int().min(0),
  /** Of amodal_px, the pixels inside the image: visible_px + Σ occluded_by = in_frame_px. */
  in_frame_px: z.number().int().min(0),
  /** visible_px / amodal_px: the share of the object that is in the image and not hidden (0 when amodal_px is 0). */
  visible_fraction: z.number().min(0).max(1),
  /** in_frame_px / amodal_px: the share of the projection inside the image (0 when amodal_px is 0). */
  in_frame_fraction: z.number().min(0).max(1),
  /** [min i, min j, max i + 1, max j + 1] of the visible pixels; null when none. */
  bbox: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]).nullable(),
  /** Mean of the visible pixel centres (i + 0.5, j + 0.5); null when none. */
  centroid: z.tuple([z.number(), z.number()]).nullable(),
  /** Median of depth.png over the visible pixels, m (the `depth_order` measure); null when none. */
  depth_median: z.number().nullable(),
  /** Pixels of the object's amodal mask inside the image covered by something else, by the covering id ("0" = room shell). */
  occluded_by: z.record(z.string(), z.number().int().min(1)),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

export const SCENE_KINDS = ['static', 'dynamic', 'walkthrough', 'multiview'] as const;

/** The dataset splits, drawn per scene. */
export const SPLITS = ['train', 'val', 'test'] as const;
export const SplitSchema = z.enum(SPLITS);

export const VIEW_KINDS = ['eye', 'high', 'low', 'path'] as const;

export const FrameSchema = z.strictObject({
  index: z.number().int().min(0),
  /** Seconds since frame 0. */
  time: z.number().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  K: Mat3Schema,
  T_cam_world: Mat4Schema,
  /** Poses that differ from objects[] in this frame, by object id (decimal string). */
  poses: z.record(z.string(), PoseSchema),
  /**
   * How the camera was chosen: eye level, high looking down, low looking up, or a point on a
   * camera path (dynamic scenes).
   */
  view: z.enum(VIEW_KINDS),
  /** The frame seen from the same spot and heading at another height (far-looks-up twins), or null. */
  twin: z.number().int().min(0).nullable(),
  /** The render's annotations, one per object of objects[]; empty until the scene is rendered. */
  objects: z.array(AnnotationSchema),
});
export type Frame = z.infer<typeof FrameSchema>;

export const WALLS = ['x-', 'x+', 'z-', 'z+'] as const;
export const WallSchema = z.enum(WALLS);
export type Wall = z.infer<typeof WallSchema>;

/** A door or window in a wall: part of the room shell (id 0 in seg.png). */
export const FeatureSchema = z.strictObject({
  kind: z.enum(['door', 'window']),
  wall: WallSchema,
  /** Centre along the wall, m, measured along +x (walls z±) or +z (walls x±) from the wall's middle. */
  offset: z.number(),
  width: z.number().positive(),
  /** Height of its bottom edge above the floor, m. */
  bottom: z.number().min(0),
  height: z.number().positive(),
});
export type Feature = z.infer<typeof FeatureSchema>;

/** A finish of the room shell: its material kind, pattern and colour. */
const FinishSchema = z.strictObject({
  material: z.string(),
  pattern: z.enum(PATTERNS),
  color: Hex,
  roughness: z.number().min(0).max(1),
  metalness: z.number().min(0).max(1),
  emissive: z.number().min(0).max(1),
});
export type Finish = z.infer<typeof FinishSchema>;

export const RoomSchema = z.strictObject({
  /** Room type ("bedroom", "living_room", …; see assets/rooms.json). */
  type: z.string(),
  /** [width (x), height (y), depth (z)], m. */
  size: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  floor: FinishSchema,
  walls: FinishSchema,
  ceiling: FinishSchema,
  door: FinishSchema,
  window: FinishSchema,
  frame: FinishSchema,
  baseboard: FinishSchema,
  features: z.array(FeatureSchema),
  /** Unit vector from the room towards the sun light (which casts the shadows). */
  sun: Vec3Schema,
});
export type Room = z.infer<typeof RoomSchema>;

export const MotionSchema = z.strictObject({
  /**
   * The camera path of a dynamic scene ("walk": a walkthrough's route through the room), or null
   * when the camera does not move.
   */
  camera: z
    .enum(['forward', 'backward', 'strafe_left', 'strafe_right', 'turn_left', 'turn_right', 'orbit', 'walk'])
    .nullable(),
  /**
   * Objects moved during the sequence and how: slid across the floor, turned where they stand, or
   * pushed along the top they stand on; each moves from `start` to `end` (s) with a smooth start
   * and stop (the frames' poses say where it is in each frame).
   */
  objects: z.array(
    z.strictObject({
      id: z.number().int().min(1),
      kind: z.enum(['slide', 'turn', 'push']),
      start: z.number().min(0),
      end: z.number().min(0),
      /** Horizontal displacement of its box centre, m, world frame. */
      displacement: Vec3Schema,
      /** Change of yaw, rad. */
      turn: z.number(),
    }),
  ),
});
export type Motion = z.infer<typeof MotionSchema>;

export const PhysicsReportSchema = z.strictObject({
  /** Solver steps taken to settle. */
  steps: z.number().int().min(0),
  /** Every body reached sleep before the step cap. */
  settled: z.boolean(),
  /**
   * Deepest overlap after settling, before the final snap onto the supports, m: between two
   * boxes, or an object sunk into what it stands on.
   */
  max_penetration: z.number().min(0),
  /** Widest gap between an object and its support after settling, before the snap, m. */
  max_gap: z.number().min(0),
});

export const SceneSchema = z
  .strictObject({
    /** Scene index zero-padded to 6 digits (the folder name). */
    id: z.string().regex(/^\d{6,}$/),
    index: z.number().int().min(0),
    seed: z.number().int(),
    schema_version: z.literal(SCHEMA_VERSION),
    /**
     * static: twin views of a still room; dynamic: a short camera path or moving objects;
     * walkthrough: a walk through the room at eye height (also scenes/<id>/video.mp4); multiview:
     * 2–5 views of a still room (see `multiview`).
     */
    kind: z.enum(SCENE_KINDS),
    split: SplitSchema,
    room: RoomSchema,
    objects: z.array(SceneObjectSchema),
    frames: z.array(FrameSchema).min(1),
    motion: MotionSchema,
    /** A multi-view scene's setting (MindCube's: rotation in place, around an object, among objects), else null. */
    multiview: z
      .strictObject({
        setting: z.enum(['rotation', 'around', 'among']),
        /** The object the views go around (setting "around"), else null. */
        anchor: z.number().int().min(1).nullable(),
      })
      .nullable(),
    physics: PhysicsReportSchema,
  })
  .refine((s) => new Set(s.objects.map((o) => o.id)).size === s.objects.length, {
    error: 'object ids must be unique',
    path: ['objects'],
  })
  .refine((s) => new Set(s.objects.map((o) => o.name)).size === s.objects.length, {
    error: 'object names must be unique',
    path: ['objects'],
  });
export type Scene = z.infer<typeof SceneSchema>;

export function sceneId(index: number): string {
  return String(index).padStart(6, '0');
}

export function frameDir(index: number): string {
  return String(index).padStart(2, '0');
}
