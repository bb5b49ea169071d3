"""Who started it, according to one report: the initiator, the responder and any denial — read once,
when an account is recorded, and stored with it (:mod:`conflictwatch.readings`); the ceasefire monitor
reads the stored finding and never the report again.

The coder's actor 1 is ACLED's agent, which is often just the first armed actor named; a ceasefire
monitor needs the side the text says fired first. This stage reads the report's sentences that carry
the event's evidence and looks for

* an attacker as the subject of an attack verb ("members of the NDF deliberately targeted an ISF
  post", "the ISF fired first", "NDF attack on …"), or after "by"/"from" ("attacks by the NDF"),
  or blamed ("hold the ISF responsible");
* a responder as the subject of a response verb ("the ISF responded", "returned fire");
* a denial: a denial cue between an actor and the attack verb ("the NDF deny that their members
  targeted …"), or before it ("denied that the NDF attacked …").

Actors are found with the actor dictionary (:func:`conflictwatch.extract.actors.find_actors`);
"we"/"our forces" in a party's statement stand for the party that speaks. Every finding keeps the
span of text that justified it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictwatch.extract import segment
from conflictwatch.extract.actors import country_of_forces, dictionary, find_actors, state_force_name
from conflictwatch.readings import AccountReading, Finding, Reading
from conflictwatch.records import Sentence, Span
from conflictwatch.rules import Rules, load

_PATTERNS = ("attack", "first", "response", "denial", "denied_that", "clause_break", "by_before", "blame_before", "first_person",
             "object_before", "members_of")


def _rules(lang: str = "en") -> Rules:
    """This stage's words in one language (data/rules/<lang>/initiative.json)."""
    return load("initiative", lang, patterns=_PATTERNS)


READER_VERSION = "initiative/1"
# sources that speak for no armed actor: their word confirms; a party's statement (or an official one) claims
INDEPENDENT_KINDS = ("news", "NGO")

# the coded fields whose evidence marks the sentences that tell this incident (not the dateline or the claim)
FOCUS_FIELDS = ("event_type", "sub_event_type", "event_date", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                "fatalities")
_NOT_AGENTS = ("civilians", "protesters", "rioters", "unidentified")

_MAX_GAP = 60


@dataclass(frozen=True)
class _Mention:
    name: str
    span: Span  # in report coordinates


def resolve_actor(words: str | None, country: str | None, lang: str = "en") -> str | None:
    """The dictionary's name for the first named armed actor in ``words`` (a claimant such as
    "Internal Security Forces of North and East Syria" → "Asayish"), or None."""
    if not words:
        return None
    for m in find_actors(words, country, lang=lang):
        if m.known and m.kind not in _NOT_AGENTS:
            return m.name
    return None


def read_account(text: str, evidence: dict[str, tuple[Span, ...]], country: str | None,
                 speaker: str | None = None, lang: str = "en") -> Reading:
    """Read the sentences of ``text`` holding the account's evidence; ``speaker`` is the actor whose
    statement this is (for "we" and "our forces"), when it is a party's statement."""
    marks = [s for f in FOCUS_FIELDS for s in evidence.get(f, ())]
    units = [u for u in segment.units(text, lang=lang) if any(s.start < u.span.end and u.span.start < s.end for s in marks)]
    findings: list[Finding] = []
    for unit in units:
        findings.extend(_read_unit(text, unit, country, speaker, lang))
    denied = tuple(dict.fromkeys(f.actor for f in findings if f.role == "denial"))
    initiators = [f for f in findings if f.role == "initiator"]
    strong = [f for f in initiators if f.cue in ("first", "blame")]
    initiator = (strong or initiators)[0].actor if initiators else None
    responder = next((f.actor for f in findings if f.role == "responder" and f.actor != initiator), None)
    return Reading(initiator, responder, denied, tuple(findings))


