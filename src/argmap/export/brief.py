"""Debate briefs: for each conclusion, the case, the frontlines and what is open.

The brief is written as Markdown (every piece of user text escaped, so it
reads exactly as written); the HTML brief is that Markdown rendered, with
inline CSS and the inline SVG diagram, in one file that prints well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.evaluation import Evaluation, Label, Side, evaluate
from ..analysis.explain import Explainer
from ..analysis.frontlines import frontlines
from ..analysis.prep import PrepWarning, prep_checks
from ..analysis.semantics import CAVEATS, caveat_marks
from ..analysis.timing import DEFAULT_WPM, clock, count_words, reading_time, timed
from ..io.quotes import SourceTexts
from ..model import Kind
from ..model.graph import Graph
from ..model.text import inert
from .cards import card, full_cite, short_cite
from .frontlines import Render as FrontRender

if TYPE_CHECKING:  # the models or a map's light objects (model.fastcheck): no pydantic at run time
    from ..model import ArgMap

_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LIST = re.compile(r"^(\s*)([-+=])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
#: Deepest nesting of the brief's lists; deeper claims are listed at this
#: depth, marked with their depth.
MAX_NESTING = 40
LABEL_MARK = {Label.IN: "✓ in", Label.OUT: "✗ out", Label.UNDEC: "? undecided"}


def md(text: str, indent: str = "") -> str:
    """User text escaped for Markdown: shown as written, never as markup.

    Line breaks inside it become hard breaks, continued at ``indent`` (the
    column of the list item or quote it stands in); an empty line becomes a
    no-break space, so it cannot end the item."""
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", inert(line, keep="\t"))
        line = _MD_LIST.sub(r"\1\\\2", line)
        line = _MD_ORDERED.sub(r"\1\\\2", line)
        if not line.strip():
            line = "\u00a0"
        elif line[0] in " \t":
            line = "\u00a0" + line  # keep its leading spaces
        lines.append(line)
    return ("  \n" + indent).join(lines)


def md_line(text: str) -> str:
    """User text for a heading: escaped, on one line."""
    return md(" ".join(text.split()))


@dataclass
class Brief:
    """A brief for one side: per conclusion, the standing and its one-line
    reason, the side's case as cards, the frontlines (the other side's
    arguments against it, holes first, each once in the brief) and what is
    open; then the full citations, once."""

    m: ArgMap
    ev: Evaluation
    g: Graph
    warnings: list[PrepWarning]
    side: Side = Side.PRO
    wpm: int = DEFAULT_WPM
    cut: int = 0
    lines: list[str] = field(default_factory=list)
    shown_blocks: dict[str, str] = field(default_factory=dict)  # argument -> conclusion it is under
    cited: dict[str, None] = field(default_factory=dict)
    render: FrontRender = field(init=False)
    shown_cards: dict[str, str] = field(default_factory=dict)  # claim -> conclusion its card is under
    current: str = ""
    #: words this side reads aloud: its case cards and its prepared answers
    case_words: int = 0
    answer_words: int = 0

    def __post_init__(self) -> None:
        self.render = FrontRender(self.m, self.ev, self.side, self.wpm, self.cut)
        self.blocks = frontlines(self.m, self.ev, self.side, self.g)
        self.explain = Explainer(self.m, self.ev)  # the relations indexed once, for every conclusion

    def status(self, cid: str) -> str:
        marks = caveat_marks(self.m.claims[cid])
        marks = f" · **{marks}**" if marks else ""
        if cid not in self.ev.labels:
            return "withdrawn for this brief" + marks
        return f"{LABEL_MARK[self.ev.labels[cid]]}, strength {self.ev.strengths[cid]:.2f}{marks}"

    def case_claims(self, root: str) -> list[tuple[str, int]]:
        """``root`` and what supports it, depth first, with the depth."""
        out, stack, seen = [], [(root, 0)], {root}
        while stack:
            cid, d = stack.pop()
            out.append((cid, d))
            for s in reversed(self.g.supporters.get(cid, ())):
                if s not in seen and s in self.ev.labels:
                    seen.add(s)
                    stack.append((s, d + 1))
        return out

    def side_case(self, root: str) -> list[tuple[str, int]]:
        """The claims this side argues under ``root``: for pro its case; for
        con its arguments against that case, with their support."""
        case = self.case_claims(root)
        if self.side is Side.PRO:
            return case
        scope = {c for c, _ in case}
        out: list[tuple[str, int]] = []
        seen: set[str] = set()
        for b in frontlines(self.m, self.ev, Side.PRO, self.g):
            if b.targets() & scope and b.argument not in seen:
                for cid, d in self.case_claims(b.argument):
                    if cid not in seen:
                        seen.add(cid)
                        out.append((cid, d))
        return out

    def card_item(self, cid: str, depth: int) -> list[str]:
        # nesting stops at MAX_NESTING (a long chain stays linear in size); deeper items say how deep
        pad = "  " * min(depth, MAX_NESTING)
        deep = f"[depth {depth + 1}] " if depth > MAX_NESTING else ""
        k = card(self.m, cid)
        if cid in self.shown_cards:
            return [f"{pad}- {deep}**{md_line(k.tag)}** (`{cid}`: card above, under `{self.shown_cards[cid]}`)"]
        self.shown_cards[cid] = self.current
        for c in k.citations:
            self.cited.setdefault(c.source)
        body = self.render.card_lines(cid, pad + "  ")
        return [f"{pad}- {deep}{body[0]}", *(f"{pad}  {ln}" for ln in body[1:])]

    def conclusion(self, root: str) -> None:
        c = self.m.claims[root]
        add = self.lines.append
        k = card(self.m, root)
        self.current = root
        add(f"## {md_line(k.tag)}")
        add("")
        if k.body:
            add(md(k.body))
            add("")
        add(f"`{root}` · {c.kind.value} · {self.status(root)}")
        add("")
        if root in self.ev.labels:
            add(f"Standing: {md(self.explain(root).one_line())}.")
            add("")
        case = self.side_case(root)
        if k.is_evidence:  # the conclusion's own card, under its heading
            for cit in k.citations:
                self.cited.setdefault(cit.source)
            self.lines.extend(self.render.card_lines(root, "")[1:])
            add("")
        # cards shown under an earlier conclusion are named, not read again
        words = sum(self.render.words(cid) for cid, _ in case if cid != root and cid not in self.shown_cards)
        title = "The case" if self.side is Side.PRO else "The con case against it"
        self.case_words += words
        add(f"### {title} ({timed(words, self.wpm)})")
        add("")
        if not case:
            add("*Nothing of this side's is mapped here yet.*")
        for cid, d in case:
            if cid != root:
                self.lines.extend(self.card_item(cid, d - 1 if self.side is Side.PRO else d))
        add("")
        scope = {cid for cid, _ in case}
        mine = [b for b in self.blocks if b.targets() & scope]
        new = [b for b in mine if b.argument not in self.shown_blocks]
        old = [b for b in mine if b.argument in self.shown_blocks]
        words = sum(self.render.block_words(b) for b in new)
        self.answer_words += words
        holes = sum(b.hole for b in new)
        if new:
            add(f"### Frontlines ({len(new)} argument{'s' * (len(new) != 1)}, {holes} hole{'s' * (holes != 1)}; "
                f"answers {timed(words, self.wpm)})")
        else:
            add("### Frontlines")
        add("")
        if not mine:
            add("*The other side has no argument mapped against this.*")
            add("")
        for b in new:
            self.shown_blocks[b.argument] = root
            for cid in b.claims():
                for cit in card(self.m, cid).citations:
                    self.cited.setdefault(cit.source)
            self.lines.extend(self.render.block(b, level=4))
        if old:
            add("Also against this, answered above: " + "; ".join(
                f"`{b.argument}`{' ⚠' if b.hole else ''} (under `{self.shown_blocks[b.argument]}`)" for b in old) + ".")
            add("")
        add("### Open")
        add("")
        holes_here = [b for b in mine if b.hole]
        bare = [cid for cid, _ in case
                if self.m.claims[cid].kind is Kind.PREMISE and not self.g.supporters.get(cid)
                and not self.m.claims[cid].cites]
        in_scope = scope | {b.argument for b in mine}
        listed = {b.argument for b in holes_here}
        warns = [w for w in self.warnings if w.claim in in_scope and w.code not in ("unsupported",)
                 and not (w.code == "unanswered" and w.claim in listed)]
        if not (holes_here or bare or warns):
            add("*Nothing open.*")
            add("")
        if holes_here:
            add("Still standing against this side (holes):")
            add("")
            self.lines.extend(f"- ⚠ {md_line(_brief(card(self.m, b.argument).tag))} (`{b.argument}`, {b.status})"
                              for b in holes_here)
            add("")
        if bare:
            add("Premises with no evidence under them and no cite:")
            add("")
            self.lines.extend(f"- {md_line(_brief(card(self.m, p).tag))} (`{p}`)" for p in bare)
            add("")
        if warns:
            add("Prep warnings:")
            add("")
            self.lines.extend(f"- `{w.code}`: {md(w.message)}" for w in warns)
            add("")

    def sources_section(self) -> None:
        add = self.lines.append
        if not self.cited:
            return
        add("## Sources")
        add("")
        for sid in self.cited:
            s = self.m.sources.get(sid)
            if s is None:
                continue
            add(f"- *{md_line(short_cite(s))}*: {md(full_cite(s))} (`{sid}`)")
        add("")


#: Lists that only name claims (what is open) give at most this many words of each tag.
LIST_WORDS = 12


def _brief(tag: str) -> str:
    words = tag.split()
    return " ".join(words[:LIST_WORDS]) + (" …" if len(words) > LIST_WORDS else "")


def markdown(
    m: ArgMap,
    *,
    root: str | None = None,
    sources: SourceTexts | None = None,
    diagram_link: str | None = None,
    ev: Evaluation | None = None,
    side: Side = Side.PRO,
    wpm: int = DEFAULT_WPM,
    max_words: int | None = None,
    warn: Callable[[str], object] | None = None,
) -> str:
    """The brief for ``side`` as Markdown: one section per conclusion (or for
    ``root``).  With ``max_words``, a brief over the budget has its marked
    quotes cut to their marked part, then (if still over) the quotes without
    marks left out, and says which; ``warn`` is told when it is still over."""
    text, b = _markdown(m, root, sources, diagram_link, ev, side, wpm, 0)
    full = count_words(text)
    if max_words is None or full <= max_words:
        return text
    for level in (1, 2):
        text, b = _markdown(m, root, sources, diagram_link, ev, side, wpm, level)
        cut = list(dict.fromkeys(b.render.shortened))
        dropped = list(dict.fromkeys(b.render.dropped))
        note = [f"## Left out to fit {max_words} words", "", f"The full brief has {full} words."]
        if cut:
            note.append(f"Quotes cut to their marked part: {', '.join(f'`{c}`' for c in cut)}.")
        if dropped:
            note.append(f"Quotes left out (no marked part): {', '.join(f'`{c}`' for c in dropped)}.")
        text = text.rstrip() + "\n\n" + "\n".join(note[:2] + [" ".join(note[2:])]) + "\n"
        if count_words(text) <= max_words:
            return text
    if warn is not None:
        warn(f"the brief has {count_words(text)} words, over the budget of {max_words}, with every quote cut; "
             "give --root ID for one conclusion, or a larger --max-words")
    return text


def _markdown(
    m: ArgMap, root: str | None, sources: SourceTexts | None, diagram_link: str | None, ev: Evaluation | None,
    side: Side, wpm: int, cut: int,
) -> tuple[str, Brief]:
    """The brief and its builder; ``cut`` 1 cuts marked quotes to their
    marked part, 2 also leaves out the quotes without one."""
    ev = ev or evaluate(m)
    g = Graph.of(m)
    b = Brief(m, ev, g, prep_checks(m, ev, g, perspective=side, sources=sources), side, wpm, cut)
    add = b.lines.append
    add(f"# {md_line(m.title)}")
    add("")
    add(f"Debate brief for the **{side.value}** side. Each claim shows whether it stands (✓ in, ✗ out, "
        f"? undecided: {md(ev.semantics.description)}) and its strength (DF-QuAD), computed from the map as it is"
        + (f", with {len(m.claims) - len(ev.labels)} claims withdrawn" if len(ev.labels) < len(m.claims) else "")
        + ".")
    add(f"Times are for reading aloud at {wpm} words a minute: a card's tag, cite and the quote's "
        "**bold** (marked) part.")
    add("⚠ marks a hole: an argument of the other side that still stands.")
    add("")
    used = [c for tag, c in CAVEATS.items() if any(tag in x.tags for x in m.claims.values())]
    if used:
        add("Markers: " + "; ".join(md(c.legend()) for c in used) + ".")
        add("")
    if diagram_link:
        add(f"![Diagram of the map](<{diagram_link}>)")
        add("")
    roots = [root] if root else [cid for cid, c in m.claims.items() if c.kind is Kind.CONCLUSION]
    roots = roots or g.tree_roots()
    at = len(b.lines)
    for r in roots:
        b.conclusion(r)
    b.sources_section()
    total = b.case_words + b.answer_words
    b.lines[at:at] = [
        f"Read aloud, the {side.value} side's material takes {timed(total, wpm)}: "
        f"the case cards {clock(reading_time(b.case_words, wpm))}, the prepared answers "
        f"{clock(reading_time(b.answer_words, wpm))}.",
        "",
    ]
    return "\n".join(b.lines).rstrip() + "\n", b


CSS = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.7em; border-bottom: 2px solid #333; }
h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 1px solid #999; page-break-before: always; }
h1 + p + h2, h1 + p + figure + h2 { page-break-before: avoid; }
h3 { font-size: 1.1em; text-transform: uppercase; letter-spacing: .05em; color: #444; }
h4 { font-size: 1em; margin-bottom: .2em; }
blockquote { margin: .3em 0 .3em 1em; padding-left: .8em; border-left: 3px solid #bbb; color: #444; font-style: italic; }
code { font-size: .85em; background: #f3f3f3; padding: 0 .2em; }
figure { margin: 1em 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
ul { padding-left: 1.3em; }
li { margin: .25em 0; }
table { border-collapse: collapse; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .25em .4em; vertical-align: top; text-align: left; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } figure svg { max-height: 24cm; } }
"""
WIDE_CSS = """
body { max-width: none; }
@page { size: landscape; }
"""


def html_document(markdown_text: str, title: str, svg: str | None = None, *, wide: bool = False) -> str:
    """One self-contained HTML file: the rendered brief, inline CSS and SVG
    (``wide``: the page takes the window's width, for a flow's table)."""
    from html import escape

    from markdown_it import MarkdownIt

    # lists nest up to MAX_NESTING deep (markdown-it drops what is deeper than maxNesting)
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": 4 * MAX_NESTING})
    parser.enable("table")
    # the diagram goes before the first conclusion ("## " can only start a
    # line as a heading of ours: user text is escaped)
    cut = markdown_text.find("\n## ")
    cut = len(markdown_text) if cut < 0 else cut + 1
    body = parser.render(markdown_text[:cut])
    if svg:
        svg = svg[svg.find("<svg"):]  # drop the XML prolog and DOCTYPE
        body += f'<figure class="diagram">{svg}</figure>\n'
    body += parser.render(markdown_text[cut:])
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(inert(title))}</title>\n<style>{CSS}{WIDE_CSS if wide else ''}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
