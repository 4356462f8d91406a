import json
import os
import tempfile
from pathlib import Path

import pytest

# The rules' analysis kept on disk (cleantext.analysis_cache): for the tests and the
# commands they run, in a directory of the test runs' own, not the user's cache.
os.environ["CLEANTEXT_CACHE_DIR"] = str(Path(tempfile.gettempdir())
                                        / f"cleantext-test-cache-{os.getuid()}")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.txt from the cleaner's current output (read the diff "
        "before committing: the golden files must still say what seeds/labels.json says)",
    )


@pytest.fixture(scope="session")
def labels() -> dict:
    return json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))


def seed_names() -> list[str]:
    return sorted(p.name for p in SEEDS.glob("*.txt"))


def read_seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")
