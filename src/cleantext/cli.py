"""The ``cleantext`` command: a thin adapter from the shell to the library.

Everything that cleans goes through ``Pipeline.run`` (and, for HTML, through
``cleantext.html.html_to_text``; for JSONL, through ``cleantext.batch``), so the command
and the library cannot disagree. This module only turns options into a pipeline, bytes
into text, results into output, and failures into one-line messages and exit statuses.
"""

from __future__ import annotations

import argparse
import array
import contextlib
import difflib
import fcntl
import json
import os
import select
import signal
import stat
import sys
import tempfile
import termios
import time

from . import __version__
from .batch import (
    BLANK,
    ERROR,
    InputDecodeError,
    JsonlOptions,
    WorkerError,
    check_encoding,
    clean_jsonl_batches,
    decode,
    workers_abandoned,
)
from .errors import CleantextError, UnknownFilterError
from .filters import FILTERS, PatternFilter
from .html import ExtractorError, html_to_text, load_extractor
from .patterns import DEFAULT_TIMEOUT, PatternSet, load_files
from .pipeline import Pipeline

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_PASSED = 3
EXIT_INTERRUPTED = 130
EXIT_PIPE = 141
EXIT_TERMINATED = 143

#: records whose failure is reported one by one with --on-error pass (then only counted)
SHOWN_FAILURES = 10
#: the signals that end a run, held back while a piece of output is written and counted
_WRITE_SIGNALS = {signal.SIGINT, signal.SIGTERM}
#: the largest write to a regular file in one call
FILE_PIECE = 1 << 20

DESCRIPTION = """\
Strip boilerplate (donation appeals, "Read next" lists, captions, bylines, timestamps,
share and comment prompts, slugs, repeated titles) from the plain text of a scraped news
article, and keep the article. Reads FILE (or stdin), writes the clean text to stdout.
The output is exactly what cleantext.clean() returns in Python."""

EPILOG = """\
examples:
  cleantext < article.txt > clean.txt      clean one article
  cleantext article.txt                    the same, from a file
  cleantext --explain article.txt          ... and say on stderr what was removed, and why
  cleantext --diff article.txt             show what changed, as a unified diff
  curl -s URL | cleantext --html           extract a page's article with trafilatura, clean it
  cleantext --jsonl pages.jsonl > out.jsonl
                                           clean the "text" field of every record
  cleantext --jsonl --field body --title-field headline -o out.jsonl in.jsonl
  cleantext --jsonl --html --field html --on-error pass crawl.jsonl > clean.jsonl
  cleantext --without caption,slug article.txt   keep captions and slugs
  cleantext --patterns mine.toml article.txt     add your own rules (see patterns/README.md)
  cleantext --list-filters ; cleantext --list-rules

JSONL: one JSON object per line in, one out, in the same order; only the text field
changes. A line that is not JSON, or a record without a string text field, stops the
run (--on-error stop: everything before it is written, exit 2) or is passed through
untouched (--on-error pass: counted on stderr, exit 3). Blank lines are passed through
as they are, and counted on stderr. Line n of the output is always line n of the input.

exit status:
  0    success
  1    internal error (a bug, a worker process died, or trafilatura cannot be imported)
  2    usage or input/output error: bad option, unknown filter, bad pattern file,
       missing file, undecodable input, unwritable output, or a bad JSONL record with
       --on-error stop
  3    done, but some JSONL records could not be cleaned and were passed through
       untouched (--on-error pass)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)
  141  the reader of the output went away (e.g. | head), like other Unix tools"""


