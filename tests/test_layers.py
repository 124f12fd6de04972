"""The lower layers never import Textual, and `argmap validate` starts fast."""

from __future__ import annotations

import subprocess
import sys


def test_model_io_cli_do_not_import_textual():
    code = (
        "import sys, argmap.model, argmap.model.graph, argmap.model.ops, argmap.io, argmap.cli\n"
        "from argmap.cli import main\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'graphviz'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_validate_imports_no_ui(small_map):
    code = (
        "import sys\nfrom argmap.cli import main\n"
        f"main(['validate', '-q', {str(small_map)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
