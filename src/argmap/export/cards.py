"""Evidence cards: a claim with a quote or a cite, as a debater cuts it.

A card has a tag (the claim's label, else its text), a short cite (the
author's last name or the publisher, and the year), the full citation
(title, author, publisher, date, URL, accessed date, locator) and the quoted
evidence.  Words marked ``[[...]]`` in a quote are the ones read aloud; a
card emphasises them and times only them (a quote without marks is read
whole).  ``card(m, cid).text()`` is what the TUI shows and copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.evaluation import Evaluation, Side
from ..analysis.semantics import CAVEATS, Caveat, caveats
from ..analysis.timing import DEFAULT_WPM, count_words, reading_time, timed
from ..model.giveway import give_way
from ..model.graph import Graph
from ..model.text import inert

if TYPE_CHECKING:  # the models or a map's light objects (model.fastcheck): no pydantic at run time
    from ..model import ArgMap, Claim, Source

_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_INITIAL = re.compile(r"^[A-Z]\.$")


def marked_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` split into ``(piece, read_aloud)``: the ``[[...]]`` parts are
    read aloud; with no marks the whole text is."""
    if "[[" not in text:
        return [(text, True)]
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    if not any(read for _, read in out):  # "[[" without a closing "]]": read it all
        return [(text.replace("[[", "").replace("]]", ""), True)]
    return [(p.replace("[[", "").replace("]]", ""), r) for p, r in out]


def read_aloud(text: str) -> str:
    """The words of a quote that are read aloud, joined with " … " where
    unread context was left out."""
    parts = marked_parts(text)
    if len(parts) == 1:
        return " ".join(parts[0][0].split())
    return " … ".join(" ".join(p.split()) for p, read in parts if read and p.strip())


def has_marks(text: str) -> bool:
    return any(not read for _, read in marked_parts(text))


def short_name(s: Source) -> str:
    """The name a short cite gives: a person's last name ("Writer" for
    "A. Writer", "Smith" for "Smith, Jane"), else the author or publisher
    as written, else the title's first words."""
    if s.author:
        a = " ".join(s.author.split())
        if "," in a and not a.endswith(","):
            return a.split(",", 1)[0].strip()
        words = a.split()
        if len(words) >= 2 and any(_INITIAL.match(w) for w in words[:-1]):
            return words[-1]
        return a
    if s.publisher:
        return " ".join(s.publisher.split())
    words = s.title.split()
    return " ".join(words[:4]) + ("…" if len(words) > 4 else "")


def year(s: Source) -> str:
    m = _YEAR.search(s.date or "")
    return m.group(1) if m else "n.d."


def short_cite(s: Source) -> str:
    """e.g. ``Writer 2026``, ``NATO 2016``, ``Daily Sabah n.d.``."""
    return f"{short_name(s)} {year(s)}"


def full_cite(s: Source, locator: str | None = None) -> str:
    """Title, author, publisher, date, URL, accessed date and locator, those present."""
    parts = [" ".join(s.title.split())]
    for x in (s.author, s.publisher if s.publisher != s.author else None, s.date):
        if x:
            parts.append(" ".join(str(x).split()))
    if s.url:
        parts.append(s.url.strip())
    if s.accessed:
        parts.append(f"accessed {s.accessed}")
    if locator:
        parts.append(" ".join(locator.split()))
    return ", ".join(parts)


@dataclass(frozen=True)
class Citation:
    source: str  # the source id
    locator: str | None
    short: str  # "Writer 2026" ("?" and the id for a source the map lacks)
    full: str


