"""Throughput benchmark: how fast cleantext cleans news text, next to what users would use instead.

    .venv/bin/python benchmarks/throughput.py            # everything (a few minutes)
    .venv/bin/python benchmarks/throughput.py --quick    # a short run (about a minute)
    .venv/bin/python benchmarks/throughput.py --only library,scaling
    .venv/bin/python benchmarks/throughput.py --corpus my.jsonl --field text

Sections (``--only`` / ``--skip``):

  library   cleantext.clean() on the news corpus, 1 process and N, next to ftfy.fix_text and
            clean-text's clean() (the PyPI package, run from a venv of its own)
  mojibake  the same on the corpus garbled as UTF-8 read as windows-1252
  cli-text  the command in text mode, one process per document, and its start-up time
  jsonl     the command in JSONL mode, --jobs 1 and --jobs N
  html      `cleantext --html` against trafilatura.extract alone, on HTML pages
  scaling   time per MB for documents of 1 KB to 10 MB, and one 1 MB line
  memory    peak memory of `cleantext --jsonl` over 25, 50 and 100 MB files

Every timed figure is the median over rounds (the range in brackets). Each round takes its
own slice of the corpus and runs every contender on it back to back, in rotated order, and
each baseline's ratio to cleantext is computed within the round: machines are noisy, the
ratios are what we quote. MB is 10^6 bytes of UTF-8 input. Targets (issue 5) are printed
next to the figures with PASS/FAIL; nothing here asserts.

The results go to benchmarks/results/throughput.md for a full default run, otherwise to
benchmarks/out/ (see --output).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "results" / "throughput.md"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import timing  # noqa: E402
from timing import MB, Sample, Spread  # noqa: E402

SECTIONS = ["library", "mojibake", "cli-text", "jsonl", "html", "scaling", "memory"]
CLEAN_TEXT_REQUIREMENT = "clean-text==0.7.1"  # pinned: a baseline must not move under us

# The targets of issue 5, compared with the measurements (never asserted).
TARGET_MBPS_PER_CORE = 20.0
TARGET_VS_FTFY = 8.0
TARGET_JOBS2_SPEEDUP = 1.7
TARGET_MOJIBAKE_VS_FTFY = 1.0
FLAT_TIME_PER_MB = 1.5  # slowest ÷ fastest row of the scaling table
FLAT_MEMORY = 1.25  # peak memory on the largest file ÷ on the smallest
LONG_LINE = "one 1 MB line"


@dataclass
class Settings:
    """How much to measure. The full run uses the whole 20 MB corpus once per contender."""

    rounds: int = 5
    round_mb: float = 4.0
    mojibake_share: float = 0.25
    cli_docs: int = 8
    startup_runs: int = 7
    min_run_seconds: float = 3.0
    max_round_mb: float = 100.0
    scaling_sizes: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
    scaling_mb: float = 2.0
    scaling_repeats: int = 3
    memory_mb: tuple[int, ...] = (25, 50, 100)

    @classmethod
    def quick(cls) -> Settings:
        return cls(rounds=3, round_mb=0.4, cli_docs=4, startup_runs=3, min_run_seconds=0.5,
                   max_round_mb=10.0,
                   scaling_sizes=(1_000, 10_000, 100_000, 1_000_000), scaling_mb=0.3,
                   scaling_repeats=2, memory_mb=(5, 10, 20))


def log(msg: str) -> None:
    """Progress goes to stderr, so stdout is the report alone."""
    print(msg, file=sys.stderr, flush=True)  # noqa: T201


# -- the report -----------------------------------------------------------------------------

@dataclass
class Target:
    what: str
    measured: str
    passed: bool | None  # None: could not be measured in this run

    def show(self) -> str:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]
        return f"- target: {self.what} — measured {self.measured} — **{verdict}**"


@dataclass
class Table:
    """A section's result, rendered as Markdown: a table, notes and target lines."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def markdown(self) -> str:
        out = [f"## {self.title}", ""]
        if self.rows:
            widths = [max(len(r[i]) for r in [self.header] + self.rows)
                      for i in range(len(self.header))]
            out.append(_row(self.header, widths))
            out.append(_row(["-" * w for w in widths], widths))
            out.extend(_row(r, widths) for r in self.rows)
            out.append("")
        out.extend(f"{n}" for n in self.notes)
        if self.notes:
            out.append("")
        out.extend(t.show() for t in self.targets)
        if self.targets:
            out.append("")
        return "\n".join(out)


def _row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


# -- what we measure ------------------------------------------------------------------------

@dataclass
class RoundData:
    """One round's slice of a corpus, in memory and (written when first needed) as JSONL."""

    name: str
    docs: list[str]
    field_name: str = "text"
    _path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = OUT / "run" / f"{self.name}.jsonl"
            corpus.write_jsonl(self._path, ({"id": f"{self.name}-{i}", self.field_name: d}
                                            for i, d in enumerate(self.docs)))
        return self._path

    @property
    def nbytes(self) -> int:
        return timing.utf8_size(self.docs)


class Method:
    """A contender: something that cleans a round's documents with a number of processes."""

    label = "?"

    def unavailable(self, procs: int) -> str | None:
        """Why this cannot run here (shown in the table), or None."""
        return None

    def measure(self, data: RoundData, procs: int) -> Sample:
        raise NotImplementedError


