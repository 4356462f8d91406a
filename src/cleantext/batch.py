"""Cleaning JSON Lines in batch jobs: one record a line in, one out, in order.

This is what ``cleantext --jsonl`` runs, as a library: :func:`clean_jsonl` reads the
lines of a binary stream and yields one :class:`Record` per input line, in input order,
each holding the line to write. Every record goes through ``Pipeline.run`` (with
``--html``, through :func:`cleantext.html.html_to_text` first), the same code path as
:func:`cleantext.clean`.

Rules that make the output easy to trust:

- **Line for line.** Output line *n* belongs to input line *n*. A record that cannot be
  cleaned (not JSON, not an object, its field missing or not a string, undecodable
  bytes) comes back as an ``error`` record that carries the input line untouched and
  says what is wrong; the caller decides whether to stop or pass it through. A blank
  line comes back as a ``blank`` record, passed through as it was.
- **Only the text field changes.** The record is parsed and written back with its
  fields in their order and values; the text field holds the clean text.
- **Streaming, constant memory.** Lines are read one at a time; with worker processes,
  at most a few batches per worker are in flight, however long the input.
- **Parallel, same output.** ``jobs=N`` cleans batches of lines in N processes; results
  are yielded in input order, so the output is byte-for-byte that of ``jobs=1``.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .document import Removal, Result
from .errors import CleantextError
from .pipeline import Pipeline, default_pipeline

#: with ``jobs=None``, the records cleaned in this process before worker processes are
#: started: a short input never pays for starting them
FEW_RECORDS = 64
#: a batch sent to a worker holds at most this many lines ...
BATCH_LINES = 32
#: ... and at most about this many bytes (a batch always holds at least one line)
BATCH_BYTES = 1 << 20
#: batches in flight per worker: enough to keep every worker busy, few enough to keep
#: memory constant
IN_FLIGHT_PER_JOB = 2

CLEAN, BLANK, ERROR = "clean", "blank", "error"
_BOM = codecs.BOM_UTF8
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}


class InputDecodeError(CleantextError):
    """Input bytes that are not valid in the chosen encoding.

    ``offset`` is the 0-based byte offset of the first bad byte in the whole input,
    ``line`` the 1-based line it is on.
    """

    def __init__(self, encoding: str, offset: int, line: int, bad: bytes):
        self.encoding, self.offset, self.line, self.bad = encoding, offset, line, bad
        name = "UTF-8" if encoding == "utf-8" else encoding
        shown = " ".join(f"0x{b:02x}" for b in bad[:4])
        super().__init__(f"invalid {name} at byte {offset} ({shown})")


def check_encoding(encoding: str, errors: str = "strict") -> str:
    """The canonical name of ``encoding``; a :class:`CleantextError` when Python does not
    know it or ``errors`` is not one of strict, replace, surrogateescape."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise CleantextError(f"unknown encoding {encoding!r}") from None
    if errors not in ("strict", "replace", "surrogateescape"):
        raise CleantextError(f"unknown --errors {errors!r}; use strict, replace or "
                             "surrogateescape")
    return name


def decode(data: bytes, encoding: str = "utf-8", errors: str = "strict", *,
           offset: int = 0, line: int = 1) -> str:
    """Decode ``data``, or raise :class:`InputDecodeError` naming the byte offset and line
    of the first bad byte. ``offset`` and ``line`` are where ``data`` starts in the input.
    """
    try:
        return data.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        at = offset + exc.start
        raise InputDecodeError(codecs.lookup(encoding).name, at,
                               line + data.count(b"\n", 0, exc.start),
                               data[exc.start:exc.end]) from None


@dataclass(frozen=True)
class JsonlOptions:
    """How JSONL records are read and cleaned.

    Args:
        field: the field that holds the text (or, with ``html``, the page).
        title_field: a field holding the article's title, passed to the pipeline as the
            ``title=`` hint when it is a non-empty string; other values are ignored.
        html: the field holds an HTML page; its text is extracted first (and the page's
            title used as the hint when ``title_field`` gives none).
        encoding, errors: how input bytes are decoded (the output is always UTF-8;
            with ``errors="surrogateescape"`` undecodable bytes are written back as they
            came).
        explain: keep every removal in ``Record.removed``.
        keep_text: keep the text before and after cleaning (``Record.before`` and
            ``Record.after``), for diffs.
    """

    field: str = "text"
    title_field: str | None = None
    html: bool = False
    encoding: str = "utf-8"
    errors: str = "strict"
    explain: bool = False
    keep_text: bool = False


