"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, one behaviour per path.

Each behaviour writes raw bytes to the socket (no HTTP library on this side), so it can send what no
well-behaved server would: a bad status line, a non-HTTP greeting, a 100 KB header, broken chunks, a
byte every few tenths of a second, a gzip bomb. ``EXPECTED`` says what the fetcher must make of each:
a stored page (None) or the code of the named failure.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable

TRICKLE_PAUSE = 0.3  # seconds between two bytes of a trickling reply; the tests' fetch deadline is 1 s


def article(place: str, extra: str = "") -> str:
    return (f"<html><head><title>Clashes near {place}</title></head><body><article>"
            f"<p>Gunmen attacked an army post near {place} on Saturday, 12 June 2021, killing three soldiers, "
            f"a local official said.{extra}</p><p>Residents of {place} said the fighting lasted two hours.</p>"
            "</article></body></html>")


def _head(status: str = "200 OK", headers: tuple[str, ...] = (), kind: str = "text/html; charset=utf-8",
          length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {kind}", "Connection: close", *headers]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _page(body: bytes, kind: str = "text/html; charset=utf-8", status: str = "200 OK",
          headers: tuple[str, ...] = ()) -> Callable[[HostileServer, socket.socket], None]:
    def send(_server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(_head(status, headers, kind, len(body)) + body)
    return send


def _raw(data: bytes) -> Callable[[HostileServer, socket.socket], None]:
    def send(_server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(data)
    return send


def _trickle(server: HostileServer, conn: socket.socket, data: bytes) -> None:
    for i in range(len(data)):
        if server.stopping.wait(TRICKLE_PAUSE):
            return
        conn.sendall(data[i:i + 1])


def _trickle_body(server: HostileServer, conn: socket.socket) -> None:
    body = article("Trickle").encode()
    conn.sendall(_head(length=len(body)))
    _trickle(server, conn, body)


def _trickle_headers(server: HostileServer, conn: socket.socket) -> None:
    _trickle(server, conn, _head(length=10) + b"<p>hi</p>\n")


def _silent(server: HostileServer, _conn: socket.socket) -> None:
    server.stopping.wait(30)


def _chunked(chunks: bytes) -> Callable[[HostileServer, socket.socket], None]:
    return _raw(_head(headers=("Transfer-Encoding: chunked",)) + chunks)


def _big_stream(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(_head(headers=("Transfer-Encoding: chunked",)))
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    for _ in range(200):  # 13 MB, over the 5 MB limit
        if server.stopping.is_set():
            return
        conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.sendall(b"0\r\n\r\n")


def _reset(_server: HostileServer, conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST


def _redirect(location: str) -> Callable[[HostileServer, socket.socket], None]:
    def send(server: HostileServer, conn: socket.socket) -> None:
        conn.sendall(_head("302 Found", (f"Location: {location.format(base=server.base, port=server.port)}",), length=0))
    return send


LATIN1 = article("Kunduz", " Caf\u00e9 owners fled.").replace("<head>", '<head><meta charset="iso-8859-1">')
_BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)
_REDIRECT_CHAIN = {f"/chain{i}": _redirect(f"/chain{i + 1}") for i in range(8)}

BEHAVIOURS: dict[str, Callable[[HostileServer, socket.socket], None]] = {
    "/ok": _page(article("Kunduz").encode()),
    "/latin1": _page(LATIN1.encode("latin-1"), kind="text/html; charset=iso-8859-1"),
    "/latin1-meta": _page(LATIN1.replace("Kunduz", "Baghlan").encode("latin-1"), kind="text/html"),
    "/many-headers": _page(article("Herat").encode(), headers=tuple(f"X-Filler-{i}: {i}" for i in range(150))),
    "/gzip-ok": _page(gzip.compress(article("Ghazni").encode()), headers=("Content-Encoding: gzip",)),
    "/redirect-ok": _redirect("/moved"),
    "/moved": _page(article("Faryab").encode()),
    "/404": _page(b"<p>no such page</p>", status="404 Not Found"),
    "/500": _page(b"<p>oops</p>", status="500 Internal Server Error"),
    "/bad-status": _raw(b"HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n"),
    "/not-http": _raw(b"SSH-2.0-OpenSSH_9.6\r\n"),
    "/empty-reply": _raw(b""),
    "/no-colon-header": _raw(b"HTTP/1.1 200 OK\r\nthis header has no colon\r\nContent-Length: 2\r\n\r\nhi"),
    "/bad-length": _raw(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello"),
    "/huge-header": _raw(_head(headers=("X-Huge: " + "a" * 100_000,), length=2) + b"hi"),
    "/too-many-headers": _page(b"<p>hi</p>", headers=tuple(f"X-Many-{i}: {i}" for i in range(1000))),
    "/bad-chunked": _chunked(b"zz\r\nhello\r\n0\r\n\r\n"),
    "/truncated-chunked": _chunked(b"3e8\r\n<p>only a few bytes"),
    "/short-body": _raw(_head(length=5000) + b"<p>short</p>"),
    "/trickle": _trickle_body,
    "/trickle-headers": _trickle_headers,
    "/silent": _silent,
    "/big-announced": _raw(_head(length=30_000_000) + b"<p>"),
    "/big-streamed": _big_stream,
    "/gzip-bomb": _page(_BOMB, headers=("Content-Encoding: gzip",)),
    "/bad-gzip": _page(b"this is not gzip at all", headers=("Content-Encoding: gzip",)),
    "/brotli": _page(b"\x1b\x00\x00", headers=("Content-Encoding: br",)),
    "/redirect-loop": _redirect("/redirect-loop"),
    **_REDIRECT_CHAIN,
    "/redirect-no-location": _raw(_head("302 Found", length=0)),
    "/redirect-file": _redirect("file:///etc/passwd"),
    "/binary": _page(bytes(range(256)) * 40, kind="image/png"),
    "/bogus-charset": _page(article("Kabul").encode(), kind="text/html; charset=x-no-such-charset"),
    "/no-text": _page(b"<html><head><script>var x = 1;</script></head><body></body></html>"),
    "/reset": _reset,
}

# redirects to addresses other than the server's own 127.0.0.1: refused when only 127.0.0.1/32 is allowed
PRIVATE_REDIRECTS = {"/to-127.0.0.2": "http://127.0.0.2:{port}/ok", "/to-ipv6-loopback": "http://[::1]:{port}/ok",
                     "/to-decimal": "http://2130706434:{port}/ok", "/to-metadata": "http://169.254.169.254/latest/"}
BEHAVIOURS.update({path: _redirect(target) for path, target in PRIVATE_REDIRECTS.items()})

# what a fetch of each path must give: None for a stored page, else the failure's code
EXPECTED: dict[str, str | None] = {
    "/ok": None, "/latin1": None, "/latin1-meta": None, "/many-headers": None, "/gzip-ok": None, "/redirect-ok": None,
    "/404": "CW410", "/500": "CW410", "/bad-status": "CW415", "/not-http": "CW415", "/empty-reply": "CW415",
    "/no-colon-header": "CW415", "/bad-length": "CW415", "/huge-header": "CW416", "/too-many-headers": "CW416",
    "/bad-chunked": "CW415", "/truncated-chunked": "CW415", "/short-body": "CW415", "/trickle": "CW413",
    "/trickle-headers": "CW413", "/silent": "CW413", "/big-announced": "CW103", "/big-streamed": "CW103",
    "/gzip-bomb": "CW103", "/bad-gzip": "CW415", "/brotli": "CW415", "/redirect-loop": "CW417", "/chain0": "CW417",
    "/redirect-no-location": "CW417", "/redirect-file": "CW411", "/binary": "CW102", "/bogus-charset": "CW104",
    "/no-text": "CW101", "/reset": "CW410",
}


class HostileServer:
    """Serves :data:`BEHAVIOURS` on 127.0.0.1, one thread per connection; counts hits per path."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.hits: Counter[str] = Counter()
        self.pages: dict[str, tuple[str, bytes]] = {}  # extra pages a test adds (path -> type, body)
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._thread.join(5)
        self.sock.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            self.hits[path] += 1
            if path in self.pages:
                kind, body = self.pages[path]
                _page(body, kind=kind)(self, conn)
            else:
                BEHAVIOURS.get(path, _page(b"<p>not found</p>", status="404 Not Found"))(self, conn)
            time.sleep(0.05)  # let the client read before the close
        except OSError:
            pass  # the client hung up, as it should on a hostile reply
        finally:
            conn.close()