class UsageError(CleantextError):
    """A mistake on the command line or in the input: reported in one line, exit 2."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that clean-up runs as for Ctrl-C."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, as every other cleantext error
        raise UsageError(f"{message} (see cleantext --help)")


def build_parser() -> argparse.ArgumentParser:
    """The command line: input, output, filters, batch options."""
    p = _Parser(prog="cleantext", description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="the input (default, or -: stdin)")
    p.add_argument("--version", action="version", version=f"cleantext {__version__}")

    g = p.add_argument_group("input")
    g.add_argument("--jsonl", action="store_true",
                   help="the input is JSON Lines: clean one field of each record")
    g.add_argument("--field", metavar="NAME",
                   help="with --jsonl: the field holding the text (default: text)")
    g.add_argument("--title-field", metavar="NAME",
                   help="with --jsonl: a field holding the article's title, used as a hint")
    g.add_argument("--on-error", choices=("stop", "pass"),
                   help="with --jsonl: on a bad record, stop (default) or pass it through "
                        "untouched")
    g.add_argument("--html", action="store_true",
                   help="the input (with --jsonl: the field) is an HTML page: extract its "
                        "article with trafilatura (keeping too much rather than too little), "
                        "then clean it; the page's title is the title hint")
    g.add_argument("--encoding", metavar="ENC",
                   help="the input's encoding (default: utf-8; with --html and no "
                        "--encoding, the page's declared charset). The output is UTF-8")
    g.add_argument("--errors", choices=("strict", "replace", "surrogateescape"),
                   default="strict",
                   help="undecodable bytes: stop with an error (strict, default), or "
                        "become U+FFFD (replace); surrogateescape is replace in the cleaned "
                        "text, but the other fields of a JSONL record keep their bytes")

    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE, atomically: it is replaced only when the run "
                        "succeeds (exit 0 or 3), never left half-written")
    g.add_argument("--explain", action="store_true",
                   help="write every removal to stderr: line, family, rule id, text "
                        "(and the record's line, with --jsonl)")
    g.add_argument("--diff", action="store_true",
                   help="write a unified diff of input and clean text instead of the text "
                        "(with --html: of the extracted text)")
    g.add_argument("-q", "--quiet", action="store_true",
                   help="no progress line and no notes on stderr, only errors")

    g = p.add_argument_group("filters")
    g.add_argument("--without", action="append", default=[], metavar="NAME[,NAME]",
                   help="leave these filters out (repeatable)")
    g.add_argument("--only", action="append", metavar="NAME[,NAME]",
                   help="run only these filters, in their usual order (repeatable)")
    g.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="add the rules of a pattern file (repeatable; format in "
                        "patterns/README.md)")
    g.add_argument("--languages", metavar="LANG[,LANG]",
                   help="apply the rules of these languages (default: en; 'all' for all)")
    g.add_argument("--straighten-quotes", action="store_true",
                   help="turn typographic quotes into ASCII ones (kept by default)")
    g.add_argument("--timeout", type=_positive_float, metavar="SECONDS",
                   help="time one pattern may spend on one document before it is skipped "
                        f"(default: {DEFAULT_TIMEOUT:g})")
    g.add_argument("--list-filters", action="store_true",
                   help="list the filters (with the options above applied) and exit")
    g.add_argument("--list-rules", action="store_true",
                   help="list the rules the filters apply (id, family, scope, languages, "
                        "file, source) and exit")

    g = p.add_argument_group("performance")
    g.add_argument("--jobs", type=_positive_int, metavar="N",
                   help="with --jsonl: clean in N processes (default: one per CPU when "
                        "the input has more than a few records); output order is the same")
    return p


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return n


def _positive_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        x = 0.0
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {value!r}")
    return x


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (see ``cleantext --help``).

    After a run that ended its worker processes in the middle of a batch (Ctrl-C,
    SIGTERM, a bad record with ``--on-error stop``, a closed pipe) and whose worker pool's
    manager thread did not end with them (see ``batch._stop``), the process ends here
    and now with its status (``os._exit``, once stdout and stderr are flushed): Python
    would otherwise wait at exit for that thread, for ever."""
    status = _main(argv)
    if workers_abandoned():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)
    return status


def _main(argv: list[str] | None) -> int:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(build_parser().parse_args(argv))
    except WorkerError as exc:
        return _fail(f"{exc}; try fewer --jobs, or --jobs 1", EXIT_INTERNAL)
    except ExtractorError as exc:
        return _fail(str(exc), EXIT_INTERNAL)
    except CleantextError as exc:  # UsageError, PatternError, ConfigError, ...
        return _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except Terminated:
        return _fail("terminated", EXIT_TERMINATED)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum, frame):
    raise Terminated


def _fail(message: str, status: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"cleantext: {message}\n")
        sys.stderr.flush()
    return status


