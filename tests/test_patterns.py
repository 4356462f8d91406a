"""Pattern files: every rule's own examples, and clear errors for bad files."""

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleantext
from cleantext import PatternError, patterns
from cleantext.patterns import Matcher, builtin_patterns, example_report, load_file, parse_file

RULES = builtin_patterns().rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    report = example_report(rule)
    assert not report.missed, f"{rule.id} misses {report.missed}"
    assert not report.wrongly_matched, f"{rule.id} matches {report.wrongly_matched}"


def test_packaged_files_pass_the_checks_a_user_file_gets():
    # builtin_patterns() skips compiling and the examples at start-up; loaded as a
    # user's files, the same files must pass every check
    from cleantext.patterns import builtin_dir, load_files
    checked = load_files(sorted(builtin_dir().glob("*.toml")))
    assert [r.id for r in checked.rules()] == [r.id for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_provenance_and_counter_examples(rule):
    assert rule.source.strip()
    assert rule.must_match and rule.must_not_match


def test_every_family_has_a_filter():
    assert set(builtin_patterns().families) <= set(cleantext.FILTERS)


def test_rule_ids_are_namespaced_and_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.id.startswith(r.family + ".") for r in RULES)


def write(tmp_path, body, name="mine.toml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = '''
[[rule]]
id = "shop"
pattern = 'visit our shop[.!]?'
source = "test"
must_match = ["Visit our shop!"]
must_not_match = ["Visit our shop in Leeds, the owner said."]
'''


def test_user_file_loads(tmp_path):
    pf = load_file(write(tmp_path, 'family = "promo"\n' + GOOD_RULE))
    assert [r.id for r in pf.rules] == ["promo.shop"]


@pytest.mark.parametrize(
    "body, message",
    [
        ('family = "promo"\n[[rule]\n', "not valid TOML"),
        ('family = "promo"\ncolour = "red"\n' + GOOD_RULE, "unknown field(s) ['colour']"),
        ('family = "Promo"\n' + GOOD_RULE, "needs 'family'"),
        ('family = "promo"\n' + GOOD_RULE.replace("source", "sauce"), "unknown field(s) ['sauce']"),
        ('family = "promo"\n' + GOOD_RULE.replace('source = "test"\n', ""), "needs a 'source'"),
        ('family = "promo"\n' + GOOD_RULE.replace("[.!]?", "(unclosed"), "invalid regex"),
        ('family = "promo"\n' + GOOD_RULE.replace("Visit our shop!", "Buy now"),
         "does not match its must_match example 'Buy now'"),
        ('family = "promo"\n' + GOOD_RULE.replace(" in Leeds, the owner said.", "."),
         "matches its must_not_match example"),
        ('family = "promo"\n' + GOOD_RULE.replace("visit our shop", "^visit our shop"), "anchors"),
        ('family = "promo"\n' + GOOD_RULE.replace("visit our shop", r"visit\sour shop"), r"\s"),
        ('family = "promo"\n' + GOOD_RULE.replace("visit our shop", "(?P<x>visit) our shop"),
         "named groups"),
        ('family = "promo"\n' + GOOD_RULE.replace("visit our shop", "(?i)visit our shop"),
         "inline flags"),
        ('family = "promo"\n' + GOOD_RULE.replace('"line"', '"page"').replace(
            'id = "shop"', 'id = "shop"\nscope = "page"'), "scope 'page' is invalid"),
        ('family = "promo"\n' + GOOD_RULE.replace('[.!]?', '(?:x)?(?:y)?').replace(
            '"Visit our shop!"', '"x"'), "does not match"),
        ('family = "promo"\n[[rule]]\nid = "e"\npattern = "(?:x)?"\nsource = "t"\n'
         'must_match = ["x"]\nmust_not_match = ["y"]\n', "matches an empty line"),
        ('family = "promo"\n[[rule]]\nid = "p"\nphrases = ["Buy Now"]\nsource = "t"\n'
         'must_match = ["buy now"]\nmust_not_match = ["y"]\n', "lower case"),
        ('family = "promo"\n' + GOOD_RULE.replace('must_not_match = ["Visit our shop in Leeds, the owner said."]', ''),
         "needs at least one example"),
    ],
)
def test_bad_file_is_named_with_rule_and_reason(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(PatternError) as err:
        load_file(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


SLOW_RULE = """family = "slow"
[[rule]]
id = "nested"
pattern = "(?:x|xx)+y"
source = "test"
must_match = ["xxy"]
must_not_match = ["xxz"]
"""
# (?:x|xx)+y tries every split of the x's before the z: exponential time. (It ends in
# "xy", as every line the rule matches does; otherwise the matcher would know without
# running the rule that it cannot match.)
RUNAWAY = "x" * 60 + "zxy"


@pytest.mark.parametrize("which", ["must_match", "must_not_match"])
def test_rule_that_runs_out_of_time_on_its_own_example_is_refused(tmp_path, which):
    """A timed-out example is neither a miss nor a pass: a must_not_match example that
    times out must not let the rule in, a must_match one must not read "does not match"."""
    body = SLOW_RULE.replace(f'{which} = ["', f'{which} = ["{RUNAWAY}", "')
    path = write(tmp_path, body)
    with pytest.raises(PatternError) as err:
        load_file(path, timeout=0.05)
    assert str(err.value) == (f"{path}: rule 'slow.nested': ran out of time (0.05 s) on its "
                              f"{which} example {RUNAWAY!r}; the pattern backtracks too much")
    # a pipeline checks its pattern files with its own time limit
    with pytest.raises(PatternError, match=r"ran out of time \(0\.05 s\)"):
        cleantext.Pipeline(patterns=[path], timeout=0.05)
    report = example_report(load_file(write(tmp_path, SLOW_RULE, "ok.toml")).rules[0])
    assert report.timed_out == []


def test_time_out_raised_by_the_scan_is_reported_as_one(tmp_path, monkeypatch):
    """Whether the scan lists a runaway rule or lets its TimeoutError through, loading
    names the rule and the example; it neither crashes nor calls it a miss."""
    def scan(self, lines, lower):
        raise TimeoutError("regex timed out")

    monkeypatch.setattr(Matcher, "scan", scan)
    path = write(tmp_path, SLOW_RULE)
    with pytest.raises(PatternError, match="rule 'slow.nested': ran out of time .* 'xxy'"):
        load_file(path)


def test_error_names_the_rule(tmp_path):
    path = write(tmp_path, 'family = "promo"\n' + GOOD_RULE.replace("Visit our shop!", "Buy now"))
    with pytest.raises(PatternError, match=r"rule 'promo\.shop'"):
        load_file(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'family = "promo"\n# \xff\n')
    with pytest.raises(PatternError, match="not UTF-8"):
        load_file(path)


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path, 'family = "promo"\n' + GOOD_RULE, "a.toml")
    b = write(tmp_path, 'family = "promo"\n' + GOOD_RULE, "b.toml")
    with pytest.raises(PatternError, match="duplicate rule id"):
        cleantext.load_files([a, b])


def test_user_file_extends_a_pipeline(tmp_path):
    path = write(tmp_path, 'family = "promo"\n' + GOOD_RULE)
    p = cleantext.Pipeline(patterns=[path])
    assert p.names[-1] == "promo"
    result = p.run("Body sentence stays here.\nVisit our shop!\n")
    assert result.text == "Body sentence stays here.\n"
    assert [r.rule for r in result.removed] == ["promo.shop"]


def test_user_family_can_be_left_out_again(tmp_path):
    path = write(tmp_path, 'family = "promo"\n' + GOOD_RULE)
    p = cleantext.Pipeline(patterns=[path]).without("promo")
    assert "promo" not in p.names
    assert p.clean("Body sentence stays here.\nVisit our shop!\n") == "Body sentence stays here.\nVisit our shop!\n"


def test_user_rules_join_an_existing_family(tmp_path):
    path = write(tmp_path, 'family = "donation"\n' + GOOD_RULE)
    p = cleantext.Pipeline(patterns=[path])
    assert "promo" not in p.names and p.names.count("donation") == 1
    assert p.clean("Body sentence stays.\nVisit our shop!") == "Body sentence stays.\n"


def test_negated_class_stops_at_line_end():
    """[^)] in a rule must not run into the next line when a document is scanned whole."""
    f = parse_file({"family": "t", "rule": [{
        "id": "paren", "pattern": r"credit \([^)]*\)", "source": "t",
        "must_match": ["Credit (AP)"], "must_not_match": ["Credit (AP"]}]}, "mem")
    m = Matcher(f.rules)
    lines = ["Credit (AP", "and more)"]
    hits, _ = m.scan(lines, [x.lower() for x in lines])
    assert hits == {}


def test_matcher_pickles():
    m = Matcher(RULES)
    again = pickle.loads(pickle.dumps(m))
    lines = ["Leave the first comment", "Body text that stays in place."]
    assert again.scan(lines, [x.lower() for x in lines]) == m.scan(lines, [x.lower() for x in lines])


def _lines_to_try() -> list[str]:
    """Every line of the seeds and every rule's examples, as the matcher sees them
    (lower-cased as well, for case-insensitive rules)."""
    from conftest import read_seed, seed_names

    lines = {line for name in seed_names() for line in read_seed(name).splitlines() if line}
    for rule in RULES:
        lines.update(rule.must_match)
        lines.update(rule.must_not_match)
    return sorted(lines | {line.lower() for line in lines})


def test_a_line_alone_matches_as_it_does_between_line_breaks():
    """A rule's pattern that cannot see past its line is matched on a line alone by way
    of its joined search (one compile instead of two): the same column, or no match,
    as the pattern compiled for the line by itself."""
    from cleantext.patterns import _Search

    lines = _lines_to_try()
    searches = {(s.pattern, s.whole_line) for plan in Matcher(RULES)._plans
                for s in (getattr(x, "regex", x) for x in plan.searches)}
    checked = 0
    for pattern, whole_line in sorted(searches):
        joined, apart = _Search(pattern, whole_line), _Search(pattern, whole_line)
        if joined.per_line:
            continue
        apart.per_line = True  # compiled for a line by itself
        assert [joined.alone(line, 5.0) for line in lines] == \
            [apart.alone(line, 5.0) for line in lines], pattern
        checked += 1
    assert checked > 50


def test_alternations_of_lists_and_phrases_do_not_depend_on_set_order():
    """Built from sets, they are ordered by length and then text: the same pattern in
    every process (set order changes from one to the next)."""
    from cleantext.patterns import _longest_first

    assert _longest_first(["bb", "a", "cc", "ab", "bb"]) == ["ab", "bb", "cc", "a"]
    words = [f"w{n:03d}" for n in range(200)]
    assert _longest_first(words) == _longest_first(reversed(words)) == words


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=6), max_size=30))
def test_automaton_strings_are_added_frequent_characters_first(strings):
    """_frequent_first orders strings by their characters' ranks: FREQUENT_CHARS in
    their order, then any other character by its code point; a string before the
    strings it begins."""
    top = len(patterns.FREQUENT_CHARS)

    def ranks(s):
        return [patterns.FREQUENT_CHARS.index(c) if c in patterns.FREQUENT_CHARS else top + ord(c)
                for c in s]

    assert [ranks(s) for s in patterns._frequent_first(strings)] == sorted(map(ranks, strings))
