"""Small judgements about one line of text that several filters share."""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"\w+(?:['\u2019.\-]\w+)*")
_KEY_RE = re.compile(r"\w+")
# A sentence ends in . ! ? or …, perhaps followed by closing quotes or brackets.
_SENTENCE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


def words(line: str) -> list[str]:
    """The words of a line (letters and digits, with inner apostrophes, dots, hyphens).

    >>> words("NATO’s U.S. plan, well-known in 2024: go!")
    ['NATO’s', 'U.S', 'plan', 'well-known', 'in', '2024', 'go']
    """
    return _WORD_RE.findall(line)


def key(line: str) -> str:
    """A comparison key: case-folded word characters only, single-spaced.

    >>> key("Rutte’s visit — Kyiv!") == key("rutte s visit kyiv")
    True
    """
    return " ".join(_KEY_RE.findall(line.casefold()))


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (. ! ? … and closing quotes)."""
    return _SENTENCE_END_RE.search(line) is not None


_FULL_STOP_RE = re.compile(r"[.\u2026][\"'\u201d\u2019)\]]*$")


def ends_with_full_stop(line: str) -> bool:
    """True when the line ends with a full stop (or an ellipsis), perhaps inside quotes."""
    return _FULL_STOP_RE.search(line) is not None


def is_prose(line: str, w: list[str] | None = None) -> bool:
    """True for a line that reads as running text rather than a label, a headline or a
    link: more than twenty words; or eight or more ending like a sentence; or four or
    more ending with a full stop (headlines end in ? or ! often, in a full stop hardly
    ever). (``w``: the line's :func:`words`, when the caller has them.)

    >>> is_prose("NATO shake-up")
    False
    >>> is_prose("Chris Christie is no angel.")
    True
    >>> is_prose("What’s the Safest Seat on an Airplane?")
    False
    """
    n = len(words(line) if w is None else w)
    return n > 20 or (n >= 8 and ends_sentence(line)) or (n >= 4 and ends_with_full_stop(line))


def content_words(line: str, stop: frozenset[str], w: list[str] | None = None) -> set[str]:
    """The lower-cased words of a line that carry its topic: longer than two characters
    and not function words. (``w``: the line's :func:`words`, when the caller has them.)

    >>> sorted(content_words("Rutte visits Kyiv as NATO chief", frozenset({"as"})))
    ['chief', 'kyiv', 'nato', 'rutte', 'visits']
    """
    if w is None:
        w = _WORD_RE.findall(line)
    return {x for x in map(str.lower, w) if len(x) > 2}.difference(stop)
