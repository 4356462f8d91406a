"""From an HTML page to the plain text cleantext cleans: extraction with trafilatura.

cleantext cleans text; pages arrive as HTML. :func:`html_to_text` runs trafilatura with
settings chosen for *recall*, because the two tools split the work: trafilatura finds
the article's region of the page, cleantext takes the furniture out of it. Whatever the
extractor drops is lost for good, while a leftover line of boilerplate is exactly what
the cleaner is for, so the extractor is asked to keep the whole article even at the cost
of some boilerplate:

- ``favor_recall=True``: keep more text when unsure;
- no comments (reader comments are not the article), no images, no links, no
  formatting marks (markdown ``##`` or ``**`` would hide headings from the filters);
- tables kept (they can be part of the story);
- one block (heading, paragraph, list item) per line, blocks separated by a blank line,
  the shape scraped article text has and the filters expect;
- the page's title, from trafilatura's metadata, returned beside the text so that it can
  be passed to the pipeline as the ``title=`` hint.

>>> text, title = html_to_text("<html><head><title>Rain at last</title></head><body>"
...     "<article><h1>Rain at last</h1><p>It rained in the valley on Monday.</p>"
...     "<p>Share this article</p></article></body></html>")
>>> title
'Rain at last'
>>> clean_html("<html><body><article><p>It rained in the valley on Monday.</p>"
...     "<p>Share this article</p></article></body></html>")
'It rained in the valley on Monday.\\n'
"""

from __future__ import annotations

from .document import Result
from .errors import CleantextError
from .pipeline import Pipeline, default_pipeline

#: trafilatura options used by :func:`html_to_text` (see the module docstring for why)
EXTRACT_OPTIONS = {
    "favor_recall": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
    "with_metadata": True,
}


class ExtractorError(CleantextError):
    """trafilatura, which extracts text from HTML, cannot be imported: a broken
    installation, not a problem with the page."""


def load_extractor():
    """The trafilatura module, imported on first use (plain-text users should not pay
    for it), or an :class:`ExtractorError` that says what is missing."""
    try:
        import trafilatura
    except ImportError as exc:
        raise ExtractorError(f"HTML extraction needs trafilatura, which cannot be "
                             f"imported ({exc}); reinstall cleantext with its "
                             "dependencies") from None
    return trafilatura


def html_to_text(html: str | bytes, *, url: str | None = None) -> tuple[str, str | None]:
    """Extract the article text and title of an HTML page: ``(text, title)``.

    ``html`` may be bytes, in which case trafilatura works out the page's encoding.
    ``url``, when known, helps trafilatura's metadata. The text has one block a line,
    blocks separated by blank lines; it is ``""`` for an empty page. When trafilatura
    finds no article at all, the text of the whole page is returned instead (recall
    first: the cleaner can still remove what it recognizes). ``title`` is None when the
    page has none.
    """
    trafilatura = load_extractor()
    if not html or (isinstance(html, str) and not html.strip()):
        return "", None
    doc = trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    if doc is None:
        return _blocks(trafilatura.html2txt(html)), None
    return _blocks(doc.text or ""), (doc.title or None)


def _blocks(text: str) -> str:
    """One block a line, blank lines between blocks (and no empty blocks)."""
    return "\n\n".join(line for line in (s.strip() for s in text.splitlines()) if line)


def run_html(html: str | bytes, pipeline: Pipeline | None = None, *,
             title: str | None = None, url: str | None = None) -> Result:
    """Extract an HTML page's text and clean it: the :class:`Result` of
    ``pipeline.run(text, title=...)``. A ``title`` given here wins over the page's own."""
    text, found = html_to_text(html, url=url)
    return (pipeline or default_pipeline()).run(text, title=title or found)


def clean_html(html: str | bytes, pipeline: Pipeline | None = None, *,
               title: str | None = None, url: str | None = None) -> str:
    """Extract an HTML page's text and clean it; the article text only."""
    text, found = html_to_text(html, url=url)
    return (pipeline or default_pipeline()).clean(text, title=title or found)
