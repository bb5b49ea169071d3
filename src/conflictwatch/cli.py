"""The command line: a thin layer that parses, calls the library, renders and converts errors."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from conflictwatch import __version__
from conflictwatch.errors import ConflictWatchError
from conflictwatch.extract.deadline import DEFAULT_DEADLINE
from conflictwatch.records import Event, Report, ReportFailure

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _date_option(value: str | None) -> dt.date | None:
    from conflictwatch.ingest import DAY, parse_published

    try:
        parsed = parse_published(value, "--date")
    except ConflictWatchError as err:
        raise click.BadParameter(err.message) from err
    if parsed and parsed[1] != DAY:
        raise click.BadParameter(f"{value!r} is not a whole ISO date like 2020-04-22")
    return parsed[0] if parsed else None


def engine_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs, --cluster and --batch-size: where reports are coded (the writing stays in this process)."""
    fn = click.option("--batch-size", type=click.IntRange(min=1), default=250, show_default=True,
                      help="Reports per batch: coded together, written in one transaction, then deduplicated.")(fn)
    fn = click.option("--cluster", default=None, metavar="local:N|tcp://HOST:8786",
                      help="Code on a Dask cluster: local:N starts N worker processes here, tcp://HOST:8786 joins a "
                           "running scheduler (pip install 'conflictwatch[cluster]').")(fn)
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                        help="Worker processes that code reports (default: every core; 1 codes in this process).")(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictwatch")
@click.option("-q", "--quiet", is_flag=True, envvar="CONFLICTWATCH_QUIET",
              help="No progress bars or status lines; errors are still printed. Env: CONFLICTWATCH_QUIET=1.")
def main(quiet: bool) -> None:
    """conflictwatch: code reports of armed conflict into ACLED-style events, offline, with evidence.

    \b
    Examples:
      conflictwatch extract report.txt --published 2020-04-22
      conflictwatch extract reports/ -o events.csv --format csv
      conflictwatch extract batch.jsonl -o events.jsonl
      cat article.txt | conflictwatch extract - --published 2020-04-22
      conflictwatch evaluate gold.jsonl --by-bucket
      conflictwatch --quiet ingest batch.jsonl
    """
    from conflictwatch.progress import set_quiet

    set_quiet(quiet)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write events here (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "table"]), default=None,
              help="Output format (default: from the output file's extension, else jsonl; 'table' for reading).")
@click.option("--published", callback=lambda _c, _p, v: _date_option(v),
              help="Publication date (YYYY-MM-DD) for reports that do not carry one; anchors 'yesterday', 'on Tuesday'.")
@click.option("--no-geocode", is_flag=True, help="Skip the gazetteer (location fields stay empty).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--vague-fatalities", type=click.IntRange(0, 100), default=10, show_default=True,
              help="Fatalities coded for plural deaths of no stated number ('several were killed'); ACLED codes 10, "
                   "0 codes stated figures only. Such events carry fatalities_known: false.")
@click.option("--deadline", type=click.FloatRange(min=0), default=DEFAULT_DEADLINE, show_default=True, metavar="SECONDS",
              help="Longest a single report may take to code; a report over it is named as failed [CW210] and "
                   "the batch goes on. 0: no limit.")
@engine_options
def extract(inputs: tuple[str, ...], output: str | None, fmt: str | None, published: dt.date | None,
            no_geocode: bool, progress: bool | None, vague_fatalities: int, deadline: float, jobs: int | None,
            cluster: str | None, batch_size: int) -> None:
    """Code reports into events.

    INPUTS are .txt or .html files, folders of them, .jsonl batches (one {"id", "text", "published",
    "source", "url"} a line; only "text" is required), or - for standard input.

    \b
    Each event is one JSON object with doc_id, ACLED's fields (event_date, time_precision,
    event_type, sub_event_type, actor1, inter1, …, location, latitude, longitude, fatalities),
    notes, evidence (character spans of the report for each field), claimed_by and coder_version.
    Reports that cannot be read are named on stderr with the reason; the exit code is 1 when any
    report failed, 0 when all were coded.

    \b
    Examples:
      conflictwatch extract examples/qamishli-statement-2020.txt --published 2020-04-22 --format table
      conflictwatch extract batch.jsonl -o events.geojson
    """
    from conflictwatch.export import write_events
    from conflictwatch.ingest import read_inputs
    from conflictwatch.pipeline import Coder, Options
    from conflictwatch.run import code_all, make_engine

    fmt = fmt or _format_from_name(output)
    coder = Coder(Options(geocode=not no_geocode, vague_fatalities=vague_fatalities, deadline=deadline or None))
    reports = read_inputs(inputs, published)
    failures: list[ReportFailure] = []
    stream = _with_progress(reports, progress)
    engine = make_engine(coder, jobs, cluster)
    events = _collect(code_all(stream, engine, batch_size), failures)
    out: IO[str]
    try:
        with (open(output, "w", encoding="utf-8", newline="") if output else _stdout()) as out:
            if fmt == "table":
                count = _write_table(events, out)
            else:
                count = write_events(events, out, fmt)
    finally:
        engine.close()
    for failure in failures:
        click.echo(f"error: {failure.origin}: {failure.message} [{failure.code}]", err=True)
    if output:
        click.echo(f"{count} events written to {output}" + (f"; {len(failures)} reports failed" if failures else ""), err=True)
    sys.exit(EXIT_SOME_FAILED if failures else EXIT_OK)


