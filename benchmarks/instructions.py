"""What ``cleantext.clean()`` costs in machine instructions, counted by valgrind's callgrind.

    .venv/bin/python benchmarks/instructions.py                    # this tree, 1 MB of news
    .venv/bin/python benchmarks/instructions.py --against HEAD~1   # and a commit, side by side
    .venv/bin/python benchmarks/instructions.py --corpus devset --mb 0.5
    .venv/bin/python benchmarks/instructions.py --ftfy              # and ftfy.fix_text alone

The machines the speed work runs on are shared: wall-clock time moves by a third from one
run to the next, which hides a change of a few per cent, or fakes one. The number of
instructions a run executes moves by about 0.2 per cent. This counts them for
the cleaning alone: the documents are read and the rules compiled (on a few documents
cleaned first) before counting starts, and counting stops when the last document is
clean. ``--against REF`` counts the same documents through the package as it was at a
commit (checked out into a git worktree under ``benchmarks/out/``), in the same way;
``--ftfy`` counts ``ftfy.fix_text()`` alone on them, the baseline issue 5 sets its
target against (``clean()`` at 8x its speed).

It prints the instructions per byte of input and per document for each tree, the change
between them, and where this tree's instructions go: the interpreter running our Python
code, the string and bytes methods it calls (encoding, translating, counting, splitting),
the automaton, the regex engines, memory and dicts.

What it does not count: time in the kernel (the ``regex`` module's time limit reads the
process's CPU clock, two system calls per call of a rule, a few per cent of the time on
news) and time lost to cache misses. A change that moves those needs the throughput
benchmark's ratios too.

Needs valgrind (``apt install valgrind``); a run takes about 30 s per MB and tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# The process that is counted: it cleans a few documents (compiling the rules they
# need), says it is ready, waits for counting to start, cleans the rest, says so, and
# waits to be let go. Its arguments: the tree's src, the corpus, the megabytes, the
# prefix of the files it signals with, and what it calls ("clean" or "ftfy").
CHILD = r"""
import json, os, sys, time
src, which, mb, flag, call = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
sys.path.insert(0, src)
sys.path.insert(0, {benchmarks!r})
import cleantext
if not cleantext.__file__.startswith(src):
    sys.exit(f"imported {{cleantext.__file__}}, not the package in {{src}}")
if which == "news":
    import corpus
    docs = corpus.news_corpus(total_bytes=int(mb * 1e6) + 200_000).docs
else:
    with open(which, encoding="utf-8") as fh:
        docs = [json.loads(line)["input"] for line in fh if line.strip()]
warm, docs = docs[:20], docs[20:]
chosen, size = [], 0
for doc in docs:
    if size >= mb * 1e6:
        break
    chosen.append(doc)
    size += len(doc.encode("utf-8"))
if call == "ftfy":
    import ftfy
    clean = ftfy.fix_text
else:
    clean = cleantext.clean
for doc in warm:
    clean(doc)

def wait(name):
    while not os.path.exists(flag + name):
        time.sleep(0.02)

with open(flag + ".size", "w") as fh:
    fh.write(f"{{size}} {{len(chosen)}}")
wait(".go")
for doc in chosen:
    clean(doc)
open(flag + ".done", "w").close()
wait(".stop")
"""

#: Where an instruction is spent, by the source file (or library) of the function that
#: executes it: the first pattern that matches names the part.
PARTS = [
    ("automaton (pyahocorasick)", r"ahocorasick|/trie\.c|/trienode\.c|Automaton"),
    ("regex module (rules)", r"_regex"),
    ("re module", r"_sre"),
    ("str and bytes methods (encode, translate, count, split ...)",
     r"bytesobject|unicodeobject|bytes_methods|stringlib|codecs|unicodectype|memmove|memcpy"
     r"|memchr|memcmp|strlen|/string/"),
    ("memory (allocation, freeing, garbage collection)",
     r"obmalloc|malloc|gcmodule|/free|tupledealloc|list_dealloc|dealloc"),
    ("dicts, sets and hashing", r"dictobject|setobject|pyhash|siphash"),
    ("interpreter (bytecode, calls, frames, objects)", r"/Python/|/Objects/"),
]

_LINE_RE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$")


def count(src: Path, which: str, mb: float, workdir: Path,
          call: str = "clean") -> tuple[int, int, int, dict[str, int]]:
    """Run the cleaning of ``which`` under callgrind with the package in ``src`` (or,
    with ``call="ftfy"``, ftfy.fix_text on the same documents): the instructions
    counted, the bytes and documents cleaned, and the instructions by function
    (file:function [object])."""
    flag = str(workdir / f"run{os.getpid()}-{time.monotonic_ns()}")
    out = flag + ".callgrind"
    # (a fixed hash seed: the order of sets, and with it the work, is the same every run)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    code = CHILD.format(benchmarks=str(HERE))
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
         sys.executable, "-c", code, str(src), which, str(mb), flag, call],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        _await(flag + ".size", proc)
        size, ndocs = map(int, Path(flag + ".size").read_text().split())
        _control("-i", "on", proc.pid)
        _control("-z", None, proc.pid)  # (nothing before this point counts)
        Path(flag + ".go").touch()
        _await(flag + ".done", proc)
        _control("-d", None, proc.pid)  # the counts so far, to a file of their own
        _control("-i", "off", proc.pid)
        Path(flag + ".stop").touch()
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    dumps = sorted(workdir.glob(Path(out).name + ".*"))  # the dump made at "done"
    if not dumps:
        sys.exit("instructions: callgrind wrote no counts; its output:\n"
                 + proc.stderr.read().decode(errors="replace"))
    by_function = _annotate(dumps[0])
    total = sum(by_function.values())
    return total, size, ndocs, by_function


def _await(path: str, proc: subprocess.Popen) -> None:
    while not os.path.exists(path):
        if proc.poll() is not None:
            sys.exit("instructions: the counted process ended early:\n"
                     + proc.stderr.read().decode(errors="replace")[-3000:])
        time.sleep(0.1)


def _control(option: str, value: str | None, pid: int) -> None:
    args = ["callgrind_control", option] + ([value] if value else []) + [str(pid)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _annotate(dump: Path) -> dict[str, int]:
    """Instructions by function, as ``callgrind_annotate`` lists them (every function)."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", str(dump)],
                          check=True, capture_output=True, text=True).stdout
    found: dict[str, int] = {}
    body = text.split("file:function", 1)[-1]
    for line in body.splitlines():
        m = _LINE_RE.match(line)
        if m:
            found[m.group(2)] = found.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    return found


