"""Actors: find who did what to whom, named in ACLED's conventions, with inter codes.

Names come from two data files: ``data/actors.json`` (named groups and their aliases: NDF,
Asayish, QSD, HTS, Taliban, …) and ``data/countries.json`` (demonyms and local names of each
state's forces, for ``Military Forces of Syria (2000-)``, ``Police Forces of …``,
``Civilians (…)``, ``Protesters (…)``). Unknown named groups still come out as actors, as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from conflictwatch.compiled import compile_pattern, load_or_build
from conflictwatch.extract import roles as role_stage
from conflictwatch.geo.normalize import FOREIGN_REFERENCE_AFTER
from conflictwatch.records import ActorMention, Span
from conflictwatch.resources import data_file, load_json
from conflictwatch.rules import Rules, languages, load

_PATTERNS = ("credit_after", "credit_before", "unknown_group", "passive_by", "strong_attribution", "negated_before",
             "claims_after", "planted", "affiliation_after", "bare_forces",
             "harm_before", "harm_after", "demonym_force", "sponsored", "police_noun", "identity_as_object", "attack_after",
             "not_attribution", "drone", "its_own", "person_name_after", "country_acts_after",
             "speaker_after", "speaker_before", "member_of", "speaker_own", "blamed_before", "agent_after",
             "forces_among", "numbered_unit", "victims_before", "aircraft_word", "instrument_before",
             *(f"generic_{kind}" for kind in (
                 "gang", "unidentified", "police", "military", "protesters", "rioters", "civilians", "militants")))
_LISTS = ("news_agencies", "leading_words", "media_words")
# The generic descriptions of actors, in the order they are tried (rules ``generic_<kind>``).
GENERIC_KINDS = ("gang", "unidentified", "police", "military", "protesters", "rioters", "civilians", "militants")


def _rules(lang: str = "en") -> Rules:
    """This stage's words in one language (data/rules/<lang>/actors.json)."""
    return load("actors", lang, patterns=_PATTERNS, lists=_LISTS)


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
    forces_of: str | None = None  # "the Philippines": the form after "Military Forces of"
    # (start, end, label): ACLED's label of the government in office from start (ISO date) until end
    regimes: tuple[tuple[str, str | None, str], ...] = ()
    undated_before: str | None = None  # ACLED's early data names forces without a year before this date
    legacy_forces_of: str | None = None  # the form older ACLED data wrote
    generic_forces: str | None = None  # whose forces bare "troops" are here (Israel's, in Palestine)


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
    # "al-shabaab militants" -> "al-shabaab": an alias that is a group's own name and a word for its members
    # names what the name alone names, at home and abroad
    name_part: dict[str, str] = field(default_factory=dict)
    # a state force's lower-case aliases with no country's word in them ("federal police", "gendarmerie"):
    # abroad they are the report's own country's force
    common_forces: frozenset[str] = frozenset()
    # (a franchise's family name, a country) -> the family's branches active there ("Islamic State", "Nigeria")
    branches: dict[tuple[str, str], tuple[_Entry, ...]] = field(default_factory=dict)
    # descriptions that name one group in its own country's reports ("insurgents" in Afghanistan: the Taliban)
    context: dict[tuple[str, str], _Entry] = field(default_factory=dict)
    militia: dict[str, str] = field(default_factory=dict)  # a party's name -> its name when its members fight
    # an actor's name -> (the ISO date it ceased to be, and who ACLED codes instead from then: name, inter, kind)
    successors: dict[str, tuple[str, tuple[str, int, str]]] = field(default_factory=dict)
    # ACLED's identity groups ("Students ({country})", inter 6) and the words that name them
    identity_pattern: re.Pattern[str] | None = None
    identity_by_word: dict[str, tuple[str, int]] = field(default_factory=dict)
    # (a state, the country its forces fight in) -> the coalition ACLED codes them as there (Saudi Arabia's
    # forces in Yemen: Operation Restoring Hope), from the coalition's ``codes_forces_of``
    coalitions: dict[tuple[str, str], _Entry] = field(default_factory=dict)


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
    """Load and compile the actor and country dictionaries once per process: read from the data dir's
    cache when it was built before from the same data files and code (see conflictwatch.compiled)."""
    from conflictwatch import rules as rules_module

    sources = [data_file("countries.json").read_bytes(), data_file("actors.json").read_bytes(),
               *(rules_module.read("actors", lang)[0].encode("utf-8") for lang in languages()),
               Path(__file__).read_bytes(), Path(rules_module.__file__).read_bytes()]
    return load_or_build("actors", sources, _build_dictionary,
                         allowed=[(__name__, "Dictionary"), (__name__, "_Entry"), (__name__, "_Country")])


