"""The article comes through intact: every body line of the labels, in order and
unchanged but for normalization; no boilerplate line; each removal in the right family."""

from collections import Counter

import pytest

import cleantext
from cleantext.normalize import normalize_text
from conftest import read_seed, seed_names

# The labels' family names, and the filter family that removes each.
LABEL_FAMILY = {
    "donation": "donation",
    "sidebar": "sidebar",
    "slug": "slug",
    "duplicate_title": "duplicate_title",
    "timestamp": "timestamp",
    "byline": "byline",
    "comment_prompt": "prompt",
    "caption": "caption",
}


def _lines(name, labels, kind):
    text = read_seed(name)
    norm = normalize_text(text)
    return [(e["line"], norm[e["line"] - 1]) for e in labels[name] if e["label"] == kind]


@pytest.mark.parametrize("name", seed_names())
def test_body_lines_intact_in_order(name, labels):
    out = cleantext.clean(read_seed(name)).split("\n")
    pos = 0
    for lineno, line in _lines(name, labels, "body"):
        try:
            pos = out.index(line, pos) + 1
        except ValueError:
            pytest.fail(f"{name}: body line {lineno} missing or out of order: {line[:80]!r}")


@pytest.mark.parametrize("name", seed_names())
def test_no_boilerplate_survives(name, labels):
    # A repeated title has the same text as the title: the output may hold that text as
    # often as body lines hold it, and not once more.
    out = Counter(cleantext.clean(read_seed(name)).split("\n"))
    body = Counter(line for _, line in _lines(name, labels, "body"))
    for lineno, line in _lines(name, labels, "boilerplate"):
        assert out[line] <= body[line], f"{name}: boilerplate line {lineno} survived: {line[:80]!r}"


@pytest.mark.parametrize("name", seed_names())
def test_removals_name_the_labelled_family(name, labels):
    result = cleantext.Pipeline().run(read_seed(name))
    by_line = {r.line: r for r in result.removed}
    for entry in labels[name]:
        if entry["label"] == "boilerplate":
            removal = by_line.get(entry["line"])
            assert removal is not None, f"{name}: line {entry['line']} was not removed"
            assert removal.family == LABEL_FAMILY[entry["kind"]], (
                f"{name}: line {entry['line']} ({entry['kind']}) removed as {removal.family} "
                f"by {removal.rule}")
        elif entry["label"] == "body":
            assert entry["line"] not in by_line, f"{name}: body line {entry['line']} removed"


def test_metadata_from_the_seeds():
    meta = cleantext.Pipeline().run(read_seed("002_19a44f59c3299c1f.txt")).metadata
    assert meta.title == "Rutte makes first official visit to Kyiv as new NATO chief"
    assert meta.date == "Oct 3, 2024 - 10:00"
    assert cleantext.Pipeline().run(read_seed("000_471676b48f6d79ff.txt")).metadata.byline == "Gabriel Ani"
    # a bare clock time under "Read next" is a teaser stamp, not the publication date
    assert cleantext.Pipeline().run(read_seed("004_83be168fab8a3b86.txt")).metadata.date is None
