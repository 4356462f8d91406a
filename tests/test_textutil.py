"""The line judgements of textutil and the layout's memo of them, held to their plain
definitions: the shortcuts (counting words without splitting them out, counting a few
function words first, looking at a line's end from the end) must give the same answers
on any text."""

import itertools
import re
import sys
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.document import Document
from cleantext.filters.layout import FREQUENT, ArticleWords, LineMemo, article_words, _least, is_running_text, line_score
from cleantext import textutil
from cleantext.normalize import normalize_text
from cleantext.textutil import (
    _WORD_RE,
    SEPARATORS,
    all_countable,
    ascii_form,
    casefold,
    content_words,
    count_some,
    ends_sentence,
    ends_with_full_stop,
    folds_to_lower,
    is_prose,
    word_count,
    words,
)

ROOT = Path(__file__).resolve().parent.parent
STOP = frozenset({"the", "a", "of", "and", "to", "in", "is", "on", "it", "was", "he", "by"})

# The definitions the shortcuts stand for.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
FULL_STOP = re.compile(r"[.\u2026][\"'\u201d\u2019)\]]*$")

# Text where the shortcuts can go wrong: joiners in runs and at word edges, the
# separators, curly apostrophes, letters and digits outside ASCII, stop words.
pieces = st.sampled_from([
    "a", "b", "Z", "9", "_", "the", "The", "THE", "of", "and", "it", "he", "a.", "U.S.",
    "'", "\u2019", ".", "-", "--", "..", "'.", ".-", " ", " ", "  ", ",", "!", "?", ":",
    "\u201c", "\u201d", "\u2018", "\u2014", "\u2013", "\u2026", "\u00a3", "\u00b7", "\u00a0",
    "\u00e9", "caf\u00e9", "\u0130", "\u00b2", "\u0665", "\u00df", "\u03a3", ")", "]", '"',
    "\n", "\t", "don't", "don\u2019t",
])
texts = st.lists(pieces, max_size=40).map("".join)


def corpus_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines.extend(normalize_text(path.read_text(encoding="utf-8")))
    return [line for line in lines if line]


def test_separators_separate():
    for c in SEPARATORS:
        assert not _WORD_RE.match(c) and c not in "'\u2019.-", unicodedata.name(c)


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_word_count_is_the_number_of_words(text):
    assert word_count(text) == len(words(text))


def test_word_count_on_the_seeds():
    lines = corpus_lines()
    assert sum(ascii_form(line) is not None for line in lines) > len(lines) // 2
    for line in lines:
        assert word_count(line) == len(words(line)), line


@settings(max_examples=1000, deadline=None)
@given(texts, st.integers(min_value=0, max_value=12))
def test_count_some_never_counts_too_many(text, enough):
    form = ascii_form(text)
    if form is None:
        return
    wanted = [b" %s " % w.encode() for w in FREQUENT if w in STOP]
    found = sum(w.lower() in STOP for w in words(text))
    if count_some(form, wanted, enough):
        assert found >= enough


def test_count_some_counts_a_sentence():
    form = ascii_form("The talks in Kyiv went on, and the minister left by car.")
    wanted = [b" the ", b" in ", b" and ", b" by "]
    assert count_some(form, wanted, 5)
    assert not count_some(form, wanted, 6)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_line_ends(text):
    assert ends_sentence(text) == (SENTENCE_END.search(text) is not None)
    assert ends_with_full_stop(text) == (FULL_STOP.search(text) is not None)


@given(st.integers(min_value=1, max_value=5000), st.sampled_from([0.1, 0.2, 0.3]))
def test_least(n, share):
    k = _least(n, share)
    assert k / n >= share and (k == 0 or (k - 1) / n < share)


def check_memo(lines, stop):
    memo = LineMemo(stop)
    for line in lines:
        assert memo.count(line) == len(words(line)), line
        assert memo.score(line) == line_score(line, stop), line
        assert memo.prose(line) == is_prose(line), line


@settings(max_examples=1000, deadline=None)
@given(st.lists(texts.map(lambda t: " ".join(t.split())).filter(bool), min_size=1, max_size=5))
def test_memo_scores_as_line_score(lines):
    check_memo(lines, STOP)
    check_memo(lines, frozenset())  # no frequent word to count first
    check_memo(lines, frozenset({"don't", "don\u2019t", "the"}))


def test_memo_scores_the_seeds():
    check_memo(corpus_lines(), STOP)


def test_a_real_sentence_is_running_text():
    line = "The minister said the talks would go on in Kyiv next week."
    w = words(line)
    assert is_running_text(line, w, STOP)
    assert LineMemo(STOP).score(line) == len(w) == 12


def content_words_by_definition(line, stop):
    return {x.lower() for x in words(line) if len(x.lower()) > 2} - stop


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_content_words(text):
    expected = content_words_by_definition(text, STOP)
    assert content_words(text, STOP) == expected
    assert content_words(text, STOP, words(text)) == expected


def test_content_words_on_the_seeds():
    for line in corpus_lines():
        assert content_words(line, STOP) == content_words_by_definition(line, STOP), line


def test_case_folding_table_is_this_pythons():
    """The characters _FOLD_CHANGES lists are those that lower-casing keeps and folding
    changes, in the running Python's Unicode database; and folding a character is
    folding its lower case, which lower-casing keeps (what casefold() relies on)."""
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    assert all(c.lower().casefold() == c.casefold() for c in every)
    assert all(c.lower().lower() == c.lower() for c in every)
    changed = "".join(c for c in every if c.lower() == c and c.casefold() != c)
    if textutil._FOLD_CHANGES_RE is None:  # a Unicode version without a table: the plain way
        assert casefold("Straße", "straße") == "strasse"
        return
    listed = "".join(c for c in changed if textutil._FOLD_CHANGES_RE.match(c))
    assert listed == changed
    assert not any(textutil._FOLD_CHANGES_RE.match(c) for c in every if c not in changed)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "aZ \u00df\u1e9e\u03a3\u03c3\u03c2\u0130\u0131\u212a\ufb01\u13a0\uab70\u00b5\u0345\u00e9\u00c9"
    "\u2019\u201c1"), max_size=12))