def _build_dictionary() -> Dictionary:
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
        countries[name] = _Country(name, spec.get("regime_year") or None, demonyms, spec.get("forces_of"),
                                   tuple((r["start"], r.get("end"), r["label"]) for r in spec.get("regimes", [])),
                                   spec.get("undated_before"), spec.get("legacy_forces_of"), spec.get("generic_forces"))
        for word in (name, *spec.get("aliases", []), *demonyms):
            country_by_word.setdefault(word, name)
        for alias in spec.get("military_aliases", []):
            if alias.lower() not in generic:
                force_alias.setdefault(alias.lower(), (name, "military"))
        for alias in spec.get("police_aliases", []):
            if alias.lower() not in generic:
                force_alias.setdefault(alias.lower(), (name, "police"))
    by_alias: dict[str, list[_Entry]] = {}
    context: dict[tuple[str, str], _Entry] = {}
    coalitions: dict[tuple[str, str], _Entry] = {}
    for spec in actors_raw:
        kind = spec.get("kind", "group")
        entry = _Entry(spec["name"], int(spec.get("inter", _KIND_INTER.get(kind, 3))), spec.get("country"), kind,
                       tuple(spec.get("countries", [])))
        for member in spec.get("codes_forces_of", []):
            if entry.country:
                coalitions[(member, entry.country)] = entry
        for alias in {spec["name"], *spec.get("aliases", []), *spec.get("home_only_aliases", [])}:
            by_alias.setdefault(alias.lower(), []).append(entry)
        for alias in spec.get("context_aliases", []):
            for home in (entry.country, *entry.countries):
                if home:
                    context.setdefault((home, alias.lower()), entry)
    acronyms = [a for a in {a for spec in actors_raw for a in (*spec.get("aliases", []), *spec.get("home_only_aliases", []))}
                if _is_acronym(a)]
    words = [a for a in {a for spec in actors_raw
                         for a in (spec["name"], *spec.get("aliases", []), *spec.get("home_only_aliases", []))}
             if not _is_acronym(a)]
    # an acronym ("FAR", Morocco's armed forces) is matched in capitals only, never as the word "far"
    force_words = list(dict.fromkeys(a.lower() for spec in countries_raw.values()
                                     for a in spec.get("military_aliases", []) + spec.get("police_aliases", [])
                                     if not _is_acronym(a) and a.lower() not in generic))
    force_acronyms = [a for spec in countries_raw.values()
                      for a in spec.get("military_aliases", []) + spec.get("police_aliases", [])
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
    country_words = {w.lower() for w in country_by_word}
    identity = {alias.lower(): (g["template"], int(g["inter"])) for g in countries_file.get("group_templates", [])
                if "{name}" not in g["template"] for alias in g["aliases"]}
    return Dictionary(
        # "Taliban-planted", "HTS-led": a hyphen after the name still names the actor
        alias_pattern=compile_pattern(rf"(?<![\w-])(?:{_alt(words, fold_case=True)})(?!\w)(?!-(?-i:[A-Z]))", re.I),
        acronym_pattern=compile_pattern(rf"(?<![\w-])(?:{_alt(acronyms)})(?!\w)(?!-[A-Z])"),
        by_alias={k: tuple(v) for k, v in by_alias.items()},
        countries=countries,
        country_pattern=compile_pattern(rf"(?<![\w-])(?:{_alt(list(country_by_word))})(?![\w-])"),
        country_by_word=country_by_word,
        force_alias=force_alias,
        # Lower-case aliases ("militia") and acronyms that are also common abbreviations ("APC", an armoured
        # personnel carrier) name the actor only in a report about its own country.
        common_words=frozenset(
            [a for spec in actors_raw for a in spec.get("aliases", []) if a == a.lower()]
            + [a.lower() for spec in actors_raw for a in spec.get("home_only_aliases", [])]
        ),
        descriptive=descriptive,
        name_part=_name_parts(by_alias),
        branches=_branches(by_alias),
        common_forces=frozenset(
            a for spec in countries_raw.values() for a in spec.get("military_aliases", []) + spec.get("police_aliases", [])
            if a == a.lower() and a not in generic and not any(w in country_words for w in _words(a))),
        context=context,
        identity_pattern=compile_pattern(rf"(?<![\w-])(?:{_alt(list(identity), fold_case=True)})(?![\w-])", re.I),
        identity_by_word=identity,
        militia={spec["name"]: spec["militia_name"] for spec in actors_raw if spec.get("militia_name")},
        coalitions=coalitions,
        successors={spec["name"]: (spec["until"], (spec["successor"]["name"], int(spec["successor"]["inter"]),
                                                   spec["successor"]["kind"]))
                    for spec in actors_raw if spec.get("until") and spec.get("successor")},
        force_pattern=compile_pattern(
            rf"(?<![\w-])(?:(?:{_alt(force_words, fold_case=True)})(?![\w-])|(?-i:{_alt(force_acronyms)})(?![\w-]))", re.I
        ),
    )


_DESCRIPTIVE_SPREAD = 2  # a word in the names of at least this many countries' actors describes rather than names


def _branches(by_alias: dict[str, list[_Entry]]) -> dict[tuple[str, str], tuple[_Entry, ...]]:
    found: dict[tuple[str, str], list[_Entry]] = {}
    for entry in {e for entries in by_alias.values() for e in entries}:
        family = _family_name(entry.name)
        if family == entry.name:
            continue
        for home in {entry.country, *entry.countries} - {None}:
            if all(e.name != entry.name for e in found.setdefault((family, home or ""), [])):
                found[(family, home or "")].append(entry)
    return {key: tuple(sorted(entries, key=lambda e: e.name)) for key, entries in found.items()}


def _name_parts(by_alias: dict[str, list[_Entry]]) -> dict[str, str]:
    """Each alias made of another alias naming the same actors and a generic word for their members ("taliban
    fighters": "taliban"; the generic words of every language's rules), mapped to that shorter alias."""
    members = [_rules(lang).patterns[f"generic_{kind}"] for lang in languages()
               for kind in ("militants", "unidentified", "military", "police")]
    parts: dict[str, str] = {}
    for alias, entries in by_alias.items():
        words = alias.split()
        names = {e.name for e in entries}
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            tail = " ".join(words[n:])
            if head in by_alias and names <= {e.name for e in by_alias[head]} and any(
                    rx.fullmatch(tail) for rx in members):
                parts[alias] = head
                break
    return parts


def _words(alias: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'-]*", alias.lower())


def _is_acronym(alias: str) -> bool:
    """Capitals, or a short mixed-case name with capitals inside ("LeT", "JeM", "FAMa"): matched as written only,
    never as the word "let"."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return 1 < len(alias) <= 8 and (letters.isupper() or " " not in alias and sum(c.isupper() for c in letters) >= 2)


def country_mentions(text: str) -> list[tuple[str, Span]]:
    """Countries named or implied by demonyms ("Syrian", "Afghans"), in text order."""
    d = dictionary()
    return [(d.country_by_word[m.group(0)], Span(m.start(), m.end())) for m in d.country_pattern.finditer(text)
            if not FOREIGN_REFERENCE_AFTER.match(text, m.end())]  # "the US dollar" says nothing of where


def _news_credit(text: str, m: re.Match[str], rx: Rules) -> bool:
    """Whether an acronym match is a news agency's credit rather than an actor (``news_agencies``: agencies
    whose initials are also an actor's: AFP, the Philippine army; AP, Kenya's Administration Police)."""
    if m.group(0) not in rx.news_agencies:
        return False
    before = text[max(0, m.start() - 2) : m.start()]
    return "(" in before or "[" in before or bool(rx.credit_after.match(text, m.end())) or rx.credit_before.search(
        text[max(0, m.start() - 20) : m.start()]) is not None


def state_force_name(country: str, branch: str = "military", on: dt.date | None = None) -> str:
    """ACLED's name for a state's forces: ``Military Forces of Syria (2000-)``; with the event's date ``on``,
    the label of the government in office that day (``Military Forces of Mali (2020-2021)``)."""
    c = dictionary().countries.get(country)
    label = "Police Forces" if branch == "police" else "Military Forces"
    if c is None:
        return f"{label} of {country}"
    year = c.regime_year
    if on is not None:
        day = on.isoformat()
        if c.undated_before and day < c.undated_before:
            year = None
        else:
            year = next((lab for start, end, lab in c.regimes if start <= day and (end is None or day < end)), year)
    return f"{label} of {c.forces_of or country}" + (f" ({year})" if year else "")


def country_of_forces(form: str) -> str | None:
    """The country of a name's "Forces of …" part, in any form ACLED has written it ("the Philippines",
    "Democratic Republic of Congo" of older data, or the country's own name)."""
    d = dictionary()
    if form in d.countries:
        return form
    return next((c.name for c in d.countries.values() if form in (c.forces_of, c.legacy_forces_of)), None)


def dated(mention: ActorMention | None, on: dt.date | None) -> ActorMention | None:
    """A state force's mention named for the government in office on the event's date; an actor that
    ceased to be (the RSF as a unit of Sudan's forces, until April 2023) named as its successor."""
    if mention is None or on is None:
        return mention
    until, successor = dictionary().successors.get(mention.name, ("", None))
    if successor is not None and on.isoformat() >= until:
        name, inter, kind = successor
        return replace(mention, name=name, inter=inter, kind=kind)
    if mention.kind not in ("state", "external") or not mention.country:
        return mention
    branch = "police" if mention.name.startswith("Police Forces") else "military"
    if mention.name != state_force_name(mention.country, branch):
        return mention  # a unit or a named force ("... Popular Mobilization Forces"): as the dictionary has it
    return replace(mention, name=state_force_name(mention.country, branch, on))


# Mention kinds that are never the agent of violence unless nothing else is named.
VICTIM_KINDS = {"civilians"}


def find_actors(text: str, country: str | None, offset: int = 0,
                allowed: frozenset[str] | None = None, lang: str = "en") -> list[ActorMention]:
    """Every actor mention in ``text``, resolved to ACLED names for the report's ``country``.

    ``allowed`` are the countries the report and this passage support (the document model's countries
    and those the passage names); when given, a named actor of another country needs a distinctive
    name: "National Police" in a Kenyan report is Kenya's police, not Honduras', and "Islamic State"
    in Niger is not the Afghan branch.
    """
    return list(_find_actors(text, country, offset, allowed, lang))


@lru_cache(maxsize=16)  # the document model and the geocoder's hint read the same opening: once
def _find_actors(text: str, country: str | None, offset: int, allowed: frozenset[str] | None,
                 lang: str) -> tuple[ActorMention, ...]:
    d = dictionary()
    rx = _rules(lang)
    home = set(allowed or ()) | ({country} if country else set())
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in taken)

    country_words: list[list[tuple[str, Span]]] = []
    described: list[tuple[int, int]] = []  # names read as descriptions here: a country word in them is the name's

    def countries_named() -> list[tuple[str, Span]]:
        """The passage's country words, scanned once for both rules that read them."""
        if not country_words:
            country_words.append(country_mentions(text))
        return country_words[0]

    def add(mention: ActorMention, a: int, b: int) -> None:
        taken.append((a, b))
        found.append(mention)

    for pattern in (d.acronym_pattern, d.alias_pattern):
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end()) or _news_credit(text, m, rx):
                continue
            if rx.affiliation_after.match(text[m.end() : m.end() + 20]):
                continue  # "al Qaeda-linked al Shabaab", "a Houthi-held district": whose ties or ground, not a side
            if " " not in m.group(0) and rx.person_name_after.match(text, m.end()):
                continue  # "Badr al-Busaidi", the Omani minister: a man's name, not the Badr Organization
            alias = d.name_part.get(m.group(0).lower(), m.group(0).lower())
            candidates = d.by_alias.get(alias, ())
            entry = _choose(candidates, country)
            if entry is None:
                continue
            if entry.country and country != entry.country and country not in entry.countries and (
                    m.group(0).lower() in d.common_words):
                # "militia" names Brazil's police militias only in a Brazilian report, and "pro-government militia",
                # written for Syria and Afghanistan, names nobody's militia in a Peruvian one (not a family's)
                continue
            if allowed is not None and entry.country and entry.country not in home and entry.kind not in ("state", "external"):
                if len({e.country for e in candidates}) > 1:
                    # a franchise named abroad ("Islamic State" in a Nigerien report): its branch there is
                    # unknown to the dictionary, so the family's name without a foreign branch
                    family = _family_name(entry.name)
                    branch = d.branches.get((family, country or ""), ())
                    # the family's one branch at home ("the Islamic State group" in Nigeria: its West Africa
                    # Province), else the family's name
                    entry = branch[0] if len(branch) == 1 else _Entry(family, entry.inter, None, entry.kind)
                elif alias in d.descriptive:
                    described.append((m.start(), m.end()))
                    continue  # "Islamist militants" in Mali: a description, left to the generic patterns
            # 'IS' in a report of unknown country: the group is active in many; its name says nothing of where.
            owner_country = entry.country if country or len({e.country for e in candidates}) == 1 else None
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
    for m in rx.demonym_force.finditer(text):  # "Syrian army", "Turkish forces", "Afghan police", "Israeli strikes"
        owner = d.country_by_word.get(m.group("dem"))
        if owner is None or overlaps(m.start(), m.end()) or rx.sponsored.search(m.group(0)):
            continue
        if m.group("deed") and d.countries[owner].generic_forces:
            continue  # "Palestinian rockets": no force of that state fired them
        branch = "police" if m.group("noun") and rx.police_noun.match(m.group("noun")) else "military"
        inter = 8 if country and owner != country else 1
        add(ActorMention(state_force_name(owner, branch), inter, Span(m.start() + offset, m.end() + offset), True,
                         owner, kind="state"), m.start(), m.end())
    for m in d.force_pattern.finditer(text):
        if overlaps(m.start(), m.end()) or _news_credit(text, m, rx):
            continue
        owner, branch = d.force_alias.get(m.group(0).lower(), (country or "", "military"))
        owner = owner or country
        if owner and owner not in home and (allowed is not None and m.group(0).lower() in d.descriptive or (
                country and m.group(0).lower() in d.common_forces)):
            # "National Police" with no word of Honduras, "federal police" or "gendarmes" abroad: the report's
            # own country's police
            owner = country
        if owner and country is None and m.group(0).lower() in d.common_forces:
            continue  # "gendarmerie forces" in a report placed nowhere: nobody's in particular, not Jordan's
        if owner is None:
            continue
        inter = 8 if country and owner != country else 1
        add(ActorMention(state_force_name(owner, branch), inter, Span(m.start() + offset, m.end() + offset), True,
                         owner, kind="state"), m.start(), m.end())
    for kind in GENERIC_KINDS:
        for m in rx.patterns[f"generic_{kind}"].finditer(text):
            if overlaps(m.start(), m.end()) or (kind in ("military", "militants", "gang") and overlaps(m.start() - 2, m.start())):
                continue  # "Houthi drones", "Taliban fighters", "G9 gang members": the named actor already stands for them
            if kind != "civilians" and rx.negated_before.search(text, max(0, m.start() - 30), m.start()):
                continue  # "no recent militant activity": nobody of the kind is there
            if kind == "civilians" and rx.forces_among.match(text[m.end() : m.end() + _AMONG_REACH]):
                continue  # "killing 26 people, among them 14 soldiers": the soldiers are who was hit
            if kind == "military" and rx.aircraft_word.match(m.group(0).strip()) and rx.instrument_before.search(
                    text, max(0, m.start() - 40), m.start()):
                continue  # "explosives dropped from drones": the means of the deed, not a side
            mention = _generic(kind, m.group(0), country, Span(m.start() + offset, m.end() + offset))
            own = _speaking_group(found, text, m.start(), offset, rx) if kind in (
                "military", "police", "militants") and mention is not None else None
            if own is not None:
                # "the Arakan Army said its troops attacked": the men of the group that speaks
                add(replace(own, span=Span(m.start() + offset, m.end() + offset)), m.start(), m.end())
                continue
            if kind in ("military", "police") and mention is not None and rx.its_own.search(
                    text, max(0, m.start() - 12), m.start()):
                mention = _of_named_country(mention, text, m.start(), country, kind, countries_named()) or mention
            elif kind == "military" and mention is not None and rx.bare_forces.search(text, max(0, m.start() - 8), m.end()):
                mention = _named_force_before(mention, found)
            entry = d.context.get((country or "", _last_word(m.group(0)))) if kind == "militants" else None
            if mention is not None and entry is not None:
                if any(f.name == entry.name for f in found):
                    continue  # "Taliban fighters attacked …, the insurgents were pushed back": the named group again
                if any(f.known and f.kind == entry.kind for f in found):
                    # "terrorists belonging to the Islamic State group" in Nigeria: a group of the kind written out
                    # beats the country's usual meaning of the word (Boko Haram); the word stays generic
                    entry = None
            if mention is not None and entry is not None:
                # "insurgents" in an Afghan report: the group the country's reports mean by the word
                mention = ActorMention(entry.name, entry.inter, mention.span, False, entry.country, kind=entry.kind)
            if mention is not None:
                add(mention, m.start(), m.end())
    # a group's name that ends in a country's ("National Resistance Front of Afghanistan attacked") is the group's
    unknown = _unknown_groups(text, offset, taken, rx, country)
    for owner, span in countries_named():
        if overlaps(span.start, span.end) or any(x <= span.start and span.end <= y for x, y in described) or (
                not rx.country_acts_after.match(text, span.end)):
            continue
        # "India fired missiles at nine sites in Pakistan": the state acting is its forces
        inter, kind = (8, "external") if country and owner != country else (1, "state")
        add(ActorMention(state_force_name(owner), inter, Span(span.start + offset, span.end + offset), True, owner,
                         kind=kind), span.start, span.end)
    found.extend(unknown)
    found = _members_as_groups(found, text, offset, rx)
    if country and d.coalitions:
        found = [_as_coalition(m, country, d) for m in found]
    return tuple(sorted(found, key=lambda a: a.span.start))


