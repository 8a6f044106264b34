import { PATTERNS, type Pattern } from '../sim/patterns';

/**
 * How each surface pattern lies on a face: repeating every so many metres (wood grain, tiles,
 * fabric), or fitted to the face once ('fit': pictures, clock faces, keyboards, rugs, screens).
 * Layer k of the pattern texture array holds PATTERNS[k].
 */
export const PATTERN_MAPPING: Record<Pattern, number | 'fit'> = {
  plain: 1,
  wood: 0.6,
  planks: 1.6,
  parquet: 0.8,
  tiles: 0.6,
  mosaic: 0.3,
  carpet: 0.5,
  fabric: 0.12,
  knit: 0.25,
  leather: 0.3,
  plaster: 1.5,
  wallpaper: 0.7,
  brushed: 0.4,
  marble: 0.8,
  concrete: 1.2,
  leaf: 0.25,
  screen: 'fit',
  paper: 0.3,
  pages: 0.05,
  wicker: 0.15,
  art: 'fit',
  landscape: 'fit',
  clock: 'fit',
  keyboard: 'fit',
  rug: 'fit',
  grille: 0.08,
  glass: 'fit',
};

export const PATTERN_LAYER = Object.fromEntries(PATTERNS.map((p, i) => [p, i])) as Record<Pattern, number>;