class InProcess(Method):
    """A Python function called on each document: in this process, or in a pool of N."""

    def __init__(self, label: str, fn: Callable[[str], object]):
        self.label, self.fn = label, fn

    def measure(self, data: RoundData, procs: int) -> Sample:
        return timing.time_workers(self.fn, data.docs, procs)


class InBatches(Method):
    """A function called on lists of documents (``cleantext.clean_many``), in this
    process: the round's documents in consecutive lists of ``size``."""

    def __init__(self, label: str, fn: Callable[[list[str]], object], size: int):
        self.label, self.fn, self.size = label, fn, size

    def unavailable(self, procs: int) -> str | None:
        return None if procs == 1 else "one process only"

    def measure(self, data: RoundData, procs: int) -> Sample:
        return self.time(data.docs)

    def time(self, docs: list[str]) -> Sample:
        size, fn = self.size, self.fn
        start = time.perf_counter()
        for i in range(0, len(docs), size):
            fn(docs[i:i + size])
        return Sample(time.perf_counter() - start, timing.utf8_size(docs), len(docs))


@dataclass
class ScalingRow:
    """A row of the scaling table: its documents, how they are timed, and whether the
    flatness target counts it."""

    name: str
    docs: list[str]
    time: Callable[[list[str]], Sample]
    in_target: bool = False
    per_mb: list[float] = field(default_factory=list)


class CleanTextPyPI(Method):
    """clean-text's clean(), from a venv of its own (its import name clashes with ours)."""

    label = "clean-text clean() (PyPI)"

    def __init__(self, venv: Path, enabled: bool = True):
        self.venv = venv
        self.python = venv / "bin" / "python"
        self.problem = None if enabled else "skipped (--no-clean-text)"
        self.checked = not enabled
        self.version = None

    def unavailable(self, procs: int) -> str | None:
        if not self.checked:
            self.checked = True
            self.problem = self._ensure()
        return self.problem

    def _ensure(self) -> str | None:
        """Create the venv and install the pinned package once; reuse it afterwards."""
        worker = [str(self.python), "-I", str(HERE / "baseline_worker.py"), "--version"]
        if self.python.exists():
            done = subprocess.run(worker, capture_output=True, text=True)
            if done.returncode == 0:
                self.version = done.stdout.strip()
                return None
        log(f"installing {CLEAN_TEXT_REQUIREMENT} into {self.venv} (once) ...")
        steps = [[sys.executable, "-m", "venv", "--clear", str(self.venv)],
                 [str(self.python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                  CLEAN_TEXT_REQUIREMENT]]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                return f"could not install {CLEAN_TEXT_REQUIREMENT}: {done.stderr.strip()[-200:]}"
        done = subprocess.run(worker, capture_output=True, text=True)
        self.version = done.stdout.strip() or None
        return None if done.returncode == 0 else f"clean-text venv broken: {done.stderr[-200:]}"

    def measure(self, data: RoundData, procs: int) -> Sample:
        argv = [str(self.python), "-I", str(HERE / "baseline_worker.py"), "--jobs", str(procs),
                "--field", data.field_name, str(data.path)]
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0:
            raise MeasureError(f"worker failed: {done.stderr.strip()[-200:]}")
        res = json.loads(done.stdout.strip().splitlines()[-1])
        return Sample(res["seconds"], res["bytes"], res["docs"])


class MeasureError(Exception):
    """A run that produced no trustworthy figure (shown in the table instead of one)."""


class Cli:
    """The installed `cleantext` command and the flags its --help says it supports."""

    FLAGS = ("--jsonl", "--field", "--jobs", "--html")

    def __init__(self, path: str):
        self.path = path
        try:
            done = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=60)
            help_text = done.stdout if done.returncode == 0 else ""
        except OSError:
            help_text = ""
        self.found = bool(help_text)
        self.flags = {f for f in self.FLAGS if re.search(rf"(?<![\w-]){f}(?![\w-])", help_text)}

    def missing(self, *flags: str) -> str | None:
        """A note saying which of ``flags`` the installed command lacks, or None."""
        if not self.found:
            return f"`{self.path} --help` failed: no cleantext command to measure"
        lacking = [f for f in flags if f not in self.flags]
        if lacking:
            return (f"skipped: the installed `cleantext` has no {', '.join(lacking)} yet "
                    f"(checked `cleantext --help`)")
        return None


class CliJsonl(Method):
    """`cleantext --jsonl --field F --jobs N [extra]` on the round's JSONL file, timed from
    process start to exit, output records counted."""

    def __init__(self, cli: Cli, label: str, extra: Sequence[str] = ()):
        self.cli, self.label, self.extra = cli, label, list(extra)

    def unavailable(self, procs: int) -> str | None:
        return self.cli.missing("--jsonl", "--field", "--jobs", *self.extra)

    def measure(self, data: RoundData, procs: int) -> Sample:
        argv = [self.cli.path, "--jsonl", "--field", data.field_name, "--jobs", str(procs),
                *self.extra]
        startup = self._run(argv, self._probe(data.field_name, 2 * procs), 2 * procs)
        run = self._run(argv, data.path, len(data.docs))
        return Sample(run.seconds, data.nbytes, len(data.docs), startup=startup.seconds)

    @staticmethod
    def _run(argv: list[str], path: Path, records: int) -> timing.Run:
        run = timing.run_command(argv, path)
        problem = run.error(expect_lines=records)
        if problem:
            raise MeasureError(problem)
        return run

    @staticmethod
    def _probe(field_name: str, records: int) -> Path:
        """A file of a few tiny records: running it measures the command's fixed cost
        (interpreter, imports, pipeline, workers) with this very configuration."""
        path = OUT / "run" / f"probe-{field_name}-{records}.jsonl"
        text = "<p>A short article.</p>" if field_name == "html" else "A short article."
        corpus.write_jsonl(path, ({"id": i, field_name: text} for i in range(records)))
        return path