@dataclass(frozen=True)
class Card:
    id: str
    claim: Claim
    #: the label, else the claim's text
    tag: str
    #: the claim's text when the tag is its label (shown under the tag), else None
    body: str | None
    citations: tuple[Citation, ...]
    #: the quote as written (with its ``[[...]]`` marks), or None
    quote: str | None
    caveats: tuple[Caveat, ...] = field(default=())

    @property
    def is_evidence(self) -> bool:
        """A card proper: the claim quotes or cites a source."""
        return bool(self.quote is not None or self.citations)

    @property
    def cite_line(self) -> str:
        """The short cites, with the locators."""
        return "; ".join(c.short + (f", {c.locator}" if c.locator else "") for c in self.citations)

    @property
    def read(self) -> str:
        """What a debater reads aloud: the tag, the short cite, the marked
        part of the quote (the whole quote without marks)."""
        parts = [self.tag]
        if self.citations:
            parts.append(self.cite_line)
        if self.quote is not None:
            parts.append(read_aloud(self.quote))
        elif self.body and self.citations:
            parts.append(self.body)  # a cite without a quote: the claim is the evidence said
        return " ".join(parts)

    @property
    def words(self) -> int:
        return count_words(self.read)

    def seconds(self, wpm: int = DEFAULT_WPM) -> float:
        return reading_time(self.words, wpm)

    def marks(self) -> str:
        return ", ".join(f"{c.mark} {c.word}" for c in self.caveats)

    def text_lines(self, wpm: int = DEFAULT_WPM, *, full: bool = True) -> list[str]:
        """The card as plain text (what the TUI shows and copies)."""
        head = self.tag + (f"  [{self.marks()}]" if self.caveats else "")
        out = [head]
        if self.body:
            out.append(self.body)
        for c in self.citations:
            out.append(f"{c.short} — {c.full}" if full else c.short + (f", {c.locator}" if c.locator else ""))
        if self.quote is not None:
            parts = marked_parts(self.quote)
            if len(parts) == 1:
                out.append(f"“{parts[0][0].strip()}”")
            else:
                out.append("“" + "".join(f"▶{p}◀" if read else p for p, read in parts).strip() + "”")
        out.append(f"({timed(self.words, wpm)}; claim {self.id})")
        return out

    def text(self, wpm: int = DEFAULT_WPM) -> str:
        """The card as plain text, each line made inert (no control or bidi characters from the map)."""
        return "\n".join(inert(line) for line in self.text_lines(wpm)) + "\n"

    def markdown(self, wpm: int = DEFAULT_WPM, *, level: int = 4, full: bool = True, short_quote: bool = False,
                 with_id: bool = True) -> list[str]:
        """The card as Markdown lines: the tag as a heading of ``level``
        (``0``: a bold line), the cite, the quote with the read-aloud part in
        bold (``short_quote``: only that part)."""
        from .brief import md, md_line

        marks = f" · **{md(self.marks())}**" if self.caveats else ""
        tag = md_line(self.tag)
        out = [f"{'#' * level} {tag}" if level else f"**{tag}**"]
        meta = [f"`{self.id}`"] if with_id else []
        meta.append(timed(self.words, wpm))
        out.append("")
        if self.body:
            out.append(md(self.body) + "  ")
            out.append("")
        if full:
            out += [f"*{md_line(c.short)}* — {_md_cite(c.full)}  " for c in self.citations]
        elif self.citations:
            out.append("; ".join(f"*{md_line(c.short)}*" + (f", {md_line(c.locator)}" if c.locator else "")
                                 for c in self.citations) + "  ")
        if self.quote is not None:
            if short_quote and has_marks(self.quote):
                body = f"**{md(read_aloud(self.quote))}** […]"
            elif has_marks(self.quote):
                body = _spaced(self.quote)
            else:
                body = md(" ".join(self.quote.split()))
            out.append(f"> “{body}”")
            out.append("")
        out.append(f"({' · '.join(meta)}){marks}")
        return out


def _spaced(quote: str) -> str:
    """A marked quote in Markdown: the read part bold, spacing kept."""
    from .brief import md

    out = []
    for p, read in marked_parts(quote):
        text = " ".join(p.split())
        if not text:
            out.append(" ")
            continue
        lead = " " if p[:1].isspace() else ""
        trail = " " if p[-1:].isspace() else ""
        out.append(lead + (f"**{md(text)}**" if read else md(text)) + trail)
    return "".join(out).strip()


