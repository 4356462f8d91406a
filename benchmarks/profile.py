"""Where cleantext.clean() spends its time: cProfile over the benchmark corpus.

    .venv/bin/python benchmarks/profile.py                 # 2 MB of news, top 25 functions
    .venv/bin/python benchmarks/profile.py --mojibake      # the mojibake variant instead
    .venv/bin/python benchmarks/profile.py --line --mb 1   # one 1 MB line (no line breaks)
    .venv/bin/python benchmarks/profile.py --size 1000     # 1 KB documents (a scaling row)
    .venv/bin/python benchmarks/profile.py --mb 5 --top 40 --save out.prof
    .venv/bin/python benchmarks/profile.py --corpus my.jsonl --field text

Prints the top functions by cumulative time (which calls are expensive, callees
included) and by total time (where the interpreter actually is), plus the wall time with
and without the profiler (cProfile slows pure-Python code down, unevenly: read the
shares, not the absolute figures). ``--save`` writes the raw stats for snakeviz or
``python -m pstats``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file is named profile.py, like the standard module that cProfile imports: take our
# folder off the path while importing cProfile, or it would import this file instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
import cProfile  # noqa: E402
import pstats  # noqa: E402

sys.path.insert(0, str(HERE))

import argparse  # noqa: E402
import time  # noqa: E402

import corpus  # noqa: E402
from timing import MB, utf8_size  # noqa: E402


def documents(args: argparse.Namespace) -> list[str]:
    """The first ``--mb`` megabytes of the benchmark's corpus (or the user's), or one line
    of that size."""
    if args.line:
        docs = [corpus.long_line(int(args.mb * MB))]
    elif args.size:
        docs = corpus.cut_documents(args.size, int(args.mb * MB))
    elif args.corpus:
        docs = corpus.load_user_corpus(Path(args.corpus), args.field).docs
    else:
        docs = corpus.news_corpus(total_bytes=int(args.mb * MB) + 20_000).docs
    if args.mojibake:
        docs = [corpus.mojibake(d) for d in docs]
    chosen, size = [], 0
    for d in docs:
        if size >= args.mb * MB:
            break
        chosen.append(d)
        size += len(d.encode("utf-8"))
    return chosen


def run(clean, docs: list[str]) -> None:
    for d in docs:
        clean(d)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    p.add_argument("--mb", type=float, default=2.0, help="megabytes of text to clean (default 2)")
    p.add_argument("--top", type=int, default=25, help="functions to list (default 25)")
    p.add_argument("--mojibake", action="store_true", help="profile the mojibake variant")
    p.add_argument("--line", action="store_true", help="profile one line of --mb megabytes")
    p.add_argument("--size", type=int,
                   help="documents of this many bytes, as in the scaling table's size rows")
    p.add_argument("--corpus", help="a JSONL file or a directory of *.txt files instead")
    p.add_argument("--field", default="text", help="JSONL field holding the text")
    p.add_argument("--save", help="write the raw profile here (for snakeviz / pstats)")
    args = p.parse_args(argv)

    import cleantext

    docs = documents(args)
    size = utf8_size(docs)
    cleantext.clean(docs[0])  # build the default pipeline before the profile starts

    start = time.perf_counter()
    run(cleantext.clean, docs)
    plain = time.perf_counter() - start

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(run, cleantext.clean, docs)
    profiled = time.perf_counter() - start

    print(f"{len(docs)} documents, {size / MB:.2f} MB{' (mojibake)' if args.mojibake else ''}: "  # noqa: T201
          f"{plain:.2f} s without the profiler ({size / MB / plain:.2f} MB/s), "
          f"{profiled:.2f} s with it")
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    stats.strip_dirs()
    for key, what in (("cumulative", "cumulative time (callees included)"),
                      ("tottime", "total time (the function's own code)")):
        print(f"\n=== top {args.top} by {what} ===")  # noqa: T201
        stats.sort_stats(key).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