def _members_as_groups(found: list[ActorMention], text: str, offset: int, rx: Rules) -> list[ActorMention]:
    """"A militant of Hizbul Mujahideen was killed": the generic words name the group's man, not a second,
    unidentified side (``member_of``: the words between them); "Turkish-backed factions of the Syrian National Army":
    a named description of the group's men is that group, not a second one."""
    groups = [g for g in found if g.known and g.kind not in ("unidentified", "state", "external", *UNARMED)]
    return [m for m in found if not ((m.kind == "unidentified" or m in groups) and any(
        g.name != m.name and 0 <= g.span.start - m.span.end <= _GROUP_AFTER_GENERIC
        and rx.member_of.search(text[m.span.end - offset : g.span.start - offset]) for g in groups))]


_VICTIMS_REACH = 40  # characters before a nationality word that may tell it names victims ("killing at least 16 ")
_NUMBER_REACH = 12  # characters before a unit's name that may hold its number ("the 33rd ")
_AMONG_REACH = 60  # characters after "people" to the force among them (", among them at least 14 soldiers")
_SPEAKER_GAP = 90  # characters from a group's name to its verb of speech ("…, Yevgeny Prigozhin, said")
_OWN_WINDOW = 80  # characters back from a force word to the verb of speech (``speaker_own``)


