"""`argmap new`: a fresh, valid, canonical map, with its source copied beside it."""

from __future__ import annotations

from argmap.io import MAX_BYTES, load

TEXT = "A Speech On Trams\n\nThe city should build the tram. It is cheap.\n"


def test_new_map_without_a_source(cli, tmp_path):
    path = tmp_path / "tram.yaml"
    r = cli("new", str(path), "--title", "The tram", "--thesis", "The city should build the tram.")
    assert r.code == 0, r.both
    assert f"wrote {path}" in r.err and f"argmap {path}" in r.err
    loaded = load(path)
    assert loaded.ok and not loaded.warnings
    m = loaded.map
    assert m.title == "The tram" and not m.sources
    assert [(cid, c.kind.value, c.text) for cid, c in m.claims.items()] == [
        ("thesis", "conclusion", "The city should build the tram.")
    ]
    assert cli("fmt", "--check", str(path)).code == 0  # canonical as written
    # refuses an existing file, and changes nothing
    before = path.read_bytes()
    r = cli("new", str(path), "--title", "Other", "--thesis", "Other.")
    assert r.code == 1 and "already exists" in r.err and path.read_bytes() == before
    # an empty thesis is refused in the format's own words
    r = cli("new", str(tmp_path / "empty.yaml"), "--title", "T", "--thesis", " ")
    assert r.code == 1 and "thesis" in r.err and not (tmp_path / "empty.yaml").exists()


def test_new_map_with_a_source(cli, tmp_path):
    text = tmp_path / "in" / "speech.txt"
    text.parent.mkdir()
    text.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "maps" / "speech.yaml"
    path.parent.mkdir()
    r = cli("new", str(path), "--title", "Trams", "--thesis", "Build it.", "--source", str(text))
    assert r.code == 0, r.both
    copied = path.parent / "sources" / "speech.txt"
    assert copied.read_text(encoding="utf-8") == TEXT
    m = load(path).map
    assert {sid: (s.title, s.file) for sid, s in m.sources.items()} == {
        "speech": ("A Speech On Trams", "sources/speech.txt")
    }
    assert cli("coverage", str(path)).out.startswith("sources/speech.txt (source 'speech'): 0 of 3 sentences")
    # the same text again is fine (nothing copied); a different one of the same name is refused
    again = tmp_path / "maps" / "again.yaml"
    r = cli("new", str(again), "--title", "T", "--thesis", "X.", "--source", str(text), "--source-title", "Mine")
    assert r.code == 0, r.both
    assert load(again).map.sources["speech"].title == "Mine"
    other = tmp_path / "other" / "speech.txt"
    other.parent.mkdir()
    other.write_text("Something else.\n", encoding="utf-8")
    r = cli("new", str(tmp_path / "maps" / "third.yaml"), "--title", "T", "--thesis", "X.", "--source", str(other))
    assert r.code == 1 and "sources/speech.txt already exists" in r.err, r.err
    assert not (tmp_path / "maps" / "third.yaml").exists() and copied.read_text(encoding="utf-8") == TEXT


def test_new_refuses_unusable_sources(cli, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 au lait.\n".encode("latin-1"))
    r = cli("new", str(tmp_path / "a.yaml"), "--title", "T", "--thesis", "X.", "--source", str(latin))
    assert r.code == 1 and "not UTF-8" in r.err, r.err
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: cheap to make
        fh.truncate(MAX_BYTES + 1)
    r = cli("new", str(tmp_path / "b.yaml"), "--title", "T", "--thesis", "X.", "--source", str(big))
    assert r.code == 1 and "MiB a source file may have" in r.err, r.err
    r = cli("new", str(tmp_path / "c.yaml"), "--title", "T", "--thesis", "X.", "--source", str(tmp_path / "gone.txt"))
    assert r.code == 1 and "gone.txt" in r.err and "not found" in r.err, r.err
    assert not list(tmp_path.glob("*.yaml")) and not (tmp_path / "sources").exists()


def test_opening_a_missing_map_off_a_terminal_names_argmap_new(cli, tmp_path):
    path = tmp_path / "fresh.yaml"
    r = cli(str(path))
    assert r.code == 1
    assert f"argmap new {path} --title TEXT --thesis TEXT" in r.err, r.err
    assert not path.exists()


def test_the_map_made_from_scratch_in_the_tui_stays_valid(cli):
    """tests/texts/declaration.yaml was made with argmap new and the source pane alone."""
    from pathlib import Path

    path = Path(__file__).parent / "texts" / "declaration.yaml"
    r = cli("validate", "--strict", str(path))
    assert r.code == 0 and "10 claims, 0 warnings" in r.out, r.both
    m = load(path).map
    assert all(c.quote is not None and c.quote.locator for c in m.claims.values())
    r = cli("coverage", str(path))
    assert "7 of 13 sentences quoted" in r.out and "  para 9:" not in r.out, r.out


def test_source_errors_say_what_to_do_and_write_nothing(cli, tmp_path):
    def new(name, *extra):
        return cli("new", str(tmp_path / name), "--title", "T", "--thesis", "X.", *extra)

    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\n\xff\xfe\x00\x01")
    r = new("a.yaml", "--source", str(binary))
    assert r.code == 1 and "scan.pdf is not UTF-8 text" in r.err and "save it as" in r.err, r.err
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"text\x00\x00\x00more")
    r = new("a.yaml", "--source", str(nul))
    assert r.code == 1 and "nul.txt is not a text file" in r.err, r.err
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    r = new("a.yaml", "--source", str(empty))
    assert r.code == 1 and "empty.txt is empty" in r.err, r.err
    r = new("a.yaml", "--source", str(tmp_path / "gone.txt"))
    assert r.code == 1 and "gone.txt not found" in r.err and "check the path" in r.err, r.err
    r = new("a.yaml", "--source-title", "Mine")
    assert r.code == 2 and "--source-title needs --source" in r.err, r.err
    assert not list(tmp_path.glob("*.yaml")) and not (tmp_path / "sources").exists()