@dataclass(slots=True)
class Record:
    """The outcome for one input line.

    ``output`` is the line to write, ``\\n`` included: the cleaned record, or for
    ``blank`` and ``error`` records the input line as it was. ``error`` says what is
    wrong with an ``error`` record (``error_kind``: ``decode``, ``json``, ``field`` or
    ``internal``).
    """

    line: int
    status: str
    output: bytes
    size: int = 0
    error: str | None = None
    error_kind: str | None = None
    removed: list[Removal] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    before: str | None = None
    after: str | None = None


class WorkerError(CleantextError):
    """A worker process died (killed, or out of memory) before finishing its batch."""


class FieldError(CleantextError):
    """A record whose text field is missing or not a string."""


def clean_record(raw: bytes, line: int, offset: int, pipeline: Pipeline,
                 options: JsonlOptions) -> Record:
    """Clean one JSONL line (``raw``, its terminator included or not) into a Record.

    ``line`` (1-based) and ``offset`` (byte offset of the line in the input) only serve
    to name the place of an error. Never raises for bad input: the problem is in the
    returned record.
    """
    return clean_records([(line, offset, raw)], pipeline, options)[0]


def clean_records(batch: list[tuple[int, int, bytes]], pipeline: Pipeline,
                  options: JsonlOptions) -> list[Record]:
    """:func:`clean_record` on each ``(line, offset, raw)`` of ``batch``: the texts are
    cleaned together (:meth:`~cleantext.pipeline.Pipeline.mark_many`), which is faster
    and gives the same records. (A pipeline with a ``run`` or ``document`` of its own,
    or any other object with a ``run``, has its ``run`` called on each text.)
    Whatever cleaning a text raises makes an ``internal`` error record: the kinds
    ``decode``, ``json`` and ``field`` are for reading the line."""
    records: list[Record | _Open] = [_open(raw, n, offset, options) for n, offset, raw in batch]
    opened = [r for r in records if isinstance(r, _Open)]
    if (not isinstance(pipeline, Pipeline) or pipeline._overrides("run")
            or pipeline._overrides("document")):
        for r in opened:  # a pipeline's own run() or document(), called as it is
            try:
                r.result = pipeline.run(r.before, title=r.title)
            except Exception as exc:  # a bug on one record must not cost the other records
                r.failure = exc
    else:
        docs = []
        for r in opened:
            try:
                docs.append(pipeline.document(r.before, r.title))
            except Exception as exc:  # as above
                r.failure = exc
        ready = [r for r in opened if r.failure is None]
        for r, doc, exc in zip(ready, docs, pipeline.mark_many(docs)):
            r.failure = exc
            if exc is None:
                r.result = doc.result()
    return [r if isinstance(r, Record) else _close(r, options) for r in records]


class _Open:
    """A record read and ready to clean (see :func:`clean_records`)."""

    __slots__ = ("line", "size", "passed", "obj", "before", "title", "failure", "result")

    def __init__(self, line: int, size: int, passed: bytes, obj: dict, before: str,
                 title: str | None):
        self.line, self.size, self.passed, self.obj = line, size, passed, obj
        self.before, self.title = before, title
        self.failure: Exception | None = None
        self.result: Result | None = None


def _open(raw: bytes, line: int, offset: int, options: JsonlOptions) -> Record | _Open:
    """A JSONL line read: a blank or error Record, or the record to clean."""
    body = raw[:-1] if raw.endswith(b"\n") else raw
    body = body[:-1] if body.endswith(b"\r") else body
    if line == 1 and body.startswith(_BOM) and options.encoding == "utf-8":
        body, offset = body[len(_BOM):], offset + len(_BOM)
    passed = body + b"\n"
    if not body.strip():
        return Record(line, BLANK, passed, len(raw))
    try:
        obj = _parse(body, line, offset, options)
        title = obj.get(options.title_field) if options.title_field else None
        title = title if isinstance(title, str) and title.strip() else None
        before = obj[options.field]
        if options.html:
            before, found = _html_to_text(before)
            title = title or found
    except InputDecodeError as exc:
        return Record(line, ERROR, passed, len(raw), str(exc), "decode")
    except json.JSONDecodeError as exc:
        return Record(line, ERROR, passed, len(raw),
                      f"not JSON: {exc.msg} (column {exc.colno})", "json")
    except FieldError as exc:
        return Record(line, ERROR, passed, len(raw), str(exc), "field")
    except Exception as exc:  # a bug on one record must not cost the other records
        return _internal(line, passed, len(raw), exc)
    return _Open(line, len(raw), passed, obj, before, title)


