"""Quotes and the texts of the source files they are taken from (pure:
:mod:`.sources` reads the files).

A quote is found in its source when its text occurs in the source's text
after both are folded: runs of white space become one space and typographic
quotes and apostrophes become ASCII ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Problem, Severity

if TYPE_CHECKING:
    from ..model import ArgMap

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


def unmark(text: str) -> str:
    """A quote's text without its ``[[...]]`` read-aloud marks."""
    return text.replace("[[", "").replace("]]", "")


def fold(text: str) -> str:
    """Text as quotes are compared: typographic quotes made plain, white space folded."""
    return " ".join(text.translate(_QUOTES).split())


class SourceText:
    """The text of one source file, read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)

    def contains(self, quote: str) -> bool:
        """Whether ``quote`` (its read-aloud marks ignored) occurs in the text."""
        return fold(unmark(quote)) in self.folded


@dataclass(frozen=True)
class SourceFile:
    """A source's file as :func:`argmap.io.sources.load_sources` found it:
    its text, or the problem that kept it from being read (an error for a
    path that leaves the map's folder, a warning otherwise)."""

    file: str
    text: SourceText | None = None
    problem: Problem | None = None


#: Source id -> its file, for the sources that have one.
SourceTexts = Mapping[str, SourceFile]


def check_sources(m: ArgMap, texts: SourceTexts) -> list[Problem]:
    """The problems of the source files in ``texts`` and warnings for the
    quotes of ``m`` not found in the texts that were read."""
    problems: list[Problem] = []
    for sid, read in texts.items():
        if read.problem is not None:
            problems.append(Problem(("sources", sid, "file"), read.problem.message, read.problem.severity))
    for cid, claim in m.claims.items():
        q = claim.quote
        if q is None:
            continue
        sf = texts.get(q.source)
        if sf is not None and sf.text is not None and not sf.text.contains(q.text):
            problems.append(
                Problem(
                    ("claims", cid, "quote", "text"),
                    f"quote not found in source '{q.source}' ({sf.file}); "
                    "copy it verbatim from the source",
                    Severity.WARNING,
                )
            )
    return problems
