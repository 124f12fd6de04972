"""The open-document layer under the TUI: dirty state, save, recovery, external change."""

from __future__ import annotations

import pytest

from argmap.io import ChangedOnDisk, load
from argmap.io.document import Document
from argmap.model.ops import note, rebut


def open_doc(path):
    doc, loaded = Document.open(path)
    assert doc is not None, loaded.diagnostics
    return doc


def test_dirty_tracks_undo_back_to_saved(small_map):
    doc = open_doc(small_map)
    assert not doc.dirty
    doc.apply(rebut(doc.map, "c1", "Reply")[0])
    assert doc.dirty and doc.recovery.exists()
    doc.undo()
    assert not doc.dirty and not doc.recovery.exists()
    doc.redo()
    assert doc.dirty


def test_save_clears_recovery_and_writes(small_map):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "n", at="2026-11-25T10:00:00Z"))
    doc.save()
    assert not doc.dirty and not doc.recovery.exists()
    assert load(small_map).map == doc.map
    doc.apply(note(doc.map, "thesis", "again"))
    doc.save()  # the digest was updated by the first save: no false alarm
    assert load(small_map).map.claims["thesis"].annotations[-1].text == "again"


def test_recovery_survives_a_crash(small_map):
    doc = open_doc(small_map)
    doc.apply(rebut(doc.map, "c1", "Unsaved reply")[0])
    edited = doc.map.model_copy(deep=True)
    del doc  # the process dies; the recovery file stays
    again = open_doc(small_map)
    recovered = again.read_recovery()
    assert recovered == edited
    again.restore_recovery(recovered)
    assert again.dirty and again.map == edited
    again.undo()
    assert again.map == load(small_map).map


def test_external_change_is_refused_then_forced_or_saved_as(small_map, tmp_path):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "mine"))
    small_map.write_text(small_map.read_text().replace("The thesis.", "Their thesis."))
    assert doc.changed_on_disk()
    with pytest.raises(ChangedOnDisk):
        doc.save()
    assert "Their thesis." in small_map.read_text()
    other = tmp_path / "copy.yaml"
    doc.save(other)
    assert doc.path == other and load(other).map == doc.map
    assert "Their thesis." in small_map.read_text()


def test_save_as_refuses_another_existing_file_and_sees_through_spellings(small_map, tmp_path):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "mine"))
    other = tmp_path / "other.yaml"
    other.write_text("precious")
    with pytest.raises(FileExistsError):
        doc.save(other)
    assert other.read_text() == "precious"
    small_map.write_text(small_map.read_text() + "\n")
    with pytest.raises(ChangedOnDisk):  # the same file, spelt differently
        doc.save(tmp_path / "." / small_map.name)
