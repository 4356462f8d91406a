"""Required literals: the strings a rule cannot match without.

Most lines of an article match no rule, and a regex engine has to try every rule on every
line to find that out. This module reads a rule's pattern and works out a set of literal
strings such that every match of the rule contains at least one of them: ``photo by`` or
``image:`` for a caption label, the phrases of a phrase rule, ``(ap`` for an agency
credit. One pass of an Aho-Corasick automaton over a document then says, for every line,
which rules can match it at all; the matcher runs only those rules on only those lines.
(What a lookahead needs counts too: it lies on the same line as the match, and the line
is what the automaton reports.)

Digits are folded: the automaton reads the text with every digit (every character that
``\\d`` matches) written as ``0``, and the analysis writes ``\\d``, ``[0-9]`` and digits in
the pattern as ``0`` too. So a clock time ``\\d{1,2}:\\d\\d`` needs ``0:00``, which few
lines hold, where without folding it could need no more than ``:``.

The analysis is exact in one direction only, which is the one that matters: a rule is
never skipped on a line it could match. Whatever the analysis cannot follow (a class of
many characters, an optional part, a construct it does not know) is treated as "any
text", which can only make the required set weaker, or empty; a rule with no required
literal is tried on every line, as before.

Patterns are parsed with the standard library's regular-expression parser. A pattern it
cannot parse, or may read otherwise than ``regex`` does (fuzzy matching such as
``{e<=1}``, POSIX classes such as ``[[:alpha:]]``, anything it warns about), gets no
filter at all.
"""

from __future__ import annotations

import re
import sys
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:  # Python 3.11+
        from re import _constants as _c
        from re import _parser as _p
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as _c  # type: ignore[no-redef]
        import sre_parse as _p  # type: ignore[no-redef]

#: Largest set of alternative strings the analysis keeps for one part of a pattern.
MAX_ALTERNATIVES = 2048
#: Most repeats of known strings (``x?``, ``x{0,3}``) spelled out as alternatives.
MAX_COUNT = 4
#: Largest character class expanded into its characters.
MAX_CLASS = 12

#: What ``\d`` matches in a rule (``regex``'s own definition: a Unicode decimal digit).
_DIGIT_RE = regex.compile(r"\d")


#: ASCII digits 1-9 to 0, for UTF-8 bytes (every other byte is left as it is).
_FOLD_ASCII = bytes.maketrans(b"123456789", b"000000000")
#: Every ASCII byte: deleted, what is left of UTF-8 text is its non-ASCII characters.
_ASCII = bytes(range(128))


def fold_digits_of(text: str, data: bytes, others: str) -> str:
    """:func:`fold_digits` of ``text``, given its UTF-8 bytes ``data`` and ``others``, a
    string that holds every non-ASCII digit of ``text`` (the characters of a document
    other than printable ASCII, say, which normalization finds out: lower-casing makes
    no digit and unmakes none). Where ``others`` holds no digit but ASCII ones, only the
    ASCII digits are folded, on ``data``: the search of the text's non-ASCII characters
    that :func:`fold_digits` makes first is not needed.

    >>> fold_digits_of("12:30, 4 may", "12:30, 4 may".encode(), "")
    '00:00, 0 may'
    """
    if _DIGIT_RE.search(others):
        return _DIGIT_RE.sub("0", text)
    folded = data.translate(_FOLD_ASCII)
    return text if folded == data else folded.decode()


def fold_digits(text: str) -> str:
    """``text`` with every digit written as ``0``: the text the required strings are
    looked for in (the same length, character for character).

    >>> fold_digits("19:45, \u0665 May")
    '00:00, 0 May'

    Most text has ASCII digits only: those are folded on its UTF-8 bytes, several times
    faster than a regex substitution. An ASCII digit is one byte in UTF-8, and no byte of
    a non-ASCII character is below 0x80, so the byte table changes exactly the ASCII
    digits. Whether the text holds a non-ASCII digit is asked of its non-ASCII
    characters alone (its UTF-8 bytes without the ASCII ones, which are whole characters
    still, about 2% of news text); if it does, or cannot be encoded (a lone surrogate),
    the regex does it all. A text with no digit at all comes back as it is.
    """
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return _DIGIT_RE.sub("0", text)
    return fold_digits_of(text, data, data.translate(None, _ASCII).decode())