def _silence_stdout() -> None:
    """After the reader went away: point stdout at /dev/null, so that the interpreter's
    last flush cannot fail again and print "Exception ignored"."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _run(args: argparse.Namespace) -> int:
    _check_options(args)
    extra = (load_files(args.patterns, args.timeout or DEFAULT_TIMEOUT) if args.patterns
             else PatternSet())
    if args.list_filters or args.list_rules:
        pipeline = build_pipeline(args, extra)
        if args.list_filters:
            _print_lines(list_filters(pipeline, extra))
        if args.list_rules:
            _print_lines(list_rules(pipeline))
        return EXIT_OK
    name = "<stdin>" if args.file == "-" else args.file
    # the input and output first: a missing file is reported before the pipeline's
    # start-up cost is paid
    with _open_input(args.file) as stream, Output(args.output) as out:
        pipeline = build_pipeline(args, extra)
        if args.jsonl:
            return _clean_jsonl(args, pipeline, stream, name, out)
        return _clean_text(args, pipeline, stream, name, out)


def _check_options(args: argparse.Namespace) -> None:
    """Options that only make sense together: say so rather than ignore them."""
    if not args.jsonl:
        for option, value in (("--field", args.field), ("--title-field", args.title_field),
                              ("--on-error", args.on_error)):
            if value is not None:
                raise UsageError(f"{option}: only with --jsonl")
    args.field = args.field or "text"
    args.on_error = args.on_error or "stop"
    if args.html:
        load_extractor()  # a broken installation is said once, before any work
    if args.encoding is not None:
        try:
            args.encoding = check_encoding(args.encoding, args.errors)
        except CleantextError as exc:
            raise UsageError(f"--encoding: {exc}") from None
        if args.jsonl and "\n".encode(args.encoding) != b"\n":
            raise UsageError(f"--encoding {args.encoding}: cannot be used with --jsonl "
                             "(lines are split at the byte 0x0a)")


# ---------------------------------------------------------------------------
# The pipeline and its listings
# ---------------------------------------------------------------------------


def _names(values: list[str] | None) -> list[str]:
    return [n.strip() for v in values or () for n in v.split(",") if n.strip()]


def build_pipeline(args: argparse.Namespace, extra: PatternSet) -> Pipeline:
    """The pipeline the options ask for, with the user's pattern files ``extra``; with
    no options, the default one (that of ``cleantext.clean``).

    Filters are chosen here, once: user pattern files of a family that is left out are
    dropped too, since a pipeline gives any family of its pattern files a filter.
    """
    available = list(FILTERS) + [f for f in extra.families if f not in FILTERS]
    only, without = _names(args.only), _names(args.without)
    for option, names in (("--only", only), ("--without", without)):
        for n in names:
            if n not in available:
                raise UsageError(f"{option}: {UnknownFilterError(n, available)}")
    chosen = [n for n in available if (args.only is None or n in only) and n not in without]
    options: dict = {"patterns": PatternSet(tuple(f for f in extra.files if f.family in chosen))}
    if args.languages:
        langs = _names([args.languages])
        options["languages"] = None if langs == ["all"] else langs
    if args.straighten_quotes:
        options["straighten_quotes"] = True
    if args.timeout is not None:
        options["timeout"] = args.timeout
    filters = None if args.only is None and not without else [n for n in chosen if n in FILTERS]
    return Pipeline(filters, **options)


def _summary(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line, cut to a readable length."""
    first = " ".join((doc or "").strip().split("\n\n")[0].replace("``", "").split())
    return first if len(first) <= 90 else first[:89].rstrip() + "\u2026"


def list_filters(pipeline: Pipeline, extra: PatternSet) -> list[str]:
    """Every filter available (packaged ones, and the families of the user's pattern
    files ``extra``), ``on`` or ``off`` in ``pipeline``, and what it removes."""
    running = set(pipeline.names)
    rows = [(name, FILTERS[name].__doc__) for name in FILTERS]
    rows += [(fam, f"rules of family {fam!r} from "
              + ", ".join(os.path.basename(f.origin) for f in extra.files if f.family == fam))
             for fam in extra.families if fam not in FILTERS]
    width = max(len(name) for name, _ in rows)
    return [f"{name:<{width}}  {'on ' if name in running else 'off'}  {_summary(doc)}"
            for name, doc in rows]


def list_rules(pipeline: Pipeline) -> list[str]:
    """The rules the pipeline applies, tab-separated, with a header."""
    out = ["id\tfamily\tscope\tlang\tfile\tsource"]
    for f in pipeline.filters:
        if isinstance(f, PatternFilter):
            for r in f.rules:
                out.append("\t".join((r.id, r.family, r.scope, ",".join(r.lang),
                                      os.path.basename(r.origin), " ".join(r.source.split()))))
    return out


