"""Generate a valid argmap/1 map of N claims, shaped like a real debate map."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from argmap.io import dump
from argmap.model import Annotation, ArgMap, Claim, Kind, Quote, Source, Undercut

WORDS = ["NATO", "Israel", "alliance", "partner", "security", "threat", "Iran", "Hormuz", "corridor", "missile", "drone", "cyber", "intelligence", "Europe", "burden", "sharing", "policy", "region", "network", "terrorism", "consent", "veto", "Turkey", "Jordan", "maritime", "planning", "operation", "coalition", "obligation", "Article", "5", "membership", "structure"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(n: int, seed: int = 1) -> ArgMap:
    rng = random.Random(seed)
    claims: dict[str, Claim] = {}
    ids: list[str] = []
    roots = max(1, n // 200)
    for i in range(n):
        cid = f"c{i}"
        text = sentence(rng, rng.randint(8, 30))
        if i < roots:
            c = Claim(kind=Kind.CONCLUSION, text=text, tags=["thesis"])
        else:
            r = rng.random()
            target = ids[rng.randrange(len(ids))]
            quote = Quote(source="oped", text=sentence(rng, 6), locator=f"para {rng.randint(1, 40)}") if rng.random() < 0.3 else None
            notes = [Annotation(text=sentence(rng, 6), by="coach", at="2026-11-25T10:00:00Z")] if rng.random() < 0.1 else []
            tags = rng.sample(["factual", "needs-check", "rhetoric", "implicit"], rng.randint(0, 2))
            if r < 0.55:
                kind = rng.choice([Kind.PREMISE, Kind.EVIDENCE])
                c = Claim(kind=kind, text=text, supports=[target], quote=quote, tags=tags, annotations=notes)
            elif r < 0.9 or not claims[target].supports:
                kind = rng.choice([Kind.COUNTERPOINT, Kind.REBUTTAL])
                c = Claim(kind=kind, text=text, attacks=[target], quote=quote, tags=tags,
                          strength=round(rng.random(), 2), annotations=notes)
            else:
                link_to = claims[target].supports[0]
                c = Claim(kind=Kind.COUNTERPOINT, text=text,
                          undercuts=[Undercut(**{"from": target, "to": link_to})], tags=tags)
        claims[cid] = c
        ids.append(cid)
    return ArgMap(
        argmap=1,
        title=f"Generated map of {n} claims",
        sources={"oped": Source(title="Generated source", author="argmap benchmarks", date="2026-11-25")},
        claims=claims,
    )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"map-{n}.yaml")
    out.write_text(dump(generate(n)), encoding="utf-8")
    print(out)
