"""Maps from and for other tools: which format a file is in, and reading it.

argmap's own files, AIF JSON (AIFdb, OVA) and Argdown are told apart by the
file's name and, for .json files, by what the file starts with, so a user
can open or import any of them the same way.
"""

from __future__ import annotations

from pathlib import Path

from argmap.io.errors import MapFileError
from argmap.io.files import os_reason
from argmap.io.json_io import load_map
from argmap.model import ArgumentMap

FORMATS = ("argmap", "aif", "argdown")
ARGDOWN_SUFFIXES = (".argdown", ".ad")


def detect_format(path: str | Path) -> str:
    """'argmap', 'aif' or 'argdown', from the name and the first kilobytes of the file."""
    path = Path(path)
    name = path.name.lower()
    if name.endswith(ARGDOWN_SUFFIXES):
        return "argdown"
    if name.endswith(".aif.json"):
        return "aif"
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise MapFileError(path, f"The file cannot be read ({os_reason(exc)}).") from None
    text = head.decode("utf-8", errors="replace")
    if '"format"' in text and '"argmap"' in text:
        return "argmap"
    if '"nodes"' in text or '"AIF"' in text:
        return "aif"
    if not name.endswith(".json") and text.lstrip()[:1] not in ("{", "["):
        return "argdown"  # a text file that is not JSON: Argdown is the text format argmap reads
    return "argmap"


def import_map(path: str | Path, fmt: str | None = None) -> tuple[ArgumentMap, list[str]]:
    """The map in a file of any format argmap reads, and notes on what did not carry over."""
    fmt = fmt or detect_format(path)
    if fmt == "aif":
        from argmap.io.aif import load_aif

        return load_aif(path)
    if fmt == "argdown":
        from argmap.io.argdown import load_argdown

        return load_argdown(path)
    if fmt == "argmap":
        return load_map(path), []
    raise MapFileError(path, f"argmap reads {', '.join(FORMATS)} files, not “{fmt}”.")

