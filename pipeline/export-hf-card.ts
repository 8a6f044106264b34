import { stringify } from 'yaml';
import { countsTable } from './counts';
import type { ExportPlan } from './export-plan';
import type { Column, Feature } from './hf-columns';

/**
 * The README.md dataset card of the hf export: YAML front matter that the Hub and `datasets` read
 * (configs with data_files per split, dataset_info with features and split sizes), then a body
 * saying what the data is, how it was made, its counts, fields, generation config and license.
 */
export function datasetCard(plan: ExportPlan, columns: readonly Column[], license: string): string {
  const splits = plan.splits.filter((s) => plan.perSplit[s] > 0);
  const { config, seed, counts } = plan.dataset;
  const front = {
    license,
    pretty_name: 'roomsim spatial questions',
    language: ['en'],
    task_categories: ['visual-question-answering'],
    tags: ['synthetic', 'spatial-reasoning', '3d', 'depth', 'multi-image', 'roomsim'],
    size_categories: [sizeCategory(plan.total)],
    configs: [{ config_name: 'default', data_files: splits.map((s) => ({ split: s, path: `data/${s}-*` })) }],
    dataset_info: {
      features: columns.map((c) => ({ name: c.name, ...yamlFeature(c.feature) })),
      splits: splits.map((s) => ({ name: s, num_examples: plan.perSplit[s] })),
    },
  };
  const { width, height } = config.image;
  return `---
${stringify(front).trimEnd()}
---

# roomsim spatial questions

Synthetic indoor rooms with exact ground truth, and spatial questions about them for evaluating
vision-language models: ${plan.total} questions about ${counts.scenes} scenes (${counts.frames} rendered frames of ${width}×${height} px).
Static questions ask about one image, dynamic ones about several frames of a moving camera or of
moving objects; the tasks are counted below.

## How it was made

With roomsim's \`sim generate\` (seed ${seed}, dataset format version ${plan.dataset.version}), then
\`sim export --format hf\`. Each scene is a metric room whose
objects are placed by a seeded sampler and settled with rigid-body physics; cameras (and, in
dynamic scenes, object motions) are planned in the room, and every view is rendered headless with
three.js in Chromium: RGB, metric depth and instance masks. The answers come from that ground truth:
metric facts (distances, sizes, motion) from the scene data, visibility and image positions from
the rendered masks. Scene *i* is a pure function of (config, seed, *i*), so the same command makes
the same questions. Splits are chosen per scene, so no scene is in two splits.

\`depth_order\` questions come in minimal pairs (\`pair.id\` shared by two rows): in the
*consistent* one the farther object is also higher in the image, in the *counter* one it is lower.
The accuracy gap between the two roles measures a model's "higher in the image means farther"
shortcut.

## Questions per task and split

${countsTable(plan.byTask, true)}

## Fields

| column | type | description |
|---|---|---|
${columns.map((c) => `| \`${c.name}\` | ${typeName(c.feature)} | ${c.doc.replaceAll('|', '\\|')} |`).join('\n')}

## Loading

\`\`\`python
from datasets import load_dataset

ds = load_dataset("path/to/this/folder")  # or the Hub repo id once uploaded
row = ds["${splits.includes('test') ? 'test' : splits[0]}"][0]
row["question"], row["choices"], row["answer"]
row["images"][0]  # a PIL image; questions about motion have several
\`\`\`

Choice questions are shown to a model with their options as lines \`A. …\`, \`B. …\` after the
question and answered with a letter. Numeric questions are scored by Mean Relative Accuracy (the
share of thresholds θ ∈ {0.50, 0.55, …, 0.95} with |pred − answer| / |answer| ≤ 1 − θ), as
\`sim eval\` does.

## Generation config

\`\`\`json
${JSON.stringify({ seed, config }, null, 2)}
\`\`\`

## License

${license}
`;
}

/** The feature in the card's YAML form (what datasets' Features._to_yaml_list writes). */
function yamlFeature(f: Feature): Record<string, unknown> {
  switch (f.type) {
    case 'image':
      return { dtype: 'image' };
    // `sequence` (not datasets 4's `list`) for the same reason as "Sequence" in the parquet metadata.
    case 'list': {
      const inner = yamlFeature(f.of);
      const keys = Object.keys(inner);
      return { sequence: keys.length === 1 && keys[0] === 'dtype' ? inner.dtype : inner };
    }
    case 'struct':
      return { struct: Object.entries(f.fields).map(([name, v]) => ({ name, ...yamlFeature(v) })) };
    default:
      return { dtype: f.type };
  }
}

function typeName(f: Feature): string {
  if (f.type === 'list') return `list of ${typeName(f.of)}`;
  if (f.type === 'struct') return `{${Object.keys(f.fields).join(', ')}}`;
  return f.type;
}

/** The Hub's size_categories buckets. */
function sizeCategory(n: number): string {
  const buckets: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
  ];
  return buckets.find(([limit]) => n < limit)?.[1] ?? '10M<n<100M';
}