def _md_cite(full: str) -> str:
    from .brief import md

    return md(full)


def _citations(m: ArgMap, claim: Claim) -> tuple[Citation, ...]:
    refs: list[tuple[str, str | None]] = []
    if claim.quote is not None:
        refs.append((claim.quote.source, claim.quote.locator))
    refs += [(c.source, c.locator) for c in claim.cites]
    out = []
    shorts = _short_cites(m) if refs else {}
    for sid, loc in refs:
        s = m.sources.get(sid)
        if s is None:
            out.append(Citation(sid, loc, f"? {sid}", f"no source '{sid}' in this map"))
        else:
            out.append(Citation(sid, loc, shorts[sid], full_cite(s, loc)))
    return tuple(out)


#: A claim's first sentence serves as its tag (when it has no label) if it has at most this many words.
TAG_SENTENCE_WORDS = 20
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]”\"'][.!?])\s+(?=[A-Z“\"‘'(\[])")


def tag_and_body(c: Claim) -> tuple[str, str | None]:
    """A card's tag and the text under it: the label and the claim's text;
    without a label, the claim's first sentence (when the text has several
    and the first is short) and the rest; else the whole text and nothing."""
    text = " ".join(c.text.split())
    if c.label:
        return " ".join(c.label.split()), text
    parts = _SENTENCE_END.split(text, maxsplit=1)
    if len(parts) == 2 and count_words(parts[0]) <= TAG_SENTENCE_WORDS:
        return parts[0], parts[1]
    return text, None


def _short_cites(m: ArgMap) -> dict[str, str]:
    """The short cite of each source; sources sharing one get their id added."""
    cached = _SHORT.get(id(m))
    if cached is not None and cached[0] is m.sources and cached[1] == len(m.sources):
        return cached[2]
    short = {sid: short_cite(s) for sid, s in m.sources.items()}
    seen: dict[str, int] = {}
    for v in short.values():
        seen[v] = seen.get(v, 0) + 1
    out = {sid: (f"{v} [{sid}]" if seen[v] > 1 else v) for sid, v in short.items()}
    _SHORT.clear()
    _SHORT[id(m)] = (m.sources, len(m.sources), out)
    return out


_SHORT: dict[int, tuple[object, int, dict[str, str]]] = {}


def card(m: ArgMap, cid: str) -> Card:
    """The card of claim ``cid`` (``is_evidence`` says whether it quotes or cites)."""
    c = m.claims[cid]
    tag, body = tag_and_body(c)
    return Card(
        id=cid,
        claim=c,
        tag=tag,
        body=body,
        citations=_citations(m, c),
        quote=c.quote.text if c.quote is not None else None,
        caveats=tuple(caveats(c)),
    )


def cards(
    m: ArgMap, *, ev: Evaluation | None = None, side: Side | None = None, tags: Iterable[str] = (),
) -> list[Card]:
    """Every evidence card of ``m`` in map order; with ``side``, the claims of
    that side (or both sides) in ``ev``; with ``tags``, those carrying one."""
    wanted = set(tags)
    out = []
    for cid, c in m.claims.items():
        if wanted and not wanted.intersection(c.tags):
            continue
        if side is not None and ev is not None and ev.sides.get(cid) not in (side, Side.MIXED):
            continue
        k = card(m, cid)
        if k.is_evidence:
            out.append(k)
    return out


#: Each claim's words read aloud, with the claim and the sources they were
#: counted from (an edit replaces a claim, so a stale count is never used).
WordCounts = dict[str, tuple[object, object, int]]


def subtree_words(m: ArgMap, root: str, g: Graph | None = None, counts: WordCounts | None = None) -> int:
    """Words read aloud for ``root`` and everything under it in the tree (its
    supporters, attackers and undercutters, and theirs), each claim once:
    the TUI's time for the selected subtree (``reading_time(words, wpm)``).
    ``g``: the map's graph, when the caller has it; ``counts``: each claim's
    words as counted before, kept by the caller from call to call."""
    seen = _subtree(g or Graph.of(m), root)
    if counts is None:
        return sum(card(m, c).words for c in seen)
    return _count(m, seen, counts, m.sources)


