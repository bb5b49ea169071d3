"""Toponym detection driven by the gazetteer, not by NER.

Every capitalised (or Arabic-script) run of up to six tokens is a candidate phrase; all candidate
keys of a report go to the gazetteer in one query, and the longest matches win, left to right.
Context patterns around each match ("in the town of X", "X district", "near X", "X (Abyan)")
then say what the words are: a town, a district, a province, a place *near* the event, or an
admin cue for the place before it. Pattern-named places the gazetteer lacks are kept as
unresolved mentions, so that "Sangi village of Chaghcharan district" still yields Chaghcharan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from conflictwatch.geo.normalize import ARTICLES, is_arabic_script, name_key
from conflictwatch.records import Span

MAX_PHRASE_TOKENS = 6

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’ʿʾ`‘](?=[^\W_]))*")
# Lower-case words allowed inside a name: articles and Arabic/Persian/Kurdish name particles.
_CONNECTORS = ARTICLES | {"bin", "ibn", "bani", "beni", "de", "la", "le", "del", "da", "di", "wa", "e", "i", "y",
                          "do", "dos", "das", "du", "des"}  # 'Mato Grosso do Sul', 'Rio de Janeiro'

# Capitalised English words that open sentences but never open a place name: "In Homa Bay" must be
# read as "Homa Bay", not as the longer (and wrong) match "In Homa". Arabic articles (As, At, An) are
# not listed: they do open names ("As Suwayda").
_LEADING_WORDS = frozenset({
    "in", "on", "from", "to", "into", "near", "by", "for", "with", "and", "of", "after", "before", "during",
    "since", "while", "when", "between", "across", "outside", "inside", "around", "over", "under", "the",
    "a", "but", "if", "then", "meanwhile", "also", "later", "earlier", "today", "yesterday", "tonight",
    "elsewhere", "separately", "overnight", "late", "early", "following", "despite", "amid", "along",
    "towards", "toward", "within", "via", "per", "this", "that", "these", "those", "its", "their", "his", "her",
})
# Lower-case connectors that are also English (or Romance) words: they open a name only hyphened to it.
_ENGLISH_CONNECTORS = frozenset({"at", "as", "an", "in", "en", "et", "es", "ed", "il", "a", "e", "i", "y", "de",
                                 "la", "le", "da", "di", "del"})
_FACILITY_NOUNS = frozenset({
    "camp", "refugee camp", "air base", "airbase", "base", "crossing", "border crossing", "prison",
    "airport", "checkpoint", "military airport", "neighborhood", "neighbourhood",
})
# What may separate two tokens of one name: spaces, a hyphen, an apostrophe-like mark.
_JOINER = re.compile(r"^[ \-‐–'’ʿ`]{1,2}$|^ - $")

# Kinds of context, strongest first where they compete.
CTX_NEIGHBOURHOOD = "neighbourhood"
CTX_TOWN = "town"
CTX_DISTRICT = "district"
CTX_PROVINCE = "province"
CTX_NEAR = "near"
CTX_IN = "in"
CTX_ROAD = "road"  # "the Saadnayel highway", "Mombasa residents": a place named, not said to be the scene
CTX_NONE = ""

_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p + r"\s*$", re.IGNORECASE), kind)
    for p, kind in (
        (r"\b(?:neighbou?rhood|quarter|suburb)s? of(?: the)?", CTX_NEIGHBOURHOOD),
        (r"\b(?:town|village|city|hamlet|settlement|locality|camp|port city|border town|area)s? of(?: the)?",
         CTX_TOWN),
        (r"\b(?:residents|inhabitants|villagers|natives|people|youths?|traders) of(?: the)?", CTX_TOWN),
        (r"\b(?:district|sub-?district|county|municipality|nahiya|tehsil|upazila|woreda|subdistrict)s? of",
         CTX_DISTRICT),
        (r"\b(?:province|governorate|region|state|division)s? of", CTX_PROVINCE),
        (r"\b(?:near|nearby|close to|outskirts of|outside|vicinity of|countryside of|periphery of|around|"
         r"surroundings of|suburbs of|environs of|approaches to|(?:the )?road (?:between|to|from)|"
         r"\d+(?:\.\d+)?\s*(?:km|kms|kilometers|kilometres|miles|mi)\s+(?:to the\s+)?" + _DIRECTION + r"\s+of|"
         + _DIRECTION + r"\s+of|(?:in |on )?(?:the )?" + _DIRECTION + r"(?:\s+(?:part|parts|outskirts) of)?)"
         r"(?:\s+the)?(?:\s+(?:town|village|city|area) of)?",
         CTX_NEAR),
        (r"\b(?:in|at|inside|into|from|to|on|across|within|toward|towards|reached|entered|stormed|captured|"
         r"shelled|targeted|hit|struck|besieged)(?:\s+the)?(?:\s+(?:central|downtown|old|greater))?"
         r"(?:\s+(?:city|town|village|area|camp))?", CTX_IN),
    )
)
_AFTER: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"^[\s\-]*" + p + r"\b", re.IGNORECASE), kind)
    for p, kind in (
        (r"(?:neighbou?rhood|quarter|suburb|hay|district of the city)", CTX_NEIGHBOURHOOD),
        (r"(?:countryside|outskirts|environs|surroundings|periphery|vicinity|rural area|suburbs)", CTX_NEAR),
        (r"(?:sub-?district|district|county|municipality|nahiya|tehsil|upazila|woreda|subdistrict|"
         r"local government area|lga)", CTX_DISTRICT),
        (r"(?:province|governorate|region|state|division|oblast|wilayah|prefecture)", CTX_PROVINCE),
        (r"(?:city|town|village|camp|refugee camp|area|checkpoint|crossing|bazaar|market)", CTX_TOWN),
        (r"(?:residents|inhabitants|villagers|townspeople|locals|natives|highway|road|roundabout|junction|"
         r"intersection|bridge|square|street|ring road|bypass)", CTX_ROAD),
    )
)
_AFTER_NEAR_PREFIX = re.compile(r"(?:the\s+)?(?:" + _DIRECTION + r"|rural|eastern|western)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """A candidate phrase: consecutive tokens that could be a place name."""

    span: Span
    key: str
    n_tokens: int


@dataclass(frozen=True)
class Toponym:
    """A place name found in the text, with what its context says about it."""

    text: str
    span: Span
    key: str
    context: str  # one of the CTX_* kinds
    paren_cue_keys: tuple[str, ...] = ()  # keys of names in "(...)" or ", X" right after it
    is_cue: bool = False  # it is itself a parenthesised/comma admin cue of the toponym before it


def _is_capitalised(tok: str) -> bool:
    tok = tok.lstrip("ʿʾ'`‘’ʻ")  # "ʿAyn ʿĪsá": the ʿayn mark comes before the capital
    return tok[:1].isupper() or is_arabic_script(tok)


def _is_acronym(tok: str, text: str, start: int) -> bool:
    """'SDF', 'YPG', 'AQAP': short all-capital words are organisations unless the whole line shouts."""
    if not (tok.isupper() and len(tok) <= 4 and tok.isalpha()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start : line_start + 120]
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) < 0.6 * max(1, len(letters))


def candidate_phrases(text: str) -> list[Phrase]:
    """All runs of up to six tokens that start and end with a capitalised (or Arabic-script) token."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    phrases: list[Phrase] = []
    for i, (start, _, tok) in enumerate(tokens):
        lower_tok = tok.lower()
        if not (_is_capitalised(tok) or lower_tok in _CONNECTORS) or lower_tok in _LEADING_WORDS:
            continue
        if tok in _ENGLISH_CONNECTORS and not (i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == "-"):
            continue  # "protest at Nepal ...": an English word, unless hyphened to the name ("at-Tanf")
        for j in range(i, min(i + MAX_PHRASE_TOKENS, len(tokens))):
            if j > i:
                gap = text[tokens[j - 1][1] : tokens[j][0]]
                if not _JOINER.match(gap):
                    break
                inner = tokens[j][2]
                if not (_is_capitalised(inner) or inner.lower() in _CONNECTORS or inner.isdigit()):
                    break
            last = tokens[j][2]
            if not _is_capitalised(last):
                continue
            if j == i and _is_acronym(tok, text, start):
                break
            end = tokens[j][1]
            if last[-2:] in ("'s", "’s") and len(last) > 3:
                end -= 2  # possessive: "Baghdad's central square"
            key = name_key(text[start:end])
            if key:
                phrases.append(Phrase(Span(start, end), key, j - i + 1))
            # "al-Hol camp", "Hmeimim air base": the supplement knows such names with their noun.
            for k in (1, 2):
                if j + k < len(tokens) and _JOINER.match(text[tokens[j + k - 1][1] : tokens[j + k][0]]):
                    nouns = " ".join(t[2].lower() for t in tokens[j + 1 : j + k + 1])
                    if nouns in _FACILITY_NOUNS:
                        end_k = tokens[j + k][1]
                        phrases.append(Phrase(Span(start, end_k), name_key(text[start:end_k]), j - i + 1 + k))
    return phrases


