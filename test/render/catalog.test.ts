import { describe, expect, it } from 'vitest';
import { objectGeometry } from '../../render/part-geometry';
import { CatalogSchema, loadCatalog } from '../../sim/catalog';
import { PREVIEW_SIZES, previewScene } from '../../sim/preview';
import { parseOrThrow } from '../../util/errors';

/**
 * The catalog as the renderer builds it: every variant of every category, at both ends of its size
 * range and in the middle, turns into triangles that all lie inside the object's box (the box is
 * what physics, annotations and questions use); and the schema refuses a part that leaves its box.
 */

const catalog = loadCatalog();

describe('catalog', () => {
  it('covers at least 60 categories, each with its own look', () => {
    expect(catalog.categories.length).toBeGreaterThanOrEqual(60);
    for (const c of catalog.categories) expect(c.variants.length, c.name).toBeGreaterThanOrEqual(1);
  });

  it('builds every variant at every size, and the object box bounds every triangle', () => {
    let variants = 0;
    for (const category of catalog.categories)
      for (const variant of category.variants) {
        variants++;
        for (const size of PREVIEW_SIZES) {
          const object = previewScene(catalog, category, variant, size, 64).objects[0];
          const g = objectGeometry(object.parts, object.size);
          const where = `${category.name} / ${variant.name} (${size})`;
          expect(g.getAttribute('position').count, where).toBeGreaterThan(0);
          const { min, max } = g.boundingBox!;
          for (const [a, axis] of (['x', 'y', 'z'] as const).entries()) {
            expect(max[axis], where).toBeLessThanOrEqual(object.size[a] / 2 + 1e-5);
            expect(min[axis], where).toBeGreaterThanOrEqual(-object.size[a] / 2 - 1e-5);
          }
          g.dispose();
        }
      }
    expect(variants).toBeGreaterThanOrEqual(catalog.categories.length);
  });

  it('refuses a part that sticks out of its box, naming the field', () => {
    const broken = structuredClone(catalog);
    const bed = broken.categories.find((c) => c.name === 'bed')!;
    bed.variants[0].parts[0].center = [0.3, 0, 0];
    bed.variants[0].parts[0].size = [0.6, 0.5, 0.5];
    const bedIndex = broken.categories.indexOf(bed);
    expect(() => parseOrThrow(CatalogSchema, broken, 'assets/catalog.json')).toThrow(
      `assets/catalog.json: categories[${bedIndex}].variants[0].parts[0].center: part sticks out`,
    );
  });
});
