"""Deterministic benchmark corpora, built from the seed articles (or a corpus you bring).

Why synthetic: the five seeds are the only news text the project can ship, and a throughput
figure needs megabytes. Each document is composed from the seeds' sentences, headlines and
boilerplate lines (titles, bylines, timestamps, "Read next" lists, donation appeals, captions,
comment prompts), with sizes drawn around those of real articles. Paragraphs are new
combinations of sentences, so nearly every body line is unique: a per-line cache in the
cleaner cannot make the benchmark look faster than real text would.

Everything is derived from a fixed random seed and the seed files, so two runs of the
benchmark on two machines clean exactly the same bytes.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = 20241003
GENERATOR_VERSION = 1  # bump when the composition changes: cached files are keyed on it
MB = 1_000_000
KB = 1_000

# Sizes of real news articles as plain text: most between 2 and 15 KB, median near 5 KB.
ARTICLE_MEDIAN_BYTES = 5_000
ARTICLE_MIN_BYTES = 2_000
ARTICLE_MAX_BYTES = 15_000

FIRST_NAMES = ["Anna", "Oleksandr", "Maria", "James", "Sofia", "Piotr", "Laura", "Daniel",
               "Ingrid", "Tomas", "Grace", "Mykola", "Elena", "David", "Aiko", "Kwame"]
LAST_NAMES = ["Kovalenko", "Smith", "Tamm", "Novak", "Brennan", "Okafor", "Lindqvist",
              "Moreau", "Petrenko", "Garcia", "Nakamura", "Walsh", "Kask", "Fischer"]
SITES = ["Baltic Ledger", "Kyiv Courier", "Northern Dispatch", "Capital Wire", "Harbour Post"]
AGENCIES = ["AP", "Reuters", "AFP", "Getty Images", "EPA"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STOP_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "as", "at", "and", "or", "is",
              "his", "her", "its", "with", "by", "from", "that", "this", "s"}

SIDEBAR_HEADINGS = ["Related:", "Read also:", "Read next", "Most read", "Related articles",
                    "You might also like", "More from {site}", "Latest news"]
PROMPTS = ["What is your opinion on this topic?", "Leave the first comment", "Share this article",
           "Sign up for our newsletter", "Follow us on Telegram", "Comments (12)",
           "Facebook Twitter LinkedIn Email"]
SHORT_APPEALS = ["Become a Patron!", "Support independent journalism. Donate today.",
                 "Subscribe now"]


@dataclass
class Block:
    """One line of an article: what it is (``kind``) and its text."""

    kind: str
    text: str


@dataclass
class Article:
    """A composed article, kept as blocks so it can be rendered as text or as a page."""

    blocks: list[Block]
    sep: str
    site: str
    title: str | None = None

    def text(self) -> str:
        return self.sep.join(b.text for b in self.blocks)


@dataclass
class SeedMaterial:
    """The building blocks found in the seed articles and their line labels."""

    sentences: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    standfirsts: list[str] = field(default_factory=list)
    appeals: list[list[str]] = field(default_factory=list)
    teasers: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @classmethod
    def load(cls, seeds: Path = SEEDS) -> SeedMaterial:
        labels = json.loads((seeds / "labels.json").read_text(encoding="utf-8"))
        m = cls()
        parts = []
        for name in sorted(labels):
            text = (seeds / name).read_text(encoding="utf-8")
            parts.append(text)
            lines = text.split("\n")
            appeal = []
            for entry in labels[name]:
                line = lines[entry["line"] - 1]
                m._take(entry.get("label"), entry.get("kind"), line, appeal)
            if appeal:
                m.appeals.append(appeal)
        m.fingerprint = _digest("\x00".join(parts) + json.dumps(labels, sort_keys=True))
        return m

    def _take(self, label: str, kind: str, line: str, appeal: list[str]) -> None:
        if label == "body" and kind == "paragraph":
            self.sentences.extend(split_sentences(line))
        elif label == "body" and kind == "title":
            self.headlines.append(line)
        elif label == "body" and kind == "heading":
            self.headings.append(line)
        elif label == "body" and kind == "standfirst":
            self.standfirsts.append(line)
        elif label == "boilerplate" and kind == "donation":
            appeal.append(line)
        elif label == "boilerplate" and kind == "sidebar" and len(line) > 60:
            self.teasers.append(line)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])")


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s]


_PEOPLE = re.compile(r"\b(?:Rutte|Zelenskyy|Zelensky|Michal|Karis|Tsahkna|Stoltenberg|Putin)\b")
_NUMBER = re.compile(r"\d+")


class Composer:
    """Composes articles from seed material with one random generator, deterministically."""

    def __init__(self, material: SeedMaterial, seed: int = SEED):
        self.m = material
        self.rng = random.Random(seed)

    # -- sizes and small parts ------------------------------------------------------------

    def article_size(self) -> int:
        """A size in bytes, log-normal around the median of real articles, clipped."""
        size = int(ARTICLE_MEDIAN_BYTES * math.exp(self.rng.gauss(0.0, 0.55)))
        return max(ARTICLE_MIN_BYTES, min(ARTICLE_MAX_BYTES, size))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def sentence(self) -> str:
        """A seed sentence, often with other names and numbers in it: the seeds have only
        about a hundred sentences, and real corpora do not repeat lines that often."""
        s = self.rng.choice(self.m.sentences)
        if self.rng.random() < 0.7:
            s = _PEOPLE.sub(lambda _: self.rng.choice(LAST_NAMES), s)
            s = _NUMBER.sub(lambda m: self.number(len(m.group())), s)
        return s

    def number(self, digits: int) -> str:
        return str(self.rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10**digits - 1))

    def paragraph(self) -> str:
        """One to four sentences; mostly two or more, so paragraphs rarely repeat."""
        n = 1 if self.rng.random() < 0.1 else self.rng.randint(2, 4)
        return " ".join(self.sentence() for _ in range(n))

    def headline(self) -> str:
        """A seed headline, or the opening words of a seed sentence, as headlines often are."""
        if self.rng.random() < 0.2:
            return self.rng.choice(self.m.headlines + self.m.headings)
        words = self.sentence().split()
        return " ".join(words[: self.rng.randint(5, 11)]).rstrip(",;:—–-“\"")

    def timestamp(self) -> str:
        r = self.rng
        day, month, year = r.randint(1, 28), r.randint(1, 12), r.choice([2023, 2024, 2025])
        hh, mm = r.randint(0, 23), r.randint(0, 59)
        return r.choice([
            f"{MONTHS[month - 1]} {day}, {year}\u00a0-\u00a0{hh:02d}:{mm:02d}",
            f"Published on {day:02d}/{month:02d}/{year} - {hh:02d}:{mm:02d}",
            f"{r.randint(2, 11)} hours ago",
            f"{r.randint(2, 9)} min read",
            f"Updated {MONTHS[month - 1]} {day}, {year} {hh % 12 + 1}:{mm:02d} pm ET",
        ])

    def byline(self) -> str:
        r = self.rng
        return r.choice([
            f"By {self.name()}",
            f"By {self.name()} and {self.name()}",
            f"Reporting by {self.name()}; Editing by {self.name()}",
            f"{self.name()} contributed to this report.",
            f"{self.name()}, Staff Writer",
        ])

    def caption(self) -> str:
        r = self.rng
        scene = " ".join(self.sentence().split()[: r.randint(4, 9)]).rstrip(",;:")
        return r.choice([
            f"Photo: {self.name()}/{r.choice(AGENCIES)}",
            f"{scene}. ({r.choice(AGENCIES)} Photo/{self.name()})",
            f"{scene}. REUTERS/{self.name()}",
            f"Image: {r.choice(AGENCIES)}",
        ])

    def slug(self, title: str) -> str:
        words = [w.strip("’'“”\".,:;!?()").lower() for w in title.split()]
        words = [w for w in words if w and w not in STOP_WORDS]
        if self.rng.random() < 0.5:
            return "-".join(words[:4])
        return " ".join(words + self.paragraph().lower().split()[:8])

    # -- regions ----------------------------------------------------------------------------

    def sidebar(self, site: str) -> list[Block]:
        """A "Read next" style list: a heading, then teasers under times or short labels."""
        r = self.rng
        blocks = [Block("sidebar", r.choice(SIDEBAR_HEADINGS).format(site=site))]
        for _ in range(r.randint(2, 5)):
            if r.random() < 0.6:
                blocks.append(Block("sidebar", f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"))
            else:
                blocks.append(Block("sidebar", self.headline()[:30]))
            teaser = r.choice(self.m.teasers) if r.random() < 0.3 else self.paragraph()
            blocks.append(Block("sidebar", teaser))
        return blocks

    def appeal(self) -> list[Block]:
        if self.rng.random() < 0.7 and self.m.appeals:
            return [Block("donation", t) for t in self.rng.choice(self.m.appeals)]
        return [Block("donation", self.rng.choice(SHORT_APPEALS))]

    def head(self, site: str) -> tuple[str | None, list[Block]]:
        r = self.rng
        blocks: list[Block] = []
        title = self.headline() if r.random() < 0.75 else None
        if title:
            blocks.append(Block("title", title))
        if r.random() < 0.5:
            standfirst = r.choice(self.m.standfirsts) if r.random() < 0.2 else self.sentence()
            blocks.append(Block("standfirst", standfirst))
        if r.random() < 0.7:
            blocks.append(Block("timestamp", self.timestamp()))
        if title and r.random() < 0.3:
            suffix = r.choice(["", f" - {site}", f" | {site}"])
            blocks.append(Block("duplicate_title", title + suffix))
        if title and r.random() < 0.3:
            blocks.append(Block("slug", self.slug(title)))
        if r.random() < 0.5:
            blocks.append(Block("byline", self.byline()))
        return title, blocks

    def tail(self, site: str) -> list[Block]:
        r = self.rng
        blocks: list[Block] = []
        if r.random() < 0.2:
            blocks.append(Block("byline", self.byline()))
        if r.random() < 0.5:
            blocks.extend(self.sidebar(site))
        if r.random() < 0.3:
            blocks.extend(self.appeal())
        if r.random() < 0.4:
            blocks.extend(Block("prompt", p) for p in r.sample(PROMPTS, r.randint(1, 2)))
        return blocks

    def body(self, budget: int) -> list[Block]:
        """Paragraphs, with headings, captions and inline "READ MORE" items, to ~budget bytes."""
        r = self.rng
        blocks: list[Block] = []
        used = 0
        while used < budget:
            roll = r.random()
            if roll < 0.06 and blocks:
                block = Block("heading", r.choice(self.m.headings + [self.headline()]))
            elif roll < 0.11:
                block = Block("caption", self.caption())
            elif roll < 0.13:
                block = Block("sidebar", f"READ MORE: {self.headline()}")
            else:
                block = Block("paragraph", self.paragraph())
            blocks.append(block)
            used += len(block.text.encode("utf-8")) + 2
        return blocks

    # -- whole articles ---------------------------------------------------------------------

    def article(self, size: int | None = None) -> Article:
        """An article of about ``size`` bytes (drawn from the real-article range if None)."""
        r = self.rng
        size = self.article_size() if size is None else size
        site = r.choice(SITES)
        title, head = self.head(site)
        tail = self.tail(site)
        fixed = sum(len(b.text.encode("utf-8")) + 2 for b in head + tail)
        body = self.body(max(size - fixed, 1))
        sep = r.choices(["\n\n", "\n", "\r\n"], weights=[60, 37, 3])[0]
        return Article(head + body + tail, sep, site, title)

    def long_line(self, nbytes: int) -> str:
        """One line of ``nbytes`` bytes: an article whose line breaks were lost."""
        parts, used = [], 0
        while used < nbytes:
            s = self.sentence()
            parts.append(s)
            used += len(s.encode("utf-8")) + 1
        return _cut_utf8(" ".join(parts), nbytes)


def _cut_utf8(text: str, nbytes: int) -> str:
    return text.encode("utf-8")[:nbytes].decode("utf-8", errors="ignore")


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def mojibake(text: str) -> str:
    """The text as a site that read UTF-8 as windows-1252 serves it (the usual mojibake)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