class CliPerDocument(Method):
    """`cleantext [extra] < doc`, one process per document, ``procs`` of them at a time, as
    a shell loop or `xargs -P` would run it: start-up is paid for every document."""

    def __init__(self, cli: Cli, label: str, extra: Sequence[str] = ()):
        self.cli, self.label, self.extra = cli, label, list(extra)

    def unavailable(self, procs: int) -> str | None:
        return self.cli.missing(*self.extra)

    def measure(self, data: RoundData, procs: int) -> Sample:
        argv = [self.cli.path, *self.extra]
        blobs = [d.encode("utf-8") for d in data.docs]
        start = time.perf_counter()
        with ThreadPoolExecutor(procs) as pool:
            runs = list(pool.map(lambda b: timing.run_command(argv, b), blobs))
        seconds = time.perf_counter() - start
        for run in runs:
            if run.error():
                raise MeasureError(run.error())
        return Sample(seconds, data.nbytes, len(data.docs))


# -- comparisons: rounds of contenders on the same slices -----------------------------------

@dataclass
class Row:
    method: Method
    procs: int
    samples: list[Sample] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    problem: str | None = None


def run_rounds(title: str, rounds: list[RoundData], rows: list[Row],
               reference: Callable[[Row], Row],
               ratio_of: Callable[[Sample, Sample], float]) -> None:
    """Measure every row on every round. Rows with the same process count run back to back,
    in an order rotated each round; ``ratio_of(row, its reference)`` is taken per round."""
    for r, data in enumerate(rounds):
        for procs in sorted({row.procs for row in rows}):
            group = [row for row in rows if row.procs == procs]
            k = r % len(group)
            for row in group[k:] + group[:k]:
                _measure_row(row, data, procs, f"{title}: round {r + 1}/{len(rounds)}")
        for row in rows:
            ref = reference(row)
            if (row.samples and ref.samples and len(row.samples) == r + 1
                    and len(ref.samples) == r + 1):
                row.ratios.append(ratio_of(row.samples[-1], ref.samples[-1]))


def _measure_row(row: Row, data: RoundData, procs: int, where: str) -> None:
    if row.problem:
        return
    row.problem = row.method.unavailable(procs)
    if row.problem:
        log(f"{where}: {row.method.label}: {row.problem}")
        return
    try:
        sample = row.method.measure(data, procs)
    except MeasureError as exc:
        row.problem = f"error: {exc}"
        log(f"{where}: {row.method.label} x{procs}: {row.problem}")
        return
    row.samples.append(sample)
    log(f"{where}: {row.method.label} x{procs}: {sample.mbps:.2f} MB/s, {sample.docsps:.0f} docs/s")


def speed_table(title: str, rows: list[Row], ratio_header: str,
                references: Sequence[Row] = (), startup: bool = False) -> Table:
    """Rows of MB/s, documents/s and the per-round ratio; with ``startup``, also the fixed
    cost of each command run and the throughput without it."""
    header = ["contender", "processes", "MB/s", "docs/s"]
    if startup:
        header[3:3] = ["start-up ms", "MB/s after start-up"]
    table = Table(title, header + [ratio_header])
    for row in rows:
        cells = [row.method.label, str(row.procs)]
        if row.problem or not row.samples:
            table.rows.append(cells + [row.problem or "not run"] + [""] * (len(header) - 2))
            continue
        cells.append(Spread.of([s.mbps for s in row.samples]).show())
        if startup:
            fixed = [s.startup * 1000 for s in row.samples]
            steady = [s.steady_mbps for s in row.samples]
            cells.append(Spread.of(fixed).show() if any(fixed) else "")
            cells.append(Spread.of(steady).show() if any(fixed) else "")
        cells.append(Spread.of([s.docsps for s in row.samples]).show())
        if any(row is ref for ref in references):
            cells.append("reference")
        else:
            cells.append(Spread.of(row.ratios).show("x") if row.ratios else "")
        table.rows.append(cells)
    return table


def ratio_vs_reference(sample: Sample, ref: Sample) -> float:
    """How many times faster the reference (cleantext) is, start-up costs left out."""
    return ref.steady_mbps / sample.steady_mbps


def speedup_over_reference(sample: Sample, ref: Sample) -> float:
    """How many times faster this row is than the reference, start-up costs left out."""
    return sample.steady_mbps / ref.steady_mbps


def median_of(row: Row, attr: str = "steady_mbps") -> float | None:
    values = row.ratios if attr == "ratio" else [getattr(s, attr) for s in row.samples]
    return Spread.of(values).median if values and not row.problem else None


