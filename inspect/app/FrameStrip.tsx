import type { Scene } from '../../sim/schema';
import type { FrameFiles } from '../protocol';
import { fileUrl } from './api';
import { useSelectionActions } from './selection';

export interface FrameStripProps {
  scene: Scene;
  files: FrameFiles[];
  /** Position in scene.frames on show. */
  active: number;
}

/** Thumbnails of every frame; a click shows the frame and snaps the 3D view to its camera. */
export function FrameStrip({ scene, files, active }: FrameStripProps) {
  const { selectFrame } = useSelectionActions();
  return (
    <div className="frame-strip">
      {scene.frames.map((f, k) => (
        <button
          type="button"
          key={f.index}
          className={k === active ? 'frame-thumb active' : 'frame-thumb'}
          data-testid={`frame-${f.index}`}
          onClick={() => selectFrame(k)}
          title={`frame ${f.index}: ${f.view} view, t = ${f.time.toFixed(2)} s`}
        >
          <img src={fileUrl(files[k].rgb)} alt={`frame ${f.index}`} draggable={false} />
          <span>
            {String(f.index).padStart(2, '0')} · {f.view}
            {scene.kind === 'dynamic' ? ` · ${f.time.toFixed(1)} s` : ''}
          </span>
        </button>
      ))}
    </div>
  );
}
