"""Pattern files: boilerplate phrasing kept as data, with the evidence for every rule.

A pattern file is TOML, one file per family (a family may span several files, for
instance one per language). The packaged files live in ``patterns/`` at the root of the
repository and ship inside the wheel; users add their own with ``Pipeline(patterns=...)``
or ``cleantext --patterns FILE``. The format is documented in ``patterns/README.md``.

Every rule is compiled, and its ``must_match`` / ``must_not_match`` examples run through
the same matching code that cleans documents, when the file is loaded: a rule whose own
examples fail, or that runs out of time on one of them, is an error, named with the file
and rule id, before any text is cleaned.
"""

from __future__ import annotations

import bisect
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from .errors import PatternError

SCOPES = ("line", "region", "item", "span")
FILE_FIELDS = {"family", "description", "lang", "lists", "rule"}
RULE_FIELDS = {
    "id", "scope", "pattern", "phrases", "case_sensitive", "lang", "source", "note",
    "must_match", "must_not_match",
}

#: seconds one scan of one document by one compiled pattern may take
DEFAULT_TIMEOUT = 1.0

# Characters that may end a sentence (and so open a span rule's cut) when followed by a
# space: . ! ? … and closing quotes or brackets after them.
_SENTENCE_END = r"[.!?\u2026\"\u201d\u2019')\]]"

# Decorations a phrase line may carry around the phrase itself.
_PHRASE_LEAD = r"[*+\u2022\-\u2013\u2014>\u203a\u00bb\u2190-\u21ff\u25b6\u25ba| ]*"
_PHRASE_TRAIL = r"[ .:!?\u2026>\u203a\u00bb\u2190-\u21ff\u25b6\u25ba|\-\u2013\u2014]*"

_ID_RE = regex.compile(r"[a-z][a-z0-9_]*")
# Constructs that break when rules are joined into one alternation, or that would let a
# match run past the end of its line when a whole document is scanned at once.
_FORBIDDEN = [
    (regex.compile(r"\(\?P?<[A-Za-z_]"), "named groups are not allowed (rules are joined "
     "into one pattern); use (?:...)"),
    (regex.compile(r"\\[1-9]|\(\?P="), "back-references are not allowed (rules are joined "
     "into one pattern)"),
    (regex.compile(r"\(\?[a-zA-Z^-]+[:)]"), "inline flags are not allowed; matching is "
     "case-insensitive unless the rule sets case_sensitive = true"),
    (regex.compile(r"(?<!\\)(?:\\\\)*\\[sWDXR]"), r"\s, \W, \D and the like can match a "
     "line break; lines are normalized to single spaces, so write a plain space, or a "
     "class such as [^\\w\\n]"),
    (regex.compile(r"(?<!\\)(?:\\\\)*(?:\$|(?<!\[)\^)"), "anchors are added for you: a line "
     "rule matches the whole line, a span rule starts at a sentence and runs to the "
     "line's end; write \\^ or \\$ for the characters"),
]
# A negated class such as [^)] would match line breaks when a whole document is scanned;
# every one gets \n added, so it stops at the end of its line.
_NEGATED_CLASS_RE = regex.compile(r"(?<!\\)((?:\\\\)*)\[\^")


@dataclass(frozen=True)
class Rule:
    """One rule of a pattern file. ``id`` is ``family.name``."""

    id: str
    family: str
    scope: str
    pattern: str
    case_sensitive: bool
    lang: tuple[str, ...]
    source: str
    origin: str
    note: str = ""
    phrases: tuple[str, ...] = ()
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def applies_to(self, languages: tuple[str, ...] | None) -> bool:
        return languages is None or "*" in self.lang or any(x in self.lang for x in languages)


@dataclass(frozen=True)
class Hit:
    """Where a rule matched: line index and the matched columns of that line."""

    line: int
    rule: Rule
    start: int
    end: int


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def builtin_dir() -> Path:
    """The folder of the packaged pattern files.

    In a wheel they sit inside the package (``cleantext/patterns``); in a source checkout
    and an editable install they are read from the repository root.
    """
    packaged = resources.files("cleantext") / "patterns"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "patterns"


