"""Argdown (https://argdown.org): statements ``[Title]: text``, arguments
``<Title>: text``, relations ``+ - _ ><`` (and ``<+ +> <- -> <_ _>``) nested
by indentation, premise-conclusion structures, tags, headings, data.

Reading is one pass over the lines (no backtracking), so large files stream.
What argmap cannot hold is reported as a warning with its line.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ...model import ArgMap
from ..loader import Diagnostic
from .base import Builder, ReadError

_COMMENT = re.compile(r"<!--.*?-->|/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(^|[ \t])//.*$", re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_REL = re.compile(r"^([ \t]*)(<\+|<-|<_|\+>|->|_>|><|\+|-|_)[ \t]+(\S.*)$")
_LIST = re.compile(r"^([ \t]*)(\*|\d+\.)[ \t]+(\S.*)$")
_PCS = re.compile(r"^([ \t]*)\((\d+)\)[ \t]+(.*)$")
_BAR = re.compile(r"^[ \t]*--+[ \t]*$")
_BAR_RULE = re.compile(r"^[ \t]*--+[ \t]*(\S.*?)[ \t]*--+[ \t]*$")
_TAG = re.compile(r"(?:(?<=\s)|^)#(?:\(([^)]+)\)|([A-Za-z0-9\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef-]+))")
_DATA = re.compile(r"(?<!\\)\{[^{}]*(?<!\\)\}\s*$")
_STATEMENT = re.compile(r"^\[([^\]]+)\](?::[ \t]*(.*)|[ \t]*$)", re.S)
_ARGUMENT = re.compile(r"^<([^>]+)>(?::[ \t]*(.*)|[ \t]*$)", re.S)
_ESCAPE = re.compile(r"\\(.)")


def sniff(text: str) -> bool:
    return bool(re.search(r"^\s*(\[[^\]\n]+\]:|<[^>\n]+>:)|^[ \t]+(<\+|<-|\+>|->|\+|-)[ \t]", text[:20000], re.M))


def _blank_comments(text: str) -> str:
    """Comments replaced by spaces, keeping every line break (line numbers)."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return _LINE_COMMENT.sub(lambda m: m.group(1), text)


