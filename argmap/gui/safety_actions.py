"""Keeping the user's work safe: recovery copies, and files another program changes.

A mixin of MainWindow. While the map has unsaved changes, a recovery copy is
written every 30 seconds and whenever argmap loses the focus; a save, undoing
back to the saved state, or closing the map removes it. The map's file is
watched: when another program changes or deletes it, the window says so and
offers Reload or Keep mine, and a save never overwrites a newer version
without asking.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication

from argmap.edits import replace_map
from argmap.io import MapFileError, load_map
from argmap.io.file_state import stamp_of
from argmap.io.recovery import (
    Recovery,
    discard,
    load_recovered_map,
    new_key,
    orphaned_recoveries,
    remove_recovery,
    write_recovery,
)
from argmap.model import ArgumentMap

AUTOSAVE_MS = int(os.environ.get("ARGMAP_AUTOSAVE_MS", "30000"))  # tests shorten it


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".argmap") / "recovery"


class SafetyActions:
    """Mixed into MainWindow (it provides doc, dialogs, statusBar, maybe_save)."""

    def _make_safety(self) -> None:
        self.recovery_key = new_key()  # this window's own recovery file
        self._written_change = -1
        self._change_count = 0
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_recovery_copy)
        self._autosave.start()
        self.doc.changed.connect(self._count_change)
        self.doc.undo_stack.cleanChanged.connect(self._clean_changed)
        self.doc.reset.connect(self._watch_file)
        self.doc.file_changed.connect(self._watch_file)
        app = QApplication.instance()
        app.applicationStateChanged.connect(self._app_state_changed)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_changed_on_disk)
        self._asking_about_disk = False
        self._watch_file()

    # -- recovery copies ---------------------------------------------------------------

    def _count_change(self) -> None:
        self._change_count += 1

    def write_recovery_copy(self) -> bool:
        """Write the unsaved map aside, if it changed since the last copy. True if written."""
        if not self.doc.is_modified or self._written_change == self._change_count:
            return False
        try:
            write_recovery(recovery_folder(), self.recovery_key, self.doc.map, self.doc.path)
        except MapFileError as exc:
            # Not a reason to interrupt the user's work; they still have Save.
            self.statusBar().showMessage(f"argmap could not write a recovery copy: {exc.message}", 8000)
            return False
        self._written_change = self._change_count
        return True

    def remove_recovery_copy(self) -> None:
        remove_recovery(recovery_folder(), self.recovery_key)
        self._written_change = -1

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or undone back to what the file holds
            self.remove_recovery_copy()

    def _app_state_changed(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.write_recovery_copy()

    def offer_recoveries(self) -> None:
        """After a crash: offer each recovery copy no running argmap owns; restore the one chosen here."""
        for rec in orphaned_recoveries(recovery_folder()):
            answer = self.dialogs.ask_restore(_describe(rec))
            if answer == "restore":
                if self.maybe_save() and self.restore(rec):
                    return  # one map per window: the others are offered next time
            elif answer == "discard":
                discard(rec)

    def restore(self, rec: Recovery) -> bool:
        """Open the recovered work as an unsaved change to its file: Undo shows the saved version."""
        try:
            recovered = load_recovered_map(rec)
        except MapFileError as exc:
            self.dialogs.warn("The unsaved work cannot be restored", exc.describe())
            return False
        base, path = ArgumentMap(title=recovered.title), None
        if rec.original is not None:
            path = rec.original
            try:
                base = load_map(rec.original)
            except MapFileError:
                base = ArgumentMap(title=recovered.title)  # the file is gone: Save writes it again
        self.doc.replace(base.model_copy(update={"template": False}), path)
        self.doc.push(replace_map(self.doc.map, recovered, "Restore Unsaved Work"))
        discard(rec)
        self.write_recovery_copy()
        self.statusBar().showMessage("Your unsaved work is back. Save it to keep it.", 8000)
        return True

    # -- the file on disk -------------------------------------------------------------------

    def _watch_file(self) -> None:
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        if self.doc.path is not None and self.doc.path.exists():
            self._watcher.addPath(str(self.doc.path))

    def _file_changed_on_disk(self, _path: str) -> None:
        # An atomic save by another program replaces the file: watch the new one.
        QTimer.singleShot(200, self.check_disk)

    def check_disk(self) -> None:
        """Say so when another program changed or deleted the map's file; offer Reload or Keep mine."""
        if self._asking_about_disk:
            return
        self._watch_file()
        change = self.doc.disk_change()
        if change is None:
            return
        self._asking_about_disk = True
        try:
            name = self.doc.path.name
            if change == "deleted":
                self.doc.disk_stamp = None  # said once; Save writes the file again
                self.dialogs.inform("The file was deleted",
                                    f"Another program deleted or moved “{name}”. Your map is still open "
                                    "here; Save writes it again.")
                return
            if self.dialogs.ask_reload(name, self.doc.is_modified) == "reload":
                try:
                    self.doc.take_disk_version(load_map(self.doc.path))
                except MapFileError as exc:
                    self.dialogs.warn("The changed file cannot be read",
                                      exc.describe() + "\n\nYour map here is unchanged.")
                    self.doc.disk_stamp = None
            else:
                # Keep mine: the next save overwrites the other version, as the user chose.
                self.doc.disk_stamp = stamp_of(self.doc.path)
                self.doc.undo_stack.resetClean()  # what is shown is no longer what the file holds
        finally:
            self._asking_about_disk = False

    def may_overwrite(self) -> bool:
        """Before saving over the map's file: True unless another program changed it and the user says no."""
        change = self.doc.disk_change()
        if change != "changed":
            return True
        return self.dialogs.confirm(
            "The file changed on disk",
            f"Another program changed “{self.doc.path.name}” after argmap opened it. Save your version over "
            "it? (The other version is kept as a backup beside it, ending in .bak.)")


def _describe(rec: Recovery) -> str:
    when = rec.saved_at.astimezone().strftime("%A %d %B %Y at %H:%M")
    what = f"“{rec.title}”" if rec.title else "an untitled map"
    where = f" ({rec.original.name})" if rec.original is not None else " (never saved)"
    return f"argmap closed without saving your work on {what}{where}. A copy was made on {when}."
