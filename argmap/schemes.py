"""Argument schemes (Walton's) and their critical questions, for reasons to name.

A reason's `scheme` is free text a student types ("Expert opinion",
"argument from expert opinion"); `find_scheme` recognises it among the
bundled schemes, and `open_questions` lists the critical questions the
reason has neither answered nor raised. The schemes themselves are data in
resources/schemes/, one JSON file each, so a teacher can add one without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from argmap.io.errors import MapFileError
from argmap.io.scheme_files import SchemeFile, read_scheme_files
from argmap.model import Reason

_FIELDS = ("id", "name", "aliases", "summary", "premises", "conclusion", "questions")
_QUESTION_FIELDS = ("id", "question", "objection")
# Ids end up as keys of Reason.questions and in file names: keep them plain.
_ID = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Question:
    id: str
    question: str  # asked of the student
    objection: str  # the claim to put on the map when the question exposes a weakness


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    premises: tuple[str, ...]
    conclusion: str
    questions: tuple[Question, ...]


def load_schemes(folder: Path | None = None) -> list[Scheme]:
    """Every scheme in `folder` (default: the bundled ones), in file-name order.

    Raises MapFileError naming the file when one is broken."""
    if folder is None:
        return list(_bundled())
    return list(_load(read_scheme_files(folder)))


@cache
def _bundled() -> tuple[Scheme, ...]:
    return _load(read_scheme_files())


def find_scheme(name: str | None) -> Scheme | None:
    """The bundled scheme a reason's free-text scheme field names, or None.

    Case, punctuation, spacing and wrappers such as "argument from ..." or
    "... fallacy" are ignored, so "Expert-opinion" and "expert_opinion" both
    find the argument from expert opinion."""
    if not name:
        return None
    return _index().get(_key(name))


def open_questions(reason: Reason) -> list[Question]:
    """The critical questions of the reason's scheme it has not answered or raised yet."""
    scheme = find_scheme(reason.scheme)
    if scheme is None:
        return []
    return [q for q in scheme.questions if q.id not in reason.questions]


def scheme_names() -> list[str]:
    """The bundled schemes' names, alphabetically (for a completer)."""
    return sorted((s.name for s in _bundled()), key=str.casefold)


# "the argument from X", "appeal to X", "X argument", "X fallacy" all mean X.
_WRAPPER_BEFORE = re.compile(r"^(?:the )?(?:(?:argument|arguments|reasoning) (?:from|by|of) |appeal to )")
_WRAPPER_AFTER = re.compile(r" (?:argument|scheme|fallacy)$")


def _key(text: str) -> str:
    words = re.sub(r"[\W_]+", " ", text.replace("'", "").replace("\u2019", "").casefold()).strip()
    core = _WRAPPER_AFTER.sub("", _WRAPPER_BEFORE.sub("", words))
    return core or words


def _keys(scheme: Scheme) -> set[str]:
    return {_key(text) for text in (scheme.id, scheme.name, *scheme.aliases)}


@cache
def _index() -> dict[str, Scheme]:
    return {key: s for s in _bundled() for key in _keys(s)}


def _load(files: list[SchemeFile]) -> tuple[Scheme, ...]:
    schemes = tuple(_scheme(f) for f in files)
    _check_distinct(schemes, [f.path for f in files])
    return schemes


def _check_distinct(schemes: tuple[Scheme, ...], paths: list[Path]) -> None:
    """Each id, and each name or alias, may belong to one scheme only (else find_scheme would guess)."""
    by_id: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for i, s in enumerate(schemes):
        j = by_id.setdefault(s.id, i)
        if j != i:
            raise MapFileError(paths[i], f"The scheme id {s.id!r} is already used in {paths[j].name}; "
                               "each scheme needs its own id.")
        for key in sorted(_keys(s)):
            j = by_key.setdefault(key, i)
            if j != i:
                raise MapFileError(paths[i], f"The name or alias {key!r} also names the scheme {schemes[j].id!r} "
                                   f"in {paths[j].name}; a name can point to one scheme only.")


def _scheme(file: SchemeFile) -> Scheme:
    raw, problems = file.data, []
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        problems.append(f"unknown field(s) {', '.join(map(repr, unknown))}; a scheme has {', '.join(_FIELDS)}")
    scheme_id = _text(raw, "id", "the scheme", problems)
    if scheme_id and not _ID.fullmatch(scheme_id):
        problems.append(f"the scheme id {scheme_id!r} may hold only letters, digits and _")
    name = _text(raw, "name", "the scheme", problems)
    aliases = _texts(raw, "aliases", "the scheme", problems, required=False)
    summary = _text(raw, "summary", "the scheme", problems)
    premises = _texts(raw, "premises", "the scheme", problems)
    conclusion = _text(raw, "conclusion", "the scheme", problems)
    questions = _questions(raw, problems)
    if problems:
        if len(problems) == 1:
            raise MapFileError(file.path, f"This scheme file has a problem: {problems[0]}.")
        raise MapFileError(file.path, f"This scheme file has {len(problems)} problems:", problems=problems)
    return Scheme(scheme_id, name, aliases, summary, premises, conclusion, questions)


def _questions(raw: dict[str, Any], problems: list[str]) -> tuple[Question, ...]:
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        problems.append("the scheme needs a 'questions' list with at least one critical question")
        return ()
    found: list[Question] = []
    for n, item in enumerate(items, 1):
        where = f"question {n}"
        if not isinstance(item, dict):
            problems.append(f"{where} should be an object with {', '.join(_QUESTION_FIELDS)}")
            continue
        unknown = sorted(set(item) - set(_QUESTION_FIELDS))
        if unknown:
            problems.append(f"{where} has unknown field(s) {', '.join(map(repr, unknown))}")
        qid = _text(item, "id", where, problems)
        if qid and not _ID.fullmatch(qid):
            problems.append(f"{where}: the id {qid!r} may hold only letters, digits and _")
        elif qid and qid in {q.id for q in found}:
            problems.append(f"{where}: the id {qid!r} is used by an earlier question; each needs its own")
        found.append(Question(qid, _text(item, "question", where, problems), _text(item, "objection", where, problems)))
    return tuple(found)


def _text(raw: dict[str, Any], field: str, where: str, problems: list[str]) -> str:
    value = raw.get(field)
    if field not in raw:
        problems.append(f"{where} has no {field!r}")
    elif not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {field!r} should be a non-empty text")
    else:
        return value.strip()
    return ""


def _texts(raw: dict[str, Any], field: str, where: str, problems: list[str], required: bool = True) -> tuple[str, ...]:
    value = raw.get(field, None if required else [])
    if not isinstance(value, list) or (required and not value):
        problems.append(f"{where}: {field!r} should be a list of texts" + (", not empty" if required else ""))
        return ()
    if not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: every entry of {field!r} should be a non-empty text")
        return ()
    return tuple(v.strip() for v in value)
