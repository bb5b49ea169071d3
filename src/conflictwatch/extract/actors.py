"""Actors: find who did what to whom, named in ACLED's conventions, with inter codes.

Names come from two data files: ``data/actors.json`` (named groups and their aliases: NDF,
Asayish, QSD, HTS, Taliban, …) and ``data/countries.json`` (demonyms and local names of each
state's forces, for ``Military Forces of Syria (2000-)``, ``Police Forces of …``,
``Civilians (…)``, ``Protesters (…)``). Unknown named groups still come out as actors, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from conflictwatch.extract import roles as role_stage
from conflictwatch.geo.normalize import FOREIGN_REFERENCE_AFTER
from conflictwatch.records import ActorMention, Span
from conflictwatch.resources import load_json

_KIND_INTER = {"state": 1, "rebel": 2, "militia": 3, "communal": 4, "external": 8, "party": 3, "group": 3}


@dataclass(frozen=True)
class _Entry:
    name: str
    inter: int
    country: str | None
    kind: str
    countries: tuple[str, ...] = ()  # other countries where the same aliases name this entry


@dataclass(frozen=True)
class _Country:
    name: str
    regime_year: str | None
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class Dictionary:
    """The compiled actor dictionary: alias patterns, countries and their forces."""

    alias_pattern: re.Pattern[str]
    acronym_pattern: re.Pattern[str]
    by_alias: dict[str, tuple[_Entry, ...]]
    countries: dict[str, _Country]
    country_pattern: re.Pattern[str]
    country_by_word: dict[str, str]
    force_alias: dict[str, tuple[str, str]]  # lowercased alias -> (country, "military"|"police")
    force_pattern: re.Pattern[str]
    common_words: frozenset[str]  # aliases written in lower case ("militia", "insurgents"): country-bound
    # aliases made only of words that many countries' actors share ("National Army", "Islamist militants"):
    # they name a foreign entry only where the text places the event in that entry's country
    descriptive: frozenset[str] = frozenset()


def _alt(words: list[str], fold_case: bool = False) -> str:
    """A regex matching any of the literal ``words`` (longest first), built as a character trie so that
    thousands of aliases cost one pass instead of one try each; never matches when empty."""
    trie: dict[str, dict] = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in (word.lower() if fold_case else word):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else "(?!x)x"


def _trie_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    # longer continuations are tried before stopping here, so the longest alias wins
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """Load and compile the actor and country dictionaries once per process."""
    countries_file = load_json("countries.json")
    countries_raw = countries_file["countries"]
    # "soldiers" or "government forces" listed under one country mean the report's own country's forces
    generic = {a.lower() for key in ("generic_military_aliases", "generic_police_aliases")
               for a in countries_file.get(key, [])}
    actors_raw = load_json("actors.json")["actors"]
    countries: dict[str, _Country] = {}
    country_by_word: dict[str, str] = {}
    force_alias: dict[str, tuple[str, str]] = {}
    for name, spec in countries_raw.items():
        demonyms = tuple(spec.get("demonyms", []))
        countries[name] = _Country(name, spec.get("regime_year") or None, demonyms)
        for word in (name, *spec.get("aliases", []), *demonyms):
            country_by_word.setdefault(word, name)
        for alias in spec.get("military_aliases", []):
            if alias.lower() not in generic:
                force_alias.setdefault(alias.lower(), (name, "military"))
        for alias in spec.get("police_aliases", []):
            if alias.lower() not in generic:
                force_alias.setdefault(alias.lower(), (name, "police"))
    by_alias: dict[str, list[_Entry]] = {}
    for spec in actors_raw:
        kind = spec.get("kind", "group")
        entry = _Entry(spec["name"], int(spec.get("inter", _KIND_INTER.get(kind, 3))), spec.get("country"), kind,
                       tuple(spec.get("countries", [])))
        for alias in {spec["name"], *spec.get("aliases", []), *spec.get("home_only_aliases", [])}:
            by_alias.setdefault(alias.lower(), []).append(entry)
    acronyms = [a for a in {a for spec in actors_raw for a in (*spec.get("aliases", []), *spec.get("home_only_aliases", []))}
                if _is_acronym(a)]
    words = [a for a in {a for spec in actors_raw for a in (spec["name"], *spec.get("aliases", []))} if not _is_acronym(a)]
    force_words = [a for a in force_alias if not _is_acronym(a)]
    force_acronyms = [a for spec in countries_raw.values() for a in spec.get("military_aliases", []) + spec.get("police_aliases", [])
                      if _is_acronym(a) and a.lower() not in generic]
    for a in force_acronyms:
        force_alias.setdefault(a.lower(), force_alias.get(a.lower(), ("", "military")))
    # Which countries' names use each word: a word used by the actors of many countries describes, not names.
    word_countries: dict[str, set[str]] = {}
    for spec in actors_raw:
        for alias in (spec["name"], *spec.get("aliases", [])):
            for word in _words(alias):
                word_countries.setdefault(word, set()).add(spec.get("country") or "")
    for name, spec in countries_raw.items():
        for alias in spec.get("military_aliases", []) + spec.get("police_aliases", []):
            for word in _words(alias):
                word_countries.setdefault(word, set()).add(name)
    all_aliases = {a for spec in actors_raw for a in spec.get("aliases", [])} | {
        a for spec in countries_raw.values() for a in spec.get("military_aliases", []) + spec.get("police_aliases", [])}
    descriptive = frozenset(
        a.lower() for a in all_aliases
        if not _is_acronym(a) and _words(a) and all(len(word_countries.get(w, ())) >= _DESCRIPTIVE_SPREAD for w in _words(a)))
    return Dictionary(
        # "Taliban-planted", "HTS-led": a hyphen after the name still names the actor
        alias_pattern=re.compile(rf"(?<![\w-])(?:{_alt(words, fold_case=True)})(?!\w)(?!-[A-Z])", re.I),
        acronym_pattern=re.compile(rf"(?<![\w-])(?:{_alt(acronyms)})(?!\w)(?!-[A-Z])"),
        by_alias={k: tuple(v) for k, v in by_alias.items()},
        countries=countries,
        country_pattern=re.compile(rf"(?<![\w-])(?:{_alt(list(country_by_word))})(?![\w-])"),
        country_by_word=country_by_word,
        force_alias=force_alias,
        # Lower-case aliases ("militia") and acronyms that are also common abbreviations ("APC", an armoured
        # personnel carrier) name the actor only in a report about its own country.
        common_words=frozenset(
            [a for spec in actors_raw for a in spec.get("aliases", []) if a == a.lower()]
            + [a.lower() for spec in actors_raw for a in spec.get("home_only_aliases", [])]
        ),
        descriptive=descriptive,
        force_pattern=re.compile(
            rf"(?<![\w-])(?:(?:{_alt(force_words, fold_case=True)})(?![\w-])|(?-i:{_alt(force_acronyms)})(?![\w-]))", re.I
        ),
    )


_DESCRIPTIVE_SPREAD = 2  # a word in the names of at least this many countries' actors describes rather than names


def _words(alias: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'-]*", alias.lower())


def _is_acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return 1 < len(alias) <= 8 and letters.isupper()


def country_mentions(text: str) -> list[tuple[str, Span]]:
    """Countries named or implied by demonyms ("Syrian", "Afghans"), in text order."""
    d = dictionary()
    return [(d.country_by_word[m.group(0)], Span(m.start(), m.end())) for m in d.country_pattern.finditer(text)
            if not FOREIGN_REFERENCE_AFTER.match(text, m.end())]  # "the US dollar" says nothing of where


# News agencies whose initials are also an actor's (AFP, the Philippine army; AP, Kenya's Administration Police;
# PTI, a Pakistani party): in a credit such as "BASRA, Iraq (AFP) -" or "AP reported" they name the source.
_NEWS_AGENCIES = frozenset({"AFP", "AP", "UPI", "PTI", "ANI", "IANS", "DPA", "EFE", "ANSA", "IRNA", "ISNA", "QNA",
                            "WAM", "SPA", "KUNA", "MENA", "SANA", "NNA", "APP", "BSS", "UNB", "KNA", "NAN"})
_CREDIT_AFTER = re.compile(r"\)|\]|[ \t]*(?:\n|$)|\s+(?:via|photos?|file photo|images?|video)\b|"
                           r"\s*(?:/|,)?\s*(?:reported|reports|said|says|news agency|quoted|correspondents?|photographers?|"
                           r"journalists?|has learned|learned|cited|contributed|[-\u2013\u2014])", re.IGNORECASE)


def _news_credit(text: str, m: re.Match[str]) -> bool:
    """Whether an acronym match is a news agency's credit rather than an actor."""
    if m.group(0) not in _NEWS_AGENCIES:
        return False
    before = text[max(0, m.start() - 2) : m.start()]
    return "(" in before or "[" in before or bool(_CREDIT_AFTER.match(text, m.end())) or re.search(
        r"\b(?:according to|told|quoted by|reported by|via)\s*$", text[max(0, m.start() - 20) : m.start()], re.I) is not None


