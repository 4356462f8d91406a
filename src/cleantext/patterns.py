"""Pattern files: boilerplate phrasing kept as data, with the evidence for every rule.

A pattern file is TOML, one file per family (a family may span several files, for
instance one per language). The packaged files live in ``patterns/`` at the root of the
repository and ship inside the wheel; users add their own with ``Pipeline(patterns=...)``
or ``cleantext --patterns FILE``. The format is documented in ``patterns/README.md``.

Every rule of a user's file is compiled, and its ``must_match`` / ``must_not_match``
examples run through the same matching code that cleans documents, when the file is
loaded: a rule whose own examples fail, or that runs out of time on one of them, is an
error, named with the file and rule id, before any text is cleaned. (The packaged files
get the same checks from the test suite; see :func:`builtin_patterns`.)
"""

from __future__ import annotations

import bisect
import itertools
import sys
import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick
import regex

from . import analysis_cache
from .errors import PatternError
from .prefilter import (
    EDGE,
    UNBOUNDED,
    SIDES,
    analyse,
    best_need,
    fold_digits,
    line_edges,
    need_score,
    never_consumed,
    sees_past_its_line,
    without_leading_lookaheads,
)

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
    #: word lists already put together (the files never change), by (family, name, languages)
    _words: dict = field(default_factory=dict, init=False, repr=False, compare=False)

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
        """The union of the word list ``name`` over the family's files in ``languages``
        (put together once, and shared)."""
        key = (family, name, languages)
        found = self._words.get(key)
        if found is not None:
            return found
        out: set[str] = set()
        for f in self.files:
            if f.family == family and name in f.lists and (
                languages is None or "*" in f.lang or any(x in f.lang for x in languages)
            ):
                out.update(f.lists[name])
        found = self._words[key] = frozenset(out)
        return found


@lru_cache(maxsize=1)
def builtin_patterns() -> PatternSet:
    """The packaged pattern files (loaded once a process).

    Their structure is checked like any file's, but their rules are neither compiled nor
    their examples run here: the test suite does both for every one of them
    (``tests/test_patterns.py``), and doing it again in every process that starts would
    double the start-up time (a rule is compiled when a document first needs it). A
    user's pattern files are untrusted: their rules are always compiled and their
    examples run when they are loaded."""
    folder = builtin_dir()
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise PatternError(str(folder), "no pattern files found; is the package installed whole?")
    return load_files(files, run_examples=False)


def load_files(paths, timeout: float = DEFAULT_TIMEOUT, *, run_examples: bool = True) -> PatternSet:
    """Load and check pattern files; rule ids must be unique across them. ``timeout``
    bounds each rule's run on each of its examples."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    loaded = PatternSet(tuple(load_file(p, timeout, run_examples=run_examples) for p in paths))
    loaded.check_unique()
    return loaded


def load_file(path, timeout: float = DEFAULT_TIMEOUT, *, run_examples: bool = True) -> PatternFile:
    """Load one pattern file, and (unless ``run_examples`` is false, for the packaged
    files, which the test suite checks) compile its rules and run their examples."""
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
    return parse_file(data, where, timeout, run_examples=run_examples)


def parse_file(data: dict, where: str, timeout: float = DEFAULT_TIMEOUT, *,
               run_examples: bool = True) -> PatternFile:
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
        rules.append(_parse_rule(entry, family, file_lang, lists, where, n, compile_it=run_examples))
    if not rules and not lists:
        raise PatternError(where, "has neither [[rule]] entries nor [lists]")
    for rule in rules if run_examples else ():
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


def _parse_rule(entry: dict, family: str, file_lang, lists: dict, where: str, n: int,
                compile_it: bool = True) -> Rule:
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
    if not compile_it:
        return rule
    try:
        compiled = regex.compile(_wrap(pattern), regex.VERSION0)
    except regex.error as exc:
        raise PatternError(where, f"invalid regex: {exc}", rid) from None
    if compiled.fullmatch(""):
        raise PatternError(where, "matches an empty line; a rule must need some text", rid)
    return rule


def _longest_first(strings) -> list[str]:
    """Distinct strings, the longest first (so that an alternation of them takes the
    longest that matches), and in order of their text among strings of one length:
    the same pattern in every process, where set order changes from one to the next
    (the pattern is the key of its analysis on disk). At one place in a text only one
    string of a length can match, so that order changes no match."""
    return sorted(set(strings), key=lambda s: (-len(s), s))


def _phrase_pattern(phrases: tuple[str, ...]) -> str:
    alts = "|".join(regex.escape(p, special_only=True, literal_spaces=True)
                    for p in _longest_first(phrases))
    return f"{_PHRASE_LEAD}(?:{alts}){_PHRASE_TRAIL}"


def _expand_lists(pattern: str, lists: dict, where: str, rid: str) -> str:
    """Replace ``\\L<name>`` with an alternation of the file's list ``name``."""

    def repl(m):
        name = m.group(1)
        if name not in lists:
            raise PatternError(where, f"\\L<{name}> names no list; the file's [lists] has "
                               f"{sorted(lists) or 'none'}", rid)
        words = _longest_first(lists[name])
        return "(?:" + "|".join(regex.escape(w, special_only=True, literal_spaces=True)
                                for w in words) + ")"

    return regex.sub(r"\\L<(\w+)>", repl, pattern)


