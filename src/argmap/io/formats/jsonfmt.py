"""The model as JSON (``model_dump``), matching ``argmap schema``."""

from __future__ import annotations

import json

from pydantic import ValidationError

from ...model import ArgMap, Severity
from ...model.messages import describe, validation_problems
from ...model.rules import check
from ..loader import Diagnostic


def write(m: ArgMap) -> str:
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["argmap"] = m.argmap
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def sniff(text: str) -> bool:
    head = text.lstrip()[:4000]
    return head.startswith("{") and '"argmap"' in head


def read(text: str, path: str) -> tuple[ArgMap | None, list[Diagnostic]]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        return None, [Diagnostic(path, e.lineno, e.colno, Severity.ERROR, f"not JSON: {e.msg}")]
    try:
        m = ArgMap.model_validate(raw)
    except ValidationError as e:
        return None, [Diagnostic(path, 1, 1, Severity.ERROR, describe(p.loc, p.message)) for p in validation_problems(e)]
    diags = [Diagnostic(path, 1, 1, p.severity, describe(p.loc, p.message)) for p in check(m.claims, m.sources)]
    return (None if any(d.is_error for d in diags) else m), diags
