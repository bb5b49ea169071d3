"""Running the pipeline over a store: read → language → code → store → dedup, batch by batch.

The store persists and queries only; this module is where the stages meet. Reports are read in
order and cut into batches; reports the store already holds from this coder version are skipped
without coding; the others are coded by an :class:`Engine` — in this process, on a pool of worker
processes (``--jobs N``) or on a Dask cluster (``--cluster``) — and written back by this process,
the single writer, one transaction per batch, in input order. Each batch is deduplicated against
the store as it is committed, so events appear while a long run goes on.

    >>> from conflictwatch.run import ingest_sources
    >>> with open_store("events.db") as store:
    ...     summary = ingest_sources(store, ["reports/"], jobs=2)
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import hashlib
import itertools
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from conflictwatch.errors import EngineError, StoreError
from conflictwatch.ingest.language import coding_status, detect_language, not_coded
from conflictwatch.ingest.sources import SourcedReport, normalise_text, read_sources, user_key
from conflictwatch.pipeline import CODER_VERSION, Coder, code_reports, default_coder
from conflictwatch.progress import bar
from conflictwatch.records import Event, Report, ReportFailure
from conflictwatch.store import Store, default_user
from conflictwatch.store.records import CodedReport, IngestSummary

BATCH_SIZE = 250  # reports per write transaction
_CHUNK = 8  # reports per task sent to a worker


@dataclass(frozen=True)
class Coded:
    """What a worker returns for one report: its language, coding status and events, or a failure."""

    language: str
    status: str
    events: tuple[Event, ...] = ()
    failure: ReportFailure | None = None


# -- coding, in this process or a worker --------------------------------------------------------

_WARM_UP = "On 3 May 2021, gunmen attacked a checkpoint in Kunduz, killing two soldiers, officials said."
_WORKER_CODERS: dict[str, Any] = {}  # per process: the run's coder, built (and its gazetteer opened) once


def code_chunk(run_key: str, coder: Any, reports: Sequence[Report]) -> list[Coded]:
    """Language and events of each report, in order (a task on a worker; also used in-process)."""
    coder = _WORKER_CODERS.setdefault(run_key, coder)
    out = []
    for report in reports:
        language = detect_language(report.text)
        status = coding_status(language)
        if status != "coded":
            out.append(Coded(language, status))
            continue
        events: list[Event] = []
        failure = None
        for item in code_reports([report], coder):
            if isinstance(item, ReportFailure):
                failure = item
            else:
                events.append(item)
        out.append(Coded(language, status, () if failure else tuple(events), failure))
    return out


def _start_worker(driver: int) -> None:
    """In a new pool worker: a gazetteer connection of its own (a forked copy of the driver's must not be
    shared) under the geocoder the driver loaded (its tables stay shared), and exit when the driving process
    is gone (killed with -9, it cannot say so)."""
    import threading

    from conflictwatch.geo import geocoder

    inherited = geocoder._default
    if inherited is not None and callable(getattr(inherited.gazetteer, "reconnect", None)):
        inherited.gazetteer.reconnect()
    else:
        geocoder._default = None  # a gazetteer that cannot reconnect: the worker opens the default anew

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(driver, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                continue

    threading.Thread(target=watch, name="conflictwatch-driver-watch", daemon=True).start()


def _portable(coder: Any) -> Any:
    """The coder as sent to workers: a :class:`Coder` (or subclass) travels without the process-wide
    gazetteer it may have opened (each worker opens its own on first use); any other coder object is
    sent as it is."""
    if not isinstance(coder, Coder):
        return coder
    from conflictwatch.geo import geocoder

    clone = copy.copy(coder)
    if clone._geocoder is not None and (clone._geocoder is geocoder._default or not _picklable(clone._geocoder)):
        clone._geocoder, clone._geocoder_loaded = None, False  # an open gazetteer: each worker opens its own
    return clone


def _picklable(value: Any) -> bool:
    import pickle

    try:
        pickle.dumps(value)
    except (TypeError, AttributeError, pickle.PicklingError):
        return False
    return True


class Pending(Protocol):
    def result(self) -> list[Coded]: ...


class Engine(Protocol):
    """Codes lists of reports somewhere and hands back the results in order."""

    def submit(self, reports: Sequence[Report]) -> Pending: ...

    def close(self) -> None: ...


@dataclass
class _Done:
    value: list[Coded]

    def result(self) -> list[Coded]:
        return self.value


class _Gathered:
    def __init__(self, parts: list[Any], gather: Callable[[list[Any]], list[list[Coded]]],
                 rescue: Callable[[], list[Coded]] | None = None):
        self.parts, self.gather, self.rescue = parts, gather, rescue

    def result(self) -> list[Coded]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return [c for part in self.gather(self.parts) for c in part]
        except BrokenProcessPool:
            if self.rescue is None:
                raise
            return self.rescue()  # a worker died (killed, out of memory): code this batch again, here


class LocalEngine:
    """Codes in this process."""

    def __init__(self, coder: Any):
        self.coder = coder
        self.key = uuid.uuid4().hex

    def submit(self, reports: Sequence[Report]) -> Pending:
        return _Done(code_chunk(self.key, self.coder, reports))

    def close(self) -> None:
        _WORKER_CODERS.pop(self.key, None)


class PoolEngine:
    """Codes on ``jobs`` worker processes, forked on first use (so they start with the modules and data
    this process has loaded), each with its own gazetteer."""

    def __init__(self, coder: Any, jobs: int):
        self.coder, self.jobs = _portable(coder), jobs
        self.key = uuid.uuid4().hex
        self._pool: Any = None
        self._local = LocalEngine(coder)

    def submit(self, reports: Sequence[Report]) -> Pending:
        if self._pool is None and len(reports) < 2 * self.jobs:
            return self._local.submit(reports)  # a handful of reports: not worth starting workers
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # load the coder's data here once, so every forked worker starts warm
            code_chunk("warm-up", _portable(self.coder), [Report("warm-up", _WARM_UP)])
            _WORKER_CODERS.pop("warm-up", None)
            # what is loaded now lives as long as the workers: frozen, the cyclic collector of each worker
            # never walks it (its pages stay shared with this process instead of being copied on the first
            # collection, and the walks' CPU is spared); unfrozen here once the workers are forked
            gc.collect()
            gc.freeze()
            try:
                self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_start_worker,
                                                 initargs=(os.getpid(),))
                parts = self._submit_all(reports)  # a fork pool starts all its workers on the first submit
            finally:
                gc.unfreeze()
        else:
            parts = self._submit_all(reports)
        return _Gathered(parts, lambda fs: [f.result() for f in fs], lambda: self._rescue(reports))

    def _submit_all(self, reports: Sequence[Report]) -> list[Any]:
        return [self._pool.submit(code_chunk, self.key, self.coder, list(chunk)) for chunk in _chunked(reports, _CHUNK)]

    def _rescue(self, reports: Sequence[Report]) -> list[Coded]:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None  # the next batch starts a new pool
        return self._local.submit(reports).result()

    def close(self) -> None:
        self._local.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """Codes on a Dask cluster: ``local:N`` starts a LocalCluster of N single-threaded worker
    processes, ``tcp://HOST:8786`` joins a running scheduler. A task lost with a dead worker is
    re-run by Dask on another; results come back to this process, which writes them."""

    def __init__(self, coder: Any, cluster: str):
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise EngineError('--cluster needs Dask: pip install "conflictwatch[cluster]"') from err
        self.coder, self.key = _portable(coder), uuid.uuid4().hex
        self._cluster = None
        if cluster.startswith("local:"):
            try:
                workers = int(cluster.split(":", 1)[1])
            except ValueError as err:
                raise EngineError(f"--cluster {cluster!r}: write local:N with N a number of workers") from err
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=40)
            self.client = Client(self._cluster)
        elif cluster.startswith("tcp://"):
            try:
                self.client = Client(cluster, timeout=30)
            except OSError as err:
                raise EngineError(f"--cluster {cluster}: cannot reach the Dask scheduler ({err})") from err
        else:
            raise EngineError(f"--cluster {cluster!r}: give local:N or tcp://HOST:8786")
        self._batch = itertools.count()

    @property
    def dashboard(self) -> str | None:
        return getattr(self.client, "dashboard_link", None)

    def submit(self, reports: Sequence[Report]) -> Pending:
        n = next(self._batch)
        parts = [self.client.submit(code_chunk, self.key, self.coder, list(chunk), key=f"code-{self.key}-{n}-{i}",
                                    retries=2)
                 for i, chunk in enumerate(_chunked(reports, _CHUNK))]
        return _Gathered(parts, self.client.gather)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def make_engine(coder: Any = None, jobs: int | None = None, cluster: str | None = None) -> Engine:
    """The engine for ``--cluster`` (Dask), else ``--jobs`` (default: every core; 1 codes in this process)."""
    coder = coder if coder is not None else default_coder()
    if cluster:
        return DaskEngine(coder, cluster)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise EngineError(f"--jobs {jobs}: give 1 or more")
    return LocalEngine(coder) if jobs == 1 else PoolEngine(coder, jobs)


# -- extract: code without a store ---------------------------------------------------------------

def code_all(reports: Iterable[Report | ReportFailure], engine: Engine, batch_size: int = BATCH_SIZE,
             ) -> Iterator[Event | ReportFailure]:
    """Events of each report in input order (a failing report becomes its ReportFailure), coded by ``engine``
    with the next batch in flight while this one is handed out."""
    for items, coded in _pipelined(_batches(reports, batch_size), engine,
                                   lambda batch: [r for r in batch if isinstance(r, Report)]):
        results = iter(coded)
        for item in items:
            if isinstance(item, ReportFailure):
                yield item
                continue
            got = next(results)
            if got.failure is not None:
                yield got.failure
            elif got.status != "coded":  # a language without rules: named, never silently empty
                err = not_coded(got.language)
                yield ReportFailure(item.origin or item.id, err.code, err.message, item.id)
            yield from got.events


# -- ingest: code into a store --------------------------------------------------------------------

def content_id(report: Report) -> tuple[Report, str]:
    """The report under its store id (``r-`` + the hash of its normalised text) and that hash."""
    content_hash = hashlib.sha256(normalise_text(report.text).encode("utf-8", "surrogatepass")).hexdigest()
    return replace(report, id="r-" + content_hash[:16]), content_hash


@dataclass(frozen=True)
class _Planned:
    items: list[SourcedReport | ReportFailure]
    hashes: dict[str, str]
    to_code: list[SourcedReport]


def ingest(store: Store, items: Iterable[SourcedReport | Report | ReportFailure], coder: Any = None,
           user: str | None = None, engine: Engine | None = None, jobs: int | None = 1, cluster: str | None = None,
           batch_size: int = BATCH_SIZE, on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Code and store each report, deduplicating each committed batch against the store.

    Items are :class:`SourcedReport`, :class:`Report` or :class:`ReportFailure` (kept in the summary).
    A report stored before by the same coder version is not coded again. ``engine`` (or ``jobs`` /
    ``cluster``, see :func:`make_engine`) says where coding runs; this process writes. ``on_batch``
    gets the running totals after each commit."""
    coder = coder if coder is not None else default_coder()
    version = getattr(coder, "version", None) or CODER_VERSION
    user = user or default_user()
    own = engine is None
    engine = engine or make_engine(coder, jobs, cluster)
    counts: Counter[str] = Counter()
    failures: list[ReportFailure] = []
    try:
        plans = (_plan(store, batch, version) for batch in _batches(items, batch_size))
        for plan, coded in _pipelined(plans, engine, lambda p: [s.report for s in p.to_code]):
            results = dict(zip((s.report.id for s in plan.to_code), coded, strict=True))
            batch: list[CodedReport] = []
            for item in plan.items:
                if isinstance(item, ReportFailure):
                    failures.append(item)
                    continue
                got = results.get(item.report.id)
                key = item.key or user_key(item.report)
                if got is None:  # stored already: its key, provenance and feed entry are still written
                    batch.append(CodedReport(item.report, plan.hashes[item.report.id], "", "", version, (),
                                             item.fetched_at, item.feed, item.entry_key, key, coded=False))
                    continue
                if got.failure is not None:
                    failures.append(got.failure)
                    continue
                batch.append(CodedReport(item.report, plan.hashes[item.report.id], got.language, got.status, version,
                                         got.events, item.fetched_at, item.feed, item.entry_key, key))
            try:
                written = store.write_batch(batch, user=user)
            except StoreError as err:
                # the batch is rolled back as a whole: name each of its reports, and go on with the next
                failures.extend(ReportFailure(c.report.origin or c.report.id, err.code, err.message, c.report.id)
                                for c in batch)
                continue
            counts.update(written.outcomes)
            counts["accounts"] += len(written.accounts)
            if on_batch is not None:
                on_batch(_summary(store, counts, failures))
    finally:
        if own:
            engine.close()
    return _summary(store, counts, failures)


