"""HTML input: the title hint comes out as trafilatura's metadata would give it, without
the rest of the metadata (see cleantext.html.page_title)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.html import EXTRACT_OPTIONS, html_to_text, page_title
from conftest import ROOT

trafilatura = pytest.importorskip("trafilatura")

BODY = ("<article>{heading}<p>The council voted on Monday to rebuild the sea wall that "
        "the winter storms broke, after three years of arguing about who should pay.</p>"
        "<p>Work starts in the spring and should take eighteen months, the mayor said, "
        "and the harbour stays open while it goes on.</p></article>")


def _with_metadata(html):
    """The (text, title) of trafilatura's extraction with all of its metadata."""
    doc = trafilatura.bare_extraction(html, **dict(EXTRACT_OPTIONS, with_metadata=True))
    return None if doc is None else (doc.text, doc.title or None)


def _page(head: str, heading: str = "<h1>Harbour town votes to rebuild its sea wall</h1>") -> str:
    return f"<html><head>{head}</head><body>{BODY.format(heading=heading)}</body></html>"


PAGES = [
    # meta tags first
    _page('<meta property="og:title" content="Sea wall: the vote">'
          "<title>Sea wall | Herald</title>"),
    _page('<meta name="twitter:title" content="Caf&eacute; closes for the storm">'),
    # then JSON-LD (whole, and broken)
    _page('<script type="application/ld+json">'
          + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                        "headline": "Town &amp; sea wall"})
          + "</script><title>Other title</title>", heading=""),
    _page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
          "<title>After broken JSON-LD</title>", heading=""),
    # then the page's one <h1>, or its <title>: entities, white space, a site name
    _page("", heading="<h1>Only a heading here</h1>"),
    _page("<title>  Rebuild   the\n wall &amp; the pier | The Herald </title>", heading=""),
    _page("<title>Rebuild &quot;the&quot; wall</title>", heading="<h1>One</h1><h1>Two</h1>"),
    # a title longer than trafilatura keeps
    _page(f"<title>{'Long ' * 2500}</title>", heading=""),
    _page("", heading=""),
]


@pytest.mark.parametrize("html", PAGES + [(ROOT / "tests" / "data" / "page.html").read_text()])
def test_the_title_is_the_one_trafilaturas_metadata_gives(html):
    full = _with_metadata(html)
    assert full is not None
    assert html_to_text(html) == ("\n\n".join(line.strip() for line in full[0].splitlines()
                                              if line.strip()), full[1])
    assert page_title(html.encode("utf-8")) == full[1]


@st.composite
def pages(draw):
    """A page whose title may come from meta tags, JSON-LD, <title> or <h1>, with
    entities, odd white space and non-ASCII letters."""
    words = st.sampled_from(["Harbour", "sea", "wall", "vote", "&amp;", "caf\u00e9", "&quot;",
                             "\u00a0", "  ", "\n", "Zo\u00eb", "&#x27;", "pier", "|", "Herald"])
    text = st.lists(words, min_size=0, max_size=8).map(" ".join)
    head = []
    if draw(st.booleans()):
        head.append(f'<meta property="og:title" content="{draw(text)}">')
    if draw(st.booleans()):
        head.append('<script type="application/ld+json">'
                    + json.dumps({"@type": "NewsArticle", "headline": draw(text)}) + "</script>")
    if draw(st.booleans()):
        head.append(f"<title>{draw(text)}</title>")
    heading = draw(st.sampled_from(["", "<h1>{}</h1>", "<h1>{}</h1><h1>{}</h1>", "<h2>{}</h2>"]))
    return _page("".join(draw(st.permutations(head))),
                 heading=heading.format(draw(text), draw(text)))


@settings(max_examples=150, deadline=None)
@given(pages())
def test_the_title_of_any_page_is_the_one_trafilaturas_metadata_gives(html):
    full = _with_metadata(html)
    if full is None:
        assert html_to_text(html)[1] is None
    else:
        assert page_title(html) == full[1]


def test_a_page_is_parsed_once_for_its_text_and_its_title(monkeypatch):
    """The title and the text come from one parse of the page (a second parse was about a
    tenth of the time html_to_text takes on a news page). trafilatura's extraction
    parses pieces of the page again on its own: only parses of the whole page count."""
    import trafilatura.utils

    parses = []
    real = trafilatura.utils.fromstring

    def counted(markup, *args, **kwargs):
        if "<head>" in (markup.decode("utf-8", "replace") if isinstance(markup, bytes) else markup):
            parses.append(markup[:20])
        return real(markup, *args, **kwargs)

    monkeypatch.setattr(trafilatura.utils, "fromstring", counted)
    text, title = html_to_text(PAGES[0])
    assert title == "Sea wall: the vote"
    assert text.startswith("Harbour town votes to rebuild its sea wall\n\nThe council voted")
    assert len(parses) == 1, parses
