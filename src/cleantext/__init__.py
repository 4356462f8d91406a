"""cleantext: strip boilerplate from the plain text of scraped news articles.

>>> import cleantext
>>> cleantext.clean("Rutte visits Kyiv\\n\\nBy Jane Doe\\n\\nThe visit was short.\\n")
'Rutte visits Kyiv\\n\\nThe visit was short.\\n'

``clean`` covers the common case; ``clean_many`` cleans a list of texts, faster.
``Pipeline`` builds other filter lists and explains what it removed
(``Pipeline().run(text)`` returns a :class:`Result`). ``clean_html`` extracts a page's
article text first; ``clean_jsonl`` cleans a stream of JSON Lines records, in parallel if
asked (the ``cleantext`` command runs both).
"""

from ._version import __version__
from .batch import JsonlOptions, clean_jsonl
from .document import Document, Metadata, Removal, Result
from .errors import CleantextError, ConfigError, PatternError, UnknownFilterError
from .filters import FILTERS, Filter, PatternFilter
from .html import clean_html, html_to_text
from .normalize import NormalizeConfig
from .patterns import PatternSet, Rule, builtin_patterns, load_files
from .pipeline import Pipeline, clean, clean_many, default_pipeline, replay

__all__ = [
    "FILTERS",
    "CleantextError",
    "ConfigError",
    "Document",
    "Filter",
    "JsonlOptions",
    "Metadata",
    "NormalizeConfig",
    "PatternError",
    "PatternFilter",
    "PatternSet",
    "Pipeline",
    "Removal",
    "Result",
    "Rule",
    "UnknownFilterError",
    "__version__",
    "builtin_patterns",
    "clean",
    "clean_many",
    "clean_html",
    "clean_jsonl",
    "default_pipeline",
    "html_to_text",
    "load_files",
    "replay",
]