def _wrap(pattern: str) -> str:
    return f"(?:{pattern})"


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


class Matcher:
    """All line, region, item and span rules of a set of families, matched line by line,
    each rule only on the lines that it could match at all.

    Line, region and item rules must match a whole line; span rules match from the start
    of a sentence inside a line to the end of the line. Case-insensitive rules see the
    lower-cased text. A line gets at most one hit of each group of rules (scope and case
    mode): the first rule, in order, that matches it; for span rules, the rule whose cut
    starts earliest, then the first in order. So a heading can open a region even when
    a line rule of another family removes it.

    Finding that no rule matches a line is most of the work, and is done without running
    any rule. Every rule knows what a line needs for it to match (see
    :mod:`cleantext.prefilter`): a whole-line rule, the strings the line can start or end
    with (inside its decoration, such as bullets) and the lengths it can have; any rule,
    the literal strings it cannot match without; a whole-line rule that is an
    alternation, what each alternative needs. Each rule looks for whichever of these
    rejects most lines, with one Aho-Corasick automaton over the whole lower-cased
    document, its digits folded to ``0`` as the rules' strings are: a start string is
    looked for after a line break, an end string before one. Lines that open with a
    decoration character (a bullet, an arrow) are looked at one by one for the start
    strings that may stand after their decoration. A rule runs on a
    line only when the line has what it needs; a rule that needs nothing known runs on
    every line of a length it can match.

    Each rule has :attr:`timeout` seconds per document in all; a rule that runs out of it
    (or that would backtrack past it on one line) is skipped for that document: its hits
    are dropped and its id returned, and the other rules' hits stand as if it had none.
    """

    def __init__(self, rules, timeout: float = DEFAULT_TIMEOUT):
        self.rules = tuple(rules)
        self.timeout = timeout
        self.families = frozenset(r.family for r in self.rules)
        self._plans, self._automaton, self._edges, self._anywhere = _tables(self.rules)

    def __getstate__(self):
        return {"rules": self.rules, "timeout": self.timeout}

    def __setstate__(self, state):
        self.__init__(state["rules"], state["timeout"])

    def scan(self, lines: list[str], lower: list[str], folded: tuple[str, list[str]] | None = None
             ) -> tuple[dict[str, list[Hit]], list[str]]:
        """Find every hit in a document. Returns hits by family (in line order) and the
        ids of rules that ran out of time (and so were skipped for this document).
        ``folded``: ``lower`` with its digits folded, joined and as lines, when the
        caller has it (see :attr:`~cleantext.document.Document.folded`)."""
        if not lines or not self._plans:
            return {}, []
        taken, dead = self._taken(lines, lower, folded)
        return _hits(taken, lines)[0], dead

    def scan_many(self, docs: list[tuple]) -> list[tuple[dict[str, list[Hit]], list[str]]]:
        """:meth:`scan` of each of ``docs`` (pairs of lines and lower-cased lines, or
        triples with ``folded`` as :meth:`scan` takes it): the
        same hits, found in one pass over all their lines, which costs less than a pass
        per document (a rule with candidate lines in ten documents is one regex call,
        not ten). A line's hits do not depend on the lines around it (a rule that
        could see past its line is matched line by line, see :class:`_Search`). Where
        a rule runs out of time over all the lines, each document is scanned again on
        its own, every rule, the time limit being per document: a runaway line costs
        its rule's time twice, and the other documents keep that rule's hits."""
        lines = [line for doc_lines, *_ in docs for line in doc_lines]
        if not lines or not self._plans:
            return [({}, []) for _ in docs]
        folded = None
        if all(len(doc) > 2 and doc[2] is not None for doc in docs if doc[0]):
            # (a document without lines adds none to the text, nor a line break)
            parts = [doc[2] for doc in docs if doc[0]]
            folded = ("\n".join(text for text, _ in parts),
                      [line for _, doc_folded in parts for line in doc_folded])
        taken, dead = self._taken(lines, [line for _, doc_lower, *_ in docs for line in doc_lower],
                                  folded)
        if dead:
            return [self.scan(*doc) for doc in docs]
        bounds = list(itertools.accumulate((len(doc[0]) for doc in docs), initial=0))
        return [(hits, []) for hits in _hits(taken, lines, bounds)]

    def _taken(self, lines: list[str], lower: list[str],
               folded: tuple[str, list[str]] | None = None) -> tuple[dict, list[str]]:
        """Each line's winning hit per group, and the ids of the rules that ran out of
        time (see :meth:`_match`)."""
        if folded is not None:
            text, folded_lines = folded
        else:
            joined = "\n".join(lower)
            text = fold_digits(joined)
            folded_lines = lower if text is joined else text.split("\n")  # (no digit: the same)
            if len(folded_lines) != len(lower):
                # a line that holds a line break (normalization makes none, but a Document
                # built by hand may hold one): folded line by line, or each line after it
                # would be tested as the line before it (in a batch, across documents)
                folded_lines = [fold_digits(line) for line in lower]
        return self._match(self._candidates(lines, lower, folded_lines, text), lines, lower,
                           folded_lines)

    def _candidates(self, lines: list[str], lower: list[str], folded: list[str],
                    text: str | None = None) -> dict[int, list[int]]:
        """For every rule that could match some line: those lines, in order, each once
        (by rule number). ``folded``: the lines of ``lower`` with their digits folded;
        ``text``, when the caller has it: ``folded`` joined with line breaks."""
        found: dict[int, list[int]] = {}
        if self._automaton is not None:
            # each line between line breaks: line i starts at starts[i]
            starts = _line_starts(lower, 1)
            right = bisect.bisect_right
            line_end = -1
            i = -1
            get = found.get
            if text is None:
                text = "\n".join(folded)
            for end, (back, numbers) in self._automaton.iter(f"\n{text}\n"):
                end -= back  # an end string's hit ends at the break after its line
                if end >= line_end:  # a hit on a later line than the last one
                    i = right(starts, end) - 1
                    line_end = starts[i] + len(lower[i])
                for n in numbers:
                    got = get(n)
                    if got is None:
                        found[n] = [i]
                    elif got[-1] != i:  # hits come in line order
                        got.append(i)
        if self._edges:
            decorated: dict[int, set[int]] = {}
            for edge in self._edges:  # lines that open with decoration
                chars = edge.chars
                for i, text in enumerate(folded):
                    if text and text[0] in chars:
                        for n in _bit_numbers(edge.mask(text)):
                            decorated.setdefault(n, set()).add(i)
            for n, more in decorated.items():
                found[n] = sorted(more.union(found.get(n, ())))
        for plan in self._anywhere:
            admits, never = plan.filter.shape.admits, plan.never_first
            got = [i for i, text in enumerate(lower if plan.lowered else lines)
                   if text and text[0] not in never and admits(text)]
            if got:
                found[plan.number] = got
        return found

    def _match(self, candidates, lines, lower, folded
               ) -> tuple[dict[tuple[int, tuple], tuple[int, _Plan]], list[str]]:
        """Every rule on its candidate lines: for each (line, group), the column and the
        plan of the hit that wins the line (see :func:`_hits`), and the ids of the rules
        that ran out of time."""
        plans = self._plans
        # every rule on its lines; then, line by line, the winner of each group: the first
        # rule in order (whole-line rules), the earliest cut, then the first rule (spans)
        taken: dict[tuple[int, tuple], tuple[int, _Plan]] = {}
        dead: list[str] = []
        for number in sorted(candidates):
            plan = plans[number]
            texts = lower if plan.lowered else lines
            tries = candidates[number]
            starts, ends, admits, also = plan.starts, plan.ends, plan.admits, plan.also
            if starts is not None or ends is not None or admits is not None or also is not None:
                # one pass over the lines, the cheapest tests first (a set lookup each):
                # how its lines can start and end (see line_edges), the lengths it can
                # match, what another part of it needs (a test left out is None)
                lead, trail = plan.lead, plan.trail
                tries = [i for i in tries
                         if (starts is None or folded[i][:EDGE] in starts or texts[i][:1] in lead)
                         and (ends is None or folded[i][-EDGE:] in ends or texts[i][-1:] in trail)
                         and (admits is None or admits(texts[i]))
                         and (also is None or any(s in folded[i] for s in also))]
            if not tries:
                continue
            try:
                if len(tries) == 1 and plan.single is not None:
                    # one line, one search: a call of its own (as _Search.run would
                    # make it, with the whole of the rule's time)
                    i = tries[0]
                    column = plan.single.alone(texts[i], self.timeout)
                    if column is None:
                        continue
                    found = ((i, column),)
                else:
                    found = plan.run(tries, texts, self.timeout)
            except (_RuleTimeout, TimeoutError):
                dead.append(plan.rule.id)
                continue
            for i, start in found:
                key = (i, plan.group)
                best = taken.get(key)
                if best is None or start < best[0]:
                    taken[key] = (start, plan)
        return taken, dead


