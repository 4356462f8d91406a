"""Layout: find the article's main block of prose, and drop what lies outside it.

A flattened web page is a column of lines: menus, a headline, bylines, the article,
teaser lists, footers. Prose is what tells the article apart: long lines of running
text, full of function words, ending like sentences. Menu items, teaser headlines and
footer links are short and end without a full stop.

The filter scores every line that the other filters left: prose earns its word count,
any other line costs a little. The main block is the stretch of lines with the highest
total score (a maximum-sum segment), so it runs from the first to the last paragraph of
the article, through the headings, captions and stray links between them, and stops
where the menus and teaser lists begin. Lines outside the block are removed, except the
headline (and the subtitle next to it), which sits above the block among bylines and
share buttons and is recognized by its shape and by sharing words with the article's
first paragraphs.

Lines that other filters removed score nothing: they neither hold the block together nor
break it. On a text that is already the article (what an HTML extractor returns), the
block is the whole text, and only furniture after the last paragraph goes.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..document import Document
from ..textutil import (all_countable, ascii_form, content_words, count_some, count_words,
                        ends_sentence, ends_with_full_stop, key, prose_of, words)
from .base import PatternFilter
from .title import find_title, looks_like_title

#: The cost of a kept line that is not prose.
SHORT_COST = 3.0
#: The cost of a line another filter removed: it still stands between paragraphs, and a
#: run of them (a menu the furniture rules took, a paywall box) marks where the page
#: changes subject. On the devset, 3 beats 1 and 2 (raw token F1 0.931 -> 0.941 with the
#: same body recall) and 4 starts to cost residual recall.
REMOVED_COST = 3.0
#: How the cost of a gap with n kept lines grows beyond the sum of its lines: GAP_GROWTH * n * n.
GAP_GROWTH = 0.15
#: Extra cost of a line that looks like a menu or link item.
LINK_COST = 2.0
#: How often a short line must appear on the page to be furniture, and how long it may be.
REPEATS = 3
REPEAT_MAX_CHARS = 120
#: Words that make a line without a final stop running text (headlines are shorter).
LONG_LINE_WORDS = 20
#: A block must hold at least this many words of prose before anything is cut.
MIN_BLOCK_WORDS = 40
#: How many times the filter looks again for lines a second cleaning would remove.
MAX_PASSES = 8
#: How far above the block (in kept lines) to look for the headline.
TITLE_WINDOW = 60
#: How many prose lines, from the start of the article, say what it is about.
CONTEXT_LINES = 6
#: How many kept lines above the headline may hold a rubric or a copy of it.
HEADLINE_GROUP_ABOVE = 4
#: Longer than this, a line without function words is a row of menu items.
MENU_ROW_WORDS = 8

_LIST_MARKERS = ("* ", "+ ", "- ", "\u2022 ", "\u203a ", "> ")


class LayoutFilter(PatternFilter):
    """Removes the lines outside the main block of prose (see the module docstring)."""

    name = "layout"
    RULES = {
        "layout.outside_main": "a line outside the article's main block of prose",
        "layout.repeated": "a short line the page repeats three times or more",
        "layout.author_bio": "an author biography at the top or the bottom of the article",
    }

    def mark(self, doc: Document) -> None:
        """Find the block and remove what lies outside it; then look again as a second
        cleaning of the output would (where the lines removed now are gone, not counted
        as gaps), until nothing more goes. Cleaning is idempotent by construction."""
        super().mark(doc)
        stop = stopwords(self, self.family)
        # the article's words from an earlier run of a layout filter on this document,
        # which the first pass reuses and the next pass works out again
        earlier = "article_words" in doc.cache
        settled = self._cut(doc, stop, REMOVED_COST)
        if settled or (not earlier and doc.none_removed()):
            # The next pass would find the same block, keep the same lines above it and
            # remove nothing (see _settled); or nothing was removed, by this filter or
            # another, and the article's words were found in this pass: the cost of a
            # removed line counts nowhere, and the next pass would find the same block
            # and words in the same lines and remove nothing. (Its state, as it would
            # leave it.)
            doc.cache["removed_cost"] = 0.0
            return
        for _ in range(MAX_PASSES):  # one or two in practice; bounded on any input
            before = doc.removed.count(None)  # lines not removed
            doc.cache.pop("article_words", None)
            doc.cache["removed_cost"] = 0.0
            if self._cut(doc, stop, 0.0) or doc.removed.count(None) == before:
                return

    def _cut(self, doc: Document, stop: frozenset[str], removed_cost: float) -> bool:
        """One pass: find the block, remove what lies outside it (but the headline group)
        and the repeated lines and biographies inside it. True when the next pass, which
        counts removed lines as nothing, is sure to remove nothing more (see
        :meth:`_settled`)."""
        kept = doc.kept_indices()
        if not kept:
            return True  # and none ever will be
        block = main_block(doc, stop, removed_cost)
        if block is None:
            return False
        first, last = block
        where = {i: pos for pos, i in enumerate(kept)}
        # article_words finds the block with the removed_cost in doc.cache: when that is
        # this pass's (always, unless the filter runs twice on a document), it is this block
        same = removed_cost == doc.cache.get("removed_cost", REMOVED_COST)
        # the headline search finds the article's words now, from this block, unless they
        # were found before (by the sidebar filter, say) or it needs none (a title hint)
        found_now = same and not doc.title_hint and "article_words" not in doc.cache
        keep = self._headline(doc, kept, where[first], stop, block if same else ...)
        for i in kept:
            if (i < first or i > last) and i not in keep:
                doc.remove_line(i, self.name, "layout", "layout.outside_main")
        inside = doc.removed.count(None)
        self._repeated(doc, first, last, keep, stop)
        self._biographies(doc, first, last)
        return (doc.removed.count(None) == inside
                and self._settled(doc, stop, block, keep, where, found_now))

    def _settled(self, doc: Document, stop: frozenset[str], block: tuple[int, int],
                 keep: set[int], where: dict[int, int], found_now: bool) -> bool:
        """True when a pass just made, which removed nothing inside its block, leaves a
        document on which the next pass removes nothing: when the lines it kept above the
        block were all within the headline search's reach, the article's words it used
        are those the next pass finds, and the next pass finds the same block.

        The block is found again (main_block, with removed lines costing nothing, as the
        next pass counts them): in exact arithmetic the next pass's gaps inside the block
        cost no more than before, so it is the same block unless prose was kept above
        it, but the scores are floating-point sums, and a stretch that summed to zero in
        exact arithmetic may come out either side of it. With the same block, the
        article's words come from the same opening lines. Above the block, the headline
        search sees only the lines this pass kept, in the same order, all of which it saw
        before: the best of them is the same headline (a nearer one of equal score would
        have won before), and each line kept with it passes the same tests again. The
        repeated lines and the biographies are those of the same lines, and there were
        none.

        ``found_now``: this pass's headline search found the article's words, from this
        block; the next pass finds the same (found before, they are compared).
        """
        if not doc.title_hint:
            start = where[block[0]]
            if any(where[i] < start - TITLE_WINDOW for i in keep):
                return False
        if not found_now:
            used = doc.cache.get("article_words")
            found = _opening_words(doc, stop, block)
            if (used is None or used.stop != stop or used.lines != found.lines
                    or used.words != found.words):
                return False
        if not doc.cuts and doc.none_removed():
            # No line is removed or cut, now or when the block was found (removals are
            # for good): the cost of a removed line counts nowhere, and main_block finds
            # the block it found then.
            return True
        return main_block(doc, stop, 0.0) == block

    def apply(self, doc: Document, hit) -> None:
        # 'item' rules (author biographies) only count at the block's edges
        if hit.rule.scope != "item":
            super().apply(doc, hit)

    def _biographies(self, doc: Document, first: int, last: int) -> None:
        """Remove author biographies at the edges of the block, where sites print the
        author box: a run of lines that an ``item`` rule of the layout family
        (author_bio) matches, from the first or the last kept line of the block inward
        to the first line that is not one. (The whole run goes, so that cleaning the
        output again finds nothing more to remove.)"""
        bios = {h.line for h in self.hits(doc) if h.rule.scope == "item"}
        if not bios:
            return
        inside = [i for i in range(first, last + 1) if doc.lines[i] and doc.removed[i] is None]
        for order in (inside, inside[::-1]):
            for i in order:
                if i not in bios:
                    break
                doc.remove_line(i, self.name, "layout", "layout.author_bio")

    def _repeated(self, doc: Document, first: int, last: int, keep: set[int], stop) -> None:
        """Remove short lines that stand REPEATS times or more inside the block: a widget
        printed between every product of a buying guide, a rubric on every teaser. The
        article's headline (kept, or sharing two words with its opening) may repeat;
        nothing else in an article does. (A line repeated in menus and teaser lists
        outside the block may be a link to a story the article also links to, and
        stays.)"""
        memo = line_memo(doc, stop)
        key_of = memo.key
        counts: dict[str, int] = {}
        for i in range(first, last + 1):
            line = doc.lines[i]
            if line and len(line) <= REPEAT_MAX_CHARS:
                k = key_of(line)
                counts[k] = counts.get(k, 0) + 1
        context = article_words(doc, stop)
        for i in range(first, last + 1):
            line = doc.lines[i]
            if (not line or doc.removed[i] is not None or i in keep
                    or len(line) > REPEAT_MAX_CHARS or counts.get(key_of(line), 0) < REPEATS):
                continue
            if memo.score(line) > 0 or context.shared(memo.content(line)) >= 2:
                continue
            doc.remove_line(i, self.name, "layout", "layout.repeated")

    def _headline(self, doc: Document, kept: list[int], start: int, stop,
                  block: tuple[int, int] | None | object = ...) -> set[int]:
        """The lines above the block to keep: the headline and the subtitle next to it.
        (``block``: the main block just found, handed on to :func:`article_words`.)

        With a title hint, the line that says it. Otherwise the headline-shaped line
        above the block that shares the most words with the article's first paragraphs
        (see :func:`headline_score`), the nearest on a tie; failing that, a headline in
        the three lines right above the block, whatever its words. On-topic lines of
        three words or more that are not menu items stay too, from a few lines above the
        headline down to the block: a rubric, a copy of the headline, a subtitle.

        The group does not depend on where in it the headline is, so cleaning the
        output again keeps the same lines (a later filter may remove one copy of a
        headline and so move the headline up).
        """
        first = kept[start]
        if doc.title_hint:
            t = find_title(doc)
            return {t} if 0 <= t < first else set()
        context = article_words(doc, stop, block)
        memo = line_memo(doc, stop)
        # the text of the kept lines above the block that the search below can reach
        # (TITLE_WINDOW lines, and HEADLINE_GROUP_ABOVE more above the farthest headline)
        text = {pos: doc.line_text(kept[pos]) or ""
                for pos in range(max(0, start - TITLE_WINDOW - HEADLINE_GROUP_ABOVE), start)}
        best, best_key = None, None
        for pos in range(start - 1, max(-1, start - 1 - TITLE_WINDOW), -1):
            shared = headline_score(text[pos], context, stop, memo)
            if shared and (best_key is None or (shared, -(start - pos)) > best_key):
                best, best_key = pos, (shared, -(start - pos))
        if best is None:
            for pos in range(start - 1, max(-1, start - 4), -1):
                n = memo.count(text[pos])
                if n >= 3 and looks_like_title(text[pos], n=n):
                    best = pos
                    break
        if best is None:
            return set()
        keep = {kept[best]}
        # the topic: the article's words and the headline's
        headline_words = memo.content(text[best])
        for pos in range(max(0, best - HEADLINE_GROUP_ABOVE), start):
            line = text[pos]
            n = memo.count(line)
            if n < 3 or line.startswith(_LIST_MARKERS) or _is_numbered(line):
                continue
            # a row of menu words shares a word with anything; it has no function words
            if n > MENU_ROW_WORDS and _function_share(memo.words(line), stop) < 0.1:
                continue
            mine = memo.content(line)
            if not line[0].islower() and (mine & headline_words or context.any_of(mine)):
                keep.add(kept[pos])
        return keep


def stopwords(f: PatternFilter, family: str = "layout") -> frozenset[str]:
    """The ``stopwords`` list of ``family`` for filter ``f``'s pattern set and languages.

    PatternSet.words() builds the set anew on each call; a PatternSet is frozen, so the
    set is kept on the filter, with the pattern set and languages it came from (a word
    list, the same for every document: no result is carried between documents)."""
    cached = getattr(f, "_stopwords", None)
    if cached is None or cached[0] is not f.patterns or cached[1] != (family, f.languages):
        cached = (f.patterns, (family, f.languages), f.patterns.words(family, "stopwords", f.languages))
        f._stopwords = cached
    return cached[2]


def line_score(line: str, stop: frozenset[str], w: list[str] | None = None) -> float:
    """Prose earns its word count; any other line costs SHORT_COST, and a menu-like
    item (a bullet, a number) LINK_COST more. Returned negative for those. (``w``: the
    line's :func:`words`, when the caller has them.)"""
    if w is None:
        w = words(line)
    if w and is_running_text(line, w, stop):
        return float(len(w))
    return _short_cost(line)


def _short_cost(line: str) -> float:
    """The (negative) score of a line that is not running text."""
    cost = SHORT_COST
    if line.startswith(_LIST_MARKERS) or _is_numbered(line):
        cost += LINK_COST
    return -cost


def main_block(doc: Document, stop: frozenset[str],
               removed_cost: float = REMOVED_COST) -> tuple[int, int] | None:
    """(first, last) line of the main block of prose among the kept lines, or None when
    the block holds less than MIN_BLOCK_WORDS words of prose.

    Runs of non-prose lines between prose lines are scored as one gap whose cost grows
    with the square of the number of kept lines in it: a caption or two between
    paragraphs costs little, a sixty-line menu splits the page. Lines other filters
    removed add a little each: an ad box or a paywall notice inside the article does not
    split it.
    """
    elements: list[tuple[float, int]] = []  # (score, line of the prose, or -1 for a gap)
    gap_lines, gap_cost = 0, 0.0
    score_of = line_memo(doc, stop).score
    removed, cuts = doc.removed, doc.cuts
    for i, line in enumerate(doc.lines):
        # the line as it will be written (doc.line_text, inlined): a span another filter
        # cut is not prose
        if not line:
            continue
        if removed[i] is not None:
            line = ""
        elif i in cuts:
            line = doc.line_text(i)
        if not line:
            gap_cost += removed_cost
            continue
        score = score_of(line)
        if score > 0:
            if gap_cost:
                elements.append((-(gap_cost + GAP_GROWTH * gap_lines * gap_lines), -1))
                gap_lines, gap_cost = 0, 0.0
            elements.append((score, i))
        else:
            gap_lines += 1
            gap_cost -= score
    start, end, _ = _best_segment([e[0] for e in elements])
    if sum(e[0] for e in elements[start:end + 1] if e[0] > 0) < MIN_BLOCK_WORDS:
        return None
    return elements[start][1], elements[end][1]


def is_running_text(line: str, w: list[str], stop: frozenset[str]) -> bool:
    """Running text: a sentence of three words or more, or a line of twenty words or
    more with function words in it (a paragraph whose final stop was lost). Headlines,
    however long, end without a stop and are not running text."""
    return _running(line, len(w), lambda share: _function_share(w, stop) >= share)


def _running(line: str, n: int, has_share) -> bool:
    """:func:`is_running_text` of a line of ``n`` words; ``has_share(x)`` says whether at
    least the share ``x`` of them are function words."""
    if line.startswith(_LIST_MARKERS):
        # a bulleted line is running text only as a full sentence
        return n >= 8 and ends_with_full_stop(line) and has_share(0.1)
    if n >= 3 and ends_sentence(line):
        # the share is worked out once: a sentence below 0.1 is below 0.2 too
        return has_share(0.1)
    return n >= LONG_LINE_WORDS and has_share(0.2)


def _function_share(w: list[str], stop: frozenset[str]) -> float:
    """The share of the words ``w`` that are function words (lower-cased, in ``stop``)."""
    return sum(map(stop.__contains__, map(str.lower, w))) / len(w)


class LineMemo:
    """What the filters work out about a line's text, remembered for one document.

    The layout scores every kept line in each of its passes, the sidebar asks again and
    again whether the lines ahead of it are prose, and the article's words, the headline
    and the repeated lines ask about the same lines; a line's words, score, content
    words, key and prose test depend on its text and the stop words only, so each text
    is worked out once per document. The memo lives in ``doc.cache`` and dies with the
    document: nothing is carried from one document to the next. The lists and sets it
    returns are shared: callers must not change them.
    """

    __slots__ = ("stop", "countable", "_frequent", "_words", "_counts", "_scores", "_content",
                 "_keys", "_prose")

    def __init__(self, stop: frozenset[str], countable: bool = False):
        self.stop = stop
        #: every line of the document has an ascii_form (see textutil.all_countable)
        self.countable = countable
        self._frequent = _frequent(stop)
        self._words: dict[str, list[str]] = {}
        self._counts: dict[str, int] = {}
        self._scores: dict[str, float] = {}
        self._content: dict[str, set[str]] = {}
        self._keys: dict[str, str] = {}
        self._prose: dict[str, bool] = {}

    def words(self, line: str) -> list[str]:
        """:func:`words` of ``line`` (shared: do not change it). Scores and content
        words of a line both start from its words: they are split out once."""
        w = self._words.get(line)
        if w is None:
            w = self._words[line] = words(line)
        return w

    def count(self, line: str) -> int:
        """``len(words(line))``, counted without splitting the words out where it can be
        (see :func:`~cleantext.textutil.count_words`)."""
        n = self._counts.get(line)
        if n is None:
            w = self._words.get(line)
            if w is not None:
                n = len(w)
            else:
                form = ascii_form(line, self.countable)
                n = count_words(form) if form is not None else len(self.words(line))
            self._counts[line] = n
        return n

    def key(self, line: str) -> str:
        """:func:`key` of ``line`` (the repeated-line check asks for it in every pass)."""
        k = self._keys.get(line)
        if k is None:
            k = self._keys[line] = key(line)
        return k

    def score(self, line: str) -> float:
        """:func:`line_score` of ``line``."""
        s = self._scores.get(line)
        if s is None:
            s = self._scores[line] = self._score(line)
        return s

    def _score(self, line: str) -> float:
        """:func:`line_score`, from the line's word count, and from its words only when the
        most frequent function words do not settle its share of them."""
        form = ascii_form(line, self.countable)
        n = self._counts.get(line)
        if n is None:
            n = self._counts[line] = count_words(form) if form is not None else len(self.words(line))
        if not n:
            return _short_cost(line)

        def has_share(share: float) -> bool:
            if (form is not None and self._frequent
                    and count_some(form, self._frequent, _least(n, share))):
                return True
            return _function_share(self.words(line), self.stop) >= share

        return float(n) if _running(line, n, has_share) else _short_cost(line)

    def prose(self, line: str) -> bool:
        """:func:`~cleantext.textutil.is_prose` of ``line``."""
        p = self._prose.get(line)
        if p is None:
            p = self._prose[line] = prose_of(line, self.count(line))
        return p

    def content(self, line: str) -> set[str]:
        """:func:`content_words` of ``line`` (shared: do not change it)."""
        c = self._content.get(line)
        if c is None:
            c = self._content[line] = content_words(line, self.stop, self._words.get(line))
        return c


#: Function words counted first, by :meth:`LineMemo.score`, where a line is ASCII text:
#: the most frequent in English news, so a few counts settle most lines' share.
FREQUENT = ("the", "of", "and", "to", "a", "in", "that", "for", "is", "on", "was", "with",
            "he", "it", "as", "at", "by", "his", "from", "be", "has", "have", "are", "an")

@lru_cache(maxsize=8)
def _frequent(stop: frozenset[str]) -> list[bytes]:
    """The FREQUENT words that are in ``stop``, as :func:`~cleantext.textutil.count_some`
    looks for them (a word list: the same for every document)."""
    return [b" %s " % x.encode() for x in FREQUENT if x in stop]


def _least(n: int, share: float) -> int:
    """The fewest of ``n`` words that make at least ``share`` of them, as
    ``_function_share`` divides: ``k / n >= share``."""
    k = math.ceil(share * n)  # in exact arithmetic; the float division may round
    while k > 0 and (k - 1) / n >= share:
        k -= 1
    while k / n < share:
        k += 1
    return k


def line_memo(doc: Document, stop: frozenset[str]) -> LineMemo:
    """The document's :class:`LineMemo` for the stop words ``stop`` (a new one when
    ``stop`` differs from the words the memo was made with)."""
    memo = doc.cache.get("line_memo")
    if memo is None or (memo.stop is not stop and memo.stop != stop):
        memo = doc.cache["line_memo"] = LineMemo(stop, all_countable(doc.others))
    return memo


def article_words(doc: Document, stop: frozenset[str],
                  block: tuple[int, int] | None | object = ...) -> ArticleWords:
    """The content words of the article's opening: its first ``CONTEXT_LINES`` prose
    lines, counted from the start of the main block (the first prose lines of the page
    may be a cookie notice or a teaser), as an :class:`ArticleWords`. Worked out once
    per document, with the lines removed at the time of the first call.

    ``block``, when given, is what :func:`main_block` returns for the document as it
    stands, with the ``removed_cost`` in ``doc.cache`` (REMOVED_COST when none): the
    layout's pass has just worked it out and passes it on rather than have it found
    again."""
    cached = doc.cache.get("article_words")
    if cached is not None:
        return cached
    if block is ...:
        block = main_block(doc, stop, doc.cache.get("removed_cost", REMOVED_COST))
    found = doc.cache["article_words"] = _opening_words(doc, stop, block)
    return found


def _opening_words(doc: Document, stop: frozenset[str],
                   block: tuple[int, int] | None) -> ArticleWords:
    """:func:`article_words` of ``block``, worked out now from the lines kept now."""
    found = ArticleWords(stop)
    if block is not None:
        memo = line_memo(doc, stop)
        taken = 0
        for i in range(block[0], block[1] + 1):
            line = doc.lines[i]
            if line and doc.removed[i] is None and memo.score(line) > 0:
                if "\u0130" in line or "\u03a3" in line:
                    found.words |= memo.content(line)
                else:
                    found.lines.append(doc.lower[i])
                taken += 1
                if taken >= CONTEXT_LINES:
                    break
    return found


class ArticleWords:
    """The content words of the article's opening lines (see :func:`article_words`),
    asked one word at a time: ``word in words``, ``words.shared(some_words)``.

    The opening lines are long paragraphs and the words asked about are few (those of a
    headline, a repeated line), so rather than split each paragraph into its words, each
    word asked about is looked for in the paragraphs: a content word (a lower-cased
    word of :func:`~cleantext.textutil.words`, longer than two characters, not a stop
    word) is one of a paragraph's exactly when it stands in the lower-cased paragraph as
    a whole word. It is a word's own characters (a letter, a digit or _ first and last,
    single joiners ' ’ . - between them), so it stands there as a whole word when no
    word character stands right next to it, nor a joiner with a word character beyond
    it: there it is one of the words that :func:`words` finds. (Lower-casing a line
    changes no character's kind and lower-cases each word as lower-casing the word
    alone would, except for U+0130, whose lower case is two characters, and the final
    sigma, whose lower case depends on the characters around it: a paragraph with
    either has its words split out, in ``words``.)
    """

    __slots__ = ("stop", "lines", "words", "_known")

    def __init__(self, stop: frozenset[str]):
        self.stop = stop
        #: the lower-cased paragraphs whose words are looked for in them
        self.lines: list[str] = []
        #: the content words of the other paragraphs
        self.words: set[str] = set()
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = (
                word in self.words
                or (len(word) > 2 and word not in self.stop and word == word.lower()
                    and _WHOLE_WORD_RE.fullmatch(word) is not None
                    and any(_holds_word(line, word) for line in self.lines)))
        return known

    def shared(self, words) -> int:
        """How many of ``words`` (a set of content words) are among them."""
        return sum(map(self.__contains__, words))

    def any_of(self, words) -> bool:
        """True when one of ``words`` is among them."""
        return any(map(self.__contains__, words))


#: What a word of textutil.words() is (its characters; the tests hold the two together).
_WHOLE_WORD_RE = re.compile(r"\w+(?:['\u2019.\-]\w+)*")
_JOINERS = "'\u2019.-"


def _is_word_char(c: str) -> bool:
    """What \\w matches in a str pattern."""
    return c.isalnum() or c == "_"


def _holds_word(text: str, word: str) -> bool:
    """True when ``word`` (a whole word of :func:`words`) is one of the words of
    ``text``: it stands there with no word character next to it, nor a joiner with a
    word character beyond it (see :class:`ArticleWords`)."""
    n = len(text)
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if ((at == 0 or not (_is_word_char(text[at - 1])
                             or (text[at - 1] in _JOINERS and at >= 2 and _is_word_char(text[at - 2]))))
                and (end == n or not (_is_word_char(text[end])
                                      or (text[end] in _JOINERS and end + 1 < n
                                          and _is_word_char(text[end + 1]))))):
            return True
        at = text.find(word, at + 1)
    return False


def headline_score(line: str, context: ArticleWords | set[str], stop: frozenset[str],
                   memo: LineMemo | None = None) -> int:
    """How many of the article's words a headline-shaped line shares (0 when it is not
    headline-shaped or shares too few: two, or one for a line of one or two content
    words). ``memo``, the document's :func:`line_memo` for ``stop``, saves working out
    the line's content words again."""
    if (not looks_like_title(line, n=memo.count(line) if memo is not None else None)
            or line.startswith(_LIST_MARKERS) or _is_numbered(line)):
        return 0
    mine = memo.content(line) if memo is not None else content_words(line, stop)
    shared = context.shared(mine) if isinstance(context, ArticleWords) else len(mine & context)
    return shared if mine and shared >= min(2, len(mine)) else 0


def _is_numbered(line: str) -> bool:
    head, _, _ = line.partition(" ")
    return len(head) <= 3 and head[:-1].isdigit() and head[-1:] in ".)"


def _best_segment(scores: list[float]) -> tuple[int, int, float]:
    """The contiguous stretch with the largest sum (Kadane's algorithm): (start, end,
    total), end inclusive. Ties keep the earliest, shortest stretch."""
    best = (0, -1, 0.0)
    run_start, run = 0, 0.0
    for i, s in enumerate(scores):
        if run <= 0:
            run_start, run = i, s
        else:
            run += s
        if run > best[2]:
            best = (run_start, i, run)
    return best
