import { useCallback } from 'react';
import { fileUrl } from './api';
import { LayerCanvas } from './LayerCanvas';
import { type Grey16, paintOutline, paintSeg } from './paint';
import type { PixelPointer } from './usePixelPointer';

export interface RgbViewProps {
  /** rgb.png, relative to the dataset folder. */
  path: string;
  seg: Grey16 | null;
  /** Show every object's mask over the image, not just the focused one. */
  overlay: boolean;
  focus: number | null;
  pointer: PixelPointer;
}

/** The frame's RGB render with the instance masks laid over it. */
export function RgbView({ path, seg, overlay, focus, pointer }: RgbViewProps) {
  const paint = useCallback(
    (out: Uint8ClampedArray) => {
      if (!seg) return;
      paintSeg(seg, out, { alpha: overlay ? 0.4 : 0, focusAlpha: 0.5, shellAlpha: 0, focus });
      if (focus !== null) paintOutline(seg, focus, out, [255, 255, 255]);
    },
    [seg, overlay, focus],
  );
  return (
    <div className="layer" data-testid="rgb-view" {...pointer}>
      <img src={fileUrl(path)} alt="RGB render" draggable={false} />
      {seg && <LayerCanvas width={seg.width} height={seg.height} paint={paint} className="overlay" />}
    </div>
  );
}