def test_casefold_from_lower(text):
    lowered = text.replace("\u0130", "I").lower()  # as Document.lower has it
    assert casefold(text, lowered) == text.casefold()


def test_lower_casing_goes_character_by_character():
    """What folds_to_lower() relies on: a string lower-cases as its characters do one by
    one, whatever stands around them, but for the capital sigma (and U+0130, whose lower
    case is two characters)."""
    every = [chr(c) for c in range(sys.maxunicode + 1) if chr(c) not in "\u03a3\u0130"]
    for around in ("", "A", "\u0391"):  # (a Latin and a Greek capital between them)
        text = around.join(every)
        assert text.lower() == around.lower().join(c.lower() for c in every)
    assert "\u0391\u03a3".lower() != "\u0391" + "\u03a3".lower()  # the exception is real


def others_of(lines):
    """The characters of ``lines`` other than printable ASCII and line breaks, as
    normalization hands them on."""
    return "".join(c for line in lines for c in line if not " " <= c <= "~")


@settings(max_examples=2000, deadline=None)
@given(st.lists(texts, max_size=4),
       st.text(alphabet=st.sampled_from("\u00e9\u2019\u00df\u2014"), max_size=2))
def test_document_wide_answers_hold_for_every_line(lines, extra):
    """folds_to_lower() and all_countable(), asked once of a document's characters (and
    of a few more, as tidying may leave), answer for each of its lines."""
    others = others_of(lines) + extra
    for line in lines:
        lowered = line.replace("\u0130", "I").lower()  # as Document.lower has it
        if folds_to_lower(others):
            assert casefold(line, lowered) == lowered == line.casefold()
        if all_countable(others):
            assert ascii_form(line) is not None
            assert ascii_form(line, countable=True) == ascii_form(line)


def test_document_wide_answers_on_the_seeds():
    """The seeds hold curly quotes and dashes and no character that folding changes or
    that the word count cannot take: both answers are yes, and the shortcut they allow
    is the plain answer on each line."""
    lines = corpus_lines()
    others = others_of(lines)
    assert folds_to_lower(others) and all_countable(others)
    for line in lines:
        assert casefold(line, line.lower()) == line.lower()
        assert ascii_form(line, countable=True) == ascii_form(line)


def article_words_of(lines, stop):
    """An ArticleWords over ``lines`` as article_words() builds one."""
    found = ArticleWords(stop)
    for line in lines:
        if "\u0130" in line or "\u03a3" in line:
            found.words |= content_words(line, stop)
        else:
            found.lines.append(line.replace("\u0130", "I").lower())
    return found


@settings(max_examples=1000, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4), st.lists(texts, max_size=4),
       st.lists(st.sampled_from(["the", "abc", "u.s", "don't", "it's", "caf\u00e9", "x", ""]),
                max_size=3))
def test_article_words_are_the_content_words(opening, others, extra):
    expected = set().union(*(content_words(line, STOP) for line in opening))
    found = article_words_of(opening, STOP)
    asked = set(extra).union(*(content_words(line, STOP) for line in opening + others))
    asked |= {w.lower() for line in opening + others for w in words(line)}
    for word in asked:
        assert (word in found) == (word in expected), word
    assert found.shared(asked) == len(asked & expected)
    assert found.any_of(asked) == bool(asked & expected)


def test_article_words_on_the_seeds():
    lines = corpus_lines()
    for start in range(0, len(lines) - 6, 7):
        opening = lines[start:start + 6]
        expected = set().union(*(content_words(line, STOP) for line in opening))
        found = article_words_of(opening, STOP)
        for line in lines[start + 6:start + 20]:
            for word in content_words(line, STOP) | {w.lower() for w in words(line)}:
                assert (word in found) == (word in expected), (word, opening)


def test_lower_casing_keeps_every_characters_kind():
    """What ArticleWords relies on: lower-casing a character (but U+0130) gives one
    character, a word character for a word character, a joiner for a joiner."""
    joiners = "'\u2019.-"
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if c == "\u0130":
            continue
        low = c.lower()
        assert len(low) == 1, hex(code)
        assert bool(_WORD_RE.match(c)) == bool(_WORD_RE.match(low)), hex(code)
        assert (c in joiners) == (low in joiners), hex(code)


def test_article_words_with_a_final_sigma():
    """Lower-casing ΟΔΟΣ alone ends it with ς; in the line, the dots after it (which
    casing looks through) and the letter beyond make it σ: such a line has its words
    split out."""
    line = "ΟΔΟΣ..ΑΘΗΝΑ is the street."
    assert "οδος" in content_words(line, STOP)
    assert "οδος" in article_words_of([line], STOP)
    doc = Document([line, "Kyiv asked for more air defence on Monday."])
    found = article_words(doc, STOP, (0, 1))
    assert "οδος" in found and "defence" in found and "street" in found
    assert "οδοσ" not in found and "the" not in found


def test_word_count_on_every_short_line_of_words_joiners_and_spaces():
    # every arrangement of up to seven word characters, joiners and separators: where
    # words start, after a separator, a joiner that joins nothing, or the line's start
    for size in range(8):
        for chars in itertools.product("x'.- ", repeat=size):
            line = "".join(chars)
            assert word_count(line) == len(words(line)), line
