"""The coder's rules as data: one file per stage and language, validated on load.

Each stage's words live in ``data/rules/<lang>/<kind>.json``; the stage's code holds the engine and
names only the rules it reads. A rules file looks like::

    {
      "source": "where the words come from", "licence": "…", "notes": "…",
      "patterns": {"armed_nouns": {"regex": ["\\\\b(?:soldiers?|", "troops?)\\\\b"], "flags": "i"}},
      "lists": {"bare_agreement": ["ceasefire", "truce"]},
      "values": {"vague_many": 12}
    }

A pattern's ``regex`` is a string or a list of strings joined end to end (long patterns stay
readable); ``flags`` letters are ``i`` (ignore case), ``m``, ``s`` and ``x``. A file may also hold
``"fragments"``: named pieces of regex (a string or a list of strings) that its patterns and other
fragments name as ``{name}``, so a word list several patterns share is written once; a fragment that
nothing names, or a ``{name}`` that is no fragment, is an error too. Loading checks the file
against the names the engine declares: an unknown name (a typo, or a rule nothing reads), a missing
one, a wrong type or a pattern that does not compile is a :class:`RulesError` (CW202) naming the file
and the line, so a broken rules file fails at start-up, not in the middle of a batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from conflictwatch.compiled import compile_pattern
from conflictwatch.errors import RulesError
from conflictwatch.resources import data_file

_FLAGS = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}
_SECTIONS = ("patterns", "lists", "values")
_META = ("source", "licence", "notes")
_FRAGMENTS = "fragments"
_FRAGMENT_REF = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Rules:
    """One stage's validated rules in one language: compiled patterns, word lists and values."""

    kind: str
    lang: str
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # rules.armed_nouns reads as the engine's own name for the rule: each rule is set as an attribute once,
        # so the engines' hot loops read it as fast as a module constant
        for section in (self.values, self.lists, self.patterns):
            for name, rule in section.items():
                if name not in ("kind", "lang", "patterns", "lists", "values"):
                    object.__setattr__(self, name, rule)

    def __getattr__(self, name: str) -> Any:
        # only reached for a name that is no rule (or one shadowed by a field name)
        for section in ("patterns", "lists", "values"):
            found = object.__getattribute__(self, section)
            if name in found:
                return found[name]
        raise AttributeError(f"{self.kind} rules ({self.lang}) have no rule {name!r}")


def _line_of(raw: str, key: str) -> int:
    """The line of ``"key":`` in the file's text (1 when it cannot be found)."""
    found = re.search(r'"' + re.escape(key) + r'"\s*:', raw)
    return raw.count("\n", 0, found.start()) + 1 if found else 1