def target(what: str, value: float | None, goal: float, unit: str = "",
           higher_is_better: bool = True) -> Target:
    if value is None:
        return Target(what, "nothing (not measured)", None)
    ok = value >= goal if higher_is_better else value <= goal
    return Target(what, f"{timing.figure(value)}{unit}", ok)


# -- the benchmark --------------------------------------------------------------------------

class Benchmark:
    """Holds the corpus, the contenders and the settings; each section returns tables."""

    def __init__(self, args: argparse.Namespace, settings: Settings):
        self.args, self.s = args, settings
        self.workers = args.workers
        self.procs = sorted({1, self.workers})
        self.material = corpus.SeedMaterial.load()
        if args.corpus:
            self.corpus = corpus.load_user_corpus(Path(args.corpus), args.field, args.html_field)
        else:
            self.corpus = corpus.news_corpus(material=self.material)
        self.cli = Cli(args.cli)
        self.clean_text = CleanTextPyPI(OUT / "venv-clean-text", enabled=not args.no_clean_text)
        import ftfy

        import cleantext

        self.cleantext_clean = InProcess("cleantext.clean()", cleantext.clean)
        from cleantext.batch import BATCH_LINES

        self.cleantext_many = InBatches(f"cleantext.clean_many(), lists of {BATCH_LINES}",
                                        cleantext.clean_many, BATCH_LINES)
        self.ftfy = InProcess("ftfy.fix_text()", ftfy.fix_text)
        cleantext.clean(self.corpus.docs[0])  # build the default pipeline outside the clock
        ftfy.fix_text(self.corpus.docs[0])

    # slices of the corpus, one per round

    def _slices(self, docs: list[str], per_round_mb: float) -> list[list[str]]:
        """Consecutive slices of about ``per_round_mb``, or equal shares of a smaller corpus."""
        total = timing.utf8_size(docs)
        per_round = min(per_round_mb * MB, total / self.s.rounds)
        slices, current, size = [], [], 0
        for d in docs:
            current.append(d)
            size += len(d.encode("utf-8"))
            if size >= per_round:
                slices.append(current)
                current, size = [], 0
                if len(slices) == self.s.rounds:
                    break
        if current and len(slices) < self.s.rounds:
            slices.append(current)
        return slices

    def news_rounds(self) -> list[RoundData]:
        return [RoundData(f"news-{i}", s)
                for i, s in enumerate(self._slices(self.corpus.docs, self.s.round_mb))]

    def mojibake_rounds(self) -> list[RoundData]:
        rounds = []
        for i, data in enumerate(self.news_rounds()):
            budget, part = data.nbytes * self.s.mojibake_share, []
            for d in data.docs:
                part.append(corpus.mojibake(d))
                budget -= len(d.encode("utf-8"))
                if budget <= 0:
                    break
            rounds.append(RoundData(f"mojibake-{i}", part))
        return rounds

    def long_rounds(self, name: str, mbps: float) -> list[RoundData]:
        """The news rounds, each grown with further documents until a run at ``mbps`` lasts
        ``min_run_seconds``: a command's start-up (most of a second) must stay a small
        part of what is timed, however fast the cleaning gets."""
        want = min(self.s.min_run_seconds * mbps, self.s.max_round_mb) * MB
        rounds = []
        for i, data in enumerate(self.news_rounds()):
            docs, size = list(data.docs), data.nbytes
            while size < want:
                docs.append(next(self.corpus.more))
                size += len(docs[-1].encode("utf-8"))
            rounds.append(RoundData(f"{name}-{i}", docs))
        return rounds

    def html_rounds(self, mbps: float, per_page: bool) -> list[RoundData]:
        """Slices of the pages, sized like ``long_rounds`` (at most an equal share of the
        pages), or a few pages each when the command must start once per page."""
        want = min(self.s.min_run_seconds * mbps, self.s.max_round_mb)
        slices = self._slices(self.corpus.pages, want)
        if per_page:
            slices = [s[: self.s.cli_docs] for s in slices]
        return [RoundData(f"html-{i}", s, field_name="html") for i, s in enumerate(slices)]

    def _round_sizes(self, rounds: list[RoundData]) -> str:
        sizes = [r.nbytes / MB for r in rounds]
        docs = [len(r.docs) for r in rounds]
        return (f"{len(rounds)} rounds of {Spread.of(sizes).show()} MB "
                f"({Spread.of(docs).show()} documents), sized from a first estimate of the "
                f"speed so that a run lasts about {self.s.min_run_seconds:g} s or more.")

    @staticmethod
    def estimate_mbps(fn: Callable[[str], object], docs: Sequence[str]) -> float:
        """A first, rough speed (to size the rounds), from a few documents."""
        return timing.time_loop(fn, docs[:50]).mbps

    # sections

    def library(self) -> list[Table]:
        rows = [Row(m, p) for p in self.procs
                for m in (self.cleantext_clean, self.ftfy, self.clean_text)]
        rows.insert(1, Row(self.cleantext_many, 1))
        ours = self.cleantext_clean
        ref = lambda row: next(r for r in rows if r.method is ours and r.procs == row.procs)  # noqa: E731
        run_rounds("library", self.news_rounds(), rows, ref, ratio_vs_reference)
        table = speed_table("Library call on the corpus", rows, "cleantext ÷ this",
                            [r for r in rows if r.method is self.cleantext_clean])
        table.notes.append(
            "In-process calls, clock around the cleaning only; with N processes a forked "
            "`multiprocessing.Pool.map` over the documents (results sent back). clean-text "
            "runs the same way in its own venv. Ratio column: how many times faster cleantext "
            "is, per round. `clean_many()` cleans the same documents in lists of "
            f"{self.cleantext_many.size} (the batch of a `--jsonl` worker): the rules scan the "
            "whole list's lines at once, then each filter runs over the whole list before the "
            "next: its ratio below 1 is clean()'s time over its own.")
        ct1 = rows[0]
        ftfy1 = next(r for r in rows if r.method is self.ftfy and r.procs == 1)
        table.targets += [
            target(f"cleantext.clean() ≥ {TARGET_MBPS_PER_CORE:.0f} MB/s per core",
                   median_of(ct1), TARGET_MBPS_PER_CORE, " MB/s"),
            target(f"cleantext.clean() ≥ {TARGET_VS_FTFY:.0f}x ftfy.fix_text() "
                   "(same round, 1 process)",
                   median_of(ftfy1, "ratio"), TARGET_VS_FTFY, "x"),
        ]
        return [table]

    def mojibake(self) -> list[Table]:
        rows = [Row(m, 1) for m in (self.cleantext_clean, self.ftfy, self.clean_text)]
        run_rounds("mojibake", self.mojibake_rounds(), rows, lambda row: rows[0],
                   ratio_vs_reference)
        table = speed_table("Library call on mojibake (UTF-8 read as windows-1252)", rows,
                            "cleantext ÷ this", rows[:1])
        table.notes.append(
            f"The first {self.s.mojibake_share:.0%} of each round's news slice, every document "
            "garbled with `text.encode('utf-8').decode('sloppy-windows-1252')`; MB counts the "
            "garbled input.")
        table.targets.append(target("cleantext.clean() on mojibake no slower than ftfy.fix_text()",
                                    median_of(rows[1], "ratio"), TARGET_MOJIBAKE_VS_FTFY, "x"))
        return [table]

    def cli_text(self) -> list[Table]:
        tables = [self._startup()]
        rounds = [RoundData(f"cli-text-{i}", d.docs[: self.s.cli_docs])
                  for i, d in enumerate(self.news_rounds())]
        per_doc = CliPerDocument(self.cli, "cleantext < doc (a process per document)")
        rows = [Row(self.cleantext_clean, 1)] + [Row(per_doc, p) for p in self.procs]
        run_rounds("cli-text", rounds, rows, lambda row: rows[0], speedup_over_reference)
        table = speed_table("Command, text mode", rows, "this ÷ clean() 1 process", rows[:1])
        table.notes.append(
            f"The first {self.s.cli_docs} documents of each round's slice, each piped into its "
            "own `cleantext` process (N at a time with N processes); the clock runs from the first "
            "start to the last exit, so start-up is included. The library call on the same "
            "documents, in the same round, is the reference.")
        tables.append(table)
        return tables

    def _startup(self) -> Table:
        """Where a process's fixed cost goes: interpreter, import, first clean, the command."""
        py = sys.executable
        tiny = b"A short article.\n\nBy Jane Doe\n"
        cases = [
            ("python -c pass", [py, "-c", "pass"]),
            ("python -c 'import cleantext'", [py, "-c", "import cleantext"]),
            ("python -c 'import cleantext; cleantext.clean(...)'",
             [py, "-c", "import cleantext; cleantext.clean('A short article.')"]),
            ("cleantext < 30-byte document", [self.cli.path]),
        ]
        table = Table("Process start-up", ["what", "milliseconds"])
        for name, argv in cases:
            times = []
            for _ in range(self.s.startup_runs):
                run = timing.run_command(argv, tiny)
                if run.error():
                    times = []
                    table.rows.append([name, run.error()])
                    break
                times.append(run.seconds * 1000)
            if times:
                table.rows.append([name, Spread.of(times).show()])
        table.notes.append(f"Median of {self.s.startup_runs} runs (min–max).")
        return table

    def jsonl(self) -> list[Table]:
        jsonl = CliJsonl(self.cli, "cleantext --jsonl")
        rows = [Row(self.cleantext_clean, 1)] + [Row(jsonl, p) for p in self.procs]
        rounds = self.long_rounds("jsonl", self.estimate_mbps(self.cleantext_clean.fn,
                                                              self.corpus.docs))
        run_rounds("jsonl", rounds, rows, lambda row: rows[0], speedup_over_reference)
        table = speed_table("Command, JSONL mode", rows, "this ÷ clean() 1 process", rows[:1],
                            startup=True)
        table.notes.append(self._round_sizes(rounds))
        table.notes.append(
            "`cleantext --jsonl --field text --jobs N < slice.jsonl`, timed from start to exit, "
            "every output record counted. Start-up: the same command on a few tiny records, "
            "run just before; \"after start-up\" leaves it out, as a long run would, and the "
            "ratio and targets use that figure. The library call on the same slice in the "
            "same round is the reference. MB counts the text field only.")
        two = next((r for r in rows if r.method is jsonl and r.procs == 2), None)
        goal = TARGET_JOBS2_SPEEDUP * TARGET_MBPS_PER_CORE
        if two is None:
            table.targets.append(Target(
                f"`--jobs 2` ≥ {TARGET_JOBS2_SPEEDUP}x clean() on one core", f"nothing (ran "
                f"with {self.workers} workers; use --workers 2)", None))
        else:
            table.targets += [
                target(f"`--jsonl --jobs 2` ≥ {goal:.0f} MB/s after start-up",
                       median_of(two), goal, " MB/s"),
                target(f"`--jsonl --jobs 2` ≥ {TARGET_JOBS2_SPEEDUP}x clean() on one core "
                       "(same round)",
                       median_of(two, "ratio"), TARGET_JOBS2_SPEEDUP, "x"),
            ]
        return [table]

    def html(self) -> list[Table]:
        import trafilatura

        if self.cli.missing("--jsonl", "--field", "--jobs"):
            ours = CliPerDocument(self.cli, "cleantext --html < page (a process per page)",
                                  ["--html"])
        else:
            ours = CliJsonl(self.cli, "cleantext --jsonl --html", ["--html"])
        traf = InProcess("trafilatura.extract()", trafilatura.extract)
        recall = InProcess("trafilatura.extract(favor_recall=True)",
                           lambda page: trafilatura.extract(page, favor_recall=True))
        rows = [Row(m, p) for p in self.procs for m in (ours, traf, recall)
                if not (m is recall and p > 1)]
        ref = lambda row: next(r for r in rows if r.method is ours and r.procs == row.procs)  # noqa: E731
        clean = self.cleantext_clean.fn
        mbps = self.estimate_mbps(
            lambda page: clean(trafilatura.extract(page, favor_recall=True) or ""),
            self.corpus.pages)
        rounds = self.html_rounds(mbps, per_page=isinstance(ours, CliPerDocument))
        run_rounds("html", rounds, rows, ref, ratio_vs_reference)
        table = speed_table("HTML pages: `cleantext --html` against trafilatura alone", rows,
                            "cleantext ÷ this", [r for r in rows if r.method is ours],
                            startup=isinstance(ours, CliJsonl))
        if isinstance(ours, CliJsonl):
            how = ("`cleantext --jsonl --html --field html --jobs N`, its start-up measured "
                   "and left out of the ratio as in JSONL mode")
            table.notes.append(self._round_sizes(rounds))
        else:
            how = ("`cleantext --html < page`, one process per page, start-up included (the "
                   f"installed command has no --jsonl), {self.s.cli_docs} pages a round")
        table.notes.append(
            "Pages wrap the news documents in a site's furniture (head, nav, header, figure, "
            "related list, donation box, footer, scripts); MB counts the HTML. trafilatura is "
            f"called in-process (clock around the calls); cleantext is {how}. `--html` "
            "extracts with trafilatura and then cleans, so it cannot beat trafilatura alone; "
            "the ratio shows what the cleaning adds.")
        return [table]

    def scaling(self) -> list[Table]:
        """Time per MB against document size: it must stay flat (no quadratic step). Every
        size row holds the same text, cut to that size, cleaned with clean(); rows for
        comparison follow, outside the target: the smallest documents through
        clean_many(), whole articles of the smallest size, and one long line."""
        each = self.cleantext_clean.fn
        rows: list[ScalingRow] = []
        for size in self.s.scaling_sizes:
            rows.append(ScalingRow(_size_name(size) + " documents",
                                   corpus.cut_documents(size, int(self.s.scaling_mb * MB),
                                                        material=self.material),
                                   lambda docs: timing.time_loop(each, docs), in_target=True))
        small = self.s.scaling_sizes[0]
        many = self.cleantext_many
        rows.append(ScalingRow(f"{_size_name(small)} documents, clean_many() in lists of "
                               f"{many.size}", rows[0].docs, many.time))
        rows.append(ScalingRow(
            _size_name(small) + " articles, each composed whole",
            corpus.sized_documents(small, max(1, round(self.s.scaling_mb * MB / small)),
                                   material=self.material),
            lambda docs: timing.time_loop(each, docs)))
        rows.append(ScalingRow(LONG_LINE, [corpus.long_line(MB, material=self.material)],
                               lambda docs: timing.time_loop(each, docs)))
        for row in rows:  # warm-up: rules are compiled when first used
            row.time(row.docs[:64])
        for rep in range(self.s.scaling_repeats):
            k = rep % len(rows)
            for row in rows[k:] + rows[:k]:
                sample = row.time(row.docs)
                row.per_mb.append(sample.seconds / (sample.nbytes / MB))
                log(f"scaling: repeat {rep + 1}/{self.s.scaling_repeats}: {row.name}: "
                    f"{row.per_mb[-1]:.3f} s/MB")
        return [self._scaling_table(rows)]

    def _scaling_table(self, rows: list[ScalingRow]) -> Table:
        table = Table("Scaling: time per MB against document size",
                      ["documents", "count", "MB", "seconds per MB", "MB/s", "÷ 10 KB row"])
        base = next((r.per_mb for r in rows if r.name == "10 KB documents"), None)
        for row in rows:
            spread = Spread.of(row.per_mb)
            rel = ""
            if row.per_mb is base:
                rel = "reference"
            elif base:
                rel = Spread.of([a / b for a, b in zip(row.per_mb, base, strict=True)]).show("x")
            table.rows.append([row.name, str(len(row.docs)),
                               timing.figure(timing.utf8_size(row.docs) / MB),
                               spread.show(), timing.figure(1 / spread.median), rel])
        table.notes.append(
            f"`cleantext.clean()` in-process over each set, {self.s.scaling_repeats} repeats "
            "(median, min–max); the last column compares with the 10 KB row of the same repeat. "
            "The size rows hold the same text: a stream of the corpus's articles (a blank line "
            "between two) cut into documents of that size, so they differ in document size "
            "alone (a cut falls inside a line or an article). The rows below them are outside "
            "the target: the smallest documents again, through `cleantext.clean_many()` in "
            "lists (the rules' scan over all the list's lines at once, then each filter over "
            "the whole list before the next), articles of the smallest "
            "size composed whole (a head and a tail around a little body: about twice the "
            "lines per MB, most of them the timestamps, bylines and headlines where the rules "
            "work hardest), and one line without line breaks.")
        medians = {r.name: Spread.of(r.per_mb).median for r in rows if r.in_target}
        line = Spread.of(next(r.per_mb for r in rows if r.name == LONG_LINE)).median
        fastest = min(medians.values())
        table.targets += [
            target(f"time per MB flat from {_size_name(self.s.scaling_sizes[0])} to "
                   f"{_size_name(self.s.scaling_sizes[-1])} (the same text cut to each size): "
                   f"slowest ÷ fastest row ≤ {FLAT_TIME_PER_MB}", max(medians.values()) / fastest,
                   FLAT_TIME_PER_MB, "x", higher_is_better=False),
            target(f"one 1 MB line ÷ fastest document row ≤ {FLAT_TIME_PER_MB}",
                   line / fastest, FLAT_TIME_PER_MB, "x", higher_is_better=False),
        ]
        return table

    def memory(self) -> list[Table]:
        table = Table(f"Memory: `cleantext --jsonl --jobs {self.workers}` over growing files",
                      ["file", "records", "seconds", "MB/s", "peak RSS, process tree",
                       "peak RSS, largest process"])
        missing = self.cli.missing("--jsonl", "--field", "--jobs")
        if missing:
            table.notes.append(missing)
            return [table]
        peaks = []
        for size in self.s.memory_mb:
            path, records, nbytes = self._memory_file(size)
            argv = [self.cli.path, "--jsonl", "--field", "text", "--jobs", str(self.workers)]
            log(f"memory: {size} MB file ...")
            run = timing.run_command(argv, path, poll_memory=True)
            problem = run.error(expect_lines=records)
            if problem:
                table.rows.append([f"{nbytes / MB:.0f} MB", str(records), problem, "", "", ""])
                continue
            peaks.append(run.peak_rss_tree)
            table.rows.append([f"{nbytes / MB:.0f} MB", str(records), timing.figure(run.seconds),
                               timing.figure(nbytes / MB / run.seconds),
                               f"{run.peak_rss_tree / MB:.0f} MB", f"{run.max_rss / MB:.0f} MB"])
        table.notes.append(
            "Unique composed articles as JSONL (id, url, text), output read and counted, not "
            "kept. Polled every 20 ms from /proc: process tree is the resident memory of the "
            "command and its workers summed (pages shared after fork counted in each, so an "
            "upper bound); largest process is the highest VmHWM (peak resident size) of any one "
            "of them.")
        flat = peaks[-1] / peaks[0] if len(peaks) == len(self.s.memory_mb) and peaks[0] else None
        table.targets.append(target("memory flat: peak on the largest file ÷ on the smallest",
                                    flat, FLAT_MEMORY, "x", higher_is_better=False))
        return [table]

    def _memory_file(self, size_mb: int) -> tuple[Path, int, int]:
        """A cached JSONL file of ``size_mb`` MB; smaller files are prefixes of larger ones."""
        key = f"{corpus.SEED}-{self.material.fingerprint}-v{corpus.GENERATOR_VERSION}"
        path = OUT / "memory" / f"news-{size_mb}MB-{key}.jsonl"
        meta = path.with_suffix(".json")
        if path.exists() and meta.exists():
            info = json.loads(meta.read_text())
            return path, info["records"], info["bytes"]
        log(f"memory: writing {path.name} (once) ...")
        records, nbytes = corpus.write_sized_jsonl(path, size_mb * MB, corpus.SEED + 100)
        meta.write_text(json.dumps({"records": records, "bytes": nbytes}))
        return path, records, nbytes


