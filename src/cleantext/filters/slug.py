"""Slug text: URL slugs and image file names, and the lower-cased run of a headline's
words (stop words dropped) that some sites print as an image's alt text."""

from __future__ import annotations

import math

from ..document import Document
from ..textutil import words
from .base import PatternFilter
from .title import find_title

#: How many of the title's content words, in order, a lower-case line must start with.
MIN_TITLE_WORDS = 4
#: ... and which share of them.
MIN_TITLE_SHARE = 0.75


class SlugFilter(PatternFilter):
    """The family's pattern rules (hyphenated slugs, file names), plus a context rule:
    a line without capital letters that starts with the title's content words, in order.

    The context rule needs a title (see :func:`find_title`); the stop words it drops
    come from the ``stopwords`` list of the slug pattern files.
    """

    name = "slug"
    RULES = {"slug.title_words": "a lower-case line that starts with the title's content words"}

    def mark(self, doc: Document) -> None:
        super().mark(doc)
        t = find_title(doc)
        if t < 0:
            return
        stop = self.words("stopwords")
        wanted = [w for w in (x.lower() for x in words(doc.lines[t])) if w not in stop]
        if len(wanted) < MIN_TITLE_WORDS:
            return
        need = max(MIN_TITLE_WORDS, math.ceil(MIN_TITLE_SHARE * len(wanted)))
        for j, line in enumerate(doc.lines):
            if j == t or not line or doc.removed[j] is not None or line != doc.lower[j]:
                continue
            got = words(line)
            run = 0
            for a, b in zip(got, wanted):
                if a != b:
                    break
                run += 1
            if run >= need:
                doc.remove_line(j, self.name, "slug", "slug.title_words")