def _hits(taken: dict, lines: list[str],
          bounds: list[int] | None = None) -> list[dict[str, list[Hit]]]:
    """The hits of ``taken`` (see Matcher._match) by family, in line order, for each
    document of ``lines``: document k holds lines ``bounds[k]`` to ``bounds[k + 1]``,
    and its hits count its lines from 0 (None: one document, all the lines)."""
    if bounds is None:
        found: list[dict[str, list[Hit]]] = [{}]
        k, first, after = 0, 0, len(lines)
    else:
        found = [{} for _ in range(len(bounds) - 1)]
        k, first, after = 0, bounds[0], bounds[1]
    for i, group in sorted(taken):  # groups in (scope, case mode) order, as filters see them
        while i >= after:  # (past the documents without hits too)
            k += 1
            first, after = after, bounds[k + 1]
        start, plan = taken[i, group]
        found[k].setdefault(plan.rule.family, []).append(
            Hit(i - first, plan.rule, start, len(lines[i])))
    for hits in found:
        for family_hits in hits.values():
            family_hits.sort(key=lambda h: (h.line, h.start))
    return found


@lru_cache(maxsize=64)
def _tables(rules: tuple[Rule, ...]):
    """A matcher's plans and automata. Building them (parsing and compiling every rule)
    takes a good part of a second, so pipelines built again with the same rules (in
    tests, in each worker process) share them; nothing in them changes after."""
    plans = [_Plan(n, rule) for n, rule in enumerate(rules)]
    by_need: dict[str | None, list[_Plan]] = {}
    for plan in plans:
        by_need.setdefault(plan.need, []).append(plan)
    # the start strings that may stand after decoration, for lines that open with it
    decorated = [p for p in by_need.get("prefixes", []) if p.filter.shape.lead]
    edges = [_Edge(by_need["prefixes"])] if decorated else []
    return plans, _automaton(plans), edges, by_need.get(None, [])


