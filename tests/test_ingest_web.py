"""Ingest from the web and from batches: pages (boilerplate removed), RSS feeds, --watch, CSV; and bad
input — an unreachable URL, a 404, a feed that is not XML, a 30 MB page, a CSV without text — each a
clear per-item error while the rest of the batch is stored. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch import run
from conflictwatch.cli import main
from conflictwatch.errors import UnsafeURLError
from conflictwatch.ingest.language import detect_language
from conflictwatch.ingest.sources import read_sources
from conflictwatch.ingest.web import Fetcher, check_url, extract_article
from conflictwatch.store import open_store

ARTICLE = """<html><head><title>Gunmen kill two officers in Kunduz</title>
<meta property="og:site_name" content="Kabul Daily"><meta name="date" content="2021-06-13"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now for unlimited access</nav>
<article><h1>Gunmen kill two officers in Kunduz</h1>
<p>Taliban fighters attacked a police checkpoint on the outskirts of Kunduz city on Saturday, 12 June 2021,
killing two policemen, a provincial police spokesman said.</p>
<p>The attackers fled after a gunfight that lasted two hours, residents said.</p></article>
<footer>Copyright 2021 Kabul Daily. Cookie settings. Advertise with us.</footer></body></html>"""

ARTICLE_2 = ARTICLE.replace("Kunduz", "Baghlan").replace("two policemen", "three soldiers").replace("12 June", "14 June")
ARTICLE_3 = ARTICLE.replace("Kunduz", "Herat").replace("12 June", "15 June")


def rss(*items: str) -> bytes:
    entries = "".join(
        f"<item><title>Report {i}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Sun, 13 Jun 2021 08:00:00 GMT</pubDate><description>summary {i}</description></item>"
        for i, link in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Conflict Wire</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{entries}</channel></rss>").encode()


class Site:
    """A tiny local web site whose pages the tests change as they go."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                if self.path == "/huge.html":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(30_000_000))
                    self.end_headers()
                    try:
                        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
                        for _ in range(30_000_000 // len(chunk)):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client stopped reading, as it should
                    return
                if self.path not in site.pages:
                    self.send_error(404, "Not Found")
                    return
                kind, body = site.pages[self.path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture()
def site():
    s = Site()
    s.thread.start()
    s.pages["/kunduz.html"] = ("text/html; charset=utf-8", ARTICLE.encode())
    s.pages["/baghlan.html"] = ("text/html; charset=utf-8", ARTICLE_2.encode())
    s.pages["/herat.html"] = ("text/html; charset=utf-8", ARTICLE_3.encode())
    s.pages["/not-xml.rss"] = ("application/rss+xml", b"this is { not xml, just words and braces")
    yield s
    s.server.shutdown()
    s.server.server_close()


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def fetcher() -> Fetcher:
    return Fetcher(timeout=5, delay=0, allow_private=True)  # the test site is on loopback


def test_article_text_drops_navigation_and_footer():
    article = extract_article(ARTICLE, "a.html")
    assert "Taliban fighters attacked" in article.text
    assert "Subscribe" not in article.text and "Cookie" not in article.text
    assert article.title == "Gunmen kill two officers in Kunduz"
    assert article.outlet == "Kabul Daily" and article.published == dt.date(2021, 6, 13)


def test_broken_html_falls_back_to_the_tag_stripper():
    article = extract_article("<p>Clashes erupted in the town on Monday, killing two people.", "b.html")
    assert "Clashes erupted" in article.text


def test_only_http_and_https_are_fetched():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
        with pytest.raises(UnsafeURLError):
            check_url(url)


def test_a_page_by_url_keeps_its_provenance(site, tmp_path):
    with open_store(str(tmp_path / "cw.db")) as store:
        summary = run.ingest_sources(store, [site.url("/kunduz.html")], fetcher=fetcher())
        assert summary.added == 1 and not summary.failures
        report = store.reports()[0]
        assert report.url == site.url("/kunduz.html") and report.outlet == "Kabul Daily"
        assert report.title.startswith("Gunmen kill") and report.published == "2021-06-13"
        assert report.fetched_at and report.language == "en" and report.status == "coded"
        event = store.events()[0]
        assert event.event.location == "Kunduz" and event.sources[0].url == site.url("/kunduz.html")


def test_bad_items_each_get_a_clear_error_and_the_rest_is_stored(site, tmp_path):
    (tmp_path / "no-text.csv").write_text("id,headline,published\n1,Clashes in Kunduz,2021-06-12\n", encoding="utf-8")
    (tmp_path / "good.csv").write_text(
        "id,text,published,source,url\n"
        "9,\"Boko Haram fighters fired rockets into Maiduguri on 23 February 2021, killing 10 people.\",2021-02-24,"
        "Lagos Herald,http://127.0.0.1/x\n2,,2021-02-24,,\n", encoding="utf-8")
    unreachable = f"http://127.0.0.1:{closed_port()}/report.html"
    items = [unreachable, site.url("/missing.html"), site.url("/not-xml.rss"), site.url("/huge.html"),
             str(tmp_path / "no-text.csv"), str(tmp_path / "good.csv"), site.url("/kunduz.html"), "file:///etc/hosts"]
    db = str(tmp_path / "cw.db")
    result = CliRunner().invoke(main, ["ingest", *items, "--db", db, "--delay", "0", "--timeout", "5",
                                             "--allow-private"])
    assert result.exit_code == 1
    err = result.stderr
    assert f"{unreachable}: cannot connect" in err and "[CW410]" in err
    assert f"{site.url('/missing.html')}: HTTP 404" in err
    assert f"{site.url('/not-xml.rss')}: not an RSS/Atom feed" in err and "[CW412]" in err
    assert f"{site.url('/huge.html')}:" in err and "limit" in err and "[CW103]" in err
    assert "no-text.csv: the CSV has no \"text\" column (columns: id, headline, published)" in err
    assert "good.csv:3: empty \"text\"" in err
    assert "only http:// and https://" in err and "[CW411]" in err
    assert "2 reports added" in result.stdout
    with open_store(db) as store:
        reports = store.reports()
        assert {r.outlet for r in reports} == {"Lagos Herald", "Kabul Daily"}
        assert len(store.events()) == 2


def test_a_feed_is_ingested_entry_by_entry_and_watch_picks_up_only_new_entries(site, tmp_path):
    site.pages["/feed.rss"] = ("application/rss+xml", rss(site.url("/kunduz.html"), site.url("/baghlan.html")))

    def publish_more(_seconds: float) -> None:
        site.pages["/feed.rss"] = ("application/rss+xml", rss(site.url("/kunduz.html"), site.url("/baghlan.html"),
                                                              site.url("/herat.html")))

    with open_store(str(tmp_path / "cw.db")) as store:
        polls = run.watch(store, [site.url("/feed.rss")], interval=0, max_polls=3, fetcher=fetcher(), sleep=publish_more)
    assert [p.added for p in polls] == [2, 1, 0]
    assert site.hits["/feed.rss"] == 3
    assert site.hits["/kunduz.html"] == site.hits["/baghlan.html"] == site.hits["/herat.html"] == 1
    with open_store(str(tmp_path / "cw.db")) as store:
        reports = store.reports()
        assert len(reports) == 3 and {r.published for r in reports} == {"2021-06-13"}
        assert all(r.url and r.url.startswith(site.base) for r in reports)


def test_watch_from_the_command_line_is_bounded(site, tmp_path):
    site.pages["/feed.rss"] = ("application/rss+xml", rss(site.url("/kunduz.html")))
    result = CliRunner().invoke(main, ["ingest", site.url("/feed.rss"), "--watch", "--interval", "0", "--max-polls", "2",
                                       "--db", str(tmp_path / "cw.db"), "--delay", "0", "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "poll 1: 1 reports added" in result.stdout and "poll 2: 0 reports added" in result.stdout


def test_feed_file_with_summaries_only(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss("").replace(b"summary 0", b"Taliban fighters attacked a police checkpoint in Kunduz on "
                                                   b"12 June 2021, killing two policemen."))
    items = list(read_sources([str(feed)], fetcher=fetcher()))
    assert len(items) == 1 and "Taliban fighters" in items[0].report.text
    assert items[0].report.source == "Conflict Wire"


def test_language_heuristic():
    assert detect_language(ARTICLE) == "en"
    assert detect_language("Les combats ont fait trois morts dans la ville selon les autorités et des témoins.") == "fr"
    assert detect_language("Los enfrentamientos dejaron tres muertos en la ciudad, según las autoridades.") == "es"
    assert detect_language("Ожесточённые бои продолжались весь день, погибли три человека.") == "ru"
    qamishli = (Path(__file__).resolve().parents[1] / "examples" / "qamishli-statement-2020.txt").read_text("utf-8")
    assert detect_language(qamishli) == "en"  # a few Syriac letters in an English statement