def _print_lines(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# Input and output
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def _open_input(path: str):
    """The input as a binary stream: stdin for ``-``."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    with stream:
        yield stream


def _is_file(stream) -> bool:
    """True when ``stream`` reads a regular file (never a pipe, a terminal or a socket)."""
    try:
        return _kind(stream.fileno())[0]
    except (AttributeError, OSError, ValueError):
        return False


def _kind(fd: int) -> tuple[bool, int]:
    """Whether ``fd`` is a regular file, and how many bytes it holds if it is a pipe: 0
    when it is none, or the system does not say (F_GETPIPE_SZ is Linux's). One fstat."""
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False, 0
    if not stat.S_ISFIFO(mode):
        return stat.S_ISREG(mode), 0
    try:
        return False, fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
    except (AttributeError, OSError):
        return False, 0


def _read_all(stream, name: str) -> bytes:
    try:
        return stream.read()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None


class Output:
    """Where the output goes: stdout, or a file written atomically (a temporary file in
    the same folder, renamed over the target only when the run ends well).

    Writes go straight to the file descriptor, whole records at a time: if Ctrl-C comes
    in the middle of a write, the line being written is finished first, so the output
    never ends with a torn record.
    """

    def __init__(self, path: str | None):
        self.path = None if path in (None, "-") else path
        self.tmp: str | None = None
        self.fd = -1
        self._regular = False  # writes to a regular file never wait for a reader
        self._pipe_size = 0  # what a pipe holds, where the system says (Linux)

    def __enter__(self) -> Output:
        if self.path is None:
            if sys.stdout is None:
                raise UsageError("<stdout>: closed; give an output file with -o")
            sys.stdout.flush()
            self.fd = sys.stdout.fileno()
            self._regular, self._pipe_size = _kind(self.fd)
            return self
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            self.fd, self.tmp = tempfile.mkstemp(
                dir=folder, prefix=f".{os.path.basename(self.path)}.", suffix=".tmp")
            os.fchmod(self.fd, _new_file_mode(self.path))
        except OSError as exc:
            raise UsageError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        self._regular = True
        return self

    def write(self, data: bytes) -> None:
        """Write ``data`` whole. Ctrl-C or SIGTERM in the middle ends the write at the end
        of the line being written, and then goes on as usual (KeyboardInterrupt,
        Terminated)."""
        view, done = memoryview(data), [0]
        try:
            while done[0] < len(view):
                self._piece(view, done)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise UsageError(f"{self.path or '<stdout>'}: cannot write: "
                             f"{exc.strerror or exc}") from None
        except BaseException:  # a signal: finish the line (a second one gives up on it)
            at = done[0]
            if at and data[at - 1:at] != b"\n":
                end = data.find(b"\n", at)
                end = end + 1 if end >= 0 else len(view)
                with contextlib.suppress(OSError):
                    while done[0] < end:
                        self._piece(view[:end], done)
            raise

    def _piece(self, view: memoryview, done: list[int]) -> None:
        """Write a piece of ``view`` from ``done[0]`` on, and count it in ``done[0]``.

        A signal is taken while waiting for the output to take more (select), never
        between a piece's write and its count: the signals are blocked for that, and the
        piece is one the output takes without waiting (PIPE_BUF bytes once select says
        a pipe or a terminal can be written; any size for a regular file), so that a
        reader that stops reading cannot make Ctrl-C wait. (Python raises the exception
        of a signal after the call that let it through: a count made outside the
        blocked stretch could be lost, and the line it ends in left torn.)
        """
        if self._regular:
            piece = view[done[0]:done[0] + FILE_PIECE]
        else:
            select.select([], [self.fd], [])
            piece = view[done[0]:done[0] + self._room()]
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _WRITE_SIGNALS)
        try:
            done[0] += os.write(self.fd, piece)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def _room(self) -> int:
        """Bytes the output takes now without waiting: a whole pipe's worth when the pipe
        is empty (Linux says how much it holds and how much waits in it), else PIPE_BUF,
        which a pipe or terminal that select says is writable takes."""
        if self._pipe_size:
            waiting = array.array("i", [0])
            try:
                fcntl.ioctl(self.fd, termios.FIONREAD, waiting)
            except OSError:
                self._pipe_size = 0
            else:
                if waiting[0] == 0:
                    return self._pipe_size
        return select.PIPE_BUF

    def __exit__(self, kind, exc, tb) -> None:
        if self.tmp is None:
            return
        try:
            if kind is None:
                os.fsync(self.fd)
                os.close(self.fd)
                os.replace(self.tmp, self.path)
                self.tmp = None
        except OSError as err:
            raise UsageError(f"{self.path}: cannot write: {err.strerror or err}") from None
        finally:
            if self.tmp is not None:
                with contextlib.suppress(OSError):
                    os.close(self.fd)
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)


