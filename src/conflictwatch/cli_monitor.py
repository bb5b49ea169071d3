"""Ceasefire monitor commands: ``ceasefire add|list|edit|remove|report`` and ``alerts`` — thin
wrappers over :mod:`conflictwatch.monitor`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from conflictwatch.cli import EXIT_SOME_FAILED, _date_option, main
from conflictwatch.cli_store import _store, db_option
from conflictwatch.errors import ConflictWatchError


def plural(n: int, word: str) -> str:
    from conflictwatch.monitor.violations import plural as monitor_plural

    return monitor_plural(n, word)


def party_lookup() -> Any:
    """Party names and aliases through the coder's actor dictionary."""
    from conflictwatch.extract.initiative import actor_candidates

    return actor_candidates


def record_readings(store: Any) -> None:
    """Who started each incident, per source, for accounts stored before it was recorded at ingest."""
    from conflictwatch.attribution import record_readings as record

    record(store)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    return _date_option(value)


def _fail(err: ConflictWatchError) -> click.ClickException:
    return click.ClickException(f"{err} [{err.code}]")


def _area(values: tuple[str, ...]) -> Any:
    """One --area: an admin name or a GeoJSON file; several: admin names."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)


@main.group()
def ceasefire() -> None:
    """Ceasefire agreements and who breaks them, according to whom.

    \b
    Examples:
      conflictwatch ceasefire add "UN global ceasefire call" --parties NDF,ISF --from 2020-03-23 --area Qamishli
      conflictwatch ceasefire add --file agreement.yaml
      conflictwatch ceasefire report "UN global ceasefire call" --format html -o report.html --chart trend.png
    """


@ceasefire.command("add")
@click.argument("name", required=False)
@click.option("--parties", help="Comma-separated actor names or aliases from the actor dictionary, e.g. NDF,ISF.")
@click.option("--from", "date_from", callback=_date, help="First day of the agreement (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_date, help="Last day (YYYY-MM-DD); open-ended when left out.")
@click.option("--area", multiple=True, help="An admin name matched against event location/admin1/admin2/admin3 "
              "(repeatable), or a GeoJSON polygon file.")
@click.option("--country", help="Country that settles ambiguous aliases (\"ISF\": Syria's Asayish or Iraq's forces).")
@click.option("--note", help="Free text: where the agreement comes from, its terms.")
@click.option("--file", "spec_file", type=click.Path(exists=True, dir_okay=False),
              help="A YAML or JSON file with name, parties, from, to, area, country, note (options override it).")
@db_option
@click.option("--user", default=None, help="Who adds it (audit log; default $USER).")
def ceasefire_add(name: str | None, parties: str | None, date_from: dt.date | None, date_to: dt.date | None,
                  area: tuple[str, ...], country: str | None, note: str | None, spec_file: str | None, db_url: str,
                  user: str | None) -> None:
    """Store an agreement: its parties, window and area."""
    from conflictwatch.monitor import Monitor
    from conflictwatch.monitor.agreements import agreement_from_spec, load_mapping
    from conflictwatch.monitor.errors import AgreementError

    try:
        spec: dict[str, Any] = load_mapping(Path(spec_file), AgreementError) if spec_file else {}
        given = {"name": name, "parties": parties, "from": date_from, "to": date_to, "area": _area(area),
                 "country": country, "note": note}
        spec.update({k: v for k, v in given.items() if v is not None})
        agreement = agreement_from_spec(spec, Path(spec_file).parent if spec_file else None, party_lookup())
    except ConflictWatchError as err:
        raise _fail(err) from err
    with _store(db_url, create=True) as store:
        Monitor(store).add(agreement, user=user)
    click.echo(_describe(agreement.to_dict()))


@ceasefire.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per agreement.")
def ceasefire_list(db_url: str, as_json: bool) -> None:
    """List the stored agreements."""
    from conflictwatch.monitor import Monitor

    with _store(db_url) as store:
        found = Monitor(store).agreements()
    for a in found:
        click.echo(json.dumps(a.to_dict(), ensure_ascii=False) if as_json else _describe(a.to_dict()))
    if not as_json:
        click.echo(plural(len(found), "ceasefire"))


@ceasefire.command("edit")
@click.argument("name")
@click.option("--parties", help="Replace the parties (comma-separated names or aliases).")
@click.option("--from", "date_from", callback=_date, help="New first day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_date, help="New last day (YYYY-MM-DD).")
@click.option("--no-end", is_flag=True, help="Make the agreement open-ended.")
@click.option("--area", multiple=True, help="Replace the area: admin name(s) or a GeoJSON polygon file.")
@click.option("--no-area", is_flag=True, help="Drop the area: the agreement holds anywhere.")
@click.option("--country", help="Country that settles ambiguous aliases.")
@click.option("--note", help="Replace the note.")
@db_option
@click.option("--user", default=None, help="Who edits (audit log; default $USER).")
def ceasefire_edit(name: str, parties: str | None, date_from: dt.date | None, date_to: dt.date | None, no_end: bool,
                   area: tuple[str, ...], no_area: bool, country: str | None, note: str | None, db_url: str,
                   user: str | None) -> None:
    """Change an agreement's parties, window, area or note."""
    from conflictwatch.monitor import Monitor

    if (no_end and date_to) or (no_area and area):
        raise click.UsageError("--no-end excludes --to, and --no-area excludes --area")
    changes: dict[str, Any] = {k: v for k, v in {"parties": parties, "from": date_from, "to": date_to,
                                                  "area": _area(area), "country": country, "note": note}.items()
                               if v is not None}
    if no_end:
        changes["to"] = None
    if no_area:
        changes["area"] = None
    if not changes:
        raise click.UsageError("nothing to change: give --parties, --from, --to, --no-end, --area, --no-area, "
                               "--country or --note")
    with _store(db_url) as store:
        agreement = Monitor(store, party_lookup()).edit(name, changes, user=user)
    click.echo(_describe(agreement.to_dict()))


