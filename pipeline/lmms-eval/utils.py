"""roomsim in lmms-eval: the prompts, visuals, scoring and aggregations of the tasks in this folder.

Copied here by roomsim's `sim export --format lmms-eval` (from pipeline/lmms-eval/utils.py). The rows
are roomsim's Hugging Face export (hf/). Each question is asked as `sim eval --prompt-style direct`
asks it (its instruction lines are in prompts.json, written from roomsim's bench/prompt.ts) and
scored as lmms-eval's VSI-Bench task scores: a letter by the first token of the reply, a number by
Mean Relative Accuracy of that token read as a float. On the same replies the scores equal
`sim eval`'s strict scores.

Needs numpy only (lmms-eval has it); lmms-eval passes datasets rows with PIL images.
"""

import json
import os
from collections import defaultdict

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "prompts.json"), encoding="utf-8") as f:
    PROMPTS = json.load(f)

# The answer types these tasks ask and score. Text-form questions (no images) and structured answers
# (layouts, boxes, ...) are in hf/ as well but need other prompts and scorers.
ASKED = ("choice", "number")

# The metrics that aggregate over every question; process_results also gives each question's score
# under its task's name, averaged per task by lmms-eval's "mean".
WHOLE_RUN = ("overall", "far_looks_up_gap", "far_looks_up_consistent", "far_looks_up_counter")


def _asked(answer_type, extra):
    # A text-form question names its description (`context`) in `extra`; reading that column rather
    # than `images` keeps datasets from decoding every image while filtering.
    return answer_type in ASKED and "context" not in json.loads(extra or "{}")


def process_docs(dataset):
    """Task roomsim: every question with images answered with a letter or a number."""
    return dataset.filter(_asked, input_columns=["answer_type", "extra"])


def process_docs_pairs(dataset):
    """Task roomsim_pairs: the far-looks-up pairs only (depth_order twins)."""
    return dataset.filter(
        lambda answer_type, extra, pair: _asked(answer_type, extra) and pair is not None,
        input_columns=["answer_type", "extra", "pair"],
    )


def process_docs_video(dataset):
    """Task roomsim_video: the questions about a whole walkthrough, shown as its video."""
    return dataset.filter(
        lambda answer_type, extra: _asked(answer_type, extra) and "video" in json.loads(extra),
        input_columns=["answer_type", "extra"],
    )


def doc_to_visual(doc):
    """The frames the question is about, in order, as PIL images."""
    return [image.convert("RGB") for image in doc["images"]]


def doc_to_visual_video(doc):
    """A walkthrough's video (copied next to this file by the export), for models that take video."""
    return [os.path.join(HERE, "video", doc["scene"] + ".mp4")]


def doc_to_text(doc, lmms_eval_specific_kwargs=None):
    """pre_prompt, the question, the options ("A. ...") or the unit asked for, then the post prompt."""
    kwargs = lmms_eval_specific_kwargs or {}
    if doc["answer_type"] == "choice":
        options = "\n".join(f"{chr(65 + k)}. {choice}" for k, choice in enumerate(doc["choices"]))
        lines = [doc["question"], "Options:\n" + options, kwargs.get("mca_post_prompt", PROMPTS["choice"])]
    else:
        lines = [doc["question"], PROMPTS["units"][doc["unit"]], kwargs.get("na_post_prompt", PROMPTS["number"])]
    return "\n".join(line for line in [kwargs.get("pre_prompt", "")] + lines if line)


def process_results(doc, results):
    score = score_reply(doc, results[0])
    record = {"task": doc["task"], "pair": doc["pair"], "score": score}
    metrics = {name: record for name in WHOLE_RUN}
    metrics[doc["task"]] = score
    return metrics


def score_reply(doc, reply):
    """1 or 0 for a letter; Mean Relative Accuracy for a number; 0 for a reply that does not parse."""
    if doc["answer_type"] == "choice":
        return exact_match(fuzzy_matching(reply), doc["answer"])
    try:
        return float(
            mean_relative_accuracy(
                to_float(fuzzy_matching(reply)), doc["answer_number"], start=0.5, end=0.95, interval=0.05
            )
        )
    except TypeError:
        return 0.0


# From lmms-eval's VSI-Bench task (lmms_eval/tasks/vsibench/utils.py, MIT License), unchanged, so
# that scores compare with published VSI-Bench numbers: the thresholds are np.linspace(.5, .95, 10)
# and a threshold counts when the relative error is <= 1 - threshold. It divides by the ground
# truth as it is; roomsim's numeric answers are all positive.


def fuzzy_matching(pred):
    return pred.split(" ")[0].rstrip(".").strip()


def exact_match(pred, target):
    return 1.0 if pred.lower() == target.lower() else 0.0


def abs_dist_norm(pred, target):
    return abs(pred - target) / target


def mean_relative_accuracy(pred, target, start, end, interval):
    num_pts = (end - start) / interval + 2
    conf_intervs = np.linspace(start, end, int(num_pts))
    accuracy = abs_dist_norm(pred, target) <= 1 - conf_intervs
    return accuracy.mean()


def to_float(pred):
    try:
        pred = float(pred)
    except BaseException:
        pred = None
    return pred


# Aggregations over the records of process_results.


def aggregate_overall(results):
    """VSI-Bench's overall: the unweighted mean over tasks of each task's mean score."""
    by_task = defaultdict(list)
    for record in results:
        by_task[record["task"]].append(record["score"])
    return float(np.mean([np.mean(scores) for scores in by_task.values()]))


def _twins(results):
    """The scores of the pairs whose two twins were both asked, as {"consistent": s, "counter": s}."""
    roles = defaultdict(dict)
    for record in results:
        if record["pair"] is not None:
            roles[record["pair"]["id"]][record["pair"]["role"]] = record["score"]
    return [twins for twins in roles.values() if len(twins) == 2]


def aggregate_consistent(results):
    """Accuracy on the consistent twins (the farther object higher in the image)."""
    return float(np.mean([twins["consistent"] for twins in _twins(results)]))


def aggregate_counter(results):
    """Accuracy on the counter twins (the farther object lower in the image)."""
    return float(np.mean([twins["counter"] for twins in _twins(results)]))


def aggregate_gap(results):
    """The far-looks-up gap: consistent minus counter accuracy; near 1 for a model that reads depth from height."""
    return aggregate_consistent(results) - aggregate_counter(results)