_NAME_BREAKERS = frozenset({
    "province", "provinces", "district", "districts", "governorate", "governorates", "city", "town", "village",
    "camp", "area", "region", "county", "state", "road", "highway", "street", "square", "bridge", "market",
    "mosque", "airport", "hospital", "university", "prison", "checkpoint", "crossing", "base", "airbase",
    "neighborhood", "neighbourhood", "countryside", "valley", "river", "mountains", "mountain", "desert",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
})


def name_run(text: str, span: Span, is_stop: Callable[[str], bool]) -> Span:
    """The whole capitalised name a match is part of: 'Qala-e-Naw' around 'Qala', 'Deh Bala' around
    'Bala'. Returns ``span`` itself when the match stands alone."""
    start, end = span.start, span.end
    # forwards: "-e-Naw", " al Kabir", " Bala"; at most a name's length each way, so that a run of a
    # thousand capitalised words costs each match a few steps, not the whole run
    for _ in range(MAX_PHRASE_TOKENS):
        m = _NEXT_PART.match(text, end)
        if not m or not _is_part(m.group("word"), is_stop):
            break
        end = m.end()
    for _ in range(MAX_PHRASE_TOKENS):
        m = _PREV_PART.search(text[max(0, start - 40) : start])
        if not m or not _is_part(m.group("word"), is_stop) or _sentence_start(text, start - len(m.group(0))):
            break
        start -= len(m.group(0))
    return Span(start, end)


