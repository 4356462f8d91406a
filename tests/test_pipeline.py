"""The pipeline: built from names and objects, composable, picklable, explainable."""

import json
import multiprocessing
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleantext
from cleantext import Document, Filter, Pipeline, UnknownFilterError
from cleantext.filters import PatternFilter
from cleantext.patterns import Matcher
from conftest import ROOT, read_seed, seed_names
from strategies import documents

SEED = read_seed("003_c1eafd3237e8e5b7.txt")


class ShoutFilter(Filter):
    """Removes lines written in capitals (a test filter)."""

    name = "shout"

    def mark(self, doc: Document) -> None:
        for i, line in enumerate(doc.lines):
            if line and line.isupper():
                doc.remove_line(i, self.name, "shout", "shout.caps")


def test_default_names_match_registry():
    assert Pipeline().names == list(cleantext.FILTERS)
    assert Pipeline.default().names == list(cleantext.FILTERS)


def test_built_from_names():
    p = Pipeline(["donation", "sidebar"])
    assert p.names == ["donation", "sidebar"]
    out = p.clean(SEED)
    assert "You could close this page" not in out
    assert "Oct 3, 2024" in out  # no timestamp filter in this pipeline


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(UnknownFilterError) as err:
        Pipeline(["donation", "captions"])
    assert "unknown filter 'captions'" in str(err.value)
    assert "caption" in str(err.value)


def test_without_and_with_filters():
    p = Pipeline().without("timestamp", "byline")
    assert "timestamp" not in p.names and "byline" not in p.names
    assert "Oct 3, 2024" in p.clean(SEED)
    with pytest.raises(UnknownFilterError):
        p.without("timestamp")
    q = p.with_filters(ShoutFilter(), before="slug")
    assert q.names[-2:] == ["shout", "slug"]
    assert "BECOME A PATRON" not in q.clean("Body text here.\nTHIS IS SHOUTED\n")
    r = q.with_filters("timestamp", after="caption")
    assert r.names.index("timestamp") == r.names.index("caption") + 1


def test_duplicate_filter_names_are_refused():
    with pytest.raises(cleantext.ConfigError, match="more than once"):
        Pipeline(["donation", "donation"])


def test_custom_filter_removal_is_explained():
    result = Pipeline().with_filters(ShoutFilter()).run("A quiet line of text.\nLOUD LINE\n")
    assert result.text == "A quiet line of text.\n"
    assert [(r.filter, r.family, r.rule, r.line) for r in result.removed] == [
        ("shout", "shout", "shout.caps", 2)]


def test_pipeline_is_a_filter():
    inner = Pipeline(["donation", "sidebar"])
    outer = Pipeline([inner, "timestamp", "duplicate_title", "slug"])
    assert outer.clean(SEED) == Pipeline(["donation", "sidebar", "timestamp", "duplicate_title", "slug"]).clean(SEED)


@pytest.mark.parametrize("name", seed_names())
def test_pickles(name):
    p = Pipeline().without("caption")
    again = pickle.loads(pickle.dumps(p))
    assert again.names == p.names
    assert again.run(read_seed(name)) == p.run(read_seed(name))


def _clean_with(args):
    pipeline, text = args
    return pipeline.clean(text)


def test_ships_to_worker_processes():
    p = Pipeline()
    texts = [read_seed(n) for n in seed_names()]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map(_clean_with, [(p, t) for t in texts])
    assert got == [p.clean(t) for t in texts]


def test_bytes_are_refused_with_advice():
    with pytest.raises(TypeError, match=r"decode it first"):
        cleantext.clean(b"bytes")
    with pytest.raises(TypeError, match="not int"):
        cleantext.clean(3)


def test_title_hint_finds_the_repeat():
    text = ("Live: markets\nMarkets fall sharply\nStocks fell sharply on Monday.\n"
            "Markets fall sharply | Example News\n")
    # without a hint the first line is taken for the title, and nothing repeats it
    assert "Example News" in cleantext.clean(text)
    out = cleantext.clean(text, title="Markets fall sharply")
    assert out == "Live: markets\nMarkets fall sharply\nStocks fell sharply on Monday.\n"