def _close(r: _Open, options: JsonlOptions) -> Record:
    """The Record of a record cleaned (or that failed on the way)."""
    result = r.result
    if r.failure is None:
        try:
            r.obj[options.field] = result.text
            out = _dump(r.obj, options.errors)
        except Exception as exc:  # a bug on one record must not cost the other records
            r.failure = exc
    if r.failure is not None:
        return _internal(r.line, r.passed, r.size, r.failure)
    return Record(r.line, CLEAN, out, r.size,
                  removed=result.removed if options.explain else [],
                  timeouts=result.timeouts,
                  before=r.before if options.keep_text else None,
                  after=result.text if options.keep_text else None)


def _internal(line: int, passed: bytes, size: int, exc: Exception) -> Record:
    return Record(line, ERROR, passed, size,
                  f"cleaning failed: {type(exc).__name__}: {exc}", "internal")


def _parse(body: bytes, line: int, offset: int, options: JsonlOptions) -> dict:
    """The record as a dict whose text field is a string, or an error that says why not."""
    obj = json.loads(decode(body, options.encoding, options.errors, offset=offset, line=line))
    if not isinstance(obj, dict):
        raise FieldError(f"not a JSON object but {_JSON_TYPES.get(type(obj), 'a value')}")
    if options.field not in obj:
        have = ", ".join(json.dumps(k, ensure_ascii=False) for k in list(obj)[:8])
        raise FieldError(f"no {json.dumps(options.field)} field"
                         + (f" (the record has {have})" if have else " (the record is {})"))
    if not isinstance(obj[options.field], str):
        kind = _JSON_TYPES.get(type(obj[options.field]), "a value")
        raise FieldError(f"the {json.dumps(options.field)} field is {kind}, not a string")
    return obj


def _html_to_text(value: str) -> tuple[str, str | None]:
    from .html import html_to_text  # imported here: trafilatura is only needed for HTML

    return html_to_text(value)


