"""Recovery copies: unsaved work written aside while the user works, offered back after a crash.

Each open map has its own recovery file, named by a key made when the window
opened, so two windows never share one. The file records the process that
wrote it: a copy whose process is still running belongs to another open
argmap and is not offered. A save, or closing the map cleanly, removes it.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from argmap.io.errors import MapFileError
from argmap.io.files import make_folder, read_limited
from argmap.io.json_io import MAX_FILE_BYTES, dump_map, parse_map, write_text_atomic
from argmap.model import ArgumentMap

SUFFIX = ".recovery.json"


@dataclass(frozen=True)
class Recovery:
    file: Path  # the recovery copy itself
    saved_at: datetime
    title: str
    original: Path | None  # the map file it is unsaved work on, if it had one
    pid: int
    host: str


def new_key() -> str:
    return uuid.uuid4().hex


def recovery_file(folder: Path, key: str) -> Path:
    return folder / f"{key}{SUFFIX}"


def write_recovery(folder: Path, key: str, m: ArgumentMap, original: Path | None) -> Path:
    """Write (or overwrite) this window's recovery copy atomically."""
    make_folder(folder)
    head = {"saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "title": m.title,
            "original": str(original) if original else None, "pid": os.getpid(), "host": socket.gethostname()}
    # The map is written exactly as a map file, so it is read back by the same strict reader.
    text = '{"recovery": ' + json.dumps(head, ensure_ascii=False) + ',\n"map": ' + dump_map(m) + "}\n"
    path = recovery_file(folder, key)
    write_text_atomic(path, text, what="The recovery copy")
    return path


def remove_recovery(folder: Path, key: str) -> None:
    try:
        recovery_file(folder, key).unlink()
    except OSError:
        pass


def discard(rec: Recovery) -> None:
    try:
        rec.file.unlink()
    except OSError:
        pass


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname():
        return False  # a shared home folder: another machine's process cannot be asked
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # there, but someone else's
    return True


def orphaned_recoveries(folder: Path) -> list[Recovery]:
    """Recovery copies left by an argmap that is no longer running, newest first.
    Copies that cannot be read are skipped (and left for the user to look at)."""
    found = []
    try:
        files = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return []
    for f in files:
        try:
            rec = _read_head(f)
        except (MapFileError, ValueError, KeyError, TypeError):
            continue
        if not _alive(rec.pid, rec.host):
            found.append(rec)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def _read_head(f: Path) -> Recovery:
    raw = json.loads(read_limited(f, MAX_FILE_BYTES + 4096, lambda n: "too big", kind="recovery copy"))
    head = raw["recovery"]
    return Recovery(file=f, saved_at=datetime.fromisoformat(head["saved_at"]), title=str(head.get("title") or ""),
                    original=Path(head["original"]) if head.get("original") else None,
                    pid=int(head["pid"]), host=str(head.get("host", "")))


def load_recovered_map(rec: Recovery) -> ArgumentMap:
    """The map in a recovery copy; MapFileError if it cannot be read."""
    data = read_limited(rec.file, MAX_FILE_BYTES + 4096, lambda n: "The recovery copy is too big to read.",
                        kind="recovery copy")
    try:
        raw = json.loads(data)
        body = json.dumps(raw["map"], ensure_ascii=False).encode("utf-8")
    except (ValueError, KeyError, TypeError):
        raise MapFileError(rec.file, "The recovery copy is damaged and cannot be read.") from None
    return parse_map(body, rec.file)
