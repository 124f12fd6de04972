"""Source files and the quotes taken from them.

A quote is found in its source when its text occurs in the source's text
after both are folded: runs of white space become one space and typographic
quotes and apostrophes become ASCII ones.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import ArgMap, Problem, Severity
from ..model.rules import unsafe_source_path

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
    }
)


def fold(text: str) -> str:
    """Text as quotes are compared: typographic quotes made plain, white space folded."""
    return " ".join(text.translate(_QUOTES).split())


class SourceText:
    """The text of one source file, read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)

    def contains(self, quote: str) -> bool:
        return fold(quote) in self.folded


def resolve_source_file(base_dir: Path, rel: str) -> tuple[Path | None, str | None]:
    """The real path of a source file (whose text is known to be safe), or why
    it cannot be used."""
    base = Path(os.path.realpath(base_dir))
    target = Path(os.path.realpath(base / rel))
    if target != base and base not in target.parents:
        return None, "leaves the map's folder (through a link); keep source files inside it"
    return target, None


def read_source(base_dir: Path, rel: str) -> tuple[SourceText | None, Problem | None]:
    """Read a source file; a problem says why it could not be (an error for a
    path that leaves the map's folder, a warning otherwise)."""
    if unsafe_source_path(rel):
        return None, None  # the model's rules report it as an error
    target, why = resolve_source_file(base_dir, rel)
    if target is None:
        return None, Problem((), f"source file '{rel}' {why}")
    return _read(target, rel)


def _read(target: Path, rel: str) -> tuple[SourceText | None, Problem | None]:
    try:
        return SourceText(target.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        why = "not found; its quotes cannot be checked"
    except IsADirectoryError:
        why = "is a directory, not a text file"
    except UnicodeDecodeError:
        why = "is not UTF-8 text; its quotes cannot be checked"
    except OSError as e:
        why = f"cannot be read ({e.strerror}); its quotes cannot be checked"
    return None, Problem((), f"source file '{rel}' {why}", Severity.WARNING)


def check_sources(m: ArgMap, base_dir: Path, *, quotes: bool = True) -> list[Problem]:
    """Errors for source files that leave the map's folder through a link;
    with ``quotes``, warnings for unreadable files and quotes not found."""
    problems: list[Problem] = []
    texts: dict[str, SourceText | None] = {}
    for sid, src in m.sources.items():
        if src.file is None or unsafe_source_path(src.file):
            continue
        if not quotes:
            _target, why = resolve_source_file(base_dir, src.file)
            if why:
                problems.append(Problem(("sources", sid, "file"), f"source file '{src.file}' {why}"))
            continue
        text, problem = read_source(base_dir, src.file)
        if problem is not None:
            problems.append(Problem(("sources", sid, "file"), problem.message, problem.severity))
        texts[sid] = text
    for cid, claim in m.claims.items() if quotes else ():
        q = claim.quote
        if q is None:
            continue
        text = texts.get(q.source)
        if text is not None and not text.contains(q.text):
            problems.append(
                Problem(
                    ("claims", cid, "quote", "text"),
                    f"quote not found in source '{q.source}' ({m.sources[q.source].file}); "
                    "copy it verbatim from the source",
                    Severity.WARNING,
                )
            )
    return problems
