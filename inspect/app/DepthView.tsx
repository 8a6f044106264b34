import { useCallback, useMemo } from 'react';
import { LayerCanvas } from './LayerCanvas';
import { depthRange, type Grey16, paintDepth, paintOutline, turbo } from './paint';
import type { PixelPointer } from './usePixelPointer';

export interface DepthViewProps {
  depth: Grey16;
  /** The seg values, to outline the focused object; null until loaded. */
  seg: Grey16 | null;
  focus: number | null;
  pointer: PixelPointer;
}

/** Turbo stops for the legend, near (left) to far (right). */
const LEGEND = (() => {
  const px = new Uint8ClampedArray(4);
  const stops = [1, 0.75, 0.5, 0.25, 0].map((t) => {
    turbo(t, px, 0);
    return `rgb(${px[0]},${px[1]},${px[2]})`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
})();

/** Metric depth through the turbo colour map (near warm, far cool), with its range as a legend. */
export function DepthView({ depth, seg, focus, pointer }: DepthViewProps) {
  const range = useMemo(() => depthRange(depth), [depth]);
  const paint = useCallback(
    (out: Uint8ClampedArray) => {
      paintDepth(depth, range, out);
      if (seg && focus !== null) paintOutline(seg, focus, out, [255, 255, 255]);
    },
    [depth, range, seg, focus],
  );
  return (
    <div className="layer-block">
      <div className="layer" data-testid="depth-view" {...pointer}>
        <LayerCanvas width={depth.width} height={depth.height} paint={paint} />
      </div>
      <div className="legend">
        <span>{(range[0] / 1000).toFixed(2)} m</span>
        <span className="ramp" style={{ background: LEGEND }} />
        <span>{(range[1] / 1000).toFixed(2)} m</span>
      </div>
    </div>
  );
}
