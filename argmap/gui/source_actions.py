"""The main window's source-text actions: attach, embed, quote, link.

An attached text is not part of the map: argmap remembers where it is per
user (QSettings), keyed by the map's source fingerprint, so the same article
opens beside every copy of the map, whoever sent it. Embedding the text puts
it into the map itself, as one undoable edit.
"""

from __future__ import annotations

from pathlib import Path

from argmap import edits
from argmap.gui.source_panel import SourcePanel
from argmap.io import MapFileError
from argmap.io.source_text import fingerprint, read_source_text
from argmap.model import Quotation, Source


class SourceActions:
    """Mixin for MainWindow (which provides doc, scene, settings, dialogs, _action, show_ids)."""

    def _make_source(self) -> SourcePanel:
        self.source = SourcePanel(self.doc)
        self.source.claim_clicked.connect(lambda cid: self.show_ids([cid]))
        self.source.attach_requested.connect(self.attach_source)
        self.source.new_claim.clicked.connect(lambda: (self.commit_pending_text(), self.new_claim_from_selection()))
        self.source.link.clicked.connect(lambda: (self.commit_pending_text(), self.link_selection()))
        self.doc.source_changed.connect(self._update_source_actions)
        self.doc.file_changed.connect(self._remember_source)  # saved under a (new) name
        a = self._action
        self.act_attach = a("&Attach Source Text…", self.attach_source, "Ctrl+Shift+T",
                            "Open the article this map reads, to show it beside the map")
        self.act_embed = a("&Embed Source Text in Map", self.embed_source, "Ctrl+Shift+E",
                           "Save the attached article inside the map file, so it travels with the map")
        self.act_from_selection = a("&New Claim from Selection", self.new_claim_from_selection, "Ctrl+Shift+Q",
                                    "Make a claim quoting the passage selected in the source text")
        self.act_link = a("&Link Selection to Claim", self.link_selection, "Ctrl+L",
                          "Anchor the selected claim to the passage selected in the source text")
        return self.source

    def _source_key(self) -> str | None:
        src = self.doc.map.source
        if src is not None and src.fingerprint:
            return f"sources/{src.fingerprint}"
        if self.doc.path is not None:
            return f"sources/file:{self.doc.path.resolve()}"
        return None

    def _remember_source(self) -> None:
        """Where the attached text is, under the map's key: its source fingerprint, or else its file
        (so a new map remembers its text once saved, and Save As carries it to the new name)."""
        key = self._source_key()
        if key and self.doc.source_path is not None:
            self.settings.setValue(key, str(self.doc.source_path.resolve()))

    def reattach_source(self) -> None:
        """After a map opens: bring back the text attached to it last time, if it is still there."""
        if self.doc.source_text is not None:
            return
        key = self._source_key()
        where = self.settings.value(key) if key else None
        if not where:
            return
        try:
            text = read_source_text(where)
        except MapFileError:
            self.statusBar().showMessage(f"The source text attached last time ({Path(where).name}) "
                                         "could not be read; attach it again.", 8000)
            return
        self.doc.attach_source(text, where)

    def attach_source(self) -> None:
        folder = self.settings.value("last_source_folder", "") or ""
        path = self.dialogs.open_source_path(str(folder))
        if not path:
            return
        try:
            text = read_source_text(path)
        except MapFileError as exc:
            self.dialogs.warn("This text cannot be attached", exc.describe())
            return
        src = self.doc.map.source
        if src is not None and src.fingerprint and src.fingerprint != fingerprint(text):
            self.dialogs.inform(
                "Another version of the text",
                f"{Path(path).name} is not exactly the text this map was made from (it may be another "
                "version, or edited since). argmap looks for every quotation in it again; any it cannot "
                "find are listed under the text, and nothing in the map is changed.")
        self.settings.setValue("last_source_folder", str(Path(path).parent))
        self.doc.attach_source(text, path)
        self._remember_source()
        self.docks["source"].show()
        self.docks["source"].raise_()

    def embed_source(self) -> None:
        text = self.doc.source_text
        if text is None:
            self.statusBar().showMessage("Attach the source text first, then embed it.", 5000)
            return
        src = self.doc.map.source or Source()
        self.doc.push(edits.set_source(self.doc.map, src.model_copy(update={"text": text,
                                                                           "fingerprint": fingerprint(text)})))

    def new_claim_from_selection(self) -> None:
        passage = self.source.selected_passage()
        if passage is None:
            self.statusBar().showMessage("Select a passage in the source text first.", 5000)
            return
        words, start = passage
        claims = self.scene.selected_claims()
        q = Quotation(text=words, start=start, length=len(words))
        self.doc.push(edits.claim_from_quotation(self.doc.map, q, supports=claims[0] if len(claims) == 1 else None))

    def link_selection(self) -> None:
        passage = self.source.selected_passage()
        claims = self.scene.selected_claims()
        if passage is None or len(claims) != 1:
            self.statusBar().showMessage("Select one claim on the map and a passage in the source text, "
                                         "then link them.", 6000)
            return
        words, start = passage
        self.doc.push(edits.link_quotation(self.doc.map, claims[0], Quotation(text=words, start=start,
                                                                              length=len(words))))

    def _update_source_actions(self) -> None:
        has = self.doc.source_text is not None
        embedded = self.doc.map.source is not None and self.doc.map.source.text is not None
        self.act_embed.setEnabled(has and not embedded)
        self.act_from_selection.setEnabled(has)
        self.act_link.setEnabled(has)
        self.docks["source"].setWindowTitle("Source" if not has else
                                            f"Source: {self.doc.source_path.name}" if self.doc.source_path
                                            else "Source (in the map)")
