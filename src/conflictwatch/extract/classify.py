"""Classification into ACLED's event types, sub-event types and disorder types.

Cue words come from ``data/rules/<lang>/lexicon.json`` and the patterns the precedence logic reads from
``data/rules/<lang>/classify.json``; this module holds only the precedence logic, which
follows the ACLED codebook: sexual violence, chemical weapons and suicide bombs are coded as such
whatever else happens; demonstrations are graded by what the crowd and the authorities did;
territorial change beats the fighting that brought it; remote violence is a battle only when both
sides fight; violence is against civilians when its targets are unarmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conflictwatch.errors import RulesError
from conflictwatch.extract import counts as count_stage
from conflictwatch.records import Classification, Span
from conflictwatch.resources import compile_patterns
from conflictwatch.rules import Rules, blank, load, read_json

SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type (2023 codebook) for an event and sub-event type."""
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


_PATTERNS = (
    "armed_nouns", "civilian_nouns", "violence_verb", "state_agent", "direct_fire", "unarmed_crowd", "weapon_bearers",
    "rioting", "reporting_police", "crowd", "no_harm", "firing", "air_support", "crowd_on_officials", "protest_deaths",
    "people_harmed", "unidentified_agent", "agreement_commentary", "non_state_agent", "strong_clash", "restriction",
    "unopposed", "claim_or_denial", "armed_blockers", "blockade", "passive_before", "civilian_word", "unarmed_status",
    "riot_word", "sentence_end",
    "agent_word", "agent_before", "police_word", "between_sides", "killed_or_attacked", "speculation", "passive_capture",
    "captive_killed", "state_fired", "diplomatic_protest", "protesting_people", "protest_planned_before",
    "protest_planned_after", "not_territory", "crowd_attacked", "arrest_grounds", "background_fighting",
    "armed_fight", "partisans", "fought_with", "war_remnant", "unheld_protest", "handover",
    "communal_sides", "deaths_told", "state_claim", "crowd_assault",
    "peaceful_told", "few_rioters", "air_watching", "school_abduction",
    "fighting_during", "apposition",
)
_LISTS = ("bare_agreement", "talks_only", "death_words")


def _rules(lang: str = "en") -> Rules:
    return load("classify", lang, patterns=_PATTERNS, lists=_LISTS)


def _armed_present(text: str, r: Rules) -> bool:
    return r.armed_nouns.search(r.reporting_police.sub(" ", text)) is not None




def _capturer_is_state(text: str, cue: Span, offset: int, r: Rules,
                       sides: tuple[tuple[Span, bool], ...] = ()) -> bool | None:
    """Who took the ground: the armed side named last before the capture verb in its sentence
    ("according to an army spokesman, militants gained control of the base": the militants), or, after a
    passive capture ("fell to", "was occupied by"), the side named right after it.

    ``sides`` are the actor stage's armed mentions (report spans, whether each is a state force): the one
    dictionary of who is armed; the words of ``state_agent``/``non_state_agent`` stand in without them."""
    start_at, end_at = cue.start - offset, cue.end - offset
    start = max(text.rfind(".", 0, start_at), text.rfind(";", 0, start_at), start_at - 120, 0)
    if r.passive_capture.search(text[start_at:end_at]):
        stop = text.find(".", end_at)
        stop = min(stop if stop >= 0 else len(text), end_at + 100)
        after = [(s.start, state) for s, state in sides if end_at <= s.start - offset < stop]
        if after:
            return min(after)[1]
        found = [(m.start(), True) for m in r.state_agent.finditer(text, end_at, stop)] + [
            (m.start(), False) for m in r.non_state_agent.finditer(text, end_at, stop)]
        if found:
            return min(found)[1]
    told = [(m.start() + start, m.end() + start) for m in r.apposition.finditer(text[start:start_at])]
    before = [(s.end, state) for s, state in sides if start <= s.start - offset and s.end - offset <= start_at
              and not any(a <= s.start - offset < b for a, b in told)]
    if before:
        return max(before)[1]
    window = blank(r.apposition, text[start:start_at])  # the taker is named before its apposition, not in it
    state = [m.end() for m in r.state_agent.finditer(window)]
    other = [m.end() for m in r.non_state_agent.finditer(window)]
    if not state and not other:
        return None
    return max(state, default=-1) > max(other, default=-1)


