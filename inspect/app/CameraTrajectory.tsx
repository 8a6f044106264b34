import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import { cameraCenter } from '../../sim/camera';
import type { Scene } from '../../sim/schema';

export interface CameraTrajectoryProps {
  scene: Scene;
}

/**
 * The camera centres joined in frame order: solid for a dynamic scene (a path the camera flew),
 * dashed for a static one (separate viewpoints, in the order they are numbered).
 */
export function CameraTrajectory({ scene }: CameraTrajectoryProps) {
  const points = useMemo(() => scene.frames.map((f) => cameraCenter(f.T_cam_world)), [scene]);
  if (points.length < 2) return null;
  const moving = scene.kind === 'dynamic';
  return (
    <Line
      points={points}
      color={moving ? '#ffcf5c' : '#7fb8ff'}
      lineWidth={moving ? 2.5 : 1.2}
      dashed={!moving}
      dashSize={0.12}
      gapSize={0.08}
    />
  );
}
