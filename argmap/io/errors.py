"""The one error type for a file argmap cannot read or write."""

from __future__ import annotations

from pathlib import Path


class MapFileError(Exception):
    """A file could not be read or written; the message is for the user.

    `where` names the place in words ("line 3, column 7", "claim 'c7'") so a
    student can find it in an editor; `problems` lists every problem found
    when there was more than one.
    """

    def __init__(
        self,
        path: str | Path | None,
        message: str,
        *,
        where: str | None = None,
        line: int | None = None,
        column: int | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        self.column = column
        if where is None and line is not None:
            where = f"line {line}" + (f", column {column}" if column is not None else "")
        self.where = where
        self.problems = problems or []
        super().__init__(self.describe())

    @property
    def file_name(self) -> str:
        return str(self.path) if self.path is not None else "(unsaved map)"

    def describe(self) -> str:
        """'name.json, line 3, column 7: message' plus any further problems."""
        head = self.file_name + (f", {self.where}" if self.where else "")
        text = f"{head}: {self.message}"
        if self.problems:
            text += "".join(f"\n  - {p}" for p in self.problems)
        return text