_NEXT_PART = re.compile(r"(?:[ \-](?:al|el|ul|e|i|ad|ar|as|az|ash|an|at)[ \-]|[ \-])(?P<word>[A-Z][\w'’ʿ]+)")
_PREV_PART = re.compile(r"(?P<word>[A-Z][\w'’ʿ]+)(?:[ \-](?:al|el|ul|e|i)[ \-]|[ \-])$")


def _is_part(word: str, is_stop: Callable[[str], bool]) -> bool:
    if word[-2:] in ("'s", "’s"):
        return False  # "Anbar's Ramadi": a possessive ends a name
    return word.lower() not in _NAME_BREAKERS and not is_stop(word) and not word.isupper()


_INSTITUTION = re.compile(
    r"[\s\-]+(?:university|college|polytechnic|school|institute|academy|hospital|hotel|office|corporation|council|"
    r"stadium|court|prison|jail|airport|port|station|bank|market|bazaar|mosque|church|temple|"
    r"road|highway|street|square|bridge|roundabout|junction)\b",
    re.IGNORECASE,
)


_ORGANISATION_TAIL = frozenset({
    "board", "university", "college", "school", "institute", "academy", "hospital", "hotel", "office", "ministry",
    "council", "bank", "company", "corporation", "party", "union", "club", "committee", "commission", "court",
    "association", "federation", "authority", "agency", "department", "directorate", "front", "movement",
    "army", "police", "force", "forces", "brigade", "battalion", "division", "regiment", "militia", "group",
})


