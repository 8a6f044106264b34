"""Runs the utils.py of an lmms-eval task folder (`sim export --format lmms-eval`) as lmms-eval does,
on given rows and replies, without lmms-eval, datasets or a model: process_docs on a stand-in for
datasets.Dataset, then per row doc_to_visual, doc_to_text and process_results, then each metric's
aggregation over what process_results gave. For test/pipeline/export-lmms-eval.test.ts.

    /usr/bin/python3 lmms_eval_run.py JOB.json  ->  JSON on stdout

JOB: {"taskdir", "kwargs" (lmms_eval_specific_kwargs as lmms-eval passes them), "process_docs"
(names of utils functions; the first one chooses the rows the task asks), "metrics" ([{"metric",
"aggregation": "mean" or a utils function}]), "docs" (the rows, images as base64 PNG), "replies"
({id: reply} for the rows asked)}.
"""

import base64
import hashlib
import importlib.util
import io
import json
import sys

import numpy as np

try:  # Debian's python3-pil; without it doc_to_visual is not run.
    from PIL import Image
except ImportError:
    Image = None


class Dataset:
    """What process_docs uses of datasets.Dataset: filter with input_columns."""

    def __init__(self, rows):
        self.rows = rows

    def filter(self, function, input_columns=None):
        columns = input_columns or []
        return Dataset([row for row in self.rows if function(*[row[c] for c in columns])])


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    spec = importlib.util.spec_from_file_location("utils", job["taskdir"] + "/utils.py")
    utils = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(utils)

    docs = job["docs"]
    for doc in docs:
        pngs = [base64.b64decode(image) for image in doc["images"]]
        doc["images"] = [Image.open(io.BytesIO(png)) for png in pngs] if Image else pngs

    kept = {name: getattr(utils, name)(Dataset(docs)).rows for name in job["process_docs"]}
    docs = kept[job["process_docs"][0]]
    visuals = {}
    if Image:
        for doc in docs:
            visuals[doc["id"]] = [
                [image.mode, *image.size, hashlib.sha256(image.tobytes()).hexdigest()]
                for image in utils.doc_to_visual(doc)
            ]
    texts = {doc["id"]: utils.doc_to_text(doc, job["kwargs"]) for doc in docs}

    per_metric = {m["metric"]: [] for m in job["metrics"]}
    scores = {}
    for doc in docs:
        results = utils.process_results(doc, [job["replies"][doc["id"]]])
        scores[doc["id"]] = results[doc["task"]]
        for name, value in results.items():
            if name in per_metric:
                per_metric[name].append(value)
    metrics = {}
    for m in job["metrics"]:
        values = per_metric[m["metric"]]
        if values:
            aggregate = np.mean if m["aggregation"] == "mean" else getattr(utils, m["aggregation"])
            metrics[m["metric"]] = float(aggregate(values))
    kept_ids = {name: [doc["id"] for doc in rows] for name, rows in kept.items()}
    json.dump({"kept": kept_ids, "visuals": visuals, "texts": texts, "scores": scores, "metrics": metrics}, sys.stdout)


if __name__ == "__main__":
    main()
