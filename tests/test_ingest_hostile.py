"""Hostile input, end to end: a corpus of bad files and a server that misbehaves on purpose, read by the
library and by the real command line. Nothing may raise a traceback or stop the batch, and nothing may
vanish: every item in is either stored or a named failure (code and item: file:line or URL), counted.

All fetching goes to 127.0.0.1 (the hostile server) with ``--allow-private``/``allowed_networks``;
the address checks are tested with private addresses that are refused before any connection."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch import errors, run
from conflictwatch.cli import main
from conflictwatch.errors import BadDateError, ConflictWatchError, PrivateAddressError
from conflictwatch.ingest import parse_published, read_inputs
from conflictwatch.ingest.sources import SourcedReport, read_sources
from conflictwatch.ingest.web import Fetcher
from conflictwatch.records import Report, ReportFailure
from conflictwatch.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_server import EXPECTED, PRIVATE_REDIRECTS, HostileServer  # noqa: E402

FAILURE_LINE = re.compile(r"^error: (?P<item>.+?): (?P<message>.+) \[(?P<code>CW\d{3})\]$")
NEXT_YEAR = dt.date.today().year + 1


def report(place: str, n: int) -> str:
    """A short, distinct report (stored ids are content hashes, so each text must differ)."""
    return (f"Gunmen attacked a police checkpoint near {place} on 12 June 2021, killing {n} officers, "
            f"a provincial spokesman said.")


# -- the corpus: (file name, content, {item: expected code or None for stored}) -----------------------------

def jsonl_corpus() -> tuple[bytes, dict[int, str | None]]:
    lines: list[tuple[str | bytes, str | None]] = [
        (json.dumps({"id": "good", "text": report("Kunduz", 2), "published": "2021-06-13"}), None),
        (json.dumps({"text": report("Herat", 3), "count": 0}).replace("0}", "7" * 5000 + "}"), "CW105"),  # 5,000 digits
        (json.dumps({"text": report("Ghazni", 4), "published": "0001-01-01"}), "CW108"),
        (json.dumps({"text": report("Faryab", 5), "published": "9999-12-31"}), "CW108"),
        ("[" * 100_000 + "]" * 100_000, "CW105"),  # 100,000-deep nesting
        (json.dumps({"text": report("Kandahar", 6) + " \ud800 broken"}), "CW104"),  # a lone surrogate, escaped
        (json.dumps({"text": report("Kabul", 7), "published": "2020-04-22garbage"}), "CW108"),
        (json.dumps({"text": report("Balkh", 8), "published": "2018-05"}), None),  # a month: an anchor
        (json.dumps({"text": report("Baghlan", 9), "published": "2021"}), None),  # a year: an anchor
        (json.dumps({"text": report("Takhar", 10), "published": "2021-06-13T08:30:00Z"}), None),
        (b'{"text": "Caf\xe9 bombing in Kunduz killed 11 people on 12 June 2021."}', "CW104"),  # not UTF-8
        (json.dumps({"text": report("Zabul", 12) + "\u0000"}), "CW102"),  # a NUL character
        (json.dumps({"text": report("Paktia", 13), "source": {"name": "nested"}}), "CW105"),
        (json.dumps({"text": report("Logar", 14), "published": "2021-02-30"}), "CW108"),
        ("{not json at all", "CW105"),
        (json.dumps({"title": "no text"}), "CW106"),
    ]
    data = b"\n".join(line if isinstance(line, bytes) else line.encode() for line, _ in lines) + b"\n"
    return data, {n: code for n, (_, code) in enumerate(lines, 1)}


LONG_SPANISH = ("Los vecinos dijeron que el mercado permaneció cerrado durante todo el día en la ciudad. " * 1600)


def csv_corpus() -> tuple[bytes, dict[int, str | None]]:
    rows: list[tuple[str, str | None]] = [
        ("id,text,published", None),
        (f'1,"{report("Maiduguri", 2)}",2021-06-13', None),
        (f'2,"{LONG_SPANISH}",2021-06-13', None),  # a field of 140,000 characters (stored, not coded: Spanish)
        (f'3,{report("Damboa", 3).replace(",", "")} and\rresidents fled,2021-06-13', None),  # a bare CR in a field
        (f'4,"{report("Bama", 4)} \x00",2021-06-13', "CW102"),  # one NUL byte: this row only
        (f'5,"{report("Gwoza", 5)},2021-06-13', "CW105"),  # a quote that never closes
        (f'6,"{report("Konduga", 6)}",2021-06-13', None),  # must not be swallowed by row 5's quote
        (f'7,"{report("Dikwa", 7)}",2021-06-13,extra,fields', "CW105"),
        (f'8,"{report("Monguno", 8)}",0001-01-01', "CW108"),
        (f'9,"{report("Ngala", 9)}",2018-05', None),
        (f'10,"{report("Mafa", 10)}" and more,2021-06-13', "CW105"),  # text after a closing quote
    ]
    data = "\n".join(r for r, _ in rows).encode() + b"\n"
    return data, {n: code for n, (_, code) in enumerate(rows, 1) if n > 1}


def write_corpus(folder: Path) -> dict[str, str | None]:
    """Writes every hostile input kind under ``folder``; returns {item: expected code, None = stored}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str | None] = {}
    data, lines = jsonl_corpus()
    (folder / "batch.jsonl").write_bytes(data)
    expected.update({f"{folder / 'batch.jsonl'}:{n}": code for n, code in lines.items()})
    data, rows = csv_corpus()
    (folder / "rows.csv").write_bytes(data)
    expected.update({f"{folder / 'rows.csv'}:{n}": code for n, code in rows.items()})
    cr_rows = ["id,text", f'1,"{report("Mopti", 2)}"', f'2,"{report("Gao", 3)}"']
    (folder / "old-mac.csv").write_bytes("\r".join(cr_rows).encode() + b"\r")  # CR-only line ends
    expected.update({f"{folder / 'old-mac.csv'}:{n}": None for n in (2, 3)})
    cr_lines = [json.dumps({"text": report("Timbuktu", 4)}), json.dumps({"text": report("Kidal", 5)})]
    (folder / "old-mac.jsonl").write_bytes("\r".join(cr_lines).encode() + b"\r")
    expected.update({f"{folder / 'old-mac.jsonl'}:{n}": None for n in (1, 2)})
    (folder / "utf16.csv").write_bytes(codecs.BOM_UTF16_LE + f'id,text\n1,"{report("Ségou", 6)}"\n'.encode("utf-16-le"))
    expected[f"{folder / 'utf16.csv'}:2"] = None
    utf16_lines = "\r\n".join(json.dumps({"text": report(p, 9)}, ensure_ascii=False) for p in ("Léré", "Niono")) + "\r\n"
    (folder / "utf16.jsonl").write_bytes(codecs.BOM_UTF16_LE + utf16_lines.encode("utf-16-le"))
    expected.update({f"{folder / 'utf16.jsonl'}:{n}": None for n in (1, 2)})
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_BE + report("Ménaka", 7).encode("utf-16-be"))
    (folder / "utf8-bom.txt").write_bytes(codecs.BOM_UTF8 + report("Ansongo", 8).encode())
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>Café</title>'
            f"</head><body><p>{report('Ségou-Bla', 9)} The café owner fled.</p></body></html>")
    (folder / "latin1.html").write_bytes(page.encode("latin-1"))
    (folder / "nul.txt").write_bytes(report("Douentza", 10).encode() + b"\x00")
    (folder / "not-utf8.txt").write_bytes(report("Bandiagara", 11).encode() + b" caf\xe9")
    expected.update({str(folder / "utf16.txt"): None, str(folder / "utf8-bom.txt"): None,
                     str(folder / "latin1.html"): None, str(folder / "nul.txt"): "CW102",
                     str(folder / "not-utf8.txt"): "CW104"})
    return expected