def state_force_name(country: str, branch: str = "military") -> str:
    """ACLED's name for a state's forces: ``Military Forces of Syria (2000-)``."""
    c = dictionary().countries.get(country)
    year = f" ({c.regime_year})" if c and c.regime_year else ""
    label = "Police Forces" if branch == "police" else "Military Forces"
    return f"{label} of {country}{year}"


_FORCE_NOUN = (
    r"(?:army|armed forces|military|forces|troops|soldiers?|servicem[ae]n|security forces|security personnel|"
    r"army (?:officers?|personnel|patrols?|posts?|convoys?|vehicles?)|conscripts?|"
    r"military forces|warplanes|jets|aircraft|air ?force|artillery|navy|border guards?|gendarmes?|"
    r"helicopters?|drones?|government forces|regime forces|special forces|commandos|intelligence)"
)
_POLICE_NOUN = r"(?:police(?:m[ae]n|\s+officers?|\s+forces?|\s+personnel|\s+posts?|\s+stations?)?|policem[ae]n|cops|riot police|officers?)"
GENERIC_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("unidentified", re.compile(
        r"\b(?:unknown|unidentified|masked|suspected|armed|anonymous)\s+(?:gunm[ae]n|assailants?|attackers?|"
        r"armed (?:men|group|individuals|persons)|men|persons|individuals|militants|group|perpetrators|people|motorcyclists|shooters?)\b"
        r"|\bgunm[ae]n\b|\bassailants\b|\barmed (?:men|group)\b|\bunknown (?:parties|party|sources)\b"
        r"|\bbandits?\b|\bcriminals?\b|\bthugs\b|\bmiscreants\b", re.I)),
    ("police", re.compile(rf"\b{_POLICE_NOUN}\b", re.I)),
    ("military", re.compile(
        rf"\b(?:(?:government|regime|state|national|pro-government|loyalist|security)\s+)?{_FORCE_NOUN}\b", re.I)),
    ("protesters", re.compile(r"\b(?:protesters?|protestors?|demonstrators?|marchers|activists|strikers)\b", re.I)),
    ("rioters", re.compile(r"\b(?:rioters|mobs?|a crowd|angry (?:residents|villagers|crowd)|vigilantes)\b", re.I)),
    ("civilians", re.compile(
        r"\b(?:civilians?|villagers?|residents?|farmers?|shepherds?|journalists?|teachers?|students?|workers?|"
        r"traders?|passengers?|children|child|wom[ae]n|m[ae]n|boys?|girls?|persons?|people|individuals?|"
        r"family|families|elders?|herders?|fishermen|refugees?|displaced|drivers?|locals?|youths?|"
        r"(?:local|tribal|village|political|party|opposition) (?:leaders?|officials?|members?|elders?)|"
        r"leaders?|officials?|candidates?|activists?|prisoners?|detainees?|doctors?|nurses?|aid workers?)\b", re.I)),
    ("militants", re.compile(r"\b(?:militants?|insurgents?|rebels?|terrorists?|jihadists?|extremists?|fighters)\b", re.I)),
]
# Mention kinds that are never the agent of violence unless nothing else is named.
VICTIM_KINDS = {"civilians"}