def _size_name(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size // 1000} KB"


# -- the header: when, where, what --------------------------------------------------------

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def _git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "patterns")
    return commit + (" (with uncommitted changes in src/ or patterns/)" if dirty else "")


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _shown_path(path: str) -> str:
    """A path relative to the repository when it is inside it (results are committed)."""
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else path


def header(bench: Benchmark, command: str, started: datetime.datetime) -> str:
    ct_version = bench.clean_text.version or "not measured"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Throughput benchmark", "",
        f"- date: {started:%Y-%m-%d %H:%M} (UTC{started:%z})",
        f"- command: `{command}`",
        f"- machine: {_cpu_model()}, {cores} cores available, {_memory_total()} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- load average at start (1/5/15 min): {load}",
        f"- Python {platform.python_version()}; cleantext {_version('cleantext')} at commit "
        f"{_git_state()}; ftfy {_version('ftfy')}; regex {_version('regex')}; "
        f"trafilatura {_version('trafilatura')}; clean-text {ct_version} (own venv)",
        f"- bytecode: {BYTECODE_NOTE}",
        f"- command measured: `{_shown_path(bench.cli.path)}` (flags found in --help: "
        f"{', '.join(sorted(bench.cli.flags)) or 'none of ' + ', '.join(Cli.FLAGS)})",
        f"- corpus: {bench.corpus.source}; {len(bench.corpus.pages)} HTML pages, "
        f"{timing.utf8_size(bench.corpus.pages) / MB:.1f} MB",
        f"- rounds: {bench.s.rounds} of up to {bench.s.round_mb:g} MB of news each; "
        f"N = {bench.workers} worker processes",
        "",
        "MB = 10^6 bytes of UTF-8 input. Figures are medians over the rounds, the range "
        "(min–max) in brackets. Ratios are taken within each round (same slice, back to back) "
        "and are the figures to quote: the absolute ones move with the machine's load.",
        "",
    ]
    return "\n".join(lines)


