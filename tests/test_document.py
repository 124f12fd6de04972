"""The open-document layer under the TUI: dirty state, save, recovery, external change."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading

import pytest

from argmap.io import ChangedOnDisk, load
from argmap.io.document import Document, recovery_base_path, recovery_path
from argmap.model.ops import note, rebut

from .conftest import ROOT


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
    assert recovered.map == edited and not recovered.changed_on_disk
    assert recovered.edits.added == ("unsaved-reply",) and "added unsaved-reply" in recovered.edits.describe()
    again.restore_recovery(recovered.map)
    assert again.dirty and again.map == edited
    again.undo()
    assert again.map == load(small_map).map


def test_external_change_is_refused_then_forced_or_saved_as(small_map, tmp_path):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "mine"))
    small_map.write_text(small_map.read_text().replace("The thesis.", "Their thesis."))
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


# -- recovery: base digest, external changes, merge, safety ------------------------------------


def crash_with_edits(path, *edits):
    """A Document that applies ``edits`` (functions of the map giving an op), then "dies"."""
    doc = open_doc(path)
    for make in edits:
        doc.apply(make(doc.map))
    return doc.map.model_copy(deep=True)


def test_recovery_records_its_base_and_has_the_maps_mode(small_map):
    small_map.chmod(0o600)
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "n"))
    first = doc.recovery.read_text().splitlines()[0]
    assert first == f"# argmap-recovery: base=sha256:{doc.digest}"
    for p in (doc.recovery, recovery_base_path(small_map)):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    small_map.chmod(0o644)
    doc.apply(note(doc.map, "thesis", "n2"))
    assert stat.S_IMODE(doc.recovery.stat().st_mode) == 0o600  # never wider than 0600
    small_map.chmod(0o400)
    doc.apply(note(doc.map, "thesis", "n3"))
    assert stat.S_IMODE(doc.recovery.stat().st_mode) == 0o400  # nor than the map


def test_recovery_after_an_external_change_merges_disjoint_edits(small_map):
    crash_with_edits(small_map, lambda m: rebut(m, "c1", "Unsaved reply")[0])
    small_map.write_text(small_map.read_text().replace("The thesis.", "Their thesis."))
    doc = open_doc(small_map)
    rec = doc.read_recovery()
    assert rec.changed_on_disk and rec.base is not None
    assert rec.external.changed == ("thesis",)
    assert rec.merge.clean
    doc.restore_recovery(rec.merge.map)
    assert doc.map.claims["thesis"].text == "Their thesis."  # theirs kept
    assert "unsaved-reply" in doc.map.claims  # ours kept
    doc.save()  # the document is based on the file as it is now: no refusal
    saved = load(small_map).map
    assert saved.claims["thesis"].text == "Their thesis." and "unsaved-reply" in saved.claims
    assert not doc.recovery.exists() and not recovery_base_path(small_map).exists()


def test_recovery_conflicting_with_an_external_change_is_marked_not_dropped(small_map):
    from argmap.model.ops import replace_claim

    crash_with_edits(
        small_map,
        lambda m: replace_claim(m, "thesis", m.claims["thesis"].model_copy(update={"text": "Our thesis."})),
    )
    small_map.write_text(small_map.read_text().replace("The thesis.", "Their thesis."))
    doc = open_doc(small_map)
    rec = doc.read_recovery()
    assert [(c.claim, c.field) for c in rec.merge.conflicts] == [("thesis", "text")]
    merged = rec.merge.map.claims["thesis"]
    assert merged.text == "Our thesis."
    assert "theirs changed text to Their thesis." in merged.annotations[-1].text


def test_recovery_as_a_copy_leaves_the_changed_file_alone(small_map, tmp_path):
    edited = crash_with_edits(small_map, lambda m: rebut(m, "c1", "Unsaved reply")[0])
    small_map.write_text(small_map.read_text().replace("The thesis.", "Their thesis."))
    theirs = small_map.read_bytes()
    doc = open_doc(small_map)
    rec = doc.read_recovery()
    (tmp_path / "taken.yaml").write_text("precious")
    with pytest.raises(FileExistsError):
        doc.restore_as_copy(rec.map, tmp_path / "taken.yaml")
    assert (tmp_path / "taken.yaml").read_text() == "precious" and doc.recovery.exists()
    copy = doc.restore_as_copy(rec.map, tmp_path / "mine.yaml")
    assert load(copy).map == edited and doc.path == copy and not doc.dirty
    assert small_map.read_bytes() == theirs
    assert not recovery_path(small_map).exists()


def test_recovery_of_an_older_format_without_base_is_never_restored_over_the_file(small_map):
    crash_with_edits(small_map, lambda m: rebut(m, "c1", "Unsaved reply")[0])
    rp = recovery_path(small_map)
    rp.write_text("".join(rp.read_text().splitlines(keepends=True)[1:]))  # no base line
    rec = open_doc(small_map).read_recovery()
    assert rec.changed_on_disk and rec.base_digest is None and rec.merge is None


def test_bad_recovery_is_reported_and_set_aside(small_map):
    rp = recovery_path(small_map)
    rp.write_text("argmap: 1\ntitle: [unclosed\n")
    rec = open_doc(small_map).read_recovery()
    assert rec.map is None and "does not hold a valid map" in rec.problem
    assert rec.kept == rp.with_name(rp.name + ".bad") and rec.kept.exists() and not rp.exists()


def _in_thread(fn, timeout=10):
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("v", fn()), daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "hung"
    return out.get("v")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "link-to-map"])
def test_recovery_never_read_from_a_fifo_device_or_link(small_map, tmp_path, kind):
    rp = recovery_path(small_map)
    if kind == "fifo":
        os.mkfifo(rp)
    elif kind == "dev-zero-link":
        rp.symlink_to("/dev/zero")
    else:
        rp.symlink_to(small_map)
    doc = open_doc(small_map)
    rec = _in_thread(doc.read_recovery)
    assert rec.map is None and "could not be read" in rec.problem
    assert not rp.exists() and not rp.is_symlink()


def test_recovery_larger_than_a_map_may_be_is_refused(small_map, monkeypatch):
    import argmap.io.document as document

    monkeypatch.setattr(document, "MAX_BYTES", 100)
    rp = recovery_path(small_map)
    rp.write_text("argmap: 1\n" + "#" * 200)
    rec = open_doc(small_map).read_recovery()
    assert rec.map is None and "larger" in rec.problem


def test_planted_symlink_at_the_recovery_path_never_has_its_target_written(small_map, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    rp = recovery_path(small_map)
    rp.symlink_to(victim)
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "n"))
    assert victim.read_text() == "keep me"
    assert not rp.is_symlink() and "argmap-recovery" in rp.read_text()


_EDITOR = """
import sys
from argmap.io.document import Document
from argmap.model.ops import rebut
doc, _ = Document.open(sys.argv[1])
for i in range(1000):
    doc.apply(rebut(doc.map, "c1", f"Unsaved reply {i}")[0])
    if i == 2:
        sys.stdout.write("edited\\n"); sys.stdout.flush()
