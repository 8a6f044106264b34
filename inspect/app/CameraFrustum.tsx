import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry } from 'three';
import type { Frame } from '../../sim/schema';
import { frustumSegments } from './camera-geometry';

export interface CameraFrustumProps {
  frame: Frame;
  /** The frame on show: drawn in the accent colour, over everything. */
  active: boolean;
  /** Depth of the drawn image rectangle, m. */
  depth?: number;
  visible?: boolean;
}

/** A frame's camera: lines from its centre to the image corners at `depth`, with a roof over the top edge. */
export function CameraFrustum({ frame, active, depth = 0.35, visible = true }: CameraFrustumProps) {
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(frustumSegments(frame, depth), 3));
    return g;
  }, [frame, depth]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <lineSegments geometry={geometry} visible={visible} renderOrder={5}>
      <lineBasicMaterial color={active ? '#ff9a3c' : '#7fb8ff'} depthTest={!active} transparent />
    </lineSegments>
  );
}
