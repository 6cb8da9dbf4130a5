"""What a file on disk holds now, to notice when another program changes or deletes it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileStamp:
    size: int
    mtime_ns: int
    digest: str  # sha256 of the content: a touch that leaves the content alone is not a change

    def same_content(self, other: FileStamp | None) -> bool:
        return other is not None and (self.size, self.digest) == (other.size, other.digest)


def stamp_of(path: str | Path) -> FileStamp | None:
    """The file's size, time and content digest; None when it is not there (deleted, moved, unreadable)."""
    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            h = hashlib.sha256()
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return FileStamp(info.st_size, info.st_mtime_ns, h.hexdigest())
