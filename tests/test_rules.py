"""The coder's rules files: each kind of mistake in one is an error naming the file, the line and the rule — at
load time, not in the middle of a batch (that every file loads against its engine is tests/test_rules_data.py)."""

from __future__ import annotations

import json

import pytest

import conflictwatch.pipeline as pipeline
from conflictwatch import rules
from conflictwatch.errors import RulesError
from conflictwatch.extract import actors, claims, classify, initiative, segment
from conflictwatch.resources import data_file

# (kind, the engine module that declares what it reads)
ENGINES = [("classify", classify), ("incidents", pipeline), ("segment", segment), ("claims", claims),
           ("actors", actors), ("initiative", initiative)]


def _declared(module) -> dict[str, tuple[str, ...]]:
    return {"patterns": tuple(getattr(module, "_PATTERNS", ())), "lists": tuple(getattr(module, "_LISTS", ())),
            "values": tuple(getattr(module, "_VALUES", ()))}


def _text(kind: str, lang: str = "en") -> str:
    return data_file("rules", lang, f"{kind}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind,module", ENGINES, ids=[k for k, _ in ENGINES])
def test_an_unknown_rule_is_named_with_its_file_and_line(kind, module):
    raw = json.loads(_text(kind))
    raw["patterns"]["armed_nounz"] = {"regex": "x"}
    text = json.dumps(raw, indent=2)
    with pytest.raises(RulesError) as err:
        rules.validate(text, f"data/rules/en/{kind}.json", kind, "en", **_declared(module))
    message = str(err.value)
    assert f"data/rules/en/{kind}.json:" in message and "armed_nounz" in message
    line = int(message.split(f"{kind}.json:")[1].split(":")[0])
    assert '"armed_nounz"' in text.splitlines()[line - 1]


@pytest.mark.parametrize("kind,module", ENGINES, ids=[k for k, _ in ENGINES])
def test_a_missing_rule_and_a_broken_regex_are_errors(kind, module):
    raw = json.loads(_text(kind))
    first = sorted(raw["patterns"])[0]
    missing = {**raw, "patterns": {k: v for k, v in raw["patterns"].items() if k != first}}
    with pytest.raises(RulesError, match=f"missing pattern.*{first}"):
        rules.validate(json.dumps(missing), f"{kind}.json", kind, "en", **_declared(module))
    broken = {**raw, "patterns": {**raw["patterns"], first: {"regex": "(?:unclosed"}}}
    with pytest.raises(RulesError, match=f"{first}: the regex does not compile"):
        rules.validate(json.dumps(broken), f"{kind}.json", kind, "en", **_declared(module))


def test_an_unknown_section_flag_or_fragment_is_an_error():
    with pytest.raises(RulesError, match="unknown section 'paterns'"):
        rules.validate('{"paterns": {}}', "x.json", "k", "en")
    with pytest.raises(RulesError, match="unknown flag 'q'"):
        rules.validate('{"patterns": {"a": {"regex": "x", "flags": "q"}}}', "x.json", "k", "en", patterns=["a"])
    with pytest.raises(RulesError, match="fragment 'b' is named by no pattern"):
        rules.validate('{"fragments": {"b": "y"}, "patterns": {"a": "x"}}', "x.json", "k", "en", patterns=["a"])
    with pytest.raises(RulesError, match=r"x.json:1: not valid JSON"):
        rules.validate('{"patterns": ', "x.json", "k", "en")


def test_the_cue_lexicon_is_validated():
    good = json.loads(_text("lexicon"))
    classify.validate_lexicon(good, "lexicon.json")
    with pytest.raises(RulesError, match="unknown categor.*airstrike"):
        extra = {**good["categories"], "airstrike": good["categories"]["air"]}
        classify.validate_lexicon({**good, "categories": extra}, "l.json")
    cats = {k: v for k, v in good["categories"].items() if k != "riot"}
    with pytest.raises(RulesError, match="missing categor.*riot"):
        classify.validate_lexicon({**good, "categories": cats}, "l.json")
    bad = {**good["categories"], "air": {"weight": "heavy", "patterns": ["x"]}}
    with pytest.raises(RulesError, match="air needs a numeric 'weight'"):
        classify.validate_lexicon({**good, "categories": bad}, "l.json")


def test_a_language_without_a_rules_file_says_so():
    with pytest.raises(RulesError, match="no classify rules for language 'xx'"):
        rules.load("classify", "xx", patterns=classify._PATTERNS)
