"""Grading a whole class: every student's map against one model answer, on all cores.

Each map is read and graded in a worker process; a map that cannot be read
gets a row with the reason, and the rest are still graded. Results come back
in the order the files were given, so the same class always gives the same
table.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from argmap.grading import PARTS, grade, report_markdown
from argmap.io import MapFileError
from argmap.io.interchange import import_map
from argmap.model import ArgumentMap

CSV_COLUMNS = ("student", "file", "score", *PARTS, "problem")


@dataclass(frozen=True)
class Row:
    student: str  # the file's name without its extension
    file: str
    row: dict[str, float] | None  # score and parts in percent; None when the map could not be read
    report: str  # Markdown, for the student
    problem: str = ""  # why the map could not be read


_reference: ArgumentMap | None = None
_reference_name = ""


def _start_worker(reference_json: str, reference_name: str) -> None:
    global _reference, _reference_name
    _reference = ArgumentMap.model_validate_json(reference_json)
    _reference_name = reference_name


MAP_ENDINGS = (".argmap.json", ".aif.json", ".json", ".argdown", ".ad")


def student_name(path: str) -> str:
    """The file's name without the ending that says its format: “john.smith.json” is “john.smith”."""
    name = Path(path).name
    for ending in MAP_ENDINGS:
        if name.lower().endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def _grade_one(path: str) -> Row:
    name = student_name(path)
    try:
        student, _notes = import_map(path)
    except MapFileError as exc:
        return Row(name, path, None, "", exc.describe())
    assert _reference is not None, "the worker was started without the model answer"
    g = grade(student, _reference)
    return Row(name, path, g.row(), report_markdown(g, name, _reference_name))


def grade_class(reference: ArgumentMap, reference_name: str, files: list[str],
                workers: int | None = None, progress: Callable[[int, int], None] | None = None) -> Iterator[Row]:
    """Grade each file; yields one Row per file, in the order given."""
    workers = workers or os.cpu_count() or 1
    args = (reference.model_dump_json(), reference_name)
    if workers == 1 or len(files) < 8:  # a pool costs more than it saves on a handful of maps
        _start_worker(*args)
        for i, f in enumerate(files, 1):
            yield _grade_one(f)
            if progress:
                progress(i, len(files))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=args) as pool:
        chunk = max(1, len(files) // (workers * 8))
        for i, row in enumerate(pool.map(_grade_one, files, chunksize=chunk), 1):
            yield row
            if progress:
                progress(i, len(files))


def student_files(paths: list[str], skip: Path | None = None) -> list[str]:
    """The files named, with a folder standing for the maps in it (sorted by name); the model
    answer itself (`skip`) is left out when it sits among them."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.iterdir())
                       if f.is_file() and f.suffix.lower() in (".json", ".argdown", ".ad"))
        else:
            out.append(p)
    return [f for f in out if not _same_file(Path(f), skip)]


def _same_file(a: Path, b: Path | None) -> bool:
    try:
        return b is not None and b.exists() and a.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def report_names(rows: list[Row]) -> dict[str, str]:
    """A report file name per student file: the student's name, numbered when two share one."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for r in rows:
        base, n = r.student, 1
        name = f"{base}.md"
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}.md"
        used.add(name.lower())
        names[r.file] = name
    return names


def _cell(text: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; a file name must stay a name.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_text(rows: list[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        values = r.row or {}
        w.writerow([_cell(r.student), _cell(r.file), *(values.get(c, "") for c in ("score", *PARTS)), _cell(r.problem)])
    return buf.getvalue()