# Cue categories that name a weapon or a form of violence no accident produces, and the non-violent events.
_WEAPONS = ("suicide", "chemical", "air", "grenade", "ied", "shelling", "abduction", "sexual")
_STRONG_VIOLENCE = (*_WEAPONS, "clash", "disrupted", "excessive")
_WEAPONS_BUT_CHEMICAL = tuple(w for w in _WEAPONS if w != "chemical")  # a leak or a poisoning beside diplomacy
_NON_VIOLENT_EVENTS = ("protest", "mob", "arrest", "agreement", "gov_regains", "transfer", "base")


_ARMED_DEEDS = ("abduction", "air", "shelling", "ied", "suicide")  # deeds no crowd does
_TOLD_LATER = 300  # characters: a cue this far after the deed's first cue tells the story's background
_GRIEVANCE_REACH = 80  # characters from a protest cue to the wrong it protests ("marched … to protest over the rape")


def _strong_agreement(text: str, hits: CueHits, offset: int, r: Rules) -> bool:
    """An agreement actually made (signed, reached, exchanged prisoners), not a word in passing
    (``bare_agreement``: words that name an agreement without saying one was made; talks are not one)."""
    spans = hits.spans.get("agreement", ())
    if not spans or rhetoric_cues(text, hits.lang) or r.agreement_commentary.search(text):
        return False
    return any(text[s.start - offset : s.end - offset].lower() not in r.bare_agreement for s in spans) and not (
        hits.has("clash", "attack", "air", "shelling", "ied") and r.people_harmed.search(text))


@dataclass(frozen=True)
class CueHits:
    """Where each lexicon category matched in a unit of text."""

    spans: dict[str, tuple[Span, ...]]
    lang: str = "en"

    def has(self, *categories: str) -> bool:
        return any(self.spans.get(c) for c in categories)

    def first(self, category: str) -> int:
        found = self.spans.get(category)
        return found[0].start if found else 10**9

    def count(self, category: str) -> int:
        return len(self.spans.get(category, ()))


CATEGORIES = ("suicide", "chemical", "air", "grenade", "ied", "shelling", "explosion", "sexual", "abduction", "clash",
              "attack", "protest", "intervention", "excessive", "riot", "mob", "looting", "arrest", "agreement",
              "gov_regains", "transfer", "base", "change_group", "other_sd", "disrupted")


Lexicon = tuple[dict[str, re.Pattern[str]], dict[str, float], re.Pattern[str], re.Pattern[str]]


def validate_lexicon(raw: Any, where: str) -> Lexicon:
    """A cue lexicon: every category the engine reads, each with a weight and non-empty patterns."""
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), dict):
        raise RulesError(f"{where}: expected an object with 'categories', 'non_event' and 'rhetoric'")
    unknown = sorted(set(raw) - {"version", "source", "licence", "notes", "categories", "non_event", "rhetoric"})
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(unknown)}")
    cats = raw["categories"]
    bad = sorted(set(cats) - set(CATEGORIES))
    if bad:
        raise RulesError(f"{where}: unknown categor(y/ies) {', '.join(bad)}; the classifier reads {', '.join(CATEGORIES)}")
    missing = sorted(set(CATEGORIES) - set(cats))
    if missing:
        raise RulesError(f"{where}: missing categor(y/ies) {', '.join(missing)}")

    def patterns(spec: Any, name: str) -> re.Pattern[str]:
        if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list) or not spec["patterns"] \
                or not all(isinstance(p, str) and p for p in spec["patterns"]):
            raise RulesError(f"{where}: {name} must have a non-empty 'patterns' list of strings")
        try:
            return compile_patterns(spec["patterns"])
        except re.error as err:
            raise RulesError(f"{where}: {name}: a pattern does not compile ({err})") from err

    compiled = {name: patterns(spec, name) for name, spec in cats.items()}
    weights = {}
    for name, spec in cats.items():
        if not isinstance(spec.get("weight"), int | float):
            raise RulesError(f"{where}: {name} needs a numeric 'weight'")
        weights[name] = float(spec["weight"])
    return compiled, weights, patterns(raw.get("non_event"), "non_event"), patterns(raw.get("rhetoric"), "rhetoric")


