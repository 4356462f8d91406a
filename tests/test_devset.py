"""Regression guard on real pages: the devset's body lines must come through.

benchmarks/quality.py prints the full figures; this test only holds the line that
matters most: body-line recall of the default pipeline stays at or above 0.995 in both
views of benchmarks/devset (161 cases from 60 news sites), scored by the devset's own
scorer.
"""

import json
import sys

import pytest

import cleantext
from conftest import ROOT

DEVSET = ROOT / "benchmarks" / "devset"
MIN_BODY_RECALL = 0.995

sys.path.insert(0, str(DEVSET))
score = pytest.importorskip("score")


@pytest.fixture(scope="module")
def recall_by_view() -> dict[str, tuple[int, int, list[str]]]:
    pipeline = cleantext.Pipeline()
    totals: dict[str, tuple[int, int, list[str]]] = {}
    for raw in (DEVSET / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(raw)
        target = score.Target(pipeline.clean(case["input"]))
        kept, body, lost = totals.get(case["view"], (0, 0, []))
        for n, (line, label) in enumerate(zip(case["input"].split("\n"), case["labels"]), 1):
            if label == "body":
                body += 1
                if target.contains(line):
                    kept += 1
                else:
                    lost.append(f"{case['id']}:{n} {line[:80]}")
        totals[case["view"]] = (kept, body, lost)
    return totals


@pytest.mark.parametrize("view", ["residual", "raw"])
def test_body_line_recall(recall_by_view, view):
    kept, body, lost = recall_by_view[view]
    recall = kept / body
    assert recall >= MIN_BODY_RECALL, (
        f"{view}: body-line recall {recall:.4f} < {MIN_BODY_RECALL}; lost:\n" + "\n".join(lost))