def find_actors(text: str, country: str | None, offset: int = 0,
                allowed: frozenset[str] | None = None) -> list[ActorMention]:
    """Every actor mention in ``text``, resolved to ACLED names for the report's ``country``.

    ``allowed`` are the countries the report and this passage support (the document model's countries
    and those the passage names); when given, a named actor of another country needs a distinctive
    name: "National Police" in a Kenyan report is Kenya's police, not Honduras', and "Islamic State"
    in Niger is not the Afghan branch.
    """
    d = dictionary()
    home = set(allowed or ()) | ({country} if country else set())
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in taken)

    def add(mention: ActorMention, a: int, b: int) -> None:
        taken.append((a, b))
        found.append(mention)

    for pattern in (d.acronym_pattern, d.alias_pattern):
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end()) or _news_credit(text, m):
                continue
            alias = m.group(0).lower()
            candidates = d.by_alias.get(alias, ())
            entry = _choose(candidates, country)
            if entry is None:
                continue
            if allowed is not None and entry.country and entry.country not in home and entry.kind not in ("state", "external"):
                if len({e.country for e in candidates}) > 1:
                    # a franchise named abroad ("Islamic State" in a Nigerien report): its branch there is
                    # unknown to the dictionary, so the family's name without a foreign branch
                    entry = _Entry(_family_name(entry.name), entry.inter, None, entry.kind)
                elif alias in d.descriptive:
                    continue  # "Islamist militants" in Mali: a description, left to the generic patterns
            # 'IS' in a report of unknown country: the group is active in many; its name says nothing of where.
            owner_country = entry.country if country or len({e.country for e in candidates}) == 1 else None
            if entry.country and entry.country != country and m.group(0).lower() in d.common_words:
                continue  # "militia" names Brazil's police militias only in a Brazilian report
            if entry.country and country and entry.country != country:
                owner = d.force_alias.get(m.group(0).lower(), ("", ""))[0]
                if owner == country:
                    continue  # "ISF" in an Iraqi report is Iraq's security forces, not NE Syria's Asayish
            inter, kind = entry.inter, entry.kind
            if kind in ("state", "external") and entry.country and country:
                # a state's forces are external (8) abroad and state forces (1) at home
                inter, kind = (8, "external") if entry.country != country else (1, "state")
            add(ActorMention(entry.name, inter, Span(m.start() + offset, m.end() + offset), True, owner_country,
                             kind=kind), m.start(), m.end())
    # "Syrian army", "Turkish forces", "Afghan police", "SAA"
    for m in re.finditer(rf"\b(?P<dem>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:-backed|-led)?\s+(?:(?:government|regime|state|national|military|security|riot|border|armed)\s+)?(?P<noun>{_FORCE_NOUN}|{_POLICE_NOUN})\b", text):
        owner = d.country_by_word.get(m.group("dem"))
        if owner is None or overlaps(m.start(), m.end()) or re.search(r"-(?:backed|led)", m.group(0)):
            continue
        branch = "police" if re.match(_POLICE_NOUN, m.group("noun"), re.I) else "military"
        inter = 8 if country and owner != country else 1
        add(ActorMention(state_force_name(owner, branch), inter, Span(m.start() + offset, m.end() + offset), True,
                         owner, kind="state"), m.start(), m.end())
    for m in d.force_pattern.finditer(text):
        if overlaps(m.start(), m.end()) or _news_credit(text, m):
            continue
        owner, branch = d.force_alias.get(m.group(0).lower(), (country or "", "military"))
        owner = owner or country
        if allowed is not None and owner and owner not in home and m.group(0).lower() in d.descriptive:
            owner = country  # "National Police" with no word of Honduras: the report's own country's police
        if owner is None:
            continue
        inter = 8 if country and owner != country else 1
        add(ActorMention(state_force_name(owner, branch), inter, Span(m.start() + offset, m.end() + offset), True,
                         owner, kind="state"), m.start(), m.end())
    for kind, pattern in GENERIC_PATTERNS:
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end()) or (kind in ("military", "militants") and overlaps(m.start() - 2, m.start())):
                continue  # "Houthi drones", "Taliban fighters": the named actor already stands for them
            mention = _generic(kind, m.group(0), country, Span(m.start() + offset, m.end() + offset))
            if mention is not None:
                add(mention, m.start(), m.end())
    found.extend(_unknown_groups(text, offset, taken))
    return sorted(found, key=lambda a: a.span.start)


