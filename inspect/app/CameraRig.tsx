import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { PerspectiveCamera } from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import { setCameraFromFrame } from '../../render/build-scene';
import { cameraCenter, cameraForward } from '../../sim/camera';
import { normalize } from '../../sim/geometry';
import type { Scene, Vec3 } from '../../sim/schema';
import { overviewDistance, viewDistance } from './camera-geometry';
import { type FrameFit, fitFrame } from './letterbox';
import { useSelectionActions } from './selection';

export const NEAR = 0.02;
export const FAR = 200;
/** Vertical field of view of the overview, degrees. */
export const ORBIT_FOV = 50;

export interface CameraRigProps {
  scene: Scene;
  /** Position in scene.frames. */
  frame: number;
  view: 'orbit' | 'camera';
  /** Bumped to snap again to the same frame. */
  snaps: number;
  /** Bumped to fly back to the overview. */
  home: number;
  /** Where the frame's image lies in the canvas while snapped (null in orbit). */
  onFit(fit: FrameFit | null): void;
}

/**
 * Orbit controls, and the snap to a frame's camera. Snapped, the view uses the renderer's own
 * OpenCV projection (setCameraFromFrame) with K widened to the canvas's shape (fitFrame), so the
 * render lines up with the 3D view pixel for pixel inside the image rectangle. The first drag leaves
 * the snap and orbits on from there, around a point on the optical axis.
 */
export function CameraRig({ scene, frame, view, snaps, home, onFit }: CameraRigProps) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<OrbitControlsImpl>(null);
  const dragging = useRef(false);
  const { orbit } = useSelectionActions();
  const f = scene.frames[frame];
  const fit = useMemo(
    () => (view === 'camera' && f ? fitFrame(f.K, f.width, f.height, width, height) : null),
    [view, f, width, height],
  );

  useEffect(() => onFit(fit), [fit, onFit]);

  // The overview: outside a corner of the room, looking down at its middle (walls face inwards, so
  // the near ones are not drawn from outside), just far enough for the whole room to fit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new scene or the Overview button moves the camera home, not leaving a snap
  useLayoutEffect(() => {
    if (view !== 'orbit') return;
    const h = scene.room.size[1];
    // A snap leaves the frame's field of view behind; the overview has its own.
    camera.fov = ORBIT_FOV;
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    const vertical = (ORBIT_FOV * Math.PI) / 360;
    const horizontal = Math.atan(Math.tan(vertical) * (width / height));
    const target: Vec3 = [0, 0.25 * h, 0];
    const towards = normalize([0.5, 0.72, 0.48]);
    const distance = overviewDistance(scene.room.size, target, towards, { vertical, horizontal });
    camera.position.set(...(target.map((v, a) => v + towards[a] * distance) as Vec3));
    controls.current?.target.set(...target);
    camera.lookAt(...target);
    controls.current?.update();
    invalidate();
  }, [scene, home]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new snap request (snaps) re-applies the same frame's camera after orbiting away
  useLayoutEffect(() => {
    if (!fit || !f) return;
    setCameraFromFrame(camera, fit.K, f.T_cam_world, fit.width, fit.height, NEAR, FAR);
    // Position and quaternion were decomposed from the matrix, so auto-update reproduces it and the
    // controls can take over from this pose; fov and aspect are what three.js projects with then.
    camera.matrixAutoUpdate = true;
    camera.fov = fit.fov;
    camera.aspect = fit.width / fit.height;
    const c = cameraCenter(f.T_cam_world);
    const z = cameraForward(f.T_cam_world);
    const d = viewDistance(f);
    controls.current?.target.set(c[0] + z[0] * d, c[1] + z[1] * d, c[2] + z[2] * d);
    invalidate();
  }, [fit, f, snaps, camera, invalidate]);

  useLayoutEffect(() => {
    if (view !== 'orbit') return;
    camera.near = NEAR;
    camera.far = FAR;
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    invalidate();
  }, [view, camera, width, height, invalidate]);

  // The controls re-aim the camera with lookAt just before this runs (priority −1), which would drop
  // any roll: while snapped the frame's exact pose is put back before every draw.
  useFrame(() => {
    if (!fit || !f) return;
    setCameraFromFrame(camera, fit.K, f.T_cam_world, fit.width, fit.height, NEAR, FAR);
    camera.matrixAutoUpdate = true;
  });

  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enableDamping={false}
      onStart={() => {
        dragging.current = true;
      }}
      onEnd={() => {
        dragging.current = false;
      }}
      onChange={() => {
        if (dragging.current && view === 'camera') orbit();
      }}
    />
  );
}
