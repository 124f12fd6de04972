"""Graphviz diagrams of a map (DOT source; SVG, PNG and PDF through ``dot``).

Every label is an HTML-like label built from escaped text, so any text a
claim holds (quotes, backslashes, braces, ``<>&``, newlines, DOT keywords,
comment markers) is shown as written and can never add nodes, edges or
attributes.  Node names are claim ids, which the format restricts to
``[A-Za-z0-9][A-Za-z0-9_.-]*`` and the graphviz package quotes.

The look is a base layer (kinds and relations, distinguishable in black and
white too) plus optional layers (:class:`Overlay`): the evaluation layer
marks which claims stand and can print their strengths.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import graphviz

from ..analysis.evaluation import Label
from ..analysis.semantics import CAVEATS, caveats
from ..io.quotes import unmark
from ..model import Kind
from ..model.text import UNSAFE, inert
from .formats import BY_NAME, DIAGRAM_FORMATS

if TYPE_CHECKING:
    # the diagram reads only the models' fields: a map's light objects
    # (model.fastcheck) do as well, without importing pydantic
    from ..analysis.evaluation import Evaluation
    from ..model import ArgMap, Claim
    from ..model.graph import Graph

DIRECTIONS = ("TB", "LR", "BT", "RL")

# kind -> node attributes; shapes differ as well as colours (for print)
KIND_ATTRS: dict[Kind, dict[str, str]] = {
    Kind.CONCLUSION: {"shape": "box", "peripheries": "2", "style": "filled,bold", "fillcolor": "#dbe9f6"},
    Kind.PREMISE: {"shape": "box", "style": "filled,rounded", "fillcolor": "#eef6ec"},
    Kind.EVIDENCE: {"shape": "note", "style": "filled", "fillcolor": "#fbf6e3"},
    Kind.COUNTERPOINT: {"shape": "box", "style": "filled,diagonals", "fillcolor": "#fbe3e0"},
    Kind.REBUTTAL: {"shape": "component", "style": "filled", "fillcolor": "#efe4f5"},
}
SUPPORT_ATTRS = {"color": "#2e7d32", "arrowhead": "normal", "style": "solid"}
ATTACK_ATTRS = {"color": "#c62828", "arrowhead": "tee", "style": "bold", "penwidth": "1.6"}
UNDERCUT_ATTRS = {"color": "#ef6c00", "arrowhead": "tee", "style": "dashed", "penwidth": "1.4"}


class DotMissing(RuntimeError):
    """Graphviz's ``dot`` program is needed and not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's 'dot' program is needed for SVG, PNG and PDF: install Graphviz "
            "(Debian/Ubuntu: apt install graphviz; macOS: brew install graphviz; "
            "https://graphviz.org/download/), or export --format dot"
        )


@dataclass
class Options:
    root: str | None = None
    depth: int | None = None
    tags: Sequence[str] = ()
    exclude_tags: Sequence[str] = ()
    direction: str = "BT"
    wrap: int = 40
    quotes: bool = True
    legend: bool = True
    title: str | None = None  # None: the map's title; "" for none


@dataclass(slots=True)
class NodeLook:
    """What a layer may change about one node."""

    attrs: dict[str, str] = field(default_factory=dict)
    #: extra HTML lines under the claim's text (already escaped)
    lines: list[str] = field(default_factory=list)
    #: a badge before the id (already escaped)
    badge: str = ""


class Overlay(Protocol):
    def decorate(self, cid: str, claim: Claim, look: NodeLook) -> None: ...

    def legend_rows(self) -> list[str]: ...


class EvaluationOverlay:
    """Marks ``out`` claims (faded, dashed) and ``undec`` ones (dotted, '?'),
    and with ``strengths`` prints each claim's strength."""

    def __init__(self, ev: Evaluation, strengths: bool = False) -> None:
        self.ev = ev
        self.strengths = strengths

    def decorate(self, cid: str, claim: Claim, look: NodeLook) -> None:
        label = self.ev.labels.get(cid)
        if label is Label.OUT:
            look.attrs.update({"style": look.attrs.get("style", "filled") + ",dashed",
                               "fillcolor": "#f2f2f2", "fontcolor": "#777777", "color": "#999999"})
            look.badge = "✗ out"
        elif label is Label.UNDEC:
            look.attrs.update({"style": look.attrs.get("style", "filled") + ",dotted"})
            look.badge = "? undecided"
        elif label is Label.IN:
            look.badge = "✓ in"
        elif label is None:  # withdrawn in this evaluation (--without, --without-tag)
            look.attrs.update({"style": look.attrs.get("style", "filled") + ",dashed",
                               "fillcolor": "#ffffff", "fontcolor": "#999999", "color": "#bbbbbb"})
            look.badge = "withdrawn"
        if self.strengths and cid in self.ev.strengths:
            look.lines.append(
                f'<FONT POINT-SIZE="9">strength {self.ev.strengths[cid]:.2f} (base {claim.strength:g})</FONT>'
            )

    def legend_rows(self) -> list[str]:
        rows = ["✓ in: stands", "✗ out: defeated (faded, dashed)", "? undecided (dotted)"]
        if self.ev.semantics != "grounded":
            rows.append(f"({self.ev.semantics} semantics)")
        return rows


