import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CHOICE_DIRECT, NUMBER_DIRECT, unitInstruction } from '../bench/prompt';
import { UNITS } from '../tasks/schema';
import { writeFileAtomic } from '../util/files';
import { packageRoot } from '../util/paths';
import { exportHf, type HfOptions } from './export-hf';
import { type ExportPlan, planItems, shapeOf } from './export-plan';

/**
 * `sim export --format lmms-eval`: a task folder that lmms-eval runs as it is
 * (`python -m lmms_eval --tasks roomsim --include_path OUT …`):
 *   hf/                     the hf export of the split: the rows, with their images embedded
 *   _default_template_yaml  what the tasks share: the parquet files, prompts, scoring and metrics
 *   roomsim.yaml            every question with images answered with a letter or a number
 *   roomsim_pairs.yaml      the far-looks-up pairs only (when the split has pairs)
 *   roomsim_video.yaml      the questions about whole walkthroughs, shown as the video (when any)
 *   video/<scene>.mp4       those walkthroughs' videos
 *   utils.py                visuals, prompts, scoring and aggregations (pipeline/lmms-eval/utils.py)
 *   prompts.json            `sim eval`'s instruction lines (bench/prompt.ts), which utils.py adds
 * The YAML names the parquet files by absolute path (lmms-eval resolves relative ones against the
 * working directory in most versions), so the folder is tied to where it was written.
 */

/** The shapes (`shapeOf`) the tasks ask; utils.py's ASKED says the same in Python. */
const ASKED = new Set(['image-choice', 'image-number']);

/** Metrics over the whole run, aggregated by utils.py; each task's mean is added by name. */
const OVERALL = { metric: 'overall', aggregation: '!function utils.aggregate_overall', higher: true };
const PAIR_METRICS = [
  { metric: 'far_looks_up_gap', aggregation: '!function utils.aggregate_gap', higher: false },
  { metric: 'far_looks_up_consistent', aggregation: '!function utils.aggregate_consistent', higher: true },
  { metric: 'far_looks_up_counter', aggregation: '!function utils.aggregate_counter', higher: true },
];

interface Metric {
  metric: string;
  aggregation: string;
  higher: boolean;
}

const perTask = (tasks: readonly string[]): Metric[] =>
  tasks.map((metric) => ({ metric, aggregation: 'mean', higher: true }));

export async function exportLmmsEval(plan: ExportPlan, hf: HfOptions): Promise<string[]> {
  const hfDir = join(plan.out, 'hf');
  const hfFiles = (await exportHf({ ...plan, out: hfDir }, hf)).map((f) => `hf/${f}`);
  const { tasks, videoTasks, videos } = await copyVideos(plan);
  const split = plan.splits[0];
  const dataFiles = hfFiles.filter((f) => f.endsWith('.parquet')).map((f) => resolve(plan.out, f));

  const files: Record<string, string> = {
    _default_template_yaml: template(split, dataFiles, [
      OVERALL,
      ...(plan.paired ? PAIR_METRICS : []),
      ...perTask(tasks),
    ]),
    'roomsim.yaml': taskYaml('roomsim', 'every question with images', 'process_docs'),
  };
  if (plan.paired)
    files['roomsim_pairs.yaml'] = taskYaml(
      'roomsim_pairs',
      'the far-looks-up pairs only',
      'process_docs_pairs',
    );
  if (videos.length)
    files['roomsim_video.yaml'] = taskYaml(
      'roomsim_video',
      'the walkthrough questions, shown as video',
      'process_docs_video',
      `doc_to_visual: !function utils.doc_to_visual_video\nmetric_list:\n${metricList([OVERALL, ...perTask(videoTasks)])}`,
    );
  files['utils.py'] = await readFile(join(packageRoot(), 'pipeline', 'lmms-eval', 'utils.py'), 'utf8');
  files['prompts.json'] = `${JSON.stringify(prompts(), null, 2)}\n`;
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(plan.out, name), text);
  return [...hfFiles, ...videos, ...Object.keys(files)];
}

/** The instruction lines `sim eval --prompt-style direct` adds after a question. */
export function prompts(): { choice: string; number: string; units: Record<string, string> } {
  return {
    choice: CHOICE_DIRECT,
    number: NUMBER_DIRECT,
    units: Object.fromEntries(UNITS.map((u) => [u, unitInstruction(u)])),
  };
}

/**
 * A second pass without images: copies each walkthrough's video once (qa.jsonl is ordered by scene)
 * and collects the tasks asked, and those asked about a video, sorted.
 */
async function copyVideos(
  plan: ExportPlan,
): Promise<{ tasks: string[]; videoTasks: string[]; videos: string[] }> {
  const tasks = new Set<string>();
  const videoTasks = new Set<string>();
  const videos: string[] = [];
  for await (const { item } of planItems(plan)) {
    if (!ASKED.has(shapeOf(item))) continue;
    tasks.add(item.task);
    if (!item.video) continue;
    videoTasks.add(item.task);
    const name = `video/${item.scene}.mp4`;
    if (videos.at(-1) === name) continue;
    await mkdir(join(plan.out, 'video'), { recursive: true });
    await copyFile(join(plan.dir, item.video), join(plan.out, name));
    videos.push(name);
  }
  return { tasks: [...tasks].sort(), videoTasks: [...videoTasks].sort(), videos };
}

/** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
const quoted = (s: string) => JSON.stringify(s);

function metricList(metrics: readonly Metric[]): string {
  return metrics
    .map(
      (m) => `  - metric: ${m.metric}
    aggregation: ${m.aggregation}
    higher_is_better: ${m.higher}
`,
    )
    .join('');
}

function template(split: string, dataFiles: readonly string[], metrics: readonly Metric[]): string {
  return `# roomsim for lmms-eval, written by \`sim export --format lmms-eval\`: what the task YAMLs in this
# folder share (a file without .yaml, so lmms-eval does not take it for a task). Run:
#   python -m lmms_eval --model <model> --model_args <…> --tasks roomsim --include_path <this folder>
dataset_path: parquet
dataset_kwargs:
  data_files:
    ${split}:
${dataFiles.map((f) => `      - ${quoted(f)}\n`).join('')}test_split: ${split}
output_type: generate_until
doc_to_visual: !function utils.doc_to_visual
doc_to_text: !function utils.doc_to_text
doc_to_target: answer
# As lmms-eval's VSI-Bench task: greedy, a short answer.
generation_kwargs:
  max_new_tokens: 16
  temperature: 0
  top_p: 1.0
  num_beams: 1
  do_sample: false
process_results: !function utils.process_results
metric_list:
${metricList(metrics)}# The instruction lines \`sim eval --prompt-style direct\` sends; a model's own block (as in
# VSI-Bench's YAML) replaces them for that model.
lmms_eval_specific_kwargs:
  default:
    pre_prompt: ""
    mca_post_prompt: ${quoted(CHOICE_DIRECT)}
    na_post_prompt: ${quoted(NUMBER_DIRECT)}
metadata:
  - version: 0.0
`;
}

/** A task YAML: the template, the task's name, its questions (a utils.py function), and what it changes. */
function taskYaml(task: string, what: string, processDocs: string, overrides = ''): string {
  return `# ${what}
task: ${task}
include: _default_template_yaml
process_docs: !function utils.${processDocs}
${overrides}`;
}