def _summary(store: Store, counts: Counter[str], failures: list[ReportFailure]) -> IngestSummary:
    reports, events = store.totals()
    return IngestSummary(added=counts["added"], unchanged=counts["unchanged"], recoded=counts["recoded"],
                         not_coded=counts["not_coded"], accounts=counts["accounts"], failures=tuple(failures),
                         sources_added=counts["source_added"], versioned=counts["versioned"],
                         events_total=events, reports_total=reports)


def _plan(store: Store, batch: list[SourcedReport | Report | ReportFailure], version: str) -> _Planned:
    """Give each report its content id; leave out of coding those stored by this coder version with the same
    ``published`` (or stored not coded: a language the coder does not read), and repeats within the batch.
    A superseded version coming back under its key is coded again."""
    items: list[SourcedReport | ReportFailure] = []
    hashes: dict[str, str] = {}
    for item in batch:
        if isinstance(item, ReportFailure):
            items.append(item)
            continue
        sourced = item if isinstance(item, SourcedReport) else SourcedReport(item)
        report, content_hash = content_id(sourced.report)
        hashes[report.id] = content_hash
        items.append(replace(sourced, report=report))
    states = store.report_states(list(hashes))
    to_code, seen = [], set()
    for item in items:
        if isinstance(item, ReportFailure):
            continue
        rid = item.report.id
        state = states.get(rid)
        published = item.report.published.isoformat() if item.report.published else None
        if rid in seen or (state is not None and state[0] != "superseded" and (
                state[0] != "coded" or (state[1] == version and (published is None or published == state[2])))):
            continue
        seen.add(rid)
        to_code.append(item)
    return _Planned(items, hashes, to_code)