class _Element:
    __slots__ = ("indent", "lines", "line", "rel", "parent", "pcs", "conclusion", "rule")

    def __init__(self, indent: int, text: str, line: int, rel: str | None, parent: str | None, pcs: bool) -> None:
        self.indent = indent
        self.lines = [text]
        self.line = line
        self.rel = rel
        self.parent = parent
        self.pcs = pcs
        self.conclusion = False
        self.rule: str | None = None


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.b = Builder(path)
        self.text = text
        self.statements: dict[str, str] = {}
        self.arguments: dict[str, str] = {}
        self.defined: set[str] = set()
        self.headings: list[tuple[int, str]] = []
        self.stack: list[tuple[int, str]] = []  # (indent, claim id) of open elements
        self.element: _Element | None = None
        self.last_argument: str | None = None  # a top-level argument a PCS may follow
        self.pcs: dict[str, Any] | None = None
        self.undercuts: list[tuple[str, str, int]] = []
        self.main_conclusion: dict[str, str] = {}
        self.title: str | None = None
        self.untitled_args = 0
        self.first_heading: str | None = None
        self.first_heading_level_line = 0

    # -- elements ------------------------------------------------------------

    def _tags_and_data(self, text: str, line: int) -> tuple[str, list[str], str | None]:
        data = None
        if m := _DATA.search(text):
            data = m.group().strip()
            text = text[: m.start()]
        tags = [a or b for a, b in _TAG.findall(text)]
        if tags:
            text = _TAG.sub("", text)
        return text, tags, data

    def _claim(self, raw: str, line: int) -> str:
        """The claim ``raw`` (an element's joined text) defines or refers to."""
        raw, tags, data = self._tags_and_data(raw.strip(), line)
        tags = [*tags, *(h for _, h in self.headings if h)]
        extra: list[dict[str, Any]] = [{"text": f"Argdown data: {data}"}] if data else []
        if m := _STATEMENT.match(raw):
            title, body = m.group(1).strip(), _clean(m.group(2) or "")
            table, hint = self.statements, title
        elif m := _ARGUMENT.match(raw):
            title, body = m.group(1).strip(), _clean(m.group(2) or "")
            table, hint = self.arguments, title
        else:
            body = _clean(raw)
            if not body:
                body = "(no text)"
            return self.b.add_claim(body, line, tags=tags, annotations=extra)
        cid = table.get(title)
        if cid is None:
            cid = table[title] = self.b.add_claim(body or title, line, hint=hint, tags=tags, annotations=extra)
            if body:
                self.defined.add(cid)
            return cid
        c = self.b.claims[cid]
        c.tags.extend(tags)
        c.annotations.extend(extra)
        if body:
            if cid not in self.defined:
                c.text = body
                self.defined.add(cid)
            elif " ".join(body.split()) != " ".join(c.text.split()):
                c.annotations.append({"text": f"Also stated in Argdown (line {line}): {body}"})
        return cid

    def _finish_element(self) -> None:
        el = self.element
        if el is None:
            return
        self.element = None
        cid = self._claim(" ".join(s.strip() for s in el.lines), el.line)
        if el.rel is not None and el.parent is not None:
            self._relate(el.parent, el.rel, cid, el.line)
        while self.stack and self.stack[-1][0] >= el.indent:
            self.stack.pop()
        self.stack.append((el.indent, cid))
        if el.pcs:
            pcs = self.pcs
            assert pcs is not None  # el.pcs: inside a premise-conclusion structure
            pcs["statements"].append(cid)
            if el.conclusion:
                for p in pcs["statements"][pcs["from"] : -1]:
                    self.b.support(p, cid, el.line)
                pcs["from"] = len(pcs["statements"]) - 1
                pcs["conclusions"].append(cid)
                if el.rule:
                    self.b.claims[cid].annotations.append({"text": f"Inferred by (Argdown): {el.rule}"})
        elif el.rel is None:
            self.last_argument = cid if cid in self.arguments.values() else None

    def _relate(self, parent: str, rel: str, child: str, line: int) -> None:
        b = self.b
        if rel in ("+", "<+"):
            b.support(child, parent, line)
        elif rel in ("-", "<-"):
            b.attack(child, parent, line)
        elif rel == "+>":
            b.support(parent, child, line)
        elif rel == "->":
            b.attack(parent, child, line)
        elif rel in ("_", "<_"):
            self.undercuts.append((child, parent, line))
        elif rel == "_>":
            self.undercuts.append((parent, child, line))
        elif rel == "><":
            b.warn(line, "a contradiction (><) is imported as two attacks, one each way")
            b.attack(parent, child, line)
            b.attack(child, parent, line)

    # -- premise-conclusion structures -----------------------------------------

    def _start_pcs(self, line: int) -> None:
        arg = self.last_argument
        if arg is None:
            self.untitled_args += 1
            arg = self.b.add_claim("", line, hint=f"argument-{self.untitled_args}")
            self.b.claims[arg].text = ""
        self.pcs = {"argument": arg, "statements": [], "from": 0, "conclusions": [], "line": line,
                    "bar": False, "rule": None}

    def _bar(self, line: int, rule: str | None) -> None:
        self._finish_element()
        if self.pcs is None:
            self.b.warn(line, "an inference line (--) outside a premise-conclusion structure is ignored")
            return
        self.pcs["bar"] = True
        self.pcs["rule"] = rule

    def _end_pcs(self) -> None:
        self._finish_element()
        pcs, self.pcs = self.pcs, None
        if pcs is None:
            return
        arg = pcs["argument"]
        c = self.b.claims[arg]
        conclusions = pcs["conclusions"]
        if not conclusions:
            self.b.warn(pcs["line"], "a premise-conclusion structure without an inference line (--): "
                        "its statements are imported as supporting the argument")
            for s in pcs["statements"]:
                self.b.support(s, arg, pcs["line"])
        else:
            main = conclusions[-1]
            self.main_conclusion[arg] = main
            self.b.support(arg, main, pcs["line"])
        if not c.text:
            main_text = self.b.claims[conclusions[-1]].text if conclusions else "its premises"
            c.text = f"Argument for: {main_text}"

    # -- the pass --------------------------------------------------------------

    def read(self) -> tuple[ArgMap | None, list[Diagnostic]]:
        text = self.text
        lines = text.split("\n")
        start = 0
        first = next((i for i, s in enumerate(lines) if s.strip()), None)
        if first is not None and lines[first].strip() == "===":
            end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "==="), None)
            if end is None:
                raise ReadError("front matter opened with === is never closed with ===", first + 1)
            front = "\n".join(lines[first + 1 : end])
            try:
                meta = yaml.safe_load(front)
            except yaml.YAMLError:
                meta = None
                self.b.warn(first + 1, "front matter is not valid YAML; ignored")
            if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                self.title = " ".join(meta["title"].split())
            self.b.warn(first + 1, "front matter (settings between ===) is ignored"
                        + (" except its title" if self.title else ""))
            start = end + 1
            lines = [""] * start + lines[start:]
        lines = _blank_comments("\n".join(lines)).split("\n")
        original = text.split("\n")
        rule_open = False
        after_blank = False
        heading_open = False
        for i in range(start, len(lines)):
            n = i + 1
            s = lines[i].rstrip("\r")
            if not s.strip():
                if i < len(original) and original[i].strip():
                    continue  # a comment-only line: not a paragraph break
                self._finish_element()
                after_blank = True
                heading_open = False
                continue
            if heading_open and not _HEADING.match(s):
                level, title = self.headings.pop() if self.headings else (1, "")
                more, _t, _d = self._tags_and_data(s, n)
                title = " ".join(f"{title} {_clean(more)}".split())
                self.headings.append((level, title))
                if self.first_heading_level_line == level:
                    self.first_heading = title
                continue
            if rule_open:
                if _BAR.match(s):
                    rule_open = False
                else:
                    self._note_rule(s.strip())
                continue
            if self.pcs is not None and after_blank and not _PCS.match(s) and not _BAR.match(s):
                self._end_pcs()
                self.stack.clear()
            if m := _HEADING.match(s):
                self._finish_element()
                if self.pcs is not None:
                    self._end_pcs()
                level = len(m.group(1))
                title, _tags, _data = self._tags_and_data(m.group(2), n)
                self.headings = [h for h in self.headings if h[0] < level]
                title = " ".join(_clean(title).split())
                self.headings.append((level, title))
                if self.first_heading is None:
                    self.first_heading, self.first_heading_level_line = title, level
                heading_open = True
                self.stack.clear()
                self.last_argument = None
                after_blank = False
                continue
            if _BAR.match(s) or (_BAR_RULE.match(s) and not _REL.match(s)):
                m = _BAR_RULE.match(s)
                self._bar(n, m.group(1) if m else None)
                if not m and self.pcs is not None:
                    nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j].strip()), "")
                    rule_open = not _PCS.match(nxt)
                after_blank = False
                continue
            m = _PCS.match(s)
            if m and (self.pcs is not None or not self.stack or after_blank or self.element is None
                      or self.element.rel is None):
                self._finish_element()
                if self.pcs is None:
                    self._start_pcs(n)
                self.stack.clear()
                el = self.element = _Element(len(m.group(1)), m.group(3), n, None, None, True)
                pcs = self.pcs
                assert pcs is not None  # started just above
                el.conclusion, el.rule = pcs["bar"], pcs["rule"]
                pcs["bar"], pcs["rule"] = False, None
                after_blank = False
                continue
            indent = len(s) - len(s.lstrip())
            if (m := _REL.match(s)) and not (after_blank and self.pcs is None):
                self._finish_element()
                parent = next((cid for ind, cid in reversed(self.stack) if ind < indent), None)
                if parent is None:
                    self.b.warn(n, f"a relation ({m.group(2)}) with no statement or argument above it; "
                                "imported as a statement on its own")
                    self.element = _Element(indent, m.group(3), n, None, None, False)
                else:
                    self.element = _Element(indent, m.group(3), n, m.group(2), parent, False)
                after_blank = False
                continue
            if (m := _LIST.match(s)) and (self.element is None or after_blank or self.element.indent >= indent
                                          or self.element.rel is None):
                self._finish_element()
                if self.pcs is None:
                    self.stack = [e for e in self.stack if e[0] < indent]
                self.element = _Element(indent, m.group(3), n, None, None, False)
                after_blank = False
                continue
            if self.element is not None and not after_blank:
                self.element.lines.append(s)  # a continuation line
                continue
            self._finish_element()
            if self.pcs is None:
                self.stack.clear()
            self.element = _Element(indent if self.pcs is not None else -1, s, n, None, None, False)
            after_blank = False
        self._finish_element()
        if self.pcs is not None:
            self._end_pcs()
        self._resolve_undercuts()
        return self.b.finish(self.title or self.first_heading or _title_from(self.b.path))

    def _note_rule(self, text: str) -> None:
        if self.pcs is not None:
            self.pcs["rule"] = " ".join(filter(None, [self.pcs.get("rule"), text]))

    def _resolve_undercuts(self) -> None:
        b = self.b
        for frm, target, line in self.undercuts:
            sup = b.claims[target].supports
            to = self.main_conclusion.get(target) or (sup[0] if sup else None)
            if to is None:
                b.warn(line, f"an undercut (_) of '{target}', which supports nothing: imported as an attack")
                b.attack(frm, target, line)
            else:
                b.undercut(frm, (target, to), line)


