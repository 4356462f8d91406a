"""The document model: the input split into lines that filters mark, never edit.

A :class:`Document` holds the normalized lines of one input. Filters mark whole lines or
spans inside a line as removed, each with a :class:`Removal` that says which filter, which
boilerplate family and which rule made it. :meth:`Document.render` then writes the kept
text. Because filters only mark, every removal can be explained, and no filter ever sees
text that another filter invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .prefilter import fold_digits_of


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of the input that a filter removed.

    ``line`` is 1-based; ``start`` and ``end`` are character columns in the normalized
    line (``end`` exclusive), so ``text == normalized_line[start:end]``.
    """

    filter: str
    family: str
    rule: str
    line: int
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {
            "filter": self.filter,
            "family": self.family,
            "rule": self.rule,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Metadata:
    """What the cleaner learned about the article while removing its furniture."""

    title: str | None = None
    date: str | None = None
    byline: str | None = None

    def as_dict(self) -> dict:
        return {"title": self.title, "date": self.date, "byline": self.byline}


@dataclass(slots=True)
class Result:
    """The outcome of :meth:`cleantext.Pipeline.run`: the clean text, every removal in
    input order, and the metadata found on the way."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    timeouts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "removed": [r.as_dict() for r in self.removed],
            "metadata": self.metadata.as_dict(),
            "timeouts": list(self.timeouts),
        }


class Document:
    """The normalized lines of one input and the marks that filters put on them.

    Filters read ``lines`` (and the lower-cased ``lower``), and call :meth:`remove_line`
    or :meth:`remove_span`. The first removal of a line wins: a line that one filter has
    removed is not removed again by another, so every removal has exactly one reason.
    """

    __slots__ = ("lines", "_lower", "_folded", "removed", "cuts", "metadata", "title_hint",
                 "timeouts", "hits", "scanned", "title_line", "cache", "others")

    def __init__(self, lines: list[str], title_hint: str | None = None, others: str | None = None):
        self.lines = lines
        #: the characters of ``lines`` other than printable ASCII and line breaks (or a
        #: few more), in one string, when the caller knows them (normalization finds
        #: them out): a question about rare characters is then asked once per document,
        #: not of each line (see :func:`~cleantext.textutil.folds_to_lower`); None: not
        #: known. A contract, not checked: a string that misses one of the lines' rare
        #: characters makes ``lower``, the title search, the word counts and the scan's
        #: folding of digits (``folded``: a non-ASCII digit it misses is left unfolded)
        #: wrong, and lines that cannot be encoded (a lone surrogate) must come with None
        self.others = others
        self._lower: list[str] | None = None
        self._folded: tuple[str, list[str]] | None = None
        #: per line: the Removal that removed the whole line, or None
        self.removed: list[Removal | None] = [None] * len(lines)
        #: line index -> spans cut out of that line
        self.cuts: dict[int, list[Removal]] = {}
        self.metadata = Metadata()
        #: a title the caller knows (from HTML metadata, a JSONL field); helps the
        #: title and slug filters
        self.title_hint = title_hint
        #: ids of rules that ran out of time on this document
        self.timeouts: list[str] = []
        #: pattern hits by family, when a pipeline scanned the document for all its
        #: filters at once; ``scanned`` holds the ids of the rules that scan covered
        self.hits: dict | None = None
        self.scanned: frozenset[str] = frozenset()
        #: index of the title line once a filter has looked for it (-1: none found)
        self.title_line: int | None = None
        #: what filters work out about the document and share (see filters.layout)
        self.cache: dict = {}

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def lower(self) -> list[str]:
        """The lines lower-cased (computed once, on first use)."""
        if self._lower is None:
            # U+0130 is the one character whose lower case is two characters long; map
            # it to "i" so that columns in the lower-cased line match the line's. (Line
            # by line: str.lower() has a fast path for ASCII text, and most lines are
            # ASCII, where the document as a whole rarely is.)
            others = self.others
            if others is not None and others.lower() == others:
                # Every character but ASCII is its own lower case (curly quotes, dashes,
                # lower-case letters), U+0130 and the capital sigma among the others
                # not: lower-casing changes the ASCII capitals alone, as lower() on
                # the UTF-8 bytes does, at a few times the speed on non-ASCII text;
                # and on the bytes of the whole document, the digits are folded for
                # the rules' scan in one more pass (see ``folded``).
                data = "\n".join(self.lines).encode().lower()
                joined = data.decode()
                lower = joined.split("\n")
                if len(lower) == len(self.lines):
                    folded = fold_digits_of(joined, data, others)
                    self._folded = (folded, lower if folded is joined else folded.split("\n"))
                else:  # a line that holds a line break (a Document built by hand)
                    lower = [line.encode().lower().decode() for line in self.lines]
                self._lower = lower
            else:
                self._lower = [line.lower() if "\u0130" not in line else
                               line.replace("\u0130", "I").lower() for line in self.lines]
        return self._lower

    @property
    def folded(self) -> tuple[str, list[str]] | None:
        """``lower`` with every digit written as ``0``, joined with line breaks and as
        lines (see :func:`~cleantext.prefilter.fold_digits`): what the rules' scan looks
        for required strings in, when the document could work it out with ``lower``
        (from ``others``); else None, and the scan folds the lines itself."""
        if self._lower is None:
            self.lower  # noqa: B018 - works out the folded text with the lower-cased lines
        return self._folded

    def is_kept(self, i: int) -> bool:
        """True when line ``i`` has text and no filter removed it as a whole."""
        return self.removed[i] is None and self.lines[i] != ""

    def none_removed(self) -> bool:
        """True when no filter has removed a whole line (spans may be cut)."""
        return self.removed.count(None) == len(self.removed)

    def kept_indices(self) -> list[int]:
        """Indices of the non-blank lines that are still kept."""
        removed, lines = self.removed, self.lines
        return [i for i in range(len(lines)) if removed[i] is None and lines[i]]

    def remove_line(self, i: int, filter: str, family: str, rule: str) -> bool:
        """Mark line ``i`` removed. Returns False when it was removed already."""
        if self.removed[i] is not None:
            return False
        text = self.lines[i]
        self.removed[i] = Removal(filter, family, rule, i + 1, 0, len(text), text)
        return True

    def remove_span(self, i: int, start: int, end: int, filter: str, family: str, rule: str) -> bool:
        """Mark columns ``start:end`` of line ``i`` removed.

        A span that leaves nothing but white space and punctuation of the line behind
        removes the whole line. Returns False when the line was removed already or the
        span overlaps one cut before.
        """
        if self.removed[i] is not None:
            return False
        text = self.lines[i]
        rest = text[:start] + text[end:]
        if not any(c.isalnum() for c in rest):
            return self.remove_line(i, filter, family, rule)
        spans = self.cuts.setdefault(i, [])
        for s in spans:
            if start < s.end and s.start < end:
                return False
        spans.append(Removal(filter, family, rule, i + 1, start, end, text[start:end]))
        return True

    def line_text(self, i: int) -> str | None:
        """Line ``i`` as it will be rendered: spans cut out, '' when removed, None when
        the input line is blank."""
        text = self.lines[i]
        if not text:
            return None
        if self.removed[i] is not None:
            return ""
        spans = self.cuts.get(i)
        if not spans:
            return text
        return cut_spans(text, [(s.start, s.end) for s in spans])

    def removals(self) -> list[Removal]:
        """Every removal, in input order (line, then column)."""
        out = [r for r in self.removed if r is not None]
        for spans in self.cuts.values():
            out.extend(spans)
        out.sort(key=lambda r: (r.line, r.start))
        return out

    def result(self) -> Result:
        """What cleaning this document came to: the text, the removals, the metadata and
        the rules that ran out of time."""
        return Result(self.render(), self.removals(), self.metadata, self.timeouts)

    def render(self) -> str:
        """The kept text: removed lines and spans gone, runs of blank lines collapsed to
        one, no blank lines at either end, and one trailing newline (none when empty)."""
        return render_lines(self.line_text(i) for i in range(len(self.lines)))


def cut_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Remove the ``(start, end)`` column spans from ``text`` and tidy the seams.

    >>> cut_spans("Body ends here. Donate now!", [(16, 27)])
    'Body ends here.'
    """
    pieces = []
    pos = 0
    for start, end in sorted(spans):
        pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    return " ".join("".join(pieces).split())


def render_lines(lines) -> str:
    """Join rendered lines: ``None`` is a blank input line, ``""`` a removed one.

    Removed lines vanish without a trace; a run of lines between two kept lines becomes
    one blank line when it holds a blank input line, and nothing otherwise. No blank
    line is written at either end, and the text ends with one newline (or is empty).

    >>> render_lines(["Title", None, None, "", None, "Body.", ""])
    'Title\\n\\nBody.\\n'
    >>> render_lines(["One.", "", "Two."])
    'One.\\nTwo.\\n'
    """
    out: list[str] = []
    gap = False
    for line in lines:
        if line:
            if gap and out:
                out.append("")
            out.append(line)
            gap = False
        elif line is None:
            gap = True
    return "\n".join(out) + "\n" if out else ""