@lru_cache(maxsize=4)
def _lexicon(lang: str = "en") -> Lexicon:
    raw, where = read_json("lexicon", lang)
    return validate_lexicon(raw, where)


@lru_cache(maxsize=64)  # a sentence is classified more than once (with and without what the actors say)
def find_cues(text: str, offset: int = 0, lang: str = "en") -> CueHits:
    """Every lexicon category's matches in ``text``, as spans shifted by ``offset`` (kept for the last
    sentences asked: callers read the hits, never change them)."""
    cats, _, _, _ = _lexicon(lang)
    spans: dict[str, tuple[Span, ...]] = {}
    for name, pattern in cats.items():
        found = tuple(Span(m.start() + offset, m.end() + offset) for m in pattern.finditer(text))
        if found:
            spans[name] = found
    return CueHits(spans, lang)


def non_event_cues(text: str, lang: str = "en") -> int:
    return len(_lexicon(lang)[2].findall(text))


def rhetoric_cues(text: str, lang: str = "en") -> int:
    return len(_lexicon(lang)[3].findall(text))


def _victim_scores(text: str, r: Rules) -> tuple[float, float]:
    """Whether the people on the receiving end of the violence look unarmed.

    Looks at the targets of violence verbs: the nouns after an active verb ("killed two farmers",
    up to a "by"), or before a passive one ("a civilian was shot"). Nouns that follow "by" are the
    perpetrators and do not count. Armed targets win ties: ACLED codes a fight between armed
    groups as a battle even when civilians also die.
    """
    civ = armed = 0.0
    for verb in r.violence_verb.finditer(text):
        before = r.sentence_end.split(text[max(0, verb.start() - 70) : verb.start()])[-1]
        if r.passive_before.search(before) or verb.group(0).lower() in r.death_words:
            # "a civilian was shot", "the victim died": the target stands before the verb
            window, backwards = before, True
        else:
            window = r.sentence_end.split(text[verb.end() : verb.end() + 70], maxsplit=1)[0]
            window = r.agent_word.split(window, maxsplit=1)[0]
            backwards = False
        for pattern, weight in ((r.civilian_nouns, 1.0), (r.armed_nouns, -1.0)):
            for noun in pattern.finditer(window):
                distance = len(window) - noun.end() if backwards else noun.start()
                if not backwards and r.agent_before.search(window[: noun.start()]):
                    continue
                score = 1.0 / (1 + distance / 25)
                if weight > 0:
                    civ += score
                else:
                    armed += score
    if r.civilian_word.search(text):
        civ += 0.5
    if r.unarmed_status.search(text):
        civ += 2.0  # an off-duty soldier or an unarmed policeman is attacked as a civilian would be
    return civ, armed


def _without_unheld_protests(text: str, hits: CueHits, offset: int, r: Rules) -> CueHits:
    """The hits without the protest cues of a demonstration feared, planned, announced, still to come or set off
    elsewhere ("deployed in anticipation of more demonstrations", "an arrest that caused protests", "the opposition
    has announced protest programmes for Friday", "the sit-ins would continue"): none was held in the deed told."""
    protests = hits.spans.get("protest", ())
    if not protests:
        return hits
    unheld = [m.span() for m in r.unheld_protest.finditer(text)]
    kept = tuple(p for p in protests if not any(a <= p.start - offset < b for a, b in unheld)
                 and not _planned(text, p.start - offset, p.end - offset, r))
    if len(kept) == len(protests):
        return hits
    spans = {k: v for k, v in hits.spans.items() if k != "protest"}
    if kept:
        spans["protest"] = kept
    return CueHits(spans, hits.lang)


