"""Geocoding a report: find the place names, resolve each, choose the event's location.

Resolution weighs, for every gazetteer candidate of a name: the report's country (its country names,
demonyms and the caller's ``country_hint``), admin units named in the text (a parenthesised province
right after a town is the strongest cue: "Baqim district (Sadah)", "Zinjibar (Abyan)"), the other
places it mentions, what the context says the name is (town, district, province), and population.
The event location is then the most specific, best-supported place in the incident's sentences
(``focus``), else in the rest of the text. "near / south of / countryside of X" gives X at
geo_precision 2; a district alone gives its main town at 2; a province alone its capital at 3.
"""

from __future__ import annotations

import copy
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from conflictwatch.geo import toponyms as tp
from conflictwatch.geo.datafiles import acled_admin1_by_unit, country_namings, country_words, stoplist_words
from conflictwatch.geo.errors import GazetteerSchemaError
from conflictwatch.geo.extras import EXTRA_SOURCE_PREFIX
from conflictwatch.geo.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    CountryRecord,
    Gazetteer,
    GazetteerEntry,
    SqliteGazetteer,
    default_gazetteer_path,
)
from conflictwatch.geo.normalize import foreign_reference_after, is_arabic_script, latin_tokens, name_key, plain
from conflictwatch.records import Place, Span
from conflictwatch.resources import data_file
from conflictwatch.rules import languages as rules_languages

# With no country evidence at all, a folded look-alike ('Al Watiyah' ~ 'Wete', 'Khab' ~ 'Cheb') stands
# only for a city this big: a smaller namesake abroad is a collision of keys, not a reading. A close
# transliteration ('Darna' ~ 'Darnah', 'Kafr Qaseem' ~ 'Kafr Qasim') is a reading.
_LOOK_ALIKE_POPULATION = 100_000
_CLOSE_SPELLING = 0.7  # similarity of the written name and the gazetteer's, articles aside
_LIKE_SPELLING = 0.5  # below this, a folded key joins two different words, not two spellings of one
# A name spelt exactly as a town abroad this big, with no namesake in the report's country, is that town.
_LITERAL_ABROAD_POPULATION = 10_000
_SAME_PHRASE = 60  # characters from an unknown place to the known one its phrase sets it in
_SPECIFICITY = {KIND_COUNTRY: 0, KIND_ADMIN1: 1, KIND_ADMIN2: 2}  # anything else (towns, camps...) is 3
_STRONG_CONTEXTS = {tp.CTX_TOWN, tp.CTX_NEIGHBOURHOOD, tp.CTX_DISTRICT, tp.CTX_PROVINCE, tp.CTX_NEAR}
# Spelling repair without a named unit: only for a name the text says is the scene, long enough that a
# close spelling is a variant and not another word, against the report's home country's places.
_SCENE_CONTEXTS = {tp.CTX_TOWN, tp.CTX_IN, tp.CTX_NEAR, tp.CTX_DISTRICT}
_COUNTRY_FILL_KEY = 6
_COUNTRY_FILL_CUTOFF = 88


@dataclass(frozen=True)
class ScoredCandidate:
    entry: GazetteerEntry
    score: float


@dataclass(frozen=True)
class Mention:
    """One place name in the report and how it was resolved (``chosen`` is None when unresolved)."""

    text: str
    span: Span
    context: str
    in_focus: bool
    is_cue: bool
    candidates: tuple[ScoredCandidate, ...]
    chosen: GazetteerEntry | None


@dataclass(frozen=True)
class Explanation:
    """Everything ``locate`` considered: for the CLI's ``geocode`` command and for debugging."""

    place: Place | None
    mentions: tuple[Mention, ...]
    country_scores: tuple[tuple[str, float], ...]  # ACLED country names, best first


@dataclass
class _Found:
    """Working state for one toponym while a report is resolved (internal, never returned)."""

    toponym: tp.Toponym
    entries: tuple[GazetteerEntry, ...]
    cue_of: int | None = None
    cues: list[int] = field(default_factory=list)
    scored: tuple[ScoredCandidate, ...] = ()
    accepted: bool = False
    sentence_initial: bool = False
    light: str = ""  # the name as written, lower-cased, marks and punctuation removed
    arabic: bool = False  # written in Arabic script (whose keys fold little)
    literal_areas: frozenset[tuple[str, str | None]] | None = None
    text_rank: float | None = None  # what the words around it add to its event rank (see ``_event_rank``)


@dataclass(frozen=True)
class _Reading:
    """One text's place names, resolved under one country hint (shared by every focus in the text)."""

    found: list[_Found]
    prior: dict[str, float]
    country_scores: tuple[tuple[str, float], ...]
    named: frozenset[str] = frozenset()  # every country the text names or places a name in
    # a country that only one witness says (one name read there, or one country word; a name and its
    # country's alias are one): that witness, lightly keyed ('Shakhta' read in Russia in a report of
    # Ukrainian forces near Donetsk)
    lone: Mapping[str, str] = field(default_factory=dict)


_ALIAS_ONLY_PENALTY = 1.5  # a candidate the name only aliases, beside one whose own name it is
_NEAR_CUE_KM = 40.0  # a place this close to the admin unit its cue names is taken as in it
_CAPITAL_UNIT_KM = 30.0  # the province whose point lies this close to a country's point (its capital) holds it
_CUE_WEIGHT = 0.5  # a word tied to one country (data/rules/<lang>/geo.json country_cues), below a demonym's 0.6
_REGION_SETS_KEPT = 1_000  # distinct sets of region cues whose provinces are kept
_SCANS_KEPT = 4  # texts whose detection is kept: a report, its opening window, an incident window
_READINGS_KEPT = 8  # (text, hint) pairs whose resolution is kept
_KEYS_KEPT = 50_000  # name keys whose gazetteer entries are kept (~7,000 for 1,650 notes; ~30 MB at most)


@dataclass
class _ReadCache:
    scans: dict[str, tuple[list[_Found], dict[str, float], frozenset[str], _CoMentions, dict[str, set[str]]]] = field(
        default_factory=dict)
    readings: dict[tuple[str, str | None], _Reading] = field(default_factory=dict)


def _remember(cache: dict, key: object, value: object, keep: int) -> None:  # type: ignore[type-arg]
    cache[key] = value
    while len(cache) > keep:
        del cache[next(iter(cache))]  # the oldest


class _CoMentions:
    """Country support from the other names of a text: a name whose candidates are all in one country
    votes 1 for it; an ambiguous name spreads its vote thin. The votes are summed once per text, in
    text order; a name's own votes are taken out only from the countries it votes for (re-summed in the
    same order, so the figures are those of summing the other names one by one)."""

    def __init__(self, found: list[_Found]):
        self._votes: dict[str, list[tuple[str, float]]] = defaultdict(list)  # country -> (name key, vote)
        self._voted_by: dict[str, set[str]] = defaultdict(set)  # name key -> countries it votes for
        for g in found:
            # Only a candidate the name spells (its own name or location, folded) votes: one that shares
            # a key through another of its names ('Jagannath' for Puri) would recruit the report to its
            # country, and the next pass read every other name there.
            codes = {e.country_code for e in g.entries if g.arabic or _names_itself(g, e)}
            if not codes:
                continue
            for code in codes:
                self._votes[code].append((g.toponym.key, 0.8 / len(codes)))
                self._voted_by[g.toponym.key].add(code)
        self._total = {code: _sum_votes(votes, None) for code, votes in self._votes.items()}
        self._memo: dict[str, dict[str, float]] = {}

    def support(self, key: str) -> dict[str, float]:
        """The support the names other than those spelt ``key`` give each country."""
        support = self._memo.get(key)
        if support is None:
            support = dict(self._total)
            for code in self._voted_by.get(key, ()):
                if all(k == key for k, _ in self._votes[code]):
                    del support[code]
                else:
                    support[code] = _sum_votes(self._votes[code], key)
            self._memo[key] = support
        return support


def _sum_votes(votes: list[tuple[str, float]], without: str | None) -> float:
    total = 0.0
    for key, vote in votes:
        if key != without:
            total += vote
    return total


