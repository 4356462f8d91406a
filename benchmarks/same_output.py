"""Guard for speed work: does cleantext still give byte-for-byte the same output?

    python benchmarks/same_output.py --record   # before a change: write out/same-output.json
    python benchmarks/same_output.py            # after it: compare, list every document that moved

The corpus: every devset input, 3 MB of the synthetic news corpus, the same news garbled as
mojibake, documents of 1 KB to 100 KB, and a shortened copy of each hostile class of
``hostile.py``. For each document it keeps a SHA-256 of the clean text and of the
removals' (filter, rule, line, columns), so a change that removes the same text by another
rule shows up too. Exit status 1 when anything moved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import hostile  # noqa: E402

import cleantext  # noqa: E402

DEFAULT = HERE / "out" / "same-output.json"
MB = 1_000_000


def documents() -> dict[str, str]:
    docs: dict[str, str] = {}
    with open(HERE / "devset" / "cases.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            docs[f"devset:{n}"] = json.loads(line)["input"]
    material = corpus.SeedMaterial.load()
    news = corpus.news_corpus(3 * MB, material=material).docs
    for n, d in enumerate(news):
        docs[f"news:{n}"] = d
    for n, d in enumerate(news[:150]):
        docs[f"mojibake:{n}"] = corpus.mojibake(d)
    for size in (1_000, 10_000, 100_000):
        for n, d in enumerate(corpus.sized_documents(size, 5, material=material)):
            docs[f"sized-{size}:{n}"] = d
    for name, class_docs in hostile.classes(0.05):
        for n, d in enumerate(class_docs[:20]):
            docs[f"hostile:{name}:{n}"] = d
    return docs


def fingerprint(pipeline: cleantext.Pipeline, text: str) -> dict[str, str]:
    result = pipeline.run(text)
    removals = [(r.filter, r.rule, r.line, r.start, r.end) for r in result.removed]
    return {
        "text": hashlib.sha256(result.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "removals": hashlib.sha256(repr(removals).encode("utf-8", "surrogatepass")).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--record", action="store_true", help="write the fingerprints instead of comparing")
    p.add_argument("--file", type=Path, default=DEFAULT, help=f"fingerprint file (default {DEFAULT})")
    args = p.parse_args(argv)

    pipeline = cleantext.Pipeline()
    prints = {name: fingerprint(pipeline, text) for name, text in documents().items()}
    if args.record:
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(json.dumps(prints, indent=0, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(prints)} documents in {args.file}")
        return 0
    if not args.file.exists():
        print(f"no fingerprints at {args.file}: run with --record first", file=sys.stderr)
        return 2
    before = json.loads(args.file.read_text(encoding="utf-8"))
    moved = [name for name in sorted(set(before) | set(prints)) if before.get(name) != prints.get(name)]
    for name in moved:
        what = "missing" if name not in prints or name not in before else \
            ", ".join(k for k in ("text", "removals") if before[name][k] != prints[name][k])
        print(f"moved: {name} ({what})")
    print(f"{len(prints)} documents, {len(moved)} moved")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main())
