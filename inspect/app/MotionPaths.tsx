import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import type { Scene } from '../../sim/schema';
import { movedObjects, poseAt } from './camera-geometry';
import { idColor } from './paint';

export interface MotionPathsProps {
  scene: Scene;
  /** Position in scene.frames: its marker is drawn larger. */
  frame: number;
}

/** Each moving object's box centre through the frames, with a dot per frame, in its mask colour. */
export function MotionPaths({ scene, frame }: MotionPathsProps) {
  const paths = useMemo(
    () =>
      movedObjects(scene).map((id) => ({
        id,
        color: `rgb(${idColor(id).map(Math.round).join(',')})`,
        points: scene.frames.map((f) => poseAt(scene, f, id).position),
      })),
    [scene],
  );
  return (
    <>
      {paths.map((p) => (
        <group key={p.id}>
          <Line points={p.points} color={p.color} lineWidth={3} depthTest={false} renderOrder={6} />
          {p.points.map((at, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one marker per frame, in frame order
            <mesh key={k} position={at} renderOrder={7}>
              <sphereGeometry args={[k === frame ? 0.07 : 0.04, 12, 8]} />
              <meshBasicMaterial color={p.color} depthTest={false} transparent />
            </mesh>
          ))}
        </group>
      ))}
    </>
  );
}