def _title_from(path: str) -> str:
    from pathlib import Path

    return Path(path).stem or "Imported Argdown"


def _clean(text: str) -> str:
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def read(text: str, path: str) -> tuple[ArgMap | None, list[Diagnostic]]:
    try:
        return _Reader(text, path).read()
    except ReadError as e:
        b = Builder(path)
        b.error(e.line, e.message)
        return None, b.diagnostics


# -- writing -------------------------------------------------------------------

_SPECIAL = re.compile(r"[\\@#*_\[\]<>{}/!]|[.:](?=\S)")


def escape(text: str) -> str:
    """``text`` as Argdown text on one line: white space runs become one
    space (Argdown has no line breaks in a statement) and every character
    Argdown gives a meaning is escaped with a backslash."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), " ".join(text.split()))


def _tag(tag: str) -> str:
    t = " ".join(tag.split())
    return f"#({t})" if ")" not in t and t else ""


def write(m: ArgMap) -> str:
    """Every claim as a statement ``[id]: text #(tags)`` (as an argument
    ``<id>: text`` when a link from it is undercut, since Argdown undercuts
    arguments), then each claim's outgoing relations under it."""
    arguments = {u.from_ for c in m.claims.values() for u in c.undercuts}

    def ref(cid: str) -> str:
        return f"<{cid}>" if cid in arguments else f"[{cid}]"

    out = ["===", f"title: {json.dumps(' '.join(m.title.split()), ensure_ascii=False)}", "===", ""]
    for cid, c in m.claims.items():
        tags = " ".join(filter(None, (_tag(t) for t in c.tags)))
        out.append(f"{ref(cid)}: {escape(c.text)}" + (f" {tags}" if tags else ""))
        out.append("")
    for cid, c in m.claims.items():
        rels = [f"  +> {ref(t)}" for t in c.supports] + [f"  -> {ref(t)}" for t in c.attacks]
        rels += [f"  _> {ref(u.from_)}" for u in c.undercuts]
        if rels:
            out += [ref(cid), *rels, ""]
    return "\n".join(out)
