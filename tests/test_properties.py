"""Properties of the cleaner over generated documents (see tests/strategies.py)."""

from hypothesis import event, given, settings

import cleantext
from cleantext.normalize import normalize_text
from strategies import articles, documents

PIPELINE = cleantext.Pipeline()


@settings(max_examples=300, deadline=None)
@given(documents())
def test_never_raises_and_returns_text(text):
    result = PIPELINE.run(text)
    assert isinstance(result.text, str)
    assert result.text == "" or (result.text.endswith("\n") and not result.text.endswith("\n\n"))
    for removal in result.removed:
        event(f"{removal.family}: {removal.rule}")


@settings(max_examples=300, deadline=None)
@given(documents())
def test_idempotent(text):
    once = cleantext.clean(text)
    assert cleantext.clean(once) == once


@settings(max_examples=300, deadline=None)
@given(documents())
def test_output_lines_come_from_the_input_in_order(text):
    """Every output line is a normalized input line, or the start of one (a span cut its
    end), and they come in input order."""
    source = normalize_text(text)
    pos = 0
    for line in cleantext.clean(text).split("\n"):
        if not line:
            continue
        while pos < len(source) and not source[pos].startswith(line):
            pos += 1
        assert pos < len(source), f"output line not from the input, in order: {line!r}"
        pos += 1


@settings(max_examples=200, deadline=None)
@given(documents())
def test_deterministic_and_replayable(text):
    first = PIPELINE.run(text)
    second = cleantext.Pipeline().run(text)
    assert first.text == second.text and first.removed == second.removed
    assert cleantext.replay(text, first.removed) == first.text


@settings(max_examples=200, deadline=None)
@given(articles())
def test_removals_are_exact_pieces_of_the_input(text):
    source = normalize_text(text)
    for r in PIPELINE.run(text).removed:
        assert source[r.line - 1][r.start:r.end] == r.text
