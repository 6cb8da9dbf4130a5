"""Read and write map files: the only place argmap touches a map on disk.

Reading is a chain of checks, each of which can fail with one clear
`MapFileError` that names the file and the place: size, encoding, JSON syntax
(line and column), duplicate keys, top-level shape, format and version
(migrating older files), the schema (in the user's words), duplicate ids.

Writing is atomic (temporary file in the same folder, flush, fsync, rename)
and stable: fixed key order, two-space indentation, defaults left out and a
newline at the end, so a map that argmap wrote round-trips byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jiter
from pydantic import ValidationError

from argmap.io.errors import MapFileError
from argmap.io.files import os_reason, read_limited
from argmap.io.messages import MAX_LISTED, describe_validation_error
from argmap.io.migrate import FormatVersionError, migrate
from argmap.model import FORMAT_NAME, FORMAT_VERSION, ArgumentMap
from argmap.runtime import gc_paused

# A 50,000-claim map is about 15 MB; anything past this is not a map a person
# made and is refused before it is read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


# jiter (the JSON parser inside pydantic, as a library) refuses duplicate keys,
# NaN and Infinity, broken \\u escapes and absurd numbers, and says where, at
# the speed of the standard json module; the standard module would need a
# Python hook on every object (twice the time) to catch duplicate keys.
_JITER_POSITION = re.compile(r"^(?P<msg>.*?) at line (?P<line>\d+) column (?P<col>\d+)$", re.S)
_JITER_WORDS = [
    (re.compile(r'Detected duplicate key "(.*)"'), lambda m: f"The key {m.group(1)!r} appears twice in one object; "
     "argmap cannot tell which one you meant."),
    (re.compile(r"recursion limit exceeded"), lambda m: "The file is nested far too deeply to be an argument map "
     "(brackets inside brackets, hundreds deep)."),
    (re.compile(r"number out of range|number too large"), lambda m: "A number in the file is far too long."),
    (re.compile(r"EOF while parsing"), lambda m: "The file ends too early; it may have been cut off while saving."),
    (re.compile(r"surrogate|hex escape|invalid escape|invalid unicode"), lambda m: "The text has a broken character "
     "code (a \\u escape that stands for no character)."),
    (re.compile(r"control character"), lambda m: "The text has a control character (such as a raw tab or line "
     "break) inside quotes; write it as \\t or \\n."),
    (re.compile(r"trailing characters"), lambda m: "There is more after the end of the map; the file may hold two "
     "maps, or stray text."),
]


def _json_error(path: Path | None, exc: ValueError) -> MapFileError:
    text = str(exc)
    found = _JITER_POSITION.match(text)
    msg, line, col = (found["msg"], int(found["line"]), int(found["col"])) if found else (text, None, None)
    for pattern, words in _JITER_WORDS:
        hit = pattern.search(msg)
        if hit:
            return MapFileError(path, words(hit), line=line, column=col)
    return MapFileError(path, f"This is not valid JSON: {msg}.", line=line, column=col)


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _looks_like_utf16(data: bytes) -> bool:
    head = data[:200]
    return len(head) >= 4 and head.count(0) >= len(head) // 3


def _check_encoding(data: bytes, path: Path | None) -> bytes:
    """The bytes without a byte-order mark, once they are known to be UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise MapFileError(path, "The file is saved as UTF-16 text; argmap maps are UTF-8. Save it again as UTF-8.")
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some Windows editors add
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, column = _line_column(good, len(good))
        raise MapFileError(
            path,
            f"The file is not valid UTF-8 text (byte {exc.start + 1} cannot be read). "
            "It may be damaged, or not an argmap file.",
            line=line,
            column=column,
        ) from None
    return data


def _parse_json(data: bytes, path: Path | None) -> Any:
    if not data.strip():
        raise MapFileError(path, "The file is empty; it holds no argument map.")
    try:
        return jiter.from_json(data, allow_inf_nan=False, catch_duplicate_keys=True)
    except ValueError as exc:
        raise _json_error(path, exc) from None