def parts(by_function: dict[str, int]) -> dict[str, int]:
    """``by_function`` summed by :data:`PARTS` (and "other")."""
    summed = {name: 0 for name, _ in PARTS}
    summed["other"] = 0
    compiled = [(name, re.compile(pattern)) for name, pattern in PARTS]
    for function, n in by_function.items():
        name = next((name for name, p in compiled if p.search(function)), "other")
        summed[name] += n
    return summed


def worktree(ref: str) -> Path:
    """A checkout of ``ref`` under benchmarks/out/ (made once, kept for the next run)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
                         capture_output=True, text=True)
    if sha.returncode != 0:
        sys.exit(f"instructions: --against {ref!r}: not a commit of this repository")
    path = HERE / "out" / f"tree-{sha.stdout.strip()[:12]}"
    if not path.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(path),
                        sha.stdout.strip()], check=True, capture_output=True)
    return path


def describe(tree: Path) -> str:
    head = subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=%h"],
                          capture_output=True, text=True).stdout.strip() or "?"
    dirty = subprocess.run(
        ["git", "-C", str(tree), "status", "--porcelain", "--", "src", "patterns"],
        capture_output=True, text=True).stdout.strip()
    return head + (" with changes" if dirty else "")


def say(text: str = "", to=None) -> None:
    """A line of the report (or, with ``to=sys.stderr``, of progress or an error)."""
    (to or sys.stdout).write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--against", metavar="REF", help="also count the package at this commit")
    ap.add_argument("--corpus", default="news",
                    help="news (the benchmark's, built from seeds/), devset (its pages), or a "
                         "JSONL file with an 'input' field (default: news)")
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes to clean (default: 1)")
    ap.add_argument("--ftfy", action="store_true",
                    help="also count ftfy.fix_text() alone on the same documents")
    args = ap.parse_args(argv)
    for tool in ("valgrind", "callgrind_control", "callgrind_annotate"):
        if shutil.which(tool) is None:
            say(f"instructions: needs {tool} (from valgrind: apt install valgrind)",
                sys.stderr)
            return 2
    which = args.corpus
    if which == "devset":
        which = str(HERE / "devset" / "cases.jsonl")
    if which != "news" and not Path(which).is_file():
        say(f"instructions: --corpus {args.corpus}: no such file", sys.stderr)
        return 2
    trees = [("this tree", ROOT)]
    if args.against:
        trees.append((args.against, worktree(args.against)))
    rows = []
    with tempfile.TemporaryDirectory(prefix="cleantext-instructions-") as tmp:
        for label, tree in trees:
            say(f"counting {label} ({describe(tree)}) ...", sys.stderr)
            rows.append((label, tree, *count(tree / "src", which, args.mb, Path(tmp))))
        if args.ftfy:
            say("counting ftfy.fix_text() ...", sys.stderr)
            ftfy_total = count(ROOT / "src", which, args.mb, Path(tmp), "ftfy")[0]
    _, _, _, size, ndocs, _ = rows[0]
    say(f"`cleantext.clean()` over {size / 1e6:.2f} MB of {args.corpus} "
          f"({ndocs} documents), instructions counted by callgrind\n")
    say("| tree | instructions | per byte | per document |")
    say("| --- | --- | --- | --- |")
    for label, tree, total, size, ndocs, _ in rows:
        say(f"| {label} ({describe(tree)}) | {total / 1e6:,.1f} M | {total / size:.0f} | "
              f"{total / ndocs / 1e6:.2f} M |")
    if args.ftfy:
        say(f"| ftfy.fix_text() alone | {ftfy_total / 1e6:,.1f} M | {ftfy_total / size:.0f} | "
            f"{ftfy_total / ndocs / 1e6:.2f} M |")
    if len(rows) == 2:
        change = rows[0][2] / rows[1][2] - 1
        say(f"\nthis tree against {args.against}: {change:+.2%} instructions")
    if args.ftfy:
        say(f"\nftfy.fix_text() ÷ this tree: {ftfy_total / rows[0][2]:.2f}x the instructions "
            "(issue 5 asks for 8x in time)")
    total, by_function = rows[0][2], rows[0][5]
    say("\n| where this tree's instructions go | share | per byte |")
    say("| --- | --- | --- |")
    for name, n in sorted(parts(by_function).items(), key=lambda kv: -kv[1]):
        say(f"| {name} | {n / total:.1%} | {n / rows[0][3]:.0f} |")
    say("\n| the functions that take most | share |")
    say("| --- | --- |")
    for function, n in sorted(by_function.items(), key=lambda kv: -kv[1])[:12]:
        short = re.sub(r"^.*/(?=[^/]+:)", "", function.split(" [", 1)[0])
        say(f"| `{short}` | {n / total:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
