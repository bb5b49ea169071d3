"""Classification into ACLED's event types, sub-event types and disorder types.

Cue words come from ``data/lexicon.json``; this module holds only the precedence logic, which
follows the ACLED codebook: sexual violence, chemical weapons and suicide bombs are coded as such
whatever else happens; demonstrations are graded by what the crowd and the authorities did;
territorial change beats the fighting that brought it; remote violence is a battle only when both
sides fight; violence is against civilians when its targets are unarmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from conflictwatch.records import Classification, Span
from conflictwatch.resources import compile_patterns, load_json

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


ARMED_NOUNS = re.compile(
    r"\b(?:soldiers?|troops?|servicem[ae]n|police(?:m[ae]n|wom[ae]n)?|(?:police|security|army|military) "
    r"(?:officers?|personnel|forces?|guards?|posts?|checkpoints?|convoys?|vehicles?|bases?)|"
    r"militants?|insurgents?|rebels?|fighters?|terrorists?|gunmen|militiam[ae]n|militias?|guards?|army|"
    r"forces|commandos?|Taliban|jihadists?|combatants?|Arbakis?|Arbakai|recruits|cadres?|"
    r"(?:intelligence|security) (?:officers?|agents?|personnel|members|services?|officials?)|"
    r"members? of (?:the )?(?:regime's |government's |army's )?(?-i:"
    r"(?:[A-Z][\w-]+ ?){1,5})|checkpoints?|check ?posts?|outposts?|bases?|positions?|convoys?|patrols?|"
    r"(?:military|security) (?:post|point)s?|(?-i:ISF|SDF|YPG|NDF|PKK|HTS|ANA|ANP|ANDSF|ISIS|ISIL|IS|PMF|PMU)|mujahideen|Peshmerga|"
    r"paramilitar\w*|jawans?|battalions?|units?|brigades?|squads?|Houthis?|Shabaab|Boko Haram|"
    r"Daesh|(?:armed|security) (?:men|group)s?|pro-\w+ (?:forces|fighters|militia)|Sahwa|Hashd|"
    r"officers?|sergeant|lieutenant|captain|colonel|commanders?|gendarmes?|gendarmerie|marines?|sailors?|"
    r"airm[ae]n|vigilantes?|posts?)\b",
    re.I,
)
CIVILIAN_NOUNS = re.compile(
    r"\b(?:civilians?|villagers?|residents?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|persons?|people|"
    r"individuals?|farmers?|shepherds?|journalists?|reporters?|teachers?|students?|workers?|traders?|"
    r"businessm[ae]n|doctors?|drivers?|passengers?|famil(?:y|ies)|elders?|clerics?|imams?|priests?|"
    r"activists?|labou?rers?|youths?|herders?|fishermen|nurses?|pilgrims?|worshipp?ers?|refugees?|"
    r"displaced|teenagers?|infants?|babies|daughters?|sons?|wife|husband|brothers?|sisters?|father|mother|"
    r"locals|villages?|homes?|houses?|shops?|markets?|school|hospital|mosque|church|"
    r"(?:local|tribal|village|community|political|opposition|party|peace committee|district|former) "
    r"(?:leaders?|officials?|members?|elders?|chiefs?|heads?|councill?ors?|candidates?|figures?)|"
    r"leaders?|chiefs?|candidates?|politicians?|mayors?|councill?ors?|officials?|judges?|lawyers?|"
    r"Christians?|Muslims?|Hindus?|Dalits?|tribesm[ae]n|nomads?|herdsm[ae]n|owners?|shopkeepers?|"
    r"vendors?|miners?|aid workers?|health workers?|NGO|staff|employees?|prisoners?|detainees?|"
    r"victims?|bodies|body|corpses?|w?hostages?|(?:a|an) (?:\d+-year-old|elderly|young|local)|drug (?:suspects?|dealers?|peddlers?|users?))\b",
    re.I,
)
VIOLENCE_VERB = re.compile(
    r"\b(?:kill\w*|shot|shoot\w*|attack\w*|abduct\w*|kidnap\w*|injur\w*|wound\w*|target\w*|execut\w*|"
    r"murder\w*|stabb\w*|beat\w*|assault\w*|tortur\w*|gunned|hit|fired|struck|ambush\w*|died|dead|slain|"
    r"lynch\w*|behead\w*|assassinat\w*|hacked|opened fire|deaths?)\b",
    re.I,
)
STATE_AGENT = re.compile(
    r"\b(?:government|regime|army|military|soldiers|troops|police|security forces|Military Forces|"
    r"Police Forces|SAA|ANA|ANDSF|ANSF|Iraqi forces|Syrian forces|Afghan forces|forces of|armed forces|"
    r"pro-government|loyalist|national army|state forces|Tatmadaw|FARDC|gendarmerie|IDF)\b",
    re.I,
)
# Small arms alongside heavy weapons, or an exchange of artillery: a fight, not remote violence (ACLED).
_DIRECT_FIRE = re.compile(
    r"\b(?:small arms|light weapons|rifles|gunshots|direct fire|exchang\w* (?:of )?(?:\w+ )?(?:artillery|shell\w*|fire|mortars?)|"
    r"(?:artillery|shelling|shell|mortar) exchanges?)\b",
    re.I,
)
_UNARMED_CROWD = re.compile(
    r"\b(?:supporters|students|villagers|residents|youths?|rival (?:groups|factions|parties)|party (?:workers|activists|members)|"
    r"activists|workers|locals|mobs?|crowds?|traders|farmers and|herders and|communities|factions of (?:the )?[A-Z]\w+ (?:League|Party|Congress)|"
    r"(?:party|opposition|rival) (?:members|supporters)|[A-Z]{2,6} (?:members|supporters|activists|workers)|Palestinians|two groups|"
    r"(?:dozens|hundreds|scores|thousands|a (?:group|crowd|number)) of (?:[\w()'-]+ ){0,3}(?:men|people|youths?|residents|worshippers|"
    r"migrants|villagers|inmates|prisoners))\b",
    re.I,
)
_WEAPON_BEARERS = re.compile(
    r"\b(?:militants?|insurgents?|rebels?|soldiers?|troops|army|gunm[ae]n|armed|militias?|terrorists?|fighters?|"
    r"guns?|rifles?|firearms?|gunfire|shot|shooting|bullets?|jihadists?|tribesm[ae]n|Taliban|"
    r"(?-i:[A-Z]{2,6})(?!\s+(?:members|supporters|activists|workers|cadres)))\b",
    re.I,
)
_RIOTING = re.compile(
    r"\b(?:burn(?:ed|t|ing)? (?:\w+ ){0,2}(?:tyres|tires)|vandali[sz]\w*|torch(?:ed|ing)|ransack\w*|looted|"
    r"(?:threw|throwing|hurled|hurling|pelted|pelting) (?:\w+ ){0,2}(?:stones|rocks|bricks|molotov\w*|petrol bombs|firebombs)|"
    r"stone[- ]?pelt\w*|set (?:a )?fire to|set fire|set (?:\w+ ){0,3}(?:on fire|ablaze|alight)|smash\w*)\b", re.I)
# "police sources said", "according to police": the police as reporters, not as an armed party
_REPORTING_POLICE = re.compile(r"\b(?:according to (?:the )?police|police (?:sources?|said|say|says|spokes\w+|officials?|reports?))\b",
                               re.I)
_CROWD = re.compile(r"\b(?:protesters?|demonstrators?|rioters?|crowds?|mobs?)\b", re.I)


def _armed_present(text: str) -> bool:
    return ARMED_NOUNS.search(_REPORTING_POLICE.sub(" ", text)) is not None


_NO_HARM = re.compile(r"\b(?:no(?: one|body)? (?:was |were )?(?:reported )?(?:hurt|injured|killed|harmed|wounded)|"
                      r"no (?:reported )?(?:injuries|casualties|fatalities)|without (?:injuries|casualties))\b", re.I)
_FIRING = re.compile(r"\b(?:shell\w*|fired|firing|struck|strikes?|hit|targeted|bombard\w*|launched (?:\w+ ){0,2}(?:rockets?|missiles?|shells?))\b", re.I)
_AIR_SUPPORT = re.compile(
    r"\b(?:operations?|offensive|raids?|ground forces|special forces|commandos?|troops)\b(?:\W+\w+){0,8}?\W+"
    r"(?:backed|supported|assisted|covered) by (?:\w+ ){0,2}(?:air ?strikes?|air support|air cover|aircraft|warplanes|helicopters|drones)"
    r"|\bwith (?:the )?(?:support|help|backing) of (?:\w+ ){0,2}(?:air ?strikes?|air support|air cover|aircraft|warplanes|helicopters)\b",
    re.I,
)
_CROWD_ON_OFFICIALS = re.compile(
    r"\b(?:(?:a|the) (?:group|number|crowd|mob|band) of (?:\d+ |\w+ )?(?:\w+ )?|angry |irate )?"
    r"(?:residents|villagers|citizens|migrants|smugglers|students|youths|locals|traders|voters|supporters|workers|"
    r"passengers|drivers|relatives|inhabitants)\b(?:\W+\w+){0,6}?\W+"
    r"(?:assault\w*|attack\w*|beat|beaten|stoned|raid\w*|roughed up|manhandled|lynched)\W+(?:\w+\W+){0,5}?"
    r"(?:police\w*|officers?|officials?|customs|gendarmes?|agents?|guards?|rangers?|teachers?|doctors?|nurses?)\b",
    re.I,
)
_PROTEST_DEATHS = re.compile(r"\b(?:protesters?|demonstrators?|people|persons)\b(?:\W+\w+){0,8}?\W+(?:killed|shot dead|died)\b|"
                             r"\b(?:killed|shot dead)\b(?:\W+\w+){0,4}?\W+(?:protesters?|demonstrators?)\b", re.I)
_PEOPLE_HARMED = re.compile(r"\b(?:kill\w*|injur\w*|wound\w*|shot|dead|died|abduct\w*|kidnap\w*|beat(?:en|ing)?|"
                            r"assault\w*|tortur\w*|hurt|casualt\w*|fatalit\w*)\b", re.I)
_UNIDENTIFIED_AGENT = re.compile(
    r"\b(?:unknown|unidentified|anonymous|masked) (?:gunm[ae]n|assailants?|attackers?|armed men|men|persons|perpetrators|militants)\b"
    r"|\bgunm[ae]n\b|\bassailants?\b", re.I)
_AGREEMENT_COMMENTARY = re.compile(r"\b(?:has|have|had) (?:largely |mostly |so far )?held\b|\bholding\b|"
                                   r"\baccuse each other\b|\bviolations\b", re.I)
# Words that name an agreement without saying one was made; talks are not an agreement (ACLED).
_BARE_AGREEMENT = {"ceasefire", "cease-fire", "truce", "surrender", "surrendered", "surrenders", "peace talks"}


_NON_STATE_AGENT = re.compile(
    r"\b(?:militants?|rebels?|insurgents?|jihadists?|fighters|militias?|terrorists?|gunmen|guerrillas?|Taliban|"
    r"Islamic State|ISIS|ISIL|Daesh|IS|al-Shabaa?b|Houthis?|opposition|Kurdish|separatists?|extremists?)\b")


def _capturer_is_state(text: str, cue: int) -> bool | None:
    """Who took the ground: the armed side named last before the capture verb in its sentence
    ("according to an army spokesman, militants gained control of the base": the militants)."""
    start = max(text.rfind(".", 0, cue), text.rfind(";", 0, cue), cue - 120, 0)
    window = text[start:cue]
    state = [m.end() for m in STATE_AGENT.finditer(window)]
    other = [m.end() for m in _NON_STATE_AGENT.finditer(window)]
    if not state and not other:
        return None
    return max(state, default=-1) > max(other, default=-1)


# Cue categories that name a weapon or a form of violence no accident produces, and the non-violent events.
_WEAPONS = ("suicide", "chemical", "air", "grenade", "ied", "shelling", "abduction", "sexual")
_STRONG_VIOLENCE = (*_WEAPONS, "clash", "disrupted", "excessive")
_NON_VIOLENT_EVENTS = ("protest", "mob", "arrest", "agreement", "gov_regains", "transfer", "base")


def _strong_agreement(text: str, hits: CueHits, offset: int) -> bool:
    """An agreement actually made (signed, reached, exchanged prisoners), not a word in passing."""
    spans = hits.spans.get("agreement", ())
    if not spans or rhetoric_cues(text) or _AGREEMENT_COMMENTARY.search(text):
        return False
    return any(text[s.start - offset : s.end - offset].lower() not in _BARE_AGREEMENT for s in spans) and not (
        hits.has("clash", "attack", "air", "shelling", "ied") and _PEOPLE_HARMED.search(text))


STRONG_CLASH = re.compile(
    r"\b(?:clash\w*|fighting|fought|exchang\w* (?:of )?(?:gun)?fire|gun ?fights?|fire ?fights?|gun battles?|"
    r"battle[ds]?|skirmish\w*|ambush\w*|cross-?fire|engaged|encounters?|repelled|repulsed|counter-?attack\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class CueHits:
    """Where each lexicon category matched in a unit of text."""

    spans: dict[str, tuple[Span, ...]]

    def has(self, *categories: str) -> bool:
        return any(self.spans.get(c) for c in categories)

    def first(self, category: str) -> int:
        found = self.spans.get(category)
        return found[0].start if found else 10**9

    def count(self, category: str) -> int:
        return len(self.spans.get(category, ()))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, re.Pattern[str]], dict[str, float], re.Pattern[str], re.Pattern[str]]:
    data = load_json("lexicon.json")
    cats = {name: compile_patterns(spec["patterns"]) for name, spec in data["categories"].items()}
    weights = {name: float(spec["weight"]) for name, spec in data["categories"].items()}
    return cats, weights, compile_patterns(data["non_event"]["patterns"]), compile_patterns(data["rhetoric"]["patterns"])


def find_cues(text: str, offset: int = 0) -> CueHits:
    """Every lexicon category's matches in ``text``, as spans shifted by ``offset``."""
    cats, _, _, _ = _lexicon()
    spans: dict[str, tuple[Span, ...]] = {}
    for name, pattern in cats.items():
        found = tuple(Span(m.start() + offset, m.end() + offset) for m in pattern.finditer(text))
        if found:
            spans[name] = found
    return CueHits(spans)