def _without_background_fighting(text: str, hits: CueHits, offset: int, r: Rules) -> tuple[str, CueHits]:
    """The text with fighting told as another deed's setting blanked out ("the killing is believed to be related
    to clashes between two groups"), and its hits, when a cue remains outside it; else both unchanged. Blanks keep
    the offsets."""
    scene = blank(r.background_fighting, text)
    if scene == text:
        return text, hits
    kept = find_cues(scene, offset, hits.lang)
    if not kept.spans:
        return text, hits
    return scene, kept


def _cues_still_in(kept: str, hits: CueHits, offset: int, category: str) -> CueHits:
    """The hits without the ``category`` cues that ``kept`` (the text with some words blanked) no longer holds."""
    found = hits.spans.get(category, ())
    own = tuple(s for s in found if kept[s.start - offset : s.end - offset].strip())
    if len(own) == len(found):
        return hits
    spans = {k: v for k, v in hits.spans.items() if k != category}
    if own:
        spans[category] = own
    return CueHits(spans, hits.lang)


def _blank_spans(text: str, hits: CueHits, offset: int, category: str) -> str:
    """``text`` with the ``category`` cues blanked (offsets kept)."""
    for s in hits.spans.get(category, ()):
        text = text[: s.start - offset] + " " * (s.end - s.start) + text[s.end - offset :]
    return text


def _armed_on_both_sides(text: str, r: Rules) -> bool:
    return len({m.group(0).lower() for m in r.armed_nouns.finditer(text)}) >= 2


def _pick(hits: CueHits, sub: str, *cats: str) -> Classification:
    event_type = SUB_EVENT_TYPES[sub]
    evidence = tuple(s for c in cats for s in hits.spans.get(c, ())[:2])
    _, weights, _, _ = _lexicon(hits.lang)
    score = sum(weights.get(c, 1.0) * hits.count(c) for c in cats)
    return Classification(event_type, sub, disorder_type(event_type, sub), score, evidence)


def _arrest(hits: CueHits, state_agent: bool | None, text: str, r: Rules) -> Classification:
    """ACLED: detention by a non-state armed group is an abduction, not an arrest; a state force in the
    passage ("Boko Haram suspects were arrested by police") makes it an arrest."""
    if state_agent is False and not r.state_agent.search(text):
        return _pick(hits, "Abduction/forced disappearance", "arrest")
    return _pick(hits, "Arrests", "arrest")


def _planned(text: str, start: int, end: int, r: Rules) -> bool:
    """Whether the protest word at ``start:end`` tells a protest announced, called for or still to come."""
    return bool(r.protest_planned_before.search(text, max(0, start - 60), start)
                or r.protest_planned_after.match(text[end : end + 60]))


