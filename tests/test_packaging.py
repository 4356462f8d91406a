"""The wheel carries the pattern files, and the package finds them there."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{proc.stderr[-2000:]}")
    return next(out.glob("cleantext-*.whl"))


def test_wheel_contains_every_pattern_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "patterns").glob("*.toml"):
        assert f"cleantext/patterns/{path.name}" in names


def test_installed_wheel_loads_its_own_patterns(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import cleantext, cleantext.patterns as p; d = p.builtin_dir(); "
            "print(d); print(len(cleantext.builtin_patterns().rules()))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path / "site")}, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    folder, count = proc.stdout.split()
    assert Path(folder).is_relative_to(tmp_path / "site")
    assert int(count) > 20
