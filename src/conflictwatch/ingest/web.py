"""Web pages: polite, safe, bounded fetching and boilerplate-free text.

A fetch ends, whatever the server does. Only http:// and https:// are fetched (redirects too, at most
:data:`MAX_REDIRECTS`), with one total deadline for connect, headers and body together (a server
trickling a byte every two seconds is cut off at ``timeout``, not served forever), at most
:data:`MAX_HEADERS` headers of :data:`MAX_HEADER_BYTES` in all, and at most ``max_bytes`` of body
after decompression (announced or not). Addresses are checked after DNS resolution, on every
connection and so on every redirect: private, loopback, link-local and other non-public addresses
are refused unless ``allow_private`` (``--allow-private``), so a hostile feed cannot make us read
internal pages. A User-Agent names us; requests to one host are spaced by ``delay`` seconds.

Each failure is an :class:`~conflictwatch.errors.InputError` subclass naming the URL — a timeout,
a refused address, a reply that is not valid HTTP, too many headers, too many redirects, an HTTP
error status — which callers turn into a per-item failure. The HTTP/1.1 client is httpcore (the
transport under httpx), used directly because its network-backend interface is where the deadline
and the address check belong. Article text comes from trafilatura, which drops navigation, footers
and adverts; when it fails or finds nothing, the plain ``html_to_text`` is used instead.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import socket
import ssl
import threading
import time
import urllib.parse
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message
from typing import Any

import httpcore

from conflictwatch import __version__
from conflictwatch.errors import (
    EmptyReportError,
    FetchError,
    FetchTimeoutError,
    HTTPProtocolError,
    InputError,
    PrivateAddressError,
    ReportTooLargeError,
    ResponseHeadersTooLargeError,
    TooManyRedirectsError,
    UnsafeURLError,
)
from conflictwatch.ingest import html_to_text, parse_date
from conflictwatch.ingest.decoding import MAX_REPORT_BYTES

USER_AGENT = f"conflictwatch/{__version__} (conflict event coding; polite fetcher)"
ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
MAX_HEADERS = 200
MAX_HEADER_BYTES = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Page:
    """The bytes of one fetched URL and what the server said about them."""

    url: str  # after redirects
    content: bytes
    content_type: str
    fetched_at: str
    charset: str | None = None  # as declared in the Content-Type header


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


def address_refusal(address: str) -> str | None:
    """Why an IP address must not be fetched by default ("a loopback address" …), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, what in (("is_loopback", "a loopback"), ("is_link_local", "a link-local"), ("is_unspecified", "an unspecified"),
                       ("is_multicast", "a multicast"), ("is_private", "a private")):
        if getattr(ip, test):
            return f"{what} address"
    return None if ip.is_global else "not a public address"


