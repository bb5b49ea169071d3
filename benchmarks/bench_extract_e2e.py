"""`conflictwatch extract` end to end, as a user runs it: start-up, reading, coding on N workers, writing.

    .venv/bin/python benchmarks/bench_extract_e2e.py [--gold ../shared/bench/dev.jsonl] [--jobs 0 1]
                                                     [--repeat 3] [--check-identical] [--no-geocode]
                                                     [--src OTHER/src ...]

Each run starts `python -m conflictwatch -q extract GOLD -o TMP [--jobs N]` (``--jobs 0``: the default,
every core) and watches its process tree through /proc every 20 ms: the CPU seconds of each process (the
parent and each worker), the peak of the tree's summed RSS (and PSS: forked workers share the parent's
loaded pages, which RSS counts once per process). Prints per run: jobs, wall s, reports/s, CPU s per
process, peak tree RSS/PSS, the load average before and after; then min and median per jobs setting.
``--src`` runs each setting also with another checkout's ``src`` first on PYTHONPATH (before/after a change,
alternated run by run). ``--check-identical`` compares the outputs of every run byte for byte. Not part of the unit tests; the
machine may be shared, so read the CPU figures beside the wall ones. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "dev.jsonl"
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Run:
    jobs: int
    src: str
    wall: float
    reports: int
    cpu: dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds (user + system), last seen
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    load_before: str = ""
    load_after: str = ""
    output: Path | None = None

    @property
    def rate(self) -> float:
        return self.reports / self.wall


def _children(pid: int) -> list[int]:
    found = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for thread in threads:  # a worker may be forked from any thread of its parent
        try:
            with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as handle:
                found.extend(int(p) for p in handle.read().split())
        except OSError:
            continue
    return found


def _tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(_children(pid))
    return pids


def _cpu_and_rss(pid: int) -> tuple[float, float] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the command name: state is field 3, utime 14, stime 15, rss 24 (1-based, man 5 proc)
    return (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE_KB / 1024


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _loadavg() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def run_once(gold: Path, jobs: int, reports: int, out_dir: Path, index: int, no_geocode: bool, src: str) -> Run:
    output = out_dir / f"events-{len(src)}-j{jobs}-{index}.jsonl"
    command = [sys.executable, "-m", "conflictwatch", "-q", "extract", str(gold), "-o", str(output)]
    if jobs:
        command += ["--jobs", str(jobs)]
    if no_geocode:
        command.append("--no-geocode")
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    run = Run(jobs, src, 0.0, reports, load_before=_loadavg(), output=output)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    pss_every, tick = 10, 0  # smaps_rollup costs more than stat: read it every 10th sample
    while process.poll() is None:
        rss = pss = 0.0
        for pid in _tree(process.pid):
            seen = _cpu_and_rss(pid)
            if seen is None:
                continue
            run.cpu[pid] = seen[0]
            rss += seen[1]
            if tick % pss_every == 0:
                pss += _pss_mb(pid)
        run.peak_rss_mb = max(run.peak_rss_mb, rss)
        run.peak_pss_mb = max(run.peak_pss_mb, pss)
        tick += 1
        time.sleep(0.02)
    run.wall = time.perf_counter() - started
    run.load_after = _loadavg()
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"extract failed ({process.returncode}): {stderr[-2000:]}")
    parent = run.cpu.pop(process.pid, 0.0)
    run.cpu = {process.pid: parent, **dict(sorted(run.cpu.items()))}
    return run


def describe(run: Run) -> str:
    parent, *workers = run.cpu.values()
    cpu = f"parent {parent:.2f}" + (f", workers {' + '.join(f'{w:.2f}' for w in workers)}" if workers else "")
    return (f"{_label(run.jobs, run.src)}: {run.wall:6.2f} s wall, {run.rate:6.1f} reports/s; CPU s {cpu} "
            f"(total {sum(run.cpu.values()):.2f}); peak tree RSS {run.peak_rss_mb:.0f} MB, PSS {run.peak_pss_mb:.0f} MB; "
            f"load {run.load_before} -> {run.load_after}")


def _label(jobs: int, src: str) -> str:
    return f"jobs {jobs or 'default'}" + (f" [{src}]" if src else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--jobs", type=int, nargs="+", default=[0, 1], help="0 = the default (every core)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-geocode", action="store_true")
    parser.add_argument("--src", nargs="+", default=[], help="other source trees to run beside this one")
    parser.add_argument("--check-identical", action="store_true", help="every run's output byte-identical")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} not found (the bench lives in ../shared/bench/)")
        return 0
    with args.gold.open(encoding="utf-8") as handle:
        reports = sum(1 for line in handle if line.strip())
    print(f"{args.gold.name}: {reports} reports, {os.cpu_count()} cores, python {sys.version.split()[0]}")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = [(jobs, src) for jobs in args.jobs for src in ["", *args.src]]
        for index in range(args.repeat):
            for jobs, src in settings:  # alternate the settings, so a change in the machine's load hits all
                run = run_once(args.gold, jobs, reports, Path(tmp), index, args.no_geocode, src)
                runs.append(run)
                print(describe(run), flush=True)
        for jobs, src in settings:
            mine = [r for r in runs if r.jobs == jobs and r.src == src]
            walls = [r.wall for r in mine]
            cpus = [sum(r.cpu.values()) for r in mine]
            print(f"{_label(jobs, src)}: wall min {min(walls):.2f} s ({reports / min(walls):.1f} reports/s), "
                  f"median {statistics.median(walls):.2f} s ({reports / statistics.median(walls):.1f} reports/s); "
                  f"CPU total median {statistics.median(cpus):.2f} s; peak tree RSS max "
                  f"{max(r.peak_rss_mb for r in mine):.0f} MB")
        if args.check_identical:
            first = runs[0].output
            different = [r.output.name for r in runs[1:]
                         if r.output and first and not filecmp.cmp(first, r.output, shallow=False)]
            print("outputs byte-identical across runs" if not different else f"outputs DIFFER: {different}")
            if different:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
