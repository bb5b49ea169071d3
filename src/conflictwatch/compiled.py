"""Derived data kept on disk between runs — compiled regular expressions, built tables — so start-up
does not build them again.

The coder's rules, cue lists and actor dictionary become a few hundred regular expressions, some of them
tries of thousands of aliases; Python's ``re`` compiles each in pure Python (parse, then code generation),
about half a second of every start-up. What ``re`` hands to its C engine for a pattern — its code words,
flags and group names — depends only on the pattern's text and flags and on the Python build, so it is
kept in one file under the data dir (``cache/patterns.bin``), keyed by a SHA-256 of the text and the flags:
an edited rule is a new key, never a stale hit. The file names the Python build it was written by and carries
a SHA-256 of its contents; a file of another build, a truncated or altered file, or one that cannot be
read is ignored (the patterns are compiled as usual, and the file is written anew when it can be), so the
cache changes how fast a pattern is built, never what it matches. Each entry is checked on the run that
writes it: the pattern rebuilt from the saved words must equal ``re.compile``'s (``==`` on patterns
compares their code), else it is not kept.

Tables built from data files (the actor dictionary) are kept beside it by :func:`load_or_build`, under
a key hashed from the files they are built from and the code that builds them: a changed file or a new
version of the code is a new key, and the table is built again. Such a file too carries its SHA-256 and
is read back only as the classes it is allowed to hold; a damaged, foreign or unreadable file is rebuilt.
Set ``CONFLICTWATCH_CACHE=off`` to build everything afresh in every process.

    >>> from conflictwatch.compiled import compile_pattern
    >>> compile_pattern(r"(?i)\\bgunmen\\b").search("Gunmen attacked") is not None
    True
"""

from __future__ import annotations

import atexit
import base64
import binascii
import hashlib
import io
import json
import os
import pickle
import re
import sys
import threading
from array import array
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_MAGIC = b"conflictwatch-patterns 2\n"
_FILENAME = "patterns.bin"
_MAX_CODE_BYTES = 16 * 2**20  # past this, a save keeps only the patterns this process used
# flags, groups, groupindex, indexgroup, code words (bytes; as read from a file, base64 text decoded on first use)
_Parts = tuple[int, int, dict[str, int], tuple[str | None, ...], bytes | str]


def _build_tag() -> str:
    """What the saved code words depend on besides the pattern: the interpreter and its regex engine."""
    import _sre

    return f"{sys.implementation.cache_tag} {sys.version} sre {_sre.MAGIC}/{_sre.CODESIZE}"


def _parts_of(pattern: str, flags: int) -> _Parts | None:
    """What ``re`` passes to its engine for ``pattern`` (the steps of ``re._compiler.compile``), or None
    when this Python's internals differ from the ones read here."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        words = array("I", code)
    except (AttributeError, ImportError, TypeError, OverflowError, ValueError):
        return None
    return flags | parsed.state.flags, parsed.state.groups - 1, groupindex, tuple(indexgroup), words.tobytes()


def _restore(pattern: str, parts: _Parts) -> re.Pattern[str]:
    import _sre

    flags, groups, groupindex, indexgroup, code = parts
    words = array("I")
    words.frombytes(base64.b64decode(code, validate=True) if isinstance(code, str) else code)
    return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)  # type: ignore[no-any-return]


class PatternCache:
    """Patterns by (text, flags), read from ``path`` on first use and written back by :meth:`save`."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        self._saved: dict[tuple[str, int], _Parts] | None = None  # read lazily: most commands need no patterns
        self._new: dict[tuple[str, int], _Parts] = {}
        self._used: set[tuple[str, int]] = set()
        self.hits = self.misses = 0

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from the saved code when there is some."""
        flags = int(flags)
        if not flags & re.ASCII and isinstance(pattern, str):
            flags |= re.UNICODE  # what re adds to every str pattern: re.compile(p, re.I) is re.compile(p, re.I | re.U)
        # keyed by the text's digest: the file holds no copy of the texts (the actor tries are long), and
        # the pattern is rebuilt on the caller's own text
        key = (hashlib.sha256(pattern.encode("utf-8", "surrogatepass")).hexdigest(), flags)
        with self._lock:
            if self._saved is None:
                self._saved = self._read()
            parts = self._saved.get(key) or self._new.get(key)
        if parts is not None:
            try:
                compiled = _restore(pattern, parts)
            except (RuntimeError, TypeError, ValueError, OverflowError, binascii.Error):
                compiled = None  # saved words this engine refuses: compile as if nothing were saved
            if compiled is not None:
                self.hits += 1
                self._used.add(key)
                return compiled
        compiled = re.compile(pattern, flags)
        self.misses += 1
        if self.path is not None:
            found = _parts_of(pattern, flags)
            try:
                same = found is not None and _restore(pattern, found) == compiled
            except (RuntimeError, TypeError, ValueError, OverflowError):
                same = False
            if same and found is not None:
                with self._lock:
                    self._new[key] = found
                    self._used.add(key)
        return compiled

    @property
    def dirty(self) -> bool:
        return bool(self._new)

    def _read(self) -> dict[tuple[str, int], _Parts]:
        if self.path is None:
            return {}
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        return _decode(blob, _build_tag())

    def save(self) -> bool:
        """Write the saved and the new patterns to ``path`` (atomically); False when nothing was new or
        the directory cannot be written (a read-only data dir only costs the next run the compiling)."""
        with self._lock:
            if not self._new or self.path is None:
                return False
            entries = {**(self._saved or {}), **self._new}
            if sum(len(p[4]) for p in entries.values()) > _MAX_CODE_BYTES:
                entries = {k: v for k, v in entries.items() if k in self._used}
            blob = _encode(entries, _build_tag())
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(blob)
                os.replace(tmp, self.path)
            except OSError:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass
                return False
            self._saved, self._new = entries, {}
            return True


def _encode(entries: dict[tuple[str, int], _Parts], tag: str) -> bytes:
    rows = [[digest, flags, parts[0], parts[1], parts[2], list(parts[3]),
             parts[4] if isinstance(parts[4], str) else base64.b64encode(parts[4]).decode("ascii")]
            for (digest, flags), parts in sorted(entries.items())]
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"build": tag, "sha256": hashlib.sha256(payload).hexdigest()}).encode("utf-8")
    return _MAGIC + header + b"\n" + payload


def _decode(blob: bytes, tag: str) -> dict[tuple[str, int], _Parts]:
    """The entries of a cache file; {} for a file of another build, a damaged file or anything else."""
    if not blob.startswith(_MAGIC):
        return {}
    header_line, _, payload = blob[len(_MAGIC):].partition(b"\n")
    try:
        header = json.loads(header_line)
        if not isinstance(header, dict) or header.get("build") != tag:
            return {}
        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
            return {}
        rows = json.loads(payload)
        entries: dict[tuple[str, int], _Parts] = {}
        for digest, flags, final_flags, groups, groupindex, indexgroup, code in rows:
            entries[(str(digest), int(flags))] = (int(final_flags), int(groups), dict(groupindex),
                                                  tuple(indexgroup), str(code))  # decoded when used
    except (ValueError, TypeError, UnicodeDecodeError):
        return {}
    return entries


_default: PatternCache | None = None
_default_lock = threading.Lock()


def default_cache() -> PatternCache:
    """The process's cache, in the data dir (``$CONFLICTWATCH_DATA_DIR/cache``), saved when the process
    that compiled new patterns exits (a forked worker leaves the saving to its parent)."""
    global _default
    with _default_lock:
        if _default is None:
            from conflictwatch.resources import default_data_dir

            _default = PatternCache(None if _cache_off() else default_data_dir() / "cache" / _FILENAME)
            owner = os.getpid()
            atexit.register(lambda cache=_default: cache.save() if os.getpid() == owner else None)
        return _default


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` through the process's :func:`default_cache`."""
    return default_cache().compile(pattern, flags)