class _Guard(httpcore.NetworkBackend):
    """Opens connections for httpcore: resolves the host once, refuses non-public addresses (unless
    allowed), connects to the checked address itself (no second lookup to rebind), and holds every
    read and write of the current fetch to its deadline."""

    def __init__(self, allow_private: bool, allowed_networks: Iterable[str]):
        self.allow_private = allow_private
        self.allowed = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)
        self.deadline = math.inf  # of the fetch in progress (a Fetcher fetches one URL at a time)
        self._sockets = httpcore.SyncBackend()

    def remaining(self, timeout: float | None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the deadline of this fetch has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = self._resolve(host, port)
        for address in addresses:
            self._check(host, address)
        last: Exception = httpcore.ConnectError(f"no address for {host!r}")
        for address in addresses:
            try:
                stream = self._sockets.connect_tcp(address, port, self.remaining(timeout), local_address, socket_options)
                return _DeadlineStream(stream, self)
            except httpcore.ConnectError as err:
                last = err
        raise last

    def _resolve(self, host: str, port: int) -> list[str]:
        """The host's addresses; the lookup runs in a thread so that a DNS server that never answers
        cannot hold the fetch past its deadline (the thread is left to finish on its own)."""
        found: list[Any] = []
        failed: list[BaseException] = []

        def lookup() -> None:
            try:
                found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except (OSError, UnicodeError) as err:
                failed.append(err)

        worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
        worker.start()
        worker.join(self.remaining(None))
        if worker.is_alive():
            raise httpcore.ConnectTimeout(f"no DNS answer for {host!r} before the deadline")
        if failed or not found:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {failed[0] if failed else 'no address'}")
        return list(dict.fromkeys(str(info[4][0]) for info in found))

    def _check(self, host: str, address: str) -> None:
        why = address_refusal(address)
        if why is None or self.allow_private:
            return
        if any(ipaddress.ip_address(address.split("%", 1)[0]) in net for net in self.allowed):
            return
        what = f"{address} is {why}" if host.strip("[]") == address else f"{host} resolves to {address}, {why}"
        raise PrivateAddressError(f"{what}; internal addresses are not fetched (pass --allow-private to fetch them)")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, guard: _Guard):
        self._inner = inner
        self._guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._guard.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, self._guard.remaining(timeout)),
                               self._guard)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class Fetcher:
    """Fetches URLs one at a time: ``timeout`` seconds in all per URL (redirects included), at most
    ``max_bytes``, ``delay`` seconds between two requests to the same host, public addresses only
    unless ``allow_private`` (or the address is in ``allowed_networks``, e.g. ``["127.0.0.1/32"]``)."""

    def __init__(self, timeout: float = 15.0, max_bytes: int = MAX_REPORT_BYTES, delay: float = 1.0,
                 allow_private: bool = False, allowed_networks: Iterable[str] = ()):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.delay = delay
        self._last: dict[str, float] = {}
        self._guard = _Guard(allow_private, allowed_networks)
        self._pool = httpcore.ConnectionPool(ssl_context=ssl.create_default_context(), max_connections=4, retries=0,
                                             network_backend=self._guard)

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Page:
        check_url(url)
        host = urllib.parse.urlsplit(url).hostname or ""
        wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._guard.deadline = time.monotonic() + self.timeout
        try:
            return self._follow(url)
        except InputError as err:
            if err.origin == url:
                raise
            # raised where the item's URL is not known (the address check) or for a redirect's target
            hop = f" (redirected to {err.origin})" if err.origin else ""
            raise type(err)(err.message + hop, origin=url) from err
        except httpcore.TimeoutException as err:
            raise FetchTimeoutError(f"no complete answer within {self.timeout:g} s (the limit for one fetch, "
                                    "redirects included); try again later or raise --timeout", origin=url) from err
        except httpcore.RemoteProtocolError as err:
            if "buffer too long" in str(err).lower():
                raise ResponseHeadersTooLargeError("the server sent a header (or chunk) line over 100 KB; not read",
                                                   origin=url) from err
            raise HTTPProtocolError(f"the server's reply is not valid HTTP ({_short(err)})", origin=url) from err
        except httpcore.ConnectError as err:
            raise FetchError(f"cannot connect ({_short(err)}); check the address or your network", origin=url) from err
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, ssl.SSLError, OSError) as err:
            raise FetchError(f"the connection failed ({_short(err)}); try again later", origin=url) from err
        except (ValueError, UnicodeError) as err:
            raise UnsafeURLError(f"not a URL that can be fetched ({_short(err)})", origin=url) from err
        finally:
            self._guard.deadline = math.inf
            self._last[host] = time.monotonic()

    def _follow(self, url: str) -> Page:
        current = url
        seen: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current)
            if current in seen:
                raise TooManyRedirectsError(f"the redirects go round in a loop (back to {current})", origin=url)
            seen.append(current)
            got = self._get(url, current)
            if isinstance(got, Page):
                return got
            current = got
        raise TooManyRedirectsError(f"more than {MAX_REDIRECTS} redirects", origin=url)

    def _get(self, url: str, current: str) -> Page | str:
        """The page at ``current``, or where it redirects to."""
        timeouts = {"connect": self.timeout, "read": self.timeout, "write": self.timeout, "pool": self.timeout}
        try:
            with self._pool.stream("GET", _wire_url(current), headers=_REQUEST_HEADERS,
                                   extensions={"timeout": timeouts}) as response:
                headers = _checked_headers(response.headers, url)
                if response.status in _REDIRECTS:
                    location = headers.get("location")
                    if not location:
                        raise TooManyRedirectsError(f"HTTP {response.status} without a Location to go to", origin=url)
                    return urllib.parse.urljoin(current, location)
                if response.status >= 400 or response.status < 200:
                    reason = response.extensions.get("reason_phrase", b"").decode("latin-1", "replace")[:80]
                    raise FetchError(f"HTTP {response.status} {reason}; check the address", origin=url)
                length = headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise ReportTooLargeError(
                        f"the server announces {int(length) / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.0f} MB limit; "
                        "not downloaded", origin=url)
                content = self._body(response, headers.get("content-encoding", ""), url)
                kind = Message()
                kind["content-type"] = headers.get("content-type", "application/octet-stream")
                charset = kind.get_param("charset")
                return Page(current, content, kind.get_content_type(), _now(), charset if isinstance(charset, str) else None)
        except PrivateAddressError as err:
            raise PrivateAddressError(err.message, origin=current) from err

    def _body(self, response: httpcore.Response, encoding: str, url: str) -> bytes:
        """The body, decompressed, cut off (and refused) once it is over ``max_bytes``."""
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            inflate = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(wbits=47)  # 32 + 15: a gzip or zlib header, detected
        else:
            raise HTTPProtocolError(f"the body is compressed as {encoding!r}, which we did not ask for", origin=url)
        body = bytearray()
        try:
            for chunk in response.iter_stream():  # type: ignore[union-attr]
                body += inflate.decompress(chunk, self.max_bytes + 1 - len(body)) if inflate else chunk
                if len(body) > self.max_bytes:
                    raise ReportTooLargeError(
                        f"the page is larger than the {self.max_bytes / 1e6:.0f} MB limit; download stopped", origin=url)
            if inflate:
                body += inflate.flush()[: self.max_bytes + 1 - len(body)]
        except zlib.error as err:
            raise HTTPProtocolError(f"the body is not valid {encoding} ({err})", origin=url) from err
        if len(body) > self.max_bytes:
            raise ReportTooLargeError(f"the page is larger than the {self.max_bytes / 1e6:.0f} MB limit", origin=url)
        return bytes(body)


