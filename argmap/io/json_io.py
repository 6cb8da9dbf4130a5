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

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from argmap.io.errors import MapFileError
from argmap.io.files import os_reason, read_limited
from argmap.io.messages import MAX_LISTED, describe_validation_error
from argmap.io.migrate import FormatVersionError, migrate
from argmap.model import FORMAT_NAME, FORMAT_VERSION, ArgumentMap

# A 50,000-claim map is about 15 MB; anything past this is not a map a person
# made and is refused before it is read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _decode(data: bytes, path: Path | None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MapFileError(path, "The file is saved as UTF-16 text; argmap maps are UTF-8. Save it again as UTF-8.")
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some Windows editors add
        data = data[3:]
    try:
        return data.decode("utf-8")
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


def _parse_json(text: str, path: Path | None) -> Any:
    if not text.strip():
        raise MapFileError(path, "The file is empty; it holds no argument map.")
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise MapFileError(
            path, f"This is not valid JSON: {exc.msg[0].lower() + exc.msg[1:]}.", line=exc.lineno, column=exc.colno
        ) from None
    except _DuplicateKey as exc:
        raise MapFileError(
            path, f"The key {exc.key!r} appears twice in one object; argmap cannot tell which one you meant."
        ) from None
    except RecursionError:
        raise MapFileError(
            path, "The file is nested far too deeply to be an argument map (brackets inside brackets, thousands deep)."
        ) from None


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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing allocates tens of thousands of acyclic dicts and models; the
    cyclic garbage collector would rescan every live object again and again
    meanwhile (over half the load time of a 10,000-claim map) to free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate(text: str, raw: dict[str, Any], *, fast: bool) -> ArgumentMap:
    if fast:
        # pydantic's own JSON parser is ~40% faster than converting the parsed
        # dicts; json.loads has already vouched for the syntax, duplicate keys
        # and header, and `raw` names the places in messages.
        try:
            return ArgumentMap.model_validate_json(text)
        except ValidationError as exc:
            if not any(e["type"] == "json_invalid" for e in exc.errors()):
                raise
            # Its parser is stricter than json's (nesting depth, NaN): let
            # the parsed data decide.
    return ArgumentMap.model_validate(raw)


def parse_map(data: bytes | str, path: str | Path | None = None) -> ArgumentMap:
    """Parse the bytes of a map file; `path` only names it in messages."""
    with _gc_paused():
        return _parse_map(data, Path(path) if path is not None else None)


def _parse_map(data: bytes | str, path: Path | None) -> ArgumentMap:
    if len(data) > MAX_FILE_BYTES:
        raise MapFileError(path, _too_big(len(data)))
    text = data if isinstance(data, str) else _decode(data, path)
    raw = _parse_json(text, path)
    version = raw.get("format_version") if isinstance(raw, dict) else None
    raw = _check_header(raw, path)
    try:
        m = _validate(text, raw, fast=version == FORMAT_VERSION)
    except ValidationError as exc:
        problems = describe_validation_error(exc, raw)
        head = "This map has a problem argmap cannot open:" if len(problems) == 1 else (
            f"This map has {len(problems)} problems argmap cannot open:"
        )
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(f"... and {len(problems) - MAX_LISTED} more")
        raise MapFileError(path, head, problems=listed) from None
    except RecursionError:
        raise MapFileError(path, "The file is nested far too deeply to be an argument map.") from None
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


def write_text_atomic(path: str | Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) so it is either all old or all new."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
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
            path, f"The map could not be saved ({os_reason(exc)}). The file on disk was left as it was."
        ) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def save_map(m: ArgumentMap, path: str | Path) -> None:
    """Write a map atomically; on failure the old file is untouched."""
    write_text_atomic(path, dump_map(m))


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
