"""The coder's rules are data: every rules file loads against the names its engine reads, and no word of
a rules file is written into the code of the coder.

CODER_MODULES lists the modules whose rules have moved to ``data/rules/<lang>/``; a module joins the list
when its words have moved. ENGINES names, for each kind of rules file, the function that loads and
validates it for a language (a file of a kind with no engine here fails: nothing would read it).
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch.errors import RulesError
from conflictwatch.extract import counts, dates
from conflictwatch.rules import validate

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "conflictwatch"
RULES = PACKAGE / "data" / "rules"

CODER_MODULES = [
    "extract/counts.py",
    "extract/dates.py",
    "extract/classify.py",
    "extract/segment.py",
    "extract/claims.py",
    "extract/actors.py",
    "extract/initiative.py",
    "extract/document.py",
    "extract/roles.py",
    "pipeline.py",
    "geo/toponyms.py",
    "geo/geocoder.py",
    "geo/normalize.py",
]
ENGINES = {  # kind of rules file -> "module:function" that loads it for a language
    "counts": "conflictwatch.extract.counts:rules",
    "dates": "conflictwatch.extract.dates:rules",
    "roles": "conflictwatch.extract.roles:rules",
    "lexicon": "conflictwatch.extract.classify:_lexicon",
    "classify": "conflictwatch.extract.classify:_rules",
    "incidents": "conflictwatch.pipeline:_rules",
    "segment": "conflictwatch.extract.segment:_rules",
    "claims": "conflictwatch.extract.claims:_rules",
    "actors": "conflictwatch.extract.actors:_rules",
    "initiative": "conflictwatch.extract.initiative:_rules",
    "geo": "conflictwatch.geo.toponyms:lexicon",
    "language": "conflictwatch.ingest.language:_rules",
}
MIN_LETTERS = 4
_META = re.compile(r"^(?:source|licence|license|notes?|\w+_notes?)$")
_SECTIONS = {"patterns", "lists", "values", "fragments"}
_SPEC_KEYS = {"regex", "flags", "notes"}
_GROUP_NAME = re.compile(r"\(\?P[<=](\w+)>?")
_FRAGMENT = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_ESCAPE = re.compile(r"\\[A-Za-z]")  # \b, \w, \s, \d: regex syntax, not letters of a word
_INLINE_FLAGS = re.compile(r"\(\?[a-zA-Z-]+[:)]")
_WORD = re.compile(r"[^\W\d_]+")
_API_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")  # "PREFER_DAY_OF_MONTH", "number_words"


def rules_files() -> list[Path]:
    return sorted(p for p in RULES.glob("*/*.json"))


def _strings(node: object, key: str | None = None, depth: int = 0) -> Iterator[tuple[str, bool]]:
    """(string, is_a_name) for every string of a rules file: names are the file's rule names and the keys
    of a pattern's spec; the keys of a value's mapping ("january": 1) are words."""
    if isinstance(node, dict):
        for k, v in node.items():
            if _META.match(k):
                continue
            is_name = depth == 0 or (depth == 1 and key in _SECTIONS) or k in _SPEC_KEYS
            yield k, is_name
            yield from _strings(v, k, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, key, depth + 1)
    elif isinstance(node, str):
        yield node, False


def rule_vocabulary() -> tuple[set[str], set[str]]:
    """Every word of every rules file (lower case, MIN_LETTERS letters or more) and every name."""
    words: set[str] = set()
    names: set[str] = set()
    for path in rules_files():
        for text, is_name in _strings(json.loads(path.read_text(encoding="utf-8"))):
            if is_name:
                names.add(text)
                continue
            names.update(_GROUP_NAME.findall(text))
            names.update(_FRAGMENT.findall(text))
            bare = _INLINE_FLAGS.sub(" ", _ESCAPE.sub(" ", _FRAGMENT.sub(" ", _GROUP_NAME.sub(" ", text))))
            words.update(w.lower() for w in _WORD.findall(bare) if len(w) >= MIN_LETTERS)
    return words, names


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
_REGEX_SYNTAX = re.compile(r"\\[bswdBSWD]|\(\?[:=!<P]|[^\s|]\|[^\s|]")


def _strings_in(node: ast.AST) -> Iterator[ast.Constant]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            yield inner


def code_literals(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a module that match text: regexes (the arguments of ``re`` functions, and any
    literal written in regex syntax) and the words a value is tested against (``x in ("died", "dead")``).

    The rest is not a rule of a language: ACLED's output vocabulary ("Armed clash", "Civilians (…)"), the
    engine's own names (actor kinds, flags, source kinds) and messages stay in the code in English whatever
    the report's language."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    seen: set[int] = set()
    for node in ast.walk(tree):
        found: list[ast.Constant] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCTIONS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            found = list(_strings_in(node.args[0]))
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            found = [c for comp in node.comparators if isinstance(comp, ast.Tuple | ast.List | ast.Set)
                     for c in _strings_in(comp)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _REGEX_SYNTAX.search(node.value):
            found = [node]
        for const in found:
            if id(const) not in seen:
                seen.add(id(const))
                yield const.lineno, const.value


def _all_strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _all_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _all_strings(v)
    elif isinstance(node, str):
        yield node


def engine_vocabulary() -> set[str]:
    """The names the engines share with ACLED's output and with each other, whatever the report's language:
    event and sub-event types, inter and source kinds (acled_vocabulary.json), actor kinds and ACLED's actor
    name templates (actors.json, countries.json), the parse's dependency labels (roles.json)."""
    data = PACKAGE / "data"
    vocabulary = set(_all_strings(json.loads((data / "acled_vocabulary.json").read_text(encoding="utf-8"))))
    actors_doc = json.loads((data / "actors.json").read_text(encoding="utf-8"))
    vocabulary |= {a.get("kind", "group") for a in actors_doc["actors"]}
    countries_doc = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    vocabulary |= set(countries_doc.get("templates", {}).values()) | set(countries_doc.get("templates", {}))
    roles_doc = json.loads((RULES / "en" / "roles.json").read_text(encoding="utf-8"))
    vocabulary |= set(roles_doc.get("climb_deps", []))
    from conflictwatch.extract.actors import GENERIC_KINDS
    from conflictwatch.readings import CUES

    return vocabulary | set(GENERIC_KINDS) | set(CUES)


