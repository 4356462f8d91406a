"""The matcher's shortcuts never cost a hit.

The matcher runs a rule only on lines that hold what the rule needs (see
``cleantext.prefilter``). These tests hold it to a naive matcher that runs every rule on
every line: on real pages, on text made of the rules' own examples, and on lines that
hypothesis generates from each rule's pattern.
"""

import json
import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from cleantext.document import Document
from cleantext.normalize import normalize_text
from cleantext.patterns import _SENTENCE_END, Matcher, builtin_patterns
from cleantext.prefilter import analyse, without_leading_lookaheads

RULES = builtin_patterns().rules()
MATCHER = Matcher(RULES)
DEVSET = Path(__file__).resolve().parent.parent / "benchmarks" / "devset" / "cases.jsonl"


def naive_scan(rules, lines, lower):
    """Every rule on every line, in the order and with the precedence the matcher
    documents: per line and group (scope, case mode), the first whole-line rule that
    matches; for spans, the earliest cut, then the first rule. A rule that backtracks for
    more than 2 s on a line raises TimeoutError."""
    taken = {}
    for rule in rules:
        whole = rule.scope != "span"
        if whole:
            compiled = regex.compile(f"(?:{rule.pattern})", regex.VERSION0).fullmatch
        else:
            compiled = regex.compile(f"(?:^|(?<={_SENTENCE_END} ))(?:{rule.pattern})$",
                                     regex.VERSION0).search
        group = (("line", "region", "item", "span").index(rule.scope), rule.case_sensitive)
        for i, (line, low) in enumerate(zip(lines, lower)):
            if not line:
                continue
            m = compiled(line if rule.case_sensitive else low, timeout=2.0)
            if m is None:
                continue
            best = taken.get((i, group))
            if best is None or m.start() < best[0]:
                taken[i, group] = (m.start(), rule.id)
    return sorted((i, start, rid) for (i, _), (start, rid) in taken.items())


def fast_scan(matcher, lines, lower):
    hits, timeouts = matcher.scan(lines, lower)
    if timeouts:
        raise TimeoutError(timeouts)
    return sorted((h.line, h.start, h.rule.id) for family in hits.values() for h in family)


def document(text):
    doc = Document(normalize_text(text))
    return doc.lines, doc.lower


def test_same_hits_as_every_rule_on_every_line_on_real_pages():
    with open(DEVSET, encoding="utf-8") as fh:
        cases = [json.loads(line)["input"] for line in fh]
    for text in cases[::4]:  # 41 pages from as many sites as the devset has
        lines, lower = document(text)
        assert fast_scan(MATCHER, lines, lower) == naive_scan(RULES, lines, lower)


def test_same_hits_on_the_rules_own_examples_with_decoration():
    # every example, bare and dressed the way pages dress lines, in one document
    examples = [e for r in RULES for e in r.must_match + r.must_not_match]
    dressed = [f"{lead}{e}{trail}" for e in examples
               for lead, trail in (("", ""), ("* ", ""), ("\u2022 \u2022 ", " \u203a"), ("", " |"))]
    lines, lower = document("\n".join(dressed))
    assert fast_scan(MATCHER, lines, lower) == naive_scan(RULES, lines, lower)


def generable(rule):
    """Rules whose lines hypothesis can draw: patterns the standard library reads, without
    lookaheads (which it cannot satisfy; the tests above cover those rules)."""
    if "(?=" in rule.pattern:
        return False
    try:
        re.compile(rule.pattern)
    except re.error:
        return False
    return True


@pytest.mark.parametrize("rule", [r for r in RULES if generable(r)], ids=lambda r: r.id)
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_lines_a_rule_matches_are_never_filtered_out(rule, data):
    """Lines drawn from the rule's own pattern (as the standard library reads it): the
    rule alone finds each of them through the matcher, as it does without it."""
    line = data.draw(st.from_regex(f"(?:{rule.pattern})", fullmatch=True).filter(
        lambda s: "\n" not in s and s.strip() == s and s))
    if rule.case_sensitive:
        lines, lower = [line], [line.replace("\u0130", "I").lower()]
    else:
        lines, lower = [line.upper()], [line]  # the rule sees the lower-cased line
        if lines[0].replace("\u0130", "I").lower() != line:
            return  # a line no page could give: the lower case of its upper case differs
    matcher = Matcher([rule])
    try:
        fast, naive = fast_scan(matcher, lines, lower), naive_scan([rule], lines, lower)
    except TimeoutError:
        reject()  # a line the rule backtracks on: the time limit's business, not this test's
    assert fast == naive


@pytest.mark.parametrize("pattern, case_sensitive, literals", [
    ("photo: [^\\n]+", False, {"photo: "}),
    # an optional part requires nothing; the strings around it still do
    ("x(?: images)?y", False, {"x imagesy", "xy"}),
    ("(?:ab){0,2}c", False, {"c", "abc", "ababc"}),
    # a case-sensitive rule's literals are looked for in the lower-cased line
    ("REUTERS/[A-Z]\\w+", True, {"reuters/"}),
    # \d and the like are no literal at all
    ("\\d+ comments", False, {" comments"}),
    ("[^\\n]*", False, None),
])
def test_required_literals(pattern, case_sensitive, literals):
    got = analyse(pattern, case_sensitive, whole_line=False).literals
    assert (set(got) if got is not None else None) == literals


def test_line_shape_strips_only_the_decoration_the_rule_allows():
    shape = analyse("[*\u2022 ]*(?:read more|more)[.:]*", False, whole_line=True).shape
    assert shape.admits("\u2022 \u2022 read more:")
    assert not shape.admits("read more about the long history of the city and its people")
    assert analyse("[*\u2022 ]*(?:read more|more)[.:]*", False, True).prefixes == {"read more", "more"}


def test_leading_lookaheads_come_off_only_when_they_guard_the_whole_pattern():
    assert without_leading_lookaheads("(?=[^\\n]*\\d)(?=x)ab(?:c|d)") == "ab(?:c|d)"
    assert without_leading_lookaheads("(?=[^\\n]*\\d)ab|cd") is None
    assert without_leading_lookaheads("ab") is None
