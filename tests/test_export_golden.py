"""The DOT that ``argmap export`` writes, byte for byte, for a generated map
with every part of the format and every diagram option.

The expected files (tests/golden/export/*.dot) were written by the exporter
before it was made faster: any change to the DOT shows here.  After a change
to the diagram that is meant, write them again with
``ARGMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py``
and read the diff.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

GOLDEN = Path(__file__).parent / "golden" / "export"

#: Texts that need escaping in DOT or HTML, and plain ones to wrap.
ODD = [
    'He said "no" and left',
    "back\\slash, \\N and \\G and \\L, trailing \\",
    "braces { } and brackets [ ] ; semicolons ]]",
    "<b>not bold</b> &amp; <i>x</i> & < > 'single'",
    "line one\nline two\n\nline four",
    "tab\there and\ttwo",
    "שלום עולם — right to left, مرحبا \u202eoverride\u202c and \u2066isolate\u2069",
    "emoji 🛡️🇮🇱🤝 and a zero\u200bwidth space",
    'node [shape=box]; edge; graph; digraph; subgraph; strict',
    '"]; evil [label="pwn"]; a -> b; // comment',
    "/* block */ # hash -- --> ->",
    "}\n}\ndigraph x {",
    "  leading spaces, runs   of   spaces and trailing  ",
    "averyveryverylongwordthatcannotbewrappedanywhereatallbecauseithasnospaces and then short words",
]
WORDS = ["alliance", "security", "threat", "corridor", "missile", "burden", "sharing", "policy", "region",
         "consent", "veto", "maritime", "coalition", "obligation", "Article", "5", "membership", "a", "of"]


def golden_map(n: int = 48, seed: int = 7) -> dict:
    """A valid map of ``n`` claims: every kind, relation (several targets,
    attack cycles, undercut links), quote (with read-aloud marks, with and
    without a locator), cite, label, tag (caveats), strength and annotation,
    and text that needs escaping."""
    rng = random.Random(seed)
    claims: dict[str, dict] = {}
    ids: list[str] = []
    supports_of: dict[str, list[str]] = {}
    for i in range(n):
        cid = f"c{i}" if i % 5 else f"claim.{i}_x-y"
        if i % 4 == 3:
            text = ODD[(i // 4) % len(ODD)]
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))).capitalize() + "."
        body: dict = {}
        if i < 3:
            body["kind"] = "conclusion"
        else:
            r = rng.random()
            if r < 0.5:
                body["kind"] = rng.choice(["premise", "evidence"])
                k = 2 if rng.random() < 0.2 and len(ids) > 1 else 1
                targets = rng.sample(ids, k)
                body["supports"] = targets
                supports_of[cid] = targets
            elif r < 0.85 or not supports_of:
                body["kind"] = rng.choice(["counterpoint", "rebuttal"])
                body["attacks"] = rng.sample(ids, 2 if rng.random() < 0.2 and len(ids) > 1 else 1)
            else:
                body["kind"] = "counterpoint"
                src = rng.choice(sorted(supports_of))
                body["undercuts"] = [{"from": src, "to": t} for t in supports_of[src]]
        body["text"] = text
        if rng.random() < 0.2:
            body["label"] = " ".join(rng.choice(WORDS) for _ in range(3))
        if i >= 3 and rng.random() < 0.4:
            quote = {"source": rng.choice(["oped", "odd"]),
                     "text": f"{rng.choice(ODD[:6])} [[read aloud]] " + " ".join(rng.sample(WORDS, 6))}
            if rng.random() < 0.6:
                quote["locator"] = f"para {rng.randint(1, 40)}"
            body["quote"] = quote
        if rng.random() < 0.15:
            body["cites"] = [{"source": "oped", "locator": "p. 3"}]
        tags = rng.sample(["factual", "needs-check", "rhetoric", "implicit", "x"], rng.randint(0, 3))
        if tags:
            body["tags"] = tags
        if rng.random() < 0.5:
            body["strength"] = round(rng.random(), 2)
        if rng.random() < 0.1:
            body["annotations"] = [{"text": "coach note", "by": "coach", "at": "2026-11-25T10:00:00Z"}]
        claims[cid] = body
        ids.append(cid)
    # an attack cycle with no way in: undecided claims
    claims["cyc1"] = {"kind": "counterpoint", "text": "Cycle one.", "attacks": ["cyc2"]}
    claims["cyc2"] = {"kind": "rebuttal", "text": "Cycle two.", "attacks": ["cyc1", ids[0]]}
    return {
        "argmap": 1,
        "title": 'Golden "map" \\N <of> {every} part & ] trailing \\',
        "description": "Generated for the byte-for-byte export test.",
        "sources": {
            "oped": {"title": "The op-ed", "author": "A. Writer", "date": "2026-11-25", "url": "https://example.org/x"},
            "odd": {"title": 'An <odd> "source" \\L'},
        },
        "claims": claims,
    }


VARIANTS = {
    "default": [],
    "strengths-preference": ["--strengths", "--semantics", "preference", "--without-tag", "needs-check"],
    "root-depth": ["--root", "c1", "--depth", "2", "--direction", "LR", "--wrap", "0", "--no-quotes",
                   "--no-legend", "--title", 'A "title" \\N\nwith a line'],
    "root": ["--root", "claim.0_x-y", "--wrap", "12"],
    "tags": ["--tag", "factual", "--tag", "x", "--exclude-tag", "rhetoric", "--no-evaluation", "--title", "",
             "--direction", "TB"],
    "without-preference": ["--without-tag", "needs-check", "--semantics", "preference"],
    "without-rhetoric": ["--without-tag", "rhetoric", "--wrap", "25", "--strengths", "--direction", "RL"],
}


@pytest.fixture(scope="module")
def golden_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "golden.yaml"
    path.write_text(yaml.safe_dump(golden_map(), allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_dot_is_byte_identical(cli, golden_file, tmp_path, variant):
    out = tmp_path / "out.dot"
    r = cli("export", "--format", "dot", str(golden_file), "-o", str(out), *VARIANTS[variant])
    assert r.code == 0, r.both
    got = out.read_bytes()
    r2 = cli("export", str(golden_file), *VARIANTS[variant])  # to stdout: the same bytes
    assert r2.code == 0, r2.both
    assert r2.out.encode("utf-8") == got
    expected = GOLDEN / f"{variant}.dot"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(got)
    assert got == expected.read_bytes()


def test_golden_map_covers_the_format(cli, golden_file):
    """The map is valid and holds what the diagram draws differently."""
    r = cli("validate", "--strict", str(golden_file))
    assert r.code == 0, r.both
    dot = (GOLDEN / "default.dot").read_text(encoding="utf-8")
    for part in ("✓ in", "✗ out", "? undecided", "⚑ unverified", "❝ rhetoric", "◌ implicit", '"link|',
                 "— The op-ed, para", "An &lt;odd&gt;", "\\\\N", "&#93;", "\\u202e", "cluster_legend"):
        assert part in dot, part
    assert "withdrawn" in (GOLDEN / "strengths-preference.dot").read_text(encoding="utf-8")
    assert "(preference semantics)" in (GOLDEN / "strengths-preference.dot").read_text(encoding="utf-8")


def test_export_dot_builds_no_models(golden_file, tmp_path):
    """A DOT export reads the map's light objects: pydantic is never imported."""
    out = tmp_path / "out.dot"
    code = (
        "import sys\nfrom argmap.cli import main\n"
        f"try:\n    main(['export', '--format', 'dot', {str(golden_file)!r}, '-o', {str(out)!r}])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert r.stdout.strip().splitlines()[-1] == "[]"
    assert out.read_bytes() == (GOLDEN / "default.dot").read_bytes()


def test_the_models_give_the_same_dot(golden_file):
    """What the TUI exports (from the pydantic models) is the same DOT."""
    from argmap.export.outputs import export_bytes
    from argmap.io import load

    loaded = load(golden_file)
    assert loaded.ok
    assert export_bytes(loaded.map, "dot") == (GOLDEN / "default.dot").read_bytes()
