"""Unicode repair and white-space normalization, line by line.

Filters see normalized text only, so a pattern never has to allow for mojibake, a no-break
space or a run of tabs. What normalization does (the defaults, and why):

- **Line breaks.** ``\\r\\n``, ``\\r``, U+2028, U+2029 and U+0085 all end a line; the
  output uses ``\\n`` only.
- **Repair** with ftfy: mojibake, HTML entities left in the text, C1 and other control
  characters, terminal escapes, Latin ligatures, NFC. Quotes are *kept* typographic by
  default (``straighten_quotes=False``): they are the publisher's text, and straightening
  them loses information that cannot be restored. Full-width characters are kept (folding
  them would rewrite CJK text) and NFKC is not applied, for the same reason.
- **White space**: every Unicode space (no-break, thin, ideographic, tab) becomes a plain
  space, runs of spaces collapse to one, lines are stripped at both ends, and the invisible
  zero-width space, word joiner, byte-order mark and soft hyphen are dropped. Zero-width
  (non-)joiners are kept: they change how Indic and Persian scripts, and emoji, render.

Repair is the costly step, so it is skipped for lines that provably need none: a line made
of printable ASCII (with no ``&`` that could start an entity) and of common typographic
characters (curly quotes, dashes, no-break space, ``£``, ``€``, ``°`` ...), no two of them
side by side, is left unchanged by ftfy. Mojibake always shows as two or more non-ASCII
characters in a row, entities need ``&``, and the other fixers act on characters outside
that set. ``tests/test_normalize.py`` checks the shortcut against ftfy itself.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Literal

import ftfy
import ftfy.fixes

from .errors import ConfigError

#: Non-ASCII characters that ftfy leaves alone when no other non-ASCII character stands
#: next to them. Each is encoded as a UTF-8 continuation byte (0x80-0xBF) in Windows-1252,
#: so none of them can start a mojibake sequence on its own.
TYPOGRAPHIC_SAFE = (
    "\N{NO-BREAK SPACE}"
    "\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
    "\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
    "\N{EN DASH}\N{EM DASH}\N{HORIZONTAL ELLIPSIS}\N{BULLET}"
    "\N{POUND SIGN}\N{EURO SIGN}\N{CENT SIGN}\N{YEN SIGN}\N{DEGREE SIGN}\N{MIDDLE DOT}"
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{COPYRIGHT SIGN}\N{REGISTERED SIGN}\N{TRADE MARK SIGN}\N{SECTION SIGN}\N{PILCROW SIGN}"
    "\N{VULGAR FRACTION ONE HALF}\N{VULGAR FRACTION ONE QUARTER}\N{VULGAR FRACTION THREE QUARTERS}"
    "\N{SUPERSCRIPT ONE}\N{SUPERSCRIPT TWO}\N{SUPERSCRIPT THREE}"
    "\N{PRIME}\N{DOUBLE PRIME}\N{MINUS SIGN}"
)

# A character, or a pair of characters, that might need ftfy's attention: anything outside
# printable ASCII and the safe set, two non-ASCII characters in a row, or an ampersand
# that could start an HTML entity.
_SUSPECT_RE = re.compile(
    "[^\t\x20-\x7e" + TYPOGRAPHIC_SAFE + "]|[^\x00-\x7f]{2}|&[#A-Za-z]"
)

# Its three parts, to scan lines joined with "\n" one at a time (each is a simple scan,
# the alternation of the three is not); the line break is ASCII, so nothing found in the
# joined lines reaches across two of them.
_UNSAFE_RE = re.compile("[^\t\n\x20-\x7e" + TYPOGRAPHIC_SAFE + "]")
# (a positive class twice: several times faster than [^\x00-\x7f]{2} in re)
_NON_ASCII_PAIR_RE = re.compile("[\x80-\U0010ffff][\x80-\U0010ffff]")
_ENTITY_RE = re.compile("&[#A-Za-z]")

_LINE_BREAK_RE = re.compile("\r\n?|[\u2028\u2029\x85]")

#: Invisible characters that carry no text: zero-width space, word joiner, BOM (also
#: used as a zero-width no-break space), soft hyphen, Mongolian vowel separator.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e"
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(_INVISIBLE))
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
#: Every white-space character (``str.isspace()``, what ``\s`` and ``str.split()`` take
#: for white space) but the plain space and the line break. Spelled out because a class
#: of them is several times faster to scan for than ``[^\S\n ]``; a test holds it to
#: ``str.isspace()`` over every code point.
ODD_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# White space but the plain space and the line break, and the invisible characters: with
# a space at either end of a line or two in a row, what _whitespace() would change in
# lines joined with "\n".
_ODD_SPACE_RE = re.compile("[" + ODD_SPACES + _INVISIBLE + "]")
# _whitespace() over lines joined with "\n", in two steps: every odd space becomes a
# plain one, then every run of spaces one space (the space at either end of a line goes
# after). One pattern for both, [ odd]{2,}|[odd], is tried at every plain space, and is
# three times slower.
_ODD_ONLY_RE = re.compile("[" + ODD_SPACES + "]")


@dataclass(frozen=True)
class NormalizeConfig:
    """How input text is normalized before any filter sees it.

    Args:
        repair: run ftfy's repairs (mojibake, entities, control characters, ligatures).
        straighten_quotes: turn typographic quotes into ASCII ``'`` and ``"``.
        normalization: the Unicode normal form, ``"NFC"`` (default), ``"NFKC"``, or None.
    """

    repair: bool = True
    straighten_quotes: bool = False
    normalization: Literal["NFC", "NFKC", "NFD", "NFKD"] | None = "NFC"

    def __post_init__(self) -> None:
        if self.normalization not in ("NFC", "NFKC", "NFD", "NFKD", None):
            raise ConfigError(
                f"normalization={self.normalization!r} is invalid; "
                "use one of 'NFC', 'NFKC', 'NFD', 'NFKD' or None"
            )


@lru_cache(maxsize=16)
def _ftfy_config(config: NormalizeConfig) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        uncurl_quotes=config.straighten_quotes,
        fix_character_width=False,
        fix_line_breaks=False,  # lines are split before repair
        normalization=config.normalization,
        explain=False,
    )


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines at any line break (``\\n``, ``\\r\\n``, ``\\r``, U+2028,
    U+2029, U+0085). A trailing line break does not start an extra line.

    >>> split_lines("a\\r\\nb\\rc\\n")
    ['a', 'b', 'c']
    """
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _LINE_BREAK_RE.sub("\n", text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def normalize_text(text: str, config: NormalizeConfig = NormalizeConfig()) -> list[str]:
    """Split ``text`` into lines, repair them and normalize their white space.

    >>> normalize_text("caf\\u00c3\\u00a9\\u00a0 au  lait \\r\\nAT&amp;T")
    ['café au lait', 'AT&T']
    """
    return normalize_lines(text, config)[0]


def normalize_lines(text: str, config: NormalizeConfig = NormalizeConfig()
                    ) -> tuple[list[str], str | None]:
    """:func:`normalize_text`, and what it found out on the way: the characters of the
    lines other than printable ASCII and line breaks, or a few more (those that tidying
    took out), in one string; None when that is not known.

    >>> normalize_lines("Kyiv’s\\u00a0 plan\\ncafé")
    (['Kyiv’s plan', 'café'], '’\\xa0é')
    """
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _LINE_BREAK_RE.sub("\n", text)
    if not text:
        return [], ""
    # "\n".join(split_lines(text)), without splitting: the lines are split once, last
    joined = text[:-1] if text[-1] == "\n" else text
    others, data = _others(joined)
    lines = None
    if config.repair:
        # A few scans settle the common case: nothing to repair.
        if not _plain(config) or _may_need_repair(joined, others, data):
            lines = joined.split("\n")
            lines = _repair(lines, config, _suspect_lines(lines, joined, others, data))
            joined = "\n".join(lines)
            others, data = _others(joined)
    elif config.normalization:
        lines = [unicodedata.normalize(config.normalization, line) for line in joined.split("\n")]
        joined = "\n".join(lines)
        others, data = _others(joined)
    if lines is None:
        lines = joined.split("\n")
    if _may_need_tidying(joined, others, lines):
        # what _whitespace() does to each line, done to all of them at once
        odd = joined if others is None else others
        if _INVISIBLE_RE.search(odd):
            joined = _INVISIBLE_RE.sub("", joined)  # (str.translate is slow on non-ASCII text)
        if others is None:
            joined = _ODD_ONLY_RE.sub(" ", joined)
        else:
            # each odd space there is (most often one or two kinds, such as the
            # no-break space) replaced at C speed, where the pattern is tried at
            # every character
            for space in set(_ODD_ONLY_RE.findall(others)):
                joined = joined.replace(space, " ")
        # every run of spaces one space: replace() halves each run in a pass at C speed
        # (a run of n spaces takes log2(n) passes), where the pattern "  +" is tried
        # at every character
        while "  " in joined:
            joined = joined.replace("  ", " ")
        # now a line's ends hold one plain space at most
        joined = joined.replace(" \n", "\n").replace("\n ", "\n")
        lines = joined.split("\n")
        lines[0], lines[-1] = lines[0].strip(" "), lines[-1].strip(" ")
    # (tidying only took characters out, or made them plain spaces)
    return lines, others


#: Every byte of printable ASCII and the line break: deleted from UTF-8 text, what is
#: left is its other characters (control characters and non-ASCII ones, whole).
_PLAIN_BYTES = b"\n" + bytes(range(0x20, 0x7F))
#: Each byte of UTF-8 by its kind: "a" ASCII, "c" continuation (0x80-0xBF), "l" lead,
#: but the line break "n", so that the kinds split into lines where the text does.
_BYTE_KINDS = b"a" * 0x0A + b"n" + b"a" * (0x80 - 0x0B) + b"c" * 0x40 + b"l" * 0x40


def _others(joined: str) -> tuple[str | None, bytes | None]:
    """The characters of ``joined`` but printable ASCII and line breaks, in order, and
    the UTF-8 bytes of ``joined``; (None, None) when it cannot be encoded (a lone
    surrogate).

    Every character that repair or tidying acts on (unsafe, odd white space, invisible:
    none is printable ASCII nor a line break, as the tests check) is among them, and
    they are a few per cent of news text: the checks for such characters look there.
    (The UTF-8 bytes of ``joined`` without those bytes, decoded: every byte of a
    non-ASCII character is 0x80 or above, so the characters left are whole.)"""
    try:
        data = joined.encode()
    except UnicodeEncodeError:
        return None, None
    return data.translate(None, _PLAIN_BYTES).decode(), data


def _may_need_repair(joined: str, others: str | None = None, data: bytes | None = None) -> bool:
    """True when some line of ``joined`` (lines joined with "\\n") is suspect: exactly when
    :func:`needs_repair` is true of one of them, in three quick scans instead of one slow
    one. (``others`` and ``data``: what :func:`_others` gives for ``joined``, when the
    caller has it.)"""
    if _UNSAFE_RE.search(joined if others is None else others):
        return True
    if "&" in joined and _ENTITY_RE.search(joined):
        return True
    # every non-ASCII character is a safe one here; are two of them side by side?
    if joined.isascii():
        return False
    if data is not None:
        # In UTF-8 a non-ASCII character opens with a lead byte (0xC0 and above) and
        # ends with a continuation byte (0x80-0xBF); an ASCII character is one byte
        # below 0x80. So two non-ASCII characters stand side by side exactly where a
        # continuation byte is followed by a lead byte.
        return b"cl" in data.translate(_BYTE_KINDS)
    return _NON_ASCII_PAIR_RE.search(joined) is not None


def _suspect_lines(lines: list[str], joined: str, others: str | None,
                   data: bytes | None) -> list[bool] | None:
    """:func:`needs_repair` of each of ``lines``, worked out for all of them at once
    (``joined``: the lines joined with "\\n"; ``others`` and ``data``: what
    :func:`_others` gives for it), or None when the text could not be encoded.

    A line is suspect when it holds two non-ASCII characters side by side, an unsafe
    character or what may open an entity (the three parts of :data:`_SUSPECT_RE`), each
    found here for the whole text: the pairs in the kinds of each line's UTF-8 bytes (a
    continuation byte followed by a lead byte, see :func:`_may_need_repair`); the other
    two, when the text holds any (a look at ``others`` and for an ampersand tells), by
    a search of the text for the next one from the start of the line after each line it
    finds one in. A search of each line for the three parts tries all three at every
    character. (A line break is one byte and none of the parts holds one, so what is
    found falls on the line it would be found in alone.)"""
    if data is None or others is None:
        return None
    suspect = [b"cl" in kinds for kinds in data.translate(_BYTE_KINDS).split(b"n")]
    unsafe = _UNSAFE_RE.search(others) is not None
    entity = "&" in joined and _ENTITY_RE.search(joined) is not None
    if unsafe or entity:
        starts = list(accumulate(map(len, lines), lambda at, n: at + n + 1, initial=0))
        for pattern, present in ((_UNSAFE_RE, unsafe), (_ENTITY_RE, entity)):
            if present:
                search, pos = pattern.search, 0
                while (m := search(joined, pos)) is not None:
                    k = bisect.bisect_right(starts, m.start()) - 1
                    suspect[k] = True
                    pos = starts[k + 1]  # (past the end after the last line: no match)
    return suspect


def _may_need_tidying(joined: str, others: str | None, lines: list[str]) -> bool:
    """True when :func:`_whitespace` would change some line of ``joined``. (``others``:
    what :func:`_others` gives for ``joined``, None when it gave nothing; ``lines``:
    ``joined.split("\\n")``. A line's ends are tested line by line: a search of the
    text for a space before or after a line break runs at every space.)"""
    return ("  " in joined or any(map(str.startswith, lines, repeat(" ")))
            or any(map(str.endswith, lines, repeat(" ")))
            or _ODD_SPACE_RE.search(joined if others is None else others) is not None)


def _plain(config: NormalizeConfig) -> bool:
    """True when repair can leave every unsuspicious line alone."""
    return config.normalization == "NFC" and not config.straighten_quotes


def _repair(lines: list[str], config: NormalizeConfig,
            suspect: list[bool] | None = None) -> list[str]:
    """Repair each line that may need it (``suspect``: :func:`needs_repair` of each
    line, when the caller knows it; else it is asked here)."""
    plain = _plain(config)
    fixer = _ftfy_config(config)
    out = list(lines)
    for i, line in enumerate(lines):
        if not (suspect[i] if suspect is not None else needs_repair(line)):
            if plain:
                continue
            if config.normalization == "NFC":
                # straightening quotes is the only change left to make
                out[i] = ftfy.fixes.uncurl_quotes(line)
                continue
        out[i] = settle(line, fixer)
    return out


#: How many rounds of repair and white-space normalization a line may take to settle.
MAX_ROUNDS = 4


def settle(line: str, fixer: ftfy.TextFixerConfig) -> str:
    """Repair ``line`` with ftfy and normalize its white space, again and again until
    neither changes it (at most MAX_ROUNDS times). Dropping an invisible character or
    folding a space can bring together two characters that ftfy then repairs, so one
    round is not always a fixed point; cleaning the output again must change nothing.

    Under the default configuration, a repaired line that :func:`needs_repair` clears is
    already a fixed point (ftfy would leave it alone and its white space is normalized),
    so the round that would only confirm it is skipped: on mojibake that halves the
    number of calls to ftfy."""
    plain = fixer.normalization == "NFC" and not fixer.uncurl_quotes
    for round_ in range(MAX_ROUNDS):
        quick = plain and round_ == 0 and len(line) <= fixer.max_decode_length
        if plain and _NOTHING_TO_DECODE_RE.fullmatch(line):
            fixed = _whitespace(ftfy.fix_text(line, _not_decoding(fixer)))
        elif quick:
            fixed = _fix_in_one_step(line, fixer)
            fixed = _whitespace(_fix_quotes_kept(line, fixer) if fixed is None else fixed)
        else:
            fixed = _whitespace(ftfy.fix_text(line, fixer))
        if fixed == line:
            break
        line = fixed
        if plain and not _SUSPECT_RE.search(line):
            break
    return line


#: A line that ftfy's encoding repair cannot change: ASCII (control characters
#: included, but no ``&``, so that unescaping cannot bring in other characters) and
#: invisible characters that no single-byte encoding holds (zero-width space, word
#: joiner, byte-order mark, Mongolian vowel separator). Decoding starts by encoding the
#: text in a single-byte encoding, which such text cannot be unless it is ASCII, which
#: ftfy leaves alone; its last resorts look for non-ASCII characters of those encodings
#: (a-hat-euro sequences, C1 controls), and there are none. ftfy's other fixers keep it
#: such a line (on it, they can only take characters out). So ftfy
#: without encoding repair gives ftfy's answer, without its check for mojibake, which
#: scans the whole line twice (a megabyte line of zero-width spaces and NULs: 0.5 s).
_NOTHING_TO_DECODE_RE = re.compile("[\x00-\x25\x27-\x7f\u200b\u2060\ufeff\u180e]*")

#: Characters that ftfy's fixers other than decoding change (C0 control characters,
#: surrogates, Latin ligatures) or that can start an entity: a line holding one (or not
#: in NFC) goes the other ways at once, where the shortcut below would mostly decline
#: after doing half of ftfy's work. (Only a matter of speed: the shortcut is exact on
#: any line. C1 controls are left to it: UTF-8 read as Windows-1252 holds them, as in
#: the mojibake of a closing double quote, which one step of decoding repairs.)
_FIXED_OTHERWISE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u0132\u0133\u013f\u0140"
    "\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06&]")

