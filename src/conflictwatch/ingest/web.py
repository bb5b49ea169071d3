"""Web pages: polite, safe fetching and boilerplate-free text.

Only http:// and https:// are fetched (redirects too), with a timeout, a size cap read before the
body is (the Content-Length header) and while it is (never more than the cap plus one byte), a
User-Agent that names us, and a pause between two requests to one host. Each failure is a
:class:`~conflictwatch.errors.FetchError` (or a subclass of InputError) naming the URL; callers
turn it into a per-item failure. Article text comes from trafilatura, which drops navigation,
footers and adverts; when it fails or finds nothing, the plain ``html_to_text`` is used instead.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from conflictwatch import __version__
from conflictwatch.errors import EmptyReportError, FetchError, ReportTooLargeError, UnsafeURLError
from conflictwatch.ingest import MAX_REPORT_BYTES, html_to_text

USER_AGENT = f"conflictwatch/{__version__} (conflict event coding; polite fetcher)"
ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Page:
    """The bytes of one fetched URL and what the server said about them."""

    url: str  # after redirects
    content: bytes
    content_type: str
    fetched_at: str


@dataclass(frozen=True)
class Article:
    """The readable text of an HTML page and its metadata (title, date, outlet) where the page gives them."""

    text: str
    title: str | None
    published: dt.date | None
    outlet: str | None


def is_url(item: str) -> bool:
    return "://" in item and not item.startswith("sqlite:")


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host, else :class:`UnsafeURLError`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeURLError(f"only http:// and https:// URLs are fetched, not {parts.scheme or 'this'}://", origin=url)
    return url


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """Fetches URLs one at a time: ``timeout`` seconds, at most ``max_bytes``, ``delay`` seconds between
    two requests to the same host."""

    def __init__(self, timeout: float = 15.0, max_bytes: int = MAX_REPORT_BYTES, delay: float = 1.0):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.delay = delay
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_SafeRedirects())

    def fetch(self, url: str) -> Page:
        check_url(url)
        host = urllib.parse.urlsplit(url).hostname or ""
        wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                headers: Message = response.headers
                length = headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise ReportTooLargeError(
                        f"the server announces {int(length) / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.0f} MB limit; "
                        "not downloaded", origin=url)
                content = response.read(self.max_bytes + 1)
                if len(content) > self.max_bytes:
                    raise ReportTooLargeError(
                        f"the page is larger than the {self.max_bytes / 1e6:.0f} MB limit; download stopped", origin=url)
                return Page(response.geturl(), content, headers.get_content_type(), _now())
        except urllib.error.HTTPError as err:
            raise FetchError(f"HTTP {err.code} {err.reason}; check the address", origin=url) from err
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise FetchError(f"no answer within {self.timeout:g} s; try again later", origin=url) from err
            raise FetchError(f"cannot connect ({reason}); check the address or your network", origin=url) from err
        except TimeoutError as err:
            raise FetchError(f"no answer within {self.timeout:g} s; try again later", origin=url) from err
        except (ConnectionError, OSError) as err:
            if isinstance(err, ReportTooLargeError):
                raise
            raise FetchError(f"the connection failed ({err}); try again later", origin=url) from err
        finally:
            self._last[host] = time.monotonic()


def extract_article(markup: str, origin: str) -> Article:
    """Main text of a page without boilerplate (trafilatura), falling back to the plain tag stripper."""
    text, title, published, outlet = "", None, None, None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=False)
        if doc is not None:
            # a Document in trafilatura 2, a dict in 1.x
            meta = doc if isinstance(doc, dict) else {k: getattr(doc, k, None) for k in ("text", "title", "sitename", "date")}
            text = (meta.get("text") or "").strip()
            title, outlet = meta.get("title") or None, meta.get("sitename") or None
            if meta.get("date"):
                try:
                    published = dt.date.fromisoformat(str(meta["date"])[:10])
                except ValueError:
                    published = None
    except (ImportError, ValueError, TypeError, AttributeError, LookupError):
        text = ""  # trafilatura (or lxml) could not parse this page: the tag stripper below still can
    if not text:
        text, fallback_title = html_to_text(markup)
        title = title or fallback_title
    if not text.strip():
        raise EmptyReportError("the HTML page has no visible text", origin=origin)
    return Article(text, title, published, outlet)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
