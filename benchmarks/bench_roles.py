"""Who did what to whom: both sides right on short one-incident reports, with and without the parse.

    .venv/bin/python benchmarks/bench_roles.py [tests/data/roles_gold.jsonl]

Each line of the gold file is a report with the expected ``actor1`` and ``actor2``; an actor counts
as right when the coded name starts with the expected one (branch years and factions aside). The
figure "both sides right" is the share of reports whose first event has both right.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conflictwatch.extract import actors as actor_stage
from conflictwatch.ingest import parse_date
from conflictwatch.pipeline import default_coder
from conflictwatch.records import Report

ROOT = Path(__file__).resolve().parents[1]


def right(coded: str | None, expected: str) -> bool:
    return bool(coded) and coded.lower().startswith(expected.lower())  # type: ignore[union-attr]


def score(rows: list[dict]) -> tuple[float, float, list[str]]:
    coder = default_coder()
    both = first = 0
    wrong = []
    for row in rows:
        events = coder.code(Report(row["id"], row["text"], parse_date(row.get("published"), row["id"])))
        e = events[0] if events else None
        a1 = right(e.actor1, row["actor1"]) if e else False
        a2 = right(e.actor2, row["actor2"]) if e else False
        first += a1
        both += a1 and a2
        if not (a1 and a2):
            wrong.append(f"{row['id']}: {e.actor1 if e else None} | {e.actor2 if e else None}")
    return both / len(rows), first / len(rows), wrong


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "roles_gold.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with_parse = score(rows)
    original = actor_stage.syntax_roles
    actor_stage.syntax_roles = lambda *args, **kwargs: {}  # type: ignore[assignment]
    try:
        without = score(rows)
    finally:
        actor_stage.syntax_roles = original  # type: ignore[assignment]
    print(f"{len(rows)} reports  both sides right: {with_parse[0]:.3f} with the parse, {without[0]:.3f} without; "
          f"actor1 right: {with_parse[1]:.3f} / {without[1]:.3f}")
    for line in with_parse[2]:
        print("  wrong:", line)


if __name__ == "__main__":
    main()