def failures_in(stderr: str) -> dict[str, str]:
    found = {}
    for line in stderr.splitlines():
        match = FAILURE_LINE.match(line)
        if match:
            found[match["item"]] = match["code"]
    return found


def assert_no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Traceback" not in result.stderr


# -- dates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2020-04-22", (dt.date(2020, 4, 22), 1)), ("2020-04-22T10:00:00+02:00", (dt.date(2020, 4, 22), 1)),
    ("2018-05", (dt.date(2018, 5, 1), 3)), ("2024", (dt.date(2024, 1, 1), 3)), (2019, (dt.date(2019, 1, 1), 3)),
    (" 2021-06-13 ", (dt.date(2021, 6, 13), 1)), ("1900-01-01", (dt.date(1900, 1, 1), 1)),
    (f"{NEXT_YEAR}-12-31", (dt.date(NEXT_YEAR, 12, 31), 1)), ("", None), (None, None),
])
def test_publication_dates_a_whole_iso_day_month_or_year(value, expected):
    assert parse_published(value, "t") == expected


@pytest.mark.parametrize("value", ["2020-04-22garbage", "0001-01-01", "9999-12-31", "1899-12-31", f"{NEXT_YEAR + 1}",
                                   "2020-13", "2021-02-30", "2020-04-22T25:00", "yesterday", "22/04/2020", True, 2020.5,
                                   ["2020"], "20200422"])