def test_a_sources_folder_that_is_not_one_is_named(cli, tmp_path):
    text = tmp_path / "speech.txt"
    text.write_text(TEXT, encoding="utf-8")
    (tmp_path / "d1" / "sources" / "speech.txt").mkdir(parents=True)
    r = cli("new", str(tmp_path / "d1" / "m.yaml"), "--title", "T", "--thesis", "X.", "--source", str(text))
    assert r.code == 1 and "sources/speech.txt is a folder" in r.err and "rename" in r.err, r.err
    (tmp_path / "d2").mkdir()
    (tmp_path / "d2" / "sources").write_text("notes\n", encoding="utf-8")
    r = cli("new", str(tmp_path / "d2" / "m.yaml"), "--title", "T", "--thesis", "X.", "--source", str(text))
    assert r.code == 1 and "sources is a file" in r.err and "rename" in r.err, r.err
    assert not (tmp_path / "d1" / "m.yaml").exists() and not (tmp_path / "d2" / "m.yaml").exists()


def test_a_byte_order_mark_is_not_in_the_source_title(cli, tmp_path):
    text = tmp_path / "bom.txt"
    text.write_bytes("\ufeffA Speech On Trams\n\nBuild it.\n".encode())
    path = tmp_path / "m.yaml"
    r = cli("new", str(path), "--title", "T", "--thesis", "X.", "--source", str(text))
    assert r.code == 0, r.both
    assert load(path).map.sources["bom"].title == "A Speech On Trams"


def _converse(args, answers, cwd, env, timeout=60.0):
    """Run ``argmap ARGS`` on a pseudo-terminal, answering each prompt
    (a line ending in ': ' or '] ') with the next answer; all it printed."""
    import os
    import select
    import subprocess
    import sys
    import time

    main, sub = os.openpty()
    p = subprocess.Popen(
        [sys.executable, "-m", "argmap", *args], stdin=sub, stdout=sub, stderr=sub, cwd=cwd,
        env={**os.environ, **env, "TERM": "dumb"}, close_fds=True,
    )
    os.close(sub)
    out, pending, end = b"", list(answers), time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if pending and out.rstrip(b" ").endswith((b":", b"]")) and out.endswith(b" "):
                    os.write(main, pending.pop(0).encode() + b"\n")
            elif p.poll() is not None:
                break
    finally:
        if p.poll() is None:
            p.kill()
        p.wait(timeout=10)
        os.close(main)
    return out.decode("utf-8", "replace"), p.returncode


def test_a_mistyped_source_at_the_prompt_is_asked_again(tmp_path):
    (tmp_path / "speech.txt").write_text(TEXT, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    out, code = _converse(
        ["fresh.yaml", "--outline"],
        ["y", "Trams", "Build the tram.", "speach.txt", "~/speech.txt"],
        cwd=work,
        env={"HOME": str(tmp_path)},
    )
    assert "Traceback" not in out, out
    assert "speach.txt not found" in out and out.count("Source text to map") == 2, out
    assert code == 0, out
    m = load(work / "fresh.yaml").map
    assert m.title == "Trams" and m.sources["speech"].file == "sources/speech.txt"