def ingest_sources(store: Store, items: Iterable[str], published: dt.date | None = None, fetcher: Any = None,
                   coder: Any = None, user: str | None = None, **options: Any) -> IngestSummary:
    """Read files, folders, batches, pages and feeds (see :func:`read_sources`) and :func:`ingest` them;
    feed entries already ingested are not fetched again."""
    reports = bar(read_sources(items, published, fetcher, seen=store.feed_seen), "ingest", unit=" reports")
    return ingest(store, reports, coder=coder, user=user, **options)


def watch(store: Store, items: list[str], interval: float = 300.0, max_polls: int | None = None,
          published: dt.date | None = None, fetcher: Any = None, coder: Any = None, user: str | None = None,
          on_poll: Callable[[int, IngestSummary], None] | None = None, sleep: Callable[[float], None] = time.sleep,
          **options: Any) -> list[IngestSummary]:
    """Poll ``items`` (usually feeds) every ``interval`` seconds, ingesting only new entries;
    stops after ``max_polls`` polls (never, when None)."""
    coder = coder if coder is not None else default_coder()
    engine = options.pop("engine", None) or make_engine(coder, options.pop("jobs", 1), options.pop("cluster", None))
    summaries = []
    poll = 0
    try:
        while max_polls is None or poll < max_polls:
            if poll:
                sleep(interval)
            poll += 1
            summary = ingest_sources(store, items, published, fetcher, coder, user, engine=engine, **options)
            summaries.append(summary)
            if on_poll:
                on_poll(poll, summary)
    finally:
        engine.close()
    return summaries


def recode(store: Store, coder: Any = None, user: str | None = None, **options: Any) -> IngestSummary:
    """Re-code every stored report that an older coder version coded (analyst edits stay)."""
    coder = coder if coder is not None else default_coder()
    version = getattr(coder, "version", None) or CODER_VERSION
    items = (SourcedReport(r, key=key) for r, key in store.reports_to_recode(version))
    return ingest(store, bar(items, "recode", unit=" reports"), coder=coder, user=user, **options)


# -- batching ---------------------------------------------------------------------------------------

def _chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _pipelined(batches: Iterable[Any], engine: Engine, reports_of: Callable[[Any], list[Report]],
               depth: int = 2) -> Iterator[tuple[Any, list[Coded]]]:
    """Each batch with its coded results, in order, keeping up to ``depth`` batches submitted ahead so
    workers code the next batch while this process writes the current one."""
    in_flight: deque[tuple[Any, Pending]] = deque()
    for batch in batches:
        in_flight.append((batch, engine.submit(reports_of(batch))))
        if len(in_flight) >= depth:
            done, pending = in_flight.popleft()
            yield done, pending.result()
    while in_flight:
        done, pending = in_flight.popleft()
        yield done, pending.result()