def targets_summary(tables: list[Table]) -> str:
    lines = ["## Targets (issue 5)", ""]
    lines += [t.show() for table in tables for t in table.targets]
    return "\n".join(lines) + "\n"


# -- command line ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    p.add_argument("--quick", action="store_true", help="a short run (about a minute)")
    p.add_argument("--only", help="comma-separated sections to run (default: all)")
    p.add_argument("--skip", help="comma-separated sections to leave out")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="N, the worker processes for the parallel runs (default: all cores)")
    p.add_argument("--rounds", type=int, help="rounds per section (default 5, quick 3)")
    p.add_argument("--round-mb", type=float, help="MB of news per round (default 4, quick 0.4)")
    p.add_argument("--corpus", help="your own corpus: a JSONL file or a directory of *.txt "
                                    "(and *.html) files, instead of the synthetic news")
    p.add_argument("--field", default="text", help="JSONL field holding the text (default: text)")
    p.add_argument("--html-field", help="JSONL field holding an HTML page, if any")
    p.add_argument("--cli", default=_default_cli(), help="the cleantext command to measure")
    p.add_argument("--no-clean-text", action="store_true",
                   help="do not install or run the clean-text (PyPI) baseline")
    p.add_argument("--output", help="where to write the report (default: "
                                    "benchmarks/results/throughput.md for a full default run, "
                                    "else benchmarks/out/throughput-latest.md)")
    args = p.parse_args(argv)
    args.sections = _sections(p, args.only, args.skip)
    return args