def _speaking_group(found: list[ActorMention], text: str, at: int, offset: int, rx: Rules) -> ActorMention | None:
    """The named group (a rebel army, a militia, a private military company) that speaks of "its troops", "his
    fighters" just before ``at`` in one sentence (``speaker_own``), with no other actor named between the group
    and its verb; else None."""
    said = rx.speaker_own.search(text, max(0, at - _OWN_WINDOW), at)
    if said is None:
        return None
    before = [f for f in found if f.span.end - offset <= said.start()]
    if not before:
        return None
    last = max(before, key=lambda f: f.span.end)
    gap = text[last.span.end - offset : said.start()]
    if len(gap) > _SPEAKER_GAP or "\n" in gap or ". " in gap or ";" in gap:
        return None
    if not last.known or last.kind in ("state", "unidentified", "identity", *UNARMED) or last.name.startswith(_FORCES):
        return None  # a state's own forces are its_own's: "Russia's Defence Ministry said its forces"
    return last


def _as_coalition(mention: ActorMention, country: str, d: Dictionary) -> ActorMention:
    """"Saudi forces shelled Razih" in a Yemeni report: the coalition ACLED codes that state's forces as there
    (actors.json ``codes_forces_of``), not the state's army at large; its units and police stay as named."""
    if mention.kind not in ("state", "external") or not mention.country:
        return mention
    entry = d.coalitions.get((mention.country, country))
    if entry is None or mention.name != state_force_name(mention.country):
        return mention
    return replace(mention, name=entry.name, inter=entry.inter, country=entry.country, kind=entry.kind)


def _named_force_before(mention: ActorMention, found: list[ActorMention]) -> ActorMention:
    """"GNA forces pushed south … the forces shelled LNA positions": a bare force word after a named force of the
    same country and branch (a faction or unit: "Military Forces of Libya (2016-) Government of National Accord")
    is that force, the last one named before it, not the country's forces at large."""
    branch = mention.name.split(" of ", 1)[0]  # "Military Forces", "Police Forces"
    named = [f for f in found if f.kind == mention.kind and f.country == mention.country and f.name != mention.name
             and f.name.startswith(branch + " of ") and f.name.startswith(mention.name.split(" (", 1)[0])
             and f.span.start < mention.span.start]
    # "Israeli jets struck a building … after the army told residents to leave": a force of another country named
    # last before the bare word, of the same branch, is the one it stands for
    recent = [f for f in found if f.kind in ("state", "external") and f.name.startswith(branch + " of ")
              and 0 <= mention.span.start - f.span.end <= _BARE_REACH]
    if recent and recent[-1].country and recent[-1].country != mention.country:
        last = recent[-1]
        return replace(mention, name=last.name, inter=last.inter, country=last.country, kind=last.kind)
    return replace(mention, name=named[-1].name, inter=named[-1].inter) if named else mention


_BARE_REACH = 200  # characters back to the named force a bare "the army" stands for


_POSSESSOR_REACH = 80  # characters back, within the sentence, to the country whose forces "its forces" are


