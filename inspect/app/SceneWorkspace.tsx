import { FramePanel } from './FramePanel';
import { ObjectInfo } from './ObjectInfo';
import { QuestionList } from './QuestionList';
import { useSelection } from './selection';
import { useScene } from './useScene';
import { Viewport } from './Viewport';

/** The selected scene: the 3D view in the middle, frames, object and questions on the right. */
export function SceneWorkspace() {
  const { scene } = useSelection();
  const { detail, error, loading } = useScene(scene);
  if (!detail || error)
    return (
      <main className="workspace empty">
        <p className={error ? 'error' : 'muted'}>
          {error ?? (scene ? `loading scene ${scene}…` : 'select a scene')}
        </p>
      </main>
    );
  return (
    <main className="workspace" data-testid="workspace" data-scene={detail.scene.id} data-loading={loading}>
      <Viewport detail={detail} />
      <div className="side" key={detail.scene.id}>
        <header className="scene-header">
          <strong>scene {detail.scene.id}</strong> <span className="badge">{detail.scene.kind}</span>{' '}
          <span className="badge">{detail.scene.split}</span>{' '}
          <span className="muted">
            {detail.scene.room.size.map((v) => v.toFixed(1)).join(' × ')} m · {detail.scene.objects.length}{' '}
            objects · {detail.scene.frames.length} frames
          </span>
        </header>
        <FramePanel detail={detail} />
        <ObjectInfo scene={detail.scene} />
        <QuestionList detail={detail} />
      </div>
    </main>
  );
}
