"""Golden files: the clean text of each seed, compared exactly.

The files in tests/golden/ were written from seeds/labels.json by
tests/golden/from_labels.py. ``pytest --update-golden`` rewrites them from the cleaner's
output instead; read the diff before committing it.
"""

import difflib

import pytest

import cleantext
from conftest import GOLDEN, read_seed, seed_names


@pytest.mark.parametrize("name", seed_names())
def test_seed_matches_golden(name, request):
    got = cleantext.clean(read_seed(name))
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(
            want.splitlines(keepends=True), got.splitlines(keepends=True),
            fromfile=f"golden/{name}", tofile="cleantext output"))
        pytest.fail(f"{name} differs from its golden file:\n{diff}", pytrace=False)


@pytest.mark.parametrize("name", seed_names())
def test_golden_matches_labels(name, labels):
    """The golden files still say what the labels say (guards --update-golden)."""
    from golden.from_labels import expected_from_labels

    assert (GOLDEN / name).read_text(encoding="utf-8") == expected_from_labels(
        read_seed(name), labels[name])


@pytest.mark.parametrize("name", seed_names())
def test_explanation_replays(name):
    """The removals explain the output completely: replaying them gives the same text."""
    text = read_seed(name)
    result = cleantext.Pipeline().run(text)
    assert cleantext.replay(text, result.removed) == result.text
