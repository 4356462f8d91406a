"""Small judgements about one line of text that several filters share."""

from __future__ import annotations

import re
import unicodedata
from itertools import compress

_WORD_RE = re.compile(r"\w+(?:['\u2019.\-]\w+)*")
_KEY_RE = re.compile(r"\w+")


def words(line: str) -> list[str]:
    """The words of a line (letters and digits, with inner apostrophes, dots, hyphens).

    >>> words("NATO’s U.S. plan, well-known in 2024: go!")
    ['NATO’s', 'U.S', 'plan', 'well-known', 'in', '2024', 'go']
    """
    return _WORD_RE.findall(line)


def key(line: str, folded: str | None = None) -> str:
    """A comparison key: case-folded word characters only, single-spaced. (``folded``:
    ``line.casefold()``, when the caller has it.)

    >>> key("Rutte’s visit — Kyiv!") == key("rutte s visit kyiv")
    True
    """
    return " ".join(_KEY_RE.findall(line.casefold() if folded is None else folded))


#: Characters that lower-casing leaves as they are and case folding does not (ß to ss,
#: final ς to σ, ligatures, small Cherokee letters to capitals ...), by the version of
#: the Unicode database they were read from. (The test suite reads them again, from the
#: database of the Python it runs on.)
_FOLD_CHANGES = {
    "14.0.0": "\u00b5\u00df\u0149\u017f\u01f0\u0345\u0390\u03b0\u03c2\u03d0-\u03d1"
              "\u03d5-\u03d6\u03f0-\u03f1\u03f5\u0587\u13f8-\u13fd\u1c80-\u1c88"
              "\u1e96-\u1e9b\u1f50\u1f52\u1f54\u1f56\u1f80-\u1f87\u1f90-\u1f97"
              "\u1fa0-\u1fa7\u1fb2-\u1fb4\u1fb6-\u1fb7\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fc7"
              "\u1fd2-\u1fd3\u1fd6-\u1fd7\u1fe2-\u1fe4\u1fe6-\u1fe7\u1ff2-\u1ff4"
              "\u1ff6-\u1ff7\uab70-\uabbf\ufb00-\ufb06\ufb13-\ufb17",
}
_FOLD_CHANGES_RE = (re.compile(f"[{_FOLD_CHANGES[unicodedata.unidata_version]}]")
                    if unicodedata.unidata_version in _FOLD_CHANGES else None)


def casefold(line: str, lowered: str) -> str:
    """``line.casefold()``, given ``lowered``, which is ``line.lower()`` (or, for a line
    with U+0130, anything).

    Case folding a character gives what folding its lower case gives, and lower-casing
    a lower-case character leaves it (both checked over every code point by the tests).
    So a line without U+0130 (whose lower case is two characters) folds to its lower
    case folded, character by character: to its lower case itself, unless that holds a
    character that folding changes (_FOLD_CHANGES; a final sigma is one). Most text
    holds none, and a search for them is quicker than folding non-ASCII text.

    >>> casefold("Straße", "straße"), casefold("Kyiv’s", "kyiv’s")
    ('strasse', 'kyiv’s')
    """
    if line.isascii():
        return lowered
    if _FOLD_CHANGES_RE is None or "\u0130" in line or _FOLD_CHANGES_RE.search(lowered):
        return line.casefold()
    return lowered


def folds_to_lower(others: str | None) -> bool:
    """True when every line of a document whose characters other than printable ASCII
    are among ``others`` (see :attr:`~cleantext.document.Document.others`; None: not
    known) case-folds to its lower case: when :func:`casefold` gives back ``lowered``
    for each of them, asked once for the document.

    Lower-casing a string lower-cases each of its characters on its own, whatever
    stands around it, but for the capital sigma (whose lower case depends on the
    letters next to it) and U+0130 (see :func:`casefold`); and an ASCII character's
    lower case is ASCII. So, without those two, the characters of a line's lower case
    that are not ASCII are among those of ``others.lower()``, and where none of them
    is one that folding changes, no line holds one.

    >>> folds_to_lower("’é—"), folds_to_lower("’ß")
    (True, False)
    >>> folds_to_lower("\u03a3"), folds_to_lower(None)
    (False, False)
    """
    return (others is not None and _FOLD_CHANGES_RE is not None
            and "\u0130" not in others and "\u03a3" not in others
            and not _FOLD_CHANGES_RE.search(others.lower()))


