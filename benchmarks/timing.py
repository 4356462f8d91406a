"""Timing and memory helpers for the throughput benchmark (standard library only).

Standard library only, because the clean-text baseline worker imports this module too, from
a virtual environment where our own ``cleantext`` must not be importable.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000


@dataclass
class Sample:
    """One timed run: how long it took to clean how much."""

    seconds: float
    nbytes: int
    ndocs: int
    startup: float = 0.0  # seconds of fixed cost inside ``seconds`` (a command's start-up)

    @property
    def mbps(self) -> float:
        return self.nbytes / MB / self.seconds if self.seconds > 0 else float("inf")

    @property
    def steady_mbps(self) -> float:
        """Throughput once started: what a long run approaches."""
        busy = self.seconds - self.startup
        return self.nbytes / MB / busy if busy > 0 else float("inf")

    @property
    def docsps(self) -> float:
        return self.ndocs / self.seconds if self.seconds > 0 else float("inf")


@dataclass
class Spread:
    """The median of repeated measurements and their range: the median is what we quote,
    the range says how much to trust it on a noisy machine."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def show(self, suffix: str = "") -> str:
        if self.low == self.high:
            return f"{figure(self.median)}{suffix}"
        return f"{figure(self.median)}{suffix} ({figure(self.low)}–{figure(self.high)})"


def figure(x: float) -> str:
    """Three significant digits without an exponent: 1234, 12.3, 1.23, 0.0123."""
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}" if abs(x) >= 0.001 else f"{x:.1e}"


def utf8_size(docs: Sequence[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def time_loop(fn: Callable[[str], object], docs: Sequence[str]) -> Sample:
    """``fn`` over every document in this process, the way a library user calls it."""
    start = time.perf_counter()
    for d in docs:
        fn(d)
    return Sample(time.perf_counter() - start, utf8_size(docs), len(docs))


_worker_fn: Callable[[str], object] | None = None


def _init_worker(fn: Callable[[str], object], warmup: str) -> None:
    global _worker_fn
    _worker_fn = fn
    fn(warmup)


def _call(doc: str) -> object:
    return _worker_fn(doc)


def time_pool(fn: Callable[[str], object], docs: Sequence[str], workers: int,
              warmup: str) -> Sample:
    """``fn`` over the documents in ``workers`` forked processes (``Pool.map``), results
    sent back to the parent as a user's program would need them. The pool is started and
    every worker has cleaned one document before the clock starts: start-up is not what
    this measures."""
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(fn, warmup)) as pool:
        pool.map(_call, [warmup] * workers, chunksize=1)
        chunk = max(1, len(docs) // (workers * 16))
        start = time.perf_counter()
        pool.map(_call, docs, chunksize=chunk)
        seconds = time.perf_counter() - start
    return Sample(seconds, utf8_size(docs), len(docs))


def time_workers(fn: Callable[[str], object], docs: Sequence[str], workers: int) -> Sample:
    """In this process for one worker, in a pool of forked processes for more (each worker
    first cleans the first document, outside the clock, to warm its caches)."""
    return time_loop(fn, docs) if workers == 1 else time_pool(fn, docs, workers, docs[0])


# -- commands -----------------------------------------------------------------------------

@dataclass
class Run:
    """A finished command: wall time, exit status, lines written, peak memory."""

    seconds: float
    returncode: int
    lines_out: int
    stderr: str
    peak_rss_tree: int = 0  # bytes, sum over the process and its descendants (polled)
    max_rss: int = 0  # bytes, the largest peak (VmHWM) of any one process in the tree

    def error(self, expect_lines: int | None = None) -> str | None:
        """Why this run cannot be trusted as a measurement, or None."""
        if self.returncode != 0:
            tail = self.stderr.strip().splitlines()[-1:] or [""]
            return f"exit {self.returncode}: {tail[0][:200]}"
        if expect_lines is not None and self.lines_out != expect_lines:
            return f"wrote {self.lines_out} lines for {expect_lines} records"
        return None


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _status_kb(pid: int, keys: tuple[str, ...]) -> dict[str, int]:
    found = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            name = line.split(":", 1)[0]
            if name in keys:
                found[name] = int(line.split()[1]) * 1024
    return found


def tree_memory(pid: int) -> tuple[int, int]:
    """(resident memory of a process and all its descendants now, the largest peak
    resident size of any one of them), in bytes, from Linux /proc."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = _status_kb(p, ("VmRSS", "VmHWM"))
        except (OSError, ValueError):
            continue
        total += status.get("VmRSS", 0)
        largest = max(largest, status.get("VmHWM", 0))
        todo.extend(_children(p))
    return total, largest


class MemoryPoller(threading.Thread):
    """Samples a process tree's memory every ``interval`` seconds and keeps the peaks.
    Not getrusage: a pool of workers uses the sum of their memory, and ru_maxrss of a
    child started by fork+exec can report the parent's size from before the exec."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_tree = self.peak_process = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            tree, largest = tree_memory(self.pid)
            self.peak_tree = max(self.peak_tree, tree)
            self.peak_process = max(self.peak_process, largest)
            self._done.wait(self.interval)

    def stop(self) -> tuple[int, int]:
        self._done.set()
        self.join()
        return self.peak_tree, self.peak_process


def _count_lines(stream, counter: list[int]) -> None:
    n = 0
    while chunk := stream.read(1 << 20):
        n += chunk.count(b"\n")
    counter.append(n)


def run_command(argv: Sequence[str], stdin: Path | bytes, *, poll_memory: bool = False,
                env: dict | None = None) -> Run:
    """Run a command on a file (or bytes) as its standard input, count the lines it writes
    without keeping them, and time it from start to exit (interpreter start-up included)."""
    stdin_file = open(stdin, "rb") if isinstance(stdin, Path) else subprocess.PIPE
    counter: list[int] = []
    try:
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(list(argv), stdin=stdin_file, stdout=subprocess.PIPE,
                                    stderr=err, env=env)
            poller = MemoryPoller(proc.pid) if poll_memory else None
            if poller:
                poller.start()
            reader = threading.Thread(target=_count_lines, args=(proc.stdout, counter))
            reader.start()
            if isinstance(stdin, bytes):
                try:
                    proc.stdin.write(stdin)
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
            proc.wait()
            seconds = time.perf_counter() - start
            peaks = poller.stop() if poller else (0, 0)
            reader.join()
            proc.stdout.close()
            err.seek(0)
            stderr = err.read().decode("utf-8", errors="replace")
    finally:
        if isinstance(stdin, Path):
            stdin_file.close()
    return Run(seconds, proc.returncode, counter[0] if counter else 0, stderr, *peaks)
