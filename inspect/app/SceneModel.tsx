import { type ThreeEvent, useThree } from '@react-three/fiber';
import { useLayoutEffect } from 'react';
import type { Object3D } from 'three';
import { applyFramePoses } from '../../render/build-scene';
import type { Scene } from '../../sim/schema';
import { useSelectionActions } from './selection';
import { useBuiltScene } from './useBuiltScene';

export interface SceneModelProps {
  scene: Scene;
  /** Position in scene.frames whose object poses are shown. */
  frame: number;
}

/** Object id of a mesh from the builder (0, the room shell, counts as nothing). */
function objectIdOf(o: Object3D): number | null {
  const id = o.userData.objectId;
  return typeof id === 'number' && id > 0 ? id : null;
}

/** The room and its objects as the renderer built them, posed for the frame; hover and click pick objects. */
export function SceneModel({ scene, frame }: SceneModelProps) {
  const built = useBuiltScene(scene);
  const invalidate = useThree((s) => s.invalidate);
  const { hover, select } = useSelectionActions();
  useLayoutEffect(() => {
    applyFramePoses(built, scene, scene.frames[frame]);
    invalidate();
  }, [built, scene, frame, invalidate]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a three.js object, not a DOM element
    <primitive
      object={built.root}
      onPointerMove={(e: ThreeEvent<PointerEvent>) => {
        e.stopPropagation();
        hover(objectIdOf(e.object));
      }}
      onPointerOut={() => hover(null)}
      onClick={(e: ThreeEvent<MouseEvent>) => {
        // A drag that orbited the view ends in a click too; only a still click selects.
        if (e.delta > 2) return;
        e.stopPropagation();
        select(objectIdOf(e.object));
      }}
    />
  );
}
