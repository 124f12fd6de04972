"""Where the bundled map is: package data when argmap is installed from a
wheel (``pip install .``, pipx), the checkout's ``arguments/`` folder when it
runs from a source tree (an editable install maps no data package)."""

from __future__ import annotations

from pathlib import Path

MAP_NAME = "nato-israel-eop.yaml"


def bundled_map() -> Path:
    try:
        from importlib.resources import files

        root = files("argmap.arguments")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "arguments" / MAP_NAME
    # An installed package is a folder on disk (wheels are unpacked), which the
    # loader needs: the map's source file is read relative to the map.
    return Path(str(root / MAP_NAME))
