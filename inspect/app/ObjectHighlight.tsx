import { BoxGeometry, EdgesGeometry } from 'three';
import type { Scene } from '../../sim/schema';
import { poseAt } from './camera-geometry';

/** The edges of a unit box, scaled to each object; shared for the app's lifetime, so never disposed. */
const UNIT_BOX_EDGES = new EdgesGeometry(new BoxGeometry(1, 1, 1));

export interface ObjectHighlightProps {
  scene: Scene;
  /** Position in scene.frames (the object's pose there). */
  frame: number;
  id: number;
  color: string;
}

/** An object's box, drawn over everything so that it shows through walls and other objects. */
export function ObjectHighlight({ scene, frame, id, color }: ObjectHighlightProps) {
  const object = scene.objects.find((o) => o.id === id);
  if (!object) return null;
  const pose = poseAt(scene, scene.frames[frame], id);
  return (
    <lineSegments
      geometry={UNIT_BOX_EDGES}
      position={pose.position}
      rotation={[0, pose.yaw, 0]}
      scale={object.size}
      renderOrder={10}
    >
      <lineBasicMaterial color={color} depthTest={false} transparent />
    </lineSegments>
  );
}
