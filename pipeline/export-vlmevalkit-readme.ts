import { letter } from '../tasks/schema';
import type { ExportPlan } from './export-plan';

/**
 * README.txt of the vlmevalkit export: what each file written holds, how to register and run it
 * in VLMEvalKit, and how to score the numeric file (VLMEvalKit has no metric for it).
 */
export function vlmEvalKitReadme(
  plan: ExportPlan,
  opts: { name: string; circular: boolean },
  written: readonly string[],
  left: readonly string[],
  /** What rotation r adds to an index (--circular). */
  offset: number,
): string {
  const data = (suffix: string) => written.find((f) => f.endsWith(suffix))?.replace(/\.tsv$/, '');
  const mcq = data(opts.circular ? '_mcq_circular.tsv' : '_mcq.tsv');
  const numeric = data('_numeric_openended.tsv');
  const text = data('_text_mcq.tsv');
  const tunnel = data('_spatialtunnel.tsv');
  const circular = `
    Every rotation of every question: rotation r has index = index + r x ${offset}, the
    options rotated left by r places (as \`sim eval --circular\` asks them), and g_index = the
    unrotated row's index, which its image cell also holds (VLMEvalKit looks the image up there).
    The name contains "circular", so VLMEvalKit counts a question right only if every rotation is.`;
  const sections = [
    mcq &&
      `${mcq}.tsv
    Choice questions with images, in VLMEvalKit's custom MCQ layout: index (the question's line
    in qa.jsonl, from 0), image (base64 PNG; several frames as a Python list literal), image_path
    (the frames' paths in the dataset), question, options A..${letter(plan.maxChoices - 1)} (empty when a question has
    fewer), answer (a letter), category (the task), l2-category (the depth_order pair role,
    consistent or counter, else static or dynamic), split, qa_id, scene, kind, pair_id, pair_role.${opts.circular ? circular : ''}`,
    numeric &&
      `${numeric}.tsv
    Numeric questions with images: the same columns without options and pair fields; question
    ends with the instruction \`sim eval\` sends ("Answer with a number in meters (m)." ...);
    answer is a number in unit (m, cm, m2, deg or count). "openended" in the name makes
    VLMEvalKit treat it as open-ended (VQA), so models get no multiple-choice prompt.`,
    text &&
      `${text}.tsv
    Choice questions in text form (no images): index, question, hint (the description of the
    scene the question is about), options, answer and the MCQ file's extra columns. Without an
    image column VLMEvalKit loads it as a custom text MCQ dataset.`,
    tunnel &&
      `${tunnel}.tsv
    The far-looks-up pairs (depth_order) in SpatialTunnel's columns: index, question_id, category
    ("close": the answer is the closer object), question, image, answer, A-D, plus pair_id,
    pair_role (consistent or counter) and split.`,
    left.length && `Not exported (no custom VLMEvalKit dataset holds them): ${left.join(', ')}.`,
  ].filter(Boolean);
  const runs = [
    mcq && `python run.py --data ${mcq} --model Qwen2.5-VL-7B-Instruct --judge exact_matching`,
    text && `python run.py --data ${text} --model Qwen2.5-VL-7B-Instruct --judge exact_matching`,
    numeric && `python run.py --data ${numeric} --model Qwen2.5-VL-7B-Instruct --mode infer`,
  ].filter(Boolean);
  return `roomsim questions for VLMEvalKit
================================

Exported by \`sim export --format vlmevalkit${opts.circular ? ' --circular' : ''}\` from a roomsim dataset
(seed ${plan.dataset.seed}, ${plan.dataset.counts.scenes} scenes), splits ${plan.splits.join(', ')}.
roomsim's docs/eval.md walks through running it, docs/exports.md describes every column.
The dataset names VLMEvalKit sees are the file names without .tsv.

${sections.join('\n\n')}

Register them (no code needed): copy the .tsv files into VLMEvalKit's data folder, $LMUData
(default ~/LMUData), and pass their names to run.py:

    cp ${written.join(' ')} "\${LMUData:-$HOME/LMUData}/"
${runs.map((r) => `    ${r}\n`).join('')}
VLMEvalKit scores the MCQ files itself and reports accuracy per split, category (task) and
l2-category; the gap between "consistent" and "counter" is the far-looks-up bias. It has no
metric for custom open-ended data: score numeric answers by Mean Relative Accuracy, as VSI-Bench
and \`sim eval\` do: for thresholds t in 0.50, 0.55, ..., 0.95, the share with
|pred - answer| / answer <= 1 - t (an answer that holds no number scores 0). On VLMEvalKit's
predictions file:

    import re, numpy as np, pandas as pd
    df = pd.read_excel("outputs/<model>/<run>/<model>_${numeric ?? `${opts.name}_numeric_openended`}.xlsx")
    ts = np.linspace(0.5, 0.95, 10)
    def number(s):
        m = re.search(r"-?\\d+(?:\\.\\d+)?", str(s))
        return float(m.group()) if m else None
    def mra(pred, gt):
        p = number(pred)
        return 0.0 if p is None else float(np.mean(abs(p - gt) / gt <= 1 - ts))
    df["mra"] = [mra(p, float(a)) for p, a in zip(df["prediction"], df["answer"])]
    print(df.groupby("category")["mra"].mean(), df["mra"].mean())

Note: pandas reads the texts NA, None, null, nan and the like as missing values, even when
quoted, so an option with such a text would be dropped; the export warns when it sees one.
pandas also reads scene as a number: pass dtype={"scene": str} to keep its leading zeros.
`;
}
