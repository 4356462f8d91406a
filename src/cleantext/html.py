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
- the page's title, returned beside the text so that it can be passed to the pipeline
  as the ``title=`` hint: the title trafilatura's metadata gives (see :func:`page_title`),
  worked out without the rest of the metadata, whose date and author searches took
  about 60% of the extraction's time (0.27 of 0.43 s per MB of the benchmark's pages).

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

from html import unescape

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
    "with_metadata": False,  # only the title is needed: see page_title
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
    # the page is parsed once, for the title and the text (trafilatura extracts from a
    # copy of a tree it is given); a page that does not parse here goes to trafilatura
    # as it came, which then finds no article in it either
    tree = _load_html(html)
    page = html if tree is None else tree
    try:
        title = page_title(page)
    except Exception:  # the title is only a hint: a page trafilatura cannot title has none
        title = None
    doc = trafilatura.bare_extraction(page, url=url, **EXTRACT_OPTIONS)
    if doc is None:
        return _blocks(trafilatura.html2txt(html)), None
    return _blocks(doc.text or ""), title


def _load_html(html: str | bytes):
    """The page's tree as trafilatura's extraction parses it (with the same limit on a
    compressed page's size), or None where it cannot be parsed that way."""
    try:
        from trafilatura.settings import DEFAULT_CONFIG
        from trafilatura.utils import load_html

        return load_html(html, DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE"))
    except Exception:  # noqa: BLE001 - trafilatura is then given the page itself
        return None


def page_title(html) -> str | None:
    """The title of an HTML page (its text, or its tree as trafilatura parses it) as
    trafilatura's metadata gives it, or None: the title in the page's meta tags, else in
    its JSON-LD, else its ``<title>`` or ``<h1>``, with entities decoded and white space
    tidied, in trafilatura's own functions and order (``tests/test_html.py`` holds the
    two together), and none of the rest of the metadata. With a trafilatura that lacks
    those functions, its whole metadata."""
    trafilatura = load_extractor()
    try:
        from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
        from trafilatura.utils import line_processing, load_html
    except ImportError:
        found = trafilatura.extract_metadata(html)
        return (found.title or None) if found is not None else None
    tree = load_html(html)
    if tree is None:
        return None
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # as trafilatura does: a page's broken JSON-LD is no title
        pass
    title = meta.title or extract_title(tree)
    if not title:
        return None
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE - 1] + "\u2026"
    return line_processing(unescape(title)) or None


#: trafilatura cuts metadata fields longer than this, ending them with "…"
MAX_TITLE = 10000


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
