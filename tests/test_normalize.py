"""Normalization: ftfy repair (with its shortcut proven exact), white space, quotes."""

import unicodedata

import ftfy
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import normalize
from cleantext.normalize import NormalizeConfig, normalize_text, split_lines
from conftest import read_seed, seed_names


def reference(text: str, config: NormalizeConfig = NormalizeConfig()) -> list[str]:
    """Normalization without any shortcut: every line through ftfy.fix_text and the white
    space rule, again until neither changes it (what settle() is specified to do)."""
    fixer = normalize._ftfy_config(config)
    out = []
    for line in split_lines(text):
        for _ in range(normalize.MAX_ROUNDS):
            fixed = normalize._whitespace(ftfy.fix_text(line, fixer))
            if fixed == line:
                break
            line = fixed
        out.append(line)
    return out


RISKY = "ÃÂâ€™œ×÷Ð¤ÑÐ¸\u0080\u0093\x1b\x00\u00ad\ufb01&;#é"
ALPHABET = st.sampled_from(
    list("abcXYZ 019,.'\"-()\t&#;") + list(normalize.TYPOGRAPHIC_SAFE) + list(RISKY)
)


@settings(max_examples=800)
@given(st.text(ALPHABET, max_size=40))
@example("caf\u00c3\u00a9 \u2014 na\u00c3\u00afve")
@example("He said \u2018yes\u2019\u201d \u2014 then left")
@example("Price: \u00a35 \u00b7 \u20ac4 \u00b0C")
def test_shortcut_is_exact_against_ftfy(text):
    assert normalize_text(text) == reference(text)


@settings(max_examples=800)
@given(st.lists(st.one_of(ALPHABET, st.sampled_from(["\n", "\n ", " \n", "  ", "\r\n", "\u00a0",
                                                    "\u200b", "\u3000", "\x1c", "a"])),
                max_size=60).map("".join))
@example("One line.\nAnother \u2019one\u201d.\n")
def test_whole_text_shortcuts_are_exact_on_many_lines(text):
    """normalize_text() settles most documents with a few scans of the whole text (no
    repair needed, white space already tidy); line by line, it must come to the same."""
    assert normalize_text(text) == reference(text)


@settings(max_examples=800)
@given(st.lists(st.one_of(ALPHABET, st.sampled_from(["\n", "  ", "\r\n", "\u00a0", "\u200b",
                                                    "\u3000", "\u2028", "\u00df", "\u03a3"])),
                max_size=60).map("".join),
       st.sampled_from([NormalizeConfig(), NormalizeConfig(repair=False),
                        NormalizeConfig(repair=False, normalization="NFKC")]))
def test_normalize_lines_hands_on_every_rare_character(text, config):
    """normalize_lines() gives normalize_text()'s lines, and among the characters it
    hands on is every character of them other than printable ASCII: the document-wide
    answers of textutil (folds_to_lower, all_countable) hold for each line only so."""
    lines, others = normalize.normalize_lines(text, config)
    assert lines == normalize_text(text, config)
    if others is not None:
        assert {c for line in lines for c in line if not " " <= c <= "~"} <= set(others)


def test_normalize_lines_without_a_repair_of_a_lone_surrogate():
    """A text that cannot be encoded (a lone surrogate, left as it is when repair is
    off) has no known characters: the filters ask each line."""
    found = normalize.normalize_lines("a\ud800", NormalizeConfig(repair=False))
    assert found == (["a\ud800"], None)


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, the way browsers and old scrapers read it."""
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    return text.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize("name", seed_names())
@pytest.mark.parametrize("variant", ["plain", "mojibake"])
def test_shortcut_is_exact_on_the_seeds(name, variant):
    text = read_seed(name)
    if variant == "mojibake":
        text = mojibake(text)
    assert normalize_text(text) == reference(text)


@settings(max_examples=300)
@given(st.text(st.sampled_from(list("abc XYZ 019,.'\"-()&;<>") + list(normalize.TYPOGRAPHIC_SAFE)
                               + list("\u00e9\u00fc\u00df\u0436\u4e2d\U0001f600\u0301\ufb01")),
               max_size=50))
@example("He said \u2018yes\u2019 \u201cand no\u201d \u2014 caf\u00e9 &amp; <b>")
def test_mojibake_with_curly_quotes_repairs_as_ftfy_does(text):
    """settle() repairs a line by way of ftfy with quotes straightened, then replays its
    steps without that; the result must be ftfy's own with quotes kept."""
    garbled = mojibake(text)
    assert normalize_text(garbled) == reference(garbled)


@settings(max_examples=800)
@given(st.one_of(st.text(ALPHABET, max_size=40),
                 st.text(ALPHABET, max_size=40).map(mojibake),
                 st.text(ALPHABET, max_size=40).map(lambda text: mojibake(mojibake(text)))))
