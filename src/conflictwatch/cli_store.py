"""Store commands: ingest, events, stats, reports, review, dedup — thin wrappers over conflictwatch.store."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import click

from conflictwatch.cli import EXIT_OK, EXIT_SOME_FAILED, _date_option, engine_options, main
from conflictwatch.errors import ConflictWatchError
from conflictwatch.progress import quiet, status
from conflictwatch.store.db import DEFAULT_DB

_DB_HELP = f"Database: a SQLite file (default ./{DEFAULT_DB}) or a postgresql://user:pass@host/db URL. Env: CONFLICTWATCH_DB."


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db_url", envvar="CONFLICTWATCH_DB", default=DEFAULT_DB, show_default=True,
                        help=_DB_HELP)(fn)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    return _date_option(value)


@contextmanager
def _store(db_url: str, create: bool = False) -> Iterator[Any]:
    """Open the store; library errors become one-line click errors with their code. Only commands that
    create data pass ``create``: for the others a missing database is an error, not a new empty one."""
    from conflictwatch.store import open_store

    try:
        store = open_store(db_url, create=create)
    except ConflictWatchError as err:
        raise click.ClickException(f"{err} [{err.code}]") from err
    try:
        yield store
    except ConflictWatchError as err:
        raise click.ClickException(f"{err} [{err.code}]") from err
    finally:
        store.close()


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for reports that carry none.")
@click.option("--user", default=None, help="Who ingests (audit log; default $USER).")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds one fetch may take in all (connect, redirects, headers and body).")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between two requests to one host.")
@click.option("--watch", is_flag=True, help="Keep polling the SOURCES (feeds) for new entries.")
@click.option("--interval", default=300.0, show_default=True, help="Seconds between polls with --watch.")
@click.option("--max-polls", type=int, default=None, help="Stop after this many polls with --watch (default: never).")
@click.option("--allow-private", is_flag=True,
              help="Also fetch private, loopback and link-local addresses (refused by default, redirects included).")
@engine_options
def ingest(sources: tuple[str, ...], db_url: str, published: dt.date | None, user: str | None, timeout: float,
           delay: float, watch: bool, interval: float, max_polls: int | None, allow_private: bool, jobs: int | None,
           cluster: str | None, batch_size: int) -> None:
    """Read, code and store reports; deduplicate events across reports.

    SOURCES are .txt/.html files, folders, .jsonl or .csv batches (a "text" column; "id", "published",
    "source", "url", "title" optional), RSS/Atom feed files (.rss/.atom/.xml), or http(s) URLs of
    pages or feeds. A report already stored (same text) by this coder version is skipped; one in a
    language without rules (English and French have them) is stored as "not coded (language X)". Each
    item that fails is named on stderr; the rest are stored.
    Exit code 1 when any item failed.

    \b
    Examples:
      conflictwatch ingest examples/ --published 2020-04-22
      conflictwatch ingest reports.csv --db postgresql://cw:secret@localhost/cw
      conflictwatch ingest https://example.org/feed.rss --watch --interval 600
    """
    from conflictwatch import run
    from conflictwatch.ingest.web import Fetcher

    fetcher = Fetcher(timeout=timeout, delay=delay, allow_private=allow_private)
    failed = False

    def report(poll: int | None, summary: Any) -> None:
        nonlocal failed
        for failure in summary.failures:
            click.echo(f"error: {failure.origin}: {failure.message} [{failure.code}]", err=True)
        failed = failed or bool(summary.failures)
        prefix = f"poll {poll}: " if poll else ""
        if quiet():
            return
        click.echo(f"{prefix}{summary.added} reports added, {summary.unchanged} unchanged, {summary.recoded} re-coded, "
                   f"{summary.versioned} new versions, {summary.sources_added} new sources of known texts, "
                   f"{summary.not_coded} not coded (language), {len(summary.failures)} failed; "
                   f"store: {summary.reports_total} reports, {summary.events_total} events")

    from conflictwatch.attribution import record_readings

    with _store(db_url, create=True) as store:
        def recorded(poll: int | None, summary: Any) -> None:
            record_readings(store)  # who started each incident, per source: read once, stored with the account
            report(poll, summary)

        if watch:
            run.watch(store, list(sources), interval=interval, max_polls=max_polls, published=published, fetcher=fetcher,
                      user=user, on_poll=recorded, jobs=jobs, cluster=cluster, batch_size=batch_size)
        else:
            recorded(None, run.ingest_sources(store, sources, published, fetcher, user=user, jobs=jobs, cluster=cluster,
                                         batch_size=batch_size))
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command()
@db_option
@click.option("--user", default=None, help="Who re-codes (audit log; default $USER).")
@engine_options
def recode(db_url: str, user: str | None, jobs: int | None, cluster: str | None, batch_size: int) -> None:
    """Re-code the stored reports that an older coder version coded, then deduplicate; analysts' edits stay
    with their events (or their successors). Reports coded by this coder are left as they are.

    \b
    Examples:
      conflictwatch recode --jobs 4
      conflictwatch recode --db postgresql://cw:secret@localhost/cw --cluster tcp://10.0.0.5:8786
    """
    from conflictwatch import run

    with _store(db_url) as store:
        coded = len(store.reports("coded"))
        summary = run.recode(store, user=user, jobs=jobs, cluster=cluster, batch_size=batch_size)
    for failure in summary.failures:
        click.echo(f"error: {failure.origin}: {failure.message} [{failure.code}]", err=True)
    if not quiet():
        click.echo(f"{summary.recoded} reports re-coded, {coded - summary.recoded - len(summary.failures)} already current, "
                   f"{len(summary.failures)} failed; store: {summary.reports_total} reports, {summary.events_total} events")
    sys.exit(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


@main.command()
@db_option
@click.option("--country", help="Country name, as ACLED writes it.")
@click.option("--admin1", help="First-level admin unit (province, governorate, state).")
@click.option("--since", callback=_date, help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Events on or before this date (YYYY-MM-DD).")
@click.option("--type", "event_type", help="Event type or sub-event type, e.g. Battles or 'Armed clash'.")
@click.option("--actor", help="Part of an actor's name (actor1, actor2 or associated), any case.")
@click.option("--source", help="Part of a source's outlet, URL or report id.")
@click.option("--report", "report_key", help="A report's own id as ingested (batch id, feed guid, URL, file path).")
@click.option("--include-rejected", is_flag=True, help="Also list events an analyst rejected.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "geojson", "parquet"]), default=None,
              help="csv is in ACLED's column order, then conflictwatch's and the sources' columns; parquet has the same "
                   "columns (needs -o and pyarrow). Default: from -o's extension, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here (default: stdout).")
@click.option("--deletions", is_flag=True, help="List retired event ids instead (ACLED's deletions list, CSV).")
def events(db_url: str, country: str | None, admin1: str | None, since: dt.date | None, until: dt.date | None,
           event_type: str | None, actor: str | None, source: str | None, report_key: str | None, include_rejected: bool,
           fmt: str | None, output: str | None, deletions: bool) -> None:
    """List the store's deduplicated events, each with all its sources.

    \b
    Examples:
      conflictwatch events --country Syria --since 2020-05-01 --format csv -o syria.csv
      conflictwatch events --actor "Syrian Democratic Forces" --type Battles
    """
    from conflictwatch.store import EventFilter
    from conflictwatch.store.export import write_deletions, write_parquet, write_stored_events

    suffix = (output or "").rsplit(".", 1)[-1].lower() if output and "." in output else ""
    fmt = fmt or (suffix if suffix in ("csv", "jsonl", "geojson", "parquet") else "table")
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes a file: give -o FILE.parquet")
    flt = EventFilter(country, admin1, since, until, event_type, actor, source, include_rejected, report=report_key)
    with _store(db_url) as store:
        if deletions:
            retired = store.deletions()
        else:
            found = store.events(flt)
        if fmt == "parquet" and not deletions:
            assert output is not None
            count = write_parquet(found, output)
            status(f"{count} events written to {output}")
            return
    out: IO[str]
    with open(output, "w", encoding="utf-8", newline="") if output else _Stdout() as out:
        count = write_deletions(retired, out) if deletions else write_stored_events(found, out, fmt)
    if output:
        status(f"{count} {'deletions' if deletions else 'events'} written to {output}")


class _Stdout:
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--top", default=10, show_default=True, help="How many actors, places and types to list.")
def stats(db_url: str, as_json: bool, top: int) -> None:
    """Counts of stored events by week, type, actor and place, and of reports by coding status."""
    with _store(db_url) as store:
        result = store.stats(top=top)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    reports = ", ".join(f"{n} {status}" for status, n in result["reports"].items()) or "none"
    click.echo(f"{result['events']} events, {result['fatalities']} fatalities; reports: {reports}")
    for title, key in (("by week", "by_week"), ("by type", "by_type"), ("by actor", "by_actor"), ("by place", "by_place")):
        click.echo(f"\n{title}:")
        for name, n in result[key].items():
            click.echo(f"  {n:>6}  {name}")


@main.command()
@db_option
@click.option("--status", help="Only reports with this status, e.g. coded or 'not coded (language fr)'.")
def reports(db_url: str, status: str | None) -> None:
    """List stored reports with their provenance, language and coding status."""
    with _store(db_url) as store:
        found = store.reports(status)
    for r in found:
        click.echo(f"{r.report_key or r.id}  {r.id}  {r.status:<24} {r.n_events:>3} accounts  {r.published or '-':<10}  "
                   f"{r.outlet or '-'}  {r.title or r.origin or '-'}" + (f"  {r.url}" if r.url else ""))
    click.echo(f"{len(found)} reports")


@main.command()
@click.argument("event_id", required=False)
@db_option
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="Set a field (repeatable); FIELD= clears it.")
@click.option("--accept", is_flag=True, help="Mark the event as checked and correct.")
@click.option("--reject", is_flag=True, help="Mark the event as wrong: kept, but left out of listings and exports.")
@click.option("--merge", "merge_with", multiple=True, metavar="OTHER_ID", help="Merge this event with another (repeatable).")
@click.option("--split", "split_out", multiple=True, metavar="SOURCE",
              help="Move a source (report id or coded event id) out into a new event (repeatable).")
@click.option("--user", default=None, help="Who reviews (default $USER).")
@click.option("--orphans", is_flag=True, help="List analysts' edits whose event is gone with no successor to take them.")
def review(event_id: str | None, db_url: str, sets: tuple[str, ...], accept: bool, reject: bool,
           merge_with: tuple[str, ...], split_out: tuple[str, ...], user: str | None, orphans: bool) -> None:
    """Edit, accept, reject, merge or split an event. Edits are recorded with who and when and
    survive re-coding.

    \b
    Examples:
      conflictwatch review ev-533d9dad67d2b623 --set fatalities=4 --set admin2=Manbij --accept
      conflictwatch review ev-533d9dad67d2b623 --merge ev-1f73945922b1b4f2
      conflictwatch review ev-533d9dad67d2b623 --split r-0123456789abcdef
      conflictwatch review SYR12 --set sub_event_type=Attack --set actor2="Civilians (Syria)"
      conflictwatch review --orphans

    EVENT_ID is an event id or its event_id_cnty (SYR12). Values must be ACLED's: the fields they imply
    are set with them (a sub-event type sets the event and disorder types; an actor its inter code and the
    interaction; a location its coordinates and admin units from the gazetteer; a date its precision).
    """
    from conflictwatch.geo.lookup import locate_place
    from conflictwatch.store.export import write_stored_events

    if orphans:
        with _store(db_url) as store:
            found = store.orphan_edits()
        for o in found:
            click.echo(f"{o.event_id_cnty or o.event_id}  {o.field}={o.value if o.value is not None else ''}  "
                       f"by {o.analyst} at {o.at}" + (f"  (kept since {o.orphaned_at})" if o.orphaned_at else ""))
        click.echo(f"{len(found)} orphaned edits")
        return
    if not event_id:
        raise click.UsageError("give an EVENT_ID (or --orphans)")
    fields: dict[str, str] = {}
    for item in sets:
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: write FIELD=VALUE", param_hint="--set")
        name, value = item.split("=", 1)
        fields[name.strip()] = value.strip()
    with _store(db_url) as store:
        if merge_with:
            event_id = store.merge_events([event_id, *merge_with], user=user).id
            retired = [d for d in store.deletions() if d.replaced_by == event_id]
            status("retired: " + ", ".join(f"{d.event_id_cnty or d.event_id} ({d.event_id})" for d in retired))
        if split_out:
            results = store.split_event(event_id, list(split_out), user=user)
            event_id = next(r.id for r in results if not any(s.report_id in split_out or s.coded_event_id in split_out
                                                              for s in r.sources))
        if fields or accept or reject:
            result = store.review(event_id, fields, accept=accept, reject=reject, user=user, locate=locate_place)
        elif merge_with or split_out:
            result = store.event(event_id)
        else:
            raise click.UsageError("nothing to do: give --set, --accept, --reject, --merge or --split")
    write_stored_events([result], sys.stdout, "table")


@main.command()
@db_option
def dedup(db_url: str) -> None:
    """Recompute the deduplicated events from every stored account (ingest does this itself)."""
    with _store(db_url) as store:
        changes = store.resolve()
        total = store.db.scalar("SELECT COUNT(*) FROM events")
    click.echo(f"{changes} changes; {total} events")


@main.command()
@db_option
def init(db_url: str) -> None:
    """Create an empty store (or bring an existing one's schema up to date) at --db."""
    from conflictwatch.store.db import store_exists

    existed = store_exists(db_url)
    with _store(db_url, create=True) as store:
        total = store.db.scalar("SELECT COUNT(*) FROM reports")
    status(f"{'store at' if existed else 'created an empty store at'} {db_url}: {total} reports")
