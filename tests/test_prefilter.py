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
from cleantext import patterns
from cleantext.patterns import _SENTENCE_END, Matcher, _without_covered, builtin_patterns, parse_file
from cleantext.prefilter import (analyse, fold_digits, fold_digits_of, sees_past_its_line,
                                 without_leading_lookaheads)

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
    # \w and the like are no literal at all; digits are folded to 0
    ("\\w+ comments", False, {" comments"}),
    ("\\d{1,2}:\\d\\d", False, {"0:00", "00:00"}),
    ("[0-9]{2} comments", False, {"00 comments"}),
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


def rules_of(*entries, case_sensitive=False):
    """Rules parsed from ``(id, scope, pattern, must_match, must_not_match)``."""
    return parse_file({"family": "t", "rule": [
        {"id": rid, "scope": scope, "pattern": pattern, "source": "test",
         "case_sensitive": case_sensitive, "must_match": [yes], "must_not_match": [no]}
        for rid, scope, pattern, yes, no in entries]}, "test").rules


@pytest.mark.parametrize("pattern", [
    "(?:subscribe){e<=1} now",   # fuzzy: text to the standard library, a condition to regex
    "[[:alpha:]]+ now",          # a POSIX class: a nested set to the standard library
])
def test_patterns_the_two_parsers_read_apart_get_no_filter(pattern):
    found = analyse(pattern, False, whole_line=True)
    assert (found.literals, found.prefixes, found.suffixes) == (None, None, None)


def test_fuzzy_rule_finds_its_misspelt_line():
    rules = rules_of(("fuzzy", "line", "(?:subscribe){e<=1} now", "subscrbe now", "read now"))
    lines = ["The council met on Monday.", "Subscrbe now", "subscribe now"]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (1, 0, "t.fuzzy"), (2, 0, "t.fuzzy")]


@pytest.mark.parametrize("pattern, crosses", [
    ("photo: [^\\n]+", False),
    ("[*\u2022 ]*read more\\b", False),
    ("(?<=[\\x00-\\x7f])credit", True),   # the range holds the line break
    ("credit(?=\\n)", True),
    ("credit\\Z", True),
    ("(?:credit){e<=1}", True),          # cannot be analysed
])
def test_patterns_that_could_see_the_next_line(pattern, crosses):
    assert sees_past_its_line(pattern) is crosses


def test_rule_whose_class_holds_a_line_break_sees_only_its_own_line():
    # Joined into one text, the lookbehind would see the break before each line, and the
    # lookahead the line after it; each line must be judged on its own.
    rules = rules_of(
        ("behind", "line", "(?<![\\x00-\\x7f])credit: [a-z]+", "credit: ap", "credit ap"),
        ("ahead", "span", "follow us(?![\\x00-\\x7f])", "Follow us", "follow us now"),
    )
    lines = ["credit: ap", "Body text. Follow us", "credit: reuters", "x"]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (0, 0, "t.behind"), (1, 11, "t.ahead"), (2, 0, "t.behind")]


def test_lines_whose_lower_case_is_longer_are_placed_right():
    # "İ" lower-cases to two characters: the automaton runs over the lower-cased text,
    # so a hit must be placed by the lower-cased lines' lengths.
    rules = rules_of(("label", "line", "[a-z]+ photo: [a-z]+", "staff photo: ap", "photo: ap"))
    lines = ["\u0130" * 40, "Staff photo: AP", "The council met on Monday and approved the budget."]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (1, 0, "t.label")]


def test_case_sensitive_rule_is_measured_on_the_line_itself():
    # three word characters; the lower-cased line is four characters long
    rules = rules_of(("caps", "line", "\\w{3}", "ABC", "AB"), case_sensitive=True)
    lines = ["\u0130AB"]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (0, 0, "t.caps")]


def test_a_repeated_lookahead_stays_on_the_pattern():
    assert without_leading_lookaheads("(?=x)?xy") is None
    assert without_leading_lookaheads("(?=x){1,2}xy") is None
    rules = rules_of(("opt", "line", "(?=x)?xy", "xy", "x"))
    assert fast_scan(Matcher(rules), ["xy"], ["xy"]) == [(0, 0, "t.opt")]