def is_organisation(name: str) -> bool:
    """'Nepal Tourism Board', 'Kabul University', 'Sinjar Resistance Units': a body named after a place."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower() in _ORGANISATION_TAIL


def names_institution(text: str, match: Span, run: Span) -> bool:
    """Whether the words a match is part of name an institution or a road called after the place
    ('Mombasa Technical University', 'Bagan Thande Hotel'), so that the match is still the place."""
    if run.start != match.start:
        return False
    return _INSTITUTION.match(text, run.end) is not None or _INSTITUTION.search(text[match.end : run.end]) is not None


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:\n"


def select_matches(phrases: list[Phrase], known: set[str] | frozenset[str]) -> list[Phrase]:
    """Longest known phrases first, never overlapping; returned in text order."""
    hits = sorted((p for p in phrases if p.key in known), key=lambda p: (-p.n_tokens, p.span.start))
    taken: list[Phrase] = []
    covered = bytearray(max((p.span.end for p in hits), default=0))  # characters of the phrases taken
    for p in hits:
        if not any(covered[p.span.start : p.span.end]):
            taken.append(p)
            covered[p.span.start : p.span.end] = b"\x01" * (p.span.end - p.span.start)
    return sorted(taken, key=lambda p: p.span.start)


_METONYMY = re.compile(
    r"\b(?:government|regime|authorities|officials|ministry|embassy|talks|summit|conference|leadership|"
    r"delegation|envoy|ambassador|parliament|court|negotiations) (?:in|of)\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z\-' ]+[^\n]{0,60}?(?:\)|[A-Z]),?[^\n]{0,30}?\s[–—-]\s")


def is_metonymy(text: str, span: Span) -> bool:
    """'the Syrian Government in Damascus', 'talks in Geneva': a place standing for someone else."""
    return _METONYMY.search(text[max(0, span.start - 40) : span.start]) is not None


def is_dateline(text: str, span: Span) -> bool:
    """A news dateline ('ZALIN (QAMISHLI), Syria – ...') at the start of a line near the top."""
    if span.start > 400:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    return span.start - line_start < 3 and _DATELINE.match(text[line_start : line_start + 120]) is not None


def context_of(text: str, span: Span) -> str:
    """What the words around a name say it is (a CTX_* kind)."""
    last_word = text[span.start : span.end].rsplit(None, 1)[-1].lower()
    if last_word in ("neighborhood", "neighbourhood"):
        return CTX_NEIGHBOURHOOD
    if last_word in _FACILITY_NOUNS or last_word == "base":
        return CTX_TOWN
    after = text[span.end : span.end + 40]
    before = text[max(0, span.start - 60) : span.start]
    for pattern, kind in _AFTER:
        if pattern.match(after):
            if kind == CTX_NEAR:
                return CTX_NEAR
            if kind in (CTX_DISTRICT, CTX_PROVINCE) and _AFTER_NEAR_PREFIX.search(before):
                return CTX_NEAR  # "southern Idlib province": a part of a region
            return kind
    for pattern, kind in _BEFORE:
        if pattern.search(before):
            return kind
    return CTX_NONE


_UNRESOLVED_NAME = r"((?:[A-Z][\w'’ʿ\-]+|al|el|ad|ar|as|az|an|ash)(?:[ \-](?:[A-Z][\w'’ʿ\-]+|al|el|ad|ar|as|az|an|ash)){0,3})"
_MIXED_CASE_NAME = (r"((?:[A-Z][a-z][\w'’ʿ\-]*|al|el|ad|ar|as|az|an|ash)"
                    r"(?:[ \-](?:[A-Z][a-z][\w'’ʿ\-]*|al|el|ad|ar|as|az|an|ash)){0,3})")
# Names the gazetteer may lack, made recognisable by a place noun before or after them.
_UNRESOLVED_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:town|village|city|hamlet|neighbou?rhood|camp|area|locality) of (?:the )?" + _UNRESOLVED_NAME),
     CTX_TOWN),
    (re.compile(r"\b(?:district|sub-?district|nahiya|county|tehsil|upazila|woreda) of (?:the )?" + _UNRESOLVED_NAME),
     CTX_DISTRICT),
    (re.compile(_UNRESOLVED_NAME + r"[ \-](?:village|town|neighbou?rhood|camp|hamlet|locality)\b"), CTX_TOWN),
    (re.compile(_UNRESOLVED_NAME + r" (?:district|sub-?district|nahiya|county|tehsil|upazila|woreda)\b"), CTX_DISTRICT),
    (re.compile(r"\b(?:in|at|near) (?:the )?" + _UNRESOLVED_NAME + r"(?= ?\()"), CTX_TOWN),
    (re.compile(r"['‘“]" + _UNRESOLVED_NAME + r"['’”] (?:area|village|locality)"), CTX_TOWN),
    # "shelled Kafr Nabl in Idleb", "in Saraqib, Idleb": a name placed inside another place.
    (re.compile(r"\b(?:in|at|near|shelled|targeted|attacked|hit|struck|stormed|entered|captured|into) (?:the )?"
                + _MIXED_CASE_NAME + r"(?=(?: (?:area|town|village|city))?(?: (?:in|of|near)\b|,))"), CTX_IN),
)


def unresolved_candidates(text: str) -> list[tuple[Span, str]]:
    """Pattern-marked place names (with their context kind), whether or not a gazetteer knows them."""
    out = []
    for pattern, kind in _UNRESOLVED_PATTERNS:
        for m in pattern.finditer(text):
            out.append((Span(m.start(1), m.end(1)), kind))
    return out


_PLACE_NOUN = (r"(?:\s+(?:sub-?district|district|province|governorate|village|town|city|area|neighbou?rhood|"
               r"camp|countryside|county|region|municipality))?")
_PAREN = re.compile(r"^" + _PLACE_NOUN + r"\s*\(([^()]{2,60})\)", re.IGNORECASE)
_COMMA = re.compile(r"^" + _PLACE_NOUN + r",\s*", re.IGNORECASE)
# "Tal Abyad in Raqqa", "Saraqib in the eastern countryside of Idleb", "a village of Nad Ali district".
_IN_REGION = re.compile(
    r"^" + _PLACE_NOUN + r"\s+(?:in|of|,|(?:\d+(?:\.\d+)?\s*(?:km|kms|kilometers|kilometres|miles)\s+)?"
    r"(?:to the\s+)?" + _DIRECTION + r"\s+of)\s+(?:the\s+)?(?:" + _DIRECTION + r"\s+)?"
    r"(?:(?:countryside|outskirts|part|parts|suburbs|vicinity|area surrounding) of\s+(?:the\s+)?)?"
    r"(?:rural\s+|(?:the\s+)?(?:city|town|village) of\s+)?",  # "Debs village in rural Ein Issa"
    re.IGNORECASE,
)


def cue_spans_after(text: str, span: Span) -> tuple[Span, ...]:
    """Spans where admin cues for a name may sit: '(Y)' or '(Y, Z)' right after it, or ', Y'."""
    after = text[span.end : span.end + 64]
    m = _PAREN.match(after)
    if m:
        return (Span(span.end + m.start(1), span.end + m.end(1)),)
    m = _COMMA.match(after) or _IN_REGION.match(after)
    if m:
        return (Span(span.end + m.end(), min(len(text), span.end + m.end() + 40)),)
    return ()
