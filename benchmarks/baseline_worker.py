"""Times clean-text's ``clean()`` (the PyPI package ``clean-text``) on a JSONL file.

The PyPI package imports as ``cleantext``, like this project, so it cannot be timed in the
benchmark's own process. throughput.py installs it in a virtual environment of its own
(benchmarks/out/venv-clean-text) and runs this script there:

    VENV/bin/python -I benchmarks/baseline_worker.py --jobs N FILE.jsonl

It cleans every record's ``text`` with clean-text's default settings, the way a user who
picked it would call it, and prints one JSON object: seconds, documents, bytes. The clock
covers the cleaning only (start-up, imports and reading the file are outside it), as for
the in-process measurements of our library.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # timing.py (run with -I)

import timing  # noqa: E402


def _clean_text_clean():
    """clean-text's clean(), refusing to run if ``cleantext`` is this project instead."""
    from importlib import metadata

    metadata.version("clean-text")  # raises if the PyPI package is not the one installed
    import cleantext

    if not hasattr(cleantext, "clean") or hasattr(cleantext, "Pipeline"):
        raise SystemExit("baseline_worker: 'cleantext' here is not the PyPI clean-text package")
    return cleantext.clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="JSONL file, one document per record")
    parser.add_argument("--field", default="text")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--version", action="store_true", help="print clean-text's version")
    args = parser.parse_args()
    if args.version:
        from importlib import metadata

        print(metadata.version("clean-text"))  # noqa: T201
        return 0
    with open(args.file, encoding="utf-8") as fh:
        docs = [json.loads(line)[args.field] for line in fh if line.strip()]
    clean = _clean_text_clean()
    clean(docs[0])  # warm-up: first-call imports and caches stay outside the clock
    sample = timing.time_workers(clean, docs, args.jobs)
    result = {"seconds": sample.seconds, "docs": sample.ndocs, "bytes": sample.nbytes}
    print(json.dumps(result))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