@pytest.mark.parametrize("runaways", [1, 2])
def test_a_rule_out_of_time_costs_only_its_own_hits(runaways):
    # one candidate line is matched by a call of its own, several in one search
    rules = rules_of(
        ("plain", "line", "photo: [a-z]+", "photo: ap", "photo ap"),
        ("runaway", "line", "(?:x|xx)+y", "xxy", "xxz"),
    )
    lines = ["Photo: AP"] + ["x" * 40 + "zxy"] * runaways + ["photo: reuters"]
    hits, timeouts = Matcher(rules, timeout=0.05).scan(lines, [x.lower() for x in lines])
    assert timeouts == ["t.runaway"]
    assert [(h.line, h.rule.id) for h in hits["t"]] == [(0, "t.plain"), (runaways + 1, "t.plain")]


def test_digits_are_folded_for_every_digit_the_rule_can_match():
    # Arabic-Indic and full-width digits are \d to the rule: folded like ASCII ones
    rules = rules_of(("clock", "line", "\\d{1,2}:\\d\\d", "19:45", "19:4"))
    lines = ["\u0661\u0669:\u0664\u0665", "\uff11\uff19:\uff14\uff15", "7:30", "Body text 19 and 45."]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (0, 0, "t.clock"), (1, 0, "t.clock"), (2, 0, "t.clock")]


def test_strings_inside_others_tell_their_rules_once():
    assert _without_covered({"oct": 1, "october": 1, "october 0": 3, "\noct": 4}) == {
        "oct": 1, "october 0": 2, "\noct": 4}


def test_end_string_with_decoration_after_it():
    # the end string may stand before decoration: it is looked for anywhere in the line
    rules = rules_of(("tail", "line", "[a-z]+ \\(ap\\)[.!]*", "photo (ap).", "(ap)"))
    assert analyse(rules[0].pattern, False, True).suffixes == {" (ap)"}
    lines = ["Photo (AP).!", "Photo (AP)", "The minister spoke to reporters (AP) on Monday."]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (0, 0, "t.tail"), (1, 0, "t.tail")]


def test_phrase_rules_match_as_their_regex_does():
    # phrases looked up in a set, for every split of the decoration; a phrase may itself
    # start or end with a decoration character, and a long run of decoration goes to the
    # regex
    rules = parse_file({"family": "t", "rule": [{
        "id": "more", "phrases": ["read more", "more >", "- more", "more"], "source": "test",
        "must_match": ["read more"], "must_not_match": ["read more about it"]}]}, "test").rules
    lines = ["Read more", "* Read more ›", "more >", "- more", "-- more >>", "more >" + " |" * 10,
             "\u2022 " * 10 + "more", "Read more about it", "more about", ">", "The more, the better."]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (i, 0, "t.more") for i in range(7)]


@pytest.mark.parametrize("pattern, spaceless", [
    ("[a-z0-9]+(?:[-_][a-z0-9]+){2,}", True),
    ("\\w+\\.(?:jpe?g|png)", True),
    ("\\S+", True),
    ("[a-z]+ [a-z]+", False),
    ("[^\\n,]+", False),          # a negated class holds the space
    ("[a-z]+(?:\\s[a-z]+)?", False),
    ("x.y", False),
    ("x(?= )", True),              # a lookahead consumes nothing
])
def test_rules_that_match_no_space(pattern, spaceless):
    assert analyse(pattern, False, whole_line=True).shape.spaceless is spaceless


def test_every_part_of_the_pattern_must_find_what_it_needs():
    pattern = "(?=[^\\n]*\\d)(?=[^\\n]*(?:march|may))[a-z0-9 ]+"
    found = analyse(pattern, False, whole_line=True)
    assert set(map(frozenset, found.conjuncts)) == {frozenset({"0"}), frozenset({"march", "may"})}
    rules = rules_of(("dated", "line", pattern, "may 5", "may"))
    lines = ["May 5", "In March", "Market day", "4 March 2024", "The 5 markets"]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower) == [
        (0, 0, "t.dated"), (3, 0, "t.dated")]