@dataclass(frozen=True)
class PatternFile:
    """One loaded pattern file: its family, languages, word lists and rules."""

    origin: str
    family: str
    lang: tuple[str, ...]
    lists: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class PatternSet:
    """Loaded pattern files. Rule ids are unique across the set."""

    files: tuple[PatternFile, ...] = ()

    def __add__(self, other: PatternSet) -> PatternSet:
        merged = PatternSet(self.files + other.files)
        merged.check_unique()
        return merged

    def check_unique(self) -> None:
        seen: dict[str, str] = {}
        for f in self.files:
            for rule in f.rules:
                if rule.id in seen:
                    raise PatternError(f.origin, f"duplicate rule id (also in {seen[rule.id]})",
                                       rule.id)
                seen[rule.id] = f.origin

    @property
    def families(self) -> list[str]:
        """Family names, in the order their first file was loaded."""
        return list(dict.fromkeys(f.family for f in self.files))

    def rules(self, family: str | None = None, languages: tuple[str, ...] | None = None) -> list[Rule]:
        """The rules of one family (or all), for the given languages (or all)."""
        return [r for f in self.files if family is None or f.family == family
                for r in f.rules if r.applies_to(languages)]

    def words(self, family: str, name: str, languages: tuple[str, ...] | None = None) -> frozenset[str]:
        """The union of the word list ``name`` over the family's files in ``languages``."""
        out: set[str] = set()
        for f in self.files:
            if f.family == family and name in f.lists and (
                languages is None or "*" in f.lang or any(x in f.lang for x in languages)
            ):
                out.update(f.lists[name])
        return frozenset(out)


@lru_cache(maxsize=1)
def builtin_patterns() -> PatternSet:
    """The packaged pattern files (loaded and checked once a process)."""
    folder = builtin_dir()
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise PatternError(str(folder), "no pattern files found; is the package installed whole?")
    return load_files(files)


