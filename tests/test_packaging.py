"""argmap installed from a wheel, outside the checkout: the bundled map is
package data, so `argmap` with no FILE works after `pip install .`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from .conftest import ROOT


def test_every_package_is_listed():
    """pyproject lists the packages (the bundled map needs a package-dir
    mapping); a new subpackage left out of the list would be missing from
    the wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {
        ".".join(p.parent.relative_to(src).parts) for p in (src / "argmap").rglob("__init__.py")
    }
    assert listed == found | {"argmap.arguments"}


def test_wheel_runs_the_bundled_map_outside_the_checkout(tmp_path: Path):
    tree = tmp_path / "tree"
    for name in ("pyproject.toml", "README.md"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tree / name)
    for name in ("src", "arguments"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".*.recovery"))
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
         "-w", str(dist), str(tree)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = dist.glob("argmap-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    target = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Install the wheel alone into the fresh venv; its dependencies come from
    # the test environment's site-packages (PYTHONPATH, no .pth files: the
    # checkout's editable argmap is not visible there).
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = sysconfig.get_path("purelib")
    python = venv / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import argmap, argmap.bundled as b; print(argmap.__file__); print(b.bundled_map())"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(target)) and where[1].startswith(str(target)), where
    run = subprocess.run(
        [str(python), "-m", "argmap"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "thesis" in run.stdout  # the outline of the bundled map (not a terminal)
    check = subprocess.run(
        [str(python), "-m", "argmap", "validate", "--strict", where[1]],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