def rule_words_in(path: Path, words: set[str], names: set[str]) -> list[str]:
    found = []
    vocabulary = engine_vocabulary()
    template_words = {w.lower() for t in vocabulary if "{" in t for w in _WORD.findall(t)}
    for line, literal in code_literals(path):
        if literal in names or literal in vocabulary or _API_KEY.match(literal):
            continue  # a rule's or a group's name, ACLED's or an engine's name, a library's setting
        literal = _GROUP_NAME.sub(" ", literal)
        if template_words and {w.lower() for w in _WORD.findall(literal)} & words <= template_words:
            continue  # ACLED's actor names ("Military Forces of …"), read back from the output
        hits = sorted({w.lower() for w in _WORD.findall(literal) if w.lower() in words})
        if hits:
            where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{line}: {', '.join(hits)} in {literal[:60]!r}")
    return found


def test_the_vocabulary_is_read_from_the_rules_files():
    words, names = rule_vocabulary()
    assert {"killed", "yesterday", "april", "hier", "dizaine", "mardi"} <= words
    assert {"num_before", "number_words", "weekday", "num", "mon"} <= names
    assert "regex" not in words and "num_before" not in words


@pytest.mark.parametrize("module", CODER_MODULES)
def test_no_rule_word_in_the_coder(module):
    words, names = rule_vocabulary()
    assert rule_words_in(PACKAGE / module, words, names) == []


def test_the_check_finds_a_rule_word(tmp_path):
    words, names = rule_vocabulary()
    module = tmp_path / "engine.py"
    module.write_text('"""Killed, wounded: the docstring may name words."""\n'
                      'def cue(word):\n'
                      '    return word in ("leaving", "num_before")\n'
                      'PATTERN = rf"\\b(?:{1}|yesterday)\\b"\n'
                      'KIND = "leaving"  # a name of the engine, not a pattern: not a rule word\n', encoding="utf-8")
    found = rule_words_in(module, words, names)
    assert len(found) == 2 and "leaving" in found[0] and "yesterday" in found[1]


@pytest.mark.parametrize("path", rules_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_rules_file_loads_against_its_engine(path):
    kind, lang = path.stem, path.parent.name
    assert kind in ENGINES, f"{path.relative_to(PACKAGE)}: no engine reads {kind} rules (add it to ENGINES)"
    module, function = ENGINES[kind].split(":")
    loader = getattr(importlib.import_module(module), function)
    getattr(loader, "cache_clear", lambda: None)()
    assert loader(lang) is not None  # validated: an unknown key, a missing one or a bad regex raises RulesError


def test_english_and_french_have_the_same_count_and_date_rules():
    for kind in ("counts", "dates"):
        keys = [set(json.loads((RULES / lang / f"{kind}.json").read_text(encoding="utf-8"))) for lang in ("en", "fr")]
        assert keys[0] == keys[1]


# -- one validation error per kind of rules file this engine owns --------------------------------------

def _counts_text() -> str:
    return (RULES / "en" / "counts.json").read_text(encoding="utf-8")


def _validate_counts(text: str) -> None:
    validate(text, "data/rules/en/counts.json", "counts", "en", patterns=counts.PATTERNS, lists=counts.LISTS,
             values=counts.VALUES)


def _validate_dates(text: str) -> None:
    validate(text, "data/rules/en/dates.json", "dates", "en", patterns=dates.PATTERNS, values=dates.VALUES)


def test_counts_rules_name_the_file_and_line_of_an_unknown_rule():
    text = _counts_text().replace('"leaving_verbs":', '"leaving_verb":', 1)
    line = text[: text.index('"leaving_verb"')].count("\n") + 1
    with pytest.raises(RulesError, match=rf"data/rules/en/counts\.json:{line}: unknown list 'leaving_verb'") as err:
        _validate_counts(text)
    assert err.value.code == "CW202"


def test_counts_rules_reject_a_fragment_nothing_names_and_a_name_that_is_no_fragment():
    unused = _counts_text().replace('"fragments": {', '"fragments": {\n  "spare": "x",', 1)
    with pytest.raises(RulesError, match="fragment 'spare' is named by no pattern"):
        _validate_counts(unused)
    unknown = _counts_text().replace("{kill}", "{kil}", 1)
    with pytest.raises(RulesError, match=r"names \{kil\}, which is no fragment"):
        _validate_counts(unknown)


def test_dates_rules_name_a_pattern_that_does_not_compile():
    text = (RULES / "en" / "dates.json").read_text(encoding="utf-8")
    broken = text.replace('"\\\\byesterday\\\\b', '"(\\\\byesterday\\\\b', 1)
    assert broken != text
    line = broken[: broken.index('"day_before"')].count("\n") + 1
    with pytest.raises(RulesError, match=rf"data/rules/en/dates\.json:{line}: day_before: the regex does not compile"):
        _validate_dates(broken)
    missing = json.loads(text)
    del missing["values"]["weekdays"]
    with pytest.raises(RulesError, match=r"missing value\(s\) weekdays"):
        _validate_dates(json.dumps(missing))
