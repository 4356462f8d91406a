"""The analysis of rules kept on disk: read back as it was worked out, never in the way."""

import json

import pytest

from cleantext import analysis_cache, patterns, prefilter
from cleantext.patterns import Matcher, builtin_patterns

RULES = builtin_patterns().rules()
LINES = ["Updated 12:30 pm ET, May 4, 2024", "Share this article", "Photo: Reuters",
         "The minister said on Tuesday that the plan would go ahead.", "Read more:"]


def _forget():
    """A fresh start: no analysis kept in memory, the cache read again from the
    environment."""
    for cached in (patterns._prepare, patterns._edges, patterns._tables):
        cached.cache_clear()
    analysis_cache.reset()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache"
    _forget()


def _scan(matcher):
    return matcher.scan(LINES, [line.lower() for line in LINES])


def test_a_second_run_reads_the_analysis_instead_of_working_it_out(cache_dir, monkeypatch):
    first = Matcher(RULES)
    analysis_cache.shared().save()
    assert [p.name for p in cache_dir.iterdir()] == [analysis_cache.shared().path.name]
    _forget()

    def no(*args):
        raise AssertionError("worked out again")

    for name in ("analyse", "line_edges", "sees_past_its_line"):
        monkeypatch.setattr(patterns, name, no)
    again = Matcher(RULES)
    assert _scan(again) == _scan(first)
    assert [(p.filter, p.starts, p.ends, p.need, p.searches[-1].per_line
             if hasattr(p.searches[-1], "per_line") else None) for p in again._plans] == \
        [(p.filter, p.starts, p.ends, p.need, p.searches[-1].per_line
          if hasattr(p.searches[-1], "per_line") else None) for p in first._plans]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_entries_decode_to_what_the_analysis_gives(rule):
    whole_line = rule.scope != "span"
    found = prefilter.analyse(rule.pattern, rule.case_sensitive, whole_line)
    data = json.loads(json.dumps(analysis_cache.encode_filter(found)))
    assert analysis_cache.decode_filter(data) == found
    edges = prefilter.line_edges(rule.pattern, rule.case_sensitive)
    assert analysis_cache.decode_edges(json.loads(json.dumps(analysis_cache.encode_edges(edges)))) == edges


@pytest.mark.parametrize("content", [b"not json{", b"[1, 2]", b'{"x": 1',
                                     json.dumps({"anything": "else"}).encode()])
def test_a_damaged_file_counts_as_empty_and_is_written_again(cache_dir, content):
    cache = analysis_cache.shared()
    cache_dir.mkdir()
    cache.path.write_bytes(content)
    assert _scan(Matcher(RULES)) == _scan(_fresh_matcher())
    cache.save()
    assert len(json.loads(cache.path.read_bytes())) > len(RULES)


def test_an_entry_that_does_not_decode_is_worked_out_again(cache_dir):
    cache = analysis_cache.shared()
    rule = next(r for r in RULES if r.scope != "span")
    key = ["analyse", rule.pattern, rule.case_sensitive, True]
    cache_dir.mkdir()
    cache.path.write_text(json.dumps({json.dumps(key, ensure_ascii=False): ["wrong"]}))
    got = cache.lookup(key, lambda: prefilter.analyse(rule.pattern, rule.case_sensitive, True),
                       analysis_cache.encode_filter, analysis_cache.decode_filter)
    assert got == prefilter.analyse(rule.pattern, rule.case_sensitive, True)


def test_a_cache_that_cannot_be_written_is_not(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the directory would go")
    monkeypatch.setenv(analysis_cache.ENV, str(blocker / "cache"))
    _forget()
    try:
        assert _scan(Matcher(RULES)) == _scan(_fresh_matcher())
        analysis_cache.shared().save()  # no error
        assert blocker.read_text() == "a file where the directory would go"
    finally:
        _forget()


def test_an_empty_directory_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(analysis_cache.ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _forget()
    try:
        Matcher(RULES)
        analysis_cache.shared().save()
        assert analysis_cache.shared().path is None and list(tmp_path.iterdir()) == []
    finally:
        _forget()


def test_the_cache_goes_under_the_home_directory_only_if_there_is_one(tmp_path, monkeypatch):
    monkeypatch.delenv(analysis_cache.ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert analysis_cache.cache_dir() == tmp_path / ".cache" / "cleantext"
    monkeypatch.setenv("HOME", str(tmp_path / "gone"))
    assert analysis_cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert analysis_cache.cache_dir() == tmp_path / "xdg" / "cleantext"


def test_the_file_name_changes_with_the_version(monkeypatch):
    before = analysis_cache._code_digest()
    monkeypatch.setattr(analysis_cache, "__version__", "0.0.0-other")
    assert analysis_cache._code_digest() != before


def _fresh_matcher():
    """The matcher built with no cache at all."""
    saved = analysis_cache._cache
    analysis_cache._cache = analysis_cache.AnalysisCache(None)
    for cached in (patterns._prepare, patterns._edges, patterns._tables):
        cached.cache_clear()
    try:
        return Matcher(RULES)
    finally:
        analysis_cache._cache = saved
        for cached in (patterns._prepare, patterns._edges, patterns._tables):
            cached.cache_clear()
