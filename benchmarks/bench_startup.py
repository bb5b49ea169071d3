"""What `extract` spends before it codes its first report, part by part, in fresh processes.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 5] [--src OTHER/src ...]

Each run starts a new Python that loads what the coder loads, in the order the pool's warm-up does,
and times each part in CPU seconds (``time.process_time``; wall beside it): importing the extract path
(the CLI, the pipeline, the runner), opening the gazetteer, the actor dictionary, the rules the
classifier, counts and dates read, the language identifier's model, spaCy's import and its parser, and
the warm-up report (the patterns and tables compiled on first use). Runs alternate between the data dir's
cache in use (``warm cache``: read back what an earlier run built) and ``CONFLICTWATCH_CACHE=off``
(everything built, as on a first run), and, with ``--src``, between this checkout and another's ``src``.
Prints each part's minimum and median CPU and the load average. Not part of the unit tests: the machine
may be shared, so read the minimum. Whether the sources carry compiled bytecode (``make install`` compiles
them) is printed too: without it every start-up compiles them again (~0.3 s).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import json, time
laps, t0, w0 = {}, time.process_time(), time.perf_counter()
laps["python start"] = (t0, 0.0)
def lap(name, fn=None):
    global t0, w0
    if fn is not None:
        fn()
    t, w = time.process_time(), time.perf_counter()
    laps[name] = (t - t0, w - w0)
    t0, w0 = t, w
import conflictwatch.cli, conflictwatch.pipeline, conflictwatch.run, conflictwatch.export  # noqa: E401
lap("imports (cli, pipeline, run)")
from conflictwatch.pipeline import Coder, Options
from conflictwatch.extract import actors, classify, counts, dates, roles
from conflictwatch.ingest.language import rules_language
from conflictwatch.records import Report
from conflictwatch.run import code_chunk
coder = Coder(Options())
lap("gazetteer open", lambda: coder.geocoder)
lap("actor dictionary", actors.dictionary)
lap("classify, counts, dates rules",
    lambda: (classify.classify("Gunmen attacked a checkpoint.", 0), counts.rules(), dates.rules()))
lap("language model", lambda: rules_language("Gunmen attacked a checkpoint."))
lap("spaCy import", lambda: __import__("spacy"))
lap("spaCy parser load", roles.parser_available)
lap("warm-up report", lambda: code_chunk("warm-up", coder, [Report("warm-up", "On 3 May 2021, gunmen attacked a "
    "checkpoint in Kunduz, killing two soldiers, officials said.")]))
print(json.dumps({name: list(v) for name, v in laps.items()}))
"""


def run_child(src: str, cache: bool) -> dict[str, tuple[float, float]]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    if not cache:
        env["CONFLICTWATCH_CACHE"] = "off"
    out = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=True)
    return {k: (v[0], v[1]) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def _bytecode(src: Path) -> str:
    sources = list(src.rglob("*.py"))
    compiled = sum(1 for p in sources if list((p.parent / "__pycache__").glob(f"{p.stem}.*.pyc")))
    return f"{compiled} of {len(sources)} modules have bytecode"


def _loadavg() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--src", nargs="+", default=[], help="other source trees to run beside this one")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1] / "src"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {here}: {_bytecode(here)}; load {_loadavg()}")
    for src in args.src:
        print(f"{src}: {_bytecode(Path(src))}")
    settings = [(src, cache) for src in ["", *args.src] for cache in (True, False)]
    runs: dict[tuple[str, bool], list[dict[str, tuple[float, float]]]] = {s: [] for s in settings}
    for _ in range(args.repeat):
        for src, cache in settings:  # alternated, so a change in the machine's load hits every setting
            runs[(src, cache)].append(run_child(src, cache))
    for (src, cache), found in runs.items():
        print(f"\n{src or 'this checkout'}, {'warm cache' if cache else 'CONFLICTWATCH_CACHE=off'} "
              f"({len(found)} runs): CPU s min / median (wall median)")
        for part in found[0]:
            cpu = [r[part][0] for r in found]
            wall = [r[part][1] for r in found]
            print(f"  {part:32s} {min(cpu):6.3f} / {statistics.median(cpu):6.3f}  ({statistics.median(wall):6.3f})")
        totals = [sum(v[0] for v in r.values()) for r in found]
        print(f"  {'total':32s} {min(totals):6.3f} / {statistics.median(totals):6.3f}")
    print(f"\nload {_loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