def load_files(paths, timeout: float = DEFAULT_TIMEOUT) -> PatternSet:
    """Load and check pattern files; rule ids must be unique across them. ``timeout``
    bounds each rule's run on each of its examples."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    loaded = PatternSet(tuple(load_file(p, timeout) for p in paths))
    loaded.check_unique()
    return loaded


def load_file(path, timeout: float = DEFAULT_TIMEOUT) -> PatternFile:
    """Load one pattern file, compile its rules and run their examples."""
    path = Path(path)
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PatternError(where, f"cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PatternError(where, f"not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(where, f"not valid TOML: {exc}") from None
    return parse_file(data, where, timeout)


def parse_file(data: dict, where: str, timeout: float = DEFAULT_TIMEOUT) -> PatternFile:
    """Check the structure of a parsed pattern file and build its rules."""
    unknown = set(data) - FILE_FIELDS
    if unknown:
        raise PatternError(where, f"unknown field(s) {sorted(unknown)}; "
                           f"a pattern file has {sorted(FILE_FIELDS)}")
    family = data.get("family")
    if not isinstance(family, str) or not _ID_RE.fullmatch(family):
        raise PatternError(where, "needs 'family', a lower-case name such as \"donation\"")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise PatternError(where, "'description' must be a string")
    file_lang = _langs(data.get("lang", "en"), where, None)
    lists = data.get("lists", {})
    if not isinstance(lists, dict) or not all(
        isinstance(v, list) and v and all(isinstance(x, str) and x for x in v) for v in lists.values()
    ):
        raise PatternError(where, "'lists' must map names to non-empty lists of strings")
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise PatternError(where, "'rule' must be an array of tables: write each rule under [[rule]]")
    rules = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise PatternError(where, f"[[rule]] number {n} is not a table")
        rules.append(_parse_rule(entry, family, file_lang, lists, where, n))
    if not rules and not lists:
        raise PatternError(where, "has neither [[rule]] entries nor [lists]")
    for rule in rules:
        check_examples(rule, timeout)
    return PatternFile(where, family, file_lang,
                       {k: tuple(v) for k, v in lists.items()}, tuple(rules))


def _langs(value, where: str, rule: str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x for x in value):
        raise PatternError(where, "'lang' must be a language code such as \"en\", a list of "
                           "them, or \"*\" for every language", rule)
    return tuple(value)


def _strings(entry: dict, key: str, where: str, rule: str, required: bool) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise PatternError(where, f"'{key}' must be a list of strings", rule)
    if required and not value:
        raise PatternError(where, f"'{key}' needs at least one example: a rule cannot land "
                           "without evidence", rule)
    return tuple(value)


def _parse_rule(entry: dict, family: str, file_lang, lists: dict, where: str, n: int) -> Rule:
    name = entry.get("id")
    if not isinstance(name, str) or not _ID_RE.fullmatch(name):
        raise PatternError(where, f"[[rule]] number {n} needs an 'id' of lower-case letters, "
                           "digits and underscores")
    rid = f"{family}.{name}"
    unknown = set(entry) - RULE_FIELDS
    if unknown:
        raise PatternError(where, f"unknown field(s) {sorted(unknown)}; a rule has "
                           f"{sorted(RULE_FIELDS)}", rid)
    scope = entry.get("scope", "line")
    if scope not in SCOPES:
        raise PatternError(where, f"scope {scope!r} is invalid; use one of {', '.join(SCOPES)}", rid)
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise PatternError(where, "needs a 'source': where the phrasing was seen (a URL, a "
                           "seed and line, a devset case)", rid)
    case_sensitive = entry.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise PatternError(where, "'case_sensitive' must be true or false", rid)
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise PatternError(where, "'note' must be a string", rid)
    has_pattern, has_phrases = "pattern" in entry, "phrases" in entry
    if has_pattern == has_phrases:
        raise PatternError(where, "needs exactly one of 'pattern' (a regex) or 'phrases' "
                           "(a list of literal lines)", rid)
    phrases: tuple[str, ...] = ()
    if has_phrases:
        phrases = _strings(entry, "phrases", where, rid, required=True)
        if scope == "span":
            raise PatternError(where, "'phrases' match whole lines; a span rule needs a 'pattern'", rid)
        if not case_sensitive and any(p != p.lower() for p in phrases):
            raise PatternError(where, "phrases are matched against the lower-cased line; "
                               "write them in lower case", rid)
        pattern = _phrase_pattern(phrases)
    else:
        pattern = entry["pattern"]
        if not isinstance(pattern, str) or not pattern.strip():
            raise PatternError(where, "'pattern' must be a non-empty string", rid)
        for bad, why in _FORBIDDEN:
            if bad.search(pattern):
                raise PatternError(where, why, rid)
        pattern = _NEGATED_CLASS_RE.sub(r"\1[^\\n", _expand_lists(pattern, lists, where, rid))
    rule = Rule(
        id=rid,
        family=family,
        scope=scope,
        pattern=pattern,
        case_sensitive=case_sensitive,
        lang=_langs(entry.get("lang", list(file_lang)), where, rid),
        source=source,
        origin=where,
        note=note,
        phrases=phrases,
        must_match=_strings(entry, "must_match", where, rid, required=True),
        must_not_match=_strings(entry, "must_not_match", where, rid, required=True),
    )
    try:
        compiled = regex.compile(_wrap(pattern), regex.VERSION0)
    except regex.error as exc:
        raise PatternError(where, f"invalid regex: {exc}", rid) from None
    if compiled.fullmatch(""):
        raise PatternError(where, "matches an empty line; a rule must need some text", rid)
    return rule


def _phrase_pattern(phrases: tuple[str, ...]) -> str:
    alts = "|".join(regex.escape(p, special_only=True, literal_spaces=True)
                    for p in sorted(set(phrases), key=len, reverse=True))
    return f"{_PHRASE_LEAD}(?:{alts}){_PHRASE_TRAIL}"


def _expand_lists(pattern: str, lists: dict, where: str, rid: str) -> str:
    """Replace ``\\L<name>`` with an alternation of the file's list ``name``."""

    def repl(m):
        name = m.group(1)
        if name not in lists:
            raise PatternError(where, f"\\L<{name}> names no list; the file's [lists] has "
                               f"{sorted(lists) or 'none'}", rid)
        words = sorted(set(lists[name]), key=len, reverse=True)
        return "(?:" + "|".join(regex.escape(w, special_only=True, literal_spaces=True)
                                for w in words) + ")"

    return regex.sub(r"\\L<(\w+)>", repl, pattern)


