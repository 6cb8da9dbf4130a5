"""Turn pydantic's validation errors into sentences a student can act on.

pydantic reports `('claims', 6, 'text') missing`; a student needs
"claim 'c7': the text is missing". The raw JSON is consulted to name claims
and reasons by their id rather than by their index.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

_COLLECTIONS = {"claims": "claim", "reasons": "reason"}

_FIELD_WORDS = {
    "text": "the text",
    "note": "the note",
    "id": "the id",
    "kind": "the kind",
    "premises": "the list of premises",
    "target": "the target",
    "scheme": "the scheme",
    "quotation": "the quotation",
    "start": "the start position",
    "length": "the length",
    "main_conclusion": "the 'main conclusion' mark",
    "conclusion": "the 'conclusion' mark",
    "hidden": "the 'hidden premise' mark",
    "tags": "the tags",
    "position": "the position",
    "x": "x",
    "y": "y",
    "title": "the title",
    "description": "the description",
    "authors": "the authors",
    "created": "the creation time",
    "modified": "the modification time",
    "source": "the source",
    "template": "the 'template' mark",
    "several_main_conclusions": "the 'several main conclusions' mark",
    "extensions": "the extensions",
    "author": "the author",
    "outlet": "the outlet",
    "date": "the date",
    "url": "the web address",
    "fingerprint": "the fingerprint",
    "format": "the format name",
    "format_version": "the format version",
}

MAX_LISTED = 8


def _item_name(kind: str, index: int, raw: Any) -> str:
    items = raw.get(kind) if isinstance(raw, dict) else None
    item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    ident = item.get("id") if isinstance(item, dict) else None
    noun = _COLLECTIONS[kind]
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip():
        ident = str(ident)
        return f"{noun} '{ident if len(ident) <= 40 else ident[:39] + '…'}'"
    return f"{noun} number {index + 1}"


def place_and_field(loc: tuple[Any, ...], raw: Any) -> tuple[str, str]:
    """('claims', 6, 'quotation', 'start') -> ("claim 'c7'", "the quotation's start position")."""
    place = "the map"
    rest = list(loc)
    if len(rest) >= 2 and rest[0] in _COLLECTIONS and isinstance(rest[1], int):
        place = _item_name(rest[0], rest[1], raw)
        rest = rest[2:]
    elif rest and rest[0] in _COLLECTIONS:
        return "the map", f"the list of {rest[0]}"
    elif rest and rest[0] == "source":
        place = "the source citation"
        rest = rest[1:]
    words: list[str] = []
    for part in rest:
        if isinstance(part, int):
            words.append(f"item {part + 1}")
        else:
            words.append(_FIELD_WORDS.get(str(part), f"'{part}'"))
    if not words:
        return place, "it"
    field = words[0]
    for w in words[1:]:
        field = f"{field}: {w.removeprefix('the ')}"
    return place, field


def shown(value: Any, limit: int = 60) -> str:
    """A value from the file, quoted and cut short for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence(err: dict[str, Any], field: str) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return f"{field} is missing"
    if kind == "extra_forbidden":
        name = err["loc"][-1]
        return (
            f"has a field argmap does not know, '{name}' "
            "(a typo, or written by a newer argmap); remove or rename it"
        )
    if kind == "value_error":
        return f"{field} {str(err.get('msg', '')).removeprefix('Value error, ')}"
    if kind in ("string_type", "str_type"):
        return f"{field} should be written as text, in double quotes"
    if kind in ("bool_type", "bool_parsing"):
        return f"{field} should be true or false"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field} should be a whole number"
    if kind == "finite_number":
        return f"{field} should be an ordinary number, not {shown(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"{field} should be a number"
    if kind in ("list_type",):
        return f"{field} should be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field} should be an object with named fields"
    if kind == "string_too_long":
        return f"{field} is too long ({len(value) if isinstance(value, str) else '?'} characters; the limit is {ctx.get('max_length')})"
    if kind == "string_too_short":
        return f"{field} is empty"
    if kind == "string_pattern_mismatch":
        return f"{field} {shown(value)} may only use letters, digits and the signs _ . : -"
    if kind == "literal_error":
        return f"{field} must be {ctx.get('expected')}, not {shown(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{field} must not be negative" if ctx.get("ge") == 0 else f"{field} is too small"
    if kind.startswith("datetime"):
        return f"{field} should be a date and time like 2024-10-24T09:30:00Z, not {shown(value)}"
    return f"{field}: {err.get('msg', 'is not valid')}"


def describe_validation_error(exc: ValidationError, raw: Any) -> list[str]:
    """One sentence per problem, e.g. "claim 'c7': the text is missing"."""
    lines = []
    for err in exc.errors(include_url=False):
        place, field = place_and_field(tuple(err.get("loc", ())), raw)
        lines.append(f"{place}: {_sentence(err, field)}")
    return lines
