"""Metadata lines: publication dates and times, and bylines. They are removed from the
text and kept in the result's metadata."""

from __future__ import annotations

from ..document import Document
from ..patterns import Hit
from .base import PatternFilter


class TimestampFilter(PatternFilter):
    """Removes date and time lines; the first one with a date (not a bare clock time)
    becomes ``metadata.date``."""

    name = "timestamp"
    UNDATED = frozenset({"timestamp.clock", "timestamp.reading_time"})

    def apply(self, doc: Document, hit: Hit) -> None:
        if (doc.remove_line(hit.line, self.name, self.family, hit.rule.id)
                and doc.metadata.date is None and hit.rule.id not in self.UNDATED):
            doc.metadata.date = doc.lines[hit.line]


class BylineFilter(PatternFilter):
    """Removes bylines and credit lines; the first "By ..." line becomes
    ``metadata.byline`` (without the "By")."""

    name = "byline"

    def apply(self, doc: Document, hit: Hit) -> None:
        if doc.remove_line(hit.line, self.name, self.family, hit.rule.id) and doc.metadata.byline is None:
            line = doc.lines[hit.line]
            if line[:3].lower() == "by ":
                doc.metadata.byline = line[3:].strip()
