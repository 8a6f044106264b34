import { useState } from 'react';
import type { SceneDetail } from '../protocol';
import { DepthView } from './DepthView';
import { FrameStrip } from './FrameStrip';
import { formatDepth } from './format';
import { RgbView } from './RgbView';
import { SegView } from './SegView';
import { useSelection, useSelectionActions } from './selection';
import { useLayer } from './useLayer';
import { usePixelPointer } from './usePixelPointer';

export interface FramePanelProps {
  detail: SceneDetail;
}

/**
 * The frame on show: RGB with mask overlay, colour-mapped depth and the mask itself. The pointer over
 * any of them reads out the pixel, its depth and its object, and highlights that object everywhere.
 */
export function FramePanel({ detail }: FramePanelProps) {
  const { scene, frames } = detail;
  const { frame, hovered, selected } = useSelection();
  const { hover, select } = useSelectionActions();
  const k = Math.min(frame, scene.frames.length - 1);
  const f = scene.frames[k];
  const depth = useLayer(scene.id, f.index, 'depth');
  const seg = useLayer(scene.id, f.index, 'seg');
  const [pixel, setPixel] = useState<[number, number] | null>(null);
  const [overlay, setOverlay] = useState(false);
  // Readouts use only this frame's values, never the previous frame's still on screen.
  const segNow = seg.current ? seg.image : null;
  const depthNow = depth.current ? depth.image : null;
  const idAt = (p: [number, number]) => {
    const id = segNow?.data[p[1] * segNow.width + p[0]] ?? 0;
    return id > 0 ? id : null;
  };
  const pointer = usePixelPointer(
    f,
    (p) => {
      setPixel(p);
      hover(p ? idAt(p) : null);
    },
    (p) => select(idAt(p)),
  );
  const focus = hovered ?? selected;
  const under = pixel ? idAt(pixel) : null;
  const depthMm = (pixel && depthNow?.data[pixel[1] * depthNow.width + pixel[0]]) ?? null;
  const name = under !== null ? scene.objects.find((o) => o.id === under)?.name : null;
  return (
    <section className="panel frames">
      <FrameStrip scene={scene} files={frames} active={k} />
      <div className="layer-grid" data-testid="frame-views" data-frame={f.index}>
        <RgbView path={frames[k].rgb} seg={seg.image} overlay={overlay} focus={focus} pointer={pointer} />
        <div className="layer-pair">
          {depth.image && <DepthView depth={depth.image} seg={seg.image} focus={focus} pointer={pointer} />}
          {seg.image && <SegView seg={seg.image} focus={focus} pointer={pointer} />}
        </div>
      </div>
      <div className="readout" data-testid="pixel-readout">
        {pixel ? (
          <>
            <span data-testid="pixel-coords" data-i={pixel[0]} data-j={pixel[1]}>
              px ({pixel[0]}, {pixel[1]})
            </span>
            <span data-testid="depth-value">{depthMm === null ? '…' : formatDepth(depthMm)}</span>
            <span data-testid="pixel-object">{name ? `${name} #${under}` : 'room'}</span>
          </>
        ) : (
          <span className="muted">point at an image: pixel, metric depth and object</span>
        )}
        <label className="right">
          <input type="checkbox" checked={overlay} onChange={() => setOverlay((o) => !o)} /> masks on RGB
        </label>
      </div>
      {(depth.error || seg.error) && <div className="error">{depth.error ?? seg.error}</div>}
    </section>
  );
}
