"""JSONL records cleaned in batches: the same records as one at a time."""

import json
import os
import struct
from concurrent.futures import ProcessPoolExecutor
from itertools import zip_longest

import pytest

import cleantext.batch
from cleantext import Document, Filter, JsonlOptions, Pipeline
from cleantext.batch import clean_record, clean_records
from conftest import read_seed, seed_names


class FailsOnBoom(Filter):
    """Raises on a document that says "boom" (a test filter)."""

    name = "fails"

    def mark(self, doc: Document) -> None:
        if any("boom" in line for line in doc.lines):
            raise RuntimeError("boom")


def _lines() -> list[bytes]:
    seeds = [read_seed(name) for name in seed_names()]
    good = [json.dumps({"id": n, "text": t, "title": t.split("\n", 1)[0]}).encode() + b"\n"
            for n, t in enumerate(seeds)]
    bad = [b"\n", b"not json\n", b'{"id": 9}\n', b'{"text": 5}\n', b'"a string"\n',
           b'{"text": "bad \xff byte"}\n',
           json.dumps({"text": "It went boom.\n\nShare this article"}).encode() + b"\n"]
    return [line for pair in zip_longest(good, bad) for line in pair if line is not None]


def test_a_batch_gives_the_records_one_at_a_time_gives():
    """Good records among blank, broken and failing ones, with and without the
    removals and texts kept: record for record the same, in order."""
    pipeline = Pipeline().with_filters(FailsOnBoom(), before="layout")
    lines = _lines()
    batch = [(n, 1000 * n, raw) for n, raw in enumerate(lines, 1)]
    for options in (JsonlOptions(), JsonlOptions(title_field="title", explain=True,
                                                 keep_text=True)):
        one = [clean_record(raw, n, offset, pipeline, options) for n, offset, raw in batch]
        assert clean_records(batch, pipeline, options) == one
        kinds = [r.error_kind for r in one]
        assert kinds.count(None) == 5 + 1  # the seeds, and the blank line
        assert {"json", "field", "decode", "internal"} <= set(kinds)
        assert one[-1].status == "error" and "cleaning failed: RuntimeError: boom" in one[-1].error


def test_clean_record_cleans_as_the_pipeline_does():
    text = read_seed(seed_names()[0])
    raw = json.dumps({"text": text}).encode()
    record = clean_record(raw, 1, 0, Pipeline(), JsonlOptions())
    assert json.loads(record.output) == {"text": Pipeline().clean(text)}


class BreaksHits(Filter):
    """Leaves hits that are not a dict on a document that says "boom" (a test filter)."""

    name = "breaks"

    def mark(self, doc: Document) -> None:
        if any("boom" in line for line in doc.lines):
            doc.hits = [1]


def test_a_record_whose_cleaning_breaks_is_an_internal_error_of_its_own():
    """Whatever cleaning a text raises (even a JSONDecodeError, which reading the line
    would call a json error) is an internal error of that record; the others are clean."""

    class RaisesJsonError(Filter):
        name = "raises"

        def mark(self, doc: Document) -> None:
            if any("json" in line for line in doc.lines):
                json.loads("{")

    pipeline = Pipeline().with_filters(BreaksHits(), RaisesJsonError(), before="caption")
    lines = [json.dumps({"text": t}).encode() for t in
             ("It went boom.\n\nBy Jane Doe", "Bad json here.", "A body line.\n\nBy Jane Doe")]
    batch = [(n, 0, raw) for n, raw in enumerate(lines, 1)]
    records = clean_records(batch, pipeline, JsonlOptions())
    assert [r.error_kind for r in records] == ["internal", "internal", None]
    assert "AttributeError" in records[0].error and "JSONDecodeError" in records[1].error
    assert json.loads(records[2].output) == {"text": "A body line.\n"}


def test_a_pipeline_with_a_run_of_its_own_has_it_called():
    class Shouting(Pipeline):
        def run(self, text, *, title=None):
            result = super().run(text, title=title)
            result.text = result.text.upper()
            return result

    raw = json.dumps({"text": "Rutte visits Kyiv\n\nBy Jane Doe"}).encode()
    records = clean_records([(1, 0, raw), (2, 0, raw)], Shouting(), JsonlOptions())
    assert [json.loads(r.output) for r in records] == [{"text": "RUTTE VISITS KYIV\n"}] * 2


def test_any_object_with_a_run_cleans_records():
    """Duck typing, as before the batch path: an object that is not a Pipeline but has
    a run() like one cleans the records."""

    class Upper:
        def run(self, text, *, title=None):
            result = Pipeline().run(text, title=title)
            result.text = result.text.upper()
            return result

    raw = json.dumps({"text": "Rutte visits Kyiv\n\nBy Jane Doe"}).encode()
    assert json.loads(clean_record(raw, 1, 0, Upper(), JsonlOptions()).output) == {
        "text": "RUTTE VISITS KYIV\n"}



@pytest.fixture
def pool_mid_message(monkeypatch):
    """A pool of one worker whose result pipe holds the start of a message, as a worker
    ended while it was sending a result leaves it: ``(executor, manager thread, the
    pipe's write end in this process)``. The thread is freed at the end, so that a
    failing test does not hang pytest at exit."""
    monkeypatch.setattr(cleantext.batch, "_abandoned", False)
    executor = ProcessPoolExecutor(1)
    assert executor.submit(len, "abc").result() == 3  # the worker and the thread run
    manager = executor._executor_manager_thread
    writer = executor._result_queue._writer
    # a message as a connection sends it: its length, then the bytes (here only 10)
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
    yield executor, manager, writer
    for proc in list((executor._processes or {}).values()):
        proc.join(5)
    if manager.is_alive():
        writer.close()
        manager.join(5)


def test_workers_stopped_in_the_middle_of_a_result_leave_no_thread_waiting(pool_mid_message):
    """A worker ended while it was sending a result leaves the start of a message in the
    result pipe. Stopping the pool must still end the executor's manager thread: Python
    waits for it at exit, so a thread left waiting for the rest of the message hung the
    command after a bad record with --jobs 2 (now and then, on a loaded machine)."""
    executor, manager, _ = pool_mid_message
    cleantext.batch._stop(executor, graceful=False)
    assert not manager.is_alive()
    assert not cleantext.batch.workers_abandoned()


def test_an_interruption_while_the_workers_are_stopped_leaves_the_run_abandoned(
        pool_mid_message, monkeypatch):
    """A second Ctrl-C while _stop waits for the workers: the manager thread may still
    wait for the rest of a message, so the run counts as abandoned (the command then
    ends at once rather than wait for that thread at exit)."""
    executor, _, _ = pool_mid_message
    proc = next(iter(executor._processes.values()))

    def interrupted(timeout=None):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(proc, "join", interrupted)
        with pytest.raises(KeyboardInterrupt):
            cleantext.batch._stop(executor, graceful=False)
    assert cleantext.batch.workers_abandoned()
