from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAPS = Path(__file__).parent / "maps"
BUNDLED = ROOT / "arguments" / "nato-israel-eop.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the real ``argmap`` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ARGMAP_DEBUG", None)
    p = subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )
    assert "Traceback" not in p.stderr, p.stderr
    return Run(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write_map(tmp_path: Path):
    """Write a map (dedented text or bytes) into a temporary folder."""

    def write(content: str | bytes, name: str = "map.yaml") -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return p

    return write


SMALL = """
argmap: 1
title: Small test map
sources:
  src:
    title: A source
    file: source.txt
claims:
  thesis:
    kind: conclusion
    text: The thesis.
  p1:
    kind: premise
    text: First premise.
    supports: [thesis]
    quote: {source: src, text: the first premise, locator: para 1}
  c1:
    kind: counterpoint
    text: An objection.
    attacks: [p1]
  u1:
    kind: counterpoint
    text: Granted, but it does not follow.
    undercuts: [{from: p1, to: thesis}]
"""


@pytest.fixture
def small_map(write_map, tmp_path: Path) -> Path:
    (tmp_path / "source.txt").write_text("It says: the first\n  premise, and more.\n", encoding="utf-8")
    return write_map(SMALL)


def _reliability_counts() -> Counter[str]:
    mod = sys.modules.get("tests.test_reliability")
    return Counter(getattr(mod, "COUNTS", None) or {})


#: what the reliability suite tried in the pytest-xdist workers (`make test` runs two or more)
_FROM_WORKERS: Counter[str] = Counter()


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # in an xdist worker: hand the counts to the controller
        workeroutput["reliability_counts"] = dict(_reliability_counts())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _FROM_WORKERS.update(getattr(node, "workeroutput", {}).get("reliability_counts", {}))


def pytest_terminal_summary(terminalreporter):
    """Print what the reliability suite tried (tests/test_reliability.py)."""
    counts = _reliability_counts() + _FROM_WORKERS
    if counts:
        terminalreporter.write_sep("-", "reliability suite")
        for what, n in sorted(counts.items()):
            terminalreporter.write_line(f"{n:>7,}  {what}")


async def wait_for(pilot, cond, timeout: float = 4.0) -> None:
    """Pause the app frame by frame until ``cond()`` holds (work in a worker
    or a thread), at most ``timeout`` seconds; the caller asserts after."""
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        await pilot.pause(0.02)
