"""``argmap git-setup``: make git diff and merge maps by claim id.

Writes ``.gitattributes`` lines (``PATTERN merge=argmap diff=argmap``) at the
top of the repository, the repository's own git config entries for the
merge driver and the external diff, and ``.git/info/exclude`` lines for the
lock and recovery files argmap keeps beside a map.  Running it again
changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DRIVER = "argmap"
ATTRIBUTES = f"merge={DRIVER} diff={DRIVER}"
DEFAULT_PATTERN = "arguments/*.yaml"
NAME = "argmap: three-way merge of maps by claim id"
#: The files argmap keeps beside a map (lock, recovery, temporary files of
#: an atomic save): never content to commit.
EXCLUDES = (".*.lock", ".*.recovery", ".*.recovery.*", ".*.tmp")


class GitSetupError(Exception):
    pass


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise GitSetupError("git is not installed (or not on PATH)") from None


def config_entries(command: str) -> list[tuple[str, str]]:
    """The git config entries for ``command`` (how git runs argmap)."""
    return [
        (f"merge.{DRIVER}.name", NAME),
        (f"merge.{DRIVER}.driver", f"{command} merge-driver %O %A %B %P"),
        (f"diff.{DRIVER}.command", f"{command} diff"),
    ]


def git_setup(repo: Path, patterns: list[str], command: str) -> list[str]:
    """Set up the repository at (or containing) ``repo``; returns what it did, one line each."""
    if shutil.which("git") is None:
        raise GitSetupError("git is not installed (or not on PATH)")
    if not repo.is_dir():
        raise GitSetupError(f"{repo}: no such folder")
    top = _git(repo, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitSetupError(f"{repo}: not a git repository (run git init first, or give --repo)")
    root = Path(top.stdout.strip())
    done: list[str] = []

    attrs = root / ".gitattributes"
    text = attrs.read_text(encoding="utf-8") if attrs.exists() else ""
    have = {" ".join(line.split()) for line in text.splitlines()}
    new = [f"{p} {ATTRIBUTES}" for p in patterns]
    missing = [line for line in dict.fromkeys(new) if line not in have]
    for line in new:
        if line not in missing:
            done.append(f".gitattributes: already has {line}")
    if missing:
        if text and not text.endswith("\n"):
            text += "\n"
        attrs.write_text(text + "".join(line + "\n" for line in missing), encoding="utf-8")
        done += [f"wrote {attrs}: {line}" for line in missing]

    where = _git(root, "rev-parse", "--git-path", "info/exclude")
    if where.returncode == 0 and where.stdout.strip():
        exclude = Path(where.stdout.strip())
        exclude = exclude if exclude.is_absolute() else root / exclude
        text = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
        have = {line.strip() for line in text.splitlines()}
        missing = [p for p in EXCLUDES if p not in have]
        if missing:
            exclude.parent.mkdir(parents=True, exist_ok=True)
            if text and not text.endswith("\n"):
                text += "\n"
            text += "# argmap's lock, recovery and temporary files\n" + "".join(p + "\n" for p in missing)
            exclude.write_text(text, encoding="utf-8")
            done.append(f"wrote {exclude}: {' '.join(missing)}")
        else:
            done.append(f"{exclude}: already ignores argmap's lock and recovery files")

    for key, value in config_entries(command):
        now = _git(root, "config", "--local", "--get", key)
        if now.returncode == 0 and now.stdout.rstrip("\n") == value:
            done.append(f"git config {key}: already set")
            continue
        got = _git(root, "config", "--local", key, value)
        if got.returncode != 0:
            raise GitSetupError(f"git config {key} failed: {got.stderr.strip()}")
        done.append(f"set git config {key} = {value}")
    return done


__all__ = ["DEFAULT_PATTERN", "GitSetupError", "config_entries", "git_setup"]