def _choose(entries: tuple[_Entry, ...], country: str | None) -> _Entry | None:
    if not entries:
        return None
    for e in entries:
        if e.country == country:
            return e
    for e in entries:
        if country and country in e.countries:
            return e
    for e in entries:
        if e.country is None:
            return e
    return entries[0]


def _family_name(name: str) -> str:
    """"Islamic State (Afghanistan)" → "Islamic State"; "AQAP: Al Qaeda in …" stays as it is."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


def _generic(kind: str, words: str, country: str | None, span: Span) -> ActorMention | None:
    where = country or "International"
    if kind == "unidentified":
        return ActorMention(f"Unidentified Armed Group ({where})", 3, span, True, country, kind="unidentified")
    if kind == "police":
        return ActorMention(state_force_name(country, "police") if country else "Police Forces", 1, span, bool(country),
                            country, kind="state") if country else None
    if kind == "military":
        return ActorMention(state_force_name(country), 1, span, True, country, kind="state") if country else None
    if kind == "protesters":
        return ActorMention(f"Protesters ({where})", 6, span, True, country, kind="protesters")
    if kind == "rioters":
        return ActorMention(f"Rioters ({where})", 5, span, True, country, kind="rioters")
    if kind == "civilians":
        return ActorMention(f"Civilians ({where})", 7, span, True, country, role_hint="target", kind="civilians")
    if kind == "militants":
        return ActorMention(f"Unidentified Armed Group ({where})", 3, span, False, country, kind="unidentified")
    return None


# Words of at most 40 characters: each start in a long hyphened run ("Abc-Abc-…") then costs 40 steps,
# not the rest of the run.
_UNKNOWN_GROUP = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'-]{1,40}\s+){0,5}(?:Brigade|Brigades|Battalion|Front|Army|Movement|Militia|"
    r"Forces|Force|Group|Organi[sz]ation|Council|Party|Union|Alliance|Liberation|Resistance|Guards?|Division|Regiment|"
    r"Committee|Mobili[sz]ation|Network|Jamaat|Jama'at|Tehreek|Lashkar|Jaish|Harakat|Ansar)(?:\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'-]{1,40}\s*){1,4})?)(?:\s+\((?P<acro>[A-Z][A-Za-z-]{1,8})\))?"
)


def _unknown_groups(text: str, offset: int, taken: list[tuple[int, int]]) -> list[ActorMention]:
    """Capitalised group names the dictionary does not know, kept as written (never dropped)."""
    out: list[ActorMention] = []
    for m in _UNKNOWN_GROUP.finditer(text):
        name = m.group("name").strip()
        if len(name.split()) < 2 or any(x < m.end() and m.start() < y for x, y in taken):
            continue
        if name.split()[0] in ("The", "A", "An", "In", "On", "At", "By"):
            name = " ".join(name.split()[1:])
            if len(name.split()) < 2:
                continue
        label = f"{m.group('acro')}: {name}" if m.group("acro") else name
        out.append(ActorMention(label, 3, Span(m.start() + offset, m.end() + offset), False, None, kind="group"))
        taken.append((m.start(), m.end()))
    return out


def detect_country(text: str) -> str | None:
    """The country most often named or implied in the text (first mention breaks ties)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for name, span in country_mentions(text):
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, span.start)
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


