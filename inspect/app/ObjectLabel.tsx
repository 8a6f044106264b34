import type { Scene } from '../../sim/schema';
import { poseAt } from './camera-geometry';
import { formatVec } from './format';
import { ScreenTag } from './tags';

export interface ObjectLabelProps {
  scene: Scene;
  /** Position in scene.frames (the object's pose there). */
  frame: number;
  /** The object to label, or null for none. */
  id: number | null;
}

/** A tag over an object's box: its name, id, size and position (in the frame shown). */
export function ObjectLabel({ scene, frame, id }: ObjectLabelProps) {
  const object = id === null ? undefined : scene.objects.find((o) => o.id === id);
  const position = object ? poseAt(scene, scene.frames[frame], object.id).position : null;
  return (
    <ScreenTag
      id="object-label"
      clamp
      anchor={object && position ? [position[0], position[1] + object.size[1] / 2, position[2]] : null}
    >
      {object && position && (
        <div className="object-label" data-testid="object-label" data-object-id={object.id}>
          <strong>{object.name}</strong> <span className="muted">#{object.id}</span>
          <div>size {formatVec(object.size)} m</div>
          <div>at {formatVec(position)} m</div>
        </div>
      )}
    </ScreenTag>
  );
}
