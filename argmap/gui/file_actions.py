"""File handling for the main window: new, open, presets, save, revert, recent files.

A mixin of MainWindow, kept apart so each module stays readable; it uses the
window's document, dialogs, settings and status bar.
"""

from __future__ import annotations

from pathlib import Path

from argmap import edits
from argmap.gui.long_work import Cancelled, run_with_progress
from argmap.gui.preparing import prepare
from argmap.io import MapFileError
from argmap.io.interchange import detect_format, import_map
from argmap.io.presets import presets
from argmap.model import ArgumentMap

MAX_RECENT = 8


class FileActions:
    """Mixed into MainWindow (see the module docstring)."""

    def choose_preset(self) -> None:
        found = presets()
        name = self.dialogs.choose("Open a preset map", "Maps that come with argmap:", [p.title for p in found])
        chosen = next((p for p in found if p.title == name), None)
        if chosen is not None:
            self.open_preset(chosen)

    # -- files -------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to throw the current map away."""
        self.commit_pending_text()
        if not self.doc.is_modified:
            return True
        answer = self.dialogs.ask_save_changes(self.doc.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_map(self) -> None:
        if self.maybe_save():
            self.doc.replace(ArgumentMap(title="Untitled map"), None)

    def open_dialog(self) -> None:
        self._ask_and_open(self.dialogs.open_path)

    def import_dialog(self) -> None:
        self._ask_and_open(self.dialogs.import_path)

    def _ask_and_open(self, ask_path) -> None:
        """Offer to save, ask for a file (near the open map), then open or import it."""
        if not self.maybe_save():
            return
        folder = str(self.doc.path.parent) if self.doc.path else ""
        path = ask_path(folder)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open an argmap map, or import an AIF or Argdown file (told apart by the file itself)."""
        if ask and not self.maybe_save():
            return False
        try:
            fmt = detect_format(path)

            def read_and_prepare():
                m, notes = import_map(path, fmt)
                return prepare(m), notes

            # A big file reads, is checked and is laid out in a worker thread: the
            # window stays awake and offers Cancel.
            prepared, notes = run_with_progress(
                self.dialogs, "Opening", f"Reading {Path(path).name}, checking it and laying it out…", read_and_prepare)
            m = prepared.map
        except Cancelled:
            self.statusBar().showMessage(f"Stopped opening {Path(path).name}; your map is as it was.", 6000)
            return False
        except MapFileError as exc:
            self.dialogs.warn("This map cannot be opened", exc.describe())
            return False
        self.scene.adopt(prepared)
        if fmt != "argmap":
            # An imported map is a new argmap map: Save asks where, and never overwrites the original.
            self.doc.replace(m, None, checks=prepared.checks)
            kind = {"aif": "AIF", "argdown": "Argdown"}[fmt]
            text = f"{Path(path).name} was imported from {kind}: {len(m.claims)} claims, {len(m.reasons)} reasons."
            if notes:
                shown = notes[:10]
                text += "\n\n" + "\n".join(f"• {n}" for n in shown)
                if len(notes) > len(shown):
                    text += f"\n… and {len(notes) - len(shown)} more."
            self.dialogs.inform("Imported", text)
            return True
        self.doc.replace(m, path, checks=prepared.checks)
        self._add_recent(str(Path(path).resolve()))
        return True

    # A file dropped on the window opens (an argmap map) or is imported (AIF, Argdown).
    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def open_preset(self, preset) -> None:
        if not self.maybe_save():
            return
        try:
            m = preset.load()
        except MapFileError as exc:
            self.dialogs.warn("This map cannot be opened", exc.describe())
            return
        self.doc.replace(m, None, preset_name=preset.name)

    def save(self) -> bool:
        self.commit_pending_text()
        if self.doc.path is None or self.doc.is_template:  # a preset is never overwritten
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        self.commit_pending_text()
        suggested = str(self.doc.path) if self.doc.path else self._suggested_name()
        path = self.dialogs.save_path(suggested)
        if not path:
            return False
        return self._save_to(path)

    def _suggested_name(self) -> str:
        base = self.doc.preset_name or "".join(ch if ch.isalnum() else "-" for ch in self.doc.map.title.lower())
        base = "-".join(p for p in base.split("-") if p) or "map"
        folder = Path(self.settings.value("last_folder", str(Path.home())))
        return str(folder / f"{base}.json")

    def _save_to(self, path: str | None) -> bool:
        same_file = path is None or (self.doc.path is not None and Path(path) == self.doc.path)
        if same_file and not self.may_overwrite():
            return False
        try:
            self.doc.save(path)
        except (MapFileError, edits.EditError) as exc:
            text = exc.describe() if isinstance(exc, MapFileError) else str(exc)
            self.dialogs.warn("The map was not saved", text + "\n\nYour changes are still here, unsaved.")
            return False
        self.settings.setValue("last_folder", str(self.doc.path.parent))
        self._add_recent(str(self.doc.path.resolve()))
        self.statusBar().showMessage(f"Saved {self.doc.path.name}", 4000)
        return True

    def revert(self) -> None:
        if self.doc.path is None:
            return
        self.commit_pending_text()
        if self.doc.is_modified and not self.dialogs.confirm(
            "Revert to the saved map",
            f"Throw away every change to “{self.doc.display_name()}” since it was last saved?",
        ):
            return
        try:
            self.doc.revert_to_saved()
        except MapFileError as exc:
            self.dialogs.warn("The saved map cannot be read", exc.describe())

    # -- settings ------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent_files", files[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            self.recent_menu.addAction("(no recent maps)").setEnabled(False)
        for i, p in enumerate(files, start=1):
            path = Path(p)
            # &1 to &9: Alt+F, R, then a digit opens one from the keyboard; the
            # folder tells apart two maps of the same name.
            number = f"&{i} " if i < 10 else ""
            label = f"{number}{path.name.replace('&', '&&')}  —  {path.parent.name.replace('&', '&&')}"
            act = self.recent_menu.addAction(label)
            act.setStatusTip(p)
            if not path.exists():
                act.setText(label + " (moved or deleted)")
                act.setEnabled(False)
            act.triggered.connect(lambda checked=False, p=p: self.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("&Clear Recent Maps", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.setValue("recent_files", [])

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

