"""Debate briefs: for each conclusion, the case, the frontlines and what is open.

The brief is written as Markdown (every piece of user text escaped, so it
reads exactly as written); the HTML brief is that Markdown rendered, with
inline CSS and the inline SVG diagram, in one file that prints well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..analysis.evaluation import Evaluation, Label, Side, evaluate
from ..analysis.explain import explain
from ..analysis.prep import PrepWarning, prep_checks
from ..analysis.semantics import CAVEATS, caveat_marks
from ..io.quotes import SourceTexts
from ..model import ArgMap, Claim, Kind
from ..model.graph import Graph
from ..model.text import inert

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
    m: ArgMap
    ev: Evaluation
    g: Graph
    warnings: list[PrepWarning]
    lines: list[str] = field(default_factory=list)

    def cite(self, c: Claim, indent: str = "") -> list[str]:
        """Citation lines for a claim: its quote, then sources named in tags."""
        out = []
        if c.quote is not None:
            out.append(f"> “{md(c.quote.text, indent + '> ')}” — {self.source(c.quote.source, c.quote.locator)}")
        cited = [t.split(":", 1)[1] for t in c.tags if t.startswith("source:")]
        cited = [s for s in cited if s in self.m.sources and not (c.quote and c.quote.source == s)]
        if cited:
            out.append("Sources: " + "; ".join(self.source(s) for s in cited))
        return out

    def source(self, sid: str, locator: str | None = None) -> str:
        s = self.m.sources.get(sid)
        if s is None:
            return md(sid)
        parts = [f"*{md_line(s.title)}*"]
        parts += [md_line(x) for x in (s.author, s.date, locator) if x]
        if s.url:
            parts.append(f"<{s.url}>" if re.fullmatch(r"https?://[^\s<>]+", s.url) else md(s.url))
        return ", ".join(parts)

    def status(self, cid: str) -> str:
        marks = caveat_marks(self.m.claims[cid])
        marks = f" · **{marks}**" if marks else ""
        if cid not in self.ev.labels:
            return "withdrawn for this brief" + marks
        return f"{LABEL_MARK[self.ev.labels[cid]]}, strength {self.ev.strengths[cid]:.2f}{marks}"

    def head(self, cid: str, indent: str = "") -> str:
        c = self.m.claims[cid]
        return f"**{c.kind.value}** {md(c.text, indent)} (`{cid}`; {self.status(cid)})"

    # -- sections -------------------------------------------------------------------------

    def nested(self, root: str, seen: set[str], *, attackers: bool) -> list[str]:
        """The claims under ``root`` as nested list items with their citations:
        its supporters (the case, with the undercuts of each link) or its
        attackers (the answers to a counterpoint, and the answers to those).
        A claim met again is named, not repeated; no recursion, so chains of
        any length are fine."""
        out: list[str] = []
        kids = self.g.attackers if attackers else self.g.supporters
        stack: list[tuple[str, int, list[str]]] = [(root, 0, list(kids.get(root, ())))]
        while stack:
            parent, depth, todo = stack[-1]
            if not todo:
                stack.pop()
                continue
            k = todo.pop(0)
            # nesting stops at MAX_NESTING (a long chain stays linear in size); deeper items say how deep
            pad = "  " * min(depth, MAX_NESTING)
            deep = f"[depth {depth + 1}] " if depth > MAX_NESTING else ""
            again = k in seen
            out.append(f"{pad}- {deep}{self.head(k, pad + '  ')}" + (" (see above)" if again else ""))
            if not again:
                out += [f"{pad}  {line}" for line in self.cite(self.m.claims[k], pad + "  ")]
            if not attackers:
                out += [
                    f"{pad}  - ⚠ undercut: {self.head(u, pad + '    ')}"
                    for u in self.g.undercutters.get((k, parent), ())
                ]
            if not again:
                seen.add(k)
                stack.append((k, depth + 1, list(kids.get(k, ()))))
        return out

    def case_claims(self, root: str) -> list[str]:
        out, stack, seen = [], [root], {root}
        while stack:
            cid = stack.pop()
            out.append(cid)
            for s in self.g.supporters.get(cid, ()):
                if s not in seen:
                    seen.add(s)
                    stack.append(s)
        return out

    def conclusion(self, root: str) -> None:
        c = self.m.claims[root]
        add = self.lines.append
        add(f"## {md_line(c.text)}")
        add("")
        add(f"`{root}` · {c.kind.value} · {self.status(root)}")
        add("")
        if root in self.ev.labels:
            why = explain(self.m, self.ev, root)
            again = f" To reinstate it: answer {', '.join(f'`{c}`' for c in why.reinstate)}." if why.reinstate else ""
            add(f"Why: {md(why.reason())}.{again}")
            add("")
        self.lines.extend(self.cite(c))
        add("")
        add("### The case")
        add("")
        case = self.nested(root, {root}, attackers=False)
        self.lines.extend(case or ["*No premise or evidence supports it yet.*"])
        add("")
        add("### Frontlines")
        add("")
        scope = self.case_claims(root)
        hits: dict[str, list[str]] = {}  # counterpoint -> what it hits in this case
        for target in scope:
            for a in self.g.attackers.get(target, ()):
                hits.setdefault(a, []).append(f"attacks `{target}`")
            for s in self.g.supporters.get(target, ()):
                for u in self.g.undercutters.get((s, target), ()):
                    hits.setdefault(u, []).append(f"undercuts `{s}` → `{target}`")
        opposed = list(hits)
        if not opposed:
            add("*No counterpoint is mapped against this case.*")
            add("")
        for cp in opposed:
            add(f"#### {md_line(self.m.claims[cp].text)}")
            add("")
            add(f"`{cp}` · {self.m.claims[cp].kind.value}, {', '.join(hits[cp])} · {self.status(cp)}")
            add("")
            self.lines.extend(self.cite(self.m.claims[cp]))
            add("")
            answers = self.nested(cp, {cp}, attackers=True)
            if answers:
                add("Prepared answers:")
                add("")
                self.lines.extend(answers)
            else:
                add("*No answer prepared yet.*")
            add("")
        add("### Open")
        add("")
        unanswered = [cp for cp in opposed if not self.g.attackers.get(cp)]
        bare = [
            cid for cid in scope
            if self.m.claims[cid].kind is Kind.PREMISE and not self.g.supporters.get(cid)
        ]
        in_scope = set(scope) | set(opposed)
        warns = [w for w in self.warnings if w.claim in in_scope and w.code not in ("unsupported",)]
        if not (unanswered or bare or warns):
            add("*Nothing open.*")
        if unanswered:
            add("Attacks nobody has answered yet:")
            add("")
            self.lines.extend(f"- {self.head(cp)}" for cp in dict.fromkeys(unanswered))
            add("")
        if bare:
            add("Premises without evidence:")
            add("")
            self.lines.extend(f"- {self.head(p)}" for p in bare)
            add("")
        if warns:
            add("Prep warnings:")
            add("")
            self.lines.extend(f"- `{w.code}`: {md(w.message)}" for w in warns)
            add("")


def markdown(
    m: ArgMap,
    *,
    root: str | None = None,
    sources: SourceTexts | None = None,
    diagram_link: str | None = None,
    ev: Evaluation | None = None,
) -> str:
    """The brief as Markdown: one section per conclusion (or for ``root``)."""
    ev = ev or evaluate(m)
    g = Graph.of(m)
    b = Brief(m, ev, g, prep_checks(m, ev, g, perspective=Side.PRO, sources=sources))
    add = b.lines.append
    add(f"# {md_line(m.title)}")
    add("")
    add("Debate brief. Each claim shows whether it stands (✓ in, ✗ out, ? undecided: "
        f"{md(ev.semantics.description)}) and its strength (DF-QuAD), computed from the map as it is"
        + (f", with {len(m.claims) - len(ev.labels)} claims withdrawn" if len(ev.labels) < len(m.claims) else "")
        + ".")
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
    for r in roots:
        b.conclusion(r)
    return "\n".join(b.lines).rstrip() + "\n"


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
@media print { body { margin: 0; max-width: none; } a { color: inherit; } figure svg { max-height: 24cm; } }
"""


def html_document(markdown_text: str, title: str, svg: str | None = None) -> str:
    """One self-contained HTML file: the rendered brief, inline CSS and SVG."""
    from html import escape

    from markdown_it import MarkdownIt

    # lists nest up to MAX_NESTING deep (markdown-it drops what is deeper than maxNesting)
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": 4 * MAX_NESTING})
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
        f"<title>{escape(inert(title))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