class _RuleTimeout(Exception):
    """A rule ran out of its time for the document."""


class _Plan:
    """How one rule is matched: what a line needs for it to match
    (:class:`~cleantext.prefilter.RuleFilter`), the group (scope, case mode) it takes a
    line in, and its searches: the rule itself, after a quicker, looser form of it where
    there is one."""

    __slots__ = ("number", "bit", "rule", "whole_line", "lowered", "group", "filter", "need",
                 "branch_needs", "also", "admits", "searches", "single", "starts", "ends", "lead",
                 "trail", "never_first")

    def __init__(self, number: int, rule: Rule):
        self.number = number
        self.bit = 1 << number
        self.rule = rule
        self.whole_line = rule.scope != "span"
        self.lowered = not rule.case_sensitive
        # rules of one scope share a line (one hit each); case modes were scanned apart
        self.group = (SCOPES.index(rule.scope), rule.case_sensitive)
        (self.filter, self.need, self.branch_needs, self.also, self.admits,
         self.searches) = _prepare(
            rule.pattern, rule.case_sensitive, self.whole_line)
        shape = self.filter.shape
        # the first and last EDGE characters its lines can have, past their decoration:
        # a test for whole-line rules that look for a literal anywhere in the line, or
        # for their alternatives' strings (a rule that looks for its own start or end
        # string has had that edge tested already)
        self.starts = self.ends = None
        if self.whole_line:
            starts, ends = _edges(rule.pattern, rule.case_sensitive)
            self.starts = starts if self.need != "prefixes" else None
            self.ends = ends if self.need != "suffixes" else None
        self.lead, self.trail = frozenset(shape.lead), frozenset(shape.trail)
        # a rule that needs nothing known is tried on every line: not on one that opens
        # with a character no match of it holds (a whole-line match holds the first
        # character of its line), such as a letter for a rule of lines without words
        self.never_first = (_never_consumed(rule.pattern) if self.whole_line and self.need is None
                            else frozenset())
        if (self.starts is not None or self.ends is not None) and len(self.searches) > 1:
            # the lines that pass the edge tests mostly match (a date line: all 132 of
            # 1739 candidates in 2 MB of news), and the looser search first is only
            # more work: the rule itself decides, as it does after that search
            self.searches = self.searches[-1:]
        if rule.phrases and shape.lead and shape.trail:
            self.searches = (_PhraseSearch(rule.phrases, shape.lead, shape.trail, self.searches[-1]),)
        #: the one search of a rule that has one regex search, which Matcher._match
        #: calls straight on a lone candidate line (most rules, in a short document)
        self.single = (self.searches[0] if len(self.searches) == 1
                       and isinstance(self.searches[0], _Search) else None)

    def run(self, indices: list[int], texts: list[str], timeout: float) -> list[tuple[int, int]]:
        """The (line, column) of each match among the lines ``indices`` of ``texts``;
        raises :class:`_RuleTimeout` when that takes more than ``timeout`` seconds."""
        found: list[tuple[int, int]] = []
        deadline = time.perf_counter() + timeout
        for search in self.searches:
            found = search.run(indices, texts, deadline)
            indices = [i for i, _ in found]
            if not indices:
                break
        return found


