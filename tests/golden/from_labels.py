"""Write the expected clean text of each seed from seeds/labels.json.

    python tests/golden/from_labels.py

For every seed, the body lines of the labels are kept (normalized as cleantext documents
it: repaired Unicode, single spaces), boilerplate lines are dropped, blank lines stay as
paragraph breaks, and the result is rendered the way cleantext renders any document: no
blank runs, no blank line at either end, one trailing newline. No filter runs here: the
golden files say what the labels say, and the golden test holds the cleaner to them.
"""

from __future__ import annotations

import json
from pathlib import Path

from cleantext.document import render_lines
from cleantext.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[2]


def expected_from_labels(text: str, labels: list[dict]) -> str:
    lines = normalize_text(text)
    if len(lines) != len(labels):
        raise ValueError(f"{len(labels)} labels for {len(lines)} lines")
    rendered = []
    for line, label in zip(lines, labels):
        if label["label"] == "blank":
            rendered.append(None)
        elif label["label"] == "body":
            rendered.append(line)
        else:
            rendered.append("")
    return render_lines(rendered)


def main() -> None:
    labels = json.loads((ROOT / "seeds" / "labels.json").read_text(encoding="utf-8"))
    for name, entries in labels.items():
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        out = ROOT / "tests" / "golden" / name
        out.write_text(expected_from_labels(text, entries), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
