"""The import layers hold: every module of argmap is in a layer and imports only
its own layer or those below it; the lower layers never import Textual; and
`argmap validate` starts fast."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: Lowest first: a module may import from its own layer and those before it.
LAYERS = ("base", "model", "io", "analysis", "export", "tui", "cli")

#: Where each module belongs: a subpackage (with every module in it, now and
#: later) or a single top-level module.  A module matched by none fails
#: test_every_module_has_a_layer: add it here, in the lowest layer it fits.
LAYER_OF = {
    "argmap": "base",  # __init__.py: __version__ only
    "argmap.model": "model",
    "argmap.io": "io",
    "argmap.bundled": "io",  # where the bundled map file is
    "argmap.analysis": "analysis",
    "argmap.export": "export",
    "argmap.tui": "tui",
    "argmap.cli": "cli",
    "argmap.__main__": "cli",
}

#: Third-party packages only the tui layer and above may import.
UI_PACKAGES = ("textual", "rich")


def _modules(root: Path, package: str = "argmap") -> dict[str, Path]:
    """Module name -> file, for every .py file of ``package`` under ``root``."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _layer(module: str) -> str | None:
    """The layer of ``module``: that of its longest prefix in LAYER_OF, but
    only the package ``argmap`` itself (__init__.py) is in the base layer."""
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        layer = LAYER_OF.get(".".join(parts[:n]))
        if layer is not None:
            return layer
    return LAYER_OF.get(module)


def _imports(path: Path, module: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, at any depth (in functions,
    under TYPE_CHECKING), relative ones made absolute.  ``from P import n``
    counts as importing ``P.n`` when that is a module, else ``P``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append((node.lineno, sub if sub in known else target))
    return out


def layer_problems(root: Path, package: str = "argmap") -> list[str]:
    """What breaks the layering of ``package`` under ``root``, one line each."""
    modules = _modules(root, package)
    known = set(modules)
    problems = []
    for module, path in modules.items():
        layer = _layer(module)
        where = path.relative_to(root)
        if layer is None:
            problems.append(f"{where}: module {module} is in no layer (add it to LAYER_OF)")
            continue
        rank = LAYERS.index(layer)
        for line, target in _imports(path, module, known):
            top = target.split(".")[0]
            if top in UI_PACKAGES and rank < LAYERS.index("tui"):
                problems.append(f"{where}:{line}: {module} ({layer}) imports {target}: only tui may")
            if top != package:
                continue
            if target not in known:
                problems.append(f"{where}:{line}: {module} imports {target}, which is no module of {package}")
                continue
            other = _layer(target)
            if other is not None and LAYERS.index(other) > rank:
                problems.append(f"{where}:{line}: {module} ({layer}) imports {target} ({other}), a higher layer")
    return problems


def test_every_module_has_a_layer_and_imports_only_its_own_or_lower_layers():
    modules = _modules(SRC)
    # the walk finds the package (a broken path would make this test pass on nothing)
    assert {"argmap", "argmap.cli", "argmap.model.ops", "argmap.tui.app", "argmap.io.loader"} <= set(modules)
    assert layer_problems(SRC) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


LEGAL = {
    "argmap/__init__.py": '__version__ = "1"\n',
    "argmap/model/__init__.py": "from .schema import ArgMap\nfrom .. import __version__\n",
    "argmap/model/schema.py": "import re\nArgMap = object\n",
    "argmap/io/__init__.py": "",
    "argmap/io/loader.py": "from ..model import ArgMap\nfrom argmap.model.schema import ArgMap as A\n",
    "argmap/export/__init__.py": "",
    "argmap/export/outputs.py": "from . import brief\nimport argmap.io.loader\n",
    "argmap/export/brief.py": "",
    "argmap/tui/__init__.py": "",
    "argmap/tui/app.py": "import textual\nfrom rich.text import Text\nfrom ..export import outputs\n",
    "argmap/cli.py": "from . import __version__\ndef f():\n    from .tui.app import run\n",
    "argmap/__main__.py": "from .cli import main\n",
    "argmap/bundled.py": "from pathlib import Path\n",
}


def test_the_layer_check_accepts_a_legal_package(tmp_path):
    _write(tmp_path, LEGAL)
    assert layer_problems(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # an import inside a function, relative, of a module by name
        ("argmap/model/graph.py", "def f():\n    from .. import cli\n",
         "argmap/model/graph.py:2: argmap.model.graph (model) imports argmap.cli (cli), a higher layer"),
        # two levels up, then down
        ("argmap/io/save.py", "from ..export.outputs import x\n",
         "argmap/io/save.py:1: argmap.io.save (io) imports argmap.export.outputs (export), a higher layer"),
        # absolute, in a package's __init__
        ("argmap/io/__init__.py", "import argmap.tui.app\n",
         "argmap/io/__init__.py:1: argmap.io (io) imports argmap.tui.app (tui), a higher layer"),
        # under TYPE_CHECKING
        ("argmap/export/brief.py", "if TYPE_CHECKING:\n    from argmap.tui import app\n",
         "argmap/export/brief.py:2: argmap.export.brief (export) imports argmap.tui.app (tui), a higher layer"),
        ("argmap/export/brief.py", "from rich.markup import escape\n",
         "argmap/export/brief.py:1: argmap.export.brief (export) imports rich.markup: only tui may"),
        ("argmap/model/text.py", "def f():\n    import textual.app\n",
         "argmap/model/text.py:2: argmap.model.text (model) imports textual.app: only tui may"),
        ("argmap/plugins.py", "",
         "argmap/plugins.py: module argmap.plugins is in no layer (add it to LAYER_OF)"),
        ("argmap/extra/__init__.py", "",
         "argmap/extra/__init__.py: module argmap.extra is in no layer (add it to LAYER_OF)"),
        ("argmap/io/loader.py", "from ..modle import ArgMap\n",
         "argmap/io/loader.py:1: argmap.io.loader imports argmap.modle, which is no module of argmap"),
    ],
)
def test_the_layer_check_finds(tmp_path, name, text, expected):
    _write(tmp_path, {**LEGAL, name: text})
    assert layer_problems(tmp_path) == [expected]


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