#: The characters :func:`_never_consumed` asks about: printable ASCII.
_ASCII_PRINTABLE = "".join(map(chr, range(0x20, 0x7F)))


@lru_cache(maxsize=4096)
def _never_consumed(pattern: str) -> frozenset[str]:
    """:func:`~cleantext.prefilter.never_consumed` over printable ASCII, kept."""
    return never_consumed(pattern, _ASCII_PRINTABLE)


@lru_cache(maxsize=4096)
def _edges(pattern: str, case_sensitive: bool):
    """:func:`~cleantext.prefilter.line_edges`, kept like :func:`_prepare` (and on disk,
    see :mod:`cleantext.analysis_cache`)."""
    return analysis_cache.shared().lookup(
        ["line_edges", pattern, case_sensitive], lambda: line_edges(pattern, case_sensitive),
        analysis_cache.encode_edges, analysis_cache.decode_edges)


#: Most strings in a rule's second need (see _prepare).
MAX_ALSO = 8


@lru_cache(maxsize=4096)
def _prepare(pattern: str, case_sensitive: bool, whole_line: bool):
    """A rule's filter, its chosen need, a second need (strings one of which a line must
    hold as well: another part of the pattern's top level requires them; None when none
    does), its length test (None where every line that holds text passes it) and its
    searches: the same for every matcher the rule is in, and worth keeping (the analysis
    and the compiling are most of a matcher's building)."""
    found = analysis_cache.shared().lookup(
        ["analyse", pattern, case_sensitive, whole_line],
        lambda: analyse(pattern, case_sensitive, whole_line),
        analysis_cache.encode_filter, analysis_cache.decode_filter)
    shape = found.shape
    admits = (None if shape.shortest <= 1 and shape.core_max == UNBOUNDED and not shape.spaceless
              else shape.admits)
    need = _choose_need(found)
    branch_needs = _branch_needs(found, need)
    if branch_needs is not None:
        need = "branches"
        chosen = frozenset().union(*(strings for _, strings in branch_needs))
    else:
        chosen = getattr(found, need) if need else frozenset()
    # a second test is worth its cost when it is a few strings that the need does not
    # imply (every string of the need holding one of them)
    also = next((c for c in found.conjuncts if len(c) <= MAX_ALSO
                 and not (chosen and all(any(a in n for a in c) for n in chosen))), None)
    searches = [_Search(pattern, whole_line)]
    rest = without_leading_lookaheads(pattern) if whole_line else None
    if rest is not None:  # the pattern without its conditions, tried first
        try:
            searches.insert(0, _Search(rest, whole_line=True))
            searches[0].compiled  # noqa: B018 - compiles it: a cut the analysis misread fails here
        except regex.error:
            del searches[0]
    return found, need, branch_needs, also, admits, tuple(searches)


