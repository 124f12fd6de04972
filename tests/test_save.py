"""Atomic saving: permissions kept, no partial files, no silent overwrite."""

from __future__ import annotations

import os
import stat

import pytest

from argmap.io import ChangedOnDisk, dump, load, save_map, write_atomic


def test_save_roundtrip_keeps_permissions(small_map):
    small_map.chmod(0o640)
    loaded = load(small_map)
    new_digest = save_map(loaded.map, small_map, expected=loaded.digest)
    assert stat.S_IMODE(small_map.stat().st_mode) == 0o640
    again = load(small_map)
    assert again.map == loaded.map and again.digest == new_digest
    assert small_map.read_text() == dump(loaded.map)


def test_refuses_to_overwrite_a_file_changed_on_disk(small_map):
    loaded = load(small_map)
    small_map.write_text(small_map.read_text() + "\n# edited elsewhere\n")
    edited = small_map.read_bytes()
    with pytest.raises(ChangedOnDisk, match="changed on disk since it was loaded"):
        save_map(loaded.map, small_map, expected=loaded.digest)
    assert small_map.read_bytes() == edited


def test_refuses_when_file_was_deleted(small_map):
    loaded = load(small_map)
    small_map.unlink()
    with pytest.raises(ChangedOnDisk):
        save_map(loaded.map, small_map, expected=loaded.digest)


def test_new_file_and_no_temporary_left(tmp_path, small_map):
    loaded = load(small_map)
    target = tmp_path / "new.yaml"
    save_map(loaded.map, target, expected=None)
    assert load(target).map == loaded.map
    # only the lock file stays (removing it would race with the next writer)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".new.yaml.lock"]


def test_failed_write_leaves_original_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "m.yaml"
    target.write_bytes(b"original")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
