import type { SceneDetail } from '../protocol';
import { CameraFrustum } from './CameraFrustum';
import { CameraRig } from './CameraRig';
import { CameraTrajectory } from './CameraTrajectory';
import { LightRig } from './LightRig';
import type { FrameFit } from './letterbox';
import { MotionPaths } from './MotionPaths';
import { ObjectHighlight } from './ObjectHighlight';
import { RenderedSignal } from './RenderedSignal';
import { SceneModel } from './SceneModel';
import { useSelection } from './selection';
import { TagProjector } from './TagProjector';

export interface SceneViewProps {
  detail: SceneDetail;
  /** Which overlays are visible (toggled, never remounted). */
  show: { cameras: boolean; paths: boolean };
  /** Per frame: whether its frustum is drawn (not at the eye of the camera looked through). */
  frusta: boolean[];
  home: number;
  onRendered(id: string): void;
  onFit(fit: FrameFit | null): void;
}

/** Everything inside the canvas: room and objects, cameras, paths, highlights, and the camera rig. */
export function SceneView({ detail, show, frusta, home, onRendered, onFit }: SceneViewProps) {
  const { frame, view, snaps, hovered, selected } = useSelection();
  const { scene } = detail;
  const k = Math.min(frame, scene.frames.length - 1);
  // Frusta scale with the room, so that they read in the overview of a large room too.
  const frustumDepth = 0.06 * Math.max(scene.room.size[0], scene.room.size[2]);
  return (
    <>
      <color attach="background" args={['#15171c']} />
      <LightRig scene={scene} />
      <SceneModel scene={scene} frame={k} />
      <group visible={show.cameras}>
        {scene.frames.map((f, i) => (
          <CameraFrustum key={f.index} frame={f} active={i === k} visible={frusta[i]} depth={frustumDepth} />
        ))}
        <CameraTrajectory scene={scene} />
      </group>
      <group visible={show.paths}>
        <MotionPaths scene={scene} frame={k} />
      </group>
      {selected !== null && <ObjectHighlight scene={scene} frame={k} id={selected} color="#ffd54a" />}
      {hovered !== null && hovered !== selected && (
        <ObjectHighlight scene={scene} frame={k} id={hovered} color="#ffffff" />
      )}
      <CameraRig scene={scene} frame={k} view={view} snaps={snaps} home={home} onFit={onFit} />
      <TagProjector />
      <RenderedSignal id={`${scene.id}/${k}/${view}/${hovered ?? '-'}`} onRendered={onRendered} />
    </>
  );
}