"""


def test_killed_between_edits_then_reopened(small_map):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = load(small_map).map
    p = subprocess.Popen([sys.executable, "-c", _EDITOR, str(small_map)], stdout=subprocess.PIPE, env=env)
    try:
        assert p.stdout.readline() == b"edited\n"
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        p.stdout.close()
    assert load(small_map).map == before  # the map was never written
    doc = open_doc(small_map)
    rec = doc.read_recovery()
    assert rec is not None and rec.problem is None and not rec.changed_on_disk
    assert len(rec.edits.added) >= 3 and not rec.edits.removed and not rec.edits.changed
    doc.restore_recovery(rec.map)
    doc.save()
    assert set(rec.edits.added) <= set(load(small_map).map.claims)
    assert sorted(p.name for p in small_map.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_a_failed_save_as_keeps_the_recovery_file(small_map, tmp_path):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "unsaved"))
    assert doc.recovery.exists()
    with pytest.raises(OSError):
        doc.save(tmp_path / "no-such-folder" / "copy.yaml")
    assert doc.recovery.exists() and doc.dirty  # a crash now still loses nothing
    saved = doc.save(tmp_path / "copy.yaml")
    assert not recovery_path(small_map).exists()  # the old name's recovery goes once saved
    assert not recovery_path(saved).exists()


def test_reload_drops_the_recovery_of_the_dropped_edits(small_map):
    doc = open_doc(small_map)
    doc.apply(note(doc.map, "thesis", "dropped"))
    assert doc.recovery.exists()
    assert doc.reload().ok
    assert not doc.recovery.exists()
    assert open_doc(small_map).read_recovery() is None


def test_setting_a_recovery_aside_twice_keeps_both(small_map):
    kept = []
    for text in ("first", "second"):
        doc = open_doc(small_map)
        doc.apply(note(doc.map, "thesis", text))
        kept.append(doc.set_aside_recovery("kept"))
    assert kept[0] != kept[1]
    assert "first" in kept[0].read_text() and "second" in kept[1].read_text()