def counted_subtree_words(m: ArgMap, root: str, g: Graph, counts: WordCounts, at_most: int = 50) -> int | None:
    """:func:`subtree_words` when at most ``at_most`` claims of the subtree
    are not counted in ``counts`` yet (by :func:`count_all_words`; an edit
    leaves a few), else None: a large subtree is not counted while the
    caller waits."""
    seen = _subtree(g, root)
    claims, sources = m.claims, m.sources
    missing = 0
    for c in seen:
        known = counts.get(c)
        if known is None or known[0] is not claims[c] or known[1] is not sources:
            missing += 1
            if missing > at_most:
                return None
    return _count(m, seen, counts, sources)


def _subtree(g: Graph, root: str) -> set[str]:
    """``root`` and every claim under it in the tree."""
    seen = {root}
    stack: list[tuple[str, str | None]] = [(root, None)]
    while stack:
        cid, parent = stack.pop()
        for child in g.children(cid, parent):
            if child.id not in seen:
                seen.add(child.id)
                stack.append((child.id, cid))
    return seen


def count_all_words(m: ArgMap, counts: WordCounts, sources: object = None) -> None:
    """Count the words of every claim of ``m`` not counted in ``counts`` yet
    (a worker does it, so that no subtree is counted while the user waits).
    ``sources``: what the counts are kept against, when ``m`` is a copy of the
    map (its sources dict as it is, not the copy's)."""
    _count(m, m.claims, counts, m.sources if sources is None else sources)


def _count(m: ArgMap, ids: Iterable[str], counts: WordCounts, sources: object) -> int:
    total = 0
    claims = m.claims
    for c in ids:
        claim = claims[c]
        known = counts.get(c)
        if known is not None and known[0] is claim and known[1] is sources:
            total += known[2]
            continue
        give_way()  # (a card takes some 25 µs: a worker counting pauses while a key is drawn)
        n = card(m, c).words
        counts[c] = (claim, sources, n)
        total += n
    return total


def legend(cs: Iterable[Card]) -> list[Caveat]:
    used = {c.tag for k in cs for c in k.caveats}
    return [c for tag, c in CAVEATS.items() if tag in used]


def document(m: ArgMap, cs: list[Card], fmt: str, wpm: int = DEFAULT_WPM, title: str | None = None) -> str:
    """The cards as one document: ``md``, ``txt`` or ``html``."""
    from .brief import html_document, md, md_line

    total = sum(k.words for k in cs)
    heading = title or f"Cards: {' '.join(m.title.split())}"
    if fmt == "txt":
        lines = [inert(heading), f"{len(cs)} card{'s' * (len(cs) != 1)}; read aloud: {timed(total, wpm)}", ""]
        marks = legend(cs)
        if marks:
            lines += ["Markers: " + "; ".join(c.legend() for c in marks), ""]
        for k in cs:
            lines += [*(inert(ln) for ln in k.text_lines(wpm)), ""]
        return "\n".join(lines).rstrip() + "\n"
    lines = [f"# {md_line(heading)}", "", f"{len(cs)} card{'s' * (len(cs) != 1)}; read aloud: {timed(total, wpm)}.", ""]
    marks = legend(cs)
    if marks:
        lines += ["Markers: " + "; ".join(md(c.legend()) for c in marks) + ".", ""]
    for k in cs:
        lines += [*k.markdown(wpm), ""]
    text = "\n".join(lines).rstrip() + "\n"
    if fmt == "md":
        return text
    if fmt == "html":
        return html_document(text, heading)
    raise ValueError(f"unknown card format '{fmt}'")


__all__ = ["Card", "Citation", "card", "cards", "document", "full_cite", "marked_parts",
           "read_aloud", "short_cite"]