def _of_named_country(mention: ActorMention, text: str, at: int, country: str | None, kind: str,
                      countries: list[tuple[str, Span]]) -> ActorMention | None:
    """"Russia's Defence Ministry said its forces …": the forces of the one other country the sentence names just
    before (``countries``: the passage's country words), as a foreign force of the report's country (ACLED: inter 8)."""
    start = max(0, at - _POSSESSOR_REACH)
    stop = max(text.rfind(". ", start, at), text.rfind("\n", start, at))
    begin = stop + 1 if stop >= 0 else start
    named = {c for c, span in countries if begin <= span.start and span.end <= at} - {country}
    if len(named) != 1:
        return None
    owner = named.pop()
    inter, kind_of = (8, "external") if country and owner != country else (1, "state")
    return replace(mention, name=state_force_name(owner, "police" if kind == "police" else "military"), inter=inter,
                   country=owner, kind=kind_of)


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


def _last_word(words: str) -> str:
    found = _words(words)
    return found[-1] if found else ""


def _generic(kind: str, words: str, country: str | None, span: Span) -> ActorMention | None:
    where = country or "International"
    if kind == "unidentified":
        return ActorMention(f"Unidentified Armed Group ({where})", 3, span, True, country, kind="unidentified")
    if kind == "gang":
        return ActorMention(f"Unidentified Gang ({where})", 3, span, False, country, kind="unidentified")
    if kind == "police":
        return ActorMention(state_force_name(country, "police") if country else "Police Forces", 1, span, bool(country),
                            country, kind="state") if country else None
    if kind == "military":
        if not country:
            return None
        info = dictionary().countries.get(country)
        owner = info.generic_forces if info is not None and info.generic_forces else country
        if owner != country:  # "Zionist troops entered the camp": Israel's, not a Palestinian army
            return ActorMention(state_force_name(owner), 8, span, True, owner, kind="external")
        return ActorMention(state_force_name(country), 1, span, True, country, kind="state")
    if kind == "protesters":
        return ActorMention(f"Protesters ({where})", 6, span, True, country, kind="protesters")
    if kind == "rioters":
        return ActorMention(f"Rioters ({where})", 5, span, True, country, kind="rioters")
    if kind == "civilians":
        return ActorMention(f"Civilians ({where})", 7, span, True, country, role_hint="target", kind="civilians")
    if kind == "militants":
        return ActorMention(f"Unidentified Armed Group ({where})", 3, span, False, country, kind="unidentified")
    return None


def _unknown_groups(text: str, offset: int, taken: list[tuple[int, int]], rx: Rules,
                    country: str | None = None) -> list[ActorMention]:
    """Capitalised group names the dictionary does not know, kept as written (never dropped); a numbered unit ("the
    33rd Infantry Battalion") is a unit of the report's country's army."""
    out: list[ActorMention] = []
    for m in rx.unknown_group.finditer(text):
        name = m.group("name").strip()
        if len(name.split()) < 2 or any(x < m.end() and m.start() < y for x, y in taken):
            continue
        if rx.numbered_unit.search(text, max(0, m.start("name") - _NUMBER_REACH), m.start("name")):
            unit = _generic("military", name, country, Span(m.start() + offset, m.end() + offset))
            if unit is not None:
                out.append(unit)
                taken.append((m.start(), m.end()))
            continue
        if any(word in rx.media_words for word in name.split()):
            continue  # "Shabelle Media Network", "Radio Okapi": who reports, not who fights
        if name.split()[0] in rx.leading_words:
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


def author_mentions(text: str, offset: int, author: ActorMention | None, lang: str = "en",
                    adversary: ActorMention | None = None) -> list[ActorMention]:
    """A party statement's "our forces" as mentions of its author (the document model's ``author_actor``):
    in the ISF's statement, "our forces" are the Asayish; and its "the enemy" as mentions of the side it
    fights (``adversary_actor``)."""
    if author is None:
        return []
    found = [replace(author, span=span) for span in role_stage.first_person_spans(text, offset, lang)]
    if adversary is not None:
        found += [replace(adversary, span=span) for span in role_stage.first_person_spans(text, offset, lang, enemy=True)]
    return found


def syntax_roles(mentions: list[ActorMention], text: str, offset: int, lang: str = "en") -> dict[str, str]:
    """Each actor's role in the passage by the dependency parse (``roles.AGENT``/``roles.TARGET``), where the
    syntax says, by majority over its mentions; empty when fewer than two actors are named or no parser
    is installed."""
    armed = {m.name for m in mentions if m.kind not in ("civilians", "protesters", "rioters")}
    if len(armed) < 2 or not role_stage.parser_available(lang):
        return {}  # one armed side (or none): its role is not in doubt, and the parse is the coder's dearest step
    votes: dict[str, dict[str, int]] = {}
    for mention, role in zip(mentions, role_stage.roles(text, [m.span for m in mentions], offset, lang), strict=True):
        if role is not None:
            tally = votes.setdefault(mention.name, {})
            tally[role] = tally.get(role, 0) + 1
    return {name: max(tally, key=lambda r: tally[r]) for name, tally in votes.items()
            if len(tally) == 1 or len(set(tally.values())) > 1}


