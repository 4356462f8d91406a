"""The installed ``cleantext`` command, run as a subprocess."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleantext
from conftest import SEEDS, read_seed

# the console script installed next to this interpreter (a venv's bin/), else on PATH
_BESIDE = Path(sys.executable).with_name("cleantext")
EXE = str(_BESIDE) if _BESIDE.exists() else shutil.which("cleantext")
if EXE is None:
    pytest.fail("the cleantext command is not installed; run pip install -e '.[test]'",
                pytrace=False)


def run(args, stdin=b""):
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, timeout=120)


def test_stdin_to_stdout_equals_library():
    text = read_seed("003_c1eafd3237e8e5b7.txt")
    proc = run([], text.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == cleantext.clean(text)


def test_file_argument():
    proc = run([str(SEEDS / "004_83be168fab8a3b86.txt")])
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == cleantext.clean(read_seed("004_83be168fab8a3b86.txt"))


def test_invalid_utf8_names_the_byte():
    proc = run([], b"Good line.\nbad \xff here\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert "invalid UTF-8 at byte 15" in err and "Traceback" not in err


def test_missing_file():
    proc = run(["/nonexistent/article.txt"])
    assert proc.returncode == 2
    assert "/nonexistent/article.txt" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "cleantext"], input=b"Body text here.\nShare\n",
                          capture_output=True, timeout=120)
    assert proc.stdout == b"Body text here.\n"
