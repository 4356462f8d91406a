"""The installed ``cleantext`` command, run as a subprocess.

Every behaviour of the command is checked by running the real console script, and its
output is compared with what the library returns for the same input, so that the
command cannot drift into a second cleaner.
"""

import array
import contextlib
import difflib
import fcntl
import io
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, read_seed, seed_names

import cleantext
import cleantext.cli
from cleantext.batch import clean_jsonl_batches
from cleantext.cli import _is_file
from cleantext.html import clean_html

# the console script installed next to this interpreter (a venv's bin/), else on PATH
_BESIDE = Path(sys.executable).with_name("cleantext")
EXE = str(_BESIDE) if _BESIDE.exists() else shutil.which("cleantext")
if EXE is None:
    pytest.fail("the cleantext command is not installed; run pip install -e '.[test]'",
                pytrace=False)

DATA = ROOT / "tests" / "data"
PAGE = DATA / "page.html"
SHORT = "Rutte visits Kyiv\n\nBy Jane Doe\n\nThe visit was short.\n\nLeave the first comment\n"


def run(args, stdin=b"", **kw):
    return subprocess.run([EXE, *map(str, args)], input=stdin, capture_output=True,
                          timeout=120, **kw)


def run_many(*calls):
    """Run several commands at once (each ``(args, stdin)``): start-up dominates these
    tests, and it overlaps."""
    procs = [subprocess.Popen([EXE, *map(str, args)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for args, _ in calls]
    results = []
    for proc, (_, stdin) in zip(procs, calls, strict=True):
        out, err = proc.communicate(stdin, timeout=120)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def assert_clean_error(proc, *needles, status=2):
    """A user mistake: the given exit status, one line on stderr naming the problem, no
    traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == status, err
    assert err.startswith("cleantext: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def feed(proc, *chunks, gate: threading.Event | None = None) -> threading.Thread:
    """Write ``chunks`` to the command's stdin from a thread (waiting for ``gate``, when
    given, before the last one), then close it; reading the output meanwhile cannot
    deadlock on a full pipe."""
    def write():
        try:
            for i, chunk in enumerate(chunks):
                if gate is not None and i == len(chunks) - 1:
                    gate.wait(60)
                proc.stdin.write(chunk)
                proc.stdin.flush()
        except BrokenPipeError:
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def jsonl(records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


def explained(removed, record=None) -> str:
    where = f"record {record}, " if record is not None else ""
    return "".join(
        f"{where}line {r.line}{f', columns {r.start + 1}-{r.end}' if r.start else ''}: "
        f"{r.family}: {r.rule}: {json.dumps(r.text, ensure_ascii=False)}\n" for r in removed)


# ---------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------


def test_stdin_to_stdout_equals_library():
    text = read_seed("003_c1eafd3237e8e5b7.txt")
    proc = run([], text.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == cleantext.clean(text)
    assert proc.stderr == b""


def test_file_argument_and_dash_for_stdin():
    text = read_seed("004_83be168fab8a3b86.txt")
    proc, dash = run_many(([SEEDS / "004_83be168fab8a3b86.txt"], b""), (["-"], text.encode()))
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == cleantext.clean(text)
    assert dash.stdout == proc.stdout


def test_empty_input_gives_empty_output():
    calls = [([], b""), (["--jsonl"], b""), (["--html", "--diff"], b"")]
    for (args, _), proc in zip(calls, run_many(*calls), strict=True):
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b""), args


def test_invalid_utf8_names_line_and_byte_and_how_to_go_on():
    data = b"Good line.\nbad \xff here\n"
    latin = "Caf\u00e9 owners met on Monday.\n"
    proc, replaced, latin1, unknown = run_many(
        ([], data), (["--errors", "replace"], data),
        (["--encoding", "latin-1"], latin.encode("latin-1")), (["--encoding", "klingon"], data))
    assert proc.stdout == b""
    assert_clean_error(proc, "<stdin>: line 2: invalid UTF-8 at byte 15 (0xff)",
                       "--encoding", "--errors replace")
    assert replaced.returncode == 0
    assert replaced.stdout.decode() == cleantext.clean(data.decode("utf-8", "replace"))
    assert latin1.stdout.decode("utf-8") == latin
    assert_clean_error(unknown, "--encoding: unknown encoding 'klingon'")


MISTAKES = [
    (["/nonexistent/article.txt"], "/nonexistent/article.txt: No such file or directory"),
    ([DATA], "Is a directory"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--jobs", "0"], "--jobs"),
    (["--timeout", "0"], "--timeout"),
    (["--field", "body"], "--field: only with --jsonl"),
    (["--without", "captions"], "--without: unknown filter 'captions'; known filters: donation"),
    (["--only", "donation,nope"], "--only: unknown filter 'nope'"),
    (["--patterns", DATA / "bad_pattern.toml"],
     "bad_pattern.toml: rule 'promo.broken': does not match its must_match example"),
    (["--patterns", DATA / "missing.toml"], "missing.toml: cannot read"),
    # a rule that runs away on its own example is refused, at the default time limit
    (["--patterns", DATA / "slow_pattern.toml"], "slow_pattern.toml: rule 'slow.nested': "
     "ran out of time (1 s) on its must_not_match example 'xxxxxxxx"),
    (["--jsonl", "--encoding", "utf-16"], "cannot be used with --jsonl"),
]


def test_user_mistakes_are_one_line_errors():
    procs = run_many(*[(args, SHORT.encode()) for args, _ in MISTAKES])
    for (args, needle), proc in zip(MISTAKES, procs, strict=True):
        assert proc.stdout == b"", args
        assert_clean_error(proc, needle)


def test_explain_writes_every_removal_to_stderr():
    proc = run(["--explain"], SHORT.encode())
    result = cleantext.Pipeline().run(SHORT)
    assert proc.returncode == 0
    assert proc.stdout.decode() == result.text
    assert proc.stderr.decode() == explained(result.removed)
    assert 'line 3: byline: byline.by_name: "By Jane Doe"\n' in proc.stderr.decode()


def test_diff_shows_a_unified_diff_instead_of_the_output(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SHORT)
    proc = run(["--diff", path])
    expected = "".join(line + "\n" for line in difflib.unified_diff(
        SHORT.splitlines(), cleantext.clean(SHORT).splitlines(), fromfile=str(path),
        tofile=f"{path} (clean)", lineterm=""))
    assert proc.returncode == 0
    assert proc.stdout.decode() == expected
    assert "-By Jane Doe\n" in expected and " The visit was short.\n" in expected


def test_choosing_filters():
    text = read_seed("003_c1eafd3237e8e5b7.txt")
    without, only = run_many(
        (["--without", "slug", "--without", "timestamp,duplicate_title"], text.encode()),
        (["--only", "byline"], SHORT.encode()))
    assert without.stdout.decode() == cleantext.Pipeline().without(
        "slug", "timestamp", "duplicate_title").clean(text)
    assert only.stdout.decode() == cleantext.Pipeline(["byline"]).clean(SHORT) == (
        "Rutte visits Kyiv\n\nThe visit was short.\n\nLeave the first comment\n")


def test_pattern_files_add_rules_and_families():
    text = ("The council met on Monday and approved the budget for the coming year.\n\n"
            "Listen to this article in our app\n")
    promo = DATA / "promo.toml"
    added, left_out = run_many((["--patterns", promo, "--explain"], text.encode()),
                               (["--patterns", promo, "--without", "promo"], text.encode()))
    assert added.stdout.decode() == cleantext.Pipeline(patterns=[promo]).clean(text)
    assert "Listen to this" not in added.stdout.decode()
    assert added.stderr.decode() == (
        'line 3: promo: promo.listen_in_app: "Listen to this article in our app"\n')
    # leaving the new family out leaves its lines in
    assert left_out.stdout.decode() == cleantext.clean(text)


def test_list_filters_and_rules():
    filters, rules = run_many(
        (["--list-filters", "--without", "caption", "--patterns", DATA / "promo.toml"], b""),
        (["--list-rules", "--patterns", DATA / "promo.toml", "--only", "donation,promo"], b""))
    assert filters.returncode == 0
    rows = [line.split()[:2] for line in filters.stdout.decode().splitlines()]
    assert [name for name, _ in rows] == [*cleantext.FILTERS, "promo"]
    assert dict(rows)["caption"] == "off" and dict(rows)["donation"] == "on"

    lines = rules.stdout.decode().splitlines()
    assert lines[0] == "id\tfamily\tscope\tlang\tfile\tsource"
    expected = [r.id for r in cleantext.builtin_patterns().rules("donation", ("en",))]
    assert [line.split("\t")[0] for line in lines[1:]] == [*expected, "promo.listen_in_app"]
    assert lines[-1] == "promo.listen_in_app\tpromo\tline\ten\tpromo.toml\ttests/test_cli.py"


def test_quotes_languages_and_timeout_reach_the_pipeline():
    text = "\u201cWe will rebuild the wall,\u201d the mayor said on Tuesday evening.\n"
    proc, everything = run_many(
        (["--straighten-quotes", "--languages", "en", "--timeout", "2.5"], text.encode()),
        (["--languages", "all", "--list-rules"], b""))
    assert proc.stdout.decode() == cleantext.Pipeline(
        straighten_quotes=True, languages=["en"], timeout=2.5).clean(text)
    assert proc.stdout.decode().startswith('"We will')
    all_rules = [r.id for f in cleantext.Pipeline(languages=None).filters
                 if isinstance(f, cleantext.PatternFilter) for r in f.rules]
    assert [line.split("\t")[0] for line in everything.stdout.decode().splitlines()[1:]] == (
        all_rules)


def test_rule_time_outs_are_counted_and_reported(tmp_path):
    # (x|xx)+y backtracks exponentially on a run of x that a y does not end (the line ends
    # in "xy": without that, the matcher knows the rule cannot match and never runs it)
    slow = tmp_path / "slow.toml"
    slow.write_text('family = "slow"\n[[rule]]\nid = "nested"\npattern = "(?:x|xx)+y"\n'
                    'source = "test"\nmust_match = ["xxy"]\nmust_not_match = ["xxz"]\n',
                    encoding="utf-8")
    doc = "Body line here.\n" + "x" * 40 + "zxy\n"
    records = "".join(json.dumps({"text": doc}) + "\n" for _ in range(3))
    text, jsonl = run_many(
        (["--patterns", slow, "--timeout", "0.05"], doc.encode()),
        (["--jsonl", "--patterns", slow, "--timeout", "0.05"], records.encode()))
    assert text.returncode == 0 and text.stdout.decode() == doc
    assert text.stderr.decode() == ("cleantext: <stdin>: 1 rule ran out of time and was "
                                    "skipped: slow.nested (see --timeout)\n")
    assert jsonl.returncode == 0 and len(jsonl.stdout.splitlines()) == 3
    assert "3 rule time-outs in 3 records" in jsonl.stderr.decode()


def test_output_file_is_written_atomically(tmp_path):
    fresh, kept = tmp_path / "fresh.jsonl", tmp_path / "kept.jsonl"
    kept.write_bytes(b"the previous output\n")
    good = jsonl([{"text": SHORT}])
    written, stopped = run_many((["--jsonl", "-o", fresh], good),
                                (["--jsonl", "-o", kept], good + b"not json\n"))
    assert (written.returncode, written.stdout) == (0, b"")
    assert json.loads(fresh.read_bytes())["text"] == cleantext.clean(SHORT)
    # a run that stops on a bad record leaves the previous file as it was, and no temp file
    assert (stopped.returncode, stopped.stdout) == (2, b"")
    assert kept.read_bytes() == b"the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.jsonl", "kept.jsonl"]


def test_help_and_version():
    proc, version = run_many((["--help"], b""), (["--version"], b""))
    out = proc.stdout.decode()
    assert proc.returncode == 0
    for needle in ("cleantext < article.txt > clean.txt", "--jsonl", "--html", "--jobs",
                   "--on-error", "exit status", "141"):
        assert needle in out
    assert version.stdout.decode() == f"cleantext {cleantext.__version__}\n"


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "cleantext"], input=b"Body text here.\nShare\n",
                          capture_output=True, timeout=120)
    assert proc.stdout == b"Body text here.\n"


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

ARTICLE_PARAGRAPHS = [
    "Residents of Port Ellery voted on Tuesday to spend four million pounds",
    "The plan was approved by 1,843 votes to 1,102 at a special town meeting",
    "A long campaign",
    "Campaigners had argued for months that the old wall, built in 1952",
    "\u201cWe have been bailing out our kitchens for three winters,\u201d said Ellen Marsh",
    "Opponents had warned that the cost would fall on households",
    "Work on the new wall is expected to begin in the spring",
    "The regional flood authority has promised to cover a third of the cost",
]
PAGE_FURNITURE = ["Politics", "Subscribe", "Search the Courier", "Privacy policy",
                  "All rights reserved", "Read next", "Storm season arrives early",
                  "Leave the first comment", "Share this article", "Facebook",
                  "You could close this page", "Become a Patron!", "Photo: Tom Archer"]


def test_html_page_keeps_the_article_and_drops_the_page_furniture():
    """A page (tests/data/page.html) with a nav menu, header, article, related list,
    donation appeal, share row, comments and footer; alone, and as a JSONL field."""
    page = PAGE.read_bytes()
    records = [{"url": "https://example.org/a", "html": page.decode("utf-8")},
               {"url": "https://example.org/b", "html": "<html><body></body></html>"}]
    proc, in_jsonl = run_many((["--html", "--explain", PAGE], b""),
                              (["--jsonl", "--html", "--field", "html"], jsonl(records)))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out == clean_html(page)
    assert out.startswith("Harbour town votes to rebuild its flooded sea wall\n\n")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in out
    for furniture in PAGE_FURNITURE:
        assert furniture not in out, furniture
    # the donation appeal inside the article body is the cleaner's work, not trafilatura's
    assert "donation.close_this_page" in proc.stderr.decode()

    assert in_jsonl.returncode == 0, in_jsonl.stderr
    got = [json.loads(line) for line in in_jsonl.stdout.decode().splitlines()]
    assert got == [{"url": "https://example.org/a", "html": out},
                   {"url": "https://example.org/b", "html": ""}]


# ---------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------

TRICKY = [
    {"id": 1, "text": SHORT, "lang": "en", "score": 0.25, "tags": ["a", {"b": None}]},
    {"text": "Caf\u00e9 \u201cquotes\u201d, \u00fcml\u00e4uts, \u4e2d\u6587 and \U0001F389.\n\n"
             "Share this article", "id": 2},
    {"id": 3, "text": "Line one.\r\nLine\ttwo with a \\n that is not a newline.\n\nBy Jane Doe",
     "nested": {"text": "By Jane Doe"}},
    {"id": 4, "text": "", "empty": True},
]


def test_jsonl_cleans_only_the_text_field():
    # every other record written with \u escapes: both read the same
    data = b"".join(json.dumps(r, ensure_ascii=i % 2 == 1).encode() + b"\n"
                    for i, r in enumerate(TRICKY))
    proc = run(["--jsonl"], data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    lines = proc.stdout.split(b"\n")
    assert lines[-1] == b"" and len(lines) - 1 == len(TRICKY)
    for line, record in zip(lines[:-1], TRICKY, strict=True):
        got = json.loads(line)
        assert got == {**record, "text": cleantext.clean(record["text"])}
        assert list(got) == list(record)  # fields keep their order
        assert line == json.dumps(got, ensure_ascii=False).encode()  # readable UTF-8
    assert "\u4e2d\u6587".encode() in proc.stdout


def test_surrogateescape_cleans_the_text_and_keeps_the_other_bytes():
    """Undecodable bytes read with --errors surrogateescape are lone surrogates in the
    text: the cleaned text carries U+FFFD, and a JSONL record's other fields write their
    bytes back as they came."""
    text = b"Caf\xe9 owners met on Monday.\nShare this article\n"
    record = b'{"src": "a\xffb", "text": "Caf\xe9 owners met on Monday.\\nShare this article"}\n'
    plain, lines = run_many((["--errors", "surrogateescape"], text),
                            (["--jsonl", "--jobs", "2", "--errors", "surrogateescape"], record))
    assert (plain.returncode, plain.stderr) == (0, b"")
    assert plain.stdout == "Caf\ufffd owners met on Monday.\n".encode()
    assert (lines.returncode, lines.stderr) == (0, b"")
    assert lines.stdout == ('{"src": "a\udcffb", "text": "Caf\ufffd owners met on Monday.\\n"}\n'
                            .encode("utf-8", "surrogateescape"))


def test_jsonl_field_and_title_field():
    title = "Harbour town votes to rebuild its sea wall"
    body = ("Climate news\n\nHarbour town votes to rebuild its sea wall\n\nResidents of Port "
            "Ellery voted on Tuesday to spend four million pounds rebuilding the sea wall.\n\n"
            "Harbour town votes to rebuild its sea wall | The Courier\n\nThe plan was "
            "approved by a large majority at a special town meeting on Tuesday evening.\n")
    assert cleantext.clean(body, title=title) != cleantext.clean(body)  # the hint matters
    records = [{"headline": title, "body": body}, {"headline": None, "body": body}]
    proc = run(["--jsonl", "--field", "body", "--title-field", "headline"], jsonl(records))
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert got == [{"headline": title, "body": cleantext.clean(body, title=title)},
                   {"headline": None, "body": cleantext.clean(body)}]


BAD_LINES = [
    (b'{"id": 2, "text": "Fine text.\\n\\nShare this article"}', "clean"),
    (b"not json at all", 'not JSON: Expecting value (column 1)'),
    (b'{"id": 4, "body": "no text field"}', 'no "text" field (the record has "id", "body")'),
    (b'{"id": 5, "text": 42}', 'the "text" field is a number, not a string'),
    (b'["an", "array"]', "not a JSON object but an array"),
    (b'{"id": 7, "text": "bad \xff byte"}', "invalid UTF-8 at byte"),
    (b"   ", "blank"),
    (b'{"id": 9, "text": "Last one.\\n\\nLeave the first comment"}', "clean"),
]


def bad_input() -> bytes:
    return jsonl([{"id": 1, "text": SHORT}]) + b"".join(line + b"\n" for line, _ in BAD_LINES)


def test_jsonl_bad_line_stops_after_writing_everything_before_it():
    proc = run(["--jsonl"], bad_input())
    first, second = ({"id": 1, "text": SHORT}, json.loads(BAD_LINES[0][0]))
    assert proc.stdout == jsonl([{**r, "text": cleantext.clean(r["text"])}
                                 for r in (first, second)])
    assert_clean_error(proc, "<stdin>: line 3: not JSON: Expecting value (column 1)",
                       "--on-error pass")


def test_jsonl_on_error_pass_passes_bad_records_through_untouched():
    data = bad_input()
    proc, quiet = run_many((["--jsonl", "--on-error", "pass"], data),
                           (["--jsonl", "--on-error", "pass", "--quiet"], data))
    assert proc.returncode == quiet.returncode == 3
    inputs, outputs = data.split(b"\n"), proc.stdout.split(b"\n")
    assert len(outputs) == len(inputs)  # record count in == record count out
    for i, (line, expect) in enumerate(BAD_LINES, start=1):
        if expect == "clean":
            record = json.loads(line)
            assert json.loads(outputs[i]) == {**record, "text": cleantext.clean(record["text"])}
        else:
            assert outputs[i] == line  # untouched, byte for byte
    err = proc.stderr.decode()
    for n, (_, expect) in enumerate(BAD_LINES, start=2):
        if expect not in ("clean", "blank"):
            assert f"<stdin>: line {n}: {expect}" in err, err
    assert "1 blank line passed through unchanged" in err
    assert "5 records could not be cleaned and were passed through untouched" in err
    assert "Traceback" not in err
    assert quiet.stderr == b"" and quiet.stdout == proc.stdout


def test_jsonl_explain_and_diff_name_the_record():
    records = [{"text": "Nothing to remove here at all."}, {"text": SHORT}]
    proc = run(["--jsonl", "--explain", "--diff"], jsonl(records))
    result = cleantext.Pipeline().run(SHORT)
    assert proc.stderr.decode() == explained(result.removed, record=2)
    assert proc.stdout.decode() == "".join(line + "\n" for line in difflib.unified_diff(
        SHORT.splitlines(), result.text.splitlines(), fromfile="<stdin>: line 2: text",
        tofile="<stdin>: line 2: text (clean)", lineterm=""))


@pytest.fixture(scope="module")
def many_records() -> bytes:
    """Enough records for several batches of every worker: pieces of the seeds."""
    seeds = [read_seed(name) for name in seed_names()]
    records = [{"n": i, "text": seeds[i % len(seeds)][: 300 + 37 * i % 900]}
               for i in range(200)]
    return jsonl(records)


def cleaned(records: bytes) -> list[bytes]:
    """The line the command writes for each JSONL record (all good ones)."""
    out = []
    for line in records.splitlines():
        record = json.loads(line)
        record["text"] = cleantext.clean(record["text"])
        out.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return out


def test_bad_records_with_jobs_2_lose_nothing(many_records):
    """Bad records among many, cleaned by worker processes: --on-error stop writes
    exactly the whole records before the first bad one; --on-error pass writes every
    line, in order. (-o on a failed run: test_output_file_is_written_atomically.)"""
    lines = many_records.splitlines(keepends=True)
    data = b"".join([*lines[:70], b"not json\n", *lines[70:150], b'{"n": 1, "text": 7}\n',
                     *lines[150:]])
    stop2, pass2 = run_many((["--jsonl", "--jobs", "2"], data),
                            (["--jsonl", "--jobs", "2", "--on-error", "pass"], data))
    expected = cleaned(many_records)
    assert stop2.stdout == b"".join(expected[:70])
    assert_clean_error(stop2, "<stdin>: line 71: not JSON")
    assert pass2.returncode == 3
    assert pass2.stdout == b"".join(
        [*expected[:70], b"not json\n", *expected[70:150], b'{"n": 1, "text": 7}\n',
         *expected[150:]])


def test_jobs_1_on_a_file_gives_what_it_gives_on_a_pipe(many_records, tmp_path):
    """A file's records are cleaned in batches (a pipe's one by one, as they come): the
    same output, bad records included, from a FILE argument and from stdin on a file."""
    lines = many_records.splitlines(keepends=True)
    data = b"".join([*lines[:70], b"not json\n", *lines[70:150], b'{"n": 1, "text": 7}\n',
                     *lines[150:]])
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    for extra in ([], ["--on-error", "pass"], ["--explain"]):
        piped = run(["--jsonl", "--jobs", "1", *extra], data)
        named = run(["--jsonl", "--jobs", "1", *extra, path])
        with open(path, "rb") as stdin:
            redirected = subprocess.run([EXE, "--jsonl", "--jobs", "1", *extra], stdin=stdin,
                                        capture_output=True, timeout=120)
        assert piped.returncode in (2, 3)
        for proc in (named, redirected):
            assert (proc.returncode, proc.stdout) == (piped.returncode, piped.stdout)
            assert proc.stderr.replace(str(path).encode(), b"<stdin>") == piped.stderr


def test_batched_cleans_a_file_in_batches(many_records, tmp_path):
    """``batched`` (what the command asks for on a file): lists of records, the same
    records as one at a time."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(many_records)
    with open(path, "rb") as f:
        one = list(clean_jsonl_batches(f, jobs=1))
    with open(path, "rb") as f:
        many = list(clean_jsonl_batches(f, jobs=1, batched=True))
    assert {len(b) for b in one} == {1} and max(len(b) for b in many) > 1
    assert [r for b in many for r in b] == [r for b in one for r in b]
    with open(path, "rb") as f:
        assert _is_file(f)
    read, write = os.pipe()
    with os.fdopen(read, "rb") as r, os.fdopen(write, "wb"):
        assert not _is_file(r)


