import { useLayoutEffect, useMemo } from 'react';
import { createLightRig, fitLightRig } from '../../render/build-scene';
import { fitRealistic } from '../../render/realistic';
import type { Scene } from '../../sim/schema';

export interface LightRigProps {
  /** The scene whose room the lights are fitted to. */
  scene: Scene;
}

/** The renderer's lights, made once per canvas and refitted to each scene, as the renderer does. */
export function LightRig({ scene }: LightRigProps) {
  const rig = useMemo(() => createLightRig({ shadows: false, shadowMapSize: 512 }), []);
  useLayoutEffect(() => {
    fitLightRig(rig, scene.room);
    fitRealistic(scene, rig.sun, false);
  }, [rig, scene]);
  return <primitive object={rig.group} />;
}
