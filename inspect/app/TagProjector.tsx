import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { Vector3 } from 'three';
import { useTagRegistry } from './tags';

const _v = new Vector3();
/** Space kept between a clamped tag and the canvas's edge, CSS px. */
const MARGIN = 6;

/**
 * Moves every ScreenTag over its anchor's projection, before the scene is drawn in the same frame.
 * Mount it after the camera rig, whose frame callback sets the camera first.
 */
export function TagProjector() {
  const registry = useTagRegistry();
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    registry.invalidate = invalidate;
    invalidate();
    return () => {
      registry.invalidate = () => undefined;
    };
  }, [registry, invalidate]);
  useFrame(({ camera, size }) => {
    camera.updateMatrixWorld();
    for (const { el, anchor, clamp } of registry.tags.values()) {
      if (anchor) _v.set(anchor[0], anchor[1], anchor[2]).project(camera);
      // Outside the clip volume in depth means behind the camera or beyond the far plane.
      const shown = anchor !== null && _v.z > -1 && _v.z < 1;
      el.style.display = shown ? '' : 'none';
      if (!shown) continue;
      let x = ((_v.x + 1) / 2) * size.width;
      let y = ((1 - _v.y) / 2) * size.height;
      const content = el.firstElementChild as HTMLElement | null;
      if (clamp && content) {
        const half = content.offsetWidth / 2 + MARGIN;
        x = Math.min(Math.max(x, half), size.width - half);
        y = Math.min(Math.max(y, content.offsetHeight + 2 * MARGIN), size.height - MARGIN);
      }
      el.style.transform = `translate(${x}px, ${y}px)`;
    }
  });
  return null;
}
