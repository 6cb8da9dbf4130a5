"""Reading the argument-scheme files (resources/schemes/*.json).

This module only reads and parses them; argmap.schemes checks what they say.
Every failure is a MapFileError that names the file, so a teacher who edits
or adds a scheme sees which file to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from argmap.io.errors import MapFileError
from argmap.io.files import os_reason
from argmap.io.presets import resources_folder

SCHEMES_FOLDER = "schemes"
# A scheme is a few hundred words; anything far larger is not a scheme file.
MAX_SCHEME_BYTES = 256 * 1024


@dataclass(frozen=True)
class SchemeFile:
    path: Path  # names the file in messages
    data: dict[str, Any]


def schemes_folder() -> Traversable:
    """The bundled schemes: inside the package in a wheel, beside it in a checkout."""
    return resources_folder() / SCHEMES_FOLDER


def read_scheme_files(folder: Traversable | None = None) -> list[SchemeFile]:
    """Every *.json file in the folder, by file name, each parsed into a JSON object."""
    folder = schemes_folder() if folder is None else folder
    if not folder.is_dir():
        raise MapFileError(str(folder), "The folder of argument schemes is missing.")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".json") and e.is_file()), key=lambda e: e.name)
    return [_read(entry) for entry in entries]


def _read(entry: Traversable) -> SchemeFile:
    path = Path(str(entry))
    try:
        data = entry.read_bytes()
    except OSError as exc:
        raise MapFileError(path, f"The scheme file could not be read ({os_reason(exc)}).") from None
    if len(data) > MAX_SCHEME_BYTES:
        raise MapFileError(path, f"The file is {len(data):,} bytes, far larger than any argument scheme.")
    try:
        text = data.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as exc:
        raise MapFileError(path, f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read).") from None
    try:
        raw = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise MapFileError(path, f"This is not valid JSON: {exc.msg}.", line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:  # a duplicate key
        raise MapFileError(path, str(exc)) from None
    if not isinstance(raw, dict):
        raise MapFileError(path, "The file should hold one JSON object (in { }) describing one argument scheme.")
    return SchemeFile(path, raw)


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads would silently keep the last of two equal keys; say so instead.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"The key {key!r} appears twice in one object; say which one you meant.")
        result[key] = value
    return result