def _read_unit(text: str, unit: Sentence, country: str | None, speaker: str | None, lang: str) -> list[Finding]:
    rx = _rules(lang)
    base = unit.span.start
    body = text[base:unit.span.end]
    mentions = [_Mention(m.name, m.span) for m in find_actors(body, country, base, lang=lang)
                if m.known and m.kind not in _NOT_AGENTS]
    if speaker:
        mentions += [_Mention(speaker, Span(base + m.start(), base + m.end())) for m in rx.first_person.finditer(body)
                     if not any(x.span.start < base + m.end() and base + m.start() < x.span.end for x in mentions)]
    mentions.sort(key=lambda m: m.span.start)
    out: list[Finding] = []

    def quote(a: int, b: int) -> tuple[Span, str]:
        return Span(a, b), text[a:b]

    # "attacks by the NDF", "hold the ISF responsible": the actor after the cue
    for m in mentions:
        before = text[max(base, m.span.start - 60):m.span.start]
        for pattern, kind in ((rx.by_before, "by"), (rx.blame_before, "blame")):
            cue = pattern.search(before)
            if cue:
                start = m.span.start - len(before) + cue.start()
                out.append(Finding("initiator", m.name, *quote(start, m.span.end), kind))
                break
    # "X targeted …", "X fired first", "X responded": the subject before the verb
    for pattern, role, kind in ((rx.first, "initiator", "first"), (rx.attack, "initiator", "attack"),
                                (rx.response, "responder", "response")):
        for verb in pattern.finditer(body):
            v_start, v_end = base + verb.start(), base + verb.end()
            if role == "initiator" and pattern is rx.attack and rx.first.match(text, v_start):
                continue  # counted once, as the stronger "fired first"
            subject = _subject(mentions, text, base, v_start, rx)
            if subject is None:
                continue
            gap = text[subject.span.end:v_start]
            lead = text[max(base, subject.span.start - 60):subject.span.start]
            span, words = quote(_chain_start(mentions, subject, text), v_end)
            denied_that = rx.denied_that.search(lead)
            if role == "initiator" and (rx.denial.search(gap) or denied_that):
                if denied_that:
                    span, words = quote(subject.span.start - len(lead) + denied_that.start(), v_end)
                out.append(Finding("denial", subject.name, span, words, "denial"))
                continue
            out.append(Finding(role, subject.name, span, words, kind))
    out.sort(key=lambda f: (f.span.start, f.role))
    return out


def _subject(mentions: list[_Mention], text: str, base: int, verb_start: int, rx: Rules) -> _Mention | None:
    """The nearest actor before the verb in the same clause, a few words away at most."""
    before = [m for m in mentions if m.span.end <= verb_start]
    if not before:
        return None
    nearest = before[-1]
    gap = text[nearest.span.end:verb_start]
    if len(gap) > _MAX_GAP or rx.clause_break.search(re.sub(r"\([^)]*\)", "", gap)):
        return None
    # "… targeted an ISF post", "fired on our positions": an object, not the subject of a later verb
    lead = text[max(base, nearest.span.start - 20):nearest.span.start]
    if rx.object_before.search(lead) and not rx.members_of.search(lead):
        return None
    return nearest


def _chain_start(mentions: list[_Mention], mention: _Mention, text: str) -> int:
    """Where "National Defence Forces (NDF)" starts when the subject found is the "NDF" in brackets."""
    start = mention.span.start
    for m in reversed([m for m in mentions if m.span.end <= start]):
        if m.name == mention.name and re.fullmatch(r"\s*\(\s*", text[m.span.end:start]):
            start = m.span.start
        else:
            break
    return start


def read_source(coded_event_id: str, text: str, evidence: dict[str, tuple[Span, ...]], country: str | None,
                source_kind: str, claimed_by: str | None, lang: str = "en") -> AccountReading:
    """The attribution of one coded account: whose voice its source is, whether that voice is
    independent, and what it says about who started the incident."""
    speaker = resolve_actor(claimed_by, country, lang)
    # a claim relayed by news from a named armed actor is that actor's claim, not an independent account
    independent = source_kind in INDEPENDENT_KINDS and speaker is None
    reading = read_account(text, evidence, country, speaker if not independent else None, lang)
    return AccountReading(coded_event_id, speaker, independent, reading, READER_VERSION)


# ACLED's names of state forces (the output's vocabulary, whatever the report's language)
_STATE_FORCE = re.compile(r"^(?:Military|Police) Forces of (?P<country>[^(]+?)(?: \(\d{4}-\d{0,4}\))?$")


def actor_candidates(given: str) -> list[tuple[str, str | None]]:
    """The actors (name as events carry it, and country) a party name or alias may stand for, from the
    actor dictionary: "NDF" → NDF: National Defence Forces (Syria), and Namibia's; "Syrian army" →
    Military Forces of Syria (2000-). The ceasefire monitor's party lookup."""
    d = dictionary()
    key = given.strip().lower()
    found = [(e.name, e.country) for e in d.by_alias.get(key, ())]
    if key in d.force_alias:
        owner, branch = d.force_alias[key]
        if owner:
            found.append((state_force_name(owner, branch), owner))
    if not found:
        found = [(e.name, e.country) for entries in d.by_alias.values() for e in entries if e.name.lower() == key][:1]
    m = _STATE_FORCE.match(given.strip())
    owner = country_of_forces(m.group("country")) if m else None
    if not found and owner is not None:
        found = [(state_force_name(owner, "police" if given.startswith("Police") else "military"), owner)]
    return list(dict.fromkeys(found))


__all__ = ["INDEPENDENT_KINDS", "READER_VERSION", "Finding", "Reading", "actor_candidates", "read_account", "read_source",
           "resolve_actor"]
