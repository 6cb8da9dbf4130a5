"""Every question the app asks the user, in one place so tests can answer them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget

MAP_FILTER = "Argument maps (*.json);;All files (*)"


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                informative: str = "") -> QMessageBox:
    """A message box that shows its text literally: a message quoting a claim, a title or a
    file name must never be rendered as HTML (Qt's message boxes guess, by default)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    # The informative text has no format of its own (its label follows Qt's guess): plain it too,
    # and let no label open a link, whatever it holds.
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setOpenExternalLinks(False)
    return box


class Dialogs:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def warn(self, title: str, text: str) -> None:
        message_box(self.parent, QMessageBox.Icon.Warning, title, text).exec()

    def inform(self, title: str, text: str) -> None:
        message_box(self.parent, QMessageBox.Icon.Information, title, text).exec()

    def choose(self, title: str, label: str, options: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(self.parent, title, label, options, 0, False)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        box = message_box(self.parent, QMessageBox.Icon.Question, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_copy_preset(self, name: str) -> bool:
        """True to save an editable copy of a read-only preset."""
        box = message_box(self.parent, QMessageBox.Icon.Information, "This map is a preset",
                          f"“{name}” is a preset map, so it opens read-only.",
                          "Save your own copy to edit it. The preset itself stays as it is.")
        copy = box.addButton("Save a Copy…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy)
        box.exec()
        return box.clickedButton() is copy

    def ask_save_changes(self, name: str) -> str:
        """'save', 'discard' or 'cancel'."""
        box = message_box(self.parent, QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to “{name}” before closing it?",
                          "If you don't save, your changes will be lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")

    def open_path(self, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open map", folder, MAP_FILTER)
        return path or None

    def import_path(self, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Import a map from another tool", folder,
            "Maps from other tools (*.json *.argdown *.ad);;AIF JSON from AIFdb or OVA (*.json);;"
            "Argdown (*.argdown *.ad);;All files (*)")
        return path or None

    def export_aif_path(self, suggested: str) -> str | None:
        """Where to write the map for another tool: AIF JSON or Argdown, by the extension."""
        path, chosen = QFileDialog.getSaveFileName(self.parent, "Export for another tool", suggested,
                                                   "AIF JSON for AIFdb or OVA (*.aif.json *.json);;Argdown (*.argdown)")
        if path and not path.lower().endswith((".json", ".argdown")):
            path += ".argdown" if chosen.startswith("Argdown") else ".aif.json"
        return path or None

    def print_setup(self, printer) -> bool:
        """The system's print dialog (printer, pages, paper); False if cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog  # loaded when first printing, not at start-up

        return QPrintDialog(printer, self.parent).exec() == QPrintDialog.DialogCode.Accepted

    def open_source_path(self, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Attach source text", folder,
            "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)")
        return path or None

    def export_path(self, title: str, suggested: str) -> str | None:
        """Where to write a Markdown or plain-text export; the extension picks the format."""
        path, chosen = QFileDialog.getSaveFileName(self.parent, title, suggested,
                                                   "Markdown (*.md);;Plain text (*.txt)")
        if path and not path.lower().endswith((".md", ".txt")):
            path += ".txt" if chosen.startswith("Plain") else ".md"
        return path or None

    def picture_path(self, title: str, suggested: str) -> str | None:
        """Where to write a picture; the extension (.png, .svg, .pdf) picks the format."""
        path, chosen = QFileDialog.getSaveFileName(self.parent, title, suggested,
                                                   "PNG picture (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
        if path and not path.lower().endswith((".png", ".svg", ".pdf")):
            path += {"SVG": ".svg", "PDF": ".pdf"}.get(chosen[:3], ".png")
        return path or None

    def ask_restore(self, text: str) -> str:
        """'restore', 'discard' or 'later' for a recovery copy left by a crash."""
        box = message_box(self.parent, QMessageBox.Icon.Question, "Restore unsaved work?", text,
                          "Restore opens it as unsaved changes. Discard deletes the copy for good.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Decide Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        return "restore" if clicked is restore else "discard" if clicked is discard else "later"

    def ask_reload(self, name: str, modified: bool) -> str:
        """'reload' or 'keep' when another program changed the open map's file."""
        text = f"Another program changed “{name}” on disk."
        more = ("Reload shows its version; Edit > Undo brings yours back. Keep Mine keeps yours, and the next "
                "save replaces the other version (kept as a .bak backup)." if modified else
                "Reload shows its version. Keep Mine keeps what you see here.")
        box = message_box(self.parent, QMessageBox.Icon.Question, "The file changed on disk", text, more)
        reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reload)
        box.exec()
        return "reload" if box.clickedButton() is reload else "keep"

    def progress(self, title: str, text: str):
        """A busy indicator with Cancel, shown while long work runs (gui.long_work)."""
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(text, "Cancel", 0, 0, self.parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def model_answer_path(self, folder: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Compare with a model answer", folder,
            "Maps (*.json *.argdown *.ad);;All files (*)")
        return path or None

    def edit_rubric(self, rubric):
        """The rubric the teacher set, or None if they cancelled."""
        from argmap.gui.rubric_dialog import RubricDialog

        dialog = RubricDialog(rubric, self.parent)
        return dialog.rubric() if dialog.exec() == RubricDialog.DialogCode.Accepted else None

    def save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save map", suggested, MAP_FILTER)
        if path and not path.lower().endswith(".json"):
            path += ".json"
        return path or None
