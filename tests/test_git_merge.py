"""argmap merge-driver and git-setup, driven by real git in a temporary repository."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.io import dump, load
from argmap.model.ops import PutClaim, apply_checked

from .conftest import BUNDLED, SMALL, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

MAP = Path("arguments") / BUNDLED.name
COMMAND = f"{shlex.quote(sys.executable)} -m argmap"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert p.returncode == 0, p.stdout + p.stderr
    return p


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding a copy of the bundled map (and its source), set up with git-setup."""
    r = tmp_path / "team"
    r.mkdir()
    git(r, "-c", "init.defaultBranch=main", "init", "-q")
    git(r, "config", "user.name", "Test")
    git(r, "config", "user.email", "test@example.com")
    shutil.copytree(BUNDLED.parent, r / "arguments")
    out = run_cli("git-setup", "--repo", str(r), "--command", COMMAND)
    assert out.code == 0, out.both
    git(r, "add", "-A")
    git(r, "commit", "-qm", "the map")
    return r


def edit(path: Path, change) -> None:
    """Edit the map as the TUI would: load, apply an op, write the canonical form."""
    loaded = load(path)
    change(loaded.map)
    path.write_text(dump(loaded.map, loaded.header), encoding="utf-8")


def put(m, cid: str, **fields) -> None:
    apply_checked(m, PutClaim(cid, m.claims[cid].model_copy(update=fields)))


def first(m, kind: str) -> str:
    return next(cid for cid, c in m.claims.items() if c.kind == kind)


def test_git_setup_writes_attributes_and_config_once(repo):
    attrs = (repo / ".gitattributes").read_text()
    assert attrs.splitlines() == ["arguments/*.yaml merge=argmap diff=argmap"]
    assert git(repo, "config", "merge.argmap.driver").stdout.strip() == f"{COMMAND} merge-driver %O %A %B %P"
    assert git(repo, "config", "diff.argmap.command").stdout.strip() == f"{COMMAND} diff"
    assert git(repo, "config", "merge.argmap.name").stdout.strip()
    config = (repo / ".git" / "config").read_text()
    r = run_cli("git-setup", "--repo", str(repo), "--command", COMMAND)
    assert r.code == 0 and "already" in r.out
    assert not [line for line in r.out.splitlines() if line.startswith(("wrote", "set "))]
    assert (repo / ".gitattributes").read_text() == attrs
    assert (repo / ".git" / "config").read_text() == config
    r = run_cli("git-setup", "--repo", str(repo), "--command", COMMAND, "--pattern", "*.argmap.yaml")
    assert r.code == 0 and "*.argmap.yaml merge=argmap diff=argmap" in r.out
    assert (repo / ".gitattributes").read_text().splitlines()[-1] == "*.argmap.yaml merge=argmap diff=argmap"


def test_git_setup_outside_a_repository_is_an_error(tmp_path):
    r = run_cli("git-setup", "--repo", str(tmp_path))
    assert r.code == 1 and "not a git repository" in r.err


def test_two_branches_merge_cleanly_by_claim_id(repo):
    m = load(repo / MAP).map
    premise, counter = first(m, "premise"), first(m, "counterpoint")
    git(repo, "checkout", "-qb", "rebuttal")
    r = run_cli("rebut", str(repo / MAP), premise, "This premise overstates the case.")
    assert r.code == 0, r.both
    git(repo, "commit", "-qam", "rebut a premise")
    git(repo, "checkout", "-q", "main")
    edit(repo / MAP, lambda m: (put(m, counter, text="A sharper counterpoint."),
                                put(m, premise, tags=[*m.claims[premise].tags, "contested"])))
    git(repo, "commit", "-qam", "edit a counterpoint, tag a premise")
    p = git(repo, "merge", "-q", "--no-edit", "rebuttal", check=False)
    assert p.returncode == 0, p.stdout + p.stderr
    merged = load(repo / MAP)
    assert merged.ok, merged.diagnostics
    c = merged.map.claims
    assert c[counter].text == "A sharper counterpoint." and "contested" in c[premise].tags
    new = "this-premise-overstates-the-case"
    assert c[new].attacks == [premise]
    assert not [a for cl in c.values() for a in cl.annotations if a.text.startswith("conflict:")]
    assert git(repo, "status", "--porcelain").stdout == ""
    # the header comment lines of the map are kept
    assert (repo / MAP).read_text().startswith(load(BUNDLED).header)
    # git diff shows the merge by claim, through argmap diff
    d = git(repo, "diff", "HEAD~1", "HEAD", "--", str(MAP))
    assert f"+ claim '{new}' (rebuttal)" in d.stdout and f"+ relation: {new} attacks {premise}" in d.stdout