class _Search:
    """One pattern, compiled to search many lines in one call (when first used: a short
    document runs few of the rules, and compiling them all costs a good part of the
    start-up). A pattern that might see past its own line when lines are joined (see
    :func:`~cleantext.prefilter.sees_past_its_line`) is matched line by line instead."""

    __slots__ = ("pattern", "whole_line", "skip", "per_line", "_compiled", "_alone")

    def __init__(self, pattern: str, whole_line: bool):
        self.pattern = pattern
        self.whole_line = whole_line
        self.skip = 1 if whole_line else 0  # a whole-line match starts at the line break
        self.per_line = analysis_cache.shared().lookup(
            ["sees_past_its_line", pattern], lambda: sees_past_its_line(pattern),
            analysis_cache.encode_flag, analysis_cache.decode_flag)
        self._compiled = self._alone = None

    @property
    def compiled(self):
        if self._compiled is None:
            if self.whole_line:
                # The break before the line opens the match: a literal, which the engine
                # looks for fast, where ``^`` would be tried at every character.
                self._compiled = regex.compile(f"\\n{_wrap(self.pattern)}(?=\\n)", regex.VERSION0)
            else:
                self._compiled = regex.compile(
                    f"(?:(?<=\\n)|(?<={_SENTENCE_END} )){_wrap(self.pattern)}(?=\\n)", regex.VERSION0)
        return self._compiled

    @property
    def alone(self):
        """The pattern on one line by itself: a function of the line and a time limit
        that gives the column of the match, or None.

        A pattern that cannot see past its own line matches a line on its own as it
        does the same line between line breaks: with the joined search, compiled once
        (compiling is most of the cost of a rule's first use). Any other pattern is
        compiled for a line alone, where it sees the string's ends."""
        if self._alone is None:
            if not self.per_line:
                if self.whole_line:
                    match = self.compiled.match

                    def alone(text: str, timeout: float) -> int | None:
                        return None if match(f"\n{text}\n", timeout=timeout) is None else 0
                else:
                    search = self.compiled.search

                    def alone(text: str, timeout: float) -> int | None:
                        m = search(f"\n{text}\n", timeout=timeout)
                        return None if m is None else m.start() - 1
            elif self.whole_line:
                fullmatch = regex.compile(_wrap(self.pattern), regex.VERSION0).fullmatch

                def alone(text: str, timeout: float) -> int | None:
                    return None if fullmatch(text, timeout=timeout) is None else 0
            else:
                search = regex.compile(f"(?:^|(?<={_SENTENCE_END} )){_wrap(self.pattern)}$",
                                       regex.VERSION0).search

                def alone(text: str, timeout: float) -> int | None:
                    m = search(text, timeout=timeout)
                    return None if m is None else m.start()
            self._alone = alone
        return self._alone

    def run(self, indices: list[int], texts: list[str], deadline: float):
        """Match against the lines ``indices`` of ``texts``: the (line, column) of each
        match (column 0 for a whole-line rule).

        The lines are joined into one text, each between line breaks, and searched with
        one call per match, so the cost of a call (and of its time limit) is paid per
        match, not per line. Raises :class:`_RuleTimeout` when the clock
        (``time.perf_counter``) passes ``deadline``.
        """
        found = []
        clock = time.perf_counter
        if len(indices) == 1 or self.per_line:
            alone = self.alone
            try:
                for i in indices:
                    left = deadline - clock()
                    if left <= 0:
                        raise _RuleTimeout
                    column = alone(texts[i], left)
                    if column is not None:
                        found.append((i, column))
            except TimeoutError:
                raise _RuleTimeout from None
            return found
        chosen = [texts[i] for i in indices]
        text = "\n" + "\n".join(chosen) + "\n"
        starts = _line_starts(chosen, 1)
        skip = self.skip
        pos, end, n = 0, len(text), len(chosen)
        search = self.compiled.search
        try:
            while pos < end:
                left = deadline - clock()
                if left <= 0:
                    raise _RuleTimeout
                m = search(text, pos, timeout=left)
                if m is None:
                    break
                k = bisect.bisect_right(starts, m.start() + skip) - 1
                if m.end() > starts[k] + len(chosen[k]):
                    # the match ran into the next line: judge this line on its own
                    column = self.alone(chosen[k], max(deadline - clock(), 1e-6))
                    if column is not None:
                        found.append((indices[k], column))
                else:
                    found.append((indices[k], m.start() + skip - starts[k]))
                if k + 1 >= n:
                    break
                pos = starts[k + 1] - 1  # the break before the next line
        except TimeoutError:
            raise _RuleTimeout from None
        return found