@dataclass(frozen=True)
class _Info:
    """What the analysis knows of a part of a pattern.

    ``exact``: every string the part can match (None when unknown or too many);
    ``required``: strings one of which every match contains (None when nothing is known);
    ``prefix`` and ``suffix``: strings one of which every match starts (ends) with (None
    when nothing is known).
    """

    exact: frozenset[str] | None
    required: frozenset[str] | None
    prefix: frozenset[str] | None = None
    suffix: frozenset[str] | None = None


_UNKNOWN = _Info(None, None)
_DIGIT_INFO = _Info(frozenset({"0"}), None, frozenset({"0"}), frozenset({"0"}))
_EMPTY = _Info(frozenset({""}), None, frozenset({""}), frozenset({""}))


@dataclass(frozen=True)
class RuleFilter:
    """What a line must hold for a rule to match it.

    ``literals``: strings (as they appear in the lower-cased line) one of which the line
    contains; ``prefixes``: for a whole-line rule, strings one of which the line starts
    with once its ``shape.lead`` decoration is taken off; ``suffixes``: the same for its
    end and ``shape.trail``; ``shape``: the lengths it can have (see :class:`LineShape`).
    None where nothing is known. ``conjuncts``: sets of strings that a line must each
    hold one of, one set for each part of the pattern's top level that requires some
    (as ``(?=...\\d)(?=...month)...``), the most selective first, each without the
    strings that hold a shorter one of the same set.

    ``branches``: for a whole-line pattern that is one alternation and nothing else (as
    the standard library's parser reads it: alternatives that open alike, as in
    ``ok|okay``, come out as a shared start and a shorter alternation, and get none),
    what each alternative needs, as a whole-line pattern by itself (a line the rule
    matches, one of them matches whole): its best need (see :func:`need_score`) as
    ``(side, strings)``, side "literals", "prefixes" or "suffixes"; empty otherwise, or
    when one alternative needs nothing known. Each may need something else: a phrase at
    the start of the line for one, a word anywhere for another, where the rule as a
    whole needs only what they all share. (Kept whether or not the matcher takes them:
    see ``patterns._branch_needs``.)
    ``(?:[^\\n]{0,30} )?we use cookies[^\\n]*|ok`` needs "ok" somewhere as a whole, which
    "book" and "took" hold; its second alternative needs a line that starts with "ok".
    """

    literals: frozenset[str] | None
    prefixes: frozenset[str] | None
    suffixes: frozenset[str] | None
    shape: LineShape
    conjuncts: tuple[frozenset[str], ...] = ()
    branches: tuple[tuple[str, frozenset[str]], ...] = ()


def analyse(pattern: str, case_sensitive: bool, whole_line: bool) -> RuleFilter:
    """The :class:`RuleFilter` of a rule's pattern.

    A case-insensitive rule is matched against the lower-cased line, so its literals are
    taken as written. A case-sensitive rule sees the line itself, and its literals are
    lower-cased here; where lower-casing could change a character's length or depend on
    its neighbours, that character counts as unknown. A pattern that the standard
    library's parser cannot read (a ``regex``-only construct) gets no filter at all.
    """
    items = _parse(pattern)
    if items is None:
        return RuleFilter(None, None, None, LineShape(0, "", "", UNBOUNDED))
    found = _analyse_items(items, case_sensitive, whole_line)
    # (a pattern of one alternation has no decoration of its own at either end: the
    # alternatives' start and end strings are the line's)
    if whole_line and len(items) == 1 and items[0][0] is _c.BRANCH:
        needs = [_best_need(_analyse_items(list(alt), case_sensitive, whole_line=True))
                 for alt in items[0][1][1]]
        if None not in needs:
            found = replace(found, branches=tuple(needs))
    return found


#: How much more an anchored string (at the start or the end of a line) rejects than a
#: string that may stand anywhere in it, counted in characters of the string.
ANCHOR_BONUS = 3


#: The sides of a need: strings anywhere in the line, at its start, at its end.
SIDES = ("literals", "prefixes", "suffixes")


