import { useEffect, useRef } from 'react';

export interface LayerCanvasProps {
  width: number;
  height: number;
  /** Fills RGBA pixels (width·height·4, rows top first); memoize it, as a new function repaints. */
  paint(out: Uint8ClampedArray): void;
  className?: string;
}

/** A canvas at the image's own resolution (scaled up by CSS, without smoothing), painted per pixel. */
export function LayerCanvas({ width, height, paint, className }: LayerCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    paint(image.data);
    ctx.putImageData(image, 0, 0);
  }, [width, height, paint]);
  return <canvas ref={ref} width={width} height={height} className={className} />;
}
