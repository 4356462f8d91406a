"""Hostile-input benchmark: time per MB for every input class, and rule time-outs.

    python benchmarks/hostile.py            # the table, about a minute
    python benchmarks/hostile.py --quick    # smaller inputs

A cleaner that runs unattended over millions of scraped documents meets every kind of
garbage; its cost must stay linear in the input. This prints, for ordinary news text and
for each hostile class, the time per MB of ``cleantext.Pipeline().run`` (median of a few
runs), its ratio to ordinary news, and how many rule scans ran out of time (each one is a
rule skipped for that document and reported in ``Result.timeouts``). Issue 6's bound: no
class above 3x the time per MB of ordinary news. Last, what ftfy alone costs on the
mojibake and the control-character classes: repairing them is ftfy's work.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)

import cleantext  # noqa: E402

MB = 1_000_000
BOUND = 3.0


def classes(scale: float) -> list[tuple[str, list[str]]]:
    """(name, documents) for every input class; ``scale`` shrinks the big ones."""
    big = int(10 * MB * scale)
    line = int(1 * MB * scale)
    material = corpus.SeedMaterial.load()
    news = corpus.news_corpus(int(4 * MB * scale), material=material).docs
    out = [
        ("ordinary news (2-15 KB articles)", news),
        ("1 KB documents", corpus.sized_documents(1_000, max(50, int(2000 * scale)), material=material)),
        ("100 KB documents", corpus.sized_documents(100_000, max(2, int(20 * scale)), material=material)),
        (f"one {big / MB:g} MB document", corpus.sized_documents(big, 1, material=material)),
        (f"one {big / MB:g} MB line", [corpus.long_line(big, material=material)]),
        ("100,000 one-word lines", ["\n".join(f"word{i % 97}" for i in range(int(100_000 * max(scale, 0.2))))]),
    ]
    adversarial = {
        "punctuation runs": "!" * line,
        "bullets": "* " * (line // 2),
        "nested brackets": "(" * (line // 2) + ")" * (line // 2),
        "a rule's prefix repeated": "you could close this page " * (line // 26),
        "a byline that never ends": "By " + "Aa " * (line // 3),
        "dates without end": "Oct 3, 2024 - " * (line // 14),
        "tiny sentences": "A b c. " * (line // 7),
        "mojibake": corpus.mojibake(" ".join(news)[:line]),
        "zero-width and controls": ("word\u200b\x00 " * (line // 7)),
    }
    out += [(f"adversarial: {k}", [v]) for k, v in adversarial.items()]
    return out


def measure(pipeline: cleantext.Pipeline, docs: list[str], repeats: int) -> tuple[float, int]:
    """Median seconds per MB over ``repeats`` runs, and rule time-outs in one run."""
    size = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / MB
    times, timeouts = [], 0
    for r in range(repeats):
        t0 = time.perf_counter()
        for d in docs:
            result = pipeline.run(d)
            if r == 0:
                timeouts += len(result.timeouts)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) / size, timeouts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="inputs a tenth of the size")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    pipeline = cleantext.Pipeline()
    pipeline.run("warm-up")
    rows = []
    inputs = classes(scale)
    for name, docs in inputs:
        per_mb, timeouts = measure(pipeline, docs, args.repeats)
        rows.append((name, per_mb, timeouts))
        print(f"  measured {name}", file=sys.stderr)
    base = rows[0][1]
    print(f"{'input class':<44}{'s/MB':>9}{'x news':>9}{'time-outs':>11}")
    worst = 0.0
    for name, per_mb, timeouts in rows:
        ratio = per_mb / base
        worst = max(worst, ratio)
        flag = "" if ratio <= BOUND else "  OVER"
        print(f"{name:<44}{per_mb:>9.3f}{ratio:>9.2f}{timeouts:>11}{flag}")
    print(f"\nworst class: {worst:.2f}x ordinary news per MB (bound: {BOUND:g}x) -> "
          f"{'PASS' if worst <= BOUND else 'FAIL'}")
    # Repairing mojibake, and dropping control characters, is ftfy's work; show what ftfy
    # alone costs on those classes, with the settings cleantext uses (quotes kept) and
    # with its own defaults.
    import ftfy

    from cleantext.normalize import NormalizeConfig, _ftfy_config

    settings = _ftfy_config(NormalizeConfig())
    for name in ("mojibake", "zero-width and controls"):
        docs = dict(inputs)[f"adversarial: {name}"]
        for label, fix in (("ftfy.fix_text, cleantext's settings", lambda d: ftfy.fix_text(d, settings)),
                           ("ftfy.fix_text, its defaults", ftfy.fix_text)):
            per_mb = measure_call(fix, docs, args.repeats)
            print(f"{name} through {label}: {per_mb:.3f} s/MB, {per_mb / base:.2f}x ordinary news")
    return 0


def measure_call(call, docs: list[str], repeats: int) -> float:
    """Median seconds per MB of ``call`` over ``docs``."""
    size = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / MB
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for d in docs:
            call(d)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) / size


if __name__ == "__main__":
    sys.exit(main())
