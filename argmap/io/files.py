"""Reading a whole file with a size limit, every failure as a MapFileError."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from argmap.io.errors import MapFileError


def read_limited(path: Path, limit: int, too_big: Callable[[int], str], kind: str = "file") -> bytes:
    """The bytes of `path`, refusing files over `limit` before reading them."""
    try:
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISREG(info.st_mode):
                if info.st_size > limit:
                    raise MapFileError(path, too_big(info.st_size))
                return f.read()
            # A device or a pipe has no size to trust: read up to the limit.
            chunks, total = [], 0
            while chunk := f.read(1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise MapFileError(path, too_big(total) + " (it does not end)")
            return b"".join(chunks)
    except FileNotFoundError:
        raise MapFileError(path, "There is no such file.") from None
    except IsADirectoryError:
        raise MapFileError(path, f"This is a folder, not a {kind}.") from None
    except PermissionError:
        raise MapFileError(path, "argmap is not allowed to read this file.") from None
    except OSError as exc:
        raise MapFileError(path, f"The file could not be read ({os_reason(exc)}).") from None


def os_reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def make_folder(path: Path) -> None:
    """Create `path` (and its parents) if it is not there yet; a failure as a MapFileError."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MapFileError(path, f"The folder cannot be made ({os_reason(exc)}).") from None