#: What may close a sentence after its final stop: quotes and brackets.
_CLOSERS = "\"'\u201d\u2019)]"


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (. ! ? … and closing quotes).

    >>> ends_sentence("He said: “Enough.”"), ends_sentence("Read more")
    (True, False)
    """
    # the last character before the closing quotes and brackets (looked at from the end,
    # where a pattern such as [.!?…][”’)\]]*$ is tried at every stop in the line); a
    # final line break is not part of the line
    last = (line[:-1] if line[-1:] == "\n" else line).rstrip(_CLOSERS)[-1:]
    return last != "" and last in ".!?\u2026"


def ends_with_full_stop(line: str) -> bool:
    """True when the line ends with a full stop (or an ellipsis), perhaps inside quotes."""
    last = (line[:-1] if line[-1:] == "\n" else line).rstrip(_CLOSERS)[-1:]
    return last != "" and last in ".\u2026"


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
    return prose_of(line, len(words(line) if w is None else w))


def prose_of(line: str, n: int) -> bool:
    """:func:`is_prose` of a line of ``n`` words."""
    return n > 20 or (n >= 8 and ends_sentence(line)) or (n >= 4 and ends_with_full_stop(line))


def content_words(line: str, stop: frozenset[str], w: list[str] | None = None) -> set[str]:
    """The lower-cased words of a line that carry its topic: longer than two characters
    and not function words. (``w``: the line's :func:`words`, when the caller has them.)

    >>> sorted(content_words("Rutte visits Kyiv as NATO chief", frozenset({"as"})))
    ['chief', 'kyiv', 'nato', 'rutte', 'visits']
    """
    if w is None and line.isascii():
        lowered = _WORD_RE.findall(line.lower())  # (ASCII: the same words, lower-cased)
    else:
        lowered = list(map(str.lower, _WORD_RE.findall(line) if w is None else w))
    # the words longer than two characters, picked in C: compress() keeps those whose
    # 2 < len(word) is true
    return set(compress(lowered, map(_TWO.__lt__, map(len, lowered)))).difference(stop)


_TWO = 2


# Counting words without splitting them out. A line of ASCII text (once its typographic
# apostrophes are written ' and its typographic punctuation, which is no part of any
# word, as ?) is mapped byte by byte to "a" for a word character, "j" for a character
# that joins two words into one (' . -) and " " for anything else. A word of
# :func:`words` is a run of "a", joined to the next run by a single "j" between them:
# each word starts with a run of "a" that no "a" and "j" stand right before. So the
# words are counted by where they start: an "a" after " ", after " j" or "jj" (a "j"
# that joins nothing), or at the start of the line, as the start of the line or "j" is
# there. bytes.count counts each of those at C speed (none of " a", " ja" and "jja" can
# overlap another of its kind), where splitting the words out makes a string of each.

#: Non-ASCII characters that are neither word characters nor joiners: they separate
#: words as a space does (checked against _WORD_RE by the tests).
SEPARATORS = (
    "\N{NO-BREAK SPACE}\N{LEFT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"
    "\N{RIGHT DOUBLE QUOTATION MARK}\N{EN DASH}\N{EM DASH}\N{HORIZONTAL ELLIPSIS}\N{BULLET}"
    "\N{POUND SIGN}\N{EURO SIGN}\N{DEGREE SIGN}\N{MIDDLE DOT}"
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{COPYRIGHT SIGN}\N{REGISTERED SIGN}\N{TRADE MARK SIGN}"
)
_NOT_COUNTABLE_RE = re.compile("[^\x00-\x7f" + SEPARATORS + "]")
_ASCII_WORD = frozenset(map(ord, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"))
_JOINERS = frozenset(map(ord, "'.-"))
_SHAPE = bytes(0x61 if c in _ASCII_WORD else 0x6A if c in _JOINERS else 0x20 for c in range(256))
#: Lower-cased words and joiners kept, anything else a space.
_LOWER_WORDS = bytes(c | 0x20 if 0x41 <= c <= 0x5A else c if c in _ASCII_WORD or c in _JOINERS
                     else 0x20 for c in range(256))


def ascii_form(line: str, countable: bool = False) -> bytes | None:
    """``line`` as ASCII bytes that split into the same words (see above), or None when it
    holds a character that may be part of a word and is not ASCII. (``countable``: the
    caller knows it holds none, see :func:`all_countable`.)"""
    if not line.isascii():
        line = line.replace("\u2019", "'")
        if not countable and not line.isascii() and _NOT_COUNTABLE_RE.search(line):
            return None
    return line.encode("ascii", "replace")


def all_countable(others: str | None) -> bool:
    """True when :func:`ascii_form` gives bytes for every line of a document whose
    characters other than printable ASCII are among ``others`` (see
    :attr:`~cleantext.document.Document.others`; None: not known): asked once for the
    document, where each line would be searched.

    >>> all_countable("’—“”"), all_countable("’é"), all_countable(None)
    (True, False, False)
    """
    return others is not None and _NOT_COUNTABLE_RE.search(others.replace("\u2019", "'")) is None


def count_words(form: bytes) -> int:
    """How many :func:`words` the line of :func:`ascii_form` ``form`` holds.

    >>> count_words(ascii_form("NATO’s U.S. plan, well-known in 2024: go!"))
    7
    """
    t = form.translate(_SHAPE)
    n = t.count(b" a") + (t[:1] == b"a")
    if b"j" in t:
        n += t.count(b" ja") + t.count(b"jja") + (t[:2] == b"ja")
    return n


def word_count(line: str) -> int:
    """``len(words(line))``, counted without splitting the words out where it can be.

    >>> word_count("Kyiv’s “air-defence” plan — agreed."), word_count("Café au lait")
    (4, 3)
    """
    form = ascii_form(line)
    return count_words(form) if form is not None else len(_WORD_RE.findall(line))


def count_some(form: bytes, wanted: list[bytes], enough: int) -> bool:
    """True when at least ``enough`` of the words of the line of :func:`ascii_form`
    ``form``, lower-cased, are among ``wanted`` (lower-case words of letters only, each
    between spaces: b" the "). False says only that these counts fell short: a word
    right after another of them, or with a joiner at its edge ("the." at the end of a
    sentence), is not counted, so the count is never more than the true one."""
    padded = b" " + form.translate(_LOWER_WORDS) + b" "
    got = 0
    for word in wanted:
        got += padded.count(word)
        if got >= enough:
            return True
    return False