def non_event_cues(text: str) -> int:
    return len(_lexicon()[2].findall(text))


def rhetoric_cues(text: str) -> int:
    return len(_lexicon()[3].findall(text))


# Authorities or armed groups restricting movement: coded by ACLED as a change to group activity
_RESTRICTION = re.compile(r"\b(?:impos\w+|declar\w+|announc\w+|enforc\w+|extend\w+)\s+(?:[\w-]+\s+){0,5}"
                          r"(?:curfews?|state of emergency|lockdowns?|closures?)\b", re.I)
_UNOPPOSED = re.compile(r"\bwithout (?:any |a )?(?:resistance|fight(?:ing)?|firing|a shot|bloodshed|clashes)\b", re.I)
_CLAIM_OR_DENIAL = re.compile(
    r"\b(?:(?:has |have |had )?claimed responsibility|(?:takes?|took|claimed) credit|(?:has |have )?denied|"
    r"(?:has |have )?accused|rejected (?:the )?accusations?|blam(?:ed|es) (?:\w+ ){0,3}for|describes? (?:\w+ ){0,3}accusations)\b",
    re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+(?:\w+ly\s+)?$", re.I)


def _victim_scores(text: str) -> tuple[float, float]:
    """Whether the people on the receiving end of the violence look unarmed.

    Looks at the targets of violence verbs: the nouns after an active verb ("killed two farmers",
    up to a "by"), or before a passive one ("a civilian was shot"). Nouns that follow "by" are the
    perpetrators and do not count. Armed targets win ties: ACLED codes a fight between armed
    groups as a battle even when civilians also die.
    """
    civ = armed = 0.0
    for verb in VIOLENCE_VERB.finditer(text):
        before = re.split(r"[.!?]\s", text[max(0, verb.start() - 70) : verb.start()])[-1]
        if _PASSIVE_BEFORE.search(before) or verb.group(0).lower() in ("died", "dead", "deaths", "death"):
            # "a civilian was shot", "the victim died": the target stands before the verb
            window, backwards = before, True
        else:
            window = re.split(r"[.!?]\s", text[verb.end() : verb.end() + 70], maxsplit=1)[0]
            window = re.split(r"\bby\b", window, maxsplit=1)[0]
            backwards = False
        for pattern, weight in ((CIVILIAN_NOUNS, 1.0), (ARMED_NOUNS, -1.0)):
            for noun in pattern.finditer(window):
                distance = len(window) - noun.end() if backwards else noun.start()
                if not backwards and re.search(r"\bby\s+(?:\w+\s+)?$", window[: noun.start()]):
                    continue
                score = 1.0 / (1 + distance / 25)
                if weight > 0:
                    civ += score
                else:
                    armed += score
    if re.search(r"\bcivilians?\b", text, re.I):
        civ += 0.5
    if re.search(r"\b(?:off-duty|unarmed|retired)\b", text, re.I):
        civ += 2.0  # an off-duty soldier or an unarmed policeman is attacked as a civilian would be
    return civ, armed


def _armed_on_both_sides(text: str) -> bool:
    return len({m.group(0).lower() for m in ARMED_NOUNS.finditer(text)}) >= 2


def _pick(hits: CueHits, sub: str, *cats: str) -> Classification:
    event_type = SUB_EVENT_TYPES[sub]
    evidence = tuple(s for c in cats for s in hits.spans.get(c, ())[:2])
    _, weights, _, _ = _lexicon()
    score = sum(weights.get(c, 1.0) * hits.count(c) for c in cats)
    return Classification(event_type, sub, disorder_type(event_type, sub), score, evidence)


def _arrest(hits: CueHits, state_agent: bool | None) -> Classification:
    """ACLED: detention by a non-state armed group is an abduction, not an arrest."""
    if state_agent is False:
        return _pick(hits, "Abduction/forced disappearance", "arrest")
    return _pick(hits, "Arrests", "arrest")


def classify(text: str, offset: int = 0, state_agent: bool | None = None) -> Classification | None:
    """The ACLED event and sub-event type of one incident's text, or None when it reports no event.

    ``state_agent`` says whether the first actor is a state force (known from the actor stage);
    when None it is guessed from the words.
    """
    hits = find_cues(text, offset)
    if not hits.spans:
        return None
    claim = _CLAIM_OR_DENIAL.search(text[:160])
    if claim and claim.start() <= min(s.start for spans in hits.spans.values() for s in spans) - offset:
        return None  # "IS claimed responsibility for…", "X denied…", "Y accused Z of…": a statement about an event
    strong_violence = hits.has(*_STRONG_VIOLENCE)
    if non_event_cues(text) and not _armed_present(text) and not _RESTRICTION.search(text):
        # disasters, accidents, ordinary crime: no armed party in sight
        if not hits.has(*_WEAPONS, "disrupted", "excessive", *_NON_VIOLENT_EVENTS) and not _RIOTING.search(text) \
                and not _CROWD.search(text):
            return None  # "a violent volcanic eruption", "a boiler exploded", "barricaded himself": nobody fighting
        if strong_violence and not hits.has(*_WEAPONS):
            strong_violence = False  # "firefighters battled a blaze": fighting words with nobody armed
        if not strong_violence and not hits.has("riot", *_NON_VIOLENT_EVENTS):
            return None  # "floods destroyed dozens of homes": damage without anyone who did it
    weak_only = not strong_violence and not hits.has(
        "protest", "riot", "mob", "looting", "arrest", "agreement", "gov_regains", "transfer", "base"
    )
    if weak_only and not _RESTRICTION.search(text) and (
            non_event_cues(text) and not (ARMED_NOUNS.search(text) or _UNIDENTIFIED_AGENT.search(text))
            or rhetoric_cues(text) > 0 and not hits.has("attack")):
        return None
    grievance = hits.has("protest") and hits.first("protest") < min(
        hits.first(c) for c in ("sexual", "chemical", "suicide", "attack", "clash", "air", "shelling", "ied", "explosion"))
    if hits.has("sexual") and not grievance:  # "students marched to protest the rape of…" is a protest
        return _pick(hits, "Sexual violence", "sexual")
    if hits.has("chemical") and not non_event_cues(text) and not grievance:
        return _pick(hits, "Chemical weapon", "chemical")
    if hits.has("suicide") and not grievance:
        return _pick(hits, "Suicide bomb", "suicide")
    demonstration = hits.has("protest") or re.search(r"\b(?:rioters|rioted|riots?)\b(?!\s+(?:police|gear|squads?|control))", text, re.I)
    if demonstration:
        deaths_by_state = bool(_PROTEST_DEATHS.search(text) and STATE_AGENT.search(text))
        if _RIOTING.search(text) and not deaths_by_state:
            # protesters who burn, vandalise or stone are a violent demonstration, whatever the police did
            return _pick(hits, "Violent demonstration", "riot", "protest")
        if hits.has("excessive") or deaths_by_state:
            return _pick(hits, "Excessive force against protesters", "excessive", "protest")
        if hits.has("riot"):
            return _pick(hits, "Violent demonstration", "riot", "protest")
        if hits.has("intervention"):
            return _pick(hits, "Protest with intervention", "intervention", "protest")
        if not (hits.has("clash", "air", "shelling", "ied", "grenade") and hits.first("protest") > 80):
            return _pick(hits, "Peaceful protest", "protest")
    if hits.has("disrupted") and not STRONG_CLASH.search(text):
        return _pick(hits, "Disrupted weapons use", "disrupted")
    if hits.has("mob"):
        return _pick(hits, "Mob violence", "mob")
    if _strong_agreement(text, hits, offset):
        return _pick(hits, "Agreement", "agreement")
    if hits.has("transfer") and _UNOPPOSED.search(text):
        return _pick(hits, "Non-violent transfer of territory", "transfer")
    if not _PEOPLE_HARMED.search(text) and not bool(STRONG_CLASH.search(text)):
        if hits.has("arrest") and not hits.has("protest", "riot", "air", "shelling", "ied", "grenade", "explosion"):
            return _arrest(hits, state_agent)
        if hits.has("transfer") and not hits.has("gov_regains"):
            return _pick(hits, "Non-violent transfer of territory", "transfer")
        if hits.has("change_group") and not hits.has("gov_regains", "air", "shelling", "ied", "grenade", "explosion"):
            return _pick(hits, "Change to group/activity", "change_group")
        if hits.has("base") and not hits.has("air", "ied", "grenade", "explosion") and not _FIRING.search(text):
            # "set up a new military post where heavy weapons were deployed": the weapons are not fired
            return _pick(hits, "Headquarters or base established", "base")
    if hits.has("gov_regains") and not hits.has("transfer"):
        is_state = _capturer_is_state(text, hits.first("gov_regains") - offset)
        if is_state is None:
            is_state = state_agent if state_agent is not None else bool(STATE_AGENT.search(text[:160]))
        sub = "Government regains territory" if is_state else "Non-state actor overtakes territory"
        return _pick(hits, sub, "gov_regains")
    strong_clash = bool(STRONG_CLASH.search(text))
    remote = [c for c in ("air", "grenade", "ied", "shelling", "explosion") if hits.has(c)]
    direct_fire = strong_clash and (_armed_on_both_sides(text) or re.search(r"\bbetween\b", text)) or bool(
        _DIRECT_FIRE.search(text))
    air_in_support = hits.has("air") and (strong_clash and hits.first("clash") < hits.first("air")
                                          or bool(_AIR_SUPPORT.search(text)))
    if air_in_support and not strong_clash:
        # "an operation by special forces, backed by airstrikes, killed 18 militants": a ground fight
        return _pick(hits, "Armed clash", "clash", "air")
    if remote and direct_fire and (not hits.has("air") or air_in_support) and (not hits.has("ied") or strong_clash):
        return _pick(hits, "Armed clash", "clash", *remote)
    if remote:
        if "air" in remote:
            return _pick(hits, "Air/drone strike", "air")
        if "grenade" in remote:
            return _pick(hits, "Grenade", "grenade")
        if "ied" in remote:
            return _pick(hits, "Remote explosive/landmine/IED", "ied")
        if "shelling" in remote:
            return _pick(hits, "Shelling/artillery/missile attack", "shelling")
        return _pick(hits, "Remote explosive/landmine/IED", "explosion")
    if hits.has("abduction") and not (strong_clash or re.search(r"\b(?:killed|attack(?:ed|s)?)\b", text, re.I)):
        return _pick(hits, "Abduction/forced disappearance", "abduction")
    violent = hits.has("clash", "attack")
    if hits.has("looting") and not _PEOPLE_HARMED.search(text) and not strong_clash:
        return _pick(hits, "Looting/property destruction", "looting")
    if hits.has("riot") and _RIOTING.search(text) and not _PEOPLE_HARMED.search(_NO_HARM.sub(" ", text)) \
            and not ARMED_NOUNS.search(text) and not strong_clash:
        # "assailants torched a bus", "a car was vandalised": unrest against property, nobody hurt
        return _pick(hits, "Mob violence", "riot", "attack")
    if violent and _CROWD_ON_OFFICIALS.search(text) and not _WEAPON_BEARERS.search(text):
        # "a group of residents assaulted a customs officer": a crowd, not an armed group (ACLED: mob violence)
        return _pick(hits, "Mob violence", "attack", "clash", "riot")
    if strong_clash and _UNARMED_CROWD.search(text) and not _WEAPON_BEARERS.search(text):
        # rival supporters, students or villagers fighting with sticks and stones: a riot, not a battle
        sub = "Violent demonstration" if re.search(r"\bpolice\b", text, re.I) else "Mob violence"
        return _pick(hits, sub, "clash", "riot")
    if violent:
        if strong_clash and (_armed_on_both_sides(text) or re.search(r"\bbetween\b", text)):
            return _pick(hits, "Armed clash", "clash")
        civ, armed = _victim_scores(text)
        if civ > armed * 1.1 or (_UNIDENTIFIED_AGENT.search(text) and not strong_clash and armed < 0.3):
            return _pick(hits, "Attack", "attack", "clash")
        if hits.has("clash") or ARMED_NOUNS.search(text):
            return _pick(hits, "Armed clash", "clash", "attack")
    if hits.has("looting"):
        return _pick(hits, "Looting/property destruction", "looting")
    if hits.has("riot"):
        return _pick(hits, "Violent demonstration", "riot")
    if hits.has("arrest"):
        return _arrest(hits, state_agent)
    if hits.has("base"):
        return _pick(hits, "Headquarters or base established", "base")
    if hits.has("transfer"):
        return _pick(hits, "Non-violent transfer of territory", "transfer")
    if hits.has("gov_regains"):
        return _pick(hits, "Non-state actor overtakes territory", "gov_regains")
    # "peace talks opened in Doha": talks are not an agreement
    only_talks = all(text[sp.start - offset : sp.end - offset].lower() == "peace talks"
                     for sp in hits.spans.get("agreement", ()))
    if hits.has("agreement") and not only_talks and not rhetoric_cues(text) and not _AGREEMENT_COMMENTARY.search(text) and (
            _strong_agreement(text, hits, offset) or not re.search(r"\b(?:why|analysis|could|would|if)\b", text, re.I)):
        return _pick(hits, "Agreement", "agreement")
    if hits.has("abduction"):
        return _pick(hits, "Abduction/forced disappearance", "abduction")
    if violent:
        return _pick(hits, "Attack", "attack")
    if hits.has("change_group") and (not non_event_cues(text) or _RESTRICTION.search(text)):
        return _pick(hits, "Change to group/activity", "change_group")
    if hits.has("other_sd") and not non_event_cues(text):
        return _pick(hits, "Other", "other_sd")
    return None
