"""Counts: fatalities, injuries and arrests, in digits or words, ACLED's conservative way.

Rules from the ACLED codebook and its fatality notes: the lowest credible figure when reports in one
text differ; "dozens" = 12 and "hundreds" = 100 (vague plurals coded at their floor); plural deaths
of no stated number ("several killed", "an unknown number of fighters were killed", "incurring
fatalities") = 10, ACLED's convention, with ``fatalities_known`` False (``vague_fatalities=0`` codes
them 0 instead); deaths mentioned with no quantity at all ("killed and wounded") = 0, also with
``fatalities_known`` False.
A list of victims counts its members: "the death of an ISF member and a civilian" = 2.

The words are data: ``data/rules/<lang>/counts.json`` holds every pattern and word list this engine
reads (see :mod:`conflictwatch.rules`); cardinal numbers in words ("three hundred", "trois cent
douze") are read by ``text2num``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from text_to_num import text2num

from conflictwatch.records import ActorMention, CountResult, Span
from conflictwatch.rules import Rules, blank, load

VAGUE_FATALITIES = 10  # ACLED: 'several', 'many', an unknown plural number of dead are coded as 10
MAX_FIGURE = 5000  # a larger figure is a war's toll or a misread number, not one incident's

PATTERNS = (
    "num_before", "num_after", "bare_num", "along_with", "subset", "superseded", "toll", "groups_killed", "group_num",
    "object_of_verb", "num_dead", "and_num_killed", "no_fatal", "vague_deaths", "no_information", "list_of_victims",
    "item", "subject_killed", "killed_list", "headline_victim", "single_victim", "further", "kill_word",
    "injure_verb", "arrest_verb", "singular_passive", "singular_item_start", "joined_single", "attackers_dead",
    "victims_side", "running_total", "later_died", "as_many", "split_share", "body_found",
    "coded_elsewhere", "partisan_claim", "other_source", "killing_groups", "bodies_of", "active_object",
    "transitive_kill", "passive_aux", "bodies_floor", "civilians_side", "vague_figure", "range_low",
    "self_too", "updated_toll", "attackers_outside",
)
LISTS = ("toll_verbs", "leaving_verbs", "article_numbers", "number_suffixes", "partisan_claimants",
         "claimed_enemy_kinds", "claimed_enemy_names")
VALUES = ("number_words", "multipliers")

_KILLED, _INJURED, _ARRESTED = range(3)
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s.,\u202f\u00a0](?=\d{3}\b)")


@cache
def rules(lang: str = "en") -> Rules:
    """The counting rules of ``lang`` (``data/rules/<lang>/counts.json``), loaded and checked once."""
    return load("counts", lang, patterns=PATTERNS, lists=LISTS, values=VALUES)


@cache
def _words(lang: str) -> tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    r = rules(lang)
    numbers = {str(k).lower(): int(v) for k, v in r.number_words.items()}
    lower = [frozenset(w.lower() for w in r.lists[name]) for name in ("toll_verbs", "leaving_verbs", "article_numbers")]
    return numbers, lower[0], lower[1], lower[2], tuple(w.lower() for w in r.number_suffixes)


@cache
def _multipliers(lang: str) -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in rules(lang).multipliers.items()}


def to_number(token: str, lang: str = "en") -> int | None:
    """'three' → 3, '12' → 12, 'dozens of' → 12, 'twenty-one' → 21, 'three hundred' → 300; None for vague words."""
    numbers, _toll, _leaving, _articles, suffixes = _words(lang)
    t = " ".join(token.lower().split())
    digits = _DIGIT_GROUPS.sub("", t)
    if digits.isdigit():
        return int(digits)  # "1,200", "1 200", "1.200"
    for suffix in suffixes:
        if t.endswith(" " + suffix):
            t = t[: -len(suffix) - 1]
    if t in numbers:
        return numbers[t]
    head, _, unit = t.rpartition(" ")
    multiplier = _multipliers(lang).get(unit)
    if multiplier and head:  # "two dozen": 24
        base = to_number(head, lang)
        return base * multiplier if base is not None else None
    for suffix in suffixes:
        if t.endswith("-" + suffix):  # "thirty-odd": thirty
            return to_number(t[: -len(suffix) - 1], lang)
    try:
        value = text2num(t, lang)
    except ValueError:
        return None
    return value if value >= 0 else None


def _kind(verb: str, r: Rules) -> int:
    v = verb.lower()
    if r.injure_verb.match(v):
        return _INJURED
    if r.arrest_verb.match(v):
        return _ARRESTED
    return _KILLED


def count(text: str, offset: int = 0, vague_fatalities: int = VAGUE_FATALITIES, lang: str = "en",
          headline: int = 0) -> CountResult:
    """Fatalities, injuries and arrests in one incident's text, with the spans of the fatality figures.

    ``vague_fatalities`` is the figure coded for plural deaths reported without a number ("several
    killed", "incurring fatalities"): ACLED's 10 by default, 0 to code only stated numbers. Either way
    ``fatalities_known`` is False for them. ``lang`` picks the rules file. ``headline``: how many characters
    of ``text`` are the report's headline (found by itself when the text opens with a line of its own)."""
    r = rules(lang)
    _numbers, toll_verbs, leaving_verbs, articles, _suffixes = _words(lang)
    share = r.split_share.search(text)
    if share:  # "Fatalities are split across 3 events (4)": the coder's note gives this event's share
        return CountResult(int(share.group("num")), True, None, None,
                           (Span(share.start() + offset, share.end() + offset),))
    # "Taliban said 11 soldiers were killed", "(7 according to Taliban sources)": the attacking party's own tally
    # is no figure; blanked, so every span keeps its place
    text = blank(r.partisan_claim, text)
    figures: dict[int, list[tuple[int, Span]]] = {_KILLED: [], _INJURED: [], _ARRESTED: []}

    def add(kind: int, value: int | None, m: re.Match[str]) -> None:
        if value is None or value > MAX_FIGURE:
            return
        figures[kind].append((value, Span(m.start() + offset, m.end() + offset)))

    def number(token: str) -> int | None:
        return to_number(token, lang)

    consumed: list[tuple[int, int]] = []
    one_by_article: set[int] = set()  # where "shooting dead a guard" counted one

    def taken(m: re.Match[str]) -> bool:
        return any(a <= m.start() < b for a, b in consumed)

    for m in r.as_many.finditer(text):  # "killed four soldiers and as many policemen": eight
        value = number(m.group("num") or m.group("num2") or "")
        add(_KILLED, 2 * value if value is not None else None, m)
        consumed.append((m.start(), m.end()))
    for m in r.list_of_victims.finditer(text):
        items = r.item.findall(m.group("list"))
        add(_KILLED, sum(number(n) or 1 for n in items), m)
        consumed.append((m.start(), m.end()))
    for pattern in (r.killing_groups, r.groups_killed):  # "killing two soldiers and three bandits": five
        for m in pattern.finditer(text):
            if taken(m):
                continue
            numbers = [number(n) for n in r.group_num.findall(m.group("groups"))]
            if numbers and all(n is not None for n in numbers):
                add(_kind(m.group("verb"), r), sum(n for n in numbers if n is not None), m)
                consumed.append((m.start(), m.end()))
    for m in r.killed_list.finditer(text):
        if not taken(m):
            add(_KILLED, len(r.singular_item_start.findall(m.group("list"))), m)
            consumed.append((m.start(), m.end()))
    for pattern in (r.num_before, r.num_after, r.bare_num):
        for m in pattern.finditer(text):
            if taken(m):
                continue
            if pattern is r.num_before and r.object_of_verb.search(text, 0, m.start("num")):
                continue  # "killing two civilians and wounding five": the two belong to "killing"
            if pattern is r.num_before and r.subset.search(m.group(0)):
                continue  # "three children were among the dead": part of the toll told elsewhere
            verb = m.group("verb").lower()
            if (pattern is r.num_before and r.transitive_kill.match(verb) and not r.passive_aux.search(m.group(0))
                    and r.active_object.match(text, m.end())):
                continue  # "two men on a motorcycle shot dead a rubber tapper": the two are the killers
            kind = _KILLED if verb in toll_verbs else _kind(verb, r)
            if verb in leaving_verbs and not r.kill_word.search(text[m.end() : m.end() + 40]):
                continue
            num = m.group("num").lower()
            if num in articles and pattern is r.num_before and (
                    kind != _KILLED or not r.singular_passive.search(m.group(0))):
                continue  # "a rebel spokesman put the number of dead at 30" counts nobody
            if num in articles:
                one_by_article.add(m.start() + offset)
            add(kind, number(num), m)
    for m in r.range_low.finditer(text):  # "between 10 and 15 people were killed": ten
        add(_kind(m.group("verb"), r), number(m.group("num") or m.group("num2") or ""), m)
    for pattern in (r.along_with, r.self_too):  # "killed along with six other people", "killing six and himself": seven
        for m in pattern.finditer(text):
            value = number(m.group("num") or m.groupdict().get("num2") or m.groupdict().get("num3") or "")
            add(_KILLED, value + 1 if value is not None else None, m)
    stated = len(figures[_KILLED])
    for m in r.toll.finditer(text):
        if r.subset.search(text, max(0, m.start() - 12), m.end()):
            continue  # "among the dead was a four-year-old girl": one of the toll told elsewhere, no toll of one
        add(_KILLED, number(m.group("num") or m.groupdict().get("num2") or ""), m)
    stated_tolls = [v for v, _ in figures[_KILLED][stated:]]  # "the death toll stood at 121"
    for pattern in (r.num_dead, r.and_num_killed, r.later_died):
        for m in pattern.finditer(text):
            add(_KILLED, number(m.group("num") or m.groupdict().get("num2") or ""), m)
    if not figures[_KILLED]:
        for m in r.bodies_of.finditer(text):  # "the bodies of six men were found": six, when no toll is told
            add(_KILLED, number(m.group("num")), m)
    for pattern in (r.single_victim, r.headline_victim, r.subject_killed, r.body_found):
        for m in pattern.finditer(text):
            if not taken(m) and (not figures[_KILLED] or pattern is r.subject_killed and r.joined_single.search(
                    text, max(0, m.start() - 12), m.start())):
                add(_KILLED, 1, m)  # "five militants were killed and a head constable lost his life": six

    elsewhere = [m.start() + offset for m in r.coded_elsewhere.finditer(text)]
    killed = [(v, span) for v, span in _drop_overlaps(figures[_KILLED])
              if not _in_running_total(text, span.start - offset, span.end - offset, r)
              and not any(0 <= at - span.end <= 12 for at in elsewhere)]  # "2 killed (coded separately)"
    if any(v > 1 for v, _ in killed):
        # "killing at least 19 people … after shooting dead a guard at the entrance": the one named in passing
        # is among the toll, not a rival figure of one
        # ("a police officer was killed … three of the attackers were killed": the one is of the other side, four)
        rest = [(v, span) for v, span in killed if span.start not in one_by_article
                and not _superseded(text, span, offset, r)]
        killed = [(v, span) for v, span in killed if span.start not in one_by_article or _other_side(
            text[span.start - offset : span.end - offset], rest, text, offset, r)]
    headline = max(headline, _headline_end(text))
    exact = [v for v, span in killed if span.start - offset >= headline]
    # "Dozens of soldiers killed as …" over "At least 49 Armenian soldiers were killed": the headline's vague
    # plural retells the lede's figure, which states it
    killed = [(v, span) for v, span in killed if span.start - offset >= headline
              or not r.vague_figure.search(text, span.start - offset, span.end - offset) or not any(e >= v for e in exact)]
    if stated_tolls:
        # "residents carried more than 60 bodies down the hill … the toll stood at 121": bodies counted so far, a
        # floor the stated toll meets, are no rival figure
        killed = [(v, span) for v, span in killed if not (
            r.bodies_floor.search(text, span.start - offset, span.end - offset) and any(t >= v for t in stated_tolls))]
    current = [(v, span) for v, span in killed if not _superseded(text, span, offset, r)]
    if current:
        killed = current  # "the toll reaches 10, up from his earlier count that put the dead at six": ten
    updated = [(v, span) for v, span in killed if _updated(text, span, offset, r)]
    if updated:
        # "killing nine people … the ministry later raised the toll to 17": the latest figure, the last update told
        killed = [max(updated, key=lambda f: f[1].start)]
    injuries = _total(figures[_INJURED])
    arrests = _total(figures[_ARRESTED])
    if killed:
        values = sorted({v for v, _ in killed})
        # Several figures: distinct groups ("3 soldiers and 2 civilians killed") add up when they do not
        # overlap in the text; competing tolls for the same dead take the lowest (ACLED's conservative rule).
        fatalities = _sides_total(killed, text, offset, r) + _outside_toll(text, r, lang)
        return CountResult(fatalities, True, injuries, arrests, tuple(s for _, s in killed),
                           (values[0], max(values)) if len(values) > 1 else None)
    if r.no_fatal.search(text):
        return CountResult(0, True, injuries, arrests)
    # A denial ("no information on fatalities") reports no deaths: only a death said to have happened does.
    deaths_mentioned = r.kill_word.search(r.no_information.sub(" ", text))
    if vague_fatalities and r.vague_deaths.search(text):
        # "killing several fighters", "an unknown number were killed": ACLED's convention for plural
        # deaths without a number is 10; still flagged as not a count.
        return CountResult(vague_fatalities, False, injuries, arrests)
    return CountResult(0, not deaths_mentioned, injuries, arrests)


def _outside_toll(text: str, r: Rules, lang: str) -> int:
    """The attackers' dead told outside the toll ("not counting the two bombers", "the bomber was also killed"):
    ACLED counts them in. One dead unless a number is told; a plural of no number adds none."""
    if r.self_too.search(text):
        return 0  # "killing 14 people and himself": counted in already
    extra = 0
    for m in r.attackers_outside.finditer(text):
        told = m.group("num")
        value = to_number(told, lang) if told else (0 if m.group(0).rstrip().lower().endswith(("s", "men")) else 1)
        extra = max(extra, value or 0)
    return extra


def has_toll(text: str, lang: str = "en") -> bool:
    """Whether ``text`` counts dead or wounded (a toll, not a denial of one)."""
    toll = count(text, lang=lang)
    return bool(toll.fatalities or toll.injuries)


def _headline_end(text: str) -> int:
    """Where the headline ends when ``text`` opens with one (a first line with no full stop, then a blank line)."""
    end = text.find("\n\n")
    return end if 0 < end <= _HEADLINE_CHARS and "." not in text[:end].rstrip(".") else 0


_HEADLINE_CHARS = 200


def _superseded(text: str, span: Span, offset: int, r: Rules) -> bool:
    """Whether the words before a figure make it an earlier count ("the ministry first put the toll at 20")."""
    # (the figure's own words too: "The toll had been put at 21 on Sunday")
    return bool(r.superseded.search(text, max(0, span.start - offset - 90), span.start - offset)
                or r.superseded.search(text, span.start - offset, span.end - offset))


def _updated(text: str, span: Span, offset: int, r: Rules) -> bool:
    """Whether a figure is told as an update of the count ("the death toll has risen to 25")."""
    return bool(r.updated_toll.search(text, max(0, span.start - offset - 60), span.end - offset))


def earlier_toll(text: str, result: CountResult, offset: int = 0, lang: str = "en") -> bool:
    """Whether every fatality figure of ``result`` (counted in ``text``) is told as an earlier, superseded count:
    the passage that gives the later figure ("the toll rose to 25") wins over it when the two are merged."""
    r = rules(lang)
    return bool(result.fatality_spans) and all(_superseded(text, s, offset, r) for s in result.fatality_spans)


def updated_toll(text: str, result: CountResult, offset: int = 0, lang: str = "en") -> bool:
    """Whether the fatality figure of ``result`` (counted in ``text``) is told as an update of the count ("the toll
    has risen to at least 25"): it wins over another passage's figure told without one when the two are merged."""
    r = rules(lang)
    return bool(result.fatality_spans) and all(_updated(text, s, offset, r) for s in result.fatality_spans)


def _in_running_total(text: str, start: int, end: int, r: Rules) -> bool:
    """Whether a figure stands in a sentence that tells a running total ("more than 130 people have been killed
    across the country"): the war's toll, not the event's."""
    left = max(text.rfind(ch, 0, start) for ch in ".;!?\n") + 1
    stops = [i for i in (text.find(ch, end) for ch in ".;!?\n") if i >= 0]
    return bool(r.running_total.search(text, left, min(stops) if stops else len(text)))


def _drop_overlaps(found: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """One figure per stretch of text: "left 3 IS militants dead" is matched twice, counted once."""
    kept: list[tuple[int, Span]] = []
    for value, span in sorted(found, key=lambda f: (f[1].start, -(f[1].end - f[1].start))):
        if kept and span.start < kept[-1][1].end:
            continue
        kept.append((value, span))
    return kept


def partisan_toll(counts: CountResult, text: str, offset: int, attacker: ActorMention | None,
                  target: ActorMention | None, lang: str = "en") -> CountResult:
    """A coder's note's toll of the other side's dead in an attack by a party whose own media ACLED reads as a
    source (the Taliban's Voice of Jihad): ACLED codes such claimed tolls of an army or its militias 0 unless
    another source is told, so "Taliban militants ambushed and killed 3 soldiers" counts none while "10 Taliban
    were killed attacking a post" (the attackers' own dead, told by their enemy), "2 soldiers (7 according to
    Taliban sources)" and police deaths (which police spokesmen announce) keep theirs. The result says
    ``fatalities_known`` False: a toll was told, none is coded."""
    r = rules(lang)
    if not counts.fatalities or attacker is None or target is None or attacker.name not in r.partisan_claimants:
        return counts
    if target.kind not in r.claimed_enemy_kinds and not target.name.startswith(tuple(r.claimed_enemy_names)):
        return counts  # police deaths are told by the police's own spokesmen: ACLED codes those
    if r.other_source.search(text):
        return counts
    for span in counts.fatality_spans:
        told = _figure_words(text, span, offset, r)  # "1 soldier was killed by a Taliban sniper": not the dead
        if r.attackers_dead.search(told) or any(name in told for name in r.partisan_claimants):
            return counts
    return replace(counts, fatalities=0, fatalities_known=False, fatality_spans=(), fatality_range=None)


def _total(found: list[tuple[int, Span]]) -> int | None:
    if not found:
        return None
    return _conservative(_drop_overlaps(found))


def _sides_total(found: list[tuple[int, Span]], text: str, offset: int, r: Rules) -> int:
    """The event's toll: the attackers' own dead add to their victims' ("killing four policemen … seven insurgents
    were killed before the attack was repelled": 11), and civilians' dead to the forces' ("claimed to have killed
    19 soldiers … one soldier was killed … three civilians were killed by the mortar fire": 1 + 3); within each
    side, competing figures take the lowest. A figure that names neither side ("nine bodies were recovered"), or
    more than one, may count any, so all compete."""
    sides: dict[str, list[tuple[int, Span]]] = {"attackers": [], "forces": [], "civilians": []}
    for value, span in found:
        told = _figure_words(text, span, offset, r)
        named = [side for side, hit in (
            ("attackers", r.attackers_dead.search(told)),
            ("civilians", r.civilians_side.search(told)),
            ("forces", any(not r.civilians_side.fullmatch(m.group(0)) for m in r.victims_side.finditer(told))),
        ) if hit]
        if len(named) != 1:  # neither side named, or two ("12 rebels and 9 soldiers were killed")
            return _conservative(found, text, offset, r)
        sides[named[0]].append((value, span))
    told_sides = [figures for figures in sides.values() if figures]
    if len(told_sides) < 2:
        return _conservative(found, text, offset, r)
    return sum(_conservative(figures, text, offset, r) for figures in told_sides)


def _side(told: str, r: Rules) -> str | None:
    """The one side a figure's words name: the attackers' dead or their victims' (soldiers, police, civilians)."""
    attackers, victims = bool(r.attackers_dead.search(told)), bool(r.victims_side.search(told))
    return None if attackers == victims else "attackers" if attackers else "victims"


def _other_side(single: str, found: list[tuple[int, Span]], text: str, offset: int, r: Rules) -> bool:
    """Whether a single death ("a police officer was killed") is of the one side the figures told so far leave out
    ("three of the attackers were killed"): one more dead, not one of theirs."""
    side = _side(single, r)
    return side is not None and all(
        _side(_figure_words(text, span, offset, r), r) not in (None, side) for _, span in found)


_SENTENCE_END = re.compile(r"[.;!?]\s")
_NEXT_WORDS = re.compile(r"(?:[^\S\n]+[\w'’-]+){0,3}")  # the words after a figure, where its noun stands


def _figure_words(text: str, span: Span, offset: int, r: Rules) -> str:
    """A figure's words with the noun of its dead: "killing four policemen" takes the words after it."""
    told = text[span.start - offset : span.end - offset]
    verbs = list(r.kill_word.finditer(told))
    if not verbs or told[verbs[-1].end():].strip():  # "killing four policemen": the noun follows the figure
        told += _NEXT_WORDS.match(text, span.end - offset).group(0)
    return told


def _conservative(found: list[tuple[int, Span]], text: str = "", offset: int = 0, r: Rules | None = None) -> int:
    """Add figures that sit in one clause listing groups, or that name further dead; otherwise take the lowest."""
    if len(found) == 1:
        return found[0][0]
    ordered = sorted(found, key=lambda x: x[1].start)
    groups: list[list[tuple[int, Span]]] = [[ordered[0]]]
    for value, span in ordered[1:]:
        # "7 militants were also killed", "another 4 died": a further group of dead, not a rival toll; so is one
        # joined to the last ("6 fighters were killed by direct fire and 3 were killed by IEDs": nine)
        start = span.start - offset
        # (only a figure in digits that opens its clause: "… and shot dead three gunmen" is the same dead retold)
        figure = next((start + i for i, ch in enumerate(text[start : span.end - offset]) if ch.isdigit()), None)
        more = r is not None and bool(r.further.search(text, start, min(len(text), span.end - offset + 5)) or (
            figure is not None and r.joined_single.search(text, max(0, figure - 12), figure)))
        gap = text[groups[-1][-1][1].end - offset : span.start - offset] if text else ""
        if span.start - groups[-1][-1][1].end <= 12 and not _SENTENCE_END.search(gap) or more:
            # "3 soldiers and 2 civilians were killed", not "… were killed. At least 49 soldiers were killed"
            groups[-1].append((value, span))
        else:
            groups.append([(value, span)])
    totals = [sum(v for v, _ in g) for g in groups]
    return min(totals)