def need_score(side: str, strings: frozenset[str]) -> int:
    """How many lines a need rejects, as a number to compare (the more, the better): the
    length of its shortest string, plus ANCHOR_BONUS for a start or end string."""
    return min(map(len, strings)) + (0 if side == "literals" else ANCHOR_BONUS)


def best_need(options) -> tuple[str, frozenset[str]] | None:
    """Of ``options``, (side, strings) pairs (strings None or empty where nothing is
    known), the one that rejects most (see :func:`need_score`), the first of equals;
    None when none is known."""
    scored = [(need_score(side, strings), side, strings) for side, strings in options if strings]
    if not scored:
        return None
    _, side, strings = max(scored, key=lambda option: option[0])
    return side, strings


def _best_need(found: RuleFilter) -> tuple[str, frozenset[str]] | None:
    """:func:`best_need` of a whole-line pattern: a start (end) string counts only where
    the pattern has no decoration there ("* ok" does not start with "ok")."""
    return best_need((("literals", found.literals),
                      ("prefixes", None if found.shape.lead else found.prefixes),
                      ("suffixes", None if found.shape.trail else found.suffixes)))


def _analyse_items(items, case_sensitive: bool, whole_line: bool) -> RuleFilter:
    """:func:`analyse` of a parsed pattern, without its ``branches``."""
    analysis = _Analysis(case_sensitive)
    parts = [analysis.node(op, av) for op, av in items]  # each analysed once
    info = analysis.combine(parts)
    literals = _best([s for s in (info.required, _usable(info.exact)) if s])
    conjuncts = []
    for part in parts:
        need = _best([s for s in (part.required, _usable(part.exact)) if s])
        if need is not None:
            conjuncts.append(_minimal(need))
    conjuncts.sort(key=lambda s: (min(map(len, s)), -len(s)), reverse=True)
    if not whole_line:  # a span may start anywhere in the line
        return RuleFilter(literals, None, None, LineShape(_width(items)[0], "", "", UNBOUNDED),
                          tuple(conjuncts))
    shape = _line_shape(items)
    ends = analysis.combine(parts[1 if shape.lead else 0:len(items) - 1 if shape.trail else len(items)])
    # decoration counted on the lower-cased line must be the same on the line itself
    caseless = not case_sensitive or all(c.lower() == c == c.upper() for c in shape.lead + shape.trail)
    return RuleFilter(literals, _usable(ends.prefix) if caseless else None,
                      _usable(ends.suffix) if caseless else None, shape, tuple(conjuncts))


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """``strings`` without those that hold a shorter one of them: as a requirement, the
    same lines hold one of them."""
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


#: A counted repeat, the only use of an unescaped ``{`` that both parsers read alike.
_COUNT_RE = re.compile(r"\{\d*(?:,\d*)?\}")


@lru_cache(maxsize=1024)
def _parse(pattern: str):
    """(Kept: the analysis and :func:`sees_past_its_line` both ask; callers do not
    change what it returns.) The standard library's parse of ``pattern`` as a list of (op, value), or None when
    it cannot parse it or may read it otherwise than ``regex`` (VERSION0) does: when it
    warns (``[[``, ``--``, ``&&``: POSIX classes and set operations to ``regex``), or
    when an unescaped brace outside a class is not a counted repeat (fuzzy matching such
    as ``{e<=1}`` to ``regex``, plain text to the standard library)."""
    for i, c, _ in _scan_groups(pattern):
        if c == "{" and not _COUNT_RE.match(pattern, i):
            return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return list(_p.parse(pattern, 0))
    except Exception:  # noqa: BLE001 - no filter: the rule is tried on every line
        return None


def sees_past_its_line(pattern: str) -> bool:
    """Whether a match of ``pattern`` might depend on what lies beyond its own line: it
    can match a line break (``\\n``, a class or range that holds one) or a string
    boundary (``\\A``, ``\\Z``), so that a lookaround could see the next line, or a
    boundary test fail, when lines are searched joined into one text. True as well when
    the pattern cannot be analysed. Negated classes are safe: every one is given ``\\n``
    when its rule is loaded."""
    items = _parse(pattern)
    return items is None or _crosses(items)


_SAFE_CATEGORIES = frozenset({_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_NOT_SPACE})