@pytest.mark.parametrize("title, repeat", [
    ("Kyiv’s new plan for the winter", "KYIV’S NEW PLAN FOR THE WINTER | Example News"),
    # ß folds to ss: the document's characters rule out the document-wide shortcut,
    # and each line is case-folded
    ("DIE STRASSE WIRD GESPERRT", "Die Straße wird gesperrt - Example News"),
])
def test_a_repeated_title_is_found_however_its_case_folds(title, repeat):
    text = f"{title}\nThe city closed the road on Monday, officials said.\n{repeat}\n"
    pipeline = Pipeline(["duplicate_title"])
    assert pipeline.clean(text) == f"{title}\nThe city closed the road on Monday, officials said.\n"
    # the same from a document whose characters are not known
    doc = Document(pipeline.document(text).lines)
    pipeline.mark(doc)
    assert doc.render() == pipeline.clean(text)


def test_result_serializes():
    result = Pipeline().run(SEED)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["text"] == result.text
    assert {r["family"] for r in data["removed"]} >= {"donation", "sidebar", "timestamp", "slug"}
    assert data["metadata"]["date"] == "Oct 3, 2024 - 23:00"


def test_timeout_must_be_positive():
    with pytest.raises(cleantext.ConfigError, match="timeout"):
        Pipeline(timeout=0)


def test_languages_select_rules(tmp_path):
    path = tmp_path / "de.toml"
    path.write_text(
        'family = "donation"\nlang = "de"\n[[rule]]\nid = "spenden"\n'
        'phrases = ["jetzt spenden"]\nsource = "test"\nmust_match = ["Jetzt spenden"]\n'
        'must_not_match = ["Jetzt spenden viele Menschen, sagte er."]\n', encoding="utf-8")
    text = "Der Minister sprach am Montag.\nJetzt spenden\n"
    assert "Jetzt spenden" in Pipeline(patterns=[path]).clean(text)
    assert "Jetzt spenden" not in Pipeline(patterns=[path], languages=("en", "de")).clean(text)


@given(st.lists(st.text(alphabet=st.sampled_from("ΣσςΑαΟIİi\u0345'. abcÉé’—\u212a"),
                        max_size=8),
                max_size=6))
def test_lines_are_lower_cased_each_on_its_own(lines):
    # Document.lower lower-cases the lines in one call; a final sigma must still be
    # judged within its own line, and İ must keep its column
    lines = [line.replace("\n", " ") for line in lines]
    expected = [line.replace("\u0130", "I").lower() for line in lines]
    assert Document(lines).lower == expected
    # the same where the document's characters are known (as normalization hands them
    # on), through the shortcut when every one of them is its own lower case
    others = "".join(c for line in lines for c in line if not " " <= c <= "~")
    assert Document(lines, others=others).lower == expected


def test_layout_run_twice_looks_again_after_a_cut():
    # The inner layout removes nothing; the donation filter then cuts a span out of the
    # first line, leaving "Become a Patron!" alone on it. The second layout must look at
    # the document as it now stands (its own second pass), not at the article's words the
    # first layout found: the line is outside the article's block and goes.
    text = (
        "Become a Patron! We keep our reporting open and accessible to everyone.\n"
        "NATO Secretary affirms Alliance’s commitment to Ukraine in first official visit\n"
        "In discussions with Prime Minister Michal, the leaders emphasized the importance of"
        " fortifying NATO’s security posture in the Baltics. Estonia, a key NATO ally and a"
        " strong supporter of Ukraine, plays a critical role in the alliance’s regional"
        " defense strategy.\n"
        "Zelensky also addressed Ukraine's recent withdrawal from Vuhledar amid ongoing"
        " Russian advances in eastern Ukraine.\n"
        "Strengthening NATO’s Eastern Flank\n"
        "Longtime Dutch Prime Minister Mark Rutte officially took office as NATO Secretary"
        " General on 1 October. As the Dutch Prime Minister, Rutte visited frontline Kharkiv,"
        " where the Ukraine-Netherlands security agreement was signed.\n"
    )
    assert Pipeline(["layout"]).clean(text) == text
    result = Pipeline([Pipeline(["layout"]), "donation", "layout"]).run(text)
    assert result.text == text.split("\n", 1)[1]
    assert [(r.line, r.rule) for r in result.removed if r.rule.startswith("layout")] == [
        (1, "layout.outside_main")]


def test_a_filter_of_its_own_runs_on_a_document_without_hits_of_its_family():
    """The pipeline passes over a filter that only acts on its family's hits when a
    document has none; a filter with a mark() of its own runs on every document."""

    class ShoutFilter(PatternFilter):
        name = "shout"

        def mark(self, doc):
            for i, line in enumerate(doc.lines):
                if line.isupper():
                    doc.remove_line(i, self.name, self.family, "shout.caps")

    pipeline = Pipeline([ShoutFilter("donation", name="shout"), "prompt"])
    text = "A quiet first line of the article.\n\nSTOP THE PRESSES\n\nShare this article\n"
    result = pipeline.run(text)
    assert [(r.filter, r.rule) for r in result.removed] == [("shout", "shout.caps"),
                                                            ("prompt", "prompt.share")]