# -- HTML pages ---------------------------------------------------------------------------

_NAV = ["World", "Europe", "Ukraine", "Politics", "Business", "Technology", "Science",
        "Climate", "Opinion", "Sport", "Culture", "Travel", "Video", "Podcasts", "Newsletters"]
_FOOTER = ["About us", "Contact", "Careers", "Advertise", "Privacy policy", "Cookie settings",
           "Terms of use", "Accessibility", "Corrections", "RSS", "Archive", "Sitemap"]
_STYLE = ("body{font-family:Georgia,serif;margin:0}.nav a{padding:0 8px}"
          ".article p{line-height:1.6;max-width:680px}.related li{margin:4px 0}") * 6


def _tag(name: str, text: str, attrs: str = "") -> str:
    return f"<{name}{attrs}>{html.escape(text, quote=False)}</{name}>"


def html_page(article: Article, rng: random.Random) -> str:
    """Wrap an article in a realistic news page: head, nav, header, article, related list,
    donation box, footer and scripts, so ``--html`` and trafilatura see real page furniture."""
    site = article.site
    title = article.title or "News"
    nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in _NAV)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        _tag("title", f"{title} | {site}"),
        f'<meta name="description" content="{html.escape(title)}">',
        f"<style>{_STYLE}</style>",
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": title, "publisher": site}) + "</script>",
        "</head><body>",
        f'<header><a class="logo" href="/">{html.escape(site)}</a>'
        f'<nav class="nav"><ul>{nav}</ul></nav>'
        '<form class="search"><input name="q" placeholder="Search"></form></header>',
        '<main><article class="article">',
    ]
    parts.extend(_article_html(article, rng))
    parts.append("</article>")
    teasers = [b.text for b in article.blocks if b.kind == "paragraph"]
    related = "".join(
        f'<li><a href="/news/{rng.randrange(10**6)}">{html.escape(" ".join(t.split()[:12]))}'
        "</a></li>" for t in rng.sample(teasers, min(5, len(teasers))))
    parts.append(f'<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>')
    parts.append("</main>")
    foot = "".join(f'<li><a href="/{f.lower().replace(" ", "-")}">{f}</a></li>' for f in _FOOTER)
    year = rng.choice([2023, 2024, 2025])
    parts.append(f'<footer><ul class="links">{foot}</ul>'
                 f"<p>© {year} {html.escape(site)}. All rights reserved.</p></footer>")
    parts.append('<script>window.dataLayer=window.dataLayer||[];'
                 'function gtag(){dataLayer.push(arguments)}gtag("js",new Date());</script>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _article_html(article: Article, rng: random.Random) -> Iterator[str]:
    """The article's blocks as the tags a CMS would use for them."""
    in_list = False
    for b in article.blocks:
        if b.kind == "sidebar" and not in_list:
            yield '<div class="read-next"><ul>'
            in_list = True
        elif b.kind != "sidebar" and in_list:
            yield "</ul></div>"
            in_list = False
        if b.kind == "title":
            yield _tag("h1", b.text)
        elif b.kind == "standfirst":
            yield _tag("p", b.text, ' class="standfirst"')
        elif b.kind == "heading":
            yield _tag("h2", b.text)
        elif b.kind == "timestamp":
            yield _tag("time", b.text, ' datetime="2024-10-03T10:00:00Z"')
        elif b.kind == "byline":
            yield _tag("div", b.text, ' class="byline"')
        elif b.kind == "caption":
            yield (f'<figure><img src="/img/{rng.randrange(10**6)}.jpg" alt="">'
                   f"{_tag('figcaption', b.text)}</figure>")
        elif b.kind == "sidebar":
            yield _tag("li", b.text)
        elif b.kind == "donation":
            yield _tag("div", b.text, ' class="donate"')
        elif b.kind == "prompt":
            yield _tag("div", b.text, ' class="share"')
        else:
            yield _tag("p", b.text)
    if in_list:
        yield "</ul></div>"


def article_from_text(text: str, rng: random.Random) -> Article:
    """An article from plain text (a user's corpus): first line the title, the rest
    paragraphs, so that any text can be wrapped in a page."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    blocks = [Block("title" if i == 0 else "paragraph", ln) for i, ln in enumerate(lines)]
    return Article(blocks, "\n", rng.choice(SITES), lines[0] if lines else None)


# -- the corpora --------------------------------------------------------------------------

@dataclass
class Corpus:
    """Documents (plain text) and pages (HTML) to benchmark, and where they came from."""

    docs: list[str]
    pages: list[str]
    source: str
    more: Iterator[str] | None = None  # further documents, for runs that need more bytes

    @property
    def nbytes(self) -> int:
        return sum(utf8_len(d) for d in self.docs)


def news_corpus(total_bytes: int = 20 * MB, seed: int = SEED,
                material: SeedMaterial | None = None) -> Corpus:
    """At least ``total_bytes`` of composed news articles, each also as an HTML page, and
    an endless supply of further articles (a command's start-up only fades from a
    measurement when the run is long enough, and a fast cleaner needs many megabytes)."""
    material = material or SeedMaterial.load()
    composer = Composer(material, seed)
    page_rng = random.Random(seed + 1)
    docs, pages, used = [], [], 0
    while used < total_bytes:
        article = composer.article()
        text = article.text()
        docs.append(text)
        pages.append(html_page(article, page_rng))
        used += utf8_len(text)
    source = (f"synthetic news from seeds/ (seed {seed}, seed files {material.fingerprint}): "
              f"{len(docs)} documents, {used / MB:.1f} MB")
    return Corpus(docs, pages, source, iter_news(seed + 2, material))


def sized_documents(size: int, count: int, seed: int = SEED,
                    material: SeedMaterial | None = None) -> list[str]:
    """``count`` articles of ``size`` bytes each, each composed whole: a head and a tail
    (title, date, byline, sidebar, appeal ...) around as much body as fits. Small sizes
    are mostly head: a 1 KB article holds about twice the lines of a 10 KB one."""
    composer = Composer(material or SeedMaterial.load(), seed + size)
    return [_cut_utf8(composer.article(size).text(), size) for _ in range(count)]


def cut_documents(size: int, total: int, seed: int = SEED,
                  material: SeedMaterial | None = None) -> list[str]:
    """Documents of ``size`` bytes cut one after another from the same stream of news
    articles (a blank line between two): ``max(size, total)`` bytes in all. Every size
    gets the same text, the first bytes of the stream, so that the scaling table compares
    document sizes and nothing else. (A cut falls where it falls, in a line or an
    article, and moves back to the start of a character.)"""
    want = max(size, total)
    parts, used = [], 0
    for text in iter_news(seed + 3, material or SeedMaterial.load()):
        parts.append(text)
        used += utf8_len(text) + 2
        if used >= want:
            break
    data = "\n\n".join(parts).encode("utf-8")[:want]
    docs, start = [], 0
    while start < len(data):
        end = min(start + size, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a character
            end -= 1
        docs.append(data[start:end].decode("utf-8"))
        start = end
    return docs


def long_line(nbytes: int = MB, seed: int = SEED, material: SeedMaterial | None = None) -> str:
    return Composer(material or SeedMaterial.load(), seed + 7).long_line(nbytes)


def iter_news(seed: int, material: SeedMaterial | None = None) -> Iterator[str]:
    """An endless stream of composed articles (for the large JSONL files)."""
    composer = Composer(material or SeedMaterial.load(), seed)
    while True:
        yield composer.article().text()


def write_jsonl(path: Path, records: list[dict] | Iterator[dict]) -> int:
    """Write one JSON object per line; returns the number of records written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def news_records(docs: list[str], prefix: str = "news") -> Iterator[dict]:
    """JSONL records as a crawler would store them: an id, a URL, the text."""
    for i, text in enumerate(docs):
        yield {"id": f"{prefix}-{i:06d}", "url": f"https://news.example/{prefix}/{i}", "text": text}


def write_sized_jsonl(path: Path, nbytes: int, seed: int) -> tuple[int, int]:
    """A JSONL file of at least ``nbytes`` bytes of unique articles; (records, bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = n = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for text in iter_news(seed):
            line = json.dumps({"id": f"big-{n:07d}", "url": f"https://news.example/big/{n}",
                               "text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += utf8_len(line)
            n += 1
            if size >= nbytes:
                break
    tmp.replace(path)
    return n, size


def load_user_corpus(path: Path, field: str = "text", html_field: str | None = None,
                     seed: int = SEED) -> Corpus:
    """A corpus the user points at: a JSONL file (``field`` holds the text, ``html_field``
    the page if any) or a directory of ``*.txt`` (and ``*.html``) files. Without pages of
    its own, its documents are wrapped in the page template for the --html section."""
    docs: list[str] = []
    pages: list[str] = []
    if path.is_dir():
        read = lambda p: p.read_text(encoding="utf-8", errors="replace")  # noqa: E731
        docs = [read(p) for p in sorted(path.rglob("*.txt"))]
        pages = [read(p) for p in sorted(path.rglob("*.htm*"))]
    else:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if isinstance(rec.get(field), str):
                    docs.append(rec[field])
                if html_field and isinstance(rec.get(html_field), str):
                    pages.append(rec[html_field])
    if not docs:
        raise SystemExit(f"{path}: no documents found (JSONL field {field!r}, or *.txt files)")
    if not pages:
        rng = random.Random(seed)
        pages = [html_page(article_from_text(d, rng), rng) for d in docs]
    size = sum(utf8_len(d) for d in docs)
    return Corpus(docs, pages, f"{path}: {len(docs)} documents, {size / MB:.1f} MB",
                  itertools.cycle(docs))
