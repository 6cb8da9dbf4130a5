"""Recovery copies and backups in the io layer: written whole, read back strictly, never shared."""

import json
import os

import pytest

from argmap.io import load_map, save_map
from argmap.io.errors import MapFileError
from argmap.io.file_state import stamp_of
from argmap.io.recovery import discard, load_recovered_map, orphaned_recoveries, write_recovery
from helpers import editable


def test_each_save_keeps_the_version_it_replaces_as_a_backup(tmp_path):
    path = tmp_path / "essay.json"
    m = editable("tutorial")
    save_map(m, path)
    assert not (tmp_path / "essay.json.bak").exists()  # nothing to keep the first time
    m.claims[0].text = "Second version"
    save_map(m, path)
    assert load_map(tmp_path / "essay.json.bak").claims[0].text == editable("tutorial").claims[0].text
    m.claims[0].text = "Third version"
    save_map(m, path)
    assert load_map(tmp_path / "essay.json.bak").claims[0].text == "Second version"  # one generation
    assert sorted(p.name for p in tmp_path.iterdir()) == ["essay.json", "essay.json.bak"]


def test_a_backup_that_cannot_be_made_does_not_stop_the_save(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr("shutil.copy2", refuse)
    m = editable("tutorial")
    m.claims[0].text = "Saved anyway"
    save_map(m, path)
    assert load_map(path).claims[0].text == "Saved anyway"


def test_a_stamp_sees_content_not_touches(tmp_path):
    path = tmp_path / "m.json"
    save_map(editable("tutorial"), path)
    before = stamp_of(path)
    os.utime(path, (1, 1))
    assert stamp_of(path).same_content(before)
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert not stamp_of(path).same_content(before)
    path.unlink()
    assert stamp_of(path) is None


def _orphan(folder, key, pid=999_999_999):
    f = write_recovery(folder, key, editable("tutorial"), None)
    raw = json.loads(f.read_text(encoding="utf-8"))
    raw["recovery"]["pid"] = pid
    f.write_text(json.dumps(raw), encoding="utf-8")
    return f


def test_only_copies_of_ended_processes_are_offered_and_read_back_strictly(tmp_path):
    folder = tmp_path / "recovery"
    write_recovery(folder, "mine", editable("tutorial"), tmp_path / "a.json")  # this process: alive
    orphan = _orphan(folder, "old")
    (folder / "junk.recovery.json").write_text("{not json", encoding="utf-8")  # skipped, left alone
    found = orphaned_recoveries(folder)
    assert [r.file for r in found] == [orphan]
    assert load_recovered_map(found[0]).model_dump() == editable("tutorial").model_dump()
    discard(found[0])
    assert orphaned_recoveries(folder) == [] and (folder / "junk.recovery.json").exists()


def test_a_damaged_recovery_copy_gives_the_clear_error(tmp_path):
    folder = tmp_path / "recovery"
    f = _orphan(folder, "old")
    (rec,) = orphaned_recoveries(folder)
    raw = json.loads(f.read_text(encoding="utf-8"))
    raw["map"]["claims"][0]["text"] = 12
    f.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(MapFileError):
        load_recovered_map(rec)