def test_each_alternative_needs_its_own_string():
    # As a whole the rule needs only "ok" somewhere, which "book" and "took" hold; its
    # second alternative is a whole line that starts with "ok".
    pattern = "(?:[^\\n]{0,30} )?we use cookies[^\\n]*|ok(?: & close)?"
    found = analyse(pattern, False, whole_line=True)
    assert found.branches == (("literals", frozenset({"we use cookies"})),
                              ("prefixes", frozenset({"ok", "ok & close"})))
    rules = rules_of(("consent", "line", pattern, "ok", "okay"))
    matcher = Matcher(rules)
    assert [p.need for p in matcher._plans] == ["branches"]
    lines = ["The book took him a year.", "OK", "We use cookies on this site.",
             "Ok & close", "Okra is a vegetable."]
    lower = [x.lower() for x in lines]
    # the rule is not even tried on the first line, nor on the last (it starts with "ok",
    # and the regex decides)
    candidates = matcher._candidates(lines, lower, lower)
    assert candidates == {0: [1, 2, 3, 4]}
    assert fast_scan(matcher, lines, lower) == naive_scan(rules, lines, lower) == [
        (1, 0, "t.consent"), (2, 0, "t.consent"), (3, 0, "t.consent")]


def _tried_lines(monkeypatch) -> set[str]:
    """The texts the matcher's regex searches are asked about from now on (a line alone,
    or lines searched together)."""
    tried: set[str] = set()
    alone, run = patterns._Search.alone, patterns._Search.run

    def spy_alone(search):
        match = alone.fget(search)

        def spied(text, timeout):
            tried.add(text)
            return match(text, timeout)
        return spied

    def spy_run(search, indices, texts, deadline):
        tried.update(texts[i] for i in indices)
        return run(search, indices, texts, deadline)

    monkeypatch.setattr(patterns._Search, "alone", property(spy_alone))
    monkeypatch.setattr(patterns._Search, "run", spy_run)
    return tried


@pytest.mark.parametrize("pattern, test, example, kept_off", [
    ("(?:image|photo)[a-z ]{0,9}: getty", "starts", "photo: getty", "my photo: getty"),
    ("read [a-z]{0,10} ?(?:more|next)", "ends", "read more", "read more here"),
    ("photo: [a-z]+ [a-z]+", "admits", "photo: ap staff", "photo: ap"),
    ("(?:by|from) [a-z]+ [a-z]+ for reuters", "also", "by jo li for reuters",
     "and more for reuters"),
])
@pytest.mark.parametrize("copies", [1, 2])  # the regex on a line alone, or on lines joined
def test_the_cheap_tests_keep_a_rule_off_lines_it_cannot_match(monkeypatch, pattern, test,
                                                               example, kept_off, copies):
    # the automaton finds the rule's string in every line; the test of how its lines
    # start, how they end, how long they are or what else they hold leaves one out, and
    # the regex is never asked about it
    matcher = Matcher(rules_of(("r", "line", pattern, example, kept_off)))
    assert getattr(matcher._plans[0], test) is not None
    lines = [example, kept_off] + [example.upper()] * (copies - 1)
    lower = [x.lower() for x in lines]
    assert matcher._candidates(lines, lower, lower) == {0: list(range(len(lines)))}
    tried = _tried_lines(monkeypatch)
    assert fast_scan(matcher, lines, lower) == [(i, 0, "t.r") for i in range(len(lines)) if i != 1]
    assert tried == {example}


@pytest.mark.parametrize("pattern", [
    "[*\u2022 ]*ok|we use cookies[^\\n]*",   # an alternative with decoration at its start
    "we use cookies[^\\n]*|(?:[^\\n]{0,10} )?got it[.!\u203a ]*",   # ... or at its end
])
def test_an_alternative_with_decoration_needs_its_string_anywhere(pattern):
    # "* ok" does not start with "ok", nor "got it \u203a" end with "got it": the
    # alternative's start (end) string cannot be used
    found = analyse(pattern, False, whole_line=True)
    assert len(found.branches) == 2
    rules = rules_of(("consent", "line", pattern, "we use cookies.", "okay"))
    lines = ["* OK", "\u2022 Ok", "ok", "OK, got it \u203a", "Got it!", "got it",
             "We use cookies.", "The book took a year.", "I have got it in hand"]
    lower = [x.lower() for x in lines]
    assert fast_scan(Matcher(rules), lines, lower) == naive_scan(rules, lines, lower)
    assert len(naive_scan(rules, lines, lower)) >= 3