def _crosses(items) -> bool:
    for op, av in items:
        if op is _c.LITERAL:
            if av == 10:
                return True
        elif op is _c.NOT_LITERAL:
            if av != 10:
                return True
        elif op is _c.IN:
            negated = any(kind is _c.NEGATE for kind, _ in av)
            has_break = False
            for kind, value in av:
                if kind is _c.LITERAL and value == 10:
                    has_break = True
                elif kind is _c.RANGE and value[0] <= 10 <= value[1]:
                    has_break = True
                elif kind is _c.CATEGORY and value not in _SAFE_CATEGORIES:
                    return True
            if has_break != negated:
                return True
        elif op is _c.CATEGORY:
            if av not in _SAFE_CATEGORIES:
                return True
        elif op is _c.AT:
            if av not in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
                return True
        elif op is _c.SUBPATTERN:
            if _crosses(av[-1]):
                return True
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            if _crosses(av):
                return True
        elif op is _c.BRANCH:
            if any(_crosses(alt) for alt in av[1]):
                return True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if _crosses(av[2]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _crosses(av[1]):
                return True
        elif op is not _c.ANY:  # back-references, conditionals, anything unknown
            return True
    return False


def required_literals(pattern: str, case_sensitive: bool) -> frozenset[str] | None:
    """Strings one of which every line that ``pattern`` matches contains (see
    :func:`analyse`)."""
    return analyse(pattern, case_sensitive, whole_line=False).literals


class _Analysis:
    def __init__(self, case_sensitive: bool):
        self.case_sensitive = case_sensitive

    def char(self, code: int) -> str | None:
        c = chr(code)
        if c == "\n":
            return None
        if _DIGIT_RE.match(c):
            return "0"  # the automaton reads digits folded
        if not self.case_sensitive:
            return c
        low = c.lower()
        if low == c or (c.isascii() and len(low) == 1):
            return low
        return None  # Σ (context-dependent), İ (two characters), ...: unknown

    def sequence(self, items) -> _Info:
        return self.combine([self.node(op, av) for op, av in items])

    def combine(self, infos: list[_Info]) -> _Info:
        """What is known of a sequence of parts, from what is known of each."""
        exact: frozenset[str] | None = frozenset({""})
        whole = True  # no part so far broke the chain of exact strings
        prefix: frozenset[str] | None = None
        candidates: list[frozenset[str]] = []
        for info in infos:
            if info.required and info.exact is not None:
                candidates.append(info.required)  # a lookahead's needs
            if exact is not None and info.exact is not None and \
                    len(exact) * len(info.exact) <= MAX_ALTERNATIVES:
                exact = frozenset(a + b for a in exact for b in info.exact)
                continue
            if whole:  # the first break: what came before, then how this part starts
                prefix = _join(exact, info.prefix) or exact
            whole = False
            if exact is not None and _usable(exact):
                candidates.append(exact)
            if info.required:
                candidates.append(info.required)
            exact = info.exact
        if exact is not None and _usable(exact):
            candidates.append(exact)
        if whole:
            return _Info(exact, _best(candidates), exact, exact)
        # how it ends: the same walk from the other end
        tail: frozenset[str] | None = frozenset({""})
        for info in reversed(infos):
            if info.exact is not None and len(tail) * len(info.exact) <= MAX_ALTERNATIVES:
                tail = frozenset(b + a for b in info.exact for a in tail)
                continue
            tail = _join(info.suffix, tail) or tail
            break
        return _Info(None, _best(candidates), prefix, tail)

    def node(self, op, av) -> _Info:
        if op is _c.LITERAL:
            c = self.char(av)
            return _Info(frozenset({c}), None, frozenset({c}), frozenset({c})) if c is not None else _UNKNOWN
        if op is _c.IN:
            return self.klass(av)
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            return _DIGIT_INFO
        if op is _c.SUBPATTERN:
            return self.sequence(av[-1])
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return self.sequence(av)
        if op is _c.BRANCH:
            return self.branch(av[1])
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, high, item = av
            if high == 0:
                return _EMPTY
            inner = self.sequence(item)
            if inner.exact is not None and high <= MAX_COUNT:
                # a few repeats of known strings, such as an optional " ?": every count
                exact: frozenset[str] | None = frozenset({""})
                every = set(exact) if low == 0 else set()
                for count in range(1, high + 1):
                    exact = _join(exact, inner.exact)
                    if exact is None:
                        break
                    if count >= low:
                        every |= exact
                if exact is not None and len(every) <= MAX_ALTERNATIVES:
                    every_set = frozenset(every)
                    needs = (inner.required or _usable(every_set)) if low else None
                    return _Info(every_set, needs, every_set, every_set)
            if low == 0:
                return _UNKNOWN
            return _Info(None, inner.required or _usable(inner.exact), inner.prefix, inner.suffix)
        if op is _c.ASSERT:
            # Zero width, but what a lookaround needs lies on the same line (no rule can
            # look past a line break), and the line is what the automaton reports.
            inner = self.sequence(av[1])
            return _Info(frozenset({""}), inner.required or _usable(inner.exact), frozenset({""}),
                         frozenset({""}))
        if op in (_c.AT, _c.ASSERT_NOT):
            return _EMPTY  # zero width: requires nothing, adds nothing
        return _UNKNOWN  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...

    def klass(self, items) -> _Info:
        chars: set[str] = set()
        digits = False
        for op, av in items:
            if op is _c.LITERAL:
                chars.add(chr(av))
            elif op is _c.RANGE and av[1] - av[0] < MAX_CLASS:
                chars.update(chr(x) for x in range(av[0], av[1] + 1))
            elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
                digits = True
            else:  # NEGATE, another CATEGORY, a wide range
                return _UNKNOWN
        mapped = {self.char(ord(c)) for c in chars} | ({"0"} if digits else set())
        if None in mapped or len(mapped) > MAX_CLASS:
            return _UNKNOWN
        return _Info(frozenset(mapped), None, frozenset(mapped), frozenset(mapped))

    def branch(self, alternatives) -> _Info:
        infos = [self.sequence(alt) for alt in alternatives]
        exact: frozenset[str] | None = None
        if all(i.exact is not None for i in infos):
            union = frozenset().union(*(i.exact for i in infos))
            exact = union if len(union) <= MAX_ALTERNATIVES else None
        required: set[str] = set()
        for i in infos:
            own = _best([s for s in (i.required, _usable(i.exact)) if s])
            if own is None:
                required = set()
                break
            required |= _shrink(own)
        ends = []
        for side in ("prefix", "suffix"):
            union = None
            if all(getattr(i, side) is not None for i in infos):
                union = frozenset().union(*(getattr(i, side) for i in infos))
            ends.append(union if union is not None and len(union) <= MAX_ALTERNATIVES else None)
        return _Info(exact, frozenset(required) if required and len(required) <= MAX_ALTERNATIVES else None,
                     *ends)


def _join(left: frozenset[str] | None, right: frozenset[str] | None) -> frozenset[str] | None:
    """Every string of ``left`` followed by every string of ``right``; None when either is
    unknown or there would be too many."""
    if left is None or right is None or len(left) * len(right) > MAX_ALTERNATIVES:
        return None
    return frozenset(a + b for a in left for b in right)


def _usable(strings: frozenset[str] | None) -> frozenset[str] | None:
    """A set of exact strings as a requirement: only when none of them is empty."""
    if strings and "" not in strings:
        return strings
    return None


#: More required strings than this are cut to their shortest one's length (see _shrink).
MAX_REQUIRED = 64


def _shrink(strings: frozenset[str]) -> frozenset[str]:
    """Many required strings as fewer: each cut to the length of the shortest. A line
    that holds a string holds its start, so the cut set is required as well; it rejects
    lines about as well (the shortest string was as selective as the set before), and
    keeps an alternation of such sets (a date: day then month, or month then day) under
    MAX_ALTERNATIVES."""
    if len(strings) <= MAX_REQUIRED:
        return strings
    n = min(map(len, strings))
    return frozenset(s[:n] for s in strings)


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: the longest shortest string, then the fewest."""
    sets = [s for s in sets if s and "" not in s]
    if not sets:
        return None
    return max(sets, key=lambda s: (min(len(x) for x in s), -len(s)))


#: The longest match of an unbounded pattern, as :class:`LineShape` gives it.
UNBOUNDED = sys.maxsize
#: Largest character class that :class:`LineShape` takes as a set of decoration characters.
MAX_DECORATION_CLASS = 512


@dataclass(frozen=True)
class LineShape:
    """What a whole-line pattern asks of a line's length.

    The pattern may open with a run of decoration characters (``lead``, as in
    ``[*-• ]*``) and close with one (``trail``); the rest of it, the core, matches at most
    ``core_max`` characters, and the whole pattern at least ``shortest``.
    A line it matches is at least ``shortest`` long, and once stripped of leading ``lead``
    and then trailing ``trail`` characters, at most ``core_max`` long: the strip removes
    at least the decoration the match used, and what it leaves is part of the core.
    ``spaceless``: the pattern matches no space anywhere (a slug, a file name), so a line
    with one is not matched.
    """

    shortest: int
    lead: str
    trail: str
    core_max: int
    spaceless: bool = False

    def admits(self, text: str) -> bool:
        if self.spaceless and " " in text:
            return False
        n = len(text)
        if n < self.shortest:
            return False
        if n <= self.core_max:
            return True
        if not (self.lead or self.trail):
            return False
        return len(text.lstrip(self.lead).rstrip(self.trail)) <= self.core_max


def _line_shape(items) -> LineShape:
    """The :class:`LineShape` of a parsed whole-line pattern."""
    all_items = items
    shortest = _width(items)[0]
    lead = _decoration(items[0]) if items else ""
    if lead:
        items = items[1:]
    trail = _decoration(items[-1]) if items else ""
    if trail:
        items = items[:-1]
    return LineShape(shortest, lead, trail, _width(items)[1], not _may_match(all_items, " "))


def _may_match(items, char: str) -> bool:
    """Whether the text a parsed sequence matches (what it consumes: not what its
    lookarounds look at) may hold ``char``; True for anything unknown."""
    code = ord(char)
    for op, av in items:
        if op is _c.LITERAL:
            if av == code:
                return True
        elif op is _c.NOT_LITERAL:
            if av != code:
                return True
        elif op is _c.IN:
            if _in_class(av, char):
                return True
        elif op is _c.CATEGORY:
            if _in_category(av, char):
                return True
        elif op is _c.SUBPATTERN:
            if _may_match(av[-1], char):
                return True
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            if _may_match(av, char):
                return True
        elif op is _c.BRANCH:
            if any(_may_match(alt, char) for alt in av[1]):
                return True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if av[1] > 0 and _may_match(av[2], char):
                return True
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width
        else:  # ANY, back-references, anything unknown
            return True
    return False


_CATEGORY_TESTS = {
    _c.CATEGORY_DIGIT: lambda c: _DIGIT_RE.match(c) is not None,
    _c.CATEGORY_NOT_DIGIT: lambda c: _DIGIT_RE.match(c) is None,
    _c.CATEGORY_SPACE: str.isspace,
    _c.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    _c.CATEGORY_WORD: lambda c: regex.match(r"\w", c) is not None,
    _c.CATEGORY_NOT_WORD: lambda c: regex.match(r"\w", c) is None,
}


def _in_category(category, char: str) -> bool:
    test = _CATEGORY_TESTS.get(category)
    return True if test is None else test(char)


def _in_class(items, char: str) -> bool:
    """Whether a parsed character class may match ``char``."""
    code = ord(char)
    negated = False
    hit = False
    for op, av in items:
        if op is _c.NEGATE:
            negated = True
        elif op is _c.LITERAL:
            hit = hit or av == code
        elif op is _c.RANGE:
            hit = hit or av[0] <= code <= av[1]
        elif op is _c.CATEGORY:
            hit = hit or _in_category(av, char)
        else:
            return True  # unknown
    return hit != negated


def _decoration(item) -> str:
    """The characters of ``[class]*`` (a class of plain characters and small ranges,
    repeated from zero times without bound), or "" when ``item`` is anything else."""
    op, av = item
    if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        return ""
    low, high, inner = av
    if low != 0 or high != _c.MAXREPEAT or len(inner) != 1:
        return ""
    op, av = inner[0]
    chars: set[str] = set()
    if op is _c.LITERAL:
        chars.add(chr(av))
    elif op is _c.IN:
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < MAX_DECORATION_CLASS:
                chars.update(chr(x) for x in range(value[0], value[1] + 1))
            else:
                return ""
    else:
        return ""
    if "\n" in chars or len(chars) > MAX_DECORATION_CLASS:
        return ""
    return "".join(sorted(chars))


def _width(items) -> tuple[int, int]:
    """Shortest and longest match of a parsed sequence; lookarounds take no width (what
    they look at is not part of the match). The longest is :data:`UNBOUNDED` when there
    is no bound."""
    low = high = 0
    for op, av in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY):
            a, b = 1, 1
        elif op is _c.SUBPATTERN:
            a, b = _width(av[-1])
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            a, b = _width(av)
        elif op is _c.BRANCH:
            widths = [_width(alt) for alt in av[1]]
            a, b = min(w[0] for w in widths), max(w[1] for w in widths)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, inner = av
            ia, ib = _width(inner)
            a = lo * ia
            b = 0 if ib == 0 or hi == 0 else (UNBOUNDED if hi == _c.MAXREPEAT or ib == UNBOUNDED else hi * ib)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            a, b = 0, 0
        else:  # back-references, conditionals, anything unknown
            a, b = 0, UNBOUNDED
        low += a
        high = UNBOUNDED if UNBOUNDED in (high, b) else high + b
    return low, high


def never_consumed(pattern: str, chars: str) -> frozenset[str]:
    """The characters of ``chars`` that no match of ``pattern`` holds (what it consumes,
    not what its lookarounds look at; see :func:`_may_match`, which answers True for
    anything it does not know); none when the pattern cannot be analysed. A whole line
    that holds one of them, at its start say, is not matched."""
    items = _parse(pattern)
    if items is None:
        return frozenset()
    return frozenset(c for c in chars if not _may_match(items, c))


#: How many characters at each end of a line :func:`line_edges` tells.
EDGE = 4


def line_edges(pattern: str, case_sensitive: bool,
               k: int = EDGE) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """For a whole-line pattern: the sets ``starts`` and ``ends`` of the first and the
    last ``k`` characters of every line it can match (the whole line where it is
    shorter), as they stand in the lower-cased line with its digits folded; None where
    the analysis cannot tell (a class of many characters, a construct it does not know,
    too many strings) or where the pattern can match an empty line.

    The pattern's ``shape.lead`` decoration (see :class:`LineShape`) is left out of
    ``starts`` and its ``shape.trail`` out of ``ends``. So: a line that the pattern
    matches and whose first character is not one of the lead's has ``line[:k]`` in
    ``starts`` (the lead matched nothing there, and the rest of the pattern matched the
    whole line); the same for ``ends``, ``line[-k:]`` and the trail. A line outside that
    set cannot match, and the matcher drops it without running the regex: for rules
    such as a date line, whose literals (``may``, ``0.0``) stand in many paragraphs that
    do not start or end like a date at all.

    Why the sets are complete: for each part of the pattern the analysis keeps the set
    of the first ``k`` characters (or all of them, for a shorter match) of every string
    the part matches; that of a sequence is every string of the first part's set, and
    every short one followed by each of the next part's, cut to ``k`` (a match of the
    sequence is a match of each part in turn, and its first ``k`` characters are those
    of the first part's match, or, when that is shorter, it followed by the first
    characters of the rest); an alternation's is the union; a repeat's the sequence of
    its item over every allowed count (the set stops changing after a few counts:
    strings that reach ``k`` characters stay as they are); a zero-width assertion's is
    the empty string. Characters are read as :class:`_Analysis` reads them (lower case,
    digits as ``0``), the way the lower-cased, folded line holds them. ``ends`` is the
    same from the other end.
    """
    items = _parse(pattern)
    if items is None or not items:
        return None, None
    analysis = _Analysis(case_sensitive)
    lead = _decoration(items[0])
    rest = items[1:] if lead else items
    trail = _decoration(rest[-1]) if rest else ""
    starts = _edge_set(rest, k, False, analysis)
    ends = _edge_set(items[:-1] if trail else items, k, True, analysis)
    return (starts if starts is not None and "" not in starts else None,
            ends if ends is not None and "" not in ends else None)


def _edge_join(left: set[str] | frozenset[str], right: frozenset[str], k: int,
               backward: bool) -> set[str] | None:
    """Every string of ``left`` that is ``k`` long already, and every shorter one joined
    with each of ``right`` (after it, or before it when ``backward``), cut to ``k``."""
    done = {s for s in left if len(s) >= k}
    short = [s for s in left if len(s) < k]
    if len(short) * len(right) > MAX_ALTERNATIVES * 4:
        return None
    if backward:
        done.update((b + a)[-k:] for a in short for b in right)
    else:
        done.update((a + b)[:k] for a in short for b in right)
    return done if len(done) <= MAX_ALTERNATIVES else None


def _edge_set(items, k: int, backward: bool, analysis: _Analysis) -> frozenset[str] | None:
    """The first (last, when ``backward``) ``k`` characters of every match of a parsed
    sequence (see :func:`line_edges`), or None."""
    found: set[str] | None = {""}
    for op, av in reversed(items) if backward else items:
        if all(len(s) >= k for s in found):
            break  # what follows cannot change them
        part = _edge_node(op, av, k, backward, analysis)
        if part is None:
            return None
        found = _edge_join(found, part, k, backward)
        if found is None:
            return None
    return frozenset(found)


def _edge_node(op, av, k: int, backward: bool, analysis: _Analysis) -> frozenset[str] | None:
    if op is _c.LITERAL:
        c = analysis.char(av)
        return None if c is None else frozenset({c})
    if op is _c.IN:
        return analysis.klass(av).exact
    if op is _c.CATEGORY:
        return frozenset({"0"}) if av is _c.CATEGORY_DIGIT else None
    if op is _c.SUBPATTERN:
        return _edge_set(av[-1], k, backward, analysis)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _edge_set(av, k, backward, analysis)
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            part = _edge_set(alternative, k, backward, analysis)
            if part is None:
                return None
            union |= part
        return frozenset(union) if len(union) <= MAX_ALTERNATIVES else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        if high == 0:
            return frozenset({""})
        inner = _edge_set(item, k, backward, analysis)
        if inner is None:
            return None
        # every count from low to high; the strings after n repeats stop changing once
        # they do not change from one count to the next (all k long, or, when the item
        # can match nothing, no longer growing)
        every = {""} if low == 0 else set()
        current: set[str] = {""}
        count = 0
        while True:
            count += 1
            after = _edge_join(current, inner, k, backward)
            if after is None:
                return None
            if after == current:  # so for this count and every one after it
                every |= current
                break
            if count >= low:
                every |= after
            if count >= high or len(every) > MAX_ALTERNATIVES:
                break
            current = after
        return frozenset(every) if len(every) <= MAX_ALTERNATIVES else None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""})  # zero width
    return None  # ANY, NOT_LITERAL, other categories, back-references, ...


def without_leading_lookaheads(pattern: str) -> str | None:
    """``pattern`` with the positive lookaheads it opens with taken off, or None when it
    opens with none (or is an alternation at its top level, where they would belong to
    the first alternative only).

    What is left matches every line the whole pattern matches, and more; it is a quick
    first test for patterns that open with ``(?=[^\\n]*...)`` conditions, which scan the
    whole line before anything else can fail.
    """
    rest = pattern
    while rest.startswith("(?="):
        end = _group_end(rest)
        if end is None:
            return None
        rest = rest[end:]
    if rest == pattern or not rest or rest[0] in "?*+{" or _has_top_level_bar(pattern):
        return None  # nothing left, or a quantifier of the last lookahead
    return rest


def _scan_groups(pattern: str):
    """Yield (index, character, depth) for the pattern's unescaped characters outside
    character classes; depth counts open groups before the character."""
    depth = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: skip to its closing bracket
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if c == ")":
            depth -= 1
        yield i, c, depth
        if c == "(":
            depth += 1
        i += 1


def _group_end(pattern: str) -> int | None:
    """The index just after the group that opens ``pattern``."""
    for i, c, depth in _scan_groups(pattern):
        if c == ")" and depth == 0:
            return i + 1
    return None


def _has_top_level_bar(pattern: str) -> bool:
    return any(c == "|" and depth == 0 for _, c, depth in _scan_groups(pattern))
