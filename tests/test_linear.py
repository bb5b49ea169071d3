"""Bounded coding: adversarial runs finish with sensible units, the per-report deadline names the report
and lets the batch go on, and the linear-time rewrites give the results of the old code.

No timings are asserted here (they are in benchmarks/bench_linear.py): a super-linear regex would make
these tests run for minutes, which the suite's time limit catches."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.cli import main
from conflictwatch.errors import CodingDeadlineError
from conflictwatch.extract import segment
from conflictwatch.pipeline import Coder, Options, code_reports
from conflictwatch.records import Report, ReportFailure, Sentence, Span

DATA = Path(__file__).resolve().parent / "data"
OPENING = "On 3 May 2020, gunmen attacked a checkpoint near the town of Kandahar"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL = {
    "spaces": lambda n: OPENING + " " * n + "and killed two soldiers.",
    "tabs": lambda n: OPENING + "\t" * n + "and killed two soldiers.",
    "dots": lambda n: OPENING + "." * n + "x killed two soldiers.",
    "dot-space": lambda n: OPENING + _repeat(". ", n) + "Two soldiers were killed.",
    "initials": lambda n: OPENING + " " + _repeat("Mr. A. ", n) + "said two soldiers were killed.",
    "capitalised": lambda n: OPENING + " " + _repeat("Abu Kamal Deir Hasakah ", n) + "were shelled.",
    "hyphened": lambda n: OPENING + " " + _repeat("Abc-", n) + " killed two soldiers.",
    "digits": lambda n: OPENING + " " + "7" * n + " soldiers were killed.",
    "digit-space": lambda n: OPENING + " " + _repeat("7 ", n) + "soldiers were killed.",
    "newline-space": lambda n: OPENING + "\n" + " " * n + "Two soldiers were killed.",
}


# -- the segmenter before the rewrite, kept as the reference for ordinary text ----------------------

_OLD_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"U\.S|U\.N|U\.K|approx|vs|etc|Gov|Sen|Rep|Brig|Cpl|Pvt|Prof|Jr|Sr|Inc|Co|Ltd|Dist|Prov)\.|\b[A-Z]\.)$")
_OLD_SENT_END = re.compile(r"[.!?]+[\"'”’)]*\s+|\n\s*\n+|\n(?=\s*[*#=\-]{3,})|\n(?=[A-Z\"“])")
_OLD_NEW_INCIDENT = re.compile(
    r",?\s+(?:and|while|as well as|whereas)\s+(?:in\s+)?(?:another|a separate|a second|a further|other)\s+"
    r"(?=incident|attack|clash|explosion|blast|bomb|raid|strike|shooting|ambush)", re.I)


def _old_units(text: str) -> list[tuple[int, int, str, bool]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _OLD_SENT_END.finditer(text):
        piece = text[start:m.start() + len(m.group(0).rstrip())]
        if _OLD_ABBREV.search(piece.rstrip(".!?\"'”’) ") + ".") and "\n" not in m.group(0):
            continue
        pieces.append((start, m.end()))
        start = m.end()
    pieces.append((start, len(text)))
    out = []
    for a, b in pieces:
        raw = text[a:b]
        body = raw.strip()
        if not body or re.match(r"^\W*(?:press\s+statement|statement|update|breaking)\W*$", body, re.I) \
                or not re.search(r"[A-Za-z\u0600-\u06FF]", body):
            continue
        s = a + len(raw) - len(raw.lstrip())
        cuts = list(_OLD_NEW_INCIDENT.finditer(body))
        prev = 0
        for m in cuts:
            out.append((s + prev, s + m.start(), body[prev:m.start()], prev > 0))
            prev = m.end()
        out.append((s + prev, s + len(body), body[prev:], bool(cuts)))
    return [u for u in out if u[2].strip()]


def _units(text: str) -> list[tuple[int, int, str, bool]]:
    return [(u.span.start, u.span.end, u.text, u.opens_incident) for u in segment.units(text)]


_TOKENS = ["Mr.", "Gen.", "U.S.", "A.", "J.", "No.", "etc.", "word", "Kabul", "killed", "and another attack",
           ", and a separate incident", "while another", "Statement", "(AFP)", "said.", "\"Yes.\"", "’", ")", "...",
           "!", "?!", ".", ". ", " ", "  ", "\t", "\n", "\n\n", "\n \n", "---", "\n***", "7", "12.5", "Hasakah's"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=60).map(lambda ts: " ".join(ts) if len(ts) % 2 else "".join(ts)))
def test_units_are_those_of_the_old_segmenter_on_ordinary_text(text: str) -> None:
    assert _units(text) == _old_units(text)


def test_units_are_those_of_the_old_segmenter_on_the_test_articles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "articles").glob("*.txt"))]
    for name in ("articles_gold.jsonl", "articles_gold_b.jsonl"):
        texts += [json.loads(line)["text"] for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
    assert len(texts) > 20
    for text in texts:
        assert _units(text) == _old_units(text)


# -- adversarial runs ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_adversarial_runs_segment_into_bounded_units(kind: str) -> None:
    text = ADVERSARIAL[kind](64 * 1024)
    units = segment.units(text)
    assert units, kind
    assert units[0].text.startswith("On 3 May 2020, gunmen attacked")
    for unit in units:
        assert text[unit.span.start : unit.span.end] == unit.text
        assert len(unit.text) <= segment.MAX_SENTENCE_CHARS
    # nothing with letters is lost: the last words of the text are in the last unit
    assert units[-1].text.rstrip(".").endswith(text.rstrip(".").split()[-1])
    assert all(a.span.end <= b.span.start for a, b in zip(units, units[1:], strict=False))


def test_a_long_line_of_prose_is_cut_into_sentence_sized_units() -> None:
    clause = "gunmen fired on a convoy near the village and the soldiers returned fire "
    text = "On Monday " + _repeat(clause, 300_000)
    units = segment.units(text)
    assert len(units) >= 300_000 // segment.MAX_SENTENCE_CHARS
    assert max(len(u.text) for u in units) <= segment.MAX_SENTENCE_CHARS
    assert all(not u.text.startswith(" ") and not u.text.endswith(" ") for u in units)  # cut at spaces
    assert sum(len(u.text.split()) for u in units) == len(text.split())  # no word split or lost


def test_a_chain_of_abbreviations_is_one_sentence() -> None:
    text = "Gen. " * 400 + "Smith spoke. Then a bomb exploded."
    sentences = segment.split_sentences(text)
    assert [s.text for s in sentences][-1] == "Then a bomb exploded."
    assert sum(len(s.text) for s in sentences[:-1]) >= len("Gen. " * 400) - 400


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder(Options(deadline=None))


@pytest.mark.parametrize("kind", ["spaces", "dots", "initials", "capitalised", "digit-space"])
def test_adversarial_reports_code_to_events(coder: Coder, kind: str) -> None:
    report = Report(id=kind, text=ADVERSARIAL[kind](32 * 1024), published=dt.date(2020, 5, 4))
    events = coder.code(report)
    assert events, kind
    first = events[0]
    assert first.event_date == dt.date(2020, 5, 3)
    assert first.event_type in ("Battles", "Violence against civilians", "Explosions/Remote violence")
    assert any("Kandahar" in name for name in first.places_mentioned)


# -- the deadline ----------------------------------------------------------------------------------

def test_a_report_over_the_deadline_is_named_and_the_batch_goes_on() -> None:
    reports = [Report(id=f"r{i}", text=f"On 3 May 2020, gunmen killed {n} soldiers in Kandahar.", origin=f"file-{i}",
                      published=dt.date(2020, 5, 4)) for i, n in enumerate(("two", "three", "four"))]
    out = list(code_reports(reports, Coder(Options(deadline=1e-9))))
    assert [type(x) for x in out] == [ReportFailure] * 3
    assert [f.report_id for f in out] == ["r0", "r1", "r2"]  # type: ignore[union-attr]
    assert [f.origin for f in out] == ["file-0", "file-1", "file-2"]  # type: ignore[union-attr]
    assert {f.code for f in out} == {CodingDeadlineError.code} == {"CW210"}  # type: ignore[union-attr]
    assert all("deadline" in f.message for f in out)  # type: ignore[union-attr]
    # the same reports within a usual deadline: coded
    coded = list(code_reports(reports, Coder(Options())))
    assert not [x for x in coded if isinstance(x, ReportFailure)]
    assert sorted(e.fatalities for e in coded) == [2, 3, 4]  # type: ignore[union-attr]


def test_extract_deadline_flag(tmp_path: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text("On 3 May 2020, gunmen killed two soldiers in Kandahar.", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("On 3 May 2020, protesters marched in Kabul.", encoding="utf-8")
    runner = CliRunner()
    tight = runner.invoke(main, ["extract", str(slow), str(other), "--published", "2020-05-04", "--deadline", "1e-9",
                                 "--no-geocode"], catch_exceptions=False)
    assert tight.exit_code == 1
    assert tight.stdout.strip() == ""
    for path in (slow, other):
        assert f"error: {path}: coding stopped" in tight.stderr and "[CW210]" in tight.stderr
    unlimited = runner.invoke(main, ["extract", str(slow), str(other), "--published", "2020-05-04", "--deadline", "0",
                                     "--no-geocode"], catch_exceptions=False)
    assert unlimited.exit_code == 0
    assert len(unlimited.stdout.strip().splitlines()) == 2


# -- the geocoder reads a text once ----------------------------------------------------------------

def test_a_cached_reading_gives_what_a_fresh_geocoder_gives() -> None:
    from conflictwatch.geo import Geocoder, default_geocoder

    shared = default_geocoder()
    rows = [json.loads(line) for line in (DATA / "articles_gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    checked = 0
    for row in rows:
        text = row["text"]
        sentences: list[Sentence] = segment.split_sentences(text)
        focuses: list[Span | None] = [None] + [s.span for s in sentences[:6]]
        for focus in focuses:
            for hint in (None, "Syria", "Nigeria"):
                fresh = Geocoder(shared.gazetteer).explain(text, focus, hint)
                assert shared.explain(text, focus, hint) == fresh
                checked += 1
    assert checked > 100