def test_alternatives_count_only_at_the_top_of_a_whole_line_pattern():
    assert analyse("(?:we use cookies|ok) now", False, whole_line=True).branches == ()
    assert analyse("we use cookies|ok", False, whole_line=False).branches == ()
    # an alternation after the rule's decoration: its start strings come after that
    assert analyse("[*\u2022 ]*(?:we use cookies|ok)", False, whole_line=True).branches == ()


@pytest.mark.parametrize("pattern, starts, ends", [
    # every start and end of four characters, or the whole line when it is shorter
    ("(?:by|from) \\d+", {"by 0", "from"}, {"by 0", "y 00", " 000", "0000", "om 0", "m 00"}),
    ("a{2,}b?", {"aa", "aaa", "aaaa", "aab", "aaab"}, {"aa", "aaa", "aaaa", "aab", "aaab"}),
    # decoration is left out at its own end; a part it cannot read leaves that end unknown
    ("[*\\-]*photo: [^\\n]+", {"phot"}, None),
    # a zero-width part takes no characters; an optional start gives both ways
    ("(?=[^\\n]*\\d)(?:updated )?\\d\\d:\\d\\d", {"upda", "00:0"}, {"0:00"}),
    # a pattern that can match an empty line tells nothing
    ("x?", None, None),
])
def test_line_edges(pattern, starts, ends):
    from cleantext.prefilter import line_edges
    assert line_edges(pattern, False) == (
        frozenset(starts) if starts is not None else None,
        frozenset(ends) if ends is not None else None)


def test_lines_a_rule_matches_pass_its_edge_tests():
    from cleantext.prefilter import EDGE, fold_digits
    for plan in MATCHER._plans:
        if plan.starts is None and plan.ends is None:
            continue
        rule = plan.rule
        full = regex.compile(f"(?:{rule.pattern})", regex.VERSION0).fullmatch
        for example in rule.must_match:
            lines, lower = document(example)
            line, low = lines[0], lower[0]
            text = line if rule.case_sensitive else low
            if not full(text):
                continue
            folded = fold_digits(low)
            if plan.starts is not None:
                assert folded[:EDGE] in plan.starts or text[:1] in plan.lead, (rule.id, example)
            if plan.ends is not None:
                assert folded[-EDGE:] in plan.ends or text[-1:] in plan.trail, (rule.id, example)


def test_characters_a_pattern_never_holds():
    from cleantext.prefilter import never_consumed
    assert never_consumed("(?:[^\\n\\w\\n]|_){1,80}", "a_Z9-") == frozenset("aZ9")
    # a lookahead looks at characters without holding them
    assert never_consumed("(?=[^\\n]*x)[*-]+", "x*-y") == frozenset("xy")
    assert never_consumed("(?:[", "abc") == frozenset()  # unreadable: nothing known


def test_a_scan_of_many_documents_is_a_scan_of_each():
    # the seeds and a sample of the devset, with an empty document and documents
    # without a hit between them: one pass over all their lines, the hits of each
    with open(DEVSET, encoding="utf-8") as fh:
        pages = [json.loads(line)["input"] for line in fh][::6]
    texts = pages[:3] + ["", "A plain sentence of prose.", ""] + pages[3:]
    docs = [document(text) for text in texts]
    assert MATCHER.scan_many(docs) == [MATCHER.scan(lines, lower) for lines, lower in docs]
    assert MATCHER.scan_many([]) == []
    # (hits in many of the documents, after documents of many lines)
    assert sum(bool(hits) for hits, _ in MATCHER.scan_many(docs)) >= 10


