"""The lower layers never import Textual, and `argmap validate` starts fast."""

from __future__ import annotations

import subprocess
import sys


def _imported(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(sorted(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return eval(out.stdout.strip().splitlines()[-1])  # a list literal of module names


def test_lower_layers_do_not_import_the_ui():
    modules = _imported(
        "import argmap.model, argmap.model.graph, argmap.model.ops, argmap.model.messages, "
        "argmap.io, argmap.io.document, argmap.analysis.coverage, argmap.analysis.evaluation, "
        "argmap.analysis.prep, argmap.export.diagram, argmap.export.brief, argmap.cli"
    )
    assert [m for m in modules if m.split(".")[0] in ("textual", "rich")] == []
    assert "argmap.tui" not in modules


def test_model_imports_nothing_above_it():
    modules = _imported("import argmap.model, argmap.model.graph, argmap.model.ops, argmap.model.messages")
    assert [m for m in modules if m.startswith(("argmap.io", "argmap.analysis", "argmap.cli", "argmap.tui"))] == []


def test_validate_imports_no_ui(small_map):
    code = (
        "import sys\nfrom argmap.cli import main\n"
        f"main(['validate', '-q', {str(small_map)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
