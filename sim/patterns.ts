/**
 * Names of the surface patterns a material can carry (its texture in the realistic look; the flat
 * look ignores them). render/patterns.ts draws each one; scene.json parts and room surfaces name
 * theirs so that any renderer can pick its own texture for it.
 */
export const PATTERNS = [
  'plain',
  'wood',
  'planks',
  'parquet',
  'tiles',
  'mosaic',
  'carpet',
  'fabric',
  'knit',
  'leather',
  'plaster',
  'wallpaper',
  'brushed',
  'marble',
  'concrete',
  'leaf',
  'screen',
  'paper',
  'pages',
  'wicker',
  'art',
  'landscape',
  'clock',
  'keyboard',
  'rug',
  'grille',
  'glass',
] as const;
export type Pattern = (typeof PATTERNS)[number];
