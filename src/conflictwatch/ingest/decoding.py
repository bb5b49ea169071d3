"""Bytes to text, the same way for every reader: byte-order marks first (UTF-8, UTF-16, UTF-32), then a
declared charset (an HTTP header, an HTML ``<meta charset>``), then UTF-8. Binary files are refused by
the share of control bytes, not by one NUL byte, so one bad byte in a batch costs one row, not the file.

Batches (JSONL, CSV) are read as a stream of numbered physical lines with bounded length; a line that
cannot be decoded or is too long becomes an error for that line only.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from conflictwatch.errors import (
    BinaryInputError,
    EmptyReportError,
    EncodingError,
    InputError,
    ReportTooLargeError,
)

MAX_REPORT_BYTES = 5_000_000  # a report larger than this is not an article: refuse it, say why
MAX_LINE_CHARS = MAX_REPORT_BYTES  # one JSONL line / CSV physical line

_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What browsers do (WHATWG Encoding): a page labelled latin-1 or ASCII is decoded as windows-1252
_WEB_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(rb"<meta[^<>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an undecodable byte kept by errors="surrogateescape"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Codec:
    name: str  # Python codec name
    bom: int  # bytes of byte-order mark to skip
    label: str  # as declared or detected, for messages


def sniff_codec(head: bytes, declared: str | None, origin: str) -> Codec:
    """The codec for bytes starting with ``head``: a BOM wins, then ``declared``, then UTF-8."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Codec(name, len(bom), name.upper() + " (byte-order mark)")
    if declared:
        label = declared.strip().strip("\"'")
        try:
            name = codecs.lookup(label).name
        except LookupError as err:
            raise EncodingError(f"the declared charset {label!r} is unknown; re-save the file as UTF-8",
                                origin=origin) from err
        return Codec(_WEB_ALIASES.get(name, name), 0, label)
    return Codec("utf-8", 0, "UTF-8")


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, origin: str, declared: str | None = None, html: bool = False) -> str:
    """One report's bytes to text: refuse empty, binary, oversized or undecodable input with the reason."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportTooLargeError(
            f"{len(data) / 1e6:.1f} MB is larger than the {MAX_REPORT_BYTES / 1e6:.0f} MB limit for one report; "
            "split it into articles", origin=origin)
    if not data.strip():
        raise EmptyReportError("the report is empty", origin=origin)
    codec = sniff_codec(data[:4], declared or (html_charset(data) if html else None), origin)
    if codec.bom == 0 and not codec.name.startswith(("utf-16", "utf-32")):
        check_not_binary(data[:8192], origin)
    text = _decode_strict(data[codec.bom:], codec, origin)
    if codec.bom:
        check_not_binary(text[:8192], origin)
    if not text.strip():
        raise EmptyReportError("the report is empty", origin=origin)
    nul = text.find("\x00")
    if nul >= 0:
        raise BinaryInputError(f"a NUL character at character {nul}; a text report cannot hold one — remove it",
                               origin=origin)
    return text


def _decode_strict(data: bytes, codec: Codec, origin: str) -> str:
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as err:
        if codec.name == "cp1252":  # the five bytes windows-1252 leaves undefined are latin-1's C1 controls
            return data.decode("latin-1")
        raise EncodingError(
            f"not valid {codec.label} (byte {err.start + codec.bom}: {data[err.start:err.start + 1]!r}); "
            "re-save the file as UTF-8", origin=origin) from err


def check_not_binary(chunk: bytes | str, origin: str) -> None:
    """Refuse a chunk in which more than a tenth of the bytes (or characters) are control codes."""
    if not chunk:
        return
    codes = chunk if isinstance(chunk, bytes) else [ord(c) for c in chunk]
    control = sum(1 for b in codes if b < 9 or 13 < b < 32)
    if control / len(chunk) > 0.1:
        hint = " (if it is UTF-16 text, save it with a byte-order mark or as UTF-8)" if _alternate_nuls(codes) else ""
        raise BinaryInputError(f"this looks like a binary file, not a text report{hint}", origin=origin)


def _alternate_nuls(codes: bytes | list[int]) -> bool:
    """Whether every other byte is NUL, as in UTF-16 text of Latin letters."""
    even, odd = codes[0::2], codes[1::2]
    return any(len(half) > 8 and sum(1 for b in half if b == 0) > 0.9 * len(half) for half in (even, odd))


def undecodable(line: str, encoding: str = "UTF-8") -> str | None:
    """A message for the first byte ``errors="surrogateescape"`` could not decode, or None."""
    match = _ESCAPED_BYTE.search(line)
    if match is None:
        return None
    return f"byte 0x{ord(match.group()) - 0xDC00:02x} at column {match.start() + 1} is not valid {encoding}"


def lone_surrogate(value: str) -> int | None:
    """Where a lone UTF-16 surrogate (half of a pair, e.g. JSON ``"\\ud800"``) sits, or None."""
    match = _SURROGATE.search(value)
    return match.start() if match else None


def text_lines(handle: IO[bytes], origin: str, newline: str | None = "") -> Iterator[tuple[int, str | InputError]]:
    """Numbered physical lines of a batch file, decoded by its BOM (else UTF-8); an undecodable or
    overlong line is an :class:`InputError` for that line. ``newline`` as for :func:`open` ("" splits
    on \\n, \\r\\n and \\r; "\\n" keeps a bare \\r inside a line)."""
    buffered = peekable(handle)
    head = buffered.peek(8192)[:8192]
    codec = sniff_codec(head[:4], None, origin)
    if codec.bom:
        buffered.read(codec.bom)
        check_not_binary(head[codec.bom:].decode(codec.name, errors="replace"), origin)
    else:
        check_not_binary(head, origin)
    stream = io.TextIOWrapper(buffered, encoding=codec.name, errors="surrogateescape", newline=newline)
    number = 0
    while True:
        line = stream.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            while line and not line.endswith(("\n", "\r")):  # skip the rest of this line, in bounded pieces
                line = stream.readline(MAX_LINE_CHARS)
            yield number, ReportTooLargeError(
                f"the line is longer than {MAX_LINE_CHARS:,} characters; one report must be smaller", origin=where)
            continue
        bad = undecodable(line, codec.label)
        if bad:
            yield number, EncodingError(f"{bad}; re-save the file as UTF-8", origin=where)
            continue
        yield number, line


def peekable(handle: IO[bytes]) -> io.BufferedReader:
    """``handle`` as a buffered reader whose head can be looked at without consuming it."""
    if isinstance(handle, io.BufferedReader):
        return handle
    return io.BufferedReader(handle)  # type: ignore[arg-type]


def line_ending(handle: io.BufferedReader) -> str:
    """The newline argument for a CSV file: "\\n" when it has LF line ends (a bare CR is then data),
    "\\r" when it only has CRs (old Mac files)."""
    head = handle.peek(65536)[:65536]
    return "\r" if b"\r" in head and b"\n" not in head else "\n"
