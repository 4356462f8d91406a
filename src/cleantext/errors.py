"""The exceptions cleantext raises. Every one of them is a :class:`CleantextError`."""

from __future__ import annotations


class CleantextError(Exception):
    """Base class of every error cleantext raises on purpose."""


class PatternError(CleantextError):
    """A pattern file is malformed: bad TOML, an unknown field, an invalid regex, or a rule
    whose own examples fail. The message names the file, the rule id and what is wrong."""

    def __init__(self, source: str, message: str, rule: str | None = None):
        self.source = source
        self.rule = rule
        where = f"{source}: rule {rule!r}" if rule else source
        super().__init__(f"{where}: {message}")


class UnknownFilterError(CleantextError, KeyError):
    """A filter was asked for by a name that no filter has."""

    def __init__(self, name: str, known: list[str]):
        self.name = name
        self.known = known
        super().__init__(f"unknown filter {name!r}; known filters: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


class ConfigError(CleantextError, ValueError):
    """An option has a value it cannot take; the message lists the values it can."""