def test_the_command_batches_a_file_and_not_a_pipe(monkeypatch, tmp_path):
    """The command asks for batches on a file (FILE, or stdin on a file) and not on a
    pipe, whose records come out one by one as they arrive."""
    asked = []
    real = cleantext.cli.clean_jsonl_batches

    def spy(*args, **kw):
        asked.append(kw.get("batched"))
        return real(*args, **kw)

    monkeypatch.setattr(cleantext.cli, "clean_jsonl_batches", spy)
    data = jsonl([{"text": SHORT}])
    path, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    path.write_bytes(data)
    argv = ["--jsonl", "--jobs", "1", "-o", str(out)]
    assert cleantext.cli.main([*argv, str(path)]) == 0
    with open(path, "rb") as f:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(f))
        assert cleantext.cli.main(argv) == 0
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    with os.fdopen(read, "rb") as r:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(r))
        assert cleantext.cli.main(argv) == 0
    assert asked == [True, True, False]
    assert out.read_bytes() == b"".join(cleaned(data))


def test_jobs_2_gives_the_same_output_as_jobs_1(many_records):
    one, two, auto = run_many((["--jsonl", "--jobs", "1"], many_records),
                              (["--jsonl", "--jobs", "2"], many_records),
                              (["--jsonl"], many_records))
    assert one.returncode == two.returncode == auto.returncode == 0
    assert two.stdout == one.stdout == auto.stdout
    expected = [cleantext.clean(json.loads(line)["text"]) for line in many_records.splitlines()]
    assert [json.loads(line)["text"] for line in one.stdout.splitlines()] == expected