@example(mojibake("AT&T’s “plan” — café"))
@example(mojibake("AT&amp;T’s “plan”"))
@example("caf&eacute; \u00c3\u00a9")
@example(mojibake("Ã© \u00ad ’"))
def test_one_step_repair_is_ftfys_or_none(text):
    """The shortcut for a line of mojibake gives ftfy.fix_text's answer, or declines."""
    fixer = normalize._ftfy_config(NormalizeConfig())
    for line in split_lines(text):
        fixed = normalize._fix_in_one_step(line, fixer)
        assert fixed is None or fixed == ftfy.fix_text(line, fixer)


@settings(max_examples=800)
@given(st.text(st.sampled_from(list("ab &#;0x9AZ\x00\x07\x1b[m\x7f") + ["\u200b", "\u2060", "\ufeff",
                                                                    "\u180e", "\u00ad", "\u00c3", "\u00a9"]),
               max_size=40))
@example("&Atilde;&copy;\u200b")
@example("&#195;&#169;")
@example("word\u200b\x00 word\ufeff\x1b[31mred\x1b[0m")
def test_a_line_with_nothing_to_decode_is_repaired_without_decoding(text):
    """ASCII and invisible characters that no single-byte encoding holds, without '&':
    ftfy without its encoding repair gives ftfy's answer."""
    fixer = normalize._ftfy_config(NormalizeConfig())
    if normalize._NOTHING_TO_DECODE_RE.fullmatch(text):
        assert ftfy.fix_text(text, normalize._not_decoding(fixer)) == ftfy.fix_text(text, fixer)
    assert normalize_text(text) == reference(text)


def test_one_step_repair_settles_mojibake_and_plain_lines():
    """It takes the two common cases: mojibake that one decoding repairs, and a line with
    nothing for ftfy to do."""
    fixer = normalize._ftfy_config(NormalizeConfig())
    assert normalize._fix_in_one_step(mojibake("NATO’s “plan” — said"), fixer) == "NATO’s “plan” — said"
    assert normalize._fix_in_one_step("Zoë Ball’s café", fixer) == "Zoë Ball’s café"
    assert normalize._fix_in_one_step("AT&amp;T", fixer) is None
    # a line that ftfy's other fixers change goes the other way at once (a 1 MB line of
    # zero-width spaces and NULs cost twice ftfy's own time through the shortcut)
    assert normalize._fix_in_one_step("word\u200b\x00 word", fixer) is None


def test_mojibake_is_repaired():
    assert normalize_text(mojibake("NATO’s “plan” — café")) == ["NATO’s “plan” — café"]


def test_entities_and_controls():
    assert normalize_text("AT&amp;T &eacute;t\u00e9\x07 ok") == ["AT&T été ok"]


def test_white_space():
    text = "\ufeffA\u00a0\u00a0b\tc\u200bd  e \u2009f\u00adg \n  \n\u3000x "
    assert normalize_text(text) == ["A b cd e fg", "", "x"]


def test_joiners_are_kept():
    # ZWJ inside an emoji sequence and ZWNJ in Persian change rendering; keep them
    assert normalize_text("👩\u200d💻 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == [
        "👩\u200d💻 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"]


@pytest.mark.parametrize("text, lines", [
    ("a\r\nb", ["a", "b"]), ("a\rb", ["a", "b"]), ("a\u2028b\u2029c\x85d", ["a", "b", "c", "d"]),
    ("a\n", ["a"]), ("", []), ("\n\n", ["", ""]),
])
def test_line_breaks(text, lines):
    assert normalize_text(text) == lines


def test_quotes_kept_by_default_and_straightened_on_request():
    text = "He said “yes” and ‘no’ — it’s done."
    assert cleantext.clean(text) == text + "\n"
    assert cleantext.Pipeline(straighten_quotes=True).clean(text) == "He said \"yes\" and 'no' — it's done.\n"


def test_nfkc_on_request():
    cfg = NormalizeConfig(normalization="NFKC")
    assert normalize_text("ﬁve ½ ２", cfg) == ["five 1⁄2 2"]
    assert normalize_text("ﬁve ½ ２") == ["five ½ ２"]


def test_bad_normal_form_is_named():
    with pytest.raises(cleantext.ConfigError, match="normalization='NFX' is invalid"):
        NormalizeConfig(normalization="NFX")


@example("\xad\u00c2\x80")
@given(st.text(ALPHABET, max_size=30))
def test_normalized_text_is_a_fixed_point(text):
    once = normalize_text(text)
    assert normalize_text("".join(line + "\n" for line in once)) == once


def test_repair_off_leaves_mojibake():
    cfg = NormalizeConfig(repair=False)
    assert normalize_text("caf\u00c3\u00a9", cfg) == ["caf\u00c3\u00a9"]


def test_odd_spaces_are_every_white_space_but_space_and_line_break():
    # the white-space scans spell the characters out; they must be exactly \s
    every = {chr(cp) for cp in range(0x110000) if chr(cp).isspace()}
    assert set(normalize.ODD_SPACES) == every - {" ", "\n"}
    assert len(normalize.ODD_SPACES) == len(set(normalize.ODD_SPACES))