@ceasefire.command("remove")
@click.argument("name")
@db_option
@click.option("--user", default=None, help="Who removes it (audit log; default $USER).")
def ceasefire_remove(name: str, db_url: str, user: str | None) -> None:
    """Remove an agreement (and the record of its fired alerts)."""
    from conflictwatch.monitor import Monitor

    with _store(db_url) as store:
        Monitor(store).remove(name, user=user)
    click.echo(f"removed {name!r}")


@ceasefire.command("report")
@click.argument("name")
@db_option
@click.option("--format", "fmt", type=click.Choice(["md", "html", "csv", "json"]), default=None,
              help="Default: from -o's extension (.md, .html, .csv, .json), else md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here (default: stdout).")
@click.option("--chart", type=click.Path(dir_okay=False, writable=True),
              help="Also write the weekly trend chart as PNG here (embedded in --format html).")
def ceasefire_report(name: str, db_url: str, fmt: str | None, output: str | None, chart: str | None) -> None:
    """Violations per party per week (confirmed vs claimed only), fatalities, places, and the list
    with sources and the words each source used.

    \b
    Examples:
      conflictwatch ceasefire report "UN global ceasefire call"
      conflictwatch ceasefire report "UN global ceasefire call" -o report.html --chart trend.png
    """
    from conflictwatch.monitor import Monitor
    from conflictwatch.monitor.report import render

    fmt = fmt or _format_from(output)
    with _store(db_url) as store:
        record_readings(store)  # accounts stored before attribution was recorded at ingest
        result = Monitor(store).report(name)
    png = None
    if chart:
        from conflictwatch.monitor.chart import chart_png

        png = chart_png(result)
        Path(chart).write_bytes(png)
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n"
    else:
        chart_name = None
        if chart:
            chart_name = str(Path(chart).resolve().relative_to(Path(output).resolve().parent)) \
                if output and Path(chart).resolve().is_relative_to(Path(output).resolve().parent) else chart
        text = render(result, fmt, png, chart_name)
    out: IO[str]
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        click.echo(f"{plural(len(result.violations), 'violation')}; report written to {output}"
                   + (f", chart to {chart}" if chart else ""), err=True)
    else:
        sys.stdout.write(text)


def _format_from(output: str | None) -> str:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix in ("md", "html", "htm", "csv", "json",
                                                                                "markdown") else "md"


def _describe(a: dict[str, Any]) -> str:
    window = f"{a['from']} – {a['to'] or 'open-ended'}"
    return (f"{a['name']}: {', '.join(a['parties'])}; {window}; area: {a['area'] or 'anywhere'}"
            + (f"; {a['note']}" if a.get("note") else ""))


@main.command()
@db_option
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False),
              help="YAML or JSON alert rules (default: 3+ violations a week, above the 8-week high, a new party, "
                   "more than 5 fatalities a week).")
@click.option("--webhook", help="POST each new alert as JSON to this http(s) URL.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, writable=True),
              help="Append each new alert as a JSON line to this file (default: stdout, unless --webhook).")
@click.option("--as-of", callback=_date, help="Evaluate the ISO week of this day (YYYY-MM-DD; default: the latest "
              "day the data reports on, so an archive is evaluated at its last week).")
@click.option("--weeks", default=1, show_default=True, type=click.IntRange(1, 52),
              help="Also evaluate this many weeks back, counting this one (for late reports).")
def alerts(db_url: str, rules_file: str | None, webhook: str | None, out_file: str | None, as_of: dt.date | None,
           weeks: int) -> None:
    """Evaluate alert rules over every stored ceasefire and emit the alerts not fired before.

    Each alert fires once: fired alerts are kept in the database, keyed by rule, agreement and
    condition (the week, or the new party). A webhook that fails leaves its alert unfired, so the
    next run retries it; the exit code is then 1.

    \b
    Examples:
      conflictwatch alerts --out alerts.jsonl
      conflictwatch alerts --rules rules.yaml --webhook http://127.0.0.1:8080/hook --as-of 2020-04-23
    """
    from conflictwatch.monitor import DEFAULT_RULES, Monitor, load_rules
    from conflictwatch.monitor.alerts import Alert, post_webhook

    try:
        rules = load_rules(rules_file) if rules_file else DEFAULT_RULES
    except ConflictWatchError as err:
        raise _fail(err) from err
    handle: IO[str] | None = open(out_file, "a", encoding="utf-8") if out_file else None  # noqa: SIM115

    def deliver(alert: Alert) -> None:
        if webhook:
            post_webhook(webhook, alert)
        line = json.dumps(alert.to_dict(), ensure_ascii=False)
        if handle is not None:
            handle.write(line + "\n")
            handle.flush()
        elif not webhook:
            click.echo(line)

    failed: ConflictWatchError | None = None
    sent: list[Alert] = []
    try:
        with _store(db_url) as store:
            record_readings(store)
            monitor = Monitor(store)
            try:
                sent = monitor.fire_alerts(rules, as_of, weeks, deliver)
            except ConflictWatchError as err:
                if err.code != "CW607":
                    raise
                failed = err
    finally:
        if handle is not None:
            handle.close()
    if failed is not None:
        click.echo(f"error: {failed} [{failed.code}]; it stays unfired and is retried next run", err=True)
        sys.exit(EXIT_SOME_FAILED)
    click.echo(f"{plural(len(sent), 'new alert')}", err=True)