class CaveatOverlay:
    """Marks the claims tagged needs-check, rhetoric or implicit (a line
    under the text) and explains the markers in the legend."""

    def __init__(self, m: ArgMap) -> None:
        tags: set[str] = set()
        for c in m.claims.values():
            if c.tags:
                tags.update(c.tags)
        self.used = [tag for tag in CAVEATS if tag in tags]
        #: the line for the claims with these tags ("" for none), made once
        self._lines: dict[tuple[str, ...], str] = {}

    def decorate(self, cid: str, claim: Claim, look: NodeLook) -> None:
        if not claim.tags:
            return
        key = tuple(claim.tags)
        line = self._lines.get(key)
        if line is None:
            marks = caveats(claim)
            text = esc("  ".join(f"{c.mark} {c.word}" for c in marks))
            line = self._lines[key] = f'<FONT POINT-SIZE="9"><B>{text}</B></FONT>' if marks else ""
        if line:
            look.lines.append(line)

    def legend_rows(self) -> list[str]:
        return [CAVEATS[t].legend() for t in self.used]


def esc(text: str) -> str:
    """Text escaped for an HTML-like label: & < > " ' become entities."""
    # Graphviz expands \N, \G, \L ... even inside HTML-like labels (after
    # decoding entities), and reads \\ as one backslash: double them all.
    # A bare "]" can end Graphviz's HTML text early (a lexer quirk): write
    # it as a character reference too.
    # Controls and bidi overrides are shown escaped (\x1b, \u202e): inert.
    if not _ESCAPED.search(text):  # most lines: nothing to escape
        return text
    return html.escape(inert(text, keep="\t"), quote=True).replace("\\", "\\\\").replace("]", "&#93;")


#: A character that esc() changes.
_ESCAPED = re.compile(f"{UNSAFE.pattern}|[&<>\"'\\\\\\]]")


def wrapped(text: str, width: int) -> list[str]:
    """Lines of ``text`` wrapped at ``width`` (0: not at all), breaking only
    at single spaces; every other character, runs of spaces included, stays
    as written, and the text's own line breaks are kept."""
    if "\n" not in text and "\t" not in text:  # one paragraph (most text)
        if width <= 0 or len(text) <= width:
            return [text]
        if "  " not in text and text[0] != " " and text[-1] != " ":
            return _lines_of(width).findall(text)
    out: list[str] = []
    for para in text.split("\n"):
        para = para.replace("\t", "    ")
        if width <= 0 or len(para) <= width:
            out.append(para)
        elif "  " not in para and para[0] != " " and para[-1] != " ":
            # words between single spaces (most text): each line is the longest
            # run of whole words that fits, or one word longer than a line
            out += _lines_of(width).findall(para)
        else:
            line = None
            for word in para.split(" "):
                if line is None:
                    line = word
                elif len(line) + 1 + len(word) <= width or not word:
                    line += " " + word
                else:
                    out.append(line)
                    line = word
            out.append(line or "")
    return out


@functools.cache
def _lines_of(width: int) -> re.Pattern[str]:
    """What :func:`wrapped` does to words between single spaces, as a pattern
    whose matches are the lines."""
    return re.compile(f"([^ ]{{{width + 1},}}|.{{1,{width}}})(?: |\\Z)")


def _attrs(attrs: dict[str, str]) -> str:
    # our attribute values are constants without quotes or backslashes
    return " ".join(f'{k}="{v}"' for k, v in attrs.items())


def _name(cid: str) -> str:
    # ids match [A-Za-z0-9][A-Za-z0-9_.-]* (and joints add '|'): quoting is enough
    return f'"{cid}"'


_BR = '<BR ALIGN="LEFT"/>'


