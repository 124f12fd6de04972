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

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import graphviz

from ..analysis.evaluation import Evaluation, Label
from ..analysis.semantics import CAVEATS, caveats
from ..io.quotes import unmark
from ..model import ArgMap, Claim, Kind
from ..model.graph import Graph
from ..model.text import UNSAFE, inert
from .formats import BY_NAME, DIAGRAM_FORMATS

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


@dataclass
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
        self.used = [tag for tag in CAVEATS if any(tag in c.tags for c in m.claims.values())]

    def decorate(self, cid: str, claim: Claim, look: NodeLook) -> None:
        marks = caveats(claim)
        if marks:
            text = esc("  ".join(f"{c.mark} {c.word}" for c in marks))
            look.lines.append(f'<FONT POINT-SIZE="9"><B>{text}</B></FONT>')

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
    out: list[str] = []
    for para in text.split("\n"):
        para = para.replace("\t", "    ")
        if width <= 0 or len(para) <= width:
            out.append(para)
            continue
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


def _attrs(attrs: dict[str, str]) -> str:
    # our attribute values are constants without quotes or backslashes
    return " ".join(f'{k}="{v}"' for k, v in attrs.items())


def _name(cid: str) -> str:
    # ids match [A-Za-z0-9][A-Za-z0-9_.-]* (and joints add '|'): quoting is enough
    return f'"{cid}"'


def _html_lines(lines: Iterable[str], tag: str = "") -> str:
    body = '<BR ALIGN="LEFT"/>'.join(esc(line) for line in lines)
    if tag:
        body = f"<{tag}>{body}</{tag}>"
    return body + '<BR ALIGN="LEFT"/>'


def select(m: ArgMap, g: Graph, opts: Options) -> list[str]:
    """The claims the diagram shows, in the map's order."""
    keep: set[str]
    if opts.root is not None:
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
    else:
        keep = set(m.claims)
    if opts.tags:
        wanted = set(opts.tags)
        keep = {c for c in keep if wanted & set(m.claims[c].tags)}
    if opts.exclude_tags:
        unwanted = set(opts.exclude_tags)
        keep = {c for c in keep if not unwanted & set(m.claims[c].tags)}
    return [cid for cid in m.claims if cid in keep]


def diagram(m: ArgMap, opts: Options | None = None, overlays: Sequence[Overlay] = ()) -> graphviz.Digraph:
    """The diagram as a graphviz Digraph (its ``.source`` is the DOT text)."""
    opts = opts or Options()
    if opts.direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    g = Graph.of(m)
    shown = select(m, g, opts)
    visible = set(shown)
    dot = graphviz.Digraph("argmap")
    dot.attr("graph", rankdir=opts.direction, newrank="true", nodesep="0.35", ranksep="0.5",
             fontname="Helvetica", labelloc="t")
    dot.attr("node", fontname="Helvetica", fontsize="11", margin="0.12,0.06")
    dot.attr("edge", fontname="Helvetica", fontsize="9")
    title = m.title if opts.title is None else opts.title
    if title:
        title_html = "<BR/>".join(esc(line) for line in wrapped(title, 90))
        dot.attr("graph", label=f"<<B>{title_html}</B>>", fontsize="16")

    body = dot.body
    support, attack, undercut = _attrs(SUPPORT_ATTRS), _attrs(ATTACK_ATTRS), _attrs(UNDERCUT_ATTRS)
    for cid in shown:
        c = m.claims[cid]
        look = NodeLook(attrs=dict(KIND_ATTRS[c.kind]))
        for overlay in overlays:
            overlay.decorate(cid, c, look)
        head = f'<FONT POINT-SIZE="9">{esc(c.kind.value)} · {esc(cid)}'
        head += f" · {look.badge}" if look.badge else ""
        label = head + '</FONT><BR ALIGN="LEFT"/>' + _html_lines(wrapped(c.text, opts.wrap))
        if opts.quotes and c.quote is not None:
            src = m.sources.get(c.quote.source)
            cite = ", ".join(x for x in ((src.title if src else c.quote.source), c.quote.locator) if x)
            quote_lines = wrapped(f"“{unmark(c.quote.text)}” — {cite}", opts.wrap + 10)
            label += f'<FONT POINT-SIZE="9">{_html_lines(quote_lines, "I")}</FONT>'
        for line in look.lines:
            label += line + '<BR ALIGN="LEFT"/>'
        body.append(f"\t{_name(cid)} [label=<{label}> {_attrs(look.attrs)}]\n")

    undercut_links = {
        (u.from_, u.to)
        for cid in shown
        for u in m.claims[cid].undercuts
        if u.from_ in visible and u.to in visible
    }
    for cid in shown:
        c = m.claims[cid]
        for t in c.supports:
            if t not in visible:
                continue
            if (cid, t) in undercut_links:
                joint = _name(_joint(cid, t))
                color = SUPPORT_ATTRS["color"]
                body.append(f'\t{joint} [label="" shape="point" width="0.06" color="{color}"]\n')
                body.append(f'\t{_name(cid)} -> {joint} [arrowhead="none" color="{color}"]\n')
                body.append(f"\t{joint} -> {_name(t)} [{support}]\n")
            else:
                body.append(f"\t{_name(cid)} -> {_name(t)} [{support}]\n")
        for t in c.attacks:
            if t in visible:
                body.append(f"\t{_name(cid)} -> {_name(t)} [{attack}]\n")
        for u in c.undercuts:
            if (u.from_, u.to) in undercut_links:
                body.append(f"\t{_name(cid)} -> {_name(_joint(u.from_, u.to))} [{undercut}]\n")

    if opts.legend:
        _legend(dot, overlays)
    return dot


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
