"""Sidebars: "Related:", "Read next", "Most read" ... and the teaser items under them."""

from __future__ import annotations

from ..document import Document
from .base import PatternFilter
from .layout import article_words, headline_score, line_memo, stopwords


class SidebarFilter(PatternFilter):
    """Removes sidebar lines: inline items ("Read more: <headline>") by line rules, and
    regions: a heading matched by a ``region`` rule and the teaser items under it.

    Under a heading, the region goes on through

    - *markers*: lines that ``item`` rules match (a time such as ``19:00``, a date,
      "2 hours ago") and teaser cards that print their headline twice, each of which
      may be followed by a short headline and then by one teaser sentence;
    - *short lines* (headlines, links: not prose, see :func:`~cleantext.textutil.is_prose`) that are not
      directly followed by prose, so a real section heading with its paragraph under it
      ends the region;
    - after a complete teaser (marker, headline, sentence), another headline-and-sentence
      pair;
    - blank lines, and lines other filters removed (a marker that the timestamp filter
      removed still counts as a marker).

    Prose that does not follow a marker ends the region: a heading alone is never enough
    evidence to delete a paragraph (except under an "About the author" heading, whose
    one or two sentences of biography go with it). So does the start of an article: a run of prose
    lines (teasers come one sentence at a time), and any short line a few lines above
    such a run (the article's headline, a section heading).
    """

    name = "sidebar"
    RULES = {"sidebar.region_item": "a teaser item under a sidebar heading"}

    def mark(self, doc: Document) -> None:
        hits = self.hits(doc)
        markers = {h.line for h in hits if h.rule.scope == "item"}
        markers.update(i for i, line in enumerate(doc.lines) if line and is_doubled(line))
        reach = -1  # the last line a region has covered
        for hit in hits:
            if hit.rule.scope == "item":
                continue
            doc.remove_line(hit.line, self.name, self.family, hit.rule.id)
            # a heading inside a region already covered opens nothing new (and a page
            # of ten thousand headings costs one pass, not ten thousand)
            if hit.rule.scope == "region" and hit.line > reach:
                reach = self._extend(doc, hit.line, markers,
                                     biography=hit.rule.id in BIOGRAPHY_RULES)

    def _is_article_headline(self, doc: Document, line: str) -> bool:
        """A headline sharing three or more words with the article's first paragraphs
        heads the article, not a teaser, however far above the article it stands."""
        stop = stopwords(self, "layout")
        return headline_score(line, article_words(doc, stop), stop, line_memo(doc, stop)) >= 3

    def _extend(self, doc: Document, heading: int, markers: set[int],
                biography: bool = False) -> int:
        """Remove the items under the heading; return the last line the region covered."""
        # state: "heading"  just after the heading
        #        "marker"   after a time/date marker: a headline or a teaser may follow
        #        "titled"   after a marker and a headline: a teaser may follow
        #        "teaser"   after a complete teaser: a new headline may follow
        #        "list"     inside a run of short lines
        state = "heading"
        heads = 0  # short lines since the last marker or teaser
        lines, removed = doc.lines, doc.removed
        prose = line_memo(doc, stopwords(self, "layout")).prose
        for j in range(heading + 1, len(lines)):
            line = lines[j]
            if not line:
                continue
            if j in markers:
                # a marker counts even when another filter (timestamp) removed it
                state, heads = "marker", 0
            elif removed[j] is not None:
                continue
            elif prose(line):
                if ((state not in ("marker", "titled") and not biography)
                        or _prose_run(doc, j, markers, prose) >= ARTICLE_RUN):
                    return j - 1
                state, heads = "teaser", 0
            elif not biography and (_article_ahead(doc, j, markers, prose)
                                    or self._is_article_headline(doc, line)):
                # the article's own headline or a section heading: the region is over
                return j - 1
            elif biography:
                # the author's name and role, above the biography
                state, heads = "titled", heads + 1
                if heads > TEASER_HEAD:
                    return j - 1
            elif state in ("marker", "teaser", "titled") and heads < TEASER_HEAD:
                # a teaser's headline, rubric or author
                state, heads = "titled", heads + 1
            elif not _prose_follows(doc, j, prose):
                state, heads = "list", heads + 1
            elif _teaser_rhythm(doc, j, markers, prose):
                # headline, teaser sentence, headline, teaser sentence ...
                state, heads = "titled", 1
            else:
                return j - 1
            doc.remove_line(j, self.name, self.family, "sidebar.region_item")
        return len(lines) - 1