@dataclass(frozen=True)
class Roles:
    """Who is actor 1 (the agent, by ACLED's habit), who is actor 2, and who is associated."""

    actor1: ActorMention | None
    assoc1: ActorMention | None
    actor2: ActorMention | None
    assoc2: ActorMention | None


_PASSIVE_BY = re.compile(r"\b(?:by|from|attributed to|blamed on|claimed by)\s+(?:the\s+|an?\s+|suspected\s+|alleged\s+)?$",
                         re.I)
_PLANTED = re.compile(r"^-?(?:planted|placed|laid|led|backed|affiliated|linked)\b", re.I)


def author_mentions(text: str, offset: int, author: ActorMention | None) -> list[ActorMention]:
    """A party statement's "our forces" as mentions of its author (the document model's ``author_actor``):
    in the ISF's statement, "our forces" are the Asayish."""
    if author is None:
        return []
    return [replace(author, span=span) for span in role_stage.first_person_spans(text, offset)]


def syntax_roles(mentions: list[ActorMention], text: str, offset: int) -> dict[str, str]:
    """Each actor's role in the passage by the dependency parse (``roles.AGENT``/``roles.TARGET``), where the
    syntax says, by majority over its mentions; empty when fewer than two actors are named or no parser
    is installed."""
    armed = {m.name for m in mentions if m.kind not in ("civilians", "protesters", "rioters")}
    if len(armed) < 2 or not role_stage.parser_available():
        return {}  # one armed side (or none): its role is not in doubt, and the parse is the coder's dearest step
    votes: dict[str, dict[str, int]] = {}
    for mention, role in zip(mentions, role_stage.roles(text, [m.span for m in mentions], offset), strict=True):
        if role is not None:
            tally = votes.setdefault(mention.name, {})
            tally[role] = tally.get(role, 0) + 1
    return {name: max(tally, key=lambda r: tally[r]) for name, tally in votes.items()
            if len(tally) == 1 or len(set(tally.values())) > 1}