def _new_file_mode(path: str) -> int:
    """The permissions the output file should have: those of the file it replaces, else
    the usual ones for a new file (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _encode(text: str, errors: str) -> bytes:
    """UTF-8 output; with --errors surrogateescape, undecodable input bytes go back out
    as they came in."""
    return text.encode("utf-8", "surrogateescape" if errors == "surrogateescape" else "replace")


def _decode_hint(jsonl: bool) -> str:
    """How to proceed after undecodable input (the message of exit status 2)."""
    if jsonl:
        return ("if the input is in another encoding, give it with --encoding (e.g. "
                "--encoding cp1252); to go on anyway, use --errors replace (bad bytes become "
                "U+FFFD), --errors surrogateescape (the same in the text field; other fields "
                "keep their bytes as they came), or --on-error pass (the record is passed "
                "through)")
    return ("if the input is in another encoding, give it with --encoding (e.g. --encoding "
            "cp1252); to go on anyway, use --errors replace (bad bytes become U+FFFD)")


# ---------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------


def _clean_text(args, pipeline: Pipeline, stream, name: str, out: Output) -> int:
    """Clean the whole input as one article."""
    data = _read_all(stream, name)
    title = None
    if args.html:
        source = data if args.encoding is None else _decode(data, args, name)
        text, title = html_to_text(source)
    else:
        text = _decode(data, args, name)
    result = pipeline.run(text, title=title)
    if args.explain:
        _write_explanation(result.removed, result.timeouts)
    elif result.timeouts and not args.quiet:
        _note(f"{name}: {_plural(len(result.timeouts), 'rule')} ran out of time and "
              f"{'was' if len(result.timeouts) == 1 else 'were'} skipped: "
              f"{', '.join(result.timeouts)} (see --timeout)")
    if args.diff:
        out.write(_encode(unified_diff(text, result.text, name), args.errors))
    else:
        out.write(_encode(result.text, args.errors))
    return EXIT_OK


def _decode(data: bytes, args, name: str) -> str:
    try:
        return decode(data, args.encoding or "utf-8", args.errors)
    except InputDecodeError as exc:
        raise UsageError(f"{name}: line {exc.line}: {exc}; {_decode_hint(False)}") from None


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff from the input text to the clean text ('' when they are equal)."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), fromfile=name,
                                 tofile=f"{name} (clean)", lineterm="")
    return "".join(line + "\n" for line in lines)


def explanation(removed, timeouts, record: int | None = None) -> list[str]:
    """One line per removal: where (the record's input line with --jsonl; the text
    line, and the columns for a cut inside a line), family, rule id, removed text."""
    where = f"record {record}, " if record is not None else ""
    out = []
    for r in removed:
        cols = f", columns {r.start + 1}-{r.end}" if r.start > 0 else ""
        out.append(f"{where}line {r.line}{cols}: {r.family}: {r.rule}: "
                   f"{json.dumps(r.text, ensure_ascii=False)}")
    for rule in timeouts:
        out.append(f"{where}timeout: rule {rule} ran out of time and was skipped "
                   "(see --timeout)")
    return out


def _write_explanation(removed, timeouts, record: int | None = None) -> None:
    lines = explanation(removed, timeouts, record)
    if lines:
        sys.stderr.write("".join(line + "\n" for line in lines))
        sys.stderr.flush()


# ---------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------


class _Tally:
    """What a JSONL run has passed through, for the notes at its end."""

    def __init__(self):
        self.failed = self.blank = 0
        self.timeouts = self.timed_out_records = 0


def _clean_jsonl(args, pipeline: Pipeline, stream, name: str, out: Output) -> int:
    """Clean every record; write each batch of results as soon as it is in."""
    options = JsonlOptions(field=args.field, title_field=args.title_field, html=args.html,
                           encoding=args.encoding or "utf-8", errors=args.errors,
                           explain=args.explain, keep_text=args.diff)
    progress = Progress(enabled=not args.quiet and not args.explain and _is_tty(sys.stderr))
    tally = _Tally()
    try:
        # a file's records are all there: in this process too, cleaned in batches
        with contextlib.closing(clean_jsonl_batches(stream, pipeline, options,
                                                    jobs=args.jobs,
                                                    batched=_is_file(stream))) as results:
            for batch in results:
                chunk, stop = _render_batch(batch, args, name, tally)
                out.write(chunk)
                if stop:
                    raise UsageError(stop)
                progress.update(len(batch), sum(r.size for r in batch))
    except BrokenPipeError:
        raise
    except OSError as exc:  # writes raise UsageError: this is the input failing
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None
    finally:
        progress.close()
    if not args.quiet and tally.blank:
        _note(f"{name}: {_plural(tally.blank, 'blank line')} passed through unchanged")
    if not args.quiet and tally.timeouts and not args.explain:
        _note(f"{name}: {_plural(tally.timeouts, 'rule time-out')} in "
              f"{_plural(tally.timed_out_records, 'record')}: those rules were skipped for "
              "those records (see --timeout; --explain names them)")
    if not args.quiet and tally.failed:
        _note(f"{name}: {_plural(tally.failed, 'record')} could not be cleaned and "
              f"{'was' if tally.failed == 1 else 'were'} passed through untouched")
    return EXIT_PASSED if tally.failed else EXIT_OK


def _render_batch(batch, args, name: str, tally: _Tally) -> tuple[bytes, str | None]:
    """The bytes to write for a batch of records (the records, or with --diff their
    diffs), explanations written on the way; and, with --on-error stop, the message of
    the first bad record (the batch's output then stops just before it)."""
    chunk = []
    for rec in batch:
        if rec.status == ERROR:
            if args.on_error == "stop":
                return b"".join(chunk), _record_error(rec, name, stop=True)
            tally.failed += 1
            if tally.failed <= SHOWN_FAILURES and not args.quiet:
                _note(_record_error(rec, name, stop=False))
        elif rec.status == BLANK:
            tally.blank += 1
        if rec.timeouts:
            tally.timeouts += len(rec.timeouts)
            tally.timed_out_records += 1
        if args.explain:
            _write_explanation(rec.removed, rec.timeouts, rec.line)
        if not args.diff:
            chunk.append(rec.output)
        elif rec.before is not None:
            where = f"{name}: line {rec.line}: {args.field}"
            chunk.append(_encode(unified_diff(rec.before, rec.after, where), args.errors))
    return b"".join(chunk), None


def _record_error(rec, name: str, stop: bool) -> str:
    msg = f"{name}: line {rec.line}: {rec.error}"
    if not stop:
        return msg + " (passed through)"
    if rec.error_kind == "decode":
        return f"{msg}; {_decode_hint(True)}"
    if rec.error_kind == "field" and rec.error.startswith("no "):
        return f"{msg}; choose the text field with --field, or use --on-error pass"
    return f"{msg}; use --on-error pass to pass such records through untouched"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _note(message: str) -> None:
    sys.stderr.write(f"cleantext: {message}\n")
    sys.stderr.flush()


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A one-line progress report on stderr (records, records/s, MB/s), redrawn with
    ``\\r`` at most twice a second, and only once a run has lasted a second: short runs
    and runs whose stderr is not a terminal stay silent."""

    DELAY, EVERY = 1.0, 0.5

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()
        self.due = self.start + self.DELAY
        self.records = self.bytes = 0
        self.shown = False

    def update(self, records: int, nbytes: int) -> None:
        self.records += records
        self.bytes += nbytes
        if self.enabled and time.monotonic() >= self.due:
            self.due = time.monotonic() + self.EVERY
            self._draw("\r")

    def _draw(self, start: str, end: str = "") -> None:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        line = (f"cleantext: {self.records:,} records, {self.records / elapsed:,.0f} "
                f"records/s, {self.bytes / elapsed / 1e6:,.1f} MB/s")
        sys.stderr.write(f"{start}{line}\x1b[K{end}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        """End the progress line with the final figures (when it was shown at all)."""
        if self.shown:
            with contextlib.suppress(OSError):
                self._draw("\r", "\n")


if __name__ == "__main__":
    sys.exit(main())