#: Region headings whose region holds a short biography: its one or two sentences go too.
BIOGRAPHY_RULES = frozenset({"sidebar.author_box"})
#: Prose lines in a row (blank and removed lines aside) that make an article, not a
#: teaser: teasers come one sentence at a time, between headlines or time stamps.
ARTICLE_RUN = 3
#: How many kept lines a headline may stand above the article it heads (bylines, dates,
#: share buttons and captions between them).
HEADLINE_REACH = 8
#: Teasers in a row that show a list of headlines with one sentence each, and so tell a
#: teaser list from an article's section heading and its paragraph.
TEASER_ITEMS = 2
#: Short lines (headline, rubric, author) a teaser item may have before its sentence.
TEASER_HEAD = 3


def is_doubled(line: str) -> bool:
    """True for a line that says the same words twice over, as teaser cards do when a
    headline and its link text are flattened together.

    >>> is_doubled("Mike Johnson’s Art of the Deal Mike Johnson’s Art of the Deal")
    True
    >>> is_doubled("New York, New York")
    False
    """
    # Cheap tests first (every line of a page comes here, hardly any is doubled): a
    # doubled line says its first word again after it, and its last word before it.
    head = line.split(None, 1)
    if len(head) < 2 or head[0] not in head[1]:
        return False
    body, last = line.rsplit(None, 1)
    if last not in body:
        return False
    w = line.split()
    half = len(w) // 2
    return len(w) >= 6 and len(w) % 2 == 0 and w[:half] == w[half:]


def _kept_after(doc: Document, j: int):
    """Indices of the kept, non-blank lines after ``j``."""
    for k in range(j + 1, len(doc.lines)):
        if doc.lines[k] and doc.removed[k] is None:
            yield k


def _prose_follows(doc: Document, j: int, prose) -> bool:
    """True when the next non-blank line after ``j`` is kept and is prose."""
    for k in range(j + 1, len(doc.lines)):
        if doc.lines[k]:
            return doc.removed[k] is None and prose(doc.lines[k])
    return False


def _prose_run(doc: Document, j: int, markers: set[int], prose) -> int:
    """How many kept prose lines follow one another from line ``j`` on, with no marker
    between them (a marker that another filter removed still breaks the run)."""
    run = 0
    for k in range(j, len(doc.lines)):
        if not doc.lines[k]:
            continue
        if k in markers:
            break
        if doc.removed[k] is not None:
            continue
        if not prose(doc.lines[k]):
            break
        run += 1
        if run >= ARTICLE_RUN:
            break
    return run


def _article_ahead(doc: Document, j: int, markers: set[int], prose) -> bool:
    """True when a run of prose (an article, not a teaser) starts within a few kept lines
    after line ``j``."""
    for n, k in enumerate(_kept_after(doc, j)):
        if n >= HEADLINE_REACH:
            return False
        if prose(doc.lines[k]):
            return _prose_run(doc, k, markers, prose) >= ARTICLE_RUN
    return False


def _teaser_rhythm(doc: Document, j: int, markers: set[int], prose) -> bool:
    """True when line ``j`` starts at least ``TEASER_ITEMS`` teaser items in a row: a few
    short lines (headline, rubric, author, time) and then exactly one prose line. A
    section of an article has paragraphs in runs; a teaser list has one sentence each."""
    items = shorts = 0
    last_prose = False
    for k in range(j, len(doc.lines)):
        line = doc.lines[k]
        if not line or (doc.removed[k] is not None and k not in markers):
            continue
        if k not in markers and prose(line):
            if last_prose or shorts == 0:
                return False  # two prose lines in a row: an article section
            items += 1
            if items >= TEASER_ITEMS:
                # the last teaser must stand alone too
                return _prose_run(doc, k, markers, prose) == 1
            shorts = 0
            last_prose = True
        else:
            shorts += 1
            last_prose = False
            if shorts > TEASER_HEAD + 1:
                return False
    return False
