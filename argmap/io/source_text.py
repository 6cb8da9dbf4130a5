"""Reading a source text (the article a map reconstructs) from disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from argmap.io.files import read_limited

MAX_SOURCE_BYTES = 20 * 1024 * 1024


def read_source_text(path: str | Path) -> str:
    """The text of a plain-text or Markdown source file, as one string with \\n line ends."""
    path = Path(path)
    data = read_limited(
        path, MAX_SOURCE_BYTES,
        lambda size: f"The file is {size / 1_048_576:.0f} MB, larger than any article argmap opens "
        f"(the limit is {MAX_SOURCE_BYTES // 1_048_576} MB).",
        kind="text file",
    )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Older Windows editors save articles as cp1252; it decodes any byte.
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(text: str) -> str:
    """'sha256:<hex>' of a source text, to recognise the same article later."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
