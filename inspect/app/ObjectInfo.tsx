import type { Scene } from '../../sim/schema';
import { poseAt } from './camera-geometry';
import { formatDegrees, formatVec } from './format';
import { useSelection, useSelectionActions } from './selection';

export interface ObjectInfoProps {
  scene: Scene;
}

/** The hovered object (else the clicked one): what scene.json says about it, and what the frame shows of it. */
export function ObjectInfo({ scene }: ObjectInfoProps) {
  const { frame, hovered, selected } = useSelection();
  const { select } = useSelectionActions();
  const id = hovered ?? selected;
  const object = id === null ? undefined : scene.objects.find((o) => o.id === id);
  if (!object) return null;
  const f = scene.frames[Math.min(frame, scene.frames.length - 1)];
  const pose = poseAt(scene, f, object.id);
  const seen = f.objects.find((a) => a.id === object.id);
  return (
    <section className="panel object-info" data-testid="object-info" data-object-id={object.id}>
      <header>
        <strong>{object.name}</strong> <span className="muted">#{object.id}</span>
        {selected === object.id && (
          <button type="button" className="link right" onClick={() => select(null)}>
            unpin
          </button>
        )}
      </header>
      <dl>
        <dt>category</dt>
        <dd>
          {object.category}, {object.color}
        </dd>
        <dt>size</dt>
        <dd>{formatVec(object.size)} m</dd>
        <dt>position</dt>
        <dd>
          {formatVec(pose.position)} m, yaw {formatDegrees(pose.yaw)}
        </dd>
        <dt>support</dt>
        <dd>
          {typeof object.support === 'number'
            ? (scene.objects.find((o) => o.id === object.support)?.name ?? `#${object.support}`)
            : object.support}
        </dd>
        {seen && (
          <>
            <dt>in frame</dt>
            <dd>
              {seen.visible_px} px visible of {seen.amodal_px}
              {seen.depth_median !== null ? `, median depth ${seen.depth_median.toFixed(2)} m` : ''}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