def describe() -> dict[str, Any]:
    """The default cache's file and this process's hits and misses (for benchmarks)."""
    cache = default_cache()
    return {"path": str(cache.path) if cache.path else None, "hits": cache.hits, "misses": cache.misses}


def _cache_off() -> bool:
    return os.environ.get("CONFLICTWATCH_CACHE", "").strip().lower() in ("0", "off", "no", "false")


# -- built tables -----------------------------------------------------------------------------------

_TABLE_MAGIC = b"conflictwatch-table 1\n"


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return compile_pattern, (obj.pattern, obj.flags)  # rebuilt through the pattern cache
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    """Reads back only the classes a table is declared to hold (and its patterns): a cache file is data,
    never code to run."""

    def __init__(self, data: bytes, allowed: Collection[tuple[str, str]]):
        super().__init__(io.BytesIO(data))
        self.allowed = {*allowed, (__name__, "compile_pattern")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a class this table holds")
        return super().find_class(module, name)


def table_path(name: str, sources: Iterable[bytes]) -> Path:
    """Where the table ``name`` built from ``sources`` (the bytes of its data files and of its code) is kept."""
    from conflictwatch.resources import default_data_dir

    digest = hashlib.sha256(name.encode("utf-8"))
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return default_data_dir() / "cache" / f"{name}-{digest.hexdigest()[:24]}.pickle"


def load_or_build(name: str, sources: Iterable[bytes], build: Callable[[], T],
                  allowed: Collection[tuple[str, str]]) -> T:
    """The table ``name`` read from its cache file, else ``build()`` (and kept for the next process).

    ``sources`` are the bytes it is built from (data files, the building module's source); ``allowed``
    the (module, class) pairs it may hold. Any trouble with the file — missing, damaged, of other
    sources, unwritable — ends in ``build()``; what is read back is checked against nothing else, so
    the checksum and the key carry the promise that it is what ``build()`` would return."""
    if _cache_off():
        return build()
    path = table_path(name, sources)
    try:
        blob = path.read_bytes()
    except OSError:
        blob = b""
    found = _read_table(blob, allowed)
    if found is not None:
        return found  # type: ignore[no-any-return]
    built = build()
    _write_table(path, built, allowed)
    return built


def _read_table(blob: bytes, allowed: Collection[tuple[str, str]]) -> Any:
    if not blob.startswith(_TABLE_MAGIC):
        return None
    digest, _, payload = blob[len(_TABLE_MAGIC):].partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        return None
    try:
        return _Unpickler(payload, allowed).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, TypeError,
            ValueError, re.error):
        return None


def _write_table(path: Path, table: Any, allowed: Collection[tuple[str, str]]) -> None:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(table)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    payload = buffer.getvalue()
    if _read_table(_TABLE_MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload,
                   allowed) != table:
        return  # not read back as built (a class outside ``allowed``, a field without equality): not kept
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_TABLE_MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        os.replace(tmp, path)
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # the same table built from older sources
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