def _check_header(raw: Any, path: Path | None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        kind = {list: "a list", str: "a piece of text", bool: "true or false", type(None): "null"}.get(
            type(raw), "a number"
        )
        raise MapFileError(path, f"The file holds {kind} where an argument map (a JSON object) should be.")
    fmt = raw.get("format")
    if fmt != FORMAT_NAME:
        if fmt is None:
            if "nodes" in raw or "AIF" in raw:
                hint = " It looks like an AIF file (from OVA or AIFdb), which argmap cannot open yet."
            else:
                hint = ""
            raise MapFileError(path, f'This is not an argmap map: it has no "format": "argmap" line.{hint}')
        raise MapFileError(path, f"This file is in the format {fmt!r}, not an argmap map.")
    version = raw.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise MapFileError(path, f"The format version should be a whole number, not {version!r}.")
    try:
        return migrate(raw, version)
    except FormatVersionError as exc:
        raise MapFileError(path, str(exc)) from None


def _check_unique_ids(m: ArgumentMap, path: Path | None) -> None:
    seen: dict[str, str] = {}
    problems = []
    for kind, items in (("claim", m.claims), ("reason", m.reasons)):
        for item in items:
            other = seen.get(item.id)
            if other is None:
                seen[item.id] = kind
            elif other == kind:
                problems.append(f"two {kind}s have the id '{item.id}'")
            else:
                problems.append(f"a claim and a reason both have the id '{item.id}'")
    if problems:
        raise MapFileError(
            path,
            "Every claim and reason needs its own id, so that reasons can point at them. "
            "Rename one of each pair.",
            problems=problems[:MAX_LISTED] + ([f"... and {len(problems) - MAX_LISTED} more"] if len(problems) > MAX_LISTED else []),
        )


def parse_map(data: bytes | str, path: str | Path | None = None) -> ArgumentMap:
    """Parse the bytes of a map file; `path` only names it in messages."""
    with gc_paused():
        return _parse_map(data, Path(path) if path is not None else None)


def _parse_map(data: bytes | str, path: Path | None) -> ArgumentMap:
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    if len(data) > MAX_FILE_BYTES:
        raise MapFileError(path, _too_big(len(data)))
    data = _check_encoding(data, path)
    raw = _parse_json(data, path)
    version = raw.get("format_version") if isinstance(raw, dict) else None
    raw = _check_header(raw, path)
    # pydantic's own JSON parser is ~40% faster than validating the parsed
    # dicts, and strict JSON mode checks each type as JSON spells it.
    if version != FORMAT_VERSION:
        data = json.dumps(raw, ensure_ascii=False).encode("utf-8")  # migrated
    try:
        m = ArgumentMap.model_validate_json(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, raw)
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise MapFileError(path, "The file is nested far too deeply to be an argument map.") from None
        head = "This map has a problem argmap cannot open:" if len(problems) == 1 else (
            f"This map has {len(problems)} problems argmap cannot open:"
        )
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(f"... and {len(problems) - MAX_LISTED} more")
        raise MapFileError(path, head, problems=listed) from None
    _check_unique_ids(m, path)
    return m


def _too_big(size: int) -> str:
    return (
        f"The file is {size / 1_048_576:.0f} MB, far larger than any argument map "
        f"(argmap opens maps up to {MAX_FILE_BYTES // 1_048_576} MB)."
    )


def load_map(path: str | Path) -> ArgumentMap:
    """Read a map file, or raise MapFileError saying what is wrong and where."""
    path = Path(path)
    data = read_limited(path, MAX_FILE_BYTES, _too_big, kind="map file")
    return parse_map(data, path)


def dump_map(m: ArgumentMap) -> str:
    """The exact text argmap writes for a map.

    Only what differs from the defaults is written, so maps stay short and
    diff cleanly, but the format name and version always come first. They are
    spliced in as text: a pydantic wrap serializer would do the same at twice
    the cost of the whole save.
    """
    body = m.model_dump_json(indent=2, exclude_defaults=True, exclude={"format", "format_version"})
    head = f'{{\n  "format": {json.dumps(m.format)},\n  "format_version": {m.format_version}'
    if body == "{}":
        return head + "\n}\n"
    return head + ",\n" + body.removeprefix("{\n") + "\n"


def write_text_atomic(path: str | Path, text: str, what: str = "The map") -> None:
    """Replace `path` with `text` (UTF-8) so it is either all old or all new.

    `what` names the thing written, for the message if it fails ("The outline")."""
    write_bytes_atomic(path, text.encode("utf-8"), what)


def write_bytes_atomic(path: str | Path, data: bytes, what: str = "The map") -> None:
    """Replace `path` with `data` so it is either all old or all new (temp file, fsync, rename)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as exc:
        raise MapFileError(
            path, f"{what} could not be saved ({os_reason(exc)}). The file on disk was left as it was."
        ) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def save_map(m: ArgumentMap, path: str | Path, backup: bool = True) -> None:
    """Write a map atomically; on failure the old file is untouched.

    With `backup`, the version being replaced is kept beside it as
    `name.json.bak` (one generation), so a save the user regrets can be undone
    outside argmap too.
    """
    path = Path(path)
    if backup:
        keep_backup(path)
    write_text_atomic(path, dump_map(m))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def keep_backup(path: Path) -> bool:
    """Put the current content of `path` in `path.bak` (atomically); False if there was nothing to keep
    or it could not be kept. A backup that cannot be made never stops the save itself."""
    if not path.is_file():
        return False
    bak = backup_path(path)
    tmp = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
    try:
        try:
            os.link(path, tmp)  # the old version's own bytes: the save then puts a new file at `path`
        except OSError:
            shutil.copy2(path, tmp)  # file systems without hard links
        os.replace(tmp, bak)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