def _fragments(raw: dict[str, Any], raw_text: str, where: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The file's fragments, each with the fragments it names put in, and the names each names."""
    given = raw.get(_FRAGMENTS, {})
    if not isinstance(given, dict):
        raise RulesError(f"{where}:{_line_of(raw_text, _FRAGMENTS)}: {_FRAGMENTS!r} must be an object")
    texts: dict[str, str] = {}
    for name, spec in given.items():
        parts = spec if isinstance(spec, list) else [spec]
        if not all(isinstance(p, str) for p in parts) or not "".join(parts):
            raise RulesError(f"{where}:{_line_of(raw_text, name)}: fragment {name}: a regex string or a list of strings")
        texts[name] = "".join(parts)
    names = {name: set(_FRAGMENT_REF.findall(text)) for name, text in texts.items()}
    done: dict[str, str] = {}

    def expand(name: str, chain: tuple[str, ...]) -> str:
        if name not in done:
            if name in chain:
                raise RulesError(f"{where}:{_line_of(raw_text, name)}: fragment {name} names itself "
                                 f"({' -> '.join((*chain, name))})")
            done[name] = _put_fragments(texts[name], texts, lambda ref: expand(ref, (*chain, name)),
                                        f"{where}:{_line_of(raw_text, name)}: fragment {name}")
        return done[name]

    for name in texts:
        expand(name, ())
    return done, names


def _put_fragments(regex: str, known: dict[str, str], expanded: Callable[[str], str], where: str) -> str:
    """``regex`` with each ``{name}`` replaced by its fragment, as a non-capturing group."""
    def put(m: re.Match[str]) -> str:
        if m.group(1) not in known:
            raise RulesError(f"{where} names {{{m.group(1)}}}, which is no fragment "
                             f"(fragments: {', '.join(sorted(known)) or 'none'})")
        return f"(?:{expanded(m.group(1))})"

    return _FRAGMENT_REF.sub(put, regex)


def _reached(direct: set[str], names: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(direct)
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(names.get(name, ()))
    return seen


def _compile(spec: Any, where: str, expand: Callable[[str], str] | None = None) -> re.Pattern[str]:
    if isinstance(spec, str | list):
        spec = {"regex": spec}
    if not isinstance(spec, dict) or set(spec) - {"regex", "flags", "notes"} or "regex" not in spec:
        raise RulesError(f"{where}: a pattern is a regex string, a list of strings, or an object with 'regex' and 'flags'")
    regex = spec["regex"]
    if isinstance(regex, list):
        if not all(isinstance(part, str) for part in regex):
            raise RulesError(f"{where}: 'regex' must list strings")
        regex = "".join(regex)
    if not isinstance(regex, str) or not regex:
        raise RulesError(f"{where}: 'regex' must be a non-empty string")
    if expand is not None:
        regex = expand(regex)
    flags = 0
    for letter in str(spec.get("flags", "")):
        if letter not in _FLAGS:
            raise RulesError(f"{where}: unknown flag {letter!r} (known: {''.join(_FLAGS)})")
        flags |= _FLAGS[letter]
    try:
        return compile_pattern(regex, flags)
    except re.error as err:
        raise RulesError(f"{where}: the regex does not compile ({err})") from err


def validate(raw_text: str, where: str, kind: str, lang: str, *, patterns: Iterable[str] = (),
             lists: Iterable[str] = (), values: Iterable[str] = ()) -> Rules:
    """Rules from a file's text, checked against the names the engine declares."""
    try:
        raw = json.loads(raw_text)
    except json.JSONDecodeError as err:
        raise RulesError(f"{where}:{err.lineno}: not valid JSON ({err.msg})") from err
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: expected a JSON object of rules")
    for key in raw:
        if key not in _SECTIONS and key not in _META and key != _FRAGMENTS:
            raise RulesError(f"{where}:{_line_of(raw_text, key)}: unknown section {key!r}; "
                             f"known: {', '.join((*_SECTIONS, _FRAGMENTS, *_META))}")
    fragments, fragment_names = _fragments(raw, raw_text, where)
    used: set[str] = set()

    def with_fragments(regex: str, at: str) -> str:
        used.update(_FRAGMENT_REF.findall(regex))
        return _put_fragments(regex, fragments, fragments.__getitem__, at)

    declared = {"patterns": set(patterns), "lists": set(lists), "values": set(values)}
    built: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    for section in _SECTIONS:
        given = raw.get(section, {})
        if not isinstance(given, dict):
            raise RulesError(f"{where}:{_line_of(raw_text, section)}: {section!r} must be an object")
        unknown = sorted(set(given) - declared[section])
        if unknown:
            raise RulesError(f"{where}:{_line_of(raw_text, unknown[0])}: unknown {section[:-1]} {unknown[0]!r} "
                             f"(the {kind} engine reads: {', '.join(sorted(declared[section])) or 'none'})")
        missing = sorted(declared[section] - set(given))
        if missing:
            raise RulesError(f"{where}: missing {section[:-1]}(s) {', '.join(missing)}")
        for name, spec in given.items():
            at = f"{where}:{_line_of(raw_text, name)}: {name}"
            if section == "patterns":
                built[section][name] = _compile(spec, at, lambda regex, at=at: with_fragments(regex, at))
            elif section == "lists":
                if not isinstance(spec, list) or not all(isinstance(w, str) and w.strip() for w in spec):
                    raise RulesError(f"{at}: must list non-empty strings")
                built[section][name] = tuple(spec)
            else:
                if isinstance(spec, dict | list) and not spec:
                    raise RulesError(f"{at}: must not be empty")
                built[section][name] = spec
    unused = sorted(set(fragments) - _reached(used, fragment_names))
    if unused:
        raise RulesError(f"{where}:{_line_of(raw_text, unused[0])}: fragment {unused[0]!r} is named by no pattern")
    return Rules(kind, lang, built["patterns"], built["lists"], built["values"])


@cache
def blank(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces of its length: the words are gone from the
    engines' view while every span still points at the same characters of the report."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def read(kind: str, lang: str) -> tuple[str, str]:
    """A rules file's text and its name for messages; a missing file is a RulesError naming it."""
    where = f"data/rules/{lang}/{kind}.json"
    try:
        return data_file("rules", lang, f"{kind}.json").read_text(encoding="utf-8"), where
    except FileNotFoundError as err:
        raise RulesError(f"{where}: no {kind} rules for language {lang!r}") from err


def read_json(kind: str, lang: str) -> tuple[Any, str]:
    """A rules file parsed (for engines with a schema of their own: the cue lexicon, the role rules)."""
    raw_text, where = read(kind, lang)
    try:
        return json.loads(raw_text), where
    except json.JSONDecodeError as err:
        raise RulesError(f"{where}:{err.lineno}: not valid JSON ({err.msg})") from err


@cache  # validated once per process: engines call load() for every passage they read
def _load(kind: str, lang: str, patterns: tuple[str, ...], lists: tuple[str, ...], values: tuple[str, ...]) -> Rules:
    raw_text, where = read(kind, lang)
    return validate(raw_text, where, kind, lang, patterns=patterns, lists=lists, values=values)


def load(kind: str, lang: str = "en", *, patterns: Iterable[str] = (), lists: Iterable[str] = (),
         values: Iterable[str] = ()) -> Rules:
    """The ``kind`` rules of ``lang`` (loaded and validated once per process)."""
    return _load(kind, lang, tuple(sorted(patterns)), tuple(sorted(lists)), tuple(sorted(values)))


@cache  # asked for every report (is its language one with rules?): the package's folders do not change
def languages() -> tuple[str, ...]:
    """The languages that have rules files."""
    root = data_file("rules")
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))))


def has_language(lang: str) -> bool:
    return lang in languages()


def content_hash(root: Any = None) -> str:
    """A short hash of every rules file and dictionary the coder reads (``data/``: rules, lexicon, actor and
    country dictionaries, gazetteer supplement): a changed rule changes the coder.

    Each file counts by its path relative to ``data/`` and its bytes, in path order, so the hash is the
    same wherever the package is installed; a few milliseconds, taken once per process for the package."""
    return _content_hash(root) if root is not None else _package_hash()


@cache
def _package_hash() -> str:
    return _content_hash(data_file())


def _content_hash(root: Any) -> str:
    files: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        prefix, node = stack.pop()
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if not child.name.startswith((".", "_")):
                    stack.append((name + "/", child))
            elif child.name.endswith((".json", ".tsv", ".txt")):
                files.append((name, child))
    digest = hashlib.sha256()
    for name, path in sorted(files, key=lambda f: f[0]):
        content = path.read_bytes()
        # framed (name, length, bytes): moving bytes from one file to the next changes the hash too
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:10]
