"""The pipeline: normalization, then filters in order, then rendering."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .document import Document, Removal, Result
from .errors import ConfigError, UnknownFilterError
from .filters import FILTERS, Filter, PatternFilter
from .normalize import NormalizeConfig, normalize_lines, normalize_text
from .patterns import DEFAULT_TIMEOUT, Matcher, PatternSet, builtin_patterns, load_files

#: run_many and clean_many clean this many documents at a time, filter by filter: the
#: gain of cleaning them together is there from a few documents on (16 and 64 are alike)
MANY_AT_ONCE = 32

BYTES_ERROR = (
    "cleantext cleans text (str), not bytes; decode it first, for instance "
    "data.decode('utf-8', errors='replace')"
)


class Pipeline(Filter):
    """An ordered list of filters, itself usable as a filter.

    >>> p = Pipeline.default().without("caption")
    >>> "caption" in p.names
    False
    >>> p.clean("A short article.\\n\\nBy Jane Doe\\n")
    'A short article.\\n'

    Args:
        filters: filter names (see ``cleantext.FILTERS``) and filter objects, in order;
            None for the default pipeline.
        patterns: pattern files (paths) or a loaded ``PatternSet`` to use *as well as*
            the packaged ones. Rules of a family the pipeline has a filter for go to that
            filter; a new family gets a filter of its own, at the end.
        languages: rule languages to apply (``"*"`` rules always apply); None for all.
        normalize: how text is normalized before filtering (``NormalizeConfig``).
        straighten_quotes: shortcut for ``normalize=NormalizeConfig(straighten_quotes=True)``.
        timeout: seconds a pattern may spend on one document before it is skipped
            (and on each example of ``patterns`` when they are loaded; a rule that runs
            out of time on its own example is refused).
    """

    name = "pipeline"

    def __init__(
        self,
        filters: Iterable[str | Filter] | None = None,
        *,
        patterns: PatternSet | Iterable[str | Path] | None = None,
        languages: Iterable[str] | None = ("en",),
        normalize: NormalizeConfig | None = None,
        straighten_quotes: bool | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ):
        if isinstance(filters, (str, Filter)):
            filters = [filters]
        if normalize is None:
            normalize = NormalizeConfig()
        if straighten_quotes is not None:
            normalize = NormalizeConfig(normalize.repair, straighten_quotes, normalize.normalization)
        if not isinstance(normalize, NormalizeConfig):
            raise ConfigError(f"normalize must be a NormalizeConfig, not {type(normalize).__name__}")
        if not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ConfigError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self.normalize = normalize
        self.timeout = float(timeout)
        self.languages = tuple(languages) if languages is not None else None
        if isinstance(languages, str):
            self.languages = (languages,)
        if patterns is None:
            self.extra = PatternSet()
        elif isinstance(patterns, PatternSet):
            self.extra = patterns
        else:
            self.extra = load_files(list(patterns) if not isinstance(patterns, (str, Path)) else [patterns],
                                    self.timeout)
        self.pattern_set = builtin_patterns() + self.extra

        built = [self._build(f) for f in (FILTERS if filters is None else filters)]
        served = {f.family for f in built if isinstance(f, PatternFilter)}
        for family in self.extra.families:
            if family not in served:
                built.append(PatternFilter(family, patterns=self.pattern_set,
                                           languages=self.languages, timeout=self.timeout))
        names = [f.name for f in built]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(f"filter name(s) {dupes} appear more than once in the pipeline")
        self.filters: tuple[Filter, ...] = tuple(built)
        self._compile()

    def _build(self, spec: str | Filter) -> Filter:
        if isinstance(spec, Filter):
            return spec
        if not isinstance(spec, str):
            raise ConfigError(f"a filter is a name or a Filter object, not {type(spec).__name__}")
        cls = FILTERS.get(spec)
        if cls is None:
            raise UnknownFilterError(spec, list(FILTERS))
        if issubclass(cls, PatternFilter):
            return cls(patterns=self.pattern_set, languages=self.languages, timeout=self.timeout)
        return cls()

    def _compile(self) -> None:
        rules = [r for f in self.filters if isinstance(f, PatternFilter) for r in f.rules]
        self._rule_ids = frozenset(r.id for r in rules)
        self._matcher = Matcher(rules, self.timeout)
        # each filter, with its family when it only acts on that family's hits
        # (PatternFilter.mark as it is): it has nothing to do in a document without one
        self._steps = (self.filters, tuple((f, f.family if _hits_only(f) else None)
                                           for f in self.filters))

    @classmethod
    def default(cls, **options) -> Pipeline:
        """The default pipeline: every filter in ``cleantext.FILTERS``, in order."""
        return cls(None, **options)

    @property
    def names(self) -> list[str]:
        """The names of the filters, in order."""
        return [f.name for f in self.filters]

    def _options(self) -> dict:
        return {"patterns": self.extra, "languages": self.languages,
                "normalize": self.normalize, "timeout": self.timeout}

    def without(self, *names: str) -> Pipeline:
        """A copy of this pipeline without the named filters."""
        unknown = [n for n in names if n not in self.names]
        if unknown:
            raise UnknownFilterError(unknown[0], self.names)
        kept = [f for f in self.filters if f.name not in names]
        copy = type(self)(kept, **self._options())
        # a family of the extra pattern files would come back with a filter of its own
        copy.filters = tuple(f for f in copy.filters if f.name not in names)
        copy._compile()
        return copy

    def with_filters(self, *filters: str | Filter, before: str | None = None,
                     after: str | None = None) -> Pipeline:
        """A copy of this pipeline with more filters: at the end, or just before or after
        the named filter."""
        if before is not None and after is not None:
            raise ConfigError("give before= or after=, not both")
        anchor = before if before is not None else after
        current = list(self.filters)
        if anchor is None:
            at = len(current)
        elif anchor in self.names:
            at = self.names.index(anchor) + (1 if after is not None else 0)
        else:
            raise UnknownFilterError(anchor, self.names)
        added = [self._build(f) for f in filters]
        return type(self)(current[:at] + added + current[at:], **self._options())

    def document(self, text: str, title: str | None = None) -> Document:
        """Normalize ``text`` into a :class:`Document` ready for filtering."""
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                raise TypeError(BYTES_ERROR)
            raise TypeError(f"cleantext cleans str, not {type(text).__name__}")
        hint = None
        if title:
            hint = " ".join(normalize_text(title, self.normalize)) or None
        lines, others = normalize_lines(text, self.normalize)
        return Document(lines, title_hint=hint, others=others)

    def mark(self, doc: Document) -> None:
        """Run every filter on ``doc`` (this is what makes a pipeline usable as a filter)."""
        self._scan(doc)
        hits = doc.hits
        for f, family in self._plan():
            if family is None or (hits and hits.get(family)):
                f.mark(doc)

    def mark_many(self, docs: list[Document]) -> list[Exception | None]:
        """:meth:`mark` on each of ``docs`` (each document once), filter by filter: each
        filter runs on every document before the next filter starts. Each document ends
        as :meth:`mark` would leave it (documents share nothing), and the work goes
        faster on many documents: the rules scan all their lines in one pass (see
        :meth:`~cleantext.patterns.Matcher.scan_many`), and a filter's rules and tables
        stay in the processor's caches from one document to the next, where a document
        at a time evicts them (see the README's Throughput section).

        Returns, for each document, the exception a filter raised on it, or None. A
        document on which a filter raised goes no further; the others go on. (A pipeline
        whose ``mark`` is its own, from a subclass or set on the object, has it called
        on each document in turn.)
        """
        failed: list[Exception | None] = [None] * len(docs)
        if self._overrides("mark"):
            for k, doc in enumerate(docs):
                try:
                    self.mark(doc)
                except Exception as exc:  # noqa: BLE001 - handed back, for this document only
                    failed[k] = exc
            return failed
        found = [None] * len(docs)  # each document's hits after the scan, as mark() has them
        try:
            self._scan_many(docs)
        except Exception:  # noqa: BLE001 - each document is scanned on its own below,
            pass  # where what went wrong falls on the document it belongs to
        for k, doc in enumerate(docs):
            try:
                self._scan(doc)  # (nothing left to do where _scan_many scanned it)
                found[k] = doc.hits
            except Exception as exc:  # noqa: BLE001 - as above
                failed[k] = exc
        for f, family in self._plan():
            for k, doc in enumerate(docs):
                if failed[k] is None:
                    try:
                        hits = found[k]
                        if family is None or (hits and hits.get(family)):
                            f.mark(doc)
                    except Exception as exc:  # noqa: BLE001 - as above
                        failed[k] = exc
        return failed

    def _overrides(self, name: str) -> bool:
        """True when the method ``name`` of this pipeline is not Pipeline's own."""
        return _own(self, Pipeline, name)

    def _scan(self, doc: Document) -> None:
        """Find the hits of this pipeline's rules in ``doc``, unless they are there."""
        if self._unscanned(doc):
            self._record_scan(doc, *self._matcher.scan(doc.lines, doc.lower, doc.folded))

    def _unscanned(self, doc: Document) -> bool:
        """True when ``doc`` has not been scanned for all of this pipeline's rules."""
        return bool(self._rule_ids) and not self._rule_ids <= doc.scanned

    def _scan_many(self, docs: list[Document]) -> None:
        """:meth:`_scan` of each of ``docs``, in one pass over all their lines (see
        :meth:`~cleantext.patterns.Matcher.scan_many`)."""
        todo = [doc for doc in docs if self._unscanned(doc)]
        if todo:
            found = self._matcher.scan_many([(doc.lines, doc.lower, doc.folded) for doc in todo])
            for doc, (hits, timeouts) in zip(todo, found):
                self._record_scan(doc, hits, timeouts)

    def _record_scan(self, doc: Document, hits: dict, timeouts: list[str]) -> None:
        """Record a scan of ``doc`` for this pipeline's rules: its hits and time-outs."""
        doc.timeouts.extend(timeouts)
        if doc.hits is None:
            doc.hits = hits
        else:
            for family, found in hits.items():
                doc.hits.setdefault(family, []).extend(found)
        # (the pipeline's own set where the document had no scan before: the same
        # object in every document, which filters recognise, and no copy made)
        doc.scanned = doc.scanned | self._rule_ids if doc.scanned else self._rule_ids

    def _plan(self) -> tuple[tuple[Filter, str | None], ...]:
        """The filters to run, each with the family whose hits it needs (None: it runs
        on every document)."""
        made_for, steps = self._steps
        if made_for is not self.filters:  # (filters set since: each runs)
            steps = tuple((f, None) for f in self.filters)
        return steps

    def run(self, text: str, *, title: str | None = None) -> Result:
        """Clean ``text`` and explain: the clean text, every removal, the metadata.

        ``title``, when the caller knows it, helps find repeated titles and slugs.
        """
        doc = self.document(text, title)
        self.mark(doc)
        return doc.result()

    def clean(self, text: str, *, title: str | None = None) -> str:
        """Clean ``text`` and return the article text only."""
        doc = self.document(text, title)
        self.mark(doc)
        return doc.render()

    def run_many(self, texts: Iterable[str], *,
                 titles: Iterable[str | None] | None = None) -> list[Result]:
        """:meth:`run` on each of ``texts`` (with the title of the same place in
        ``titles``, when given): the same results, faster on many documents (see
        :meth:`mark_many`). Raises, as :meth:`run` does, on a text it cannot clean."""
        return [doc.result() for doc in self._mark_all(texts, titles)]

    def clean_many(self, texts: Iterable[str], *,
                   titles: Iterable[str | None] | None = None) -> list[str]:
        """:meth:`clean` on each of ``texts``, as :meth:`run_many` does.

        >>> Pipeline().clean_many(["A short article.\\n\\nBy Jane Doe", "Another one."])
        ['A short article.\\n', 'Another one.\\n']
        """
        return [doc.render() for doc in self._mark_all(texts, titles)]

    def _mark_all(self, texts, titles) -> Iterator[Document]:
        """The documents of ``texts``, cleaned :data:`MANY_AT_ONCE` at a time (so that a
        long list holds the working state of that many documents only)."""
        texts = list(texts)
        titles = [None] * len(texts) if titles is None else list(titles)
        if len(titles) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(titles)} titles")
        for i in range(0, len(texts), MANY_AT_ONCE):
            docs = [self.document(text, title) for text, title
                    in zip(texts[i:i + MANY_AT_ONCE], titles[i:i + MANY_AT_ONCE])]
            for exc in self.mark_many(docs):
                if exc is not None:
                    raise exc
            yield from docs

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["_matcher"], state["_rule_ids"], state["_steps"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._compile()

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"


def _hits_only(f: Filter) -> bool:
    """True for a filter that acts on its family's hits and nothing else: a PatternFilter
    whose mark() and hits() are PatternFilter's own."""
    return (isinstance(f, PatternFilter) and not _own(f, PatternFilter, "mark")
            and not _own(f, PatternFilter, "hits"))


def _own(obj: object, base: type, name: str) -> bool:
    """True when ``obj``'s method ``name`` is not ``base``'s: a subclass's, or one set on
    the object itself."""
    return (name in getattr(obj, "__dict__", ())
            or getattr(type(obj), name) is not getattr(base, name))


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The shared default pipeline behind :func:`cleantext.clean`."""
    return Pipeline.default()


def clean_many(texts: Iterable[str], *, titles: Iterable[str | None] | None = None) -> list[str]:
    """:func:`clean` on each of ``texts``, faster on many documents
    (:meth:`Pipeline.clean_many` of the default pipeline).

    >>> clean_many(["The visit was short.\\n\\nShare this article", "Rutte visits Kyiv"])
    ['The visit was short.\\n', 'Rutte visits Kyiv\\n']
    """
    return default_pipeline().clean_many(texts, titles=titles)


def clean(text: str, *, title: str | None = None) -> str:
    """Clean the plain text of a news article with the default pipeline.

    >>> clean("Rutte visits Kyiv\\n\\nThe visit was short.\\n\\nLeave the first comment")
    'Rutte visits Kyiv\\n\\nThe visit was short.\\n'
    """
    return default_pipeline().clean(text, title=title)


def replay(text: str, removed: Iterable[Removal], normalize: NormalizeConfig | None = None) -> str:
    """Apply a list of removals (``Result.removed``) to ``text`` without running any
    filter. ``replay(text, pipeline.run(text).removed) == pipeline.run(text).text``:
    the explanation is complete."""
    doc = Document(normalize_text(text, normalize or NormalizeConfig()))
    for r in removed:
        if r.start == 0 and r.end == len(doc.lines[r.line - 1]):
            doc.remove_line(r.line - 1, r.filter, r.family, r.rule)
        else:
            doc.remove_span(r.line - 1, r.start, r.end, r.filter, r.family, r.rule)
    return doc.render()
