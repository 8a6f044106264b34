import { useMemo } from 'react';
import { cameraCenter } from '../../sim/camera';
import type { Scene } from '../../sim/schema';
import { samePlaceStack } from './camera-geometry';
import { useSelectionActions } from './selection';
import { ScreenTag } from './tags';

export interface FrameTagsProps {
  scene: Scene;
  /** Position in scene.frames on show. */
  active: number;
  /** Per frame: whether its tag is shown. */
  shown: boolean[];
}

/** A clickable tag at each camera centre; tags of cameras at one place stack upwards. */
export function FrameTags({ scene, active, shown }: FrameTagsProps) {
  const { selectFrame } = useSelectionActions();
  const stack = useMemo(() => samePlaceStack(scene), [scene]);
  return (
    <>
      {scene.frames.map((f, i) => (
        <ScreenTag
          key={f.index}
          id={`frame-${f.index}`}
          anchor={shown[i] ? cameraCenter(f.T_cam_world) : null}
        >
          <button
            type="button"
            className={i === active ? 'frustum-tag active' : 'frustum-tag'}
            data-testid={`frustum-${f.index}`}
            style={{ transform: `translate(-50%, ${-50 - 110 * stack[i]}%)` }}
            onClick={() => selectFrame(i)}
          >
            {String(f.index).padStart(2, '0')}
          </button>
        </ScreenTag>
      ))}
    </>
  );
}
