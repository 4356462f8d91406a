"""Quality benchmark on the devset: real news pages from third-party sites.

    python benchmarks/quality.py              # the table, and every body line lost
    python benchmarks/quality.py --kept       # also list the boilerplate lines kept
    python benchmarks/quality.py --case ID    # one case, line by line

For each view of the devset (``residual``: what a recall-oriented HTML extractor leaves;
``raw``: all visible text of the page), it prints body-line recall, boilerplate-line
removal and token precision/recall/F1 for the default pipeline and for the identity
baseline (the input unchanged), with the same scoring as benchmarks/devset/score.py.
Then it lists the body lines the cleaner lost, each with the rule that removed it, so
that every misclassification we accept is in plain sight.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "devset"))

import score  # noqa: E402  (benchmarks/devset/score.py, the devset's own scorer)

import cleantext  # noqa: E402

TARGETS = {
    "residual": {"body_line_recall": 0.995, "boilerplate_removal": 0.80},
    "raw": {"body_line_recall": 0.995, "boilerplate_removal": 0.85, "token_f1": 0.944},
}


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(cases, clean):
    """Score ``clean`` on every case; returns per-view aggregates and per-case details."""
    rows, details = [], []
    for case in cases:
        t0 = time.perf_counter()
        result = clean(case["input"])
        secs = time.perf_counter() - t0
        text = result.text if hasattr(result, "text") else result
        row = score.score_case(case, text)
        row.update(id=case["id"], view=case["view"], seconds=secs, error=None,
                   input_bytes=len(case["input"].encode("utf-8")))
        rows.append(row)
        details.append((case, result, text))
    views = {}
    for view in ("residual", "raw"):
        views[view] = score.aggregate([r for r in rows if r["view"] == view])
    return views, details


def misclassified(details, kept_boilerplate: bool):
    """Body lines lost (with the removing rule) and, optionally, boilerplate lines kept."""
    lost, kept = [], []
    for case, result, text in details:
        target = score.Target(text)
        by_line = {}
        for r in getattr(result, "removed", []):
            by_line.setdefault(r.line, r.rule)
        for n, (line, label) in enumerate(zip(case["input"].split("\n"), case["labels"]), 1):
            if label == "body" and not target.contains(line):
                lost.append((case["id"], n, by_line.get(n, "?"), line))
            elif kept_boilerplate and label == "boilerplate" and target.contains(line):
                kept.append((case["id"], n, line))
    return lost, kept


def fmt_row(name, m, targets=None):
    cells = []
    for key in ("body_line_recall", "boilerplate_removal", "token_precision", "token_recall", "token_f1"):
        v = m[key]
        mark = ""
        if targets and key in targets:
            mark = " ok" if v >= targets[key] else " LOW"
        cells.append(f"{v:.3f}{mark:4}")
    return f"  {name:<10}" + "".join(f"{c:>12}" for c in cells)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default=str(HERE / "devset" / "cases.jsonl"))
    ap.add_argument("--kept", action="store_true", help="also list boilerplate lines kept")
    ap.add_argument("--case", help="show one case line by line (K kept, - removed, with the rule)")
    args = ap.parse_args(argv)
    cases = load_cases(Path(args.cases))
    pipeline = cleantext.Pipeline()

    if args.case:
        case = next(c for c in cases if c["id"] == args.case)
        result = pipeline.run(case["input"])
        by_line = {r.line: r.rule for r in result.removed}
        target = score.Target(result.text)
        for n, (line, label) in enumerate(zip(case["input"].split("\n"), case["labels"]), 1):
            ok = target.contains(line) == (label == "body") or label == "blank"
            print(f"{'  ' if ok else '!!'}{label[:4]:<5}{n:>4} {by_line.get(n, ''):<28} {line[:110]}")
        return 0

    views, details = evaluate(cases, pipeline.run)
    base, _ = evaluate(cases, lambda text: text)
    print(f"devset: {len(cases)} cases ({args.cases})")
    print(f"  {'':<10}" + "".join(f"{h:>12}" for h in ("body_recall", "bp_removal", "tok_P", "tok_R", "tok_F1")))
    for view in ("residual", "raw"):
        print(f"{view} ({views[view]['cases']} cases, {views[view]['body_lines']} body lines, "
              f"{views[view]['boilerplate_lines']} boilerplate lines)")
        print(fmt_row("cleantext", views[view], TARGETS[view]))
        print(fmt_row("identity", base[view]))
        secs = views[view]["seconds"]
        print(f"  {'':<10}{views[view]['cases'] / secs:.0f} docs/s, {views[view]['mb_per_s']:.2f} MB/s")

    lost, kept = misclassified(details, args.kept)
    print(f"\nbody lines lost: {len(lost)}")
    for cid, n, rule, line in lost:
        print(f"  {cid}:{n} [{rule}] {line[:120]}")
    if args.kept:
        print(f"\nboilerplate lines kept: {len(kept)}")
        for cid, n, line in kept:
            print(f"  {cid}:{n} {line[:120]}")
    rules = Counter(rule for _, _, rule, _ in lost)
    if rules:
        print("\nlost body lines by rule: " + ", ".join(f"{r} {c}" for r, c in rules.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