def test_same_field_edited_on_both_branches_is_a_conflict_the_map_records(repo):
    m = load(repo / MAP).map
    counter = first(m, "counterpoint")
    git(repo, "checkout", "-qb", "theirs")
    edit(repo / MAP, lambda m: put(m, counter, text="Their wording."))
    git(repo, "commit", "-qam", "theirs")
    git(repo, "checkout", "-q", "main")
    edit(repo / MAP, lambda m: put(m, counter, text="Our wording."))
    git(repo, "commit", "-qam", "ours")
    p = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert p.returncode != 0
    assert f"{MAP}: conflict: claim '{counter}': theirs changed text to Their wording." in p.stderr
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout.split() == [str(MAP)]
    merged = load(repo / MAP)
    assert merged.ok, merged.diagnostics
    claim = merged.map.claims[counter]
    assert claim.text == "Our wording."
    assert claim.annotations[-1].text == "conflict: theirs changed text to Their wording."
    assert "<<<<<<<" not in (repo / MAP).read_text()
    assert run_cli("validate", str(repo / MAP)).code == 0


# -- the driver called directly ------------------------------------------------------------------


def versions(tmp_path: Path, ours: str, theirs: str, base: str = SMALL) -> list[Path]:
    import textwrap

    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        p = tmp_path / name
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        paths.append(p)
    return paths


def test_driver_writes_the_merge_to_ours_and_exits_0(tmp_path):
    b, o, t = versions(tmp_path, SMALL.replace("The thesis.", "Our thesis."),
                       SMALL.replace("An objection.", "Their objection."))
    r = run_cli("merge-driver", str(b), str(o), str(t), "m.yaml")
    assert r.code == 0 and r.err == "", r.both
    m = load(o).map
    assert m.claims["thesis"].text == "Our thesis." and m.claims["c1"].text == "Their objection."


def test_driver_leaves_ours_alone_when_an_input_is_not_a_valid_map(tmp_path):
    b, o, t = versions(tmp_path, "# keep me\n" + SMALL.replace("The thesis.", "Ours."), "argmap: 1\ntitle: T\nclaims: {}\n")
    before = o.read_bytes()
    r = run_cli("merge-driver", str(b), str(o), str(t), "m.yaml")
    assert r.code == 1 and o.read_bytes() == before
    assert "m.yaml: not merged: theirs is not a valid map" in r.err and "left ours as it was" in r.err
    t.write_bytes(b"\xff\xfe")
    r = run_cli("merge-driver", str(b), str(o), str(t), "m.yaml")
    assert r.code == 1 and o.read_bytes() == before and "not UTF-8" in r.err
    r = run_cli("merge-driver", str(b), str(o), str(tmp_path / "missing"), "m.yaml")
    assert r.code == 1 and o.read_bytes() == before and "no such file" in r.err


def test_driver_keeps_the_header_and_refuses_to_drop_other_comments(tmp_path):
    ours = "# yaml-language-server: $schema=x\n" + SMALL.replace("The thesis.", "Ours.")
    b, o, t = versions(tmp_path, ours, SMALL.replace("An objection.", "Theirs."))
    assert run_cli("merge-driver", str(b), str(o), str(t)).code == 0
    assert o.read_text().startswith("# yaml-language-server: $schema=x\nargmap: 1\n")
    b, o, t = versions(tmp_path, ours, SMALL.replace("title: Small test map", "title: T  # a comment"))
    before = o.read_bytes()
    r = run_cli("merge-driver", str(b), str(o), str(t), "m.yaml")
    assert r.code == 1 and o.read_bytes() == before and "comments" in r.err
    r = run_cli("merge-driver", "--drop-comments", str(b), str(o), str(t), "m.yaml")
    assert r.code == 0 and load(o).map.title == "T"


def test_driver_with_no_common_base(tmp_path):
    """git gives an empty base when both sides added the file."""
    b, o, t = versions(tmp_path, SMALL, SMALL.replace("An objection.", "Theirs."), base="")
    r = run_cli("merge-driver", str(b), str(o), str(t), "m.yaml")
    assert r.code == 1 and "m.yaml: conflict: claim 'c1': theirs changed text to Theirs." in r.err
    assert load(o).ok