def assign_roles(mentions: list[ActorMention], event_type: str, sub_event_type: str, text: str, offset: int,
                 country: str | None, syntax: dict[str, str] | None = None, lang: str = "en",
                 focus: Span | None = None, on: dt.date | None = None) -> Roles:
    """Pick ACLED's actor 1/actor 2 among the mentions of one incident.

    The agent is the actor introduced by "by …" or "X-planted", else the first armed actor named, in the
    sentence that tells the deed (``focus``, report offsets) when it names one;
    protests and riots are led by Protesters/Rioters with a named group as associated actor;
    violence against civilians has Civilians as actor 2. ``on``: the event's date, for the groups that were a
    state's forces that day (the Taliban of 2022).
    """
    if country is None:
        # nothing places the passage but a state force it names ("GSU police killed two civilians"): the pipeline
        # places the event in that force's country, so the generic sides are that country's too
        home = next((m.country for m in mentions if m.known and m.kind == "state" and m.country), None)
        if home is not None:
            mentions = [replace(m, name=_placed(m.name, home), country=m.country or home) for m in mentions]
            syntax = {_placed(k, home): v for k, v in syntax.items()} if syntax is not None else None
            country = home
    where = country or "International"
    rx = _rules(lang)
    # a state force named as the teller of the news ("…, the army said"), or a group that was the state's forces that
    # day ("…, Taliban officials said" in 2022), is a source, not a side, when a side is named (a group that reports
    # its own deed, "the council says it killed", stays a side)
    speaking = [m for m in mentions if _of_the_day(m, on).kind in ("state", "external") and _speaker(m, text, offset, rx)]
    if any(m.kind not in _UNARMED and m not in speaking for m in mentions) or (
            event_type == "Violence against civilians" or sub_event_type in _NOT_THE_TELLERS):
        # "a suicide bomber killed 19 people, the police spokesman said": who tells of a bombing or an attack on
        # civilians did not do it unless the text says so (it names the force again as a side)
        mentions = [m for m in mentions if m not in speaking]
    distinct: list[ActorMention] = []
    for m in mentions:
        if all(m.name != d.name for d in distinct):
            distinct.append(m)
    armed = [m for m in distinct if m.kind not in _UNARMED]
    syntax = syntax if syntax is not None else syntax_roles(mentions, text, offset, lang)
    in_focus: list[ActorMention] = []
    if focus is not None:  # each armed side's first mention in the deed's own sentence
        for m in mentions:
            if focus.start <= m.span.start < focus.end and m.kind not in _UNARMED and all(m.name != f.name for f in in_focus):
                in_focus.append(m)
    agent = _agent(armed, text, offset, rx, syntax, focus, in_focus, mentions)
    if agent is not None and agent.kind == "state" and rx.aircraft_word.match(
            text[agent.span.start - offset : agent.span.end - offset].strip()):
        # "a drone hit a car … the Israeli military said it had killed a commander": a bare aircraft is the foreign
        # state force the passage names acting, not the report's own army
        foreign = next((m for m in armed if m.kind in ("state", "external") and m.country and m.country != agent.country
                        and m not in speaking), None)
        # "Al Qaeda drone kills four soldiers … a drone laden with explosives hit their position": the group whose
        # drone the passage names flew it
        flyer = next((m for m in mentions if m.kind not in ("state", "external", *_UNARMED) and rx.aircraft_word.match(
            text[m.span.end - offset : m.span.end - offset + 12].strip().split(" ")[0])), None)
        agent = foreign or flyer or agent

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
            # the force that intervened, before a government the crowd protests ("dismissed by a government
            # decree … police intervened"); a foreign force that meets the crowd where no home force is named
            # ("youths threw stones at Israeli troops" in the West Bank) is the other side too
            state = [m for m in armed if m.kind == "state"] + [m for m in armed if m.kind == "external"]
            other = next((m for m in state if m.name.startswith(_FORCES)), None) or next(iter(state), None)
        if sub_event_type == "Mob violence":
            other = next((m for m in distinct if m.kind == "civilians"), None) or other
        if sub_event_type == "Excessive force against protesters":
            # ACLED: the force that used lethal or excessive force is actor 1, the protesters actor 2
            force = other or next((m for m in armed if m.kind != "unidentified" or m.known), None) or agent
            force = force or synth(state_force_name(country) if country else f"Unidentified Armed Group ({where})",
                                   1 if country else 3, "state" if country else "unidentified")
            return Roles(force, None, lead, assoc or identity_group(text, offset, country, _PROTESTING, lang))
        return Roles(lead, assoc or identity_group(text, offset, country, _PROTESTING, lang), other, None)
    if event_type == "Violence against civilians":
        victim = next((m for m in distinct if m.kind == "civilians"), None) or synth(f"Civilians ({where})", 7, "civilians")
        if agent is not None and agent.kind in ("state", "external") and focus is not None and (
                len(text) >= _STORY_CHARS) and not _acts_in_deed(
                agent, mentions, text, offset, rx, syntax, focus):
            # "bodies of five men were found … residents called police": a force the passage names beside a killing it
            # does not tell of them (no agent phrase, not in the deed's sentence) did not do it
            agent = None
        perpetrator = agent or synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
        victim = _foreign_victims(victim, text, offset, country, rx, focus, perpetrator)
        return Roles(_as_militia(perpetrator, event_type), None, victim, identity_group(text, offset, country, _VICTIMISED, lang))
    # "an armed group attacked the post … blamed on al Shabaab": the generic group is the named agent, not a side
    others = [m for m in armed if agent is None or (
        m.name != agent.name and not (m.kind == "unidentified" and agent.kind != "unidentified"))]
    if not others and agent is not None:
        # "soldiers shot dead two militants": an unnamed group that receives the violence is the other side
        others = [m for m in armed if m.name != agent.name and _is_target(m, text, offset, rx, syntax)]
    # the side the syntax makes the target first ("killed by gunmen" names the victims' side too)
    # and never the agent's partner in a coordinated subject ("the FAMa and their Wagner partners attacked JNIM")
    others.sort(key=lambda m: {role_stage.TARGET: 0, role_stage.PARTNER: 2}.get(syntax.get(m.name, ""), 1))
    second = others[0] if others else None
    if agent is not None and second is not None and _one_state(agent, second):
        # "soldiers and police raided the camp": a state's army and police of one period are partners, not foes
        second = next((m for m in others[1:] if not _one_state(agent, m)), None)
    civilian_victims = next((m for m in distinct if m.kind == "civilians" and _is_target(m, text, offset, rx, syntax)), None)
    if civilian_victims is not None and event_type == "Explosions/Remote violence" and (
            second is None or not _is_target(second, text, offset, rx)):
        second = civilian_victims  # "air strikes on a market, killing five civilians"
    if (event_type == "Explosions/Remote violence" and second is not None and second.kind not in _UNARMED
            and focus is not None and not _is_target(second, text, offset, rx, syntax)
            and all(agent is not None and m.name == agent.name for m in in_focus)):
        # "a missile hit a café … popular with locals and soldiers": when the deed's sentence names no armed side but
        # the striker, one named elsewhere that nothing says was hit is no side of it; the civilians the passage
        # names (not its tellers) are
        second = next((m for m in distinct if m.kind == "civilians" and not _speaker(m, text, offset, rx)), second)
    if second is None and event_type in ("Battles", "Explosions/Remote violence") and sub_event_type not in _TERRITORY:
        # a shell or a bomb that fell among villagers, or villagers the fighting harmed; villagers merely named
        # ("thousands have fled") are no side of a battle, and nobody loses ground to villagers
        second = civilian_victims if event_type == "Battles" else next(
            (m for m in distinct if m.kind == "civilians"), None)
    if (sub_event_type in _NOT_THE_TELLERS and agent is not None and agent.kind in ("state", "external")
            and syntax.get(agent.name) != role_stage.AGENT and not _attributed(agent, text, offset, rx)
            and (second is None or second.kind == "civilians")):
        # "a roadside bomb went off beside a police patrol": the force a bomb hits is its target, not who planted it;
        # a force named outside the deed's sentence beside civilians the bomb killed, and not hit itself ("the
        # Houthis, who control the town, said the toll was higher"), is neither side
        bystander = second is not None and focus is not None and not _is_target(agent, text, offset, rx, syntax) and (
            not _named_in(agent, mentions, focus))
        agent, second = None, (second if bystander else agent)
    if agent is None and event_type in ("Battles", "Explosions/Remote violence") and second is not None:
        if event_type == "Battles" or sub_event_type in ("Remote explosive/landmine/IED", "Grenade", "Suicide bomb"):
            agent = synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
    if sub_event_type == "Arrests" and (second is None or not _is_target(second, text, offset, rx, syntax)):
        second = next((m for m in distinct if m.kind == "civilians"), None) or second  # "arrested twelve people"
    if agent is None and second is not None and event_type == "Strategic developments":
        agent, second = second, None
    if sub_event_type in _ONE_SIDED:
        second = None  # "Turkish forces brought reinforcements into Syria": no side is acted on (ACLED: no actor 2)
    if sub_event_type == "Looting/property destruction" and second is None and agent is not None:
        # ACLED: property looted or destroyed with no armed side on the other end is the civilians' who own it
        second = next((m for m in distinct if m.kind == "civilians"), None) or synth(f"Civilians ({where})", 7, "civilians")
    if sub_event_type == "Air/drone strike" and second is not None and second.kind in ("state", "external") and (
            agent is None or agent.kind not in ("state", "external") and not _attributed(agent, text, offset, rx)
            and not (agent.known and agent.kind != "unidentified" and rx.drone.search(text))):
        # aircraft are a state's (ACLED): "air strikes on TPLF positions" were flown by the state named beside them
        agent, second = second, agent
        if second is None and civilian_victims is not None:
            second = civilian_victims  # "18 civilians were killed in another drone strike": the state's, on them
    if sub_event_type == "Air/drone strike" and agent is None and country and (second is None or second.kind == "civilians"):
        # "an air strike on the market killed four civilians", no one named: aircraft are a state's (ACLED), the
        # country's own unless the dictionary names another whose forces act there (Israel's, in Palestine)
        agent = _generic("military", "", country, Span(offset, offset))
    if event_type == "Explosions/Remote violence" and agent is None and second is None:
        agent = synth(f"Unidentified Armed Group ({where})", 3, "unidentified")
    return Roles(_as_militia(agent, event_type), None, _as_militia(second, event_type), None)


