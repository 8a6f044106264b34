import { DEPTH_FAR } from './paint';

/** Number formatting shared by the panels. */

export function formatVec(v: readonly number[], digits = 2): string {
  return `(${v.map((x) => x.toFixed(digits)).join(', ')})`;
}

export function formatDegrees(rad: number): string {
  return `${Math.round((rad * 180) / Math.PI)}°`;
}

/** Depth code of depth.png (mm) as text. */
export function formatDepth(mm: number): string {
  if (mm === 0) return 'no surface';
  if (mm === DEPTH_FAR) return `≥ ${(DEPTH_FAR / 1000).toFixed(3)} m`;
  return `${(mm / 1000).toFixed(3)} m`;
}