def test_filters_set_on_a_pipeline_are_the_ones_that_run():
    """The pipeline's plan of which filters to pass over follows its filters: set others
    and those run."""
    pipeline = Pipeline(["prompt"])
    text = "A quiet first line of the article.\n\nShare this article\n"
    assert pipeline.run(text).text == "A quiet first line of the article.\n"
    pipeline.filters = (Pipeline(["caption"]).filters[0],)
    assert pipeline.run(text).text == text


def test_a_filter_with_hits_of_its_own_runs_on_every_document():
    """A PatternFilter that finds its hits its own way (hits() overridden) is not passed
    over when the shared scan found none of its family."""
    asked = []

    class Counted(PatternFilter):
        def hits(self, doc):
            asked.append(doc)
            return []

    Pipeline([Counted("donation", name="counted")]).clean("A quiet line of the article.\n")
    assert len(asked) == 1


def test_a_filter_with_a_mark_set_on_it_runs_on_every_document():
    """A PatternFilter whose mark() was set on the object (not its class) is not passed
    over when the shared scan found none of its family, as a subclass's is not."""
    shout = PatternFilter("donation", name="shout")

    def mark(doc):
        for i, line in enumerate(doc.lines):
            if line.isupper():
                doc.remove_line(i, "shout", "donation", "shout.caps")

    shout.mark = mark
    text = "A quiet first line of the article.\n\nSTOP THE PRESSES\n"
    assert Pipeline([shout]).clean(text) == "A quiet first line of the article.\n"


# -- many documents at once ----------------------------------------------------------------


def _real_pages() -> list[str]:
    """The seeds and the devset's pages: documents of every size, with boilerplate of
    every family (and a document with a title hint among them, below)."""
    cases = ROOT / "benchmarks" / "devset" / "cases.jsonl"
    pages = [json.loads(raw)["input"] for raw in cases.read_text(encoding="utf-8").splitlines()]
    return [read_seed(name) for name in seed_names()] + pages


def test_run_many_gives_what_run_gives_on_each_page():
    """Filter by filter over many documents, or a document at a time: the same text,
    removals, metadata and time-outs for each."""
    texts = _real_pages()
    titles = [None] * len(texts)
    titles[0] = texts[0].split("\n", 1)[0]  # a title hint reaches its own document only
    p = Pipeline()
    expected = [p.run(t, title=h).as_dict() for t, h in zip(texts, titles)]
    assert [r.as_dict() for r in p.run_many(texts, titles=titles)] == expected
    assert p.clean_many(texts, titles=titles) == [r["text"] for r in expected]
    assert cleantext.clean_many(texts[1:4]) == [cleantext.clean(t) for t in texts[1:4]]


@given(st.lists(documents(), max_size=6))
def test_clean_many_is_clean_on_each(texts):
    assert Pipeline().clean_many(texts) == [cleantext.clean(t) for t in texts]


class FailsOnBoom(Filter):
    """Raises on a document that says "boom" (a test filter)."""

    name = "fails"

    def mark(self, doc: Document) -> None:
        if any("boom" in line for line in doc.lines):
            raise RuntimeError("boom")


def test_a_filter_that_fails_on_one_document_leaves_the_others_alone():
    p = Pipeline().with_filters(FailsOnBoom(), before="layout")
    texts = [SEED, "It went boom.\n\nShare this article", SEED]
    docs = [p.document(t) for t in texts]
    failed = p.mark_many(docs)
    assert [type(e) for e in failed] == [type(None), RuntimeError, type(None)]
    assert docs[0].render() == docs[2].render() == p.clean(SEED)
    # the failing document went no further than the filter that raised
    assert not any(r.filter in ("layout", "duplicate_title", "slug") for r in docs[1].removals())
    with pytest.raises(RuntimeError, match="boom"):
        p.clean_many(texts)


def test_a_scan_that_fails_on_one_document_leaves_the_others_alone(monkeypatch):
    # the scan of all the documents at once fails; each is then scanned on its own,
    # and the failure falls on the document that causes it
    taken = Matcher._taken

    def fails_on_boom(self, lines, lower, *folded):
        if any("boom" in line for line in lines):
            raise RuntimeError("boom")
        return taken(self, lines, lower, *folded)

    monkeypatch.setattr(Matcher, "_taken", fails_on_boom)
    p = Pipeline()
    texts = [SEED, "It went boom.\n\nShare this article", SEED]
    docs = [p.document(t) for t in texts]
    failed = p.mark_many(docs)
    assert [type(e) for e in failed] == [type(None), RuntimeError, type(None)]
    assert docs[0].render() == docs[2].render() == p.clean(SEED)


