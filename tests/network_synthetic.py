"""A synthetic content tree with many actors: the mini fixture plus `n` generated actors and about
two relations each, in camps (sides), with memberships, hostilities across camps and dates.

    python tests/network_synthetic.py OUT_DIR [N]    # writes a content tree to build and look at
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SIDES = [("opposition", "#b45309"), ("government", "#1d4ed8"), ("camp-c", "#009e73"),
         ("camp-d", "#b0539a"), ("camp-e", "#7b61c4"), ("camp-f", "#808080")]
KINDS = ["state", "government", "armed-forces", "armed-group", "coalition", "militia", "person",
         "person", "person", "media", "organisation"]
FRIENDLY = ["backs", "supports", "allied-with", "meets", "calls", "commands", "speaks-for"]
HOSTILE = ["fights", "condemns", "blames"]


def synthetic_content(target: Path, n: int, seed: int = 7) -> Path:
    shutil.copytree(MINI, target)
    rng = random.Random(seed)
    site = yaml.safe_load((target / "site.yaml").read_text())
    site["sides"] = [{"id": i, "title": f"Camp {i}", "colour": c} for i, c in SIDES]
    (target / "site.yaml").write_text(yaml.safe_dump(site, sort_keys=False))
    actors = yaml.safe_load((target / "actors.yaml").read_text())
    relations = yaml.safe_load((target / "relations.yaml").read_text())
    camp_of = {}
    for i in range(n):
        ident = f"actor-{i:03d}"
        side = SIDES[i % len(SIDES)][0] if rng.random() > 0.1 else None
        actor = {"id": ident, "name": f"Synthetic actor number {i}", "short_name": f"A{i}",
                 "kind": rng.choice(KINDS)}
        same = [a for a, s in camp_of.items() if s == side]
        if same and rng.random() < 0.4:
            actor["part_of"] = rng.choice(same)
        if side:
            actor["side"] = side
        camp_of[ident] = side
        actors.append(actor)
    ids = list(camp_of)
    start = dt.date(2024, 11, 20)
    for _ in range(2 * n):
        a = rng.choice(ids)
        friendly = rng.random() < 0.7
        pool = [b for b in ids if b != a and (camp_of[b] == camp_of[a]) == friendly] or [b for b in ids if b != a]
        relation = {"from": a, "to": rng.choice(pool),
                    "type": rng.choice(FRIENDLY if friendly else HOSTILE), "sources": ["sohr"]}
        if rng.random() < 0.3:
            relation["since"] = start + dt.timedelta(days=rng.randrange(12))
            if rng.random() < 0.3:
                relation["until"] = relation["since"] + dt.timedelta(days=rng.randrange(4))
        relations.append(relation)
    (target / "actors.yaml").write_text(yaml.safe_dump(actors, sort_keys=False))
    (target / "relations.yaml").write_text(yaml.safe_dump(relations, sort_keys=False))
    return target


if __name__ == "__main__":
    out = synthetic_content(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 300)
    print(out)