class Geocoder:
    """Finds and resolves place names in report texts against an injected :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer, lang: str = "en") -> None:
        self.gazetteer = gazetteer
        self.lang = lang  # the language of the place-context rules (data/rules/<lang>/geo.json)
        tp.lexicon(lang)  # a broken rules file fails here, at start-up
        self._countries: Mapping[str, CountryRecord] = gazetteer.countries()
        self._admin1 = gazetteer.admin1_units()
        namings = country_namings()
        self._acled_to_code = {}
        self._country_keys: dict[str, str] = {}  # name key -> ISO code, for names, aliases, demonyms
        self._demonym_light: set[str] = set()
        # Country evidence is matched on a light key (case, marks, punctuation): the place-name folding
        # would make 'Women' say Oman and 'The' say Thai.
        for code, country in self._countries.items():
            self._acled_to_code[country.name.lower()] = code
            self._country_keys.setdefault(_light_key(country.name), code)
        for code, naming in namings.items():
            self._acled_to_code[naming.acled_name.lower()] = code
            for alias in (naming.acled_name, *naming.aliases):
                self._country_keys[_light_key(alias)] = code
            for demonym in naming.demonyms:
                self._country_keys[_light_key(demonym)] = code
                self._demonym_light.add(_light_key(demonym))
        for key in [k for k in self._country_keys if len(k) < 2]:
            del self._country_keys[key]
        # Stop words and demonyms are matched on the light key: folded keys would make 'there' stop Dar'a.
        self._stop = {_light_key(w) for w in stoplist_words()} | self._demonym_light
        self._local = threading.local()  # the last texts read, per thread (see ``_reading``)
        # name key -> its entries, across reports: most keys of a report ('Aleppo', 'Police', 'April')
        # were looked up for an earlier one, and a dictionary costs less than a query
        self._known: dict[str, tuple[GazetteerEntry, ...]] = {}
        self._known_lock = threading.Lock()
        self._capital_units: dict[str, str | None] = {}  # country code -> its capital's admin1
        self._admin1_by_country: dict[str, list[tuple[str, GazetteerEntry]]] | None = None
        # the region cues a text holds -> the provinces they name (a few cue sets recur across reports)
        self._region_units: dict[tuple[tuple[str, tuple[str, ...]], ...], frozenset[tuple[str, str]]] = {}
        self._languages: dict[str, Geocoder] = {lang: self}  # this geocoder in each language asked for
        self._lower_demonyms: re.Pattern[str] | None = None  # demonyms a language writes in lower case ('tchadiens')

    def in_language(self, lang: str) -> Geocoder:
        """This geocoder reading place contexts with ``lang``'s rules ('le village de Kolofata', 'près de Baga
        Sola'): the same gazetteer, country names and lookups, another data/rules/<lang>/geo.json. A language
        without a geo rules file reads with this one's."""
        found = self._languages.get(lang)
        if found is not None:
            return found
        with self._known_lock:
            found = self._languages.get(lang)
            if found is None:
                if lang in rules_languages() and data_file("rules", lang, "geo.json").is_file():
                    tp.lexicon(lang)  # a broken rules file fails here, before any report is read with it
                    found = copy.copy(self)  # shares the lookups, the caches of names and the lock
                    found.lang = lang
                    found._local = threading.local()  # texts read in one language are not read in another
                    found._read_country_words()
                else:
                    found = self
                self._languages[lang] = found
        return found

    def _read_country_words(self) -> None:
        """Also know countries by the names and demonyms the actor dictionary gives them in other languages than
        English ('le Tchad', 'des soldats tchadiens'): aliases that name no place of the gazetteer ('Gaza' stays
        a place), and demonyms, which a language may write in lower case."""
        keys, demonyms, lower = dict(self._country_keys), set(self._demonym_light), []
        known = [(code, names, demonym_words) for name, (names, demonym_words) in country_words().items()
                 if (code := self._acled_to_code.get(name.lower())) is not None]
        places = self.gazetteer.lookup([k for _, names, _ in known for k in map(name_key, names) if k])
        for code, names, demonym_words in known:
            for alias in names:
                light = _light_key(alias)
                if len(light) >= 2 and light not in keys and not places.get(name_key(alias)):
                    keys[light] = code
            for demonym in demonym_words:
                light = _light_key(demonym)
                if len(light) >= 2 and keys.setdefault(light, code) == code:
                    demonyms.add(light)
                    if demonym == demonym.lower():
                        lower.append(re.escape(demonym))
        self._country_keys, self._demonym_light = keys, demonyms
        self._stop = self._stop | demonyms
        if lower:
            self._lower_demonyms = re.compile(r"\b(?:" + "|".join(sorted(lower, key=len, reverse=True)) + r")\b")

    # -- public API ---------------------------------------------------------------------------------

    def locate(
        self, text: str, focus: Span | None = None, country_hint: str | None = None
    ) -> tuple[Place | None, tuple[str, ...]]:
        """Find the event's location in ``text`` (a whole report).

        ``focus`` is the span of the sentences describing the incident: places inside it are preferred,
        the rest of the text is the fallback. ``country_hint`` is an ACLED country name guessed from
        actors (e.g. 'Syria'). Returns the event :class:`Place` (None when no place is mentioned at all)
        and the names of all places mentioned. An unresolvable name gives
        ``Place(location=<the text>, latitude=None, resolved=False)``. Never raises on odd text.
        """
        explanation = self.explain(text, focus, country_hint)
        names: list[str] = []
        for m in explanation.mentions:
            name = m.chosen.location if m.chosen is not None else m.text
            if name not in names:
                names.append(name)
        return explanation.place, tuple(names)

    def country_place(self, country: str | None) -> Place | None:
        """The place that stands for ``country`` (an ACLED country name) when a report names no place in
        it: its capital, as ACLED codes an event known only by its country (geo_precision 3, the location
        the country's name, admin1 the capital's province). None for a country the gazetteer lacks."""
        code = self._acled_to_code.get((country or "").strip().lower())
        record = self._countries.get(code or "")
        if record is None or record.latitude is None or record.longitude is None:
            return None
        return Place(location=record.name, country=record.name, admin1=self._capital_admin1(record),
                     latitude=record.latitude, longitude=record.longitude, geo_precision=3,
                     geonames_id=record.geonames_id, resolved=True)

    def _capital_admin1(self, record: CountryRecord) -> str | None:
        """The admin1 (as ACLED names it) of the province whose point lies at the country's point."""
        cached = self._capital_units.get(record.code, "")
        if cached != "":
            return cached
        near = [(_distance_km(record.latitude, record.longitude, unit.latitude, unit.longitude), unit.location)
                for _, unit in self._admin1_of(record.code)
                if unit.latitude is not None and unit.longitude is not None]
        admin1 = None
        if near and min(near)[0] <= _CAPITAL_UNIT_KM:
            unit = min(near)
            admin1 = acled_admin1_by_unit().get((record.code, name_key(unit[1])), unit[1])
        self._capital_units[record.code] = admin1
        return admin1

    def detect_country(self, text: str) -> str | None:
        """The ACLED country name most strongly indicated by the text: country names, demonyms
        ('Syrian', 'Afghan') and resolved places."""
        scores = self.explain(text).country_scores
        return scores[0][0] if scores else None

    def explain(self, text: str, focus: Span | None = None, country_hint: str | None = None) -> Explanation:
        """``locate`` with its workings: every mention, its scored candidates, and the country evidence."""
        if not isinstance(text, str) or not text.strip():
            return Explanation(None, (), ())
        hint_code = self._acled_to_code.get((country_hint or "").strip().lower())
        reading = self._reading(text, hint_code)
        found = reading.found
        # Only the choice of the event place depends on the focus: every incident of a report shares
        # the reading (detection and resolution), so a report is read once, not once per incident.
        in_focus = [focus is None or (f.toponym.span.start >= focus.start and f.toponym.span.end <= focus.end)
                    for f in found]
        place = self._choose_event_place(text, found, in_focus, reading.prior, hint_code, reading.named, reading.lone)
        if place is None:
            place = self._region_place(text, reading.prior, hint_code)
        mentions = tuple(
            Mention(f.toponym.text, f.toponym.span, f.toponym.context, in_focus[i], f.cue_of is not None,
                    f.scored, f.scored[0].entry if f.scored else None)
            for i, f in enumerate(found)
            if f.accepted
        )
        return Explanation(place, mentions, reading.country_scores)

    def _reading(self, text: str, hint_code: str | None) -> _Reading:
        """The text's place names resolved under ``hint_code``; cached per thread for the last few texts."""
        cache = self._cache()
        key = (text, hint_code)
        reading = cache.readings.get(key)
        if reading is not None:
            return reading
        if hint_code is not None:
            plain_reading = cache.readings.get((text, None))
            if plain_reading is not None and _hint_agrees(plain_reading, hint_code):
                # the report's own reading already rests on the hinted country: the hint adds nothing
                _remember(cache.readings, key, plain_reading, _READINGS_KEPT)
                return plain_reading
        scan = cache.scans.get(text)
        if scan is None:
            scan = self._detect(text)
            _remember(cache.scans, text, scan, _SCANS_KEPT)
        template, country_votes, firm, co_mentions, worded = scan
        found = [replace(f, cues=list(f.cues)) for f in template]  # resolution writes into them
        prior = self._country_prior(country_votes, hint_code)
        regions, named = self._regions(text), firm  # the countries named by name, before their places join
        self._resolve_all(found, prior, firm, co_mentions, regions, named)
        # Second pass: the places themselves are country evidence ("Qamishli" says Syria).
        place_votes: defaultdict[str, float] = defaultdict(float, country_votes)
        voters: defaultdict[str, set[str]] = defaultdict(set)
        name_votes: defaultdict[tuple[str, str], list[tuple[_Found, float]]] = defaultdict(list)
        for f in found:
            if f.accepted and f.scored:
                entry = f.scored[0].entry
                # Only names that are clearly places vote, or one junk match ('Liberty') recruits others.
                strong = (f.toponym.context not in (tp.CTX_NONE, tp.CTX_ROAD) or entry.kind in (KIND_ADMIN1, KIND_ADMIN2)
                          or entry.population >= 100_000 or entry.source.startswith("supplement"))
                # A folded look-alike ('Khab' ~ 'Cheb') is no evidence of its country: it would vote
                # itself in. Only a name spelt as the gazetteer spells it, or a big place, votes.
                strong = strong and (_literal(f, entry) or entry.population >= _LOOK_ALIKE_POPULATION
                                     or entry.kind in (KIND_ADMIN1, KIND_ADMIN2))
                # a name spelt as a sizeable town that has no namesake elsewhere, where only a demonym
                # or a hint says another country ("Turkish forces closed Afrin's entrances"): Syria
                strong = strong or (entry.country_code not in firm and _literal(f, entry)
                                    and entry.population >= _LITERAL_ABROAD_POPULATION
                                    and all(e.country_code == entry.country_code for e in f.entries))
                strong = strong and f.toponym.context != tp.CTX_ORGANISATION  # 'the Dhofar Brigade'
                weight = 2.0 if entry.kind in (KIND_ADMIN1, KIND_ADMIN2) else 1.0
                place_votes[entry.country_code] += weight if strong and entry.kind != KIND_COUNTRY else 0.0
                if strong and entry.kind != KIND_COUNTRY:
                    voters[entry.country_code].add(f.light)
                    name_votes[(entry.country_code, f.light)].append((f, weight))
        for code in self._namesakes_abroad(voters, worded, name_votes):
            # a namesake abroad ('Palma' in a Mozambican report is not Spain's): no evidence of its country
            place_votes[code] -= sum(w for _, w in name_votes[(code, next(iter(voters[code])))])
        prior = self._country_prior(place_votes, hint_code)
        firm = firm | {c for c, v in place_votes.items() if v > country_votes.get(c, 0.0)}
        self._resolve_all(found, prior, firm, co_mentions, regions, named)
        if self._fuzzy_fill(found, prior):
            self._resolve_all(found, prior, firm, _CoMentions(found), regions, named)  # the repaired names vote too
        _drop_distant_quarters(text, found, self.lang)
        ranked = sorted(place_votes.items(), key=lambda kv: -kv[1])
        country_scores = tuple((self._countries[c].name, s) for c, s in ranked if c in self._countries and s > 0)
        # who says each country: the names read there and the country words (a name and its country's
        # alias, 'Gaza', are one witness); a country only one name says, and no word, is that name's
        witnesses = {c: voters.get(c, set()) | worded.get(c, set()) for c in set(voters) | set(worded)}
        lone = {c: next(iter(keys)) for c, keys in witnesses.items() if len(keys) == 1}
        reading = _Reading(found, prior, country_scores, frozenset(c for c, v in place_votes.items() if v > 0), lone)
        _remember(cache.readings, key, reading, _READINGS_KEPT)
        return reading

    @staticmethod
    def _namesakes_abroad(voters: Mapping[str, set[str]], worded: Mapping[str, set[str]],
                          name_votes: Mapping[tuple[str, str], list[tuple[_Found, float]]]) -> list[str]:
        """The countries only one place name says, where that name is more likely a namesake of a place
        in a country with better evidence: a country with two witnesses or more (names, words), or one
        whose name the text marks as a place, while this name is spelt like places of other countries
        too ('Palma': Spain's and Brazil's, in a report on Cabo Delgado), or is never marked as a place
        ("Vladimir said"). A name only its country spells ('Islamabad') keeps its vote: it needs no word."""
        def place_marked(code: str, light: str) -> bool:
            return any(f.toponym.context not in (tp.CTX_NONE, tp.CTX_ORGANISATION) for f, _ in name_votes[(code, light)])

        witnesses = {c: voters.get(c, set()) | worded.get(c, set()) for c in set(voters) | set(worded)}
        out = []
        for code, lights in voters.items():
            if len(witnesses[code]) != 1 or code in worded:
                continue
            light = next(iter(lights))
            f = name_votes[(code, light)][0][0]
            spelt_in = {e.country_code for e in f.entries if not e.source.startswith(EXTRA_SOURCE_PREFIX)
                        and e.kind != KIND_COUNTRY and _spelt_as(f, e)}
            marked = place_marked(code, light)
            stronger = [c for c, ws in witnesses.items() if c != code and (
                len(ws) >= 2 or (not marked and any(place_marked(c, w) for w in voters.get(c, ()))))]
            if stronger and (len(spelt_in) > 1 or not marked):
                out.append(code)
        return out

    def _region_place(self, text: str, prior: dict[str, float], hint_code: str | None) -> Place | None:
        """The province a report naming no place is about, when a party or group bound to one province
        names it ('DMK members staged a sit-in': Tamil Nadu) and the report's country is that province's:
        placed as the province's own name would be (geo_precision 3)."""
        regions = self._regions(text)
        if len(regions) != 1:
            return None
        ((code, admin1_code),) = regions
        if (hint_code or _dominant(prior)) != code:
            return None  # the group's province says nothing of a report about another country, or of none
        unit = self._admin1.get((code, admin1_code))
        cue = tp.lexicon(self.lang).region_cues[0].search(text)
        if unit is None or cue is None:
            return None
        span = Span(cue.start(), cue.end())
        return self._place_from(self._found(text, span, unit.name, tp.CTX_NONE, (unit,)), unit, [])

    def _regions(self, text: str) -> frozenset[tuple[str, str]]:
        """The provinces (country code, admin1 code) the text's region cues name ('the OSCE SMM')."""
        cues = tp.region_cues(text, self.lang)
        if not cues:
            return frozenset()
        known = self._region_units.get(tuple(cues))
        if known is not None:
            return known
        out = set()
        for country, provinces in cues:
            code = self._acled_to_code.get(country.lower())
            keys = {name_key(p) for p in provinces}
            out |= {(code, a1) for a1, unit in self._admin1_of(code or "")
                    if name_key(unit.admin1 or "") in keys or name_key(unit.name) in keys}
        _remember(self._region_units, tuple(cues), frozenset(out), _REGION_SETS_KEPT)
        return frozenset(out)

    def _admin1_of(self, code: str) -> list[tuple[str, GazetteerEntry]]:
        """One country's provinces (admin1 code, unit), in the gazetteer's order; indexed on first use."""
        if self._admin1_by_country is None:
            by_country: defaultdict[str, list[tuple[str, GazetteerEntry]]] = defaultdict(list)
            for (cc, a1), unit in self._admin1.items():
                by_country[cc].append((a1, unit))
            self._admin1_by_country = dict(by_country)
        return self._admin1_by_country.get(code, [])

    def _cache(self) -> _ReadCache:
        cache: _ReadCache | None = getattr(self._local, "cache", None)
        if cache is None:
            cache = self._local.cache = _ReadCache()
        return cache

    # -- detection ----------------------------------------------------------------------------------

    def _detect(self, text: str) -> tuple[list[_Found], dict[str, float], frozenset[str], _CoMentions, dict[str, set[str]]]:
        """The text's place names, the country votes of its country names and demonyms, the countries
        it names by name (firm evidence, unlike a demonym: 'Turkish forces' fight abroad), and the names'
        support for each other's countries (the same under every hint, so counted once per text)."""
        lang = self.lang
        phrases = tp.candidate_phrases(text, lang)
        unresolved = tp.unresolved_candidates(text, lang)
        foreign_reference = foreign_reference_after(lang)
        keys = {p.key for p in phrases} | {name_key(text[s.start : s.end]) for s, _ in unresolved}
        entries = self._lookup(keys)

        country_votes: defaultdict[str, float] = defaultdict(float)
        worded: defaultdict[str, set[str]] = defaultdict(set)  # country -> the words that name it
        named: set[str] = set()
        beyond: set[tuple[int, int]] = set()  # countries named across a border
        for p in phrases:
            light = _light_key(text[p.span.start : p.span.end])
            code = self._country_code(light)
            if code is not None and tp.across_border(text, p.span, lang):
                beyond.add((p.span.start, p.span.end))  # 'near the border with Mali': not the scene, no vote
            elif code is not None and not foreign_reference.match(text, p.span.end):
                # 'Turkish forces' in Syria, 'Russian jets' over Idlib: a demonym often names a foreign actor.
                country_votes[code] += 0.6 if light in self._demonym_light else 1.0
                worded[code].add(light)
                if light not in self._demonym_light:
                    named.add(code)
        for m in self._lower_demonyms.finditer(text) if self._lower_demonyms is not None else ():
            code = self._country_keys.get(_light_key(m.group(0)))  # 'des soldats tchadiens': a demonym's vote
            if code is not None:
                country_votes[code] += 0.6
                worded[code].add(_light_key(m.group(0)))
        for country, span in tp.country_cues(text, lang):
            # 'matatu', 'upazila', 'the OSCE SMM': a word tied to one country says the report's country,
            # more weakly than a demonym, and is one witness of it
            code = self._acled_to_code.get(country.lower())
            if code is not None:
                country_votes[code] += _CUE_WEIGHT
                worded[code].add(_light_key(text[span.start : span.end]))
        # Country votes count each phrase once even when it is also a longer phrase's part.
        phrases = [p for p in phrases if _light_key(text[p.span.start : p.span.end]) not in self._demonym_light
                   and (p.span.start, p.span.end) not in beyond]
        matches = self._select_matches(phrases, entries)

        found: list[_Found] = []
        opening_towns: list[tuple[Span, tp.Phrase]] = []  # (an unknown unit's name, the known town opening it)
        # a name a title gives a person ("candidate Fernando Villavicencio") is the person's in every mention
        people = {_light_key(text[p.span.start : p.span.end]) for p in matches if tp.names_person(text, p.span, lang)}
        for p in matches:
            ctx = tp.context_of(text, p.span, lang)
            if ctx == tp.CTX_FEATURE or tp.names_family(text, p.span, lang) or (
                    _light_key(text[p.span.start : p.span.end]) in people and ctx not in _STRONG_CONTEXTS):
                # "the Gulf of Aden", "Lake Victoria": a water body, not the town of its name; "the Al
                # Salih families": a surname
                continue
            if ctx == tp.CTX_NONE and tp.opens_organisation(text, p.span, lang):
                ctx = tp.CTX_ORGANISATION  # "the Bodo Women Welfare Federation": a body's attribute
            light = _light_key(text[p.span.start : p.span.end])
            if light in self._stop and ctx not in _STRONG_CONTEXTS - {tp.CTX_NEAR}:
                continue
            if ctx == tp.CTX_NONE and _sentence_initial(text, p.span.start) and light in self._stop:
                continue
            run = tp.name_run(text, p.span, self._is_stop, lang)
            if run != p.span and tp.names_institution(text, p.span, run, lang):
                run = p.span  # "Mombasa Technical University", "Zahle Municipal Stadium": named after the place
            elif run != p.span and run.start == p.span.start and (
                    tp.is_organisation(text[run.start : run.end], lang) or tp.opens_organisation(text, p.span, lang)):
                # "the Assam Students' Union", "the Kerala Congress Committee": a body named after the
                # place, which is the scene only where the text names no other
                run, ctx = p.span, tp.CTX_ORGANISATION
            elif (run != p.span and run.start == p.span.start and ctx != tp.CTX_NONE
                  and text[p.span.end : p.span.end + 1] == " " and self._big_city_spelt(light, entries.get(p.key, ()))):
                # "the United Nations Office in Nairobi Anna Tibaijuka's convoy": a big city spelt as the
                # gazetteer spells it where the text says a place is, followed by other capitalised words,
                # is the city and a name after it ("the beheading of Virginia Nyaiko" is a person)
                run = p.span
            if run != p.span:
                # Part of a longer name the gazetteer lacks ('Qala' in 'Qala-e-Naw'): the part's
                # candidates are other places; keep the whole name, unresolved.
                ctx = tp.context_of(text, run, lang) or ctx
                found.append(self._found(text, run, name_key(text[run.start : run.end]), ctx, ()))
                if ctx == tp.CTX_DISTRICT and run.start == p.span.start and text[p.span.end : p.span.end + 1] == " ":
                    # "Chuka Igambangombe constituency": a unit named after the town that opens its
                    # name (spaced, not 'Qala-e-Naw') lies around it; the town may place it (see below)
                    opening_towns.append((run, p))
                continue
            found.append(self._found(text, p.span, p.key, ctx, entries.get(p.key, ())))
            found[-1].sentence_initial = _sentence_initial(text, p.span.start)
        # characters already inside a found name: an unresolved candidate overlapping one is skipped
        # (a mark per character, so the check costs the candidate's length, not the number of names)
        taken = bytearray(len(text))
        for f in found:
            taken[f.toponym.span.start : f.toponym.span.end] = b"\x01" * (f.toponym.span.end - f.toponym.span.start)
        for span, kind in unresolved:
            if any(taken[span.start : span.end]):
                continue
            key = name_key(text[span.start : span.end])
            light = _light_key(text[span.start : span.end])
            if light in self._stop or light in self._country_keys or tp.is_organisation(text[span.start : span.end], lang):
                continue
            ctx = tp.context_of(text, span, lang) or kind
            if ctx == tp.CTX_FEATURE:
                continue
            found.append(self._found(text, span, key, ctx, entries.get(key, ())))
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
        unique = {(f.toponym.span.start, f.toponym.span.end): f for f in found}
        found = sorted(unique.values(), key=lambda f: f.toponym.span.start)

        # "Songkhla's Thepha district": the possessor is a cue for the place it owns.
        for i, f in enumerate(found[1:], start=1):
            g = found[i - 1]
            between = text[g.toponym.span.end : f.toponym.span.start]
            if (between in ("'s ", "’s ") or tp.unit_possessive(between, lang)) and g.cue_of is None and _could_contain(g, f):
                g.cue_of = i
                f.cues.append(i - 1)
        # "X (Y)", "X (Y, Z)", "X, Y": Y is a cue for X's admin unit, not a separate event place.
        for i, f in enumerate(found):
            for cue_span in tp.cue_spans_after(text, f.toponym.span, lang):
                in_parens = text[cue_span.start - 1 : cue_span.start] == "("
                # ", Y" alone is the weakest cue: "In Homa Bay, Nasa supporters ..." lists no province.
                between = text[f.toponym.span.end : cue_span.start]
                strict = not in_parens and "," in between and not any(ch.isalpha() for ch in between.split(",")[-1])
                for j in range(i + 1, len(found)):
                    g = found[j]
                    if g.toponym.span.start >= cue_span.end:
                        break
                    if g.toponym.span.end <= cue_span.start:
                        continue  # a name before the span: the parenthesised one before "region of Dahuk"
                    if not in_parens and g.toponym.span.start != cue_span.start:
                        break  # ", Y" / " in Y": only a name right there
                    if g.toponym.span.start >= cue_span.start and g.cue_of is None and _could_contain(g, f, strict):
                        g.cue_of = i
                        f.cues.append(j)
                    if not in_parens:
                        break
        self._place_units_by_town(text, found, opening_towns, entries)
        return found, country_votes, frozenset(named), _CoMentions(found), worded

    def _place_units_by_town(self, text: str, found: list[_Found], opening_towns: list[tuple[Span, tp.Phrase]],
                             entries: Mapping[str, tuple[GazetteerEntry, ...]]) -> None:
        """An unknown unit named after a town ("a mob in Chuka Igambangombe constituency") that the text
        places nowhere else is placed by that town, spelt as the gazetteer spells it: the town becomes the
        unit's cue, so that the event falls back to it at geo_precision 2 with the unit's name kept."""
        for run, part in opening_towns:
            unit = next((i for i, f in enumerate(found) if f.toponym.span == run and not f.entries), None)
            if unit is None or found[unit].cues or found[unit].cue_of is not None:
                continue
            light = _light_key(text[part.span.start : part.span.end])
            towns = tuple(e for e in entries.get(part.key, ())
                          if e.kind == KIND_CITY and light in _entry_lights(e.name, e.location))
            if not towns:
                continue
            for f in found:  # the names after the unit move one place on
                f.cues = [j + 1 if j > unit else j for j in f.cues]
                if f.cue_of is not None and f.cue_of > unit:
                    f.cue_of += 1
            town = self._found(text, part.span, part.key, found[unit].toponym.context, towns)
            town.cue_of = unit
            found.insert(unit + 1, town)
            found[unit].cues.append(unit + 1)

    @staticmethod
    def _select_matches(phrases: list[tp.Phrase], entries: Mapping[str, tuple[GazetteerEntry, ...]]) -> list[tp.Phrase]:
        """The longest known phrases; names only a places-xx extra knows fill the gaps the main data
        leaves ('Gatundu South' never hides the town 'Gatundu' the main data knows)."""
        main = {k for k, es in entries.items() if any(not e.source.startswith(EXTRA_SOURCE_PREFIX) for e in es)}
        matches = tp.select_matches(phrases, main)
        if len(main) == len(entries):
            return matches
        taken = [(m.span.start, m.span.end) for m in matches]
        rest = [p for p in phrases if p.key not in main and p.key in entries
                and not any(p.span.start < end and start < p.span.end for start, end in taken)]
        return sorted(matches + tp.select_matches(rest, set(entries) - main), key=lambda p: p.span.start)

    @staticmethod
    def _big_city_spelt(light: str, entries: tuple[GazetteerEntry, ...]) -> bool:
        """Whether one of ``entries`` is a big city spelt as written (``light``)."""
        return any(e.kind == KIND_CITY and e.population >= _LOOK_ALIKE_POPULATION and light in _entry_lights(e.name, e.location)
                   for e in entries)

    def _lookup(self, keys: set[str]) -> dict[str, tuple[GazetteerEntry, ...]]:
        """``gazetteer.lookup`` through the geocoder's key cache (an absent key is remembered as ())."""
        known = self._known
        missing = [k for k in keys if k not in known]
        if missing:
            found = self.gazetteer.lookup(missing)
            with self._known_lock:
                if len(known) + len(missing) > _KEYS_KEPT:
                    known.clear()  # a bound on memory; the next reports refill it
                for k in missing:
                    known[k] = found.get(k, ())
        out = {}
        for k in keys:
            hit = known.get(k)
            if hit is None:  # cleared by another thread meanwhile
                hit = self.gazetteer.lookup([k]).get(k, ())
            if hit:
                out[k] = hit
        return out

    def _is_stop(self, word: str) -> bool:
        light = _light_key(word)
        return light in self._stop or self._country_code(light) is not None

    def _country_code(self, light: str) -> str | None:
        """The country a light key names (a name, alias or demonym), also written as a possessive without
        its mark ("Kenyas Lamu region")."""
        code = self._country_keys.get(light)
        if code is None and light.endswith("s") and light[:-1] not in self._demonym_light:
            code = self._country_keys.get(light[:-1])
        return code

    @staticmethod
    def _found(text: str, span: Span, key: str, ctx: str, entries: tuple[GazetteerEntry, ...]) -> _Found:
        toponym = tp.Toponym(text[span.start : span.end], span, key, ctx)
        return _Found(toponym, _fallback_last(entries), light=_light_key(toponym.text),
                      arabic=is_arabic_script(toponym.text))

    # -- resolution ---------------------------------------------------------------------------------

    def _country_prior(self, votes: Mapping[str, float], hint_code: str | None) -> dict[str, float]:
        total = sum(votes.values()) or 1.0
        top = max(votes.values(), default=0.0)
        # Countries with a small share of the evidence are passing mentions, not the report's subject.
        prior = {code: 2.0 * v / total + (0.5 if v >= 2 else 0.0) for code, v in votes.items() if v >= 0.4 * top}
        if hint_code:
            prior[hint_code] = prior.get(hint_code, 0.0) + 2.5
        return prior

    def _resolve_all(self, found: list[_Found], prior: dict[str, float], firm: frozenset[str] | set[str],
                     co_mentions: _CoMentions, regions: frozenset[tuple[str, str]] = frozenset(),
                     named: frozenset[str] = frozenset()) -> None:
        """Score every name's candidates under ``prior``; ``firm``: the countries named by name or by
        their places (the others of the prior rest on demonyms or the caller's hint)."""
        # Admin units the text names (as best resolved so far) support the towns inside them.
        text_admin1: set[tuple[str, str | None]] = set(regions)  # and those its region cues name
        for f in found:
            if f.scored and f.accepted:
                e = f.scored[0].entry
                text_admin1.add((e.country_code, e.admin1_code))
        for i, f in enumerate(found):
            cue_entries = [e for j in f.cues for e in found[j].entries]
            cued_entries = list(found[f.cue_of].entries) if f.cue_of is not None else []
            support = co_mentions.support(f.toponym.key)
            entries = [e for e in f.entries if self._credible(e, f, prior, support, firm)]
            units = [c for c in cue_entries if c.kind != KIND_COUNTRY]  # the units the text places it in
            if f.cue_of is not None:
                # "(N-Dali, Borgou)": each cue lies inside the ones after it.
                outer = [e for j in found[f.cue_of].cues if found[j].toponym.span.start > f.toponym.span.start
                         for e in found[j].entries if e.kind in (KIND_ADMIN1, KIND_COUNTRY)]
                if outer:
                    entries = [e for e in entries if any(_inside(e, c) or e.id == c.id for c in outer)]
                    units += [c for c in outer if c.kind == KIND_ADMIN1]
            # "Ar Rubat area of Tuban district (Lahij)": the province that frames the name's own unit
            # frames the name too, and bounds it where the gazetteer lacks that unit
            framing = [e for j in f.cues for k in found[j].cues if k != i
                       for e in found[k].entries if e.kind == KIND_ADMIN1 and _names_itself(found[k], e)]
            if framing and not any(_inside(e, c) for e in cue_entries for c in framing):
                cue_entries += framing
            admin_cues = [c for c in cue_entries if c.kind in (KIND_ADMIN1, KIND_ADMIN2)]
            if admin_cues:
                # "Hamra (Lahij)": a candidate outside the named unit is another place
                # of the same name; better unresolved (and placed by its cue) than placed abroad.
                # A candidate just across the unit's line stays: sources draw admin lines differently
                # ("Janzur (Tripoli)", where GeoNames has Janzur in Jafara).
                # So does one closely spelt across a border the sources draw differently ('Kfar Aqab north
                # of Jerusalem', Palestine's, by the unit of Israel's Jerusalem).
                entries = [e for e in entries if any(_inside(e, c, loose=True) for c in cue_entries)
                           or any(_within(e, c, _NEAR_CUE_KM, across=_close_spelling(f, e)) for c in admin_cues)]
            own_name_countries = frozenset(e.country_code for e in entries if _names_itself(f, e) and _close_spelling(f, e))
            f.scored = tuple(
                sorted(
                    (ScoredCandidate(e, self._score(e, f, prior, text_admin1, cue_entries, cued_entries,
                                                    own_name_countries, named)
                                     + support.get(e.country_code, 0.0))
                     for e in entries),
                    key=lambda c: -c.score,
                )
            )
            f.accepted = self._accept(f, prior) or (
                # "Tal Tamer in the countryside of Ras al-Ain", "Zap (Amadiya) region of Dahuk": the text
                # places the name inside a unit where the gazetteer has it, however small the village
                bool(f.scored) and f.toponym.context == tp.CTX_NONE and not f.sentence_initial
                and f.scored[0].entry.country_code in prior and any(_inside(f.scored[0].entry, c) for c in units))

    @staticmethod
    def _credible(e: GazetteerEntry, f: _Found, prior: dict[str, float], support: dict[str, float],
                  firm: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether a candidate may stand at all, given the report's countries.

        Once the report says which country it is about, a same-spelled village abroad is a collision
        of folded keys ('Karam' ~ 'Karaj'), unless the name is exactly a large place's own name
        ('talks in Moscow').
        """
        literal = _literal(f, e)
        if e.source.startswith(EXTRA_SOURCE_PREFIX):
            # a places-xx extra's village or ward: read only in a report about its country
            return e.country_code in prior and max(prior, key=lambda c: prior[c]) == e.country_code
        if e.kind == KIND_COUNTRY or (literal and e.kind == KIND_ADMIN1):
            return True  # 'Helmand' is Afghan whatever a stray acronym made of the report's country
        if not prior:
            # No country evidence at all: a folded spelling of a small place abroad ('Kibera' ~ 'Kibara')
            # is a guess, not a reading; a literal name, or a sizeable town, still stands.
            # A big city stands for a folded spelling only when the spelling is still like its name:
            # 'Mathare' folds to a key of Marsa Matruh, 'Teso' to one of Dezhou.
            return (literal or (e.population >= _LOOK_ALIKE_POPULATION and _spelling_like(f, e))
                    or (e.population >= 20_000 and _close_spelling(f, e))
                    # the one place of its name anywhere, closely spelt, where the text says a place is
                    # ("their base in Shadadah" is Syria's Ash Shaddadah); the one place of its key at
                    # all, if only spelt like it ('in Braytal' is Brîtel, which is also written so)
                    or (f.toponym.context in _SCENE_CONTEXTS
                        and (_close_spelling(f, e) or (len(f.entries) == 1 and _spelling_like(f, e)))
                        and all(c.country_code == e.country_code for c in f.entries
                                if not c.source.startswith(EXTRA_SOURCE_PREFIX))))
        top = max(prior.items(), key=lambda kv: kv[1])[0]
        if e.country_code == top:
            return True
        if (literal and top not in firm and e.population >= _LITERAL_ABROAD_POPULATION
                and not any(c.country_code == top for c in f.entries)):
            # the name as the gazetteer spells it, with no namesake in a country only a demonym or the
            # hint suggests: the place itself ("Turkish forces closed Afrin's entrances" is Syria's Afrin)
            return True
        if (e.source.startswith("supplement") and _close_spelling(f, e)
                and not any(c.country_code == top and _names_itself(f, c) for c in f.entries)):
            # a curated conflict place closely spelt, which no place of the report's country is called
            # ('Silwan' beside Israeli police, 'Ras al Ain' beside Turkish-backed factions)
            return True
        if not literal and e.population < 10_000:
            return False  # 'Fakkeh' in a Syrian report is not 'Feke' in Turkey, named there as an actor's home
        if e.country_code in prior or support.get(e.country_code, 0.0) >= 0.4:
            return True  # other names of the report point there too ('Turkish forces' shelling in Syria)
        # ... unless the name is exactly a large place's own name ('talks in Moscow').
        return literal and e.population >= 50_000

    def _score(self, e: GazetteerEntry, f: _Found, prior: dict[str, float],
               text_admin1: set[tuple[str, str | None]], cue_entries: list[GazetteerEntry],
               cued_entries: list[GazetteerEntry], own_name_countries: frozenset[str] = frozenset(),
               named: frozenset[str] = frozenset()) -> float:
        """A candidate's score; ``own_name_countries``: the countries of the credible candidates whose own
        name the text writes; ``named``: the countries the text names by name."""
        ctx = f.toponym.context
        s = 0.3 * math.log10(e.population + 10)
        s += 1.5 * prior.get(e.country_code, 0.0)
        if cue_entries:
            if any(_inside(e, c) for c in cue_entries):
                s += 4.0
            elif e.kind not in (KIND_COUNTRY,):
                s -= 1.0
        if f.cue_of is not None:
            s += 2.0 if e.kind in (KIND_ADMIN1, KIND_ADMIN2) else 0.0
            if any(_inside(c, e) for c in cued_entries):
                s += 3.0
        if e.kind not in (KIND_ADMIN1, KIND_COUNTRY) and (e.country_code, e.admin1_code) in text_admin1:
            s += 0.7
        if ctx == tp.CTX_PROVINCE:
            s += {KIND_ADMIN1: 3.0, KIND_ADMIN2: 1.0}.get(e.kind, 0.0)
        elif ctx == tp.CTX_DISTRICT:
            s += {KIND_ADMIN2: 3.0, KIND_ADMIN1: 0.5}.get(e.kind, 1.0 if e.population > 0 else 0.5)
        elif ctx in (tp.CTX_TOWN, tp.CTX_NEIGHBOURHOOD):
            s += 1.0 if e.kind not in _SPECIFICITY else -1.0
        else:
            # Bare names: ACLED reads an ambiguous 'Kandahar' as the town, not the province or district.
            s += 0.4 if e.kind == KIND_CITY else 0.2 if e.kind == KIND_ADMIN1 else -0.6 if e.kind == KIND_ADMIN2 else 0.0
        if e.source.startswith("supplement"):
            s += 1.0
        elif e.source.startswith(EXTRA_SOURCE_PREFIX):
            s -= 1.0  # a fallback: a GeoNames place of the same name and country comes first
        if name_key(e.name) == f.toponym.key or name_key(e.location) == f.toponym.key:
            s += 0.5
            # Spelt exactly as written ('Embu', not 'Ambo'; 'El Mina', not 'Minna'): the key's folding
            # joins transliterations, but the literal spelling is the better witness.
            # Per area, so that the town and the province of one name stay ranked as before.
            if (e.country_code, e.admin1_code) in _literal_areas(f):
                s += 2.0
        elif (e.country_code not in named and own_name_countries - {e.country_code}
              and not _unit_of_name(f, e, self.lang)):
            # the name is only another name of this place ('Ras al Ain' for Turkey's Ceylanpinar, across the
            # border), in a country the text does not name: a place abroad whose own name it is comes first
            # (in one country, 'Idleb city' is still Idlib beside the province of Idleb; a unit's name
            # carries its noun, 'Bannu District')
            s -= _ALIAS_ONLY_PENALTY
        return s

    def _accept(self, f: _Found, prior: dict[str, float]) -> bool:
        """Whether a match is a place mention at all, rather than a capitalised word that a village shares."""
        if not f.scored:
            # Unresolved, but marked as a place by its context ("the village of X", "in X (Abyan)").
            return f.toponym.context in _STRONG_CONTEXTS or (f.toponym.context == tp.CTX_IN and bool(f.cues))
        best = f.scored[0].entry
        if f.toponym.context not in (tp.CTX_NONE, tp.CTX_ORGANISATION):
            return True
        if (f.cue_of is not None or f.cues) and best.kind in (KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY):
            return True
        if best.kind in (KIND_COUNTRY, KIND_ADMIN1) or best.source.startswith("supplement"):
            return True
        if any(c.entry.kind == KIND_ADMIN1 and _spelt_as(f, c.entry) for c in f.scored):
            return True  # a province's own name ('Marsabit residents protest'), even where its town ranks first
        if best.source.startswith(EXTRA_SOURCE_PREFIX):
            return False  # an extra's ward or locality needs the text to say it is a place ("in X")
        if f.sentence_initial and best.country_code not in prior:
            return False  # a capitalised sentence opener is weak evidence of a name
        if best.country_code in prior and (best.population >= 1000 or best.kind == KIND_ADMIN2):
            return True
        # Arabic-script keys fold little, so a match on one is as good as an exact English name.
        exact = (name_key(best.name) == f.toponym.key or name_key(best.location) == f.toponym.key
                 or f.arabic)
        # A name of several words ('Homa Bay') is rarely an ordinary capitalised phrase by chance.
        multiword = len(f.toponym.text.split()) >= 2 and not f.sentence_initial
        return exact and (best.population >= 30_000 or (multiword and best.population >= 10_000))

    def _fuzzy_fill(self, found: list[_Found], prior: dict[str, float]) -> bool:
        """Give unresolved, place-marked names their closest spelling inside the admin unit their cue
        names ('Chardara district, Kunduz' ~ 'Char Dara'); True when something was filled."""
        lookup_area = getattr(self.gazetteer, "keys_in_area", None)
        if lookup_area is None:
            return False
        try:
            from rapidfuzz import fuzz, process
        except ImportError:  # an optional speed-up of spelling repair; exact matching works without it
            return False
        filled = False
        for f in found:
            if f.entries or len(f.toponym.key) < 4 or not (f.accepted or f.toponym.context in _SCENE_CONTEXTS):
                continue
            areas: set[tuple[str, str | None]] = {
                (e.country_code, e.admin1_code) for j in f.cues for e in (c.entry for c in found[j].scored[:1])
                if e.kind != KIND_COUNTRY and e.admin1_code}
            cutoff = 85
            if areas and not f.accepted:
                continue
            if not areas:
                # no unit named: a town the text says is the scene ("protests in Jaleshwor"), spelt
                # closely like one of the report's own country's places ('Jaleswar'), and only that close
                home = _dominant(prior)
                if (home is None or f.cues or f.cue_of is not None or f.toponym.context not in _SCENE_CONTEXTS
                        or len(f.toponym.key) < _COUNTRY_FILL_KEY):
                    continue
                # among the provinces the text names, if it names any ("the Dehqanan area ..., Ghazni")
                provinces = {(e.country_code, e.admin1_code) for g in found if g.scored and g.accepted
                             for e in (g.scored[0].entry,) if e.kind == KIND_ADMIN1 and e.country_code == home}
                areas, cutoff = provinces or {(home, None)}, _COUNTRY_FILL_CUTOFF
            best: tuple[float, str, str, str | None] | None = None
            for cc, a1 in areas:
                # Same first letter, and close: 'Misrin' must not become 'Sarmin' next door.
                initial = f.toponym.key[:1]
                same_initial = lookup_area(cc, a1, initial if a1 is None else None).get(initial, ())
                hit = process.extractOne(f.toponym.key, same_initial, scorer=fuzz.ratio, score_cutoff=cutoff)
                if hit and (best is None or hit[1] > best[0]):
                    best = (hit[1], hit[0], cc, a1)
            if best is not None:
                _, key, cc, a1 = best
                entries = tuple(e for e in self._lookup({key}).get(key, ())
                                if e.country_code == cc and (a1 is None or e.admin1_code == a1))
                if entries:
                    f.entries, f.literal_areas = entries, None
                    filled = True
        return filled

    # -- choosing the event place ---------------------------------------------------------------------

    def _choose_event_place(self, text: str, found: list[_Found], in_focus: list[bool], prior: dict[str, float],
                            hint_code: str | None, named: frozenset[str] = frozenset(),
                            lone: Mapping[str, str] | None = None) -> Place | None:
        mentions = [f for f in found if f.accepted]
        if not mentions:
            return None
        pool = [f for f, focused in zip(found, in_focus, strict=True) if f.accepted and focused] or mentions
        repeats = Counter(f.scored[0].entry.id for f in mentions if f.scored)
        # the provinces the text names: a place outside all of them in their country is another place's
        # namesake ("in Playa del Carmen, Quintana Roo, ... in Colonia El Pedregal" is not Guerrero's)
        named_admin1: defaultdict[str, set[str | None]] = defaultdict(set)
        for f in mentions:
            if f.scored and f.scored[0].entry.kind == KIND_ADMIN1:
                named_admin1[f.scored[0].entry.country_code].add(f.scored[0].entry.admin1_code)
        home = _dominant(prior)
        # a cue whose place was not taken for a place ("Sangam in Anantnag", Sangam unknown) is the place
        orphans = {id(f) for f in mentions if f.cue_of is not None and not found[f.cue_of].accepted}
        ranked = sorted(enumerate(pool), key=lambda ie: -self._event_rank(
            text, ie[1], ie[0], repeats, named_admin1, home, named | set(prior), id(ie[1]) in orphans, lone or {}))
        best = ranked[0][1]
        if best.scored:
            return self._place_from(best, best.scored[0].entry, found)
        # The best-marked name is unknown: fall back to a resolved place that contains or is near it
        # (its cue, then the best resolved mention), so one unknown village never wipes the rest.
        # Its cues first, and theirs in turn ("the Maidanak village of Barrah-Khanah area, Chaghcharan
        # city, Ghor": Chaghcharan, not the province).
        queue, seen = list(best.cues), set()
        while queue:
            j = queue.pop(0)
            if j in seen:
                continue
            seen.add(j)
            if found[j].scored:
                return self._place_from(found[j], found[j].scored[0].entry, found, fallback_for=best)
            queue.extend(found[j].cues)
        # then the known place an unknown one is placed in ("Barrah-Khanah area, Chaghcharan city")
        resolved = [(i, f) for i, f in ranked if f.scored and f.cue_of is not None and not found[f.cue_of].scored
                    and found[f.cue_of].accepted]
        # then a known place named right after it in its phrase ("near the village of Nerkin Hand in the southern
        # province of Syunik"), before the dateline's city or a place named elsewhere
        resolved = resolved or [(i, f) for i, f in ranked if f.scored and f.cue_of is None
                                and 0 <= f.toponym.span.start - best.toponym.span.end <= _SAME_PHRASE
                                and not any(ch in text[best.toponym.span.end : f.toponym.span.start] for ch in ".;\n")]
        resolved = resolved or [(i, f) for i, f in ranked if f.scored and f.cue_of is None]
        resolved = resolved or [(i, f) for i, f in enumerate(mentions) if f.scored]
        if resolved:
            f = resolved[0][1]
            return self._place_from(f, f.scored[0].entry, found, fallback_for=best)
        country = self._countries.get(hint_code or "") if hint_code else None
        if country is None and prior:
            code = max(prior.items(), key=lambda kv: kv[1])[0]
            country = self._countries.get(code)
        return Place(location=best.toponym.text, country=country.name if country else None,
                     span=best.toponym.span, resolved=False, unresolved_name=best.toponym.text,
                     unresolved_span=best.toponym.span)

    def _event_rank(self, text: str, f: _Found, order: int, repeats: Counter[int],
                    named_admin1: Mapping[str, set[str | None]], home: str | None = None,
                    named: frozenset[str] | set[str] = frozenset(), orphan_cue: bool = False,
                    lone: Mapping[str, str] | None = None) -> float:
        r = f.text_rank
        if r is None:  # the same for every incident of the report: read once
            r = 0.0
            if tp.is_dateline(text, f.toponym.span):
                r += 1.0  # where the reporter files from: a hint, weaker than "in the town of X"
            if tp.is_metonymy(text, f.toponym.span, self.lang):
                r -= 3.0
            if tp.is_destination(text, f.toponym.span, self.lang):
                r -= 1.5  # "on its way to Birgunj": where things happened comes first
            f.text_rank = r
        if f.toponym.context == tp.CTX_ORGANISATION:
            r -= 1.5  # named after the place, and the scene only when the text names no other
        if f.scored:
            r += min(1.5, 0.3 * (repeats[f.scored[0].entry.id] - 1))
        if f.cue_of is not None and not orphan_cue:
            r -= 5.0  # a parenthesised/comma admin cue describes the place before it
        ctx = f.toponym.context
        r += {tp.CTX_TOWN: 2.0, tp.CTX_NEIGHBOURHOOD: 2.5, tp.CTX_NEAR: 1.5, tp.CTX_IN: 1.5,
              tp.CTX_DISTRICT: 1.5, tp.CTX_PROVINCE: 0.5, tp.CTX_ROAD: 0.5, tp.CTX_HASHTAG: 1.0}.get(ctx, 0.0)
        if f.scored:
            entry = f.scored[0].entry
            r += 0.6 * _SPECIFICITY.get(entry.kind, 3)
            r += 0.5
            if entry.kind == KIND_COUNTRY:
                r -= 1.5  # "northern Iraq" frames the report; it is the event place only when nothing else is
            if entry.source.startswith(EXTRA_SOURCE_PREFIX):
                r -= 1.0  # a fallback: a place the main data knows comes first
            # (only where the home country has evidence of its own, not one name's reading too)
            witness = (lone or {}).get(entry.country_code) if home not in (lone or {}) else None
            if home is not None and entry.country_code != home and (entry.country_code not in named or witness):
                # a namesake abroad ('near Roma' in a Syrian report) never before a home reading, nor one
                # whose country only one name's reading says (its own most of all)
                r -= 3.0 if witness == f.light else 2.0
            provinces = named_admin1.get(entry.country_code)
            if provinces and entry.kind != KIND_ADMIN1 and entry.admin1_code not in provinces:
                r -= 1.0
        elif ctx in (tp.CTX_TOWN, tp.CTX_NEIGHBOURHOOD):
            r += 0.6 * 3
        else:
            r += 0.6 * 2
        return r - 0.05 * order

    def _place_from(self, f: _Found, e: GazetteerEntry, found: list[_Found],
                    fallback_for: _Found | None = None) -> Place:
        ctx = f.toponym.context
        if e.kind == KIND_COUNTRY:
            precision = 3
        elif e.kind == KIND_ADMIN1:
            precision = 3 if ctx != tp.CTX_NEAR else 2
        elif e.kind == KIND_ADMIN2:
            precision = 2
        elif ctx in (tp.CTX_NEAR, tp.CTX_DISTRICT):
            precision = max(2, e.precision)  # "Rueso district": the district, placed at its town
        else:
            precision = e.precision
        if fallback_for is not None and precision < 3:
            precision = 2  # an unknown village inside or near a known place
        country = self._countries.get(e.country_code)
        admin1 = e.admin1
        if admin1 is None and e.admin1_code:
            unit = self._admin1.get((e.country_code, e.admin1_code))
            admin1 = unit.location if unit else None
        if e.kind == KIND_ADMIN1:
            admin1 = e.location
        elif e.kind == KIND_COUNTRY:
            admin1 = self._capital_admin1(country) if country is not None else None  # it stands at its capital
        else:
            # "Janzur (Tripoli)" where the gazetteer draws Janzur just outside: the province the text names
            named = [c for j in f.cues for c in found[j].scored[:1]
                     if c.entry.kind == KIND_ADMIN1 and c.entry.country_code == e.country_code]
            if named and named[0].entry.admin1_code != e.admin1_code:
                admin1 = named[0].entry.location
        # where ACLED names other units than the country's current provinces (Nepal's regions)
        by_unit = acled_admin1_by_unit()
        for unit in (e.admin2, e.location if e.kind == KIND_ADMIN2 else None, admin1):
            acled = by_unit.get((e.country_code, name_key(unit))) if unit else None
            if acled is not None:
                admin1 = acled
                break
        at = _seat_of(f, e) if e.kind == KIND_ADMIN2 else e
        return Place(
            location=plain(at.location),
            country=country.name if country else None,
            admin1=admin1,
            admin2=e.admin2,
            latitude=at.latitude,
            longitude=at.longitude,
            geo_precision=precision,
            geonames_id=at.geonames_id,
            span=f.toponym.span,
            resolved=e.latitude is not None,
            unresolved_name=fallback_for.toponym.text if fallback_for is not None else None,
            unresolved_span=fallback_for.toponym.span if fallback_for is not None else None,
        )




# A neighbourhood lies in its city: a quarter's reading this far from every town the text names is a
# namesake town elsewhere ("in Belem, Para, ... in Guama neighborhood" is not Sao Miguel do Guama).
_QUARTER_REACH_KM = 30.0
_QUARTER_OF_REACH_KM = 12.0  # "X neighbourhood of Y": X this close to the town Y the text puts it in


def _drop_distant_quarters(text: str, found: list[_Found], lang: str) -> None:
    """Leave unresolved a name the text calls a neighbourhood ("Guama neighborhood") whose reading is a
    town far from every other town it names (the event then falls back to the town it names). "A
    neighbourhood of Culiacan" names the city the quarter is in, and a big city is no quarter's namesake."""
    for f, city in zip(found, found[1:], strict=False):
        # "Maltepe neighborhood of Zeytinburnu": the quarter lies in the town the text names after it; a
        # reading of its name farther away, however big, is another place, and the event is the town's
        if (f.scored and city.scored and f.accepted and city.accepted
                and tp.quarter_of_next(text, f.toponym.span, city.toponym.span, lang)):
            e, town = f.scored[0].entry, city.scored[0].entry
            if e.id != town.id and not _within(e, town, _QUARTER_OF_REACH_KM, across=True):
                f.scored = ()
    towns = [f.scored[0].entry for f in found if f.accepted and f.scored and f.toponym.context != tp.CTX_NEIGHBOURHOOD
             and f.scored[0].entry.kind == KIND_CITY and f.scored[0].entry.latitude is not None]
    if not towns:
        return
    for f in found:
        if f.toponym.context != tp.CTX_NEIGHBOURHOOD or not f.scored or not f.accepted:
            continue
        e = f.scored[0].entry
        if (e.kind != KIND_CITY or e.latitude is None or e.longitude is None or e.population >= _LOOK_ALIKE_POPULATION
                or not tp.quarter_named_after(text, f.toponym.span, lang)):
            continue
        near = [t for t in towns if t.id != e.id and t.country_code == e.country_code]
        if near and all(_km(e, t) > _QUARTER_REACH_KM for t in near):
            f.scored = ()


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    return _distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _distance_km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float:
    la1, lo1, la2, lo2 = (math.radians(float(x or 0.0)) for x in (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _within(a: GazetteerEntry, b: GazetteerEntry, km: float, across: bool = False) -> bool:
    """Whether two places of one country (of any, ``across``), both with coordinates, lie within ``km``
    of each other."""
    return ((across or a.country_code == b.country_code)
            and None not in (a.latitude, a.longitude, b.latitude, b.longitude) and _km(a, b) <= km)


def _seat_of(f: _Found, district: GazetteerEntry) -> GazetteerEntry:
    """Where a district named after its town stands: the town of its name in it ("Siraha district" is
    placed at Siraha, as ACLED places a district by its main town), else the district's own point."""
    key = name_key(district.location)
    for c in f.scored:
        e = c.entry
        if (e.kind == KIND_CITY and e.latitude is not None and e.country_code == district.country_code
                and e.admin1_code == district.admin1_code and key in (name_key(e.location), name_key(e.name), f.toponym.key)):
            return e
    return district


def _fallback_last(entries: tuple[GazetteerEntry, ...]) -> tuple[GazetteerEntry, ...]:
    """A name's candidates, a places-xx extra's only where the main data has no place of that name in
    the extra's country (a village abroad of the same name does not hide the ward)."""
    main = tuple(e for e in entries if not e.source.startswith(EXTRA_SOURCE_PREFIX))
    if len(main) == len(entries):
        return entries
    countries = {e.country_code for e in main}
    return main + tuple(e for e in entries if e.source.startswith(EXTRA_SOURCE_PREFIX) and e.country_code not in countries)


def _hint_agrees(reading: _Reading, hint_code: str) -> bool:
    """Whether a reading made without a hint is already the reading under ``hint_code``: the hinted
    country is the only one of its evidence, and every name it read is read there."""
    return set(reading.prior) == {hint_code} and all(
        f.scored[0].entry.country_code == hint_code for f in reading.found if f.scored)


def _dominant(prior: Mapping[str, float]) -> str | None:
    """The report's home country when its evidence clearly leads (half as much again as the next)."""
    if not prior:
        return None
    ranked = sorted(prior.values(), reverse=True)
    top = max(prior, key=lambda c: prior[c])
    return top if len(ranked) == 1 or ranked[0] >= 1.5 * ranked[1] else None


@lru_cache(maxsize=200_000)
def _light_key(name: str) -> str:
    return "".join(ch for ch in plain(name).lower() if ch.isalnum())


def _spelt_as(f: _Found, e: GazetteerEntry) -> bool:
    """Whether the text writes the candidate's own name or location letter for letter (case and marks aside)."""
    return f.light in _entry_lights(e.name, e.location)


@lru_cache(maxsize=200_000)
def _entry_lights(name: str, location: str) -> tuple[str, str]:
    return _light_key(name), _light_key(location)


@lru_cache(maxsize=100_000)
def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, "".join(latin_tokens(a)), "".join(latin_tokens(b))).ratio()


def _close_spelling(f: _Found, e: GazetteerEntry) -> bool:
    """Whether the text writes the candidate's name letter for letter or as a close transliteration
    ('Darna' for 'Darnah'), rather than as a word that only folds to the same key ('Khab', 'Cheb')."""
    if _literal(f, e):
        return True
    return max(_similarity(f.toponym.text, e.name), _similarity(f.toponym.text, e.location)) >= _CLOSE_SPELLING


def _names_itself(f: _Found, e: GazetteerEntry) -> bool:
    """Whether the written name folds to the candidate's own name or location (not to another of its names)."""
    return f.toponym.key in (name_key(e.name), name_key(e.location))


def _unit_of_name(f: _Found, e: GazetteerEntry, lang: str) -> bool:
    """Whether ``e`` is an admin unit named by the written name and its unit noun ('Bannu District')."""
    if e.kind not in (KIND_ADMIN1, KIND_ADMIN2):
        return False
    words = e.name.split()
    return (len(words) > 1 and words[-1].lower() in tp.lexicon(lang).admin_nouns
            and name_key(" ".join(words[:-1])) == f.toponym.key)


def _spelling_like(f: _Found, e: GazetteerEntry) -> bool:
    """Whether the written name is at least like the candidate's name (see ``_LIKE_SPELLING``)."""
    return max(_similarity(f.toponym.text, e.name), _similarity(f.toponym.text, e.location)) >= _LIKE_SPELLING


def _literal(f: _Found, e: GazetteerEntry) -> bool:
    """Whether the text spells the candidate's own name, not just a folded variant of it (Arabic-script
    keys fold little, so a match on one counts as literal)."""
    return f.arabic or _spelt_as(f, e)


def _literal_areas(f: _Found) -> frozenset[tuple[str, str | None]]:
    """(country, admin1) of the candidates spelt exactly as the text writes the name."""
    if f.literal_areas is None:
        f.literal_areas = frozenset((e.country_code, e.admin1_code) for e in f.entries if _spelt_as(f, e))
    return f.literal_areas


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:\n"


def _inside(e: GazetteerEntry, container: GazetteerEntry, loose: bool = False) -> bool:
    """Whether place ``e`` lies in admin unit / country ``container`` (by codes and names).

    ``loose``: a district container also accepts anything in its province (district data is patchy).
    """
    if e.country_code != container.country_code:
        return False
    if loose and container.kind == KIND_ADMIN2 and e.admin1_code and e.admin1_code == container.admin1_code:
        return True
    if container.kind == KIND_COUNTRY:
        return True
    if container.kind == KIND_ADMIN1:
        return e.admin1_code is not None and e.admin1_code == container.admin1_code and e.kind != KIND_ADMIN1
    if container.kind == KIND_ADMIN2:
        return e.admin2 is not None and name_key(e.admin2) == name_key(container.location or "")
    # A town as cue ("Halku (Qamishli)"): same admin1; never the province around it ("the Northern
    # Sinai town of Arish" names the town inside the province, not the province inside the town).
    return (e.admin1_code is not None and e.admin1_code == container.admin1_code and e.id != container.id
            and e.kind not in (KIND_ADMIN1, KIND_COUNTRY))


def _could_contain(cue: _Found, of: _Found, strict: bool = False) -> bool:
    """Whether ``cue`` can be an admin cue for ``of``: it names an admin unit, or a candidate of ``of``
    lies inside one of its candidates. ``strict`` (a bare ", Y"): an admin unit must at least be in the
    country of one of ``of``'s candidates, so that a capitalised word after a comma that happens to
    match a district abroad does not wipe out the place before it."""
    if not cue.entries:
        # An unknown name marked as a district or province ("X area of Nahri Saraj district") is still
        # a cue: spelling repair may find it, and it must not be taken for the event place.
        return cue.toponym.context in (tp.CTX_DISTRICT, tp.CTX_PROVINCE)
    if not of.entries:
        return True
    if not strict and not any(e.country_code == c.country_code for e in of.entries for c in cue.entries):
        return True  # "Debs village in rural Ein Issa": the name's only namesakes are abroad
    admin = [c for c in cue.entries if c.kind in (KIND_ADMIN1, KIND_ADMIN2)]
    if strict:
        admin = [c for c in admin if any(e.country_code == c.country_code for e in of.entries)]
    if admin:
        return True
    return any(_inside(e, c) for e in of.entries for c in cue.entries)


_default_lock = threading.Lock()
_default: Geocoder | None = None


def default_geocoder() -> Geocoder:
    """The process-wide geocoder over the default gazetteer; builds the gazetteer on first use."""
    global _default
    with _default_lock:
        if _default is None:
            from conflictwatch.geo.sources import build_default_gazetteer, is_stale_default

            path = default_gazetteer_path()
            if not path.exists():
                build_default_gazetteer(path)
            try:
                gazetteer = SqliteGazetteer(path)
            except GazetteerSchemaError:
                # the default gazetteer is derived data: an older build is simply rebuilt
                build_default_gazetteer(path)
                gazetteer = SqliteGazetteer(path)
            if is_stale_default(gazetteer.info.source):
                gazetteer.close()
                build_default_gazetteer(path)  # curated data or data packages changed since the build
                gazetteer = SqliteGazetteer(path)
            _default = Geocoder(gazetteer)
        return _default


def reset_default_geocoder() -> None:
    """Forget the cached default geocoder (after a rebuild, or when CONFLICTWATCH_DATA_DIR changes)."""
    global _default
    with _default_lock:
        _default = None


def explain(text: str, focus: Span | None = None, country_hint: str | None = None) -> Explanation:
    """What the default geocoder makes of ``text``: every place name, its scored candidates, the chosen
    event place and the country evidence (for ``conflictwatch geocode TEXT``)."""
    return default_geocoder().explain(text, focus, country_hint)
