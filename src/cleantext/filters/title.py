"""The title: finding it, and removing the copies of it that pages repeat."""

from __future__ import annotations

from ..document import Document
from ..textutil import _KEY_RE, casefold, ends_sentence, folds_to_lower, key, words
from .base import Filter

#: Separators between a repeated title and the site name after it ("Title | Site").
_SITE_SEPARATORS = ("|", " - ", " \u2013 ", " \u2014 ", " : ", " \u00b7 ")


def looks_like_title(line: str, w: list[str] | None = None, n: int | None = None) -> bool:
    """A headline: 2 to 30 words, no longer than 250 characters, not starting in lower
    case, and not ending like a clause or a sentence (a final ? or ! is fine). (``w``:
    the line's words, or ``n``: how many there are, when the caller has them.)"""
    if len(line) > 250 or line[-1] in ",;:" or (ends_sentence(line) and line.rstrip("\"'”’)]")[-1:] == "."):
        return False
    if n is None:
        n = len(words(line) if w is None else w)
    return 2 <= n <= 30 and not line[0].islower()


def find_title(doc: Document) -> int:
    """The index of the title line, or -1. Found once and remembered on the document.

    With a title hint (from HTML metadata or a JSONL field), the title is the first line
    that says the same, or begins with it and goes on with a site name. Without one, it
    is the first line still kept (other filters have run), if that looks like a headline.
    """
    if doc.title_line is not None:
        return doc.title_line
    found = -1
    if doc.title_hint:
        hint = key(doc.title_hint)
        if hint:
            for i, line in enumerate(doc.lines):
                if line and is_same_title(line, hint):
                    found = i
                    break
    else:
        for i, line in enumerate(doc.lines):
            if line and doc.removed[i] is None:
                if looks_like_title(line):
                    found = i
                break
    doc.title_line = found
    if found >= 0 and doc.metadata.title is None:
        doc.metadata.title = doc.lines[found]
    return found


def is_same_title(line: str, title_key: str, longest: str | None = None,
                  folded: str | None = None) -> bool:
    """True when ``line`` says ``title_key`` (a :func:`key`), alone or followed by a
    separator and a short site name.

    >>> is_same_title("Rutte visits Kyiv | Example News", key("Rutte visits Kyiv"))
    True
    >>> is_same_title("Rutte visits Kyiv and promises more air defence", key("Rutte visits Kyiv"))
    False
    """
    # A cheap test first: a line that says the title holds each of the title's words,
    # case-folded (key() takes its words from line.casefold()); most lines do not hold
    # the longest of them (``longest``, when the caller has worked it out; ``folded``:
    # ``line.casefold()``, when the caller has it).
    if longest is None:
        longest = max(title_key.split(" "), key=len)
    if folded is None:
        folded = line.casefold()
    if longest not in folded:
        return False
    # and its first word is the title's (the title's words often stand in the article)
    first = _KEY_RE.search(folded)
    if first is None or first.group() != title_key.partition(" ")[0]:
        return False
    k = key(line, folded)
    if k == title_key:
        return True
    if not k.startswith(title_key + " "):
        return False
    for sep in _SITE_SEPARATORS:
        head, found, tail = line.rpartition(sep)
        if found and key(head) == title_key and 0 < len(words(tail)) <= 5:
            return True
    return False


class DuplicateTitleFilter(Filter):
    """Removes lines after the title that repeat it (the headline printed again under the
    dateline, or the page title with the site name)."""

    name = "duplicate_title"
    RULES = {"duplicate_title.repeat": "a later line that repeats the title"}

    def mark(self, doc: Document) -> None:
        t = find_title(doc)
        if t < 0:
            return
        title_key = key(doc.lines[t])
        longest = max(title_key.split(" "), key=len)
        lines, removed, lower = doc.lines, doc.removed, doc.lower
        plain = folds_to_lower(doc.others)  # every line folds to its lower case
        for j in range(t + 1, len(lines)):
            line = lines[j]
            if not line or removed[j] is not None:
                continue
            # the line case-folded, from the lower-cased line the document has (most
            # often the same text): most lines fail is_same_title's first test on it
            folded = lower[j] if plain else casefold(line, lower[j])
            if longest in folded and is_same_title(line, title_key, longest, folded):
                doc.remove_line(j, self.name, "duplicate_title", "duplicate_title.repeat")