def test_publication_dates_refused(value):
    with pytest.raises(BadDateError):
        parse_published(value, "t")


# -- files, batches, rows ---------------------------------------------------------------------------------

def test_every_hostile_file_is_stored_or_a_named_failure_through_ingest(tmp_path):
    expected = write_corpus(tmp_path / "in")
    db = str(tmp_path / "cw.db")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", db])
    assert_no_traceback(result)
    assert result.exit_code == 1  # some items failed
    failed = failures_in(result.stderr)
    assert failed == {item: code for item, code in expected.items() if code}, result.stderr
    with open_store(db) as store:
        stored = {r.origin: r for r in store.reports()}
    assert set(stored) == {item for item, code in expected.items() if code is None}
    assert len(expected) == len(stored) + len(failed)  # reports in = stored + named failures
    summary = re.search(r"(\d+) reports added, \d+ unchanged, \d+ re-coded, (\d+) new versions, \d+ new sources of known "
                        r"texts, (\d+) not coded \(language\), (\d+) failed", result.stdout)
    # every stored report was added, as a report, a new version of a known key, or a report not coded
    assert summary, result.stdout
    assert int(summary[1]) + int(summary[2]) + int(summary[3]) == len(stored) and int(summary[4]) == len(failed)
    rows = tmp_path / "in" / "rows.csv"
    assert len(store_text(db, f"{rows}:3")) > 131_072
    assert "and\rresidents fled" in store_text(db, f"{rows}:4")
    assert "café owner" in store_text(db, str(tmp_path / "in" / "latin1.html"))
    assert "Ségou" in store_text(db, f"{tmp_path / 'in' / 'utf16.csv'}:2")
    assert stored[f"{rows}:10"].published == "2018-05-01"


def store_text(db: str, origin: str) -> str:
    with open_store(db) as store:
        (found,) = [r for r in store.reports() if r.origin == origin]
        return store.report_text(found.id)


def test_every_hostile_file_is_coded_or_a_named_failure_through_extract(tmp_path):
    expected = {k: v for k, v in write_corpus(tmp_path / "in").items() if ".csv" not in k}  # extract reads no CSV
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--no-geocode"])
    assert_no_traceback(result)
    assert result.exit_code == 1
    failed = failures_in(result.stderr)
    assert failed == {item: code for item, code in expected.items() if code}
    read = list(read_inputs([str(tmp_path / "in")]))
    reports = [r for r in read if isinstance(r, Report)]
    assert len(expected) == len(reports) + len([r for r in read if isinstance(r, ReportFailure)])
    by_origin = {r.origin: r for r in reports}
    month = by_origin[f"{tmp_path / 'in' / 'batch.jsonl'}:8"]
    assert (month.published, month.published_precision) == (dt.date(2018, 5, 1), 3)  # an anchor for the coder
    doc_ids = {json.loads(line)["doc_id"] for line in result.stdout.splitlines() if line.strip()}
    assert "good" in doc_ids


