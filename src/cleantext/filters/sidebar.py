"""Sidebars: "Related:", "Read next", "Most read" ... and the teaser items under them."""

from __future__ import annotations

from ..document import Document
from ..textutil import is_prose
from .base import PatternFilter


class SidebarFilter(PatternFilter):
    """Removes sidebar lines: inline items ("Read more: <headline>") by line rules, and
    regions: a heading matched by a ``region`` rule and the teaser items under it.

    Under a heading, the region goes on through

    - *markers*: lines that ``item`` rules match (a time such as ``19:00``, a date,
      "2 hours ago"), each of which may be followed by a short headline and then by one
      teaser sentence;
    - *short lines* (headlines, links: not prose, see :func:`is_prose`) that are not
      directly followed by prose, so a real section heading with its paragraph under it
      ends the region;
    - after a complete teaser (marker, headline, sentence), another headline-and-sentence
      pair;
    - blank lines, and lines other filters removed (a marker that the timestamp filter
      removed still counts as a marker).

    Prose that does not follow a marker ends the region: a heading alone is never enough
    evidence to delete a paragraph.
    """

    name = "sidebar"
    RULES = {"sidebar.region_item": "a teaser item under a sidebar heading"}

    def mark(self, doc: Document) -> None:
        hits = self.hits(doc)
        markers = {h.line for h in hits if h.rule.scope == "item"}
        for hit in hits:
            if hit.rule.scope == "item":
                continue
            removed = doc.remove_line(hit.line, self.name, self.family, hit.rule.id)
            if removed and hit.rule.scope == "region":
                self._extend(doc, hit.line, markers)

    def _extend(self, doc: Document, heading: int, markers: set[int]) -> None:
        # state: "heading"  just after the heading
        #        "marker"   after a time/date marker: a headline or a teaser may follow
        #        "titled"   after a marker and a headline: a teaser may follow
        #        "teaser"   after a complete teaser: a new headline may follow
        #        "list"     inside a run of short lines
        state = "heading"
        lines, removed = doc.lines, doc.removed
        for j in range(heading + 1, len(lines)):
            line = lines[j]
            if not line:
                continue
            if j in markers:
                # a marker counts even when another filter (timestamp) removed it
                state = "marker"
            elif removed[j] is not None:
                continue
            elif is_prose(line):
                if state not in ("marker", "titled"):
                    return
                state = "teaser"
            elif state == "marker":
                state = "titled"
            elif state == "teaser" or not _prose_follows(doc, j):
                state = "titled" if state == "teaser" else "list"
            else:
                return
            doc.remove_line(j, self.name, self.family, "sidebar.region_item")


def _prose_follows(doc: Document, j: int) -> bool:
    """True when the next kept non-blank line after ``j`` is prose."""
    for k in range(j + 1, len(doc.lines)):
        line = doc.lines[k]
        if not line:
            continue
        return doc.removed[k] is None and is_prose(line)
    return False
