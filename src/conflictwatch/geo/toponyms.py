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
from functools import cache

from conflictwatch import rules as rules_data
from conflictwatch.compiled import compile_pattern
from conflictwatch.geo.normalize import ARTICLES, is_arabic_script, name_key
from conflictwatch.records import Span

MAX_PHRASE_TOKENS = 6

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’ʿʾ`‘](?=[^\W_]))*")
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
CTX_FEATURE = "feature"  # "the Gulf of Aden", "the Sinai desert": a natural feature, not the town of its name
CTX_HASHTAG = "hashtag"  # "#Ariha": a name a post tags as its place
CTX_ORGANISATION = "organisation"  # "the Derna Mujahideen Shura Council": a body named after the place
CTX_NONE = ""

# The engine's rules (data/rules/<lang>/geo.json): each context rule gives its kind; the order is the
# order in which they compete (the first that matches wins).
_BEFORE_RULES = (("context_before_neighbourhood", CTX_NEIGHBOURHOOD), ("context_before_town", CTX_TOWN),
                 ("context_before_people", CTX_TOWN), ("context_before_district", CTX_DISTRICT),
                 ("context_before_province", CTX_PROVINCE), ("context_before_near", CTX_NEAR),
                 ("context_before_in", CTX_IN))
_AFTER_RULES = (("context_after_people", CTX_ORGANISATION), ("context_after_road_between", CTX_ROAD),
                ("context_after_neighbourhood", CTX_NEIGHBOURHOOD), ("context_after_near", CTX_NEAR),
                ("context_after_district", CTX_DISTRICT), ("context_after_province", CTX_PROVINCE),
                ("context_after_town", CTX_TOWN), ("context_after_road", CTX_ROAD))
_UNRESOLVED_RULES = (("unresolved_town_of", CTX_TOWN), ("unresolved_district_of", CTX_DISTRICT),
                     ("unresolved_town_after", CTX_TOWN), ("unresolved_district_after", CTX_DISTRICT),
                     ("unresolved_before_paren", CTX_TOWN), ("unresolved_quoted", CTX_TOWN),
                     ("unresolved_placed_in", CTX_IN))
_PATTERNS = tuple(name for name, _ in _BEFORE_RULES + _AFTER_RULES + _UNRESOLVED_RULES) + (
    "near_prefix", "next_name_part", "previous_name_part", "institution_after", "metonymy_before",
    "cue_in_parentheses", "cue_after_comma", "cue_in_region", "foreign_reference_after", "foreign_border_before",
    "destination_before",
    "water_before",
    "land_feature_before", "hashtag_before", "surname_after", "person_before")
_LISTS = ("leading_words", "name_particles", "word_connectors", "facility_nouns", "name_breakers",
          "organisation_tail", "water_nouns", "land_feature_nouns", "admin_nouns_after_feature", "organisation_nouns",
          "inner_connectors", "neighbourhood_nouns", "elided_articles")
_VALUES = ("directional_names", "country_cues", "region_cues")


@dataclass(frozen=True)
class Lexicon:
    """One language's place-context rules, ready for the engine."""

    rules: rules_data.Rules
    before: tuple[tuple[re.Pattern[str], str], ...]
    after: tuple[tuple[re.Pattern[str], str], ...]
    unresolved: tuple[tuple[re.Pattern[str], str], ...]
    connectors: frozenset[str]  # lower-case words allowed inside a name: articles and name particles
    inner_connectors: frozenset[str]  # allowed inside a name, never at its start: 'Kohgiluyeh and Boyer-Ahmad'
    elided_articles: frozenset[str]  # articles written onto the next word: French "l'", "d'" ('l'Extrême-Nord')
    leading_words: frozenset[str]  # capitalised words that open sentences, never a place name
    word_connectors: frozenset[str]  # connectors that are also words of the language: inside names only hyphened
    facility_nouns: frozenset[str]
    neighbourhood_nouns: frozenset[str]
    name_breakers: frozenset[str]
    organisation_tail: frozenset[str]
    water_nouns: frozenset[str]
    land_feature_nouns: frozenset[str]
    admin_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    directional_names: dict[str, str]  # 'northern' -> 'North': "Northern Sinai" is also "North Sinai"
    # words tied to one country ('matatu', 'upazila', 'OSCE SMM'): the matched text -> its ACLED country
    country_cues: tuple[re.Pattern[str], dict[str, str]] = (re.compile(r"(?!)"), {})
    # a cue word -> (ACLED country, its provinces) (data/rules/<lang>/geo.json region_cues)
    region_cues: tuple[re.Pattern[str], dict[str, tuple[str, tuple[str, ...]]]] = (re.compile(r"(?!)"), {})


@cache
def lexicon(lang: str = "en") -> Lexicon:
    """The geocoder's rules of ``lang`` (data/rules/<lang>/geo.json), loaded and validated once."""
    r = rules_data.load("geo", lang, patterns=_PATTERNS, lists=_LISTS, values=_VALUES)

    def words(name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in r.lists[name])

    return Lexicon(
        rules=r,
        before=tuple((r.patterns[name], kind) for name, kind in _BEFORE_RULES),
        after=tuple((r.patterns[name], kind) for name, kind in _AFTER_RULES),
        unresolved=tuple((r.patterns[name], kind) for name, kind in _UNRESOLVED_RULES),
        connectors=ARTICLES | words("name_particles"),
        inner_connectors=words("inner_connectors"),
        elided_articles=words("elided_articles"),
        leading_words=words("leading_words"),
        word_connectors=frozenset(r.lists["word_connectors"]),
        facility_nouns=words("facility_nouns"),
        neighbourhood_nouns=words("neighbourhood_nouns"),
        name_breakers=words("name_breakers"),
        organisation_tail=words("organisation_tail"),
        water_nouns=words("water_nouns"),
        land_feature_nouns=words("land_feature_nouns"),
        admin_nouns=words("admin_nouns_after_feature"),
        organisation_nouns=words("organisation_nouns"),
        directional_names={k.lower(): v for k, v in dict(r.values["directional_names"]).items()},
        country_cues=_country_cue_matcher(_with_shared_cues(r, "country_cues")),
        region_cues=_region_cue_matcher(_with_shared_cues(r, "region_cues")),
    )


_SHARED_CUES = "en"  # the file whose cue names (parties, armed groups, public figures) every language shares


def _with_shared_cues(r: rules_data.Rules, name: str) -> dict[str, list[str]]:
    """A language's cues of one kind with the shared file's: 'the DMK' or 'Kibaki' is written the same in a
    French report as in an English one, so another language's file lists only the words of its own."""
    own = {key: list(words) for key, words in dict(r.values[name]).items()}
    if r.lang == _SHARED_CUES:
        return own
    shared = rules_data.load("geo", _SHARED_CUES, patterns=_PATTERNS, lists=_LISTS, values=_VALUES)
    merged = {key: list(words) for key, words in dict(shared.values[name]).items()}
    for key, words in own.items():
        merged[key] = merged.get(key, []) + [w for w in words if w not in merged.get(key, [])]
    return merged


def _country_cue_matcher(cues: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country's cue words: a word written with a capital (an acronym, a name)
    matches as written, a lower-case one in any case; the map gives each matched text's country."""
    country_of: dict[str, str] = {}
    alternatives: list[str] = []
    for country, words in cues.items():
        for word in words:
            country_of[word if word != word.lower() else word.lower()] = country
            alternatives.append(re.escape(word) if word != word.lower() else f"(?i:{re.escape(word)})")
    alternatives.sort(key=len, reverse=True)  # the longest cue first: 'Anti-Stock Theft Unit' before 'Unit'
    if not alternatives:
        return re.compile(r"(?!)"), country_of
    # a cue joined by a hyphen to another capitalised word ('AMISOM-ENDF forces') is still the cue; one
    # joined to a lower-case word ('MCA-elect', 'Kikuyu-dominated') is part of another word
    return compile_pattern(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?!\w|-[^\W\d_](?<![A-Z]))"), country_of


def _region_cue_matcher(cues: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, tuple[str, tuple[str, ...]]]]:
    """One pattern for the region cues (matched as written), and each cue's country and provinces."""
    regions = {word: (names[0], tuple(names[1:])) for word, names in cues.items() if names}
    if not regions:
        return re.compile(r"(?!)"), regions
    alternatives = sorted((re.escape(w) for w in regions), key=len, reverse=True)
    return compile_pattern(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?!\w)"), regions


def region_cues(text: str, lang: str = "en") -> list[tuple[str, tuple[str, ...]]]:
    """The (ACLED country, provinces) that the text's region cues name ('the OSCE SMM': Ukraine's
    Donetsk and Luhansk)."""
    pattern, regions = lexicon(lang).region_cues
    return [regions[m.group(0)] for m in pattern.finditer(text)]


def country_cues(text: str, lang: str = "en") -> list[tuple[str, Span]]:
    """The words in ``text`` tied to one country ('matatu' Kenya, 'upazila' Bangladesh, 'the OSCE SMM'
    Ukraine), as (ACLED country, span): evidence of the report's country weaker than its name."""
    pattern, country_of = lexicon(lang).country_cues
    out: list[tuple[str, Span]] = []
    for m in pattern.finditer(text):
        word = m.group(0)
        country = country_of.get(word) or country_of.get(word.lower())
        if country is not None:
            out.append((country, Span(m.start(), m.end())))
    return out


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


def candidate_phrases(text: str, lang: str = "en") -> list[Phrase]:
    """All runs of up to six tokens that start and end with a capitalised (or Arabic-script) token, and
    the names of hashtags ('#Ariha', '#ariha', the first words of '#ArihaUnderFire')."""
    lex = lexicon(lang)
    tokens = [_unelided(m, lex.elided_articles) for m in _TOKEN.finditer(text)]
    # each token's traits once (a token is looked at by every run that may reach it, up to six times)
    lowers = [tok.lower() for _, _, tok in tokens]
    capitals = [_is_capitalised(tok) for _, _, tok in tokens]
    joined = [False] + [_JOINER.match(text[tokens[j - 1][1] : tokens[j][0]]) is not None for j in range(1, len(tokens))]
    inner_ok = [capitals[j] or lowers[j] in lex.connectors or tokens[j][2].isdigit() or lowers[j] in lex.inner_connectors
                for j in range(len(tokens))]
    phrases: list[Phrase] = []
    for i, (start, _, tok) in enumerate(tokens):
        lower_tok = lowers[i]
        if start > 0 and text[start - 1] == "#":
            phrases.extend(_hashtag_phrases(start, tok))
        if not (capitals[i] or lower_tok in lex.connectors) or lower_tok in lex.leading_words:
            continue
        if tok in lex.word_connectors and not (i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == "-"):
            continue  # "protest at Nepal ...": an English word, unless hyphened to the name ("at-Tanf")
        for j in range(i, min(i + MAX_PHRASE_TOKENS, len(tokens))):
            if j > i and not (joined[j] and inner_ok[j]):
                break
            last = tokens[j][2]
            if not capitals[j] or (j > i and lowers[j] in _DANGLING_ARTICLES):
                continue  # 'Salah Al' of 'Salah Al-Burki': an article is followed by its noun
            if j == i and _is_acronym(tok, text, start):
                break
            end = tokens[j][1]
            if last[-2:] in ("'s", "’s") and len(last) > 3:
                end -= 2  # possessive: "Baghdad's central square"
            key = name_key(text[start:end])
            if key:
                phrases.append(Phrase(Span(start, end), key, j - i + 1))
                compass = lex.directional_names.get(lower_tok) if j > i else None
                if compass:  # "Northern Sinai" is also "North Sinai"
                    phrases.append(Phrase(Span(start, end), name_key(compass + text[tokens[i][1] : end]), j - i + 1))
            # "al-Hol camp", "Hmeimim air base": the supplement knows such names with their noun.
            for k in (1, 2):
                if j + k < len(tokens) and joined[j + k]:
                    nouns = " ".join(lowers[j + 1 : j + k + 1])
                    if nouns in lex.facility_nouns:
                        end_k = tokens[j + k][1]
                        phrases.append(Phrase(Span(start, end_k), name_key(text[start:end_k]), j - i + 1 + k))
                        # the name's own ending folded ('Al Watiyah airbase' is 'Al-Watiya airbase')
                        joined_key = key + name_key(nouns)
                        if key and joined_key != phrases[-1].key:
                            phrases.append(Phrase(Span(start, end_k), joined_key, j - i + 1 + k))
    return phrases


def _unelided(m: re.Match[str], elided: frozenset[str]) -> tuple[int, int, str]:
    """A token as (start, end, text), without an elided article before a capital: French 'l'Extrême-Nord',
    'd'Ouallam' name 'Extrême-Nord' and 'Ouallam'."""
    tok = m.group()
    for mark in "'’":
        head, _, rest = tok.partition(mark)
        if rest[:1].isupper() and head.lower() in elided:
            return m.start() + len(head) + 1, m.end(), rest
    return m.start(), m.end(), tok


_DANGLING_ARTICLES = frozenset({"al", "el"})  # never a name's last word ('An' ends Hoi An, 'As' English words)


_CAMEL_PART = re.compile(r"[A-Z]?[a-z0-9'’]+|[A-Z]+(?![a-z])")


def _hashtag_phrases(start: int, tok: str) -> list[Phrase]:
    """Phrases of a hashtag: the whole tag, and its first one or two words when it is written in
    CamelCase ('#ArihaUnderFire' -> 'Ariha', 'Ariha Under'). Lower-case tags are names as well."""
    out = []
    if not _is_capitalised(tok):
        out.append(Phrase(Span(start, start + len(tok)), name_key(tok), 1))
    parts = _CAMEL_PART.findall(tok)
    if len(parts) > 1:
        end = start
        for n, part in enumerate(parts[:2], start=1):
            end += len(part)
            key = name_key(tok[: end - start])
            if key:
                out.append(Phrase(Span(start, end), key, n))
    return out


def name_run(text: str, span: Span, is_stop: Callable[[str], bool], lang: str = "en") -> Span:
    """The whole capitalised name a match is part of: 'Qala-e-Naw' around 'Qala', 'Deh Bala' around
    'Bala'. Returns ``span`` itself when the match stands alone."""
    lex = lexicon(lang)
    next_part, previous_part = lex.rules.patterns["next_name_part"], lex.rules.patterns["previous_name_part"]
    start, end = span.start, span.end
    # forwards: "-e-Naw", " al Kabir", " Bala"; at most a name's length each way, so that a run of a
    # thousand capitalised words costs each match a few steps, not the whole run
    for _ in range(MAX_PHRASE_TOKENS):
        m = next_part.match(text, end)
        if m and m.group("word")[-2:] in ("'s", "’s") and _is_part(m.group("word")[:-2], is_stop, lex) and (
                not _spaced_word(m.group(0)[: -len(m.group("word"))], lex)):
            end = m.end() - 2  # "Salah Al-Burki's forces": the possessive ends the name after its last part
            break
        if not m or not _is_part(m.group("word"), is_stop, lex) or _spaced_word(m.group(0)[: -len(m.group("word"))], lex):
            break
        end = m.end()
    for _ in range(MAX_PHRASE_TOKENS):
        m = previous_part.search(text[max(0, start - 40) : start])
        if (not m or not _is_part(m.group("word"), is_stop, lex) or _sentence_start(text, start - len(m.group(0)))
                or _spaced_word(m.group(0)[len(m.group("word")) :], lex)):
            break
        start -= len(m.group(0))
    return Span(start, end)


def _spaced_word(joiner: str, lex: Lexicon) -> bool:
    """Whether the joiner between two name parts is a connector that is also a word of the language,
    written between spaces ("Kilgoris at Esoit"): such a connector joins a name only when hyphened."""
    word = joiner.strip()
    return bool(word) and "-" not in joiner and word in lex.word_connectors


def _is_part(word: str, is_stop: Callable[[str], bool], lex: Lexicon) -> bool:
    if word[-2:] in ("'s", "’s"):
        return False  # "Anbar's Ramadi": a possessive ends a name
    if word.isupper() or (len(word) >= 3 and word[-1] == "s" and word[:-1].isupper()):
        return False  # an acronym, also in the plural ("Migori MCAs protested"), is no part of a name
    return word.lower() not in lex.name_breakers and not is_stop(word)


def is_organisation(name: str, lang: str = "en") -> bool:
    """'Nepal Tourism Board', 'Kabul University', 'Sinjar Resistance Units': a body named after a place."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower() in lexicon(lang).organisation_tail


def opens_organisation(text: str, span: Span, lang: str = "en") -> bool:
    """Whether the name opens an organisation's name ('Bodo' in 'the All Bodo Women Welfare Federation',
    'Derna' in 'the Derna Mujahideen Shura Council', 'Sharqiya' in 'Sharqiya Army'): a people or a place
    named as a body's attribute, the scene only when the text names no other place."""
    m = _CAPITALISED_RUN.match(text, span.end)
    if not m:
        return False
    words = m.group(0).split()
    # "Sharqiya Army", "Derna Brigade": one noun of the list is enough once the name itself is a match
    return words[-1].lower().strip("'’") in lexicon(lang).organisation_nouns


_CAPITALISED_RUN = re.compile(r"(?:[ \-][A-Z][\w'’]*){1,5}")


def names_institution(text: str, match: Span, run: Span, lang: str = "en") -> bool:
    """Whether the words a match is part of name an institution or a road called after the place
    ('Mombasa Technical University', 'Bagan Thande Hotel'), so that the match is still the place."""
    if run.start != match.start:
        return False
    institution = lexicon(lang).rules.patterns["institution_after"]
    return institution.match(text, run.end) is not None or institution.search(text[match.end : run.end]) is not None


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


_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z\-' ]+[^\n]{0,60}?(?:\)|[A-Z]),?[^\n]{0,30}?\s[–—-]\s")


def is_metonymy(text: str, span: Span, lang: str = "en") -> bool:
    """'the Syrian Government in Damascus', 'talks in Geneva': a place standing for someone else."""
    return lexicon(lang).rules.patterns["metonymy_before"].search(text[max(0, span.start - 40) : span.start]) is not None


def is_destination(text: str, span: Span, lang: str = "en") -> bool:
    """'on its way to Birgunj', 'heading for Kismayo': where someone was going, not where it happened."""
    return lexicon(lang).rules.patterns["destination_before"].search(text[max(0, span.start - 40) : span.start]) is not None


def across_border(text: str, span: Span, lang: str = "en") -> bool:
    """'near the border with Somalia': the country named is the one across the border, not the scene."""
    return lexicon(lang).rules.patterns["foreign_border_before"].search(text[max(0, span.start - 40) : span.start]) is not None


def names_family(text: str, span: Span, lang: str = "en") -> bool:
    """'the Al Salih and Al Tlais families', 'the Haddad family': a surname, however like a place it is."""
    return lexicon(lang).rules.patterns["surname_after"].match(text[span.end : span.end + 60]) is not None


def names_person(text: str, span: Span, lang: str = "en") -> bool:
    """'presidential candidate Fernando Villavicencio': a title and a given name before a name make it a person."""
    return lexicon(lang).rules.patterns["person_before"].search(text[max(0, span.start - 40) : span.start]) is not None


def is_dateline(text: str, span: Span) -> bool:
    """A news dateline ('ZALIN (QAMISHLI), Syria – ...') at the start of a line near the top."""
    if span.start > 400:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    return span.start - line_start < 3 and _DATELINE.match(text[line_start : line_start + 120]) is not None


def unit_possessive(between: str, lang: str = "en") -> bool:
    """Whether the words between two names are a province's or district's possessive ("Sagaing Region's
    Kani Township", "Songkhla Province's Thepha district"): the first name is the second's unit."""
    if not between.endswith(("'s ", "’s ")) or len(between) > 30:
        return False
    noun = between[:-3]
    patterns = lexicon(lang).rules.patterns
    m = patterns["context_after_province"].match(noun) or patterns["context_after_district"].match(noun)
    return m is not None and m.end() == len(noun)


def quarter_of_next(text: str, quarter: Span, town: Span, lang: str = "en") -> bool:
    """Whether the text puts a quarter in the town named right after it: "X neighborhood of Y"."""
    between = text[quarter.end : town.start].lower().split()
    return (2 <= len(between) <= 3 and between[0] in lexicon(lang).neighbourhood_nouns and between[1] == "of"
            and between[2:] in ([], ["the"]))


def quarter_named_after(text: str, span: Span, lang: str = "en") -> bool:
    """Whether the name is a quarter's by the noun after it ("Guama neighborhood", "the Hay Abid quarter"),
    not the city a quarter is said to be in ("a neighbourhood of Culiacan")."""
    lex = lexicon(lang)
    last_word = text[span.start : span.end].rsplit(None, 1)[-1].lower()
    return last_word in lex.neighbourhood_nouns or bool(
        lex.rules.patterns["context_after_neighbourhood"].match(text[span.end : span.end + 40]))


def context_of(text: str, span: Span, lang: str = "en") -> str:
    """What the words around a name say it is (a CTX_* kind)."""
    lex = lexicon(lang)
    last_word = text[span.start : span.end].rsplit(None, 1)[-1].lower()
    if last_word in lex.neighbourhood_nouns:
        return CTX_NEIGHBOURHOOD
    if last_word in lex.facility_nouns or last_word == "base":
        return CTX_TOWN
    after = text[span.end : span.end + 40]
    before = text[max(0, span.start - 60) : span.start]
    feature = _feature(text, span, before, after, lex)
    if feature is not None:
        return feature
    for pattern, kind in lex.after:
        if pattern.match(after):
            if kind == CTX_NEAR:
                return CTX_NEAR
            if kind in (CTX_DISTRICT, CTX_PROVINCE) and lex.rules.patterns["near_prefix"].search(before):
                return CTX_NEAR  # "southern Idlib province": a part of a region
            return kind
    for pattern, kind in lex.before:
        if pattern.search(before):
            return kind
    if lex.rules.patterns["hashtag_before"].search(before[-2:]):
        return CTX_HASHTAG
    return CTX_NONE


_NEXT_WORDS = re.compile(r"^[\s\-]+([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_FEATURE_REACH = 24  # characters before a name where a feature's words ("the mountains of the ") may stand


def _feature(text: str, span: Span, before: str, after: str, lex: Lexicon) -> str | None:
    """CTX_FEATURE when the name is (part of) a water body's ('the Gulf of Aden', 'Lake Victoria', 'the
    Red Sea', but 'Red Sea state' is the state); CTX_NEAR when it names a desert, hills or a range
    after a town ('the Mayadin desert', 'the Sinjar mountains'): the town's surroundings."""
    words = text[span.start : span.end].split()
    near = before[-_FEATURE_REACH:]  # the feature words stand right before the name ("the Gulf of ")
    following = _NEXT_WORDS.match(after)
    next_word = following.group(1).lower() if following else ""
    if next_word in lex.admin_nouns:
        return None
    if words[-1].lower() in lex.water_nouns and (near.lower().split()[-1:] == ["the"] or next_word == "of"):
        return CTX_FEATURE  # "in the Red Sea", "across the Arabian Sea", "the Gulf of ..."
    word_after = (following.group(2) or "").lower() if following else ""
    if next_word in lex.water_nouns and word_after not in lex.admin_nouns:
        return CTX_FEATURE
    if lex.rules.patterns["water_before"].search(near):
        return CTX_FEATURE
    if next_word in lex.land_feature_nouns and word_after not in lex.admin_nouns:
        return CTX_NEAR
    if lex.rules.patterns["land_feature_before"].search(near):
        return CTX_NEAR
    return None


def unresolved_candidates(text: str, lang: str = "en") -> list[tuple[Span, str]]:
    """Pattern-marked place names (with their context kind), whether or not a gazetteer knows them."""
    out = []
    for pattern, kind in lexicon(lang).unresolved:
        for m in pattern.finditer(text):
            out.append((Span(m.start(1), m.end(1)), kind))
    return out


def cue_spans_after(text: str, span: Span, lang: str = "en") -> tuple[Span, ...]:
    """Spans where admin cues for a name may sit: '(Y)' or '(Y, Z)' right after it, or ', Y'."""
    after = text[span.end : span.end + 64]
    patterns = lexicon(lang).rules.patterns
    m = patterns["cue_in_parentheses"].match(after)
    if m:
        # and a unit after the parentheses: "Zap (Amadiya) region of Dahuk"
        rest = span.end + m.end()
        n = patterns["cue_after_comma"].match(text[rest : rest + 64]) or patterns["cue_in_region"].match(text[rest : rest + 64])
        tail = (Span(rest + n.end(), min(len(text), rest + n.end() + 40)),) if n else ()
        return (Span(span.end + m.start(1), span.end + m.end(1)), *tail)
    # "Kolofata, in the Far North region": the region after the comma, not the word after it
    m = patterns["cue_in_region"].match(after) or patterns["cue_after_comma"].match(after)
    if m:
        return (Span(span.end + m.end(), min(len(text), span.end + m.end() + 40)),)
    return ()