def assign_roles(mentions: list[ActorMention], event_type: str, sub_event_type: str, text: str, offset: int,
                 country: str | None, syntax: dict[str, str] | None = None) -> Roles:
    """Pick ACLED's actor 1/actor 2 among the mentions of one incident.

    The agent is the actor introduced by "by …" or "X-planted", else the first armed actor named;
    protests and riots are led by Protesters/Rioters with a named group as associated actor;
    violence against civilians has Civilians as actor 2.
    """
    where = country or "International"
    distinct: list[ActorMention] = []
    for m in mentions:
        if all(m.name != d.name for d in distinct):
            distinct.append(m)
    armed = [m for m in distinct if m.kind not in ("civilians", "protesters", "rioters")]
    syntax = syntax if syntax is not None else syntax_roles(mentions, text, offset)
    agent = _agent(armed, text, offset, syntax)

    def synth(name: str, inter: int, kind: str) -> ActorMention:
        return ActorMention(name, inter, Span(offset, offset), True, country, kind=kind)

    if event_type in ("Protests", "Riots"):
        lead_kind, lead_inter = ("rioters", 5) if event_type == "Riots" else ("protesters", 6)
        lead = next((m for m in distinct if m.kind == lead_kind), None)
        if sub_event_type == "Mob violence":
            lead = next((m for m in distinct if m.kind == "rioters"), None)
        lead = lead or synth(f"{'Rioters' if lead_inter == 5 else 'Protesters'} ({where})", lead_inter, lead_kind)
        assoc = next((m for m in armed if m.kind in ("group", "party", "militia", "communal", "rebel") and m.known), None)
        other = None
        if sub_event_type in ("Protest with intervention", "Excessive force against protesters", "Violent demonstration"):
            other = next((m for m in armed if m.kind == "state"), None)
        if sub_event_type == "Mob violence":
            other = next((m for m in distinct if m.kind == "civilians"), None) or other
        if sub_event_type == "Excessive force against protesters":
            # ACLED: the force that used lethal or excessive force is actor 1, the protesters actor 2
            force = other or next((m for m in armed if m.kind != "unidentified" or m.known), None) or agent
            force = force or synth(state_force_name(country) if country else f"Unidentified Armed Group ({where})",
                                   1 if country else 3, "state" if country else "unidentified")
            return Roles(force, None, lead, assoc)
        return Roles(lead, assoc, other, None)
    if event_type == "Violence against civilians":
        victim = next((m for m in distinct if m.kind == "civilians"), None) or synth(f"Civilians ({where})", 7, "civilians")
        perpetrator = agent or synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
        return Roles(perpetrator, None, victim, None)
    # "an armed group attacked the post … blamed on al Shabaab": the generic group is the named agent, not a side
    others = [m for m in armed if agent is None or (
        m.name != agent.name and not (m.kind == "unidentified" and agent.kind != "unidentified"))]
    # the side the syntax makes the target first ("killed by gunmen" names the victims' side too)
    others.sort(key=lambda m: syntax.get(m.name) != role_stage.TARGET)
    second = others[0] if others else None
    civilian_victims = next((m for m in distinct if m.kind == "civilians" and _is_target(m, text, offset, syntax)), None)
    if civilian_victims is not None and event_type == "Explosions/Remote violence" and (
            second is None or not _is_target(second, text, offset)):
        second = civilian_victims  # "air strikes on a market, killing five civilians"
    if second is None and event_type in ("Battles", "Explosions/Remote violence"):
        second = next((m for m in distinct if m.kind == "civilians"), None)
    if agent is None and event_type in ("Battles", "Explosions/Remote violence") and second is not None:
        if event_type == "Battles" or sub_event_type in ("Remote explosive/landmine/IED", "Grenade", "Suicide bomb"):
            agent = synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
    if sub_event_type == "Arrests" and (second is None or not _is_target(second, text, offset, syntax)):
        second = next((m for m in distinct if m.kind == "civilians"), None) or second  # "arrested twelve people"
    if agent is None and second is not None and event_type == "Strategic developments":
        agent, second = second, None
    if event_type == "Explosions/Remote violence" and agent is None and second is None:
        agent = synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
    return Roles(agent, None, second, None)


