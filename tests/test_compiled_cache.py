"""What start-up reads from the data dir's cache (compiled patterns, the built actor dictionary) is what it
would have built: read back equal, ignored when damaged, foreign or unwritable, and never a reason for an
event to change or for a run to stop."""

from __future__ import annotations

import base64
import json
import os
import pickle
import re
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from conflictwatch import compiled
from conflictwatch.compiled import PatternCache, load_or_build, table_path
from conflictwatch.extract import actors

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Al-Shabaab fighters (AS) ambushed a KDF convoy near Mandera; the Kenya Defence Forces said 3 died."
PATTERNS = [
    (r"(?<![\w-])(?:al-shabaab|kdf|kenya defence forces)(?!\w)", re.I),
    (r"(?P<count>\d+) (?P<verb>died|killed)", 0),
    (r"(?i)near (?P<place>[A-Z]\w+)(?-i:;)", 0),
    (r"\((?P<acronym>[A-Z]{2,5})\)", re.ASCII),
]
ALLOWED = [("conflictwatch.extract.actors", n) for n in ("Dictionary", "_Entry", "_Country")]


def _matches(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(TEXT)]


def _fill(path: Path) -> None:
    cache = PatternCache(path)
    for pattern, flags in PATTERNS:
        cache.compile(pattern, flags)
    assert cache.misses == len(PATTERNS) and cache.save()


def test_saved_patterns_are_read_back_as_re_compiles_them(tmp_path):
    path = tmp_path / "cache" / "patterns.bin"
    _fill(path)
    again = PatternCache(path)
    for pattern, flags in PATTERNS:
        restored, fresh = again.compile(pattern, flags), re.compile(pattern, flags)
        assert restored == fresh  # equal patterns: same text, flags and engine code
        assert (restored.flags, restored.groupindex, restored.groups) == (fresh.flags, fresh.groupindex, fresh.groups)
        assert _matches(restored) == _matches(fresh)
    assert (again.hits, again.misses) == (len(PATTERNS), 0)
    assert sum(bool(_matches(again.compile(p, f))) for p, f in PATTERNS) == len(PATTERNS)
    assert not again.save()  # nothing new: the file is not written again


def _damaged(blob: bytes) -> dict[str, bytes]:
    header_end = blob.index(b"\n", len(compiled._MAGIC))
    flipped = bytearray(blob)
    flipped[header_end + 40] ^= 0x01  # one bit of one code word or pattern
    header = json.loads(blob[len(compiled._MAGIC):header_end])
    other_build = blob[:len(compiled._MAGIC)] + json.dumps({**header, "build": "cpython-299"}).encode() + \
        blob[header_end:]
    # one code word altered (a literal 'k' made a 'j'), under the old checksum: what a bad disk could return
    rows = json.loads(blob[header_end + 1:])
    row = next(r for r in rows if ord("k") in array("I", base64.b64decode(r[6])))  # the one of 'killed'
    code = array("I", base64.b64decode(row[6]))
    code[code.index(ord("k"))] = ord("j")
    row[6] = base64.b64encode(code.tobytes()).decode()
    altered = blob[:header_end + 1] + json.dumps(rows).encode()
    return {"flipped bit": bytes(flipped), "altered code": altered, "truncated": blob[: len(blob) // 2],
            "garbage": os.urandom(2000), "empty": b"", "other build": other_build,
            "not json": blob[:30] + b"{{{" + blob[33:]}


@pytest.mark.parametrize("damage", ["flipped bit", "altered code", "truncated", "garbage", "empty", "other build",
                                    "not json"])
def test_a_damaged_or_foreign_pattern_file_is_ignored_and_written_anew(tmp_path, damage):
    path = tmp_path / "patterns.bin"
    _fill(path)
    path.write_bytes(_damaged(path.read_bytes())[damage])
    cache = PatternCache(path)
    for pattern, flags in PATTERNS:
        assert cache.compile(pattern, flags) == re.compile(pattern, flags)
    assert (cache.hits, cache.misses) == (0, len(PATTERNS))
    assert cache.save()
    assert PatternCache(path).compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])


