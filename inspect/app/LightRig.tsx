import { useLayoutEffect, useMemo } from 'react';
import { createLightRig, fitLightRig } from '../../render/build-scene';
import type { Room } from '../../sim/schema';

export interface LightRigProps {
  /** The room the lights are fitted to. */
  room: Room;
}

/** The renderer's light rig, made once per canvas and refitted to each room, as the renderer does. */
export function LightRig({ room }: LightRigProps) {
  const rig = useMemo(() => createLightRig({ shadows: false, shadowMapSize: 512 }), []);
  useLayoutEffect(() => fitLightRig(rig, room), [rig, room]);
  return <primitive object={rig.group} />;
}