def test_a_broken_csv_row_costs_that_row_only(tmp_path):
    data, rows = csv_corpus()
    path = tmp_path / "rows.csv"
    path.write_bytes(data)
    items = list(read_sources([str(path)]))
    got = {(i.origin if isinstance(i, ReportFailure) else i.report.origin): i for i in items}
    assert {o: (g.code if isinstance(g, ReportFailure) else None) for o, g in got.items()} == \
        {f"{path}:{n}": code for n, code in rows.items()}
    unclosed = got[f"{path}:6"]
    assert isinstance(unclosed, ReportFailure) and "never closes" in unclosed.message
    kept = got[f"{path}:7"]
    assert isinstance(kept, SourcedReport) and "Konduga" in kept.report.text and "Gwoza" not in kept.report.text
    assert "NUL" in got[f"{path}:5"].message  # type: ignore[union-attr]


def test_a_quote_that_closes_rows_later_is_reported_not_swallowed(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,text,published\n1,"Clashes in Gao,2021-06-13\n2,Shelling in Kidal,2021-06-13\n'
                    '3,Raid in Mopti",2021-06-13\n4,Protest in Bamako,2021-06-13\n', encoding="utf-8")
    items = list(read_sources([str(path)]))
    failures = [i for i in items if isinstance(i, ReportFailure)]
    texts = [i.report.text for i in items if isinstance(i, SourcedReport)]
    assert failures and failures[0].origin == f"{path}:2" and "quote" in failures[0].message
    assert "Shelling in Kidal" in texts and "Protest in Bamako" in texts