_REQUEST_HEADERS = [(b"User-Agent", USER_AGENT.encode()), (b"Accept", b"*/*"), (b"Accept-Encoding", b"gzip, deflate")]


def _checked_headers(raw: list[tuple[bytes, bytes]], url: str) -> dict[str, str]:
    if len(raw) > MAX_HEADERS or sum(len(k) + len(v) + 4 for k, v in raw) > MAX_HEADER_BYTES:
        raise ResponseHeadersTooLargeError(
            f"the server sent {len(raw)} headers, {sum(len(k) + len(v) for k, v in raw):,} bytes (at most "
            f"{MAX_HEADERS} and {MAX_HEADER_BYTES:,} bytes are read); not read", origin=url)
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}


def _wire_url(url: str) -> str:
    """The URL as sent: an IDNA host, a percent-encoded path and query."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _short(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= 160 else text[:157] + "..."


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
            published = _page_date(meta.get("date"), origin)
    except (ImportError, ValueError, TypeError, AttributeError, LookupError, RecursionError, AssertionError, MemoryError):
        text = ""  # trafilatura (or lxml) could not parse this page: the tag stripper below still can
    if not text:
        text, fallback_title = html_to_text(markup)
        title = title or fallback_title
    if not text.strip():
        raise EmptyReportError("the HTML page has no visible text", origin=origin)
    return Article(text, title, published, outlet)


def _page_date(value: Any, origin: str) -> dt.date | None:
    """The date trafilatura found in a page: a guess, so one that is not a plausible ISO day is dropped."""
    try:
        return parse_date(str(value)[:10], origin) if value else None
    except InputError:
        return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
