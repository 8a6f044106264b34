import { useEffect, useMemo } from 'react';
import { type BuiltScene, buildScene } from '../../render/build-scene';
import type { Scene } from '../../sim/schema';

/**
 * The renderer's own scene builder, so the inspector shows exactly the geometry that was rendered.
 * R3F does not dispose objects mounted with <primitive>, so the geometries are freed here when the
 * scene changes or the view unmounts. It shows the realistic look; shadows are off: they cost frame
 * time and answer no question.
 */
export function useBuiltScene(scene: Scene): BuiltScene {
  const built = useMemo(
    () => buildScene(scene, { shadows: false, shadowMapSize: 512, style: 'realistic' }),
    [scene],
  );
  useEffect(() => () => built.dispose(), [built]);
  return built;
}