def test_an_undecodable_line_inside_a_quoted_field_fails_its_row(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(b'id,text,published\n1,"Clashes in Gao.\nThe caf\xe9 burned.\nTwo died.",2021-06-13\n'
                     b"2,Shelling in Kidal,2021-06-13\n")
    items = list(read_sources([str(path)]))
    failures = {i.origin: i.message for i in items if isinstance(i, ReportFailure)}
    assert "line 3, inside this row's quoted field" in failures[f"{path}:2"]
    assert [i.report.text for i in items if isinstance(i, SourcedReport)] == ["Shelling in Kidal"]


def test_the_library_names_bad_dicts_instead_of_raising():
    from conflictwatch import extract_documents

    items = [{"id": "s", "text": report("Gao", 2) + " \ud800"}, {"id": "d", "text": report("Gao", 3), "published": "9999-12-31"},
             {"id": "ok", "text": report("Gao", 4), "published": "2021-06"}]
    out = list(extract_documents(items, geocode=False))
    failures = {f.report_id: f.code for f in out if isinstance(f, ReportFailure)}
    assert failures == {"s": "CW104", "d": "CW108"}
    assert any(getattr(e, "doc_id", None) == "ok" for e in out)


# -- the hostile server -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with HostileServer() as s:
        yield s


def loopback_fetcher() -> Fetcher:
    return Fetcher(timeout=1.0, delay=0, allowed_networks=["127.0.0.1/32"])


def test_every_hostile_endpoint_gives_a_page_or_a_named_failure(server):
    with loopback_fetcher() as fetcher:
        for path, code in EXPECTED.items():
            items = list(read_sources([server.url(path)], fetcher=fetcher))
            assert len(items) == 1, path
            (item,) = items
            if code is None:
                assert isinstance(item, SourcedReport), (path, item)
                assert "Gunmen attacked" in item.report.text
            else:
                assert isinstance(item, ReportFailure) and item.code == code, (path, item)
                assert item.origin == server.url(path)
    latin = list(read_sources([server.url("/latin1"), server.url("/latin1-meta")], fetcher=loopback_fetcher()))
    assert all("Café owners fled" in i.report.text for i in latin)  # type: ignore[union-attr]


def test_hostile_endpoints_through_the_command_line(server, tmp_path):
    urls = [server.url(p) for p in EXPECTED]
    db = str(tmp_path / "cw.db")
    result = CliRunner().invoke(main, ["ingest", *urls, "--db", db, "--timeout", "1", "--delay", "0", "--allow-private"])
    assert_no_traceback(result)
    assert result.exit_code == 1
    failed = failures_in(result.stderr)
    assert failed == {server.url(p): code for p, code in EXPECTED.items() if code}
    with open_store(db) as store:
        stored = store.reports()
    assert len(urls) == len(stored) + len(failed)
    assert {r.origin for r in stored} == {server.url(p) for p, code in EXPECTED.items() if code is None}


def test_watch_goes_on_through_broken_endpoints(server, tmp_path):
    links = [server.url(p) for p in ("/bad-chunked", "/trickle", "/not-http", "/ok")]
    items = "".join(f"<item><title>{i}</title><link>{link}</link><guid>{link}</guid></item>" for i, link in enumerate(links))
    server.pages["/wire.rss"] = ("application/rss+xml", (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>').encode())
    db = str(tmp_path / "cw.db")
    result = CliRunner().invoke(main, ["ingest", server.url("/wire.rss"), "--watch", "--interval", "0", "--max-polls", "2",
                                       "--db", db, "--timeout", "1", "--delay", "0", "--allow-private"])
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "poll 1: 1 reports added" in result.stdout and "poll 2: 0 reports added" in result.stdout
    assert result.stderr.count("[CW415]") == 4 and result.stderr.count("[CW413]") == 2  # both polls name them


PRIVATE_HOSTS = ["127.0.0.1", "localhost", "127.1", "0x7f000001", "2130706433", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]"]


def test_private_addresses_are_refused_by_default_after_resolution(server, tmp_path):
    links = [f"http://{host}:{server.port}/ok?via={i}" for i, host in enumerate(PRIVATE_HOSTS)]
    links += ["http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://192.168.0.1/", "http://[fe80::1]/"]
    entries = "".join(f"<item><title>{i}</title><link>{link}</link><guid>e{i}</guid></item>" for i, link in enumerate(links))
    feed = tmp_path / "hostile.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title>{entries}</channel></rss>',
                    encoding="utf-8")
    before = server.hits["/ok"]
    result = CliRunner().invoke(main, ["ingest", str(feed), server.url("/ok"), "--db", str(tmp_path / "cw.db"),
                                       "--delay", "0"])
    assert_no_traceback(result)
    assert server.hits["/ok"] == before  # not one request reached the loopback server
    failed = failures_in(result.stderr)
    assert sorted(failed) == sorted([*links, server.url("/ok")])  # each entry named by its link
    assert set(failed.values()) == {"CW414"} and "--allow-private" in result.stderr


def test_a_redirect_to_a_private_address_is_refused(server):
    fetcher = Fetcher(timeout=1, delay=0, allowed_networks=["127.0.0.1/32"])  # the server itself, nothing else
    for path in PRIVATE_REDIRECTS:
        with pytest.raises(PrivateAddressError) as refused:
            fetcher.fetch(server.url(path))
        assert refused.value.origin == server.url(path) and "redirected to" in refused.value.message
    assert fetcher.fetch(server.url("/redirect-ok")).url == server.url("/moved")  # a redirect to the same host is followed


# -- the store --------------------------------------------------------------------------------------------

def test_a_full_disk_is_a_named_failure_not_a_traceback(tmp_path):
    db = tmp_path / "cw.db"
    with open_store(str(db)) as store:
        pages = store.db.scalar("PRAGMA page_count")
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the database may barely grow: "disk full"
        filler = "Los vecinos dijeron que el mercado permaneció cerrado todo el día. " * 30  # Spanish: stored, not coded
        reports = [Report(id="", text=f"{i}. {filler}", origin=f"item-{i}") for i in range(40)]
        summary = run.ingest(store, reports)
    assert summary.failures and {f.code for f in summary.failures} == {"CW409"}
    assert all(f.origin.startswith("item-") or f.origin == "dedup" for f in summary.failures)
    assert "disk is full" in summary.failures[0].message
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    assert stored + len([f for f in summary.failures if f.origin.startswith("item-")]) == len(reports)


def test_error_codes_are_unique_and_named():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, ConflictWatchError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), sorted(codes)
    assert all(re.fullmatch(r"CW\d{3}", code) for code in codes)
