"""The coder's own sentence splitter against spaCy's rule-based sentencizer, on a bench file.

    .venv/bin/python benchmarks/bench_sentences.py [../shared/bench/articles_dev.jsonl]

Codes the file twice in one process, once with each splitter behind ``segment.units``, and prints the
bench's summary line for each with the splitter's CPU per report. The library replaces our splitter only
where it does the job better (issue: rules as data, libraries where they do the job).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy

from conflictwatch.evaluate import group_predictions, load_gold, score
from conflictwatch.extract import segment
from conflictwatch.ingest import parse_date
from conflictwatch.pipeline import Coder
from conflictwatch.records import Report, Sentence, Span

ROOT = Path(__file__).resolve().parents[1]
OWN = segment.split_sentences


def _spacy_splitter():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000

    def split(text: str, deadline: object = segment.NO_DEADLINE, lang: str = "en") -> list[Sentence]:
        out = []
        for sent in nlp(text).sents:
            body = sent.text.strip()
            if body and any(ch.isalpha() for ch in body):
                start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
                out.append(Sentence(Span(start, start + len(body)), body))
        return out

    return split


def run(gold: Path, splitter, label: str) -> None:  # type: ignore[no-untyped-def]
    segment.split_sentences = splitter
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.process_time()
    for row in rows:
        splitter(row["text"])
    split_ms = (time.process_time() - started) * 1000 / len(rows)
    coder = Coder()
    events = [json.loads(json.dumps(event.to_dict(), default=str)) for row in rows
              for event in coder.code(Report(row["id"], row["text"], parse_date(row.get("published"), row["id"])))]
    result = score(load_gold(gold), group_predictions(events))
    picked = {k: result[k]["weighted_f1"] if isinstance(result[k], dict) else result[k]
              for k in ("detection_f1", "event_type", "sub_event_type", "date_exact", "fatalities_exact", "actor_f1")}
    print(f"{label:6} split {split_ms:.3f} ms CPU/report  " + "  ".join(f"{k}={v:.3f}" for k, v in picked.items()))


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "bench" / "articles_dev.jsonl"
    run(gold, OWN, "own")
    run(gold, _spacy_splitter(), "spaCy")
    segment.split_sentences = OWN


if __name__ == "__main__":
    main()
