"""The filter protocol, and the filter that applies a family's pattern rules."""

from __future__ import annotations

from ..document import Document
from ..patterns import DEFAULT_TIMEOUT, Hit, Matcher, PatternSet, Rule, builtin_patterns


class Filter:
    """A step of a pipeline: it marks lines or spans of a :class:`Document` as removed.

    A subclass sets ``name`` (the key in the filter registry, in ``Pipeline.without()``,
    in ``--without`` and in every :class:`Removal` it makes) and implements
    :meth:`mark`. A filter never edits text; it calls ``doc.remove_line`` and
    ``doc.remove_span``.
    """

    name: str = ""

    def mark(self, doc: Document) -> None:
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        self.mark(doc)
        return doc

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class PatternFilter(Filter):
    """Removes what the rules of one family match: whole lines for ``line`` and ``region``
    rules, from the start of the match to the end of the line for ``span`` rules.

    Subclasses add context (what follows a region heading, what a title says) by
    overriding :meth:`apply`.

    Args:
        family: the family whose rules to apply; also the filter's name unless ``name``
            is given.
        patterns: where the rules come from (default: the packaged pattern files).
        languages: the rule languages to use; None for all.
    """

    #: the last set of scanned rule ids found to hold all of this filter's (see hits())
    _covered: frozenset[str] | None = None

    def __init__(self, family: str | None = None, *, patterns: PatternSet | None = None,
                 languages: tuple[str, ...] | None = ("en",), name: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT):
        family = family or self.name
        self.family = family
        self.name = name or family
        self.patterns = patterns if patterns is not None else builtin_patterns()
        self.languages = tuple(languages) if languages is not None else None
        self.rules: tuple[Rule, ...] = tuple(self.patterns.rules(family, self.languages))
        self.rule_ids = frozenset(r.id for r in self.rules)
        self.timeout = timeout
        self._matcher: Matcher | None = None

    @property
    def matcher(self) -> Matcher:
        """The filter's own matcher, built when first needed: in a pipeline, the
        pipeline's shared scan finds this filter's hits and it is never used."""
        if self._matcher is None:
            self._matcher = Matcher(self.rules, self.timeout)
        return self._matcher

    def words(self, name: str) -> frozenset[str]:
        """A word list from this family's pattern files (``[lists]``)."""
        return self.patterns.words(self.family, name, self.languages)

    def hits(self, doc: Document) -> list[Hit]:
        """This filter's hits in ``doc``: taken from the document's shared scan when the
        pipeline made one that covers these rules, else scanned now."""
        if doc.hits is not None and (doc.scanned is self._covered or self.rule_ids <= doc.scanned):
            # (the pipeline's scan covers the same rules in every document: the test is
            # made once for each set of rules scanned, which is kept, so never freed)
            self._covered = doc.scanned
            found = doc.hits.get(self.family)
            return [h for h in found if h.rule.id in self.rule_ids] if found else []
        hits, timeouts = self.matcher.scan(doc.lines, doc.lower)
        doc.timeouts.extend(timeouts)
        return hits.get(self.family, [])

    def mark(self, doc: Document) -> None:
        for hit in self.hits(doc):
            self.apply(doc, hit)

    def apply(self, doc: Document, hit: Hit) -> None:
        """Act on one hit. The default removes the line, or for a span rule the text
        from the hit to the end of the line."""
        if hit.rule.scope == "span":
            doc.remove_span(hit.line, hit.start, hit.end, self.name, self.family, hit.rule.id)
        else:
            doc.remove_line(hit.line, self.name, self.family, hit.rule.id)