def _default_cli() -> str:
    beside = Path(sys.executable).parent / "cleantext"
    return str(beside) if beside.exists() else (shutil.which("cleantext") or "cleantext")


def _sections(p: argparse.ArgumentParser, only: str | None, skip: str | None) -> list[str]:
    chosen = [s.strip() for s in only.split(",")] if only else list(SECTIONS)
    dropped = [s.strip() for s in skip.split(",")] if skip else []
    for s in chosen + dropped:
        if s not in SECTIONS:
            p.error(f"unknown section {s!r}; sections: {', '.join(SECTIONS)}")
    return [s for s in SECTIONS if s in chosen and s not in dropped]


def settings_for(args: argparse.Namespace) -> Settings:
    s = Settings.quick() if args.quick else Settings()
    if args.rounds:
        s.rounds = args.rounds
    if args.round_mb:
        s.round_mb = args.round_mb
    return s


def output_path(args: argparse.Namespace) -> Path:
    if args.output:
        return Path(args.output)
    default_run = (not args.quick and not args.corpus and args.sections == SECTIONS
                   and not args.rounds and not args.round_mb and not args.no_clean_text)
    return RESULTS if default_run else OUT / "throughput-latest.md"


#: set when the environment asked Python not to write bytecode (see main)
BYTECODE_NOTE = "cached (.pyc files written and read), as in an installed package"