def test_the_checks_can_look_at_the_other_characters_only():
    # normalize_text asks the repair and white-space checks of the characters that are
    # not printable ASCII nor a line break: none of those is one they look for
    for c in map(chr, range(0x20, 0x7F)):
        for pattern in (normalize._UNSAFE_RE, normalize._ODD_SPACE_RE,
                        normalize._INVISIBLE_RE, normalize._ODD_ONLY_RE):
            assert not pattern.match(c), (pattern.pattern, c)
    for pattern in (normalize._UNSAFE_RE, normalize._ODD_SPACE_RE, normalize._INVISIBLE_RE):
        assert not pattern.match("\n")


@settings(max_examples=500)
@given(st.lists(st.one_of(ALPHABET, st.sampled_from(["\n", " \n", "  ", "\u00a0", "\u200b",
                                                    "\u3000", "\x1c", "\ud800", "\r"])),
                max_size=40).map("".join))
def test_normalize_text_as_line_by_line(text):
    """The whole-text checks and tidying give what each line repaired (when suspect) and
    tidied on its own gives, under the default configuration and without repair, lone
    surrogates (text that cannot be encoded) included."""
    lines = split_lines(text)
    fixer = normalize._ftfy_config(NormalizeConfig())
    assert normalize_text(text) == [
        normalize.settle(line, fixer) if normalize.needs_repair(line) else normalize._whitespace(line)
        for line in lines]
    assert normalize_text(text, NormalizeConfig(repair=False)) == [
        normalize._whitespace(unicodedata.normalize("NFC", line)) for line in lines]
    assert normalize_text(text, NormalizeConfig(repair=False, normalization=None)) == [
        normalize._whitespace(line) for line in lines]


@pytest.mark.parametrize("text", [
    "Plain line.\nAnother\u00a0line with a no-break space.",
    "Plain line.\nA tab\there.",
    "Plain line.\nA zero\u200bwidth space.",
    "Caf\u00c3\u00a9 au lait.\nPlain line.",
    "Plain line.\nA \ufb01ne ligature.",
])
def test_late_odd_characters_are_still_found(text):
    assert normalize_text(text) == [normalize._whitespace(ftfy.fix_text(line)) for line in text.split("\n")]


def test_white_space_is_tidied_without_repair_too():
    # with repair off, invisible characters and odd spaces reach the whole-text tidy
    text = "A zero\u200bwidth\u00a0 space.\n\tTabbed  \u2003line \nplain"
    got = normalize_text(text, NormalizeConfig(repair=False, normalization=None))
    assert got == [normalize._whitespace(line) for line in text.split("\n")] == [
        "A zerowidth space.", "Tabbed line", "plain"]


@settings(max_examples=500)
@given(st.text(st.characters(max_codepoint=0x7F), max_size=30)
       | st.text(st.sampled_from("ab &#;\t\x07\x7f\u00e9\u00c3\u00a9\u2019\u2014\u20ac"),
                 max_size=12))
@example("Kyiv's plan, agreed.")  # printable ASCII: answered without the search
@example("a bell\x07")            # a control character: suspect
@example("a\ttab")               # a tab is not printable, and not suspect either
@example("AT&T")                 # could open an entity
def test_needs_repair_is_the_search(line):
    # the shortcut for printable ASCII lines answers as the search of the three parts does
    assert normalize.needs_repair(line) == (normalize._SUSPECT_RE.search(line) is not None)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["a", " ", "\n", "\u00e9", "\u2019", "\u20ac", "\u00c3",
                                 "\u00a9", "\U0001f600", "\t", "&", "#", "\x07", "\u200b",
                                 "\ud800"]),
                max_size=30).map("".join))
@example("Caf\u00e9 \u2014 \u201cquoted\u201d\nplain\nM\u00c3\u00a9xico \u00e2\u20ac\u201d")
def test_suspect_lines_found_at_once_are_those_asked_one_by_one(text):
    lines = text.split("\n")
    found = normalize._suspect_lines(lines, text, *normalize._others(text))
    if "\ud800" in text:  # a lone surrogate: no bytes, and the lines are asked one by one
        assert found is None
    else:
        assert found == [normalize.needs_repair(line) for line in lines]


def test_suspect_lines_are_found_on_a_page_at_once():
    text = ("Caf\u00e9 \u2014 \u201cquoted\u201d\nplain, AT&T\nM\u00c3\u00a9xico \u00e2\u20ac\u201d\n"
            "\u00a9 2024\nzero\u200bwidth and caf\u00e9\n&amp; more\n")
    lines = text.split("\n")
    assert normalize._suspect_lines(lines, text, *normalize._others(text)) == [
        True, True, True, False, True, True, False]
    assert normalize._suspect_lines(["\ud800"], "\ud800", *normalize._others("\ud800")) is None
