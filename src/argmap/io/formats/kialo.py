"""Kialo plain-text discussion exports: ``Discussion Title: ...``, then
``1.`` thesis lines and ``1.1. Pro: ...`` / ``1.1. Con: ...`` children at
any depth; a ``-> See 1.2.3.`` line makes claim 1.2.3 a second child of the
parent (one claim, two relations).  Lines that start with no number continue
the claim above.  Each claim keeps its Kialo number in an annotation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...model import ArgMap
from ..loader import Diagnostic
from .base import Builder

_LINE = re.compile(r"^((?:\d+\.)+)\s*(?:(Pro|Con):\s*)?(.*)$")
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_TITLE = re.compile(r"^Discussion Title:\s*(.*)$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")


def sniff(text: str) -> bool:
    head = text[:4000].lstrip("\ufeff")
    return head.startswith("Discussion Title:") or bool(re.search(r"^1\.\d+\.\s+(Pro|Con):", head, re.M))


def read(text: str, path: str) -> tuple[ArgMap | None, list[Diagnostic]]:
    b = Builder(path)
    title = None
    by_number: dict[str, str] = {}
    pending: list[tuple[str, str, str, int]] = []  # (see, parent, stance, line)
    entries: list[list[Any]] = []  # [number, stance, text lines, line]
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if title is None and not entries and (m := _TITLE.match(line)):
            title = m.group(1).strip()
            continue
        m = _LINE.match(line)
        if m:
            entries.append([m.group(1), m.group(2), [m.group(3)], n])
        elif entries:
            entries[-1][2].append(line)
        else:
            b.error(n, "expected 'Discussion Title: ...' or a numbered claim such as '1. The thesis'")
            return None, b.diagnostics
    for number, stance, lines, n in entries:
        body = "\n".join(lines).strip()
        depth = number.count(".")
        parent_no = number[: number.rstrip(".").rfind(".") + 1] if depth > 1 else None
        if depth > 1 and stance is None:
            b.error(n, f"claim {number} has no 'Pro:' or 'Con:'; Kialo writes '{number} Pro: text'")
            return None, b.diagnostics
        if parent_no is not None and parent_no not in by_number:
            b.error(n, f"claim {number} comes before its parent {parent_no} (or the parent is missing)")
            return None, b.diagnostics
        if number in by_number:
            b.error(n, f"claim number {number} is used twice")
            return None, b.diagnostics
        if m := _SEE.match(body):
            if parent_no is None:
                b.error(n, f"'-> See' on a top-level line ({number}); it must be a Pro or Con")
                return None, b.diagnostics
            pending.append((m.group(1) + ".", by_number[parent_no], stance, n))
            by_number[number] = ""  # a number, no claim: children of a link are not expected
            continue
        if not body:
            b.error(n, f"claim {number} has no text")
            return None, b.diagnostics
        text_clean = _ESCAPE.sub(r"\1", body)
        extra: dict[str, Any] = {"annotations": [{"text": f"Kialo {number}"}]}
        if link := _LINK.search(body):
            sid = f"link-{len(b.sources) + 1}"
            b.sources[sid] = {"title": _ESCAPE.sub(r"\1", link.group(1)), "url": link.group(2)}
            extra["quote"] = {"source": sid, "text": _ESCAPE.sub(r"\1", link.group(1))}
        cid = b.add(f"k{number.rstrip('.').replace('.', '-')}", text_clean, n, **extra)
        by_number[number] = cid
        if parent_no is not None:
            parent = by_number[parent_no]
            if not parent:
                b.warn(n, f"claim {number} is under a '-> See' link line; attached to nothing")
                continue
            (b.support if stance == "Pro" else b.attack)(cid, parent, n)
    for target, parent, stance, n in pending:
        linked = by_number.get(target)
        if not linked:
            b.warn(n, f"'-> See {target}' names no claim in this file; link left out")
            continue
        (b.support if stance == "Pro" else b.attack)(linked, parent, n)
    return b.finish(title or Path(path).stem)