def main(argv: list[str] | None = None) -> int:
    global BYTECODE_NOTE
    args = parse_args(argv)
    started = datetime.datetime.now().astimezone()
    # The commands measured run as an installed package does, reading compiled bytecode.
    # With PYTHONDONTWRITEBYTECODE set (some shells and containers set it), an editable
    # install compiles every module of its own at every start, about 30 ms more.
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        BYTECODE_NOTE += "; PYTHONDONTWRITEBYTECODE was set and is unset for the commands"
    command = shlex.join([os.path.relpath(sys.executable, ROOT),
                          os.path.relpath(Path(__file__), ROOT), *sys.argv[1:]])
    log("building the corpus ...")
    bench = Benchmark(args, settings_for(args))
    if {"library", "mojibake"} & set(args.sections):
        bench.clean_text.unavailable(1)  # install the baseline now, outside any round
    print(header(bench, command, started), flush=True)  # noqa: T201
    tables: list[Table] = []
    for name in args.sections:
        section = getattr(bench, name.replace("-", "_"))
        for table in section():
            tables.append(table)
            print(table.markdown(), flush=True)  # noqa: T201
    elapsed = datetime.datetime.now().astimezone() - started
    report = "\n".join([header(bench, command, started)] + [t.markdown() for t in tables]
                       + [targets_summary(tables),
                          f"Run time: {elapsed.total_seconds():.0f} s; load average at the end: "
                          f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}.\n"])
    print(targets_summary(tables))  # noqa: T201
    path = output_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    log(f"report written to {os.path.relpath(path, Path.cwd())} ({elapsed.total_seconds():.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
