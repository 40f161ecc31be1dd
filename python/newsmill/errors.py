"""Exceptions of newsmill. Their messages are those of the ``newsmill`` command line."""

from __future__ import annotations

from typing import List, Optional


class NewsmillError(Exception):
    """Something newsmill could not do (the base class of its exceptions)."""

    def __init__(self, message: str, problems: Optional[List[str]] = None) -> None:
        super().__init__(message)
        self.message = message
        #: Every problem found, one string each (for configs: all of them at once).
        self.problems: List[str] = list(problems or [])


class ConfigError(NewsmillError, ValueError):
    """The configuration is wrong; ``problems`` lists every problem found."""


class InputError(NewsmillError):
    """An input cannot be used at all (one bad record is a row of ``rejects``, not an error)."""


class SchemaError(NewsmillError, ValueError):
    """A file or table does not have the columns newsmill expects."""


__all__ = ["NewsmillError", "ConfigError", "InputError", "SchemaError"]