def _dump(obj: dict, errors: str) -> bytes:
    """The record as one line of UTF-8 JSON. Text stays readable (no \\u escapes), except
    for lone surrogates that UTF-8 cannot carry; with ``surrogateescape`` the bytes that
    could not be decoded are written back as they came."""
    text = json.dumps(obj, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8", "surrogateescape" if errors == "surrogateescape" else "strict")
    except UnicodeEncodeError:
        return (json.dumps(obj) + "\n").encode("ascii")


# ---------------------------------------------------------------------------
# Streams and batches
# ---------------------------------------------------------------------------


def numbered(lines: Iterable[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """``(line number, byte offset, line)`` for each line of a binary stream."""
    offset = 0
    for n, raw in enumerate(lines, 1):
        yield n, offset, raw
        offset += len(raw)


def batches(items: Iterator[tuple[int, int, bytes]], max_lines: int = BATCH_LINES,
            max_bytes: int = BATCH_BYTES) -> Iterator[list[tuple[int, int, bytes]]]:
    """Group numbered lines into lists of at most ``max_lines`` lines and about
    ``max_bytes`` bytes, so that one worker call carries enough work to be worth its
    inter-process cost and no more memory than that."""
    batch: list[tuple[int, int, bytes]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[2])
        if len(batch) >= max_lines or size >= max_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def clean_jsonl_batches(lines: Iterable[bytes], pipeline: Pipeline | None = None,
                        options: JsonlOptions | None = None, *,
                        jobs: int | None = None,
                        batched: bool = False) -> Iterator[list[Record]]:
    """Clean the lines of a JSONL stream; yields lists of :class:`Record`, in input
    order, one record per line. Write each list as it comes (that is when its records
    are final).

    ``jobs``: worker processes. ``1`` cleans in this process; ``N > 1`` in N processes;
    ``None`` cleans the first :data:`FEW_RECORDS` records here, and moves to one
    process per available CPU only if the input goes on. Stop iterating (or close the
    generator) to stop: worker processes are ended then.

    ``batched``: in this process too, clean the records in batches, as the workers do
    (faster, see :func:`clean_records`), rather than each as soon as it is read: for
    input that is all there, such as a file. (With a slow stream, a record would wait
    for the rest of its batch.)
    """
    pipeline = pipeline or default_pipeline()
    options = options or JsonlOptions()
    items = numbered(lines)
    if jobs is None:
        for item in islice(items, FEW_RECORDS):
            yield [clean_record(item[2], item[0], item[1], pipeline, options)]
        jobs = available_cpus()
    if jobs <= 1:
        if batched:
            for batch in batches(items):
                yield clean_records(batch, pipeline, options)
            return
        for n, offset, raw in items:
            yield [clean_record(raw, n, offset, pipeline, options)]
        return
    yield from _in_workers(batches(items), pipeline, options, jobs)


def clean_jsonl(lines: Iterable[bytes], pipeline: Pipeline | None = None,
                options: JsonlOptions | None = None, *,
                jobs: int | None = None, batched: bool = False) -> Iterator[Record]:
    """Like :func:`clean_jsonl_batches`, one record at a time.

    >>> import io
    >>> data = io.BytesIO(b'{"id": 1, "text": "A short article.\\\\n\\\\nShare this article"}\\n')
    >>> [r.output for r in clean_jsonl(data)]
    [b'{"id": 1, "text": "A short article.\\\\n"}\\n']
    """
    for batch in clean_jsonl_batches(lines, pipeline, options, jobs=jobs, batched=batched):
        yield from batch


# ---------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------

_worker: tuple[Pipeline, JsonlOptions] | None = None
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _init_worker(pipeline: Pipeline, options: JsonlOptions) -> None:
    """Keep the pipeline for every batch this worker cleans (it is sent once, here), and
    leave interruptions to the parent: Ctrl-C reaches the whole process group, and a
    worker that raised KeyboardInterrupt would print a traceback."""
    global _worker
    _worker = (pipeline, options)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def _clean_batch(batch: list[tuple[int, int, bytes]]) -> list[Record]:
    pipeline, options = _worker
    return clean_records(batch, pipeline, options)


def _in_workers(work: Iterator[list[tuple[int, int, bytes]]], pipeline: Pipeline,
                options: JsonlOptions, jobs: int) -> Iterator[list[Record]]:
    """Clean batches in ``jobs`` processes and yield their results in input order.

    At most ``jobs * IN_FLIGHT_PER_JOB`` batches are submitted and not yet yielded: the
    next batch is read only once the oldest is done (``Executor.map`` and
    ``Pool.imap`` would read the whole input ahead). Finished batches at the head of
    the queue are yielded as soon as they are found, so output keeps flowing.
    """
    first = next(work, None)
    if first is None:
        return
    from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor

    for stream in (sys.stdout, sys.stderr):  # forked workers must not inherit buffered text
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    window = max(2, jobs * IN_FLIGHT_PER_JOB)
    executor = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(pipeline, options))
    finished = False
    try:
        # Signals stay blocked while the workers are forked (on the first submit), so
        # that a Ctrl-C then reaches only the parent; each worker unblocks them once it
        # ignores SIGINT. Never blocked while reading input: a slow producer must not
        # make Ctrl-C wait.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            pending = deque([executor.submit(_clean_batch, first)])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for batch in work:
            pending.append(executor.submit(_clean_batch, batch))
            while pending and (len(pending) >= window or pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise WorkerError("a worker process died unexpectedly (killed, or out of memory?)"
                          ) from None
    finally:
        _stop(executor, graceful=finished)


_abandoned = False


def workers_abandoned() -> bool:
    """True once a run ended its worker processes in the middle (an error, a closed pipe,
    Ctrl-C) and the executor's manager thread did not end with them. Python waits for
    that thread at exit, and it would wait forever: the command then ends its process
    at once."""
    return _abandoned


def _stop(executor, graceful: bool) -> None:
    """Shut the workers down: wait for them after a complete run; otherwise (an error, a
    closed pipe, Ctrl-C) drop the queued batches and end the workers now.

    A worker ended while it was sending a result leaves part of a message in the result
    pipe, and the executor's manager thread waits in ``recv`` for the rest, for ever
    (and Python waits for that thread at exit). Once the workers are gone, this process
    holds the pipe's last write end: closing it ends that wait with an end of file,
    which the thread takes for a broken pool, and it ends."""
    global _abandoned
    if graceful:
        executor.shutdown(wait=True)
        return
    # abandoned until the manager thread is seen to end: a second Ctrl-C or SIGTERM in
    # the middle of this leaves the flag set, and the command ends at once
    earlier, _abandoned = _abandoned, True
    processes = list((getattr(executor, "_processes", None) or {}).values())
    results = getattr(executor, "_result_queue", None)
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.terminate()
    for proc in processes:
        proc.join(5)
        if proc.is_alive():  # (stopped, say): SIGKILL ends it
            proc.kill()
            proc.join(1)
    writer = getattr(results, "_writer", None)
    if writer is not None and not any(proc.is_alive() for proc in processes):
        with contextlib.suppress(OSError):
            writer.close()
    if manager is not None:
        manager.join(5)
        _abandoned = earlier or manager.is_alive()
    else:  # no manager thread to be seen: end the process at exit, to be safe
        _abandoned = earlier or bool(processes)