def _html_text(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` and escaped, its lines joined by
    left-aligned breaks (and none after the last)."""
    lines = wrapped(text, width)
    if not _ESCAPED.search(text):  # then no line needs escaping (wrapping only turns tabs to spaces)
        return _BR.join(lines)
    return _BR.join(esc(line) for line in lines)


def _html_lines(lines: Iterable[str], tag: str = "") -> str:
    body = '<BR ALIGN="LEFT"/>'.join(esc(line) for line in lines)
    if tag:
        body = f"<{tag}>{body}</{tag}>"
    return body + '<BR ALIGN="LEFT"/>'


def select(m: ArgMap, opts: Options, g: Graph | None = None) -> list[str]:
    """The claims the diagram shows, in the map's order (``g``: the map's
    graph, built here when ``opts.root`` needs it and none is given)."""
    keep: set[str] | None = None  # None: every claim
    if opts.root is not None:
        if g is None:
            from ..model.graph import Graph

            g = Graph.of(m.claims)
        keep = {opts.root}
        frontier: list[tuple[str, str | None]] = [(opts.root, None)]
        level = 0
        visited: set[tuple[str, str | None]] = set(frontier)
        while frontier and (opts.depth is None or level < opts.depth):
            nxt: list[tuple[str, str | None]] = []
            for cid, parent in frontier:
                for child in g.children(cid, parent):
                    # a claim met again under another parent is not expanded
                    # again, but the undercuts of its link to this parent are
                    if (child.id, cid) in visited:
                        continue
                    visited.add((child.id, cid))
                    keep.add(child.id)
                    nxt.append((child.id, cid))
            frontier = nxt
            level += 1
    claims = m.claims
    if opts.tags:
        wanted = set(opts.tags)
        keep = {c for c in (claims if keep is None else keep) if not wanted.isdisjoint(claims[c].tags)}
    if opts.exclude_tags:
        unwanted = set(opts.exclude_tags)
        keep = {c for c in (claims if keep is None else keep) if unwanted.isdisjoint(claims[c].tags)}
    if keep is None:
        return list(claims)
    return [cid for cid in claims if cid in keep]


#: Where the claims' lines go in the frame (:func:`_frame`): a line of its own.
_CLAIMS = "\0the claims\0"


def _frame(m: ArgMap, opts: Options, overlays: Sequence[Overlay]) -> graphviz.Digraph:
    """The diagram without its claims: the graph's attributes, the legend,
    and :data:`_CLAIMS` in the body where the claims' nodes and edges go."""
    if opts.direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    dot = graphviz.Digraph("argmap")
    dot.attr("graph", rankdir=opts.direction, newrank="true", nodesep="0.35", ranksep="0.5",
             fontname="Helvetica", labelloc="t")
    dot.attr("node", fontname="Helvetica", fontsize="11", margin="0.12,0.06")
    dot.attr("edge", fontname="Helvetica", fontsize="9")
    title = m.title if opts.title is None else opts.title
    if title:
        title_html = "<BR/>".join(esc(line) for line in wrapped(title, 90))
        dot.attr("graph", label=f"<<B>{title_html}</B>>", fontsize="16")
    dot.body.append(_CLAIMS)
    if opts.legend:
        _legend(dot, overlays)
    return dot


def diagram(m: ArgMap, opts: Options | None = None, overlays: Sequence[Overlay] = ()) -> graphviz.Digraph:
    """The diagram as a graphviz Digraph (its ``.source`` is the DOT text)."""
    opts = opts or Options()
    dot = _frame(m, opts, overlays)
    at = dot.body.index(_CLAIMS)
    dot.body[at : at + 1] = _claim_lines(m, select(m, opts), opts, overlays)
    return dot


def dot_lines(m: ArgMap, opts: Options | None = None, overlays: Sequence[Overlay] = ()) -> Iterator[str]:
    """The DOT text of :func:`diagram`, in pieces made as they are asked
    for (to be written as they come: the whole text is never held)."""
    opts = opts or Options()
    dot = _frame(m, opts, overlays)  # checks the options now, not at the first piece
    shown = select(m, opts)

    def lines() -> Iterator[str]:
        for line in dot:
            if line is _CLAIMS:
                yield from _claim_lines(m, shown, opts, overlays)
            else:
                yield line

    return lines()


def _claim_lines(m: ArgMap, shown: list[str], opts: Options, overlays: Sequence[Overlay]) -> Iterator[str]:
    """The nodes of the claims ``shown`` (in that order), then their edges."""
    visible = set(shown)
    claims = m.claims
    sources = m.sources
    width, quote_width, quotes = opts.wrap, opts.wrap + 10, opts.quotes
    kinds = {kind: (attrs, f'<FONT POINT-SIZE="9">{esc(kind.value)} · ') for kind, attrs in KIND_ATTRS.items()}
    attr_text: dict[tuple[tuple[str, str], ...], str] = {}  # the attributes written, by their items
    decorators = [overlay.decorate for overlay in overlays]
    br = _BR
    for cid in shown:
        # ids are [A-Za-z0-9][A-Za-z0-9_.-]*: nothing in them to escape
        c = claims[cid]
        attrs, head = kinds[c.kind]
        look = NodeLook(attrs.copy(), [], "")
        for decorate in decorators:
            decorate(cid, c, look)
        badge = f" · {look.badge}" if look.badge else ""
        quote = ""
        if quotes and (q := c.quote) is not None:
            src = sources.get(q.source)
            cite = ", ".join(x for x in ((src.title if src else q.source), q.locator) if x)
            quote = f'<FONT POINT-SIZE="9"><I>{_html_text(f"“{unmark(q.text)}” — {cite}", quote_width)}</I>{br}</FONT>'
        extra = "".join([line + br for line in look.lines]) if look.lines else ""
        key = tuple(look.attrs.items())
        written = attr_text.get(key)
        if written is None:
            written = attr_text[key] = _attrs(look.attrs)
        yield (f'\t"{cid}" [label=<{head}{cid}{badge}</FONT>{br}{_html_text(c.text, width)}{br}{quote}{extra}> '
               f"{written}]\n")

    undercut_links = {
        (u.from_, u.to)
        for cid in shown
        for u in claims[cid].undercuts
        if u.from_ in visible and u.to in visible
    }
    support, attack, undercut = _attrs(SUPPORT_ATTRS), _attrs(ATTACK_ATTRS), _attrs(UNDERCUT_ATTRS)
    color = SUPPORT_ATTRS["color"]
    for cid in shown:
        c = claims[cid]
        for t in c.supports:
            if t not in visible:
                continue
            if undercut_links and (cid, t) in undercut_links:
                joint = _name(_joint(cid, t))
                yield (f'\t{joint} [label="" shape="point" width="0.06" color="{color}"]\n'
                       f'\t"{cid}" -> {joint} [arrowhead="none" color="{color}"]\n'
                       f'\t{joint} -> "{t}" [{support}]\n')
            else:
                yield f'\t"{cid}" -> "{t}" [{support}]\n'
        for t in c.attacks:
            if t in visible:
                yield f'\t"{cid}" -> "{t}" [{attack}]\n'
        for u in c.undercuts:
            if (u.from_, u.to) in undercut_links:
                yield f'\t"{cid}" -> {_name(_joint(u.from_, u.to))} [{undercut}]\n'


def _joint(source: str, target: str) -> str:
    # '|' cannot occur in ids, so this never names a claim
    return f"link|{source}|{target}"


def _legend(dot: graphviz.Digraph, overlays: Sequence[Overlay]) -> None:
    with dot.subgraph(name="cluster_legend") as lg:
        lg.attr(label="<<B>Legend</B>>", fontsize="11", style="rounded", color="#bbbbbb")
        previous = None
        for kind, attrs in KIND_ATTRS.items():
            name = f"legend|{kind.value}"
            lg.node(name, label=f"<{esc(kind.value)}>", fontsize="10", **attrs)
            if previous is not None:
                lg.edge(previous, name, style="invis")
            previous = name
        for rel, attrs in (("supports", SUPPORT_ATTRS), ("attacks", ATTACK_ATTRS), ("undercuts a link", UNDERCUT_ATTRS)):
            a, b = f"legend|{rel}|a", f"legend|{rel}|b"
            lg.node(a, label="", shape="point", width="0.05")
            lg.node(b, label="", shape="point", width="0.05")
            lg.edge(a, b, label=f"<{esc(rel)}>", **attrs)
        rows = [row for overlay in overlays for row in overlay.legend_rows()]
        if rows:
            lg.node("legend|status", label="<" + _html_lines(rows) + ">", shape="plaintext", fontsize="10")


class DotFailed(RuntimeError):
    """Graphviz's ``dot`` ran and failed."""


def render(dot: graphviz.Digraph, fmt: str) -> bytes:
    """The diagram in ``fmt`` (``dot`` needs no Graphviz install)."""
    if fmt not in DIAGRAM_FORMATS:
        raise ValueError(f"format must be one of {', '.join(DIAGRAM_FORMATS)}")
    # graphviz ships no type hints: its results are Any until annotated here
    if not BY_NAME[fmt].needs_dot:
        source: str = dot.source
        return source.encode("utf-8")
    try:
        out: bytes = dot.pipe(format=fmt, quiet=True)
        return out
    except graphviz.ExecutableNotFound:
        raise DotMissing() from None
    except graphviz.CalledProcessError as e:
        detail = (e.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise DotFailed(f"Graphviz's dot failed: {detail[-1] if detail else e}") from None