# Which identity groups ACLED names beside protesters (inter 6 groups) and beside civilian victims (groups
# whose people are attacked as such: the press, health workers, the displaced, prisoners, migrants).
_PROTESTING = frozenset({6})
_VICTIMISED = frozenset({7})


_FORCES = ("Military Forces", "Police Forces")  # the forms of state_force_name's labels
_NOWHERE = " (International)"  # the generic labels' place when no country is known (_generic)


def _placed(name: str, country: str) -> str:
    return name[: -len(_NOWHERE)] + f" ({country})" if name.endswith(_NOWHERE) else name


def identity_group(text: str, offset: int, country: str | None, inters: frozenset[int], lang: str = "en") -> ActorMention | None:
    """The identity group a passage names ("students", "journalists"), as ACLED's associated actor:
    "Students (Kenya)" beside "Protesters (Kenya)" (countries.json ``group_templates``)."""
    d = dictionary()
    if d.identity_pattern is None:
        return None
    rx = _rules(lang)
    m = next((m for m in d.identity_pattern.finditer(text) if d.identity_by_word[m.group(0).lower()][1] in inters
              and not rx.identity_as_object.search(text[max(0, m.start() - 40) : m.start()])), None)
    if m is None:
        return None
    template, inter = d.identity_by_word[m.group(0).lower()]
    return ActorMention(template.format(country=country or "International"), inter, Span(m.start() + offset, m.end() + offset),
                        True, country, kind="identity")


_ARMED_EVENTS = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def _as_militia(mention: ActorMention | None, event_type: str) -> ActorMention | None:
    """A party whose members fight or attack is coded as its militia (ACLED: "… Militia", inter 3)."""
    if mention is None or mention.kind != "party" or event_type not in _ARMED_EVENTS:
        return mention
    name = dictionary().militia.get(mention.name)
    return replace(mention, name=name, inter=3) if name else mention


_STORY_CHARS = 600  # a passage this long tells a story around its deed (a note of one or two sentences does not)


def _foreign_victims(victim: ActorMention, text: str, offset: int, country: str | None, rx: Rules,
                     focus: Span | None, perpetrator: ActorMention) -> ActorMention:
    """Civilians the deed's sentence (``focus``, else the passage) names by another country's word as its victims
    ("killing four Israelis", "kidnapped 16 American and one Canadian missionary"): Civilians of that country, or
    of several (ACLED: International); never the perpetrator's own country's people abroad ("settlers burned homes
    in Huwara, hours after a gunman shot dead two Israeli brothers": that shooting's victims)."""
    if country is None:
        return victim
    start, end = (focus.start - offset, focus.end - offset) if focus is not None else (0, len(text))
    words = {c for c, span in country_mentions(text) if start <= span.start < end and rx.victims_before.search(
        text, max(start, span.start - _VICTIMS_REACH), span.start)}
    if not words or words == {country}:
        return victim
    where = words.pop() if len(words) == 1 else "International"
    if where == perpetrator.country or perpetrator.name.endswith(f"({where})"):
        return victim  # "Settlers (Israel)", named for their country as an identity group
    return replace(victim, name=f"Civilians ({where})", country=where if where != "International" else None)


def _acts_in_deed(side: ActorMention, mentions: list[ActorMention], text: str, offset: int, rx: Rules,
                  syntax: dict[str, str], focus: Span) -> bool:
    """Whether the passage tells ``side`` did the deed: the parse makes it the agent, an agent phrase names it ("shot
    by police", "raped by soldiers" in any sentence of the passage), or it is named in the deed's own sentence."""
    if syntax.get(side.name) == role_stage.AGENT:
        return True
    same = [m for m in mentions if m.name == side.name]
    return any(focus.start <= m.span.start < focus.end or _attributed(m, text, offset, rx) for m in same)


def _is_target(m: ActorMention, text: str, offset: int, rx: Rules, syntax: dict[str, str] | None = None) -> bool:
    """A mention that receives the violence: "injuring three soldiers", "fighters were killed"."""
    if syntax and m.name in syntax:
        return syntax[m.name] == role_stage.TARGET
    before = text[max(0, m.span.start - offset - 40) : m.span.start - offset]
    after = text[m.span.end - offset : m.span.end - offset + 50]
    if rx.attack_after.match(after):
        return False  # "killed in a Boko Haram suicide attack": the group's attack
    return bool(rx.harm_before.search(before) or rx.harm_after.match(after))


UNARMED = ("civilians", "protesters", "rioters")  # mention kinds that are no armed side
_UNARMED = UNARMED
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
_NOT_THE_TELLERS = ("Suicide bomb", "Remote explosive/landmine/IED", "Grenade")  # deeds no state tells of its own
# Strategic developments a side undertakes alone (ACLED codes no actor 2)
_ONE_SIDED = ("Change to group/activity", "Headquarters or base established")


def _one_state(a: ActorMention, b: ActorMention) -> bool:
    """Whether two mentions are one state's forces of one period, neither a named faction or unit ("Military Forces
    of Colombia (2022-)" and "Police Forces of Colombia (2022-)"; not Yemen's two governments, not Libya's
    factions, not a unit named after the period)."""
    def plain(m: ActorMention) -> str | None:
        if m.kind not in ("state", "external") or not m.name.endswith(")"):
            return None
        return m.name.split(" of ", 1)[1] if m.name.startswith(("Military Forces of ", "Police Forces of ")) else None
    first = plain(a)
    return first is not None and first == plain(b)