_HARM_BEFORE = re.compile(
    r"\b(?:kill\w*|injur\w*|wound\w*|target\w*|hit(?:ting)?|struck|attack\w*|ambush\w*|abduct\w*|kidnap\w*|"
    r"shot|shooting|shelled|bombed|on|against|at|near)\s+(?:\w+\s+){0,3}$", re.I)
_HARM_AFTER = re.compile(
    r"^(?:\s+\w+){0,4}?\s+(?:were|was|have been|has been|had been|got)\s+(?:\w+\s+)?(?:killed|injured|wounded|attacked|"
    r"targeted|hit|shot|ambushed|abducted|kidnapped|struck)", re.I)


def _is_target(m: ActorMention, text: str, offset: int, syntax: dict[str, str] | None = None) -> bool:
    """A mention that receives the violence: "injuring three soldiers", "fighters were killed"."""
    if syntax and m.name in syntax:
        return syntax[m.name] == role_stage.TARGET
    before = text[max(0, m.span.start - offset - 40) : m.span.start - offset]
    after = text[m.span.end - offset : m.span.end - offset + 50]
    return bool(_HARM_BEFORE.search(before) or _HARM_AFTER.match(after))


def _agent(armed: list[ActorMention], text: str, offset: int, syntax: dict[str, str] | None = None) -> ActorMention | None:
    syntax = syntax or {}
    for m in armed:  # "blamed on al Shabaab", "a Taliban-planted bomb": an attribution names the agent
        before = text[max(0, m.span.start - offset - 25) : m.span.start - offset]
        after = text[m.span.end - offset : m.span.end - offset + 12]
        if _PASSIVE_BY.search(before) or _PLANTED.match(after):
            return m
    by_syntax = [m for m in armed if syntax.get(m.name) == role_stage.AGENT]
    if by_syntax:
        named_agents = [m for m in by_syntax if m.kind != "unidentified" or m.known]
        return (named_agents or by_syntax)[0]
    named = [m for m in armed if (m.kind != "unidentified" or m.known) and not _is_target(m, text, offset, syntax)]
    if named:
        return named[0]
    agents = [m for m in armed if not _is_target(m, text, offset, syntax)]
    return agents[0] if agents else None


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (``13``); ``10 * inter1`` for a sole actor."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