class _PhraseSearch:
    """A phrase rule (``phrases = [...]``): decoration, one of the phrases, decoration.
    A line matches when, for some way of taking decoration characters off its two ends,
    what is left is one of the phrases: a few set lookups per line, where the regex
    tries every phrase of the alternation in turn (a rule of 150 phrases cost about
    100 us a line). A line with more than MAX_DECORATION decoration characters at an
    end is left to the regex."""

    __slots__ = ("phrases", "lead", "trail", "regex")

    MAX_DECORATION = 8

    def __init__(self, phrases: tuple[str, ...], lead: str, trail: str, search: _Search):
        self.phrases = frozenset(phrases)
        self.lead, self.trail, self.regex = lead, trail, search

    def run(self, indices: list[int], texts: list[str], deadline: float):
        """As :meth:`_Search.run`."""
        found, slow = [], []
        phrases, lead, trail, most = self.phrases, self.lead, self.trail, self.MAX_DECORATION
        for i in indices:
            text = texts[i]
            n = len(text)
            a = n - len(text.lstrip(lead))  # the decoration at the start may be 0..a long
            b = n - len(text.rstrip(trail))
            if a > most or b > most:
                slow.append(i)
            elif any(text[x:n - y] in phrases for x in range(a + 1) for y in range(b + 1) if x < n - y):
                found.append((i, 0))
        if slow:
            found = sorted(found + self.regex.run(slow, texts, deadline))
        return found


def _choose_need(found) -> str | None:
    """Which of a rule's needs the matcher looks for: "literals" (anywhere in the line),
    "prefixes" or "suffixes" (at its start or end), whichever rejects most lines (see
    :func:`~cleantext.prefilter.need_score`; the first of equals: literals); None when
    the rule needs nothing known."""
    best = best_need((side, getattr(found, side)) for side in SIDES)
    return best[0] if best else None


def _branch_needs(found, need: str | None) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """What each alternative of a rule needs (see
    :attr:`~cleantext.prefilter.RuleFilter.branches`), when the least of them rejects
    more than ``need``, the best the rule as a whole has; else None. A line the rule
    matches is matched whole by one alternative, so it holds what that one needs: a
    start string right after its line break, an end string right before the next, a
    literal anywhere."""
    if not found.branches:
        return None
    whole = need_score(need, getattr(found, need)) if need else 0
    if min(need_score(side, strings) for side, strings in found.branches) <= whole:
        return None
    return found.branches


class _Edge:
    """The strings whole-line rules need at the start of a line, found by an automaton
    run over that edge only, for lines that open with decoration the rule allows there
    (bullets, arrows): the string may stand after it. Lines come with their digits
    folded (:func:`~cleantext.prefilter.fold_digits`), and so do the decorations: a
    decoration of some digits strips them all, which can only let more lines through.

    Only the start has decoration: an end string with decoration after it is looked for
    anywhere in the line (see ``_sought``), so the automaton over the document finds
    those."""

    def __init__(self, plans: list[_Plan]):
        decorations = ["".join(sorted(set(fold_digits(p.filter.shape.lead)))) for p in plans]
        self.decorations = sorted(set(decorations))
        self.chars = frozenset("".join(self.decorations))
        needs: dict[str, dict[int, int]] = {}
        for plan, decoration in zip(plans, decorations):
            which = self.decorations.index(decoration)
            for string in plan.filter.prefixes:
                by_decoration = needs.setdefault(string, {})
                by_decoration[which] = by_decoration.get(which, 0) | plan.bit
        self.longest = max(map(len, needs), default=0)
        self.automaton = ahocorasick.Automaton()
        for string, by_decoration in needs.items():
            at_edge = 0
            for bits in by_decoration.values():
                at_edge |= bits
            self.automaton.add_word(string, (len(string), at_edge, tuple(by_decoration.items())))
        self.automaton.make_automaton()

    def mask(self, text: str) -> int:
        """The rules whose string stands at the start of ``text``, or after decoration
        they allow there (a bit mask)."""
        counts = None
        window = self.longest
        if text[0] in self.chars:
            counts = [len(text) - len(text.lstrip(d)) if d else 0 for d in self.decorations]
            window += max(counts)
        mask = 0
        # (the end capped at the line's: pyahocorasick 2.3 reads past the end of a string
        # when asked to, and may crash the process)
        window = min(window, len(text))
        for end, (length, at_edge, by_decoration) in self.automaton.iter(text, 0, window):
            start = end - length + 1
            if start == 0:
                mask |= at_edge
            elif counts is not None:
                for which, bits in by_decoration:
                    if start <= counts[which]:
                        mask |= bits
        return mask


