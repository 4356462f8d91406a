"""Hypothesis strategies: article-shaped documents and the shapes that break cleaners."""

from __future__ import annotations

import json
from functools import lru_cache

from hypothesis import strategies as st

from cleantext.normalize import normalize_text
from cleantext.patterns import builtin_patterns
from conftest import SEEDS


@lru_cache(maxsize=1)
def _seed_lines() -> tuple[list[str], list[str], list[str]]:
    """Body lines, boilerplate lines and titles of the seeds, by their labels."""
    labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))
    body, boiler, titles = [], [], []
    for name, entries in labels.items():
        lines = normalize_text((SEEDS / name).read_text(encoding="utf-8"))
        for entry in entries:
            line = lines[entry["line"] - 1]
            if entry["label"] == "body":
                (titles if entry["kind"] == "title" else body).append(line)
            elif entry["label"] == "boilerplate":
                boiler.append(line)
    return body, boiler, titles


@lru_cache(maxsize=1)
def _boilerplate_examples() -> list[str]:
    examples = list(_seed_lines()[1])
    for rule in builtin_patterns().rules():
        examples.extend(rule.must_match)
    return examples


def body_lines():
    return st.sampled_from(_seed_lines()[0])


def boilerplate_lines():
    """Lines each family removes: the seeds' boilerplate and every rule's own examples."""
    return st.sampled_from(_boilerplate_examples())


def trap_lines():
    """Body sentences that look like boilerplate: every rule's must_not_match examples."""
    return st.sampled_from([x for r in builtin_patterns().rules() for x in r.must_not_match])


@st.composite
def articles(draw):
    """A news document: maybe a title, body paragraphs, boilerplate mixed in, one of the
    line-ending and paragraph-separation styles real scrapers produce."""
    blocks = []
    titles = _seed_lines()[2]
    title = draw(st.sampled_from(titles)) if draw(st.booleans()) else None
    if title:
        blocks.append(title)
    n = draw(st.integers(1, 12))
    for _ in range(n):
        kind = draw(st.sampled_from(["body", "body", "body", "boiler", "trap", "blank", "title"]))
        if kind == "title" and title:
            # the title again (as pages repeat it), or its lower-cased words (as a slug)
            blocks.append(draw(st.sampled_from([title, title.lower()])))
        elif kind == "body":
            blocks.append(draw(body_lines()))
        elif kind == "boiler":
            blocks.append(draw(boilerplate_lines()))
        elif kind == "trap":
            blocks.append(draw(trap_lines()))
        else:
            blocks.append("")
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]))
    return sep.join(blocks) + draw(st.sampled_from(["", "\n", sep]))


def degenerate():
    """Shapes that have broken text cleaners: nothing, only white space, only
    punctuation, one line repeated, very long tokens (built by repetition, which is far
    faster than drawing random characters), runs of blank lines."""
    return st.one_of(
        st.just(""),
        st.text(" \t\n\r\u00a0\u200b\ufeff", max_size=50),
        st.text("!?.,;:-—()[]*#|/\\\"'", min_size=1, max_size=50),
        st.builds(lambda line, k: "\n".join([line] * k), boilerplate_lines() | body_lines(), st.integers(2, 6)),
        st.builds(lambda c, k: c * k, st.sampled_from(["a", "-", "x ", "é", "\u200b"]), st.integers(500, 2500)),
        st.builds(lambda k: "Title here\n" + "\n" * k + "Body line.", st.integers(0, 40)),
    )


def documents():
    return st.one_of(articles(), degenerate(), st.text(max_size=300))
