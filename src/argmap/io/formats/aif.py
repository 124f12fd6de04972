"""AIF JSON (the Argument Interchange Format of AIFdb and OVA), plain or
wrapped as xAIF/OVA (``{"AIF": {...}}``).

I-nodes are claims; an RA node makes each of its premises support each of
its conclusions; a CA node makes its attacker attack an I-node, or undercut
the inferences of an RA node.  Dialogue nodes (L, YA, TA) and MA/PA nodes
are skipped, with one warning that counts them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from ...model import ArgMap, Severity
from ...model.schema import ID_RE
from ..loader import Diagnostic
from .base import Builder


def sniff(text: str) -> bool:
    head = text.lstrip()[:4000]
    return head.startswith("{") and '"nodes"' in head and ('"nodeID"' in head or '"AIF"' in head)


def _line(text: str, needle: str) -> int:
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else 1


def _node_lines(text: str) -> dict[str, int]:
    """The line of each ``"nodeID"``, in one pass over the text."""
    out: dict[str, int] = {}
    line, pos = 1, 0
    for m in re.finditer(r'"nodeID"\s*:\s*"?([^",}\s]+)', text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.setdefault(m.group(1), line)
    return out


def read(text: str, path: str) -> tuple[ArgMap | None, list[Diagnostic]]:
    b = Builder(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        b.diagnostics.append(Diagnostic(path, e.lineno, e.colno, Severity.ERROR, f"not JSON: {e.msg}"))
        return None, b.diagnostics
    if isinstance(doc, dict) and isinstance(doc.get("AIF"), dict):
        doc = doc["AIF"]
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list) or not isinstance(doc.get("edges"), list):
        b.error(1, "not AIF: expected a JSON object with 'nodes' and 'edges' lists (or one under 'AIF')")
        return None, b.diagnostics
    lines = _node_lines(text)
    types: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    claim_of: dict[str, str] = {}
    for node in doc["nodes"]:
        nid = node.get("nodeID") if isinstance(node, dict) else None
        if nid is None or not isinstance(node.get("type"), str):
            where = _line(text, json.dumps(node)[:40]) if isinstance(node, dict) else 1
            b.error(where, "an AIF node needs a 'nodeID' and a 'type'")
            return None, b.diagnostics
        nid = str(nid)
        if nid in types:
            b.error(_line(text, f'"{nid}"'), f"node id '{nid}' is used twice")
            return None, b.diagnostics
        kind = node["type"]
        types[nid] = kind
        if kind == "I":
            body = node.get("text")
            line = lines.get(nid, 1)
            if not isinstance(body, str) or not body.strip():
                b.error(line, f"I-node '{nid}' has no text")
                return None, b.diagnostics
            cid = nid if ID_RE.match(nid) and nid not in b.claims else b.new_id(f"i-{nid}")
            claim_of[nid] = b.add(cid, body, line)
        elif kind not in ("RA", "CA"):
            skipped[kind] += 1
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for edge in doc["edges"]:
        if not isinstance(edge, dict) or "fromID" not in edge or "toID" not in edge:
            b.error(1, "an AIF edge needs 'fromID' and 'toID'")
            return None, b.diagnostics
        a, z = str(edge["fromID"]), str(edge["toID"])
        for end in (a, z):
            if end not in types:
                line = _line(text, f'"{edge.get("edgeID")}"') if "edgeID" in edge else 1
                b.error(line, f"an edge names node '{end}', which is not among the nodes")
                return None, b.diagnostics
        out.setdefault(a, []).append(z)
        into.setdefault(z, []).append(a)
    links: dict[str, list[tuple[str, str]]] = {}
    for nid, kind in types.items():
        if kind != "RA":
            continue
        line = lines.get(nid, 1)
        premises = [claim_of[p] for p in into.get(nid, ()) if p in claim_of]
        conclusions = [claim_of[c] for c in out.get(nid, ()) if c in claim_of]
        if not premises or not conclusions:
            b.warn(line, f"RA node '{nid}' lacks a premise or a conclusion I-node; skipped")
            continue
        links[nid] = []
        for c in conclusions:
            for p in premises:
                b.support(p, c, line)
                links[nid].append((p, c))
    for nid, kind in types.items():
        if kind != "CA":
            continue
        line = lines.get(nid, 1)
        attackers = [claim_of[p] for p in into.get(nid, ()) if p in claim_of]
        targets = out.get(nid, ())
        if not attackers or not targets:
            b.warn(line, f"CA node '{nid}' lacks an attacker or a target; skipped")
            continue
        for t in targets:
            for a in attackers:
                if t in claim_of:
                    b.attack(a, claim_of[t], line)
                elif t in links:
                    for link in links[t]:
                        b.undercut(a, link, line)
                else:
                    b.warn(line, f"CA node '{nid}' attacks a {types[t]} node ('{t}'); skipped")
    if skipped:
        what = ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        b.warn(1, f"skipped nodes argmap does not hold (dialogue, rephrase, preference): {what}")
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    return b.finish(title or "Imported AIF")


def write(m: ArgMap) -> str:
    """AIF with one RA node per supports link and one CA node per attack
    and per undercut (aimed at the RA node of the link it undercuts)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    used = set(m.claims)
    counter = [0]

    def fresh(prefix: str) -> str:
        while True:
            counter[0] += 1
            nid = f"{prefix}{counter[0]}"
            if nid not in used:
                used.add(nid)
                return nid

    def edge(a: str, z: str) -> None:
        edges.append({"edgeID": fresh("e"), "fromID": a, "toID": z, "formEdgeID": None})

    for cid, c in m.claims.items():
        nodes.append({"nodeID": cid, "text": c.text, "type": "I"})
    ra_of: dict[tuple[str, str], str] = {}
    for cid, c in m.claims.items():
        for t in c.supports:
            ra = ra_of[(cid, t)] = fresh("ra")
            nodes.append({"nodeID": ra, "text": "Default Inference", "type": "RA"})
            edge(cid, ra)
            edge(ra, t)
    for cid, c in m.claims.items():
        for t in c.attacks:
            ca = fresh("ca")
            nodes.append({"nodeID": ca, "text": "Default Conflict", "type": "CA"})
            edge(cid, ca)
            edge(ca, t)
        for u in c.undercuts:
            ca = fresh("ca")
            nodes.append({"nodeID": ca, "text": "Default Conflict", "type": "CA"})
            edge(cid, ca)
            edge(ca, ra_of[(u.from_, u.to)])
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []}, indent=2, ensure_ascii=False) + "\n"