#: ftfy's single step of encoding repair: decode the text once, if it looks like mojibake
#: (not a public name: without it, every line takes the slower ways below)
_ONE_STEP = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)


def _fix_in_one_step(line: str, fixer: ftfy.TextFixerConfig) -> str | None:
    """``ftfy.fix_text(line, fixer)`` under the default configuration, found with a
    fraction of ftfy's work for the two common cases, or None for any other.

    ``ftfy.fix_and_explain`` runs, again until nothing changes: HTML unescaping, encoding
    repair (one step of decoding, again until nothing changes), its other fixers and NFC.

    - When one step of decoding turns the line into text that :func:`needs_repair`
      clears, that text is the answer: ftfy leaves such text alone, so every later step
      and round only confirms it. Those confirmations are most of ftfy's cost on mojibake
      (the check for mojibake scans the whole repaired line, curly quotes and all).
      Unescaping, which ftfy does before decoding, had nothing to do: decoding leaves
      ASCII alone, so an entity in the line would still be in the text, and
      :func:`needs_repair` flags entities.
    - When the step leaves the line alone (no mojibake seen), ftfy's encoding repair
      leaves it alone, and what is left is unescaping and the other fixers: run without
      encoding repair, if they change nothing, the line is the answer.

    ``tests/test_normalize.py`` holds normalization to ``ftfy.fix_text`` on mojibake and
    risky text."""
    if _ONE_STEP is None or _FIXED_OTHERWISE_RE.search(line) or not unicodedata.is_normalized("NFC", line):
        return None
    decoded = _ONE_STEP(line, fixer).text
    if decoded != line:
        return None if _SUSPECT_RE.search(decoded) else decoded
    return line if ftfy.fix_text(line, _not_decoding(fixer)) == line else None