def test_a_rule_out_of_time_over_many_documents_is_timed_per_document():
    # Over all the lines the runaway rule runs out of time; each document then has its
    # own scan and time: the first keeps the rule's hit, the second alone loses it.
    rules = rules_of(
        ("plain", "line", "photo: [a-z]+", "photo: ap", "photo ap"),
        ("runaway", "line", "(?:x|xx)+y", "xxy", "xxz"),
    )
    matcher = Matcher(rules, timeout=0.05)
    docs = [["xxy", "Photo: AP"], ["x" * 40 + "zxy", "photo: reuters"], []]
    found = matcher.scan_many([(lines, [x.lower() for x in lines]) for lines in docs])
    assert [timeouts for _, timeouts in found] == [[], ["t.runaway"], []]
    assert [[(h.line, h.rule.id) for h in hits.get("t", [])] for hits, _ in found] == [
        [(0, "t.runaway"), (1, "t.plain")], [(1, "t.plain")], []]


def test_a_line_that_holds_a_line_break_spoils_no_other_line():
    # Normalization makes no such line, but a Document built by hand may hold one: the
    # lines after it (in a batch, the next document's) are still tested as themselves.
    by = "Reporting by Maya Gebeilly in Beirut; Editing by Daniel Flynn"
    docs = [(["a\nb"], ["a\nb"]), ([by, "It was 14 days."], [by.lower(), "it was 14 days."])]
    alone = [MATCHER.scan(lines, lower) for lines, lower in docs]
    assert [(h.line, h.rule.id) for h in alone[1][0]["byline"]] == [(0, "byline.reporting_credit")]
    assert MATCHER.scan_many(docs) == alone
    assert MATCHER.scan(["It was 14 days.", "a\nb", by], ["it was 14 days.", "a\nb", by.lower()]
                        )[0]["byline"][0].line == 2


# A document works out the folded text the scan looks in from its lower-cased bytes
# (Document.folded); the scan takes it rather than fold the lines again.

def _pages(step=6):
    with open(DEVSET, encoding="utf-8") as fh:
        return [json.loads(line)["input"] for line in fh][::step]


def test_a_document_folds_its_lower_cased_lines_as_the_scan_does():
    from cleantext.pipeline import default_pipeline
    texts = _pages() + ["Kyiv, 12 May 2024 \u00b7 \u0661\u0662:30", "\u0130stanbul 1", "", "\u03a3 9"]
    for text in texts:
        doc = default_pipeline().document(text)
        joined = "\n".join(doc.lower)
        assert doc.lower == [line.lower() if "\u0130" not in line else line.replace(
            "\u0130", "I").lower() for line in doc.lines]
        if doc.folded is not None:
            folded_text, folded_lines = doc.folded
            assert folded_text == fold_digits(joined)
            assert folded_lines == folded_text.split("\n")
    # U+0130 and the capital sigma lower-case unlike their bytes: the scan folds itself
    assert default_pipeline().document("\u0130stanbul 1").folded is None


def test_a_document_with_a_line_break_in_a_line_leaves_the_folding_to_the_scan():
    doc = Document(["Photo: AP\nReuters 2024", "It was 14 days."], others="")
    assert doc.lower == ["photo: ap\nreuters 2024", "it was 14 days."]
    assert doc.folded is None


def test_the_scan_finds_the_same_hits_with_the_documents_folded_text():
    from cleantext.pipeline import default_pipeline
    docs = [default_pipeline().document(text) for text in _pages(3)]
    assert sum(doc.folded is not None for doc in docs) >= len(docs) // 2
    for doc in docs:
        assert MATCHER.scan(doc.lines, doc.lower, doc.folded) == MATCHER.scan(doc.lines, doc.lower)
    triples = [(doc.lines, doc.lower, doc.folded) for doc in docs]
    assert MATCHER.scan_many(triples) == [MATCHER.scan(doc.lines, doc.lower) for doc in docs]
    # documents with and without it in one batch
    mixed = triples[:5] + [(["Photo: AP"], ["photo: ap"])] + triples[5:9]
    assert MATCHER.scan_many(mixed) == [MATCHER.scan(*doc[:2]) for doc in mixed]


def test_non_ascii_digits_are_folded_by_the_regex():
    text = "\u0661\u0662:30 \u0968\u0966\u0968\u096a"
    assert fold_digits_of(text, text.encode(), text) == "00:00 0000"
    # (ASCII digits only: the bytes are folded)
    assert fold_digits_of("12:30", b"12:30", "\u2019") == "00:00"
