"""The filters, one module a family, and the registry that names them.

``FILTERS`` maps each filter's name to its class. The name is the same string
everywhere: ``Pipeline(["donation", ...])``, ``Pipeline.without("caption")``,
``cleantext --without caption``, and the ``filter`` of every removal.
"""

from __future__ import annotations

from .base import Filter, PatternFilter
from .layout import LayoutFilter
from .metadata import BylineFilter, TimestampFilter
from .sidebar import SidebarFilter
from .slug import SlugFilter
from .title import DuplicateTitleFilter, find_title


class DonationFilter(PatternFilter):
    """Appeals for money, membership or patronage, as whole lines or glued to the end of
    a paragraph ("... the talks. You could close this page. Or you could join ...")."""

    name = "donation"


class CaptionFilter(PatternFilter):
    """Image captions and photo credits ("Photo: ...", "(AP Photo/...)", "REUTERS/...")."""

    name = "caption"


class FurnitureFilter(PatternFilter):
    """Page furniture: ad slots, navigation and player controls, login and sign-up forms,
    legal, cookie and disclosure lines, lines with no words at all."""

    name = "furniture"


class EmbedFilter(PatternFilter):
    """Embedded social-media posts: a tweet's signature line, lines carrying a post's
    short links, platform labels ("View this post on Instagram")."""

    name = "embed"


class PromptFilter(PatternFilter):
    """Calls to comment, share, follow or sign up for a newsletter."""

    name = "prompt"


#: name -> filter class, in the default pipeline's order. Order matters: the first
#: filter to remove a line is the one its removal names (so a time under a "Read next"
#: heading is a sidebar item, not a timestamp); prompts go before sidebars, so a comment
#: prompt under a teaser list does not end the list; the title and slug filters look at
#: what the others left.
FILTERS: dict[str, type[Filter]] = {
    cls.name: cls
    for cls in (
        DonationFilter,
        FurnitureFilter,
        PromptFilter,
        CaptionFilter,
        EmbedFilter,
        SidebarFilter,
        TimestampFilter,
        BylineFilter,
        LayoutFilter,
        DuplicateTitleFilter,
        SlugFilter,
    )
}

__all__ = [
    "FILTERS",
    "BylineFilter",
    "CaptionFilter",
    "DonationFilter",
    "DuplicateTitleFilter",
    "EmbedFilter",
    "Filter",
    "FurnitureFilter",
    "LayoutFilter",
    "PatternFilter",
    "PromptFilter",
    "SidebarFilter",
    "SlugFilter",
    "TimestampFilter",
    "find_title",
]
