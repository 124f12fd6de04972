"""How much of each source the map's quotes cover, sentence by sentence.

Paragraphs are numbered by the line of the source file they start on (the
convention of the bundled map's ``locator: para N``); a run of lines that
does not end a sentence is read as one hard-wrapped paragraph.  A sentence
counts as quoted when the quotes of the map cover at least half of its
letters and digits; texts are compared folded, as quotes are checked
(white space runs to one space, typographic quotes to ASCII).

:func:`layout` also keeps each paragraph as written (only its white space
folded, which keeps the folded text's offsets), so a sentence or any span
of it can be shown and quoted exactly as the source has it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..io.quotes import SourceTexts, fold, unmark

if TYPE_CHECKING:  # the models or a map's light objects (model.fastcheck): no pydantic at run time
    from ..model import ArgMap

#: Share of a sentence's letters that quotes must cover for it to count.
COVERED = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9-])")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"')\]]*\s*$")


@dataclass(frozen=True)
class Sentence:
    para: int
    text: str
    start: int  # offset in the folded text
    end: int


@dataclass(frozen=True)
class Paragraph:
    number: int  # the line of the source file it starts on
    text: str  # as written, white space folded: offsets as in the folded text
    offset: int  # where it starts in the folded text

    def span(self, start: int, end: int) -> str:
        """The text of ``start:end`` (offsets in the folded text), as written."""
        return self.text[start - self.offset : end - self.offset]


@dataclass
class SourceCoverage:
    source: str
    file: str
    sentences: list[Sentence] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)
    problem: str | None = None

    @property
    def share(self) -> float:
        return sum(self.quoted) / len(self.sentences) if self.sentences else 1.0

    @property
    def unquoted(self) -> list[Sentence]:
        return [s for s, q in zip(self.sentences, self.quoted, strict=True) if not q]


def paragraphs(text: str, ends: Collection[int] = ()) -> list[tuple[int, str]]:
    """``(line number, text)`` of each paragraph; a paragraph also ends after
    the lines ``ends`` names (a Markdown heading)."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if current:
                out.append((start, " ".join(current)))
                current = []
            continue
        if not current:
            start = n
        current.append(line.strip())
        if _ENDS_SENTENCE.search(line) or line.lstrip().startswith(("-", "*", "•")) or n in ends:
            out.append((start, " ".join(current)))
            current = []
    if current:
        out.append((start, " ".join(current)))
    return out


def sentences(text: str, ends: Collection[int] = ()) -> tuple[str, list[Sentence]]:
    """The folded text and its sentences, located in it."""
    folded, _, found = layout(text, ends)
    return folded, found


def layout(text: str, ends: Collection[int] = ()) -> tuple[str, list[Paragraph], list[Sentence]]:
    """The folded text, its paragraphs as written and its sentences."""
    folded_parts: list[str] = []
    paras: list[Paragraph] = []
    found: list[Sentence] = []
    offset = 0
    for para, ptext in paragraphs(text, ends):
        written = " ".join(ptext.split())
        f = fold(written)  # the same length: folding quotes is one character for one
        paras.append(Paragraph(para, written, offset))
        pos = 0
        for piece in _split(f):
            i = f.index(piece, pos)
            pos = i + len(piece)
            found.append(Sentence(para, piece, offset + i, offset + pos))
        folded_parts.append(f)
        offset += len(f) + 1
    return " ".join(folded_parts), paras, found


def _split(f: str) -> list[str]:
    """Sentences of one folded paragraph."""
    out, last = [], 0
    for m in _SENTENCE_END.finditer(f):
        end = m.start() + len(m.group().rstrip())  # keep closing quotes with the sentence
        out.append(f[last:end].strip())
        last = m.end()
    out.append(f[last:].strip())
    return [p for p in out if p]


def coverage(m: ArgMap, sources: SourceTexts) -> list[SourceCoverage]:
    """Coverage of every source that has a file, from the texts io read."""
    results = []
    for sid, src in m.sources.items():
        if src.file is None:
            continue
        cov = SourceCoverage(sid, src.file)
        results.append(cov)
        sf = sources.get(sid)
        text = sf.text if sf is not None else None
        if text is None:
            cov.problem = sf.problem.message if sf and sf.problem else f"source file '{src.file}' cannot be used"
            continue
        folded, cov.sentences = sentences(text.text, text.ends)
        cov.quoted = quoted(folded, cov.sentences, quote_spans(m, sid, folded))
    return results


def quote_spans(m: ArgMap, sid: str, folded: str) -> Iterator[tuple[str, int, int]]:
    """``(claim id, start, end)`` of every place in the folded text of source
    ``sid`` that a claim's quote of it covers."""
    for cid, claim in m.claims.items():
        if claim.quote is None or claim.quote.source != sid:
            continue
        q = fold(unmark(claim.quote.text))
        if not q:
            continue
        i = folded.find(q)
        while i >= 0:
            yield cid, i, i + len(q)
            i = folded.find(q, i + 1)


def quoted(folded: str, found: list[Sentence], spans: Iterable[tuple[str, int, int]]) -> list[bool]:
    """For each sentence, whether the spans cover enough of it to count as quoted."""
    marked = bytearray(len(folded))
    for _cid, i, j in spans:
        marked[i:j] = b"\x01" * (j - i)
    out = []
    for s in found:
        letters = [k for k in range(s.start, s.end) if folded[k].isalnum()]
        covered = sum(marked[k] for k in letters)
        out.append(bool(letters) and covered >= COVERED * len(letters))
    return out
