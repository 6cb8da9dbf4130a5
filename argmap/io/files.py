"""Reading a whole file with a size limit, every failure as a MapFileError."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from argmap.io.errors import MapFileError


def read_limited(path: Path, limit: int, too_big: Callable[[int], str], kind: str = "file") -> bytes:
    """The bytes of `path`, refusing files over `limit` before reading them."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise MapFileError(path, too_big(size))
            return f.read()
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
