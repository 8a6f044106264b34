import { Canvas } from '@react-three/fiber';
import { useMemo, useState } from 'react';
import type { SceneDetail } from '../protocol';
import { FAR, NEAR, ORBIT_FOV } from './CameraRig';
import { atSamePlace } from './camera-geometry';
import { FrameTags } from './FrameTags';
import type { FrameFit } from './letterbox';
import { ObjectLabel } from './ObjectLabel';
import { SceneView } from './SceneView';
import { useSelection, useSelectionActions } from './selection';
import { TagProvider, TagRegistry } from './tags';

export interface ViewportProps {
  detail: SceneDetail;
}

/**
 * The 3D view: a demand-driven canvas (it draws only when something changed), the tags pinned to
 * cameras and to the hovered object, and a toolbar. While snapped to a frame, a rectangle marks
 * where that frame's image lies and the room around it is dimmed.
 */
export function Viewport({ detail }: ViewportProps) {
  const { view, frame, hovered } = useSelection();
  const { orbit, select } = useSelectionActions();
  const [rendered, setRendered] = useState('');
  const [fit, setFit] = useState<FrameFit | null>(null);
  const [show, setShow] = useState({ cameras: true, paths: true });
  const [home, setHome] = useState(0);
  const registry = useMemo(() => new TagRegistry(), []);
  const { scene } = detail;
  const k = Math.min(frame, scene.frames.length - 1);
  // Looking through a camera, the frusta and tags at its eye would only clutter the image's border.
  const frusta = useMemo(() => {
    const here = atSamePlace(scene, k);
    return here.map((near) => !(view === 'camera' && near));
  }, [scene, k, view]);
  const toggle = (key: keyof typeof show) => setShow((s) => ({ ...s, [key]: !s[key] }));
  return (
    <TagProvider registry={registry}>
      <div className="viewport" data-testid="viewport" data-rendered={rendered} data-view={view}>
        <Canvas
          frameloop="demand"
          flat
          dpr={[1, 2]}
          camera={{ fov: ORBIT_FOV, near: NEAR, far: FAR }}
          onPointerMissed={() => select(null)}
        >
          <SceneView
            detail={detail}
            show={show}
            frusta={frusta}
            home={home}
            onRendered={setRendered}
            onFit={setFit}
          />
        </Canvas>
        {fit && (
          <div
            className="image-rect"
            data-testid="image-rect"
            style={{ left: fit.rect.x, top: fit.rect.y, width: fit.rect.w, height: fit.rect.h }}
          />
        )}
        <div className="tag-layer">
          <FrameTags scene={scene} active={k} shown={frusta.map((f) => f && show.cameras)} />
          <ObjectLabel scene={scene} frame={k} id={hovered} />
        </div>
        <div className="toolbar">
          <button
            type="button"
            onClick={() => {
              orbit();
              setHome((h) => h + 1);
            }}
          >
            Overview
          </button>
          <label>
            <input type="checkbox" checked={show.cameras} onChange={() => toggle('cameras')} /> cameras
          </label>
          <label>
            <input type="checkbox" checked={show.paths} onChange={() => toggle('paths')} /> motion
          </label>
          <span className="muted">
            {view === 'camera'
              ? `through camera ${String(scene.frames[k].index).padStart(2, '0')}`
              : 'orbit: drag, scroll, right-drag'}
          </span>
        </div>
      </div>
    </TagProvider>
  );
}