def test_many_reports_a_rule_out_of_time_as_one_does(tmp_path):
    # each document its own time-outs, once, and its own hits of the rule (the batch's
    # scan runs out of time on the second document's line, and each is scanned alone)
    path = tmp_path / "slow.toml"
    path.write_text(
        'family = "slow"\n[[rule]]\nid = "nested"\npattern = "(?:x|xx)+y"\nsource = "test"\n'
        'must_match = ["xxy"]\nmust_not_match = ["xxz"]\n', encoding="utf-8")
    p = Pipeline(patterns=[path], timeout=0.05)
    texts = [SEED + "\n\nxxy", "x" * 40 + "zxy\n\nSome body.", "", "xxy"]
    expected = [p.run(t).as_dict() for t in texts]
    assert [r["timeouts"] for r in expected] == [[], ["slow.nested"], [], []]
    assert [r.as_dict() for r in p.run_many(texts)] == expected


def test_many_does_not_scan_a_scanned_document_again():
    p = Pipeline()
    once, twice = p.document(SEED), p.document(SEED)
    p.mark(once)
    p.mark(twice)
    p.mark(twice)  # (a second mark finds the document scanned)
    p.mark_many([once])
    assert once.hits == twice.hits and once.render() == p.clean(SEED)


def test_many_refuses_what_one_refuses():
    p = Pipeline()
    with pytest.raises(ValueError, match="2 texts but 1 titles"):
        p.clean_many(["One.", "Two."], titles=["One"])
    with pytest.raises(TypeError, match="not bytes"):
        p.run_many(["One.", b"Two."])
    assert p.clean_many([]) == []


def test_many_goes_through_a_subclass_own_mark():
    class Marked(Pipeline):
        def mark(self, doc: Document) -> None:
            super().mark(doc)
            doc.remove_line(0, "marked", "marked", "marked.first")

    texts = ["First line.\n\nThe body goes on here.", SEED]
    p = Marked()
    assert p.clean_many(texts) == [p.clean(t) for t in texts]
    assert p.clean_many(texts)[0] == "The body goes on here.\n"


def test_many_goes_through_a_mark_set_on_the_object():
    p = Pipeline()
    plain = p.mark

    def mark(doc: Document) -> None:
        plain(doc)
        doc.remove_line(0, "marked", "marked", "marked.first")

    p.mark = mark
    texts = ["First line.\n\nThe body goes on here.", SEED]
    assert p.clean_many(texts) == [p.clean(t) for t in texts]
    assert p.clean_many(texts)[0] == "The body goes on here.\n"


class AddsCaptionHit(Filter):
    """Puts a caption hit on the first line into a new dict of hits (a test filter): the
    pipeline decided which filters have hits to act on before any filter ran."""

    name = "adds"

    def mark(self, doc: Document) -> None:
        from cleantext.patterns import Hit

        rule = next(f for f in Pipeline().filters if f.name == "caption").rules[0]
        hits = dict(doc.hits)
        hits["caption"] = [Hit(0, rule, 0, len(doc.lines[0]))]
        doc.hits = hits


def test_many_decides_which_filters_run_when_mark_does():
    p = Pipeline().with_filters(AddsCaptionHit(), before="caption")
    texts = ["Some first line here\n\nThe body of the article goes on for a while here.", SEED]
    assert [r.as_dict() for r in p.run_many(texts)] == [p.run(t).as_dict() for t in texts]


def test_many_cleans_a_long_list_a_few_documents_at_a_time(monkeypatch):
    """A long list is cleaned MANY_AT_ONCE documents at a time: the working state of a
    few documents in memory, the same results."""
    import cleantext.pipeline as pipeline_module

    sizes = []
    real = Pipeline.mark_many

    def spy(self, docs):
        sizes.append(len(docs))
        return real(self, docs)

    monkeypatch.setattr(pipeline_module, "MANY_AT_ONCE", 3)
    monkeypatch.setattr(Pipeline, "mark_many", spy)
    texts = _real_pages()[:8]
    p = Pipeline()
    assert p.clean_many(texts) == [p.clean(t) for t in texts]
    assert sizes == [3, 3, 2]
