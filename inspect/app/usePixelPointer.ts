import type { MouseEvent } from 'react';
import { pixelAt } from './paint';

export interface PixelPointer {
  onMouseMove(e: MouseEvent<HTMLElement>): void;
  onMouseLeave(): void;
  onClick(e: MouseEvent<HTMLElement>): void;
}

/** Mouse handlers for an element showing a W×H frame image: report the pixel under the pointer. */
export function usePixelPointer(
  image: { width: number; height: number },
  onPixel: (pixel: [number, number] | null) => void,
  onPick: (pixel: [number, number]) => void,
): PixelPointer {
  const at = (e: MouseEvent<HTMLElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return pixelAt(image, box, e.clientX - box.left, e.clientY - box.top);
  };
  return {
    onMouseMove: (e) => onPixel(at(e)),
    onMouseLeave: () => onPixel(null),
    onClick: (e) => {
      const p = at(e);
      if (p) onPick(p);
    },
  };
}
