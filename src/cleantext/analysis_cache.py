"""What the prefilter works out from each rule's pattern, kept on disk between runs.

Reading a rule's pattern for the strings a line needs (:func:`~cleantext.prefilter.analyse`,
:func:`~cleantext.prefilter.line_edges`) and for whether it can see past its line
(:func:`~cleantext.prefilter.sees_past_its_line`) is the larger part of building a
pipeline: about 0.25 s of every command's start-up, spent on the same patterns every time. The
results are pure data, so they are kept in one JSON file, and a run that finds its
patterns there reads them in a few milliseconds.

- **Where.** ``$CLEANTEXT_CACHE_DIR`` if set (set it empty to turn the cache off), else
  ``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext`` (none when the home
  directory does not exist: it is not made for a cache).
- **Never stale.** The file's name holds a digest of the versions of cleantext and
  Python and of the code that does the analysis and the encoding here; a change to either gives a new
  name (and files of other versions, a week old, are deleted when one is written). An entry
  is keyed by the pattern and its options, as written.
- **Written once**, when the process ends (``atexit``), if the run worked out something
  new: building many matchers (checking each rule of a pattern file on its own
  examples) costs one write.
- **Never in the way.** A cache that cannot be read, parsed or decoded counts as empty
  (the analysis runs as it would without it); one that cannot be written is not
  written. Nothing here raises, nothing is printed. Writes go to a temporary file that
  replaces the old one, so processes running side by side never see half a file.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from ._version import __version__
from .prefilter import SIDES, LineShape, RuleFilter

ENV = "CLEANTEXT_CACHE_DIR"
#: A cache with more entries than this starts again empty (a user who tries many
#: pattern files would otherwise grow it for ever).
MAX_ENTRIES = 5000
#: Files of other versions are deleted once they are this old (seconds): two versions
#: used side by side each keep theirs.
STALE_AFTER = 7 * 24 * 3600


def cache_dir() -> Path | None:
    """The directory of the cache, or None when it is turned off."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value else None
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "cleantext"
    try:
        home = Path.home()
    except RuntimeError:  # no home directory to be found
        return None
    # (a home directory that does not exist is not made, just to keep a cache in)
    return home / ".cache" / "cleantext" if home.is_dir() else None


def _code_digest() -> str | None:
    """A digest of what decides the entries: the versions of cleantext and Python, the
    analysis and this file."""
    # (the analysis reads patterns with the standard library's parser: Python's version too)
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    here = Path(__file__).resolve().parent
    try:
        for name in ("prefilter.py", "analysis_cache.py"):
            digest.update((here / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:16]


def _sets(value) -> list[str] | None:
    return None if value is None else sorted(value)


def _frozen(value) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ValueError("not a list of strings")
    return frozenset(value)


def encode_filter(found: RuleFilter) -> list:
    shape = found.shape
    return [_sets(found.literals), _sets(found.prefixes), _sets(found.suffixes),
            [shape.shortest, shape.lead, shape.trail, shape.core_max, shape.spaceless],
            [sorted(c) for c in found.conjuncts],
            [[side, sorted(strings)] for side, strings in found.branches]]


def decode_filter(data) -> RuleFilter:
    literals, prefixes, suffixes, (shortest, lead, trail, core_max, spaceless), conjuncts, branches = data
    if not (isinstance(shortest, int) and isinstance(core_max, int) and isinstance(lead, str)
            and isinstance(trail, str) and isinstance(spaceless, bool)):
        raise ValueError("not a line shape")
    if not all(side in SIDES and strings for side, strings in branches):
        raise ValueError("not a need")
    return RuleFilter(_frozen(literals), _frozen(prefixes), _frozen(suffixes),
                      LineShape(shortest, lead, trail, core_max, spaceless),
                      tuple(_frozen(c) for c in conjuncts),
                      tuple((side, _frozen(strings)) for side, strings in branches))


def encode_edges(edges) -> list:
    return [_sets(edges[0]), _sets(edges[1])]


def decode_edges(data):
    starts, ends = data
    return _frozen(starts), _frozen(ends)


def encode_flag(flag: bool) -> bool:
    return flag


def decode_flag(data) -> bool:
    if not isinstance(data, bool):
        raise ValueError("not a boolean")
    return data


class AnalysisCache:
    """The entries of one cache file, read when first asked for, written by :meth:`save`
    when some were added."""

    def __init__(self, directory: Path | None):
        digest = _code_digest() if directory is not None else None
        self.directory = directory
        self.path = directory / f"analysis-{digest}.json" if digest else None
        self._entries: dict[str, list] | None = None
        self._added = False

    def _load(self) -> dict[str, list]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def lookup(self, key: list, compute, encode, decode):
        """The value for ``key`` (a JSON-able list): from the cache when it holds a value
        that decodes, else ``compute()``, which is then kept."""
        if self._entries is None:
            self._entries = self._load()
        name = json.dumps(key, ensure_ascii=False)
        data = self._entries.get(name)
        if data is not None:
            try:
                return decode(data)
            except (TypeError, ValueError):  # not what encode() writes: work it out again
                pass
        value = compute()
        self._entries[name] = encode(value)
        if not self._added and self.path is not None:
            atexit.register(self.save)  # once, when the process ends: one write for a run
        self._added = True
        return value

    def save(self) -> None:
        """Write the cache if entries were added; quietly not, if it cannot be written."""
        if not self._added or self.path is None or self._entries is None:
            return
        entries = self._entries if len(self._entries) <= MAX_ENTRIES else {}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".analysis-", suffix=".tmp", dir=self.directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(entries, out, ensure_ascii=False)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
            for old in self.directory.glob("analysis-*.json"):
                if old != self.path and time.time() - old.stat().st_mtime > STALE_AFTER:
                    old.unlink(missing_ok=True)
        except OSError:
            return
        self._added = False


_cache: AnalysisCache | None = None


def shared() -> AnalysisCache:
    """This process's cache (its directory read from the environment when first used)."""
    global _cache
    if _cache is None:
        _cache = AnalysisCache(cache_dir())
    return _cache


def reset() -> None:
    """Forget this process's cache, so that the next use reads the environment and the
    file again (for tests)."""
    global _cache
    _cache = None