def classify(text: str, offset: int = 0, state_agent: bool | None = None, lang: str = "en",
             sides: tuple[tuple[Span, bool], ...] = ()) -> Classification | None:
    """The ACLED event and sub-event type of one incident's text, or None when it reports no event.

    ``state_agent`` says whether the first actor is a state force (known from the actor stage);
    when None it is guessed from the words. ``sides`` are the actor stage's armed mentions (report spans,
    whether each is a state force), for who took ground.
    """
    r = _rules(lang)
    hits = find_cues(text, offset, lang)
    if hits.has("arrest") and r.arrest_grounds.search(text):
        # "police arrested three men over the killing of a shopkeeper": the deed named as the grounds of an arrest
        # is not told here (blanked, so the spans keep their places)
        text = blank(r.arrest_grounds, text)
        hits = find_cues(text, offset, lang)
    if hits.has("protest") and r.diplomatic_protest.search(text) and not r.protesting_people.search(text):
        # "the foreign ministry protested against the strikes": a state's diplomatic protest, no demonstration
        hits = CueHits({k: v for k, v in hits.spans.items() if k != "protest"}, hits.lang)
    if hits.has("gov_regains") and all(r.not_territory.match(text[s.end - offset : s.end - offset + 80])
                                       for s in hits.spans["gov_regains"]):
        # "police regained control of all the cellblocks": a prison or a building, no ground held by an armed side
        hits = CueHits({k: v for k, v in hits.spans.items() if k != "gov_regains"}, hits.lang)
    hits = _without_unheld_protests(text, hits, offset, r)
    if hits.has("air") and hits.has("suicide", "grenade", "ied", "shelling", "explosion"):
        # "a car bomb exploded as a drone circled overhead": a drone watching is no strike beside another weapon
        hits = _cues_still_in(blank(r.air_watching, text), hits, offset, "air")
    if not hits.spans:
        return None
    fighting_during = bool(r.fighting_during.search(text))  # "amid heavy fighting": the deed's own time
    text, hits = _without_background_fighting(text, hits, offset, r)
    fought = fighting_during or bool(r.strong_clash.search(text))  # ground taken then is no handover
    claim = r.claim_or_denial.search(text[:160])
    if claim and claim.start() <= min(s.start for spans in hits.spans.values() for s in spans) - offset:
        # "IS claimed responsibility for…", "X denied…", "Y accused Z of…": a statement about an event (measured on
        # the bench's real snippets: coding the claim's own toll as an event cost 0.07 of no-event reports left empty)
        return None
    strong_violence = hits.has(*_STRONG_VIOLENCE)
    if non_event_cues(text, lang) and not _armed_present(text, r) and state_agent is not False \
            and not r.restriction.search(text):
        # disasters, accidents, ordinary crime, diplomacy: no armed party in sight; a chemical cue there is a leak
        # or a poisoning (never coded, below), so "diplomats expelled after a nerve agent attack" tells no deed
        if not hits.has(*_WEAPONS_BUT_CHEMICAL, "disrupted", "excessive", *_NON_VIOLENT_EVENTS) and not r.rioting.search(text) \
                and not r.crowd.search(text):
            return None  # "a violent volcanic eruption", "a boiler exploded", "barricaded himself": nobody fighting
        if strong_violence and not hits.has(*_WEAPONS_BUT_CHEMICAL):
            strong_violence = False  # "firefighters battled a blaze": fighting words with nobody armed
        if not strong_violence and not hits.has("riot", *_NON_VIOLENT_EVENTS):
            return None  # "floods destroyed dozens of homes": damage without anyone who did it
    weak_only = not strong_violence and not hits.has(
        "protest", "riot", "mob", "looting", "arrest", "agreement", "gov_regains", "transfer", "base"
    )
    if weak_only and not r.restriction.search(text) and (
            non_event_cues(text, lang) and not (r.armed_nouns.search(text) or r.unidentified_agent.search(text))
            or rhetoric_cues(text, lang) > 0 and not hits.has("attack")):
        return None
    grievance = hits.has("protest") and hits.first("protest") < min(
        hits.first(c) for c in ("sexual", "chemical", "suicide", "attack", "clash", "air", "shelling", "ied", "explosion"))
    protested_rape = any(0 <= s.start - p.start <= _GRIEVANCE_REACH for s in hits.spans.get("sexual", ())
                         for p in hits.spans.get("protest", ()))  # "marched … to protest over the alleged rape of"
    if hits.has("sexual") and not grievance and not protested_rape:  # "students marched to protest the rape of…"
        return _pick(hits, "Sexual violence", "sexual")
    if hits.has("chemical") and not non_event_cues(text, lang) and not grievance:
        return _pick(hits, "Chemical weapon", "chemical")
    if hits.has("suicide") and not grievance:
        return _pick(hits, "Suicide bomb", "suicide")
    demonstration = hits.has("protest") or r.riot_word.search(text)
    if demonstration and not r.riot_word.search(text) and not r.crowd.search(text) and r.armed_blockers.search(text) \
            and hits.has("clash", "attack") and not hits.has("intervention", "excessive") and all(
                r.blockade.search(text, p.start - offset, p.end - offset) for p in hits.spans.get("protest", ())):
        # "gunmen blocked a road with burning trucks and opened fire on the convoy": armed men's roadblock is
        # their attack's, no demonstration (a crowd or rioters are named when people protest)
        demonstration = False
    if demonstration and hits.has("protest") and not r.riot_word.search(text) and not r.crowd.search(text) \
            and hits.has(*_ARMED_DEEDS) and hits.first("protest") - min(hits.first(c) for c in _ARMED_DEEDS) > _TOLD_LATER:
        # "armed men abducted eight people and set fire to a church … the separatists have enforced a school
        # boycott": a protest word told long after an armed deed, with no crowd, is the story's background
        demonstration = False
    if demonstration:
        own_words = blank(r.state_claim, text)  # the report's own account, without what the police say
        deaths_by_state = bool(r.protest_deaths.search(text) and r.state_agent.search(own_words))  # not 'police said'
        peaceful = bool(r.peaceful_told.search(own_words))
        if peaceful:
            # a march the report calls peaceful: a few stone-throwers in it, or violence the police allege, do not
            # make the crowd rioters
            own_words = blank(r.few_rioters, own_words)
            hits = _cues_still_in(own_words, hits, offset, "riot")
        if r.rioting.search(own_words) or r.crowd_assault.search(own_words) or r.rioting.search(text) and not (
                peaceful or deaths_by_state and r.state_fired.search(text)):
            # protesters who burn, vandalise, stone or storm are a violent demonstration, whatever the police did
            # (ACLED: excessive force is against peaceful protesters); stones the police alone say were thrown do
            # not make the crowd the police fired on and killed rioters
            return _pick(hits, "Violent demonstration", "riot", "protest")
        if hits.has("attack") and not hits.has("excessive", "intervention") and r.crowd_attacked.search(text) \
                and r.people_harmed.search(text) and not r.state_agent.search(text):
            # "ruling party activists attacked protesters …, killing eight of them": a non-state side's violence
            # against a crowd is an attack on it (ACLED); a state force's is excessive force
            return _pick(hits, "Attack", "attack")
        if hits.has("excessive") or deaths_by_state:
            return _pick(hits, "Excessive force against protesters", "excessive", "protest")
        if hits.has("riot"):
            return _pick(hits, "Violent demonstration", "riot", "protest")
        if hits.has("intervention"):
            return _pick(hits, "Protest with intervention", "intervention", "protest")
        violence_first = min(hits.first(c) for c in ("clash", "air", "shelling", "ied", "grenade"))
        if not (violence_first < hits.first("protest") and hits.first("protest") > 80):
            # a protest told before any fighting word ("… protested the arrest, believed to be an attack on
            # press freedom") is the deed; one named after the fighting is its aftermath
            return _pick(hits, "Peaceful protest", "protest")
    if hits.has("disrupted") and not r.strong_clash.search(text) and not (
            r.war_remnant.search(text) and r.people_harmed.search(text)) and not (  # old ordnance that went off and harmed
            hits.has("air", "shelling") and count_stage.has_toll(text, lang)):
        # "air defences intercepted some of the missiles, but the annex collapsed, killing 13": the strike got through
        return _pick(hits, "Disrupted weapons use", "disrupted")
    if hits.has("mob") and not (r.armed_nouns.search(text) and hits.has("attack")
                                and hits.first("mob") - hits.first("attack") > _TOLD_LATER):
        # (a vigilante group named long after gunmen's massacre is the story's background, not its mob)
        return _pick(hits, "Mob violence", "mob")
    if _strong_agreement(text, hits, offset, r):
        return _pick(hits, "Agreement", "agreement")
    if hits.has("transfer") and r.unopposed.search(text):
        return _pick(hits, "Non-violent transfer of territory", "transfer")
    if not r.people_harmed.search(text) and not bool(r.strong_clash.search(text)) and not (
            fought and hits.has("transfer", "gov_regains")):  # "took the town after the army withdrew amid fighting"
        if hits.has("arrest") and not hits.has("protest", "riot", "air", "shelling", "ied", "grenade", "explosion"):
            return _arrest(hits, state_agent, text, r)
        if hits.has("transfer") and not hits.has("gov_regains") and not r.handover.search(text):
            # "US forces withdrew from the base": a force's move that nobody's taking of the ground follows (ACLED:
            # a change to the group's activity)
            return _pick(hits, "Change to group/activity", "transfer")
        if hits.has("transfer"):
            # "took control of the town after the army withdrew", nobody harmed and no fighting told
            return _pick(hits, "Non-violent transfer of territory", "transfer")
        if hits.has("change_group") and not hits.has("gov_regains", "air", "shelling", "ied", "grenade", "explosion"):
            return _pick(hits, "Change to group/activity", "change_group")
        if hits.has("base") and not hits.has("air", "ied", "grenade", "explosion") and not r.firing.search(text):
            # "set up a new military post where heavy weapons were deployed": the weapons are not fired
            return _pick(hits, "Headquarters or base established", "base")
    if hits.has("gov_regains"):
        # a withdrawal beside a capture by fighting is the ground changing hands by force (an unopposed
        # transfer was taken above)
        is_state = _capturer_is_state(text, hits.spans["gov_regains"][0], offset, r, sides)
        if is_state is None:
            is_state = state_agent if state_agent is not None else bool(r.state_agent.search(text[:160]))
        sub = "Government regains territory" if is_state else "Non-state actor overtakes territory"
        return _pick(hits, sub, "gov_regains")
    strong_clash = bool(r.strong_clash.search(text))
    remote = [c for c in ("air", "grenade", "ied", "shelling", "explosion") if hits.has(c)]
    told_fire = bool(r.direct_fire.search(text))
    unarmed_fight = bool(r.unarmed_crowd.search(text)) and not r.weapon_bearers.search(text)  # youths and police
    direct_fire = strong_clash and (_armed_on_both_sides(text, r) or r.between_sides.search(text) or bool(
        r.armed_fight.search(text) or r.fought_with.search(text) and not unarmed_fight)) or told_fire
    air_in_support = hits.has("air") and (strong_clash and hits.first("clash") < hits.first("air")
                                          or bool(r.air_support.search(text)))
    if air_in_support and not strong_clash:
        # "an operation by special forces, backed by airstrikes, killed 18 militants": a ground fight
        return _pick(hits, "Armed clash", "clash", "air")
    if remote and direct_fire and (not hits.has("air") or air_in_support) and (
            not hits.has("ied") or strong_clash or told_fire):
        return _pick(hits, "Armed clash", "clash", *remote)
    if remote:
        if r.war_remnant.search(text) and not hits.has("air", "shelling", "grenade", "suicide"):
            return _pick(hits, "Other", *remote)  # a mine or a shell left from a past war: nobody's deed now
        if "air" in remote:
            return _pick(hits, "Air/drone strike", "air")
        if "grenade" in remote:
            return _pick(hits, "Grenade", "grenade")
        if "ied" in remote:
            return _pick(hits, "Remote explosive/landmine/IED", "ied")
        if "shelling" in remote:
            return _pick(hits, "Shelling/artillery/missile attack", "shelling")
        return _pick(hits, "Remote explosive/landmine/IED", "explosion")
    school_raid = bool(r.school_abduction.search(text)) and not r.deaths_told.search(text)
    if hits.has("abduction") and not (strong_clash and not school_raid or r.captive_killed.search(blank(r.no_harm, text)) or (
            r.killed_or_attacked.search(text)
            and r.people_harmed.search(blank(r.no_harm, _blank_spans(text, hits, offset, "abduction"))))):
        # ACLED: captives killed ("kidnapped … his body was found") are an attack on them; people taken in a
        # raid that harmed nobody else ("pirates attacked the ship and abducted its crew": the taking itself is no
        # other harm) an abduction; a soldier or a police officer taken by armed men is one armed side's fight
        # with the other; pupils taken from a school whose guards fired back, nobody killed, are abducted
        civ, armed = _victim_scores(text, r)
        if armed > civ and (r.armed_blockers.search(text) or r.unidentified_agent.search(text)):
            return _pick(hits, "Armed clash", "abduction")
        return _pick(hits, "Abduction/forced disappearance", "abduction")
    violent = hits.has("clash", "attack")
    if hits.has("looting") and not r.people_harmed.search(text) and not strong_clash:
        return _pick(hits, "Looting/property destruction", "looting")
    if hits.has("riot") and r.rioting.search(text) and not r.people_harmed.search(r.no_harm.sub(" ", text)) \
            and not r.armed_nouns.search(text) and not strong_clash:
        # "assailants torched a bus", "a car was vandalised": unrest against property, nobody hurt
        return _pick(hits, "Mob violence", "riot", "attack")
    if violent and r.crowd_on_officials.search(text) and not r.weapon_bearers.search(text):
        # "a group of residents assaulted a customs officer": a crowd, not an armed group (ACLED: mob violence)
        return _pick(hits, "Mob violence", "attack", "clash", "riot")
    if (strong_clash or violent and r.rioting.search(text)) and r.unarmed_crowd.search(text) \
            and not r.weapon_bearers.search(text):
        # rival supporters, students or villagers fighting with sticks and stones, a crowd storming a house and
        # setting it on fire: a riot, not a battle; two communities or clans whose fight kills are communal militias
        if strong_clash and r.communal_sides.search(text) and r.deaths_told.search(text):
            return _pick(hits, "Armed clash", "clash")
        sub = "Violent demonstration" if r.police_word.search(text) else "Mob violence"
        return _pick(hits, sub, "clash", "riot")
    if (strong_clash or violent) and r.partisans.search(text) and not r.armed_blockers.search(text) \
            and not r.armed_fight.search(text):
        # a party's activists who clash or attack, even with guns or crude bombs, are rioters (no armed group named)
        sub = "Violent demonstration" if r.police_word.search(text) else "Mob violence"
        return _pick(hits, sub, "clash", "attack", "riot")
    if violent:
        if strong_clash and (_armed_on_both_sides(text, r) or r.between_sides.search(text) or r.armed_fight.search(text)
                             or r.communal_sides.search(text)):
            return _pick(hits, "Armed clash", "clash")
        civ, armed = _victim_scores(text, r)
        if civ > armed * 1.1 or (r.unidentified_agent.search(text) and not strong_clash and armed < 0.3):
            return _pick(hits, "Attack", "attack", "clash")
        if hits.has("clash") or r.armed_nouns.search(text):
            return _pick(hits, "Armed clash", "clash", "attack")
    if hits.has("looting"):
        return _pick(hits, "Looting/property destruction", "looting")
    if hits.has("riot"):
        return _pick(hits, "Violent demonstration", "riot")
    if hits.has("arrest"):
        return _arrest(hits, state_agent, text, r)
    if hits.has("base"):
        return _pick(hits, "Headquarters or base established", "base")
    if hits.has("transfer"):
        # a withdrawal told with fighting is the fight's outcome (ACLED: a battle), never a peaceful handover
        return _pick(hits, "Armed clash" if fought else "Non-violent transfer of territory", "transfer")
    if hits.has("gov_regains"):
        return _pick(hits, "Non-state actor overtakes territory", "gov_regains")
    # "peace talks opened in Doha": talks are not an agreement
    only_talks = all(text[sp.start - offset : sp.end - offset].lower() in r.talks_only
                     for sp in hits.spans.get("agreement", ()))
    if hits.has("agreement") and not only_talks and not rhetoric_cues(text, lang) and not r.agreement_commentary.search(text) \
            and (
            _strong_agreement(text, hits, offset, r) or not r.speculation.search(text)):
        return _pick(hits, "Agreement", "agreement")
    if hits.has("abduction"):
        sub = "Attack" if r.captive_killed.search(text) else "Abduction/forced disappearance"
        return _pick(hits, sub, "abduction")
    if violent:
        return _pick(hits, "Attack", "attack")
    if hits.has("change_group") and (not non_event_cues(text, lang) or r.restriction.search(text)):
        return _pick(hits, "Change to group/activity", "change_group")
    if hits.has("other_sd") and not non_event_cues(text, lang):
        return _pick(hits, "Other", "other_sd")
    return None
