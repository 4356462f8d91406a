"""The ``cleantext`` command: clean an article from stdin (or a file) to stdout."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import CleantextError
from .pipeline import Pipeline

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Strip boilerplate from the plain text of a scraped news article.",
        epilog="example:\n  cleantext < article.txt > clean.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="the article to clean (default: stdin)")
    parser.add_argument("--version", action="version", version=f"cleantext {__version__}")
    return parser


def _read(path: str | None) -> tuple[str, str]:
    name = path or "<stdin>"
    if path is None:
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as fh:
            data = fh.read()
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x})") from None


class InputError(CleantextError):
    """The input cannot be read as text."""


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        text, _ = _read(args.file)
        out = Pipeline().clean(text)
        sys.stdout.write(out)
        sys.stdout.flush()
    except OSError as exc:
        print(f"cleantext: {exc.filename or args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except CleantextError as exc:
        print(f"cleantext: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