def _wrap(pattern: str) -> str:
    return f"(?:{pattern})"


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


class Matcher:
    """All line, region and span rules of a set of families, joined into a few patterns
    that scan a whole document in one call each.

    Line, region and item rules must match a whole line; span rules match from the start
    of a sentence inside a line to the end of the line. Case-insensitive rules see the
    lower-cased text. A line gets at most one hit of each scope (in each case the first
    rule, in order, that matches), so a heading can open a region even when a line rule
    of another family removes it.
    """

    def __init__(self, rules, timeout: float = DEFAULT_TIMEOUT):
        self.rules = tuple(rules)
        self.timeout = timeout
        self.families = frozenset(r.family for r in self.rules)
        self._groups = []
        for kind, scopes in (("line", ("line",)), ("line", ("region",)), ("line", ("item",)),
                             ("span", ("span",))):
            for cs in (False, True):
                chosen = [r for r in self.rules if r.scope in scopes and r.case_sensitive == cs]
                if chosen:
                    self._groups.append(_Group(kind, cs, chosen))

    def __getstate__(self):
        return {"rules": self.rules, "timeout": self.timeout}

    def __setstate__(self, state):
        self.__init__(state["rules"], state["timeout"])

    def scan(self, lines: list[str], lower: list[str]) -> tuple[dict[str, list[Hit]], list[str]]:
        """Find every hit in a document. Returns hits by family (in line order) and the
        ids of rules that ran out of time (and so were skipped for this document)."""
        hits: dict[str, list[Hit]] = {}
        timeouts: list[str] = []
        if not lines:
            return hits, timeouts
        starts = _line_starts(lines)
        texts = {False: None, True: None}
        for group in self._groups:
            text = texts[group.case_sensitive]
            if text is None:
                text = texts[group.case_sensitive] = "\n".join(lines if group.case_sensitive else lower)
            group.scan(text, starts, lines if group.case_sensitive else lower,
                       self.timeout, hits, timeouts)
        for family_hits in hits.values():
            family_hits.sort(key=lambda h: (h.line, h.start))
        return hits, timeouts


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0] * len(lines)
    pos = 0
    for i, line in enumerate(lines):
        starts[i] = pos
        pos += len(line) + 1
    return starts