def test_an_unwritable_cache_dir_only_costs_the_compiling(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data dir should be")
    cache = PatternCache(blocker / "cache" / "patterns.bin")
    assert _matches(cache.compile(*PATTERNS[0])) == _matches(re.compile(*PATTERNS[0]))
    assert cache.save() is False
    assert not (blocker.parent / "cache").exists()


def test_the_actor_dictionary_is_built_once_then_read_back_equal(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTWATCH_DATA_DIR", str(tmp_path))
    builds = []

    def build() -> actors.Dictionary:
        builds.append(1)
        return actors._build_dictionary()

    sources = [b"actors.json v1", b"actors.py v1"]
    first = load_or_build("actors", sources, build, ALLOWED)
    path = table_path("actors", sources)
    assert path.exists() and len(builds) == 1
    second = load_or_build("actors", sources, build, ALLOWED)
    assert len(builds) == 1 and second == first and second is not first
    assert second.alias_pattern.pattern == first.alias_pattern.pattern
    assert [m.span() for m in second.alias_pattern.finditer(TEXT)] == [m.span() for m in first.alias_pattern.finditer(TEXT)]
    # other sources (an edited data file): built again, and the older file is removed
    load_or_build("actors", [b"actors.json v2", b"actors.py v1"], build, ALLOWED)
    assert len(builds) == 2 and not path.exists()


class _Payload:
    def __reduce__(self):  # what a planted file could ask the reader to run
        return (os.system, ("echo planted > planted.txt",))


@pytest.mark.parametrize("damage", ["flipped bit", "truncated", "planted class"])
def test_a_damaged_or_planted_table_is_rebuilt_never_run(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("CONFLICTWATCH_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    sources = [b"countries", b"actors"]
    built = load_or_build("actors", sources, actors._build_dictionary, ALLOWED)
    path = table_path("actors", sources)
    blob = path.read_bytes()
    if damage == "flipped bit":
        blob = blob[:-100] + bytes([blob[-100] ^ 0x04]) + blob[-99:]
    elif damage == "truncated":
        blob = blob[: len(blob) - 5000]
    else:  # a checksum that fits, over a pickle that names a class the table does not hold
        payload = pickle.dumps(_Payload())
        import hashlib

        blob = b"conflictwatch-table 1\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    path.write_bytes(blob)
    rebuilt = load_or_build("actors", sources, actors._build_dictionary, ALLOWED)
    assert rebuilt == built
    assert not (tmp_path / "planted.txt").exists()
    assert load_or_build("actors", sources, lambda: pytest.fail("read back, not built"), ALLOWED) == built


def _extract(data_dir: Path, out: Path, *extra_env: tuple[str, str]) -> bytes:
    env = {**os.environ, "CONFLICTWATCH_DATA_DIR": str(data_dir), **dict(extra_env)}
    subprocess.run([sys.executable, "-m", "conflictwatch", "-q", "extract", str(ROOT / "examples"), "--no-geocode",
                    "--published", "2020-05-11", "--jobs", "1", "-o", str(out)], env=env, check=True, timeout=300,
                   capture_output=True)
    return out.read_bytes()


def test_extract_codes_the_same_events_from_a_cold_a_warm_and_a_damaged_cache(tmp_path):
    data_dir = tmp_path / "data"
    plain = _extract(data_dir, tmp_path / "off.jsonl", ("CONFLICTWATCH_CACHE", "off"))
    assert plain.count(b"\n") >= 5 and not (data_dir / "cache").exists()
    assert _extract(data_dir, tmp_path / "cold.jsonl") == plain
    files = sorted((data_dir / "cache").iterdir())
    assert [f.name.split("-")[0] for f in files] == ["actors", "patterns.bin"]
    assert _extract(data_dir, tmp_path / "warm.jsonl") == plain
    for f in files:  # every byte after the first kilobyte of each file inverted
        blob = f.read_bytes()
        f.write_bytes(blob[:1024] + bytes(b ^ 0xFF for b in blob[1024:]))
    assert _extract(data_dir, tmp_path / "damaged.jsonl") == plain


def test_the_default_cache_lives_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTWATCH_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(compiled, "_default", None)
    assert compiled.default_cache().path == tmp_path / "cache" / "patterns.bin"
    monkeypatch.setattr(compiled, "_default", None)
    monkeypatch.setenv("CONFLICTWATCH_CACHE", "off")
    assert compiled.default_cache().path is None
    monkeypatch.setattr(compiled, "_default", None)