def _sought(plan: _Plan) -> tuple[tuple[str, frozenset[str]], ...]:
    """What the automaton looks for on behalf of ``plan``, as (side, strings) pairs: its
    chosen need, or its alternatives' needs. An end string with decoration after it is
    looked for anywhere in the line (no alternative's string has decoration next to
    it)."""
    if plan.need is None:
        return ()
    if plan.need == "branches":
        return plan.branch_needs
    strings = getattr(plan.filter, plan.need)
    if plan.need == "suffixes" and plan.filter.shape.trail:
        return (("literals", strings),)
    return ((plan.need, strings),)


def _automaton(plans: list[_Plan]):
    """One automaton for every string the rules look for in a document, to be run over
    the document between line breaks: a literal as it is, a start string after a line
    break, an end string before one. Each maps to (how far its hit's end lies past its
    line: 1 for an end string, else 0; the numbers of the rules that need it)."""
    needs: dict[str, int] = {}
    for plan in plans:
        for side, strings in _sought(plan):
            before = "\n" if side == "prefixes" else ""
            after = "\n" if side == "suffixes" else ""
            for string in strings:
                placed = before + string + after
                needs[placed] = needs.get(placed, 0) | plan.bit
    if not needs:
        return None
    automaton = ahocorasick.Automaton()
    kept = _without_covered(needs)
    numbers: dict[int, tuple[int, ...]] = {}  # (most strings share their rules with others)
    for string in _frequent_first(kept):
        bits = kept[string]
        rules = numbers.get(bits)
        if rules is None:
            rules = numbers[bits] = _bit_numbers(bits)
        automaton.add_word(string, (1 if string.endswith("\n") else 0, rules))
    automaton.make_automaton()
    return automaton


def _bit_numbers(bits: int) -> tuple[int, ...]:
    """The numbers of the bits set in ``bits``, lowest first."""
    found = []
    while bits:
        low = bits & -bits
        found.append(low.bit_length() - 1)
        bits ^= low
    return tuple(found)


#: Characters of English news text, lower-cased and with digits folded, the most
#: frequent first (space, then letters by their frequency in English, then punctuation).
FREQUENT_CHARS = " etaoinsrhldcumfpgwyb,.\nv0k\u2019-\u201c\u201d'\"x:jq)(z;/?!"
_CHAR_RANK = {c: i for i, c in enumerate(FREQUENT_CHARS)}


def _frequent_first(strings) -> list[str]:
    """The strings to add to an automaton, in order of their characters, the frequent
    first. pyahocorasick finds the next node among a node's children by trying them in
    the order they were added, so children added in this order are found sooner: a
    quarter fewer instructions for a pass over news text (callgrind: 144 M -> 111 M
    for 1 MB). (The order changes nothing else: the automaton reports the same hits.)

    Each string is sorted by its characters' ranks (FREQUENT_CHARS first, in that order,
    then every other character by its code point), compared as a string of characters
    standing for the ranks: str.translate makes it at C speed."""
    strings = list(strings)
    chars = set().union(*strings) if strings else set()
    top = len(FREQUENT_CHARS)
    rank = {c: _CHAR_RANK.get(c, top + ord(c)) for c in chars}
    if max(rank.values(), default=0) > sys.maxunicode:  # (a rank no character stands for)
        return sorted(strings, key=lambda s: [rank[c] for c in s])
    table = {ord(c): r for c, r in rank.items()}
    return sorted(strings, key=lambda s: s.translate(table))


def _without_covered(needs: dict[str, int]) -> dict[str, int]:
    """``needs`` without the rules a string shares with a shorter string inside it: where
    "october" stands, "oct" does too, on the same line (a line break can stand only at
    either end of a string, so every character of it but the break lies on one line),
    and tells the same rules. A string left with no rule of its own is dropped: the
    automaton finds fewer hits, and the lines it reports are the same."""
    every = ahocorasick.Automaton()
    for string in needs:
        every.add_word(string, string)
    every.make_automaton()
    kept: dict[str, int] = {}
    for string, bits in needs.items():
        for _, inner in every.iter(string):
            if inner != string:
                bits &= ~needs[inner]
        if bits:
            kept[string] = bits
    return kept


def _line_starts(lines: list[str], pos: int = 0) -> list[int]:
    """Where each line starts in ``"\\n".join(lines)`` placed at ``pos``."""
    starts = list(itertools.accumulate(map(len, lines), lambda at, n: at + n + 1, initial=pos))
    starts.pop()
    return starts


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