def test_jsonl_streams_instead_of_reading_everything_first(many_records):
    """Output comes out while the input is still open: the command does not read its
    whole input ahead, with one process or with workers."""
    lines = many_records.splitlines(keepends=True)
    for jobs in ("1", "2"):
        proc = subprocess.Popen([EXE, "--jsonl", "--jobs", jobs], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        gate = threading.Event()
        try:
            feed(proc, b"".join(lines[:150]), b"".join(lines[150:]), gate=gate)
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready and not gate.is_set(), f"--jobs {jobs}: no output before the input ended"
            assert proc.stdout.readline().startswith(b'{"n": 0,')
            gate.set()
            assert proc.stdout.read().count(b"\n") == len(lines) - 1
            assert proc.wait(60) == 0
        finally:
            gate.set()
            proc.kill()


@pytest.mark.parametrize("args", [["--jsonl", "--jobs", "1"],
                                  ["--jsonl", "--jobs", "2", "--explain"]])
def test_broken_pipe_ends_quietly(many_records, args):
    """`cleantext ... | head -1`: the reader goes away, the command ends without a word."""
    proc = subprocess.Popen([EXE, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    feed(proc, many_records)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 141
    assert json.loads(first)["n"] == 0
    assert "Traceback" not in err and "Exception ignored" not in err
    if "--explain" not in args:
        assert err == ""


def test_broken_pipe_in_text_mode_and_listings():
    calls = [([], (read_seed("003_c1eafd3237e8e5b7.txt") * 60).encode()), (["--list-rules"], b"")]
    procs = [subprocess.Popen([EXE, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for args, _ in calls]
    for proc, (_, stdin) in zip(procs, calls, strict=True):
        proc.stdout.close()  # the reader is gone before anything was written
        feed(proc, stdin)
    for proc in procs:
        err = proc.stderr.read().decode()
        assert proc.wait(60) == 141, err
        assert err == ""


def session_processes(sid: int) -> list[int]:
    """The processes still alive in session ``sid`` (Linux /proc)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) == sid and fields[0] != "Z":
                    alive.append(int(entry.name))
    return alive


def kill_session(proc):
    """End the command and every process of its session, whatever state it is in."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.kill()


def test_ctrl_c_leaves_whole_records_and_stops_the_workers(many_records, tmp_path):
    out = tmp_path / "out.jsonl"
    gate = threading.Event()
    with open(out, "wb") as sink:
        proc = subprocess.Popen([EXE, "--jsonl", "--jobs", "2"], stdin=subprocess.PIPE,
                                stdout=sink, stderr=subprocess.PIPE, start_new_session=True)
        try:
            feed(proc, many_records, b"", gate=gate)  # the input stays open: still running
            deadline = time.monotonic() + 60
            while out.stat().st_size == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
            assert proc.wait(60) == 130  # fails, rather than hangs, if the command does
            err = proc.stderr.read().decode()
        finally:
            gate.set()
            if proc.poll() is None:  # a command that hung (workers are checked below)
                kill_session(proc)
    assert err == "cleantext: interrupted\n"
    data = out.read_bytes()
    assert data.endswith(b"\n")
    # whole records, the first ones of the input, in order
    written = data.splitlines(keepends=True)
    assert written == cleaned(many_records)[:len(written)]
    time.sleep(0.2)
    assert session_processes(proc.pid) == []  # no worker left behind


def test_ctrl_c_while_a_reader_lags_leaves_whole_records(tmp_path):
    """--jobs 1 on a file writes batches of records larger than a pipe holds; Ctrl-C
    while the write waits for the reader ends the output at the end of a record."""
    seeds = [read_seed(name) for name in seed_names()]
    data = jsonl([{"n": i, "text": seeds[i % len(seeds)]} for i in range(120)])
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    proc = subprocess.Popen([EXE, "--jsonl", "--jobs", "1", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        waiting = array.array("i", [0])
        while time.monotonic() < deadline:  # until the pipe is full: the command waits
            fcntl.ioctl(proc.stdout.fileno(), termios.FIONREAD, waiting)
            if waiting[0] >= 65536 or proc.poll() is not None:
                break
            time.sleep(0.02)
        assert proc.poll() is None and waiting[0] >= 65536, "the output never filled the pipe"
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130 and err == b"cleantext: interrupted\n"
    assert out.endswith(b"\n") and len(out) > 65536
    assert b"".join(cleaned(data)).startswith(out)


def test_ctrl_c_leaves_an_output_file_as_it_was(many_records, tmp_path):
    """-o writes a temporary file beside the target; Ctrl-C in the middle of the run
    removes it, and the previous output stays whole."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"the previous output\n")
    gate = threading.Event()
    proc = subprocess.Popen([EXE, "--jsonl", "--jobs", "2", "-o", out], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        feed(proc, many_records, b"", gate=gate)  # the input stays open: still running
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
                p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir()):
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(60) == 130  # fails, rather than hangs, if the command does
        err = proc.stderr.read().decode()
    finally:
        gate.set()
        if proc.poll() is None:
            kill_session(proc)
    assert err == "cleantext: interrupted\n"
    assert out.read_bytes() == b"the previous output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_progress_line_only_on_a_terminal():
    """Two lots of records, more than a second apart, so that the run lasts long enough
    for a progress line; stderr is a pseudo-terminal. (Every other test checks that
    stderr stays silent when it is not a terminal.)"""
    records = jsonl([{"text": "A short article.\n\nShare this article"}] * 20)
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([EXE, "--jsonl", "--jobs", "1"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        gate = threading.Event()
        feed(proc, records, records, gate=gate)
        first = [proc.stdout.readline() for _ in range(20)]
        time.sleep(1.2)
        gate.set()
        out = b"".join(first) + proc.stdout.read()
        assert proc.wait(60) == 0
        seen = b""
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert out.count(b"\n") == 40
    text = seen.decode()
    assert "\rcleantext: 21 records, " in text, text
    assert "records/s" in text and "MB/s" in text
    assert "cleantext: 40 records, " in text and text.rstrip().endswith("MB/s\x1b[K")


def test_the_output_kind_is_read_from_one_fstat(tmp_path):
    from cleantext.cli import _kind
    with open(tmp_path / "out.txt", "wb") as f:
        assert _kind(f.fileno()) == (True, 0)  # a file: written in pieces, never waits
    read, write = os.pipe()
    try:
        regular, size = _kind(write)
        assert not regular
        if sys.platform.startswith("linux"):
            assert size == fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) > 0
    finally:
        os.close(read)
        os.close(write)
    with open(os.devnull, "wb") as f:
        assert _kind(f.fileno()) == (False, 0)  # a device: neither
    assert _kind(write) == (False, 0)  # closed: nothing known