def _named_in(side: ActorMention, mentions: list[ActorMention], part: Span) -> bool:
    """Whether any mention of ``side`` stands in ``part`` (report offsets)."""
    return any(part.start <= m.span.start < part.end for m in mentions if m.name == side.name)


def _of_the_day(m: ActorMention, on: dt.date | None) -> ActorMention:
    """The mention as it stood on the event's date (a group that had become a state's forces, as those forces)."""
    return dated(m, on) or m


def speaks(m: ActorMention, text: str, offset: int, lang: str = "en") -> bool:
    """Whether a state force is named as the teller of the news ("…, the military spokesman said")."""
    return m.kind in ("state", "external") and _speaker(m, text, offset, _rules(lang))


_SPEAKER_REACH = 110  # "the military spokesman, Lieutenant General Ahmed Sharif Chaudhry, said"


def _speaker(m: ActorMention, text: str, offset: int, rx: Rules) -> bool:
    after = text[m.span.end - offset : m.span.end - offset + _SPEAKER_REACH]
    before = text[max(0, m.span.start - offset - 40) : m.span.start - offset]
    return bool(rx.speaker_after.match(after) or rx.speaker_before.search(before))


def _attributed(m: ActorMention, text: str, offset: int, rx: Rules, strong_only: bool = False) -> bool:
    """"blamed on al Shabaab", "a Taliban-planted bomb": an attribution names the agent. ``strong_only``:
    only the phrases that name a deed's agent from another sentence ("blamed on", "claimed by")."""
    before = text[max(0, m.span.start - offset - 25) : m.span.start - offset]
    after = text[m.span.end - offset : m.span.end - offset + 12]
    if rx.claims_after.match(text[m.span.end - offset : m.span.end - offset + 60]) or rx.agent_after.match(
            text[m.span.end - offset : m.span.end - offset + _CLAIM_WINDOW]):
        return True  # "al Shabaab has claimed credit for the bombing", "the Islamic State group claimed the attack"
    if rx.blamed_before.search(text, max(0, m.span.start - offset - 30), m.span.start - offset):
        return True  # "the authorities blamed the Islamic State group"
    if rx.strong_attribution.search(text[max(0, m.span.start - offset - 50) : m.span.start - offset]):
        return True  # "blamed on …", "the attackers, believed to be al-Shabaab terrorists"
    if strong_only:
        return False
    if rx.passive_by.search(before):
        return not rx.not_attribution.search(text[max(0, m.span.start - offset - _NOT_AGENT_REACH) : m.span.start - offset])
    return bool(rx.planted.match(after))


# characters back that may hold the verb of a "by"/"from" that names no agent: the rule allows 40 between the verb
# and "from" ("captured the town of Tal Rifaat from the …")
_NOT_AGENT_REACH = 70
_CLAIM_WINDOW = 180  # characters after a name that may hold its claim (", known as IS-K, was behind the attack")
_GROUP_AFTER_GENERIC = 24  # characters between "gunmen" and the group they belong to ("of the", "de l'État")


def _groups_of_generics(generics: list[ActorMention], groups: list[ActorMention]) -> list[ActorMention]:
    """The named groups right after generic words ("gunmen of al Shabaab", "des hommes armés du gang G9"):
    the generic words name them, not another side."""
    return [m for m in groups if m.kind != "unidentified" and any(
        g.kind == "unidentified" and 0 <= m.span.start - g.span.end <= _GROUP_AFTER_GENERIC for g in generics)]


def _agent(armed: list[ActorMention], text: str, offset: int, rx: Rules,
           syntax: dict[str, str] | None = None, focus: Span | None = None,
           in_focus: list[ActorMention] | None = None, every: list[ActorMention] | None = None) -> ActorMention | None:
    """The side that did the deed among ``armed`` (each side's first mention); ``every``: all their mentions, for an
    agent phrase that names a side again ("JNIM said … that its fighters carried out the raid")."""
    syntax = syntax or {}

    def acts(m: ActorMention) -> bool:
        return not _is_target(m, text, offset, rx, syntax)

    def parse_agents(sides: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
        """The parse's agents, and the groups generic words may belong to: those agents, or a non-state group
        the parse leaves roleless ("un groupe terroriste affilié à AQMI")."""
        agents = [m for m in sides if syntax.get(m.name) == role_stage.AGENT]
        return agents, agents + [m for m in sides if m.name not in syntax and m.kind not in ("state", "external")]

    # an agent phrase in the deed's own sentence, or one that names the agent from another ("blamed on …")
    def named_as_agent(m: ActorMention) -> bool:
        return any(_attributed(x, text, offset, rx, strong_only=focus is not None and not focus.start <= x.span.start < focus.end)
                   for x in [m, *(y for y in every or () if y.name == m.name and y is not m)])

    attributed = [m for m in armed if named_as_agent(m)]
    if attributed:
        # the agent phrase's named group, or the group its generic words belong to
        named = [m for m in attributed if m.kind != "unidentified"] + _groups_of_generics(attributed, parse_agents(armed)[1])
        return (named or attributed)[0]
    def groups(sides: list[ActorMention]) -> list[ActorMention]:
        return [m for m in sides if m.kind not in ("state", "external", "unidentified") and acts(m)]

    if focus is not None:
        armed = _deed_sides(armed, in_focus or [], groups(armed), acts, lambda m: _speaker(m, text, offset, rx))
    by_syntax, owners = parse_agents(armed)
    if by_syntax:
        named_agents = _groups_of_generics(by_syntax, owners) + [
            m for m in by_syntax if m.kind != "unidentified" or m.known]
        if not named_agents and focus is not None:
            named_agents = groups(armed)  # the bare word's group, as in _deed_sides
        return (named_agents or by_syntax)[0]
    named = [m for m in armed if (m.kind != "unidentified" or m.known) and acts(m)]
    if named:
        return named[0]
    agents = [m for m in armed if acts(m)]
    return agents[0] if agents else None


def _deed_sides(armed: list[ActorMention], local: list[ActorMention], groups: list[ActorMention],
                acts: Callable[[ActorMention], bool], speaks: Callable[[ActorMention], bool]) -> list[ActorMention]:
    """The sides that may have done the deed its own sentence tells (``local``: each side's first mention there).

    "Insurgents attacked the neighbourhood" in a passage that names government forces three sentences on: the
    side the sentence names acts, not a side named elsewhere; who tells or blames there ("the SDF said the
    attack was repelled") is not who did it. A bare "the terrorists" stands for the non-state group the passage
    names (``groups``), never for a state force named elsewhere."""
    acting = [m for m in local if acts(m) and not speaks(m)]
    if not acting:
        return armed
    if all(m.kind == "unidentified" and not m.known for m in acting):
        names = {m.name for m in local}
        return local + [m for m in groups if m.name not in names]
    return acting


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (``13``); ``10 * inter1`` for a sole actor."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