def _stdout() -> IO[str]:
    class _Keep:
        def __enter__(self) -> IO[str]:
            return sys.stdout

        def __exit__(self, *exc: object) -> None:
            sys.stdout.flush()

    return _Keep()  # type: ignore[return-value]


def _format_from_name(output: str | None) -> str:
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in ("csv", "geojson"):
            return suffix
    return "jsonl"


def _with_progress(items: Iterator[Report | ReportFailure], progress: bool | None) -> Iterator[Report | ReportFailure]:
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, unit=" reports", file=sys.stderr, desc="coding") as bar:
        yield from bar


def _collect(items: Iterator[Event | ReportFailure], failures: list[ReportFailure]) -> Iterator[Event]:
    for item in items:
        if isinstance(item, ReportFailure):
            failures.append(item)
        else:
            yield item


def _write_table(events: Iterator[Event], out: IO[str]) -> int:
    n = 0
    for e in events:
        n += 1
        out.write(
            f"{str(e.event_date or '?'):<10} tp{e.time_precision or '-'}  {e.event_type} / {e.sub_event_type}\n"
            f"    {e.actor1 or '-'}  vs  {e.actor2 or '-'}   fatalities {e.fatalities}"
            f"{'' if e.fatalities_known else ' (unknown)'}\n"
            f"    {e.location or '-'}, {e.admin1 or '-'}, {e.country or '-'}"
            f"  ({e.latitude}, {e.longitude}) geo{e.geo_precision or '-'}\n"
            f"    source: {e.source_kind}" + (f", claimed by {e.claimed_by}" if e.claimed_by else "") + "\n"
            f"    {e.notes}\n\n")
    out.write(f"{n} events\n")
    return n


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--by-bucket", is_flag=True, help="Also score each bucket of reports alone.")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False),
              help="Score these predicted events instead of coding the gold texts.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write all metrics to this JSON file.")
@click.option("--events-out", type=click.Path(dir_okay=False), help="Also save the coded events (JSONL).")
@click.option("--no-geocode", is_flag=True, help="Skip the gazetteer.")
def evaluate(gold: str, by_bucket: bool, pred: str | None, json_out: str | None, events_out: str | None,
             no_geocode: bool) -> None:
    """Code a gold file in the bench format and print the bench's metrics.

    \b
    GOLD is JSONL: {"id", "text", "published", "events": [ACLED fields…], "bucket", "label_only"}.
    Example:
      conflictwatch evaluate ../shared/bench/dev.jsonl --by-bucket
    """
    from conflictwatch import evaluate as ev
    from conflictwatch.export import event_record
    from conflictwatch.ingest import DAY, parse_published
    from conflictwatch.pipeline import Coder, Options

    reports = ev.load_gold(gold)
    if pred:
        with open(pred, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
    else:
        coder = Coder(Options(geocode=not no_geocode))
        rows = []
        start = time.perf_counter()
        for r in reports:
            try:
                # "2018-05" or "2024": an anchor of month or year precision (ACLED's time precision 3)
                published = parse_published(r.get("published"), origin=str(r["id"]))
                report = Report(id=str(r["id"]), text=r["text"], published=published[0] if published else None,
                                published_precision=published[1] if published else DAY)
                rows.extend(event_record(e) for e in coder.code(report))
            except ConflictWatchError as err:  # a bad date, a language without rules, a report over its deadline
                click.echo(f"error: {r['id']}: {err.message} [{err.code}]", err=True)
        click.echo(f"coded {len(reports)} reports in {time.perf_counter() - start:.1f}s", err=True)
        if events_out:
            with open(events_out, "w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    predictions = ev.group_predictions(rows)
    result = ev.score(reports, predictions)
    buckets = ev.by_bucket(reports, predictions) if by_bucket else None
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            json.dump({**result, "by_bucket": buckets}, handle, indent=1)
    click.echo(ev.render(result, buckets))


def run() -> None:
    """Entry point that turns library errors into one-line messages."""
    try:
        main(standalone_mode=True)
    except ConflictWatchError as err:
        click.echo(f"error: {err} [{err.code}]", err=True)
        sys.exit(EXIT_USAGE)


def _register_command_modules() -> None:
    """Commands that live in their own modules register themselves on ``main`` when imported."""
    import importlib

    for name in ("conflictwatch.cli_store", "conflictwatch.cli_geo", "conflictwatch.cli_web", "conflictwatch.cli_monitor"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise


_register_command_modules()
