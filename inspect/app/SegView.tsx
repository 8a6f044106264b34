import { useCallback } from 'react';
import { LayerCanvas } from './LayerCanvas';
import { type Grey16, paintSeg } from './paint';
import type { PixelPointer } from './usePixelPointer';

export interface SegViewProps {
  seg: Grey16;
  focus: number | null;
  pointer: PixelPointer;
}

/** The instance mask, one colour per object id (the room shell dark). */
export function SegView({ seg, focus, pointer }: SegViewProps) {
  const paint = useCallback(
    (out: Uint8ClampedArray) => paintSeg(seg, out, { alpha: 1, focusAlpha: 1, shellAlpha: 1, focus }),
    [seg, focus],
  );
  return (
    <div className="layer" data-testid="seg-view" {...pointer}>
      <LayerCanvas width={seg.width} height={seg.height} paint={paint} />
    </div>
  );
}
