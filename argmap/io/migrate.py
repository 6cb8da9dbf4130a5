"""Bring a map file written in an older format version up to the current one.

Each step takes the raw JSON object of version N and returns that of N + 1,
so a file of any supported age walks the chain; each step's test shows an
older file loading unchanged in meaning.

- 1 -> 2: ratings, strengths, critical-question answers and a rubric were
  added, all optional, so a version-1 map is a version-2 map as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argmap.model import FORMAT_VERSION

Raw = dict[str, Any]

OLDEST_VERSION = 1


def _from_1(raw: Raw) -> Raw:
    return raw  # format 2 only added optional fields


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _from_1}


class FormatVersionError(ValueError):
    """The file's format version is one this argmap cannot read."""


def migrate(raw: Raw, version: int, *, current: int = FORMAT_VERSION) -> Raw:
    """Return `raw` (format `version`) rewritten in the `current` format."""
    if version > current:
        raise FormatVersionError(
            f"This map was saved by a newer version of argmap (file format {version}); "
            f"this argmap reads formats up to {current}. Update argmap to open it."
        )
    if version < OLDEST_VERSION:
        raise FormatVersionError(
            f"This map says it uses file format {version}, which argmap never wrote "
            f"(the oldest format is {OLDEST_VERSION})."
        )
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise FormatVersionError(f"argmap cannot convert file format {version} to {version + 1}.")
        raw = step(raw)
        version += 1
        raw["format_version"] = version
    return raw
