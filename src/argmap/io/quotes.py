"""Quotes and the texts of the source files they are taken from (pure:
:mod:`.sources` reads the files).

A quote is found in its source when its text occurs in the source's text
after both are folded: runs of white space become one space and typographic
quotes and apostrophes become ASCII ones.

A Markdown source is read as the text it renders to (:func:`markdown_text`),
line for line, so paragraphs keep their line numbers; a quote is found in
it or in the Markdown as written.
"""

from __future__ import annotations

import re
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


#: File suffixes read as Markdown.
MARKDOWN_SUFFIXES = (".md", ".markdown")

_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link
    (re.compile(r"`([^`]+)`"), r"\1"),  # code
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # escapes
]


def markdown_text(md: str) -> tuple[str, frozenset[int]]:
    """Markdown rendered as plain text line for line (marks, links' targets,
    HTML tags and rules dropped; code kept as written), and the numbers of
    the lines that are headings (each a paragraph of its own)."""
    lines = md.splitlines()
    out: list[str] = []
    headings: set[int] = set()
    fenced = False
    for n, line in enumerate(lines, 1):
        if _MD_FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced:
            out.append(line)
            continue
        if (h := _MD_HEADING.match(line)) is not None:
            line = h.group(1) or ""
            headings.add(n)
        elif _MD_SETEXT.match(line) and out and out[-1].strip() and n - 1 not in headings:
            headings.add(n - 1)
            out.append("")
            continue
        elif _MD_RULE.match(line) or _MD_LINK_DEF.match(line):
            out.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        for pattern, repl in _MD_INLINE:
            line = pattern.sub(repl, line)
        out.append(line)
    return "\n".join(out) + ("\n" if md.endswith("\n") else ""), frozenset(headings)


class SourceText:
    """The text of one source file, read once: ``text`` is what it reads as
    (Markdown rendered), ``raw`` the file as written when that differs, and
    ``ends`` the lines that end a paragraph of their own (headings)."""

    def __init__(self, text: str, *, raw: str | None = None, ends: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.folded = fold(text)
        self.raw_folded = fold(raw) if raw is not None and raw != text else None
        self.ends = ends

    @classmethod
    def of(cls, text: str, name: str) -> SourceText:
        """The text of file ``name``: Markdown (by its suffix) rendered."""
        if name.lower().endswith(MARKDOWN_SUFFIXES):
            rendered, headings = markdown_text(text)
            return cls(rendered, raw=text, ends=headings)
        return cls(text)

    def contains(self, quote: str) -> bool:
        """Whether ``quote`` (its read-aloud marks ignored) occurs in the text
        (or in the Markdown as written)."""
        q = fold(unmark(quote))
        return q in self.folded or (self.raw_folded is not None and q in self.raw_folded)


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
    if not any(read.text is not None for read in texts.values()):
        return problems  # no text to look quotes up in (a loop over every claim for nothing)
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