class _Group:
    """Rules of one kind (line or span) and one case mode, joined into one pattern."""

    def __init__(self, kind: str, case_sensitive: bool, rules: list[Rule]):
        self.kind = kind
        self.case_sensitive = case_sensitive
        self.rules = rules
        self.by_group = {f"r{i}": rule for i, rule in enumerate(rules)}
        alts = "|".join(f"(?P<r{i}>{rule.pattern})"
                        for i, rule in enumerate(rules))
        if kind == "line":
            self.doc_re = regex.compile(f"^(?:{alts})$", regex.M | regex.VERSION0)
            self.line_re = regex.compile(f"(?:{alts})", regex.VERSION0)
        else:
            opener = f"(?:^|(?<={_SENTENCE_END} ))"
            self.doc_re = regex.compile(f"{opener}(?:{alts})$", regex.M | regex.VERSION0)
            self.line_re = self.doc_re

    def scan(self, text, starts, lines, timeout, hits, timeouts) -> None:
        try:
            self._scan(self.doc_re, text, starts, lines, timeout, hits)
        except TimeoutError:
            # Find the slow rule(s): scan again one rule at a time, skip those that time
            # out, keep the hits of the others.
            for rule in self.rules:
                single = _Group(self.kind, self.case_sensitive, [rule])
                try:
                    found: dict[str, list[Hit]] = {}
                    single._scan(single.doc_re, text, starts, lines, timeout, found)
                except TimeoutError:
                    timeouts.append(rule.id)
                    continue
                for fam, fam_hits in found.items():
                    have = {(h.line, h.rule.scope) for h in hits.get(fam, [])}
                    hits.setdefault(fam, []).extend(
                        h for h in fam_hits if (h.line, h.rule.scope) not in have)

    def _scan(self, pattern, text, starts, lines, timeout, hits) -> None:
        pos = 0
        end = len(text)
        nlines = len(lines)
        while pos < end:
            m = pattern.search(text, pos, timeout=timeout)
            if m is None:
                return
            i = bisect.bisect_right(starts, m.start()) - 1
            line_end = starts[i] + len(lines[i])
            if m.end() > line_end:
                # The match ran into the next line: judge this line on its own.
                m = self._match_line(lines[i], timeout)
                offset = 0
            else:
                offset = starts[i]
            if m is not None:
                rule = self.by_group[m.lastgroup]
                hits.setdefault(rule.family, []).append(
                    Hit(i, rule, m.start() - offset, len(lines[i])))
            if i + 1 >= nlines:
                return
            pos = starts[i + 1]

    def _match_line(self, line: str, timeout):
        if self.kind == "line":
            return self.line_re.fullmatch(line, timeout=timeout)
        return self.line_re.search(line, timeout=timeout)


@dataclass
class ExampleReport:
    """What a rule did with its own examples (see :func:`check_examples`)."""

    missed: list[str] = field(default_factory=list)
    wrongly_matched: list[str] = field(default_factory=list)
    #: ("must_match" or "must_not_match", example) for each example the rule ran out of
    #: time on; such an example is neither missed nor matched
    timed_out: list[tuple[str, str]] = field(default_factory=list)


def example_report(rule: Rule, timeout: float = DEFAULT_TIMEOUT) -> ExampleReport:
    """Run ``rule`` on each of its examples, each as a one-line document, through the
    same code that cleans documents, with the time limit ``timeout``."""
    from .normalize import normalize_text

    matcher = Matcher([rule], timeout)
    report = ExampleReport()
    for expect, which, examples in ((True, "must_match", rule.must_match),
                                    (False, "must_not_match", rule.must_not_match)):
        for example in examples:
            lines = [" ".join(normalize_text(example))]
            try:
                hits, timeouts = matcher.scan(lines, [lines[0].lower()])
            except TimeoutError:
                hits, timeouts = {}, [rule.id]
            if timeouts:
                report.timed_out.append((which, example))
            elif bool(hits) != expect:
                (report.missed if expect else report.wrongly_matched).append(example)
    return report


def check_examples(rule: Rule, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Raise :class:`PatternError` when a rule runs out of time on one of its examples,
    misses a ``must_match`` example or matches a ``must_not_match`` one."""
    report = example_report(rule, timeout)
    if report.timed_out:
        which, example = report.timed_out[0]
        raise PatternError(rule.origin, f"ran out of time ({timeout:g} s) on its {which} "
                           f"example {example!r}; the pattern backtracks too much", rule.id)
    if report.missed:
        raise PatternError(rule.origin, f"does not match its must_match example {report.missed[0]!r}",
                           rule.id)
    if report.wrongly_matched:
        raise PatternError(rule.origin, "matches its must_not_match example "
                           f"{report.wrongly_matched[0]!r}", rule.id)