@lru_cache(maxsize=16)
def _not_decoding(fixer: ftfy.TextFixerConfig) -> ftfy.TextFixerConfig:
    return fixer._replace(fix_encoding=False)


def _fix_quotes_kept(line: str, fixer: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text(line, fixer)`` for a configuration that keeps curly quotes, found
    faster by way of one that straightens them.

    ftfy is slow on repaired mojibake that keeps its curly quotes: after decoding a line it
    checks the result again, and curly quotes send that check down its slow path. So the
    line is fixed with quotes straightened (and the steps explained), and then:

    - if straightening never fired, the two configurations did the same at every step,
      and the result is the answer;
    - if it fired once, last, after nothing but encoding repairs and fixers, replaying
      those steps without it (``ftfy.apply_plan``) gives what the quote-keeping run does
      in its first pass (the steps after the straightening, control characters,
      surrogates and NFC, leave quotes alone). Where that text is one that ftfy leaves
      alone (:func:`needs_repair` clears it), it is the answer; else the quote-keeping
      run goes on from it, as ftfy would;
    - anything else: ftfy with the quote-keeping configuration itself.

    ``tests/test_normalize.py`` holds normalization to plain ftfy on mojibake and risky text.
    (Only for a line that ftfy.fix_text takes in one piece: no longer than
    ``max_decode_length``.)
    """
    fixed, plan = ftfy.fix_and_explain(line, _straightening(fixer))
    steps = [step for step in plan if step != _STRAIGHTEN]
    if len(steps) == len(plan):
        return fixed
    if len(steps) == len(plan) - 1 and plan[-1] == _STRAIGHTEN and all(
            op in ("encode", "decode", "transcode", "apply") for op, _ in steps):
        try:
            first_pass = ftfy.apply_plan(line, steps)
        except (ValueError, UnicodeError):
            first_pass = None
        if isinstance(first_pass, str):
            return first_pass if not _SUSPECT_RE.search(first_pass) else ftfy.fix_text(first_pass, fixer)
    return ftfy.fix_text(line, fixer)


_STRAIGHTEN = ("apply", "uncurl_quotes")


@lru_cache(maxsize=16)
def _straightening(fixer: ftfy.TextFixerConfig) -> ftfy.TextFixerConfig:
    return fixer._replace(uncurl_quotes=True, explain=True)


def _whitespace(line: str) -> str:
    if _INVISIBLE_RE.search(line):
        line = line.translate(_INVISIBLE_TABLE)
    # str.split() splits on every Unicode white-space character (tabs, no-break and thin
    # spaces included), drops empty pieces and so strips both ends in one C-level pass.
    return " ".join(line.split())


def needs_repair(line: str) -> bool:
    """True when ftfy might change ``line`` (see the module docstring); False is a
    guarantee that it will not, under the default configuration.

    A line of printable ASCII (no tab, no control character) without an ampersand is
    answered without the search: none of the three parts of :data:`_SUSPECT_RE` can
    match it (the first matches only control characters among ASCII ones, the second
    only non-ASCII ones, the third only after an ampersand). The search tries each part
    at every character of the line, about eight times the cost of the checks on the
    lines of news pages; and most lines of a page that needs the line-by-line scan at all
    are such lines (84% on the devset).

    >>> needs_repair("Kyiv's plan, agreed."), needs_repair("caf\u00c3\u00a9"), needs_repair("AT&amp;T")
    (False, True, True)
    """
    if line.isascii() and "&" not in line and line.isprintable():
        return False
    return _SUSPECT_RE.search(line) is not None
