"""Counts: fatalities, injuries and arrests, in digits or words, ACLED's conservative way.

Rules from the ACLED codebook and its fatality notes: the lowest credible figure when reports in one
text differ; "dozens" = 12 and "hundreds" = 100 (vague plurals coded at their floor); plural deaths
of no stated number ("several killed", "an unknown number of fighters were killed", "incurring
fatalities") = 10, ACLED's convention, with ``fatalities_known`` False (``vague_fatalities=0`` codes
them 0 instead); deaths mentioned with no quantity at all ("killed and wounded") = 0, also with
``fatalities_known`` False.
A list of victims counts its members: "the death of an ISF member and a civilian" = 2.
"""

from __future__ import annotations

import re

from conflictwatch.records import CountResult, Span

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "both": 2, "pair": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12, "dozens": 12, "dozens of": 12,
    "a couple of": 2, "couple": 2, "twin": 2, "hundreds": 100, "tens": 10, "scores": 20, "a score": 20,
}
_NUM_WORD = (
    r"(?:\d{1,5}(?:,\d{3})?|a dozen|dozens(?: of)?|hundreds(?: of)?|scores(?: of)?|a couple of|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|both|an?|single|lone)"
)
_MOD = r"(?:at least|more than|over|some|around|about|nearly|almost|up to|as many as|approximately|roughly|an estimated|another|other)?\s*+"
_NOUN = (
    r"['‘]?(?:(?:[A-Za-z'-]++\s++){0,4}?)"
    r"(?:people|persons?|civilians?|soldiers?|troops?|militants?|fighters?|members?|men|women|children|"
    r"police(?:m[ae]n|\s+officers?)?|officers?|insurgents?|rebels?|terrorists?|gunmen|individuals?|"
    r"villagers?|residents?|protesters?|demonstrators?|students?|workers?|farmers?|boys?|girls?|man|woman|"
    r"child|others?|guards?|personnel|servicem[ae]n|recruits?|Arbakis?|attackers?|assailants?|suspects?|"
    r"bodies|body|victims?|youths?|passengers?|shepherds?|herders?|journalists?|policem[ae]n|jihadists?|"
    r"combatants?|elements?|commanders?|leaders?|traders?|drivers?|teenagers?|infants?|babies|family members|"
    r"relatives|brothers|sons|daughters|sisters|Taliban|ISF|SDF|NDF|IS|ISIS|Houthis?|fishermen|pilgrims|"
    r"worshippers|wom[ae]n|inmates|prisoners|detainees|volunteers?|troopers?|jawans?|labou?rers?|activists?|"
    r"supporters?|cadres?|refugees?|migrants?|teachers?|doctors?|officials?|tribesm[ae]n|militiam[ae]n|raiders?|"
    r"bandits?|herdsm[ae]n|pastoralists?|kidnappers?|robbers?|criminals?|smugglers?|hostages?|mourners?|"
    r"employees?|staff|peacekeepers?|paramilitar(?:y|ies)|heroes|martyrs|comrades|paramedics?|medics?|"
    # any other plural ('rustlers', 'Arbakis'), unless it names things rather than people
    r"(?!(?:vehicles|cars|trucks|tanks|buses|houses|homes|shops|buildings|rockets|missiles|shells|mortars|bombs|"
    r"weapons|rounds|villages|towns|days|hours|weeks|months|years|times|kilometres|kilometers|miles|metres|meters|"
    r"positions|posts|checkpoints|sites|areas|districts|provinces|points|cases|tents|cattle|sheep|goats|camels|"
    r"cows|animals|livestock|heads|items|boxes|tons|tonnes|litres|liters|rifles|guns|pistols|bullets|grenades)\b)"
    r"[A-Za-z]+s)"
    r"['’]?"  # "2 'Arbakis' were killed"
)
KILL = r"(?:killed|dead|died|dies|deaths?|martyred|lost (?:their|his|her) li(?:fe|ves)|perished|slain|shot dead|lifeless|fatalities|killing|were killed|was killed|murdered|executed|beheaded|lynched|massacred|gunned down|succumbed)"
INJURE = r"(?:injur\w*|wound\w*|hurt|hospitali[sz]ed|casualties)"
ARREST = r"(?:arrest\w*|detain\w*|apprehend\w*|taken into custody|nabbed|rounded up)"

_NUM_BEFORE = re.compile(rf"\b{_MOD}(?P<num>{_NUM_WORD})\s++{_NOUN}(?:/[\w-]+)?(?:,?\s+(?:among them|including|most of them|some of them|one of them|all of them)\b[^,.;]{{0,90}}?(?:,|(?=\s+(?:were|was|have been|had been)\s)))?(?:\s++(?:\([^()]{{1,25}}\)|(?!kill|wound|injur|dead|died|arrest|detain)[\w'’-]++)){{0,6}}?\s++(?:were\s+|was\s+|have been\s+|had been\s+|are\s+|being\s+)?(?:reportedly\s+|also\s+)?(?P<verb>{KILL}|{INJURE}|{ARREST})(?!\s+(?:and|or)\s+(?:wounded|injured|killed))", re.I)
_NUM_AFTER = re.compile(rf"\b(?P<verb>killing|killed|kills|kill|beheaded|beheading|executed|executing|leaving|left|claimed the lives of|death of|deaths of|injuring|wounding|injured|wounded|arresting|arrested|detained|detaining)\s+[\x22\u201c\u2018']?(?:at least\s+|more than\s+|some\s+|about\s+|around\s+|nearly\s+|over\s+)?(?P<num>{_NUM_WORD})\b[\x22\u201d\u2019']?(?!\s*(?:km|kilomet|hours?|days?|times|years?|months?|minutes?|%|percent|vehicles?|houses?|homes?|shops?))(?!\s+(?:unknown|unspecified|undetermined|number|few)\b)", re.I)
_TOLL = re.compile(rf"\b(?:death toll|toll|fatalities|dead)\s+(?:\w+\s+){{0,3}}?(?:rose to|reached|stood at|of|is|was|at|to)\s+(?P<num>{_NUM_WORD})\b", re.I)
_GROUP = rf"{_MOD}{_NUM_WORD}\s++(?:[\w'-]++\s++){{0,2}}?{_NOUN}"
_GROUPS_KILLED = re.compile(
    # possessive runs (\s++, \w++): a run of spaces or letters is consumed once, never split between two
    # quantifiers ("\s*,?\s+and" would try every split of a 16 KB run of spaces)
    rf"\b(?P<groups>{_GROUP}(?:\s*,\s*{_GROUP})*(?:\s*+,)?\s++and\s+{_GROUP})\s+(?:were\s+|have been\s+|had been\s+)?"
    rf"(?:reportedly\s+|also\s+)?(?P<verb>killed|injured|wounded|arrested|detained|dead)\b", re.I)
_GROUP_NUM = re.compile(rf"(?:^|,|\band\b)\s*{_MOD}({_NUM_WORD})\b", re.I)
_OBJECT_OF_VERB = re.compile(
    r"\b(?:killing|killed|kills?|injuring|wounding|wounded|injured|arresting|arrested|detaining|detained)\s+"
    r"(?:at least\s+|some\s+|about\s+|around\s+|nearly\s+|over\s+)?$", re.I)
_NUM_DEAD = re.compile(rf"\b{_MOD}(?P<num>{_NUM_WORD})\s+(?:dead|killed|deaths?|fatalit(?:y|ies)|killed and|bodies)\b", re.I)
# "6 fighters were killed by direct fire and 3 were killed by IEDs": a second figure without its noun.
_AND_NUM_KILLED = re.compile(rf"\b(?:and|while)\s+(?P<num>\d{{1,4}}|{_NUM_WORD})\s+(?:(?:others?\s+|more\s+)?(?:were|was)\s+(?:also\s+)?killed\b|{_NOUN}\s+(?:too|as well)\b)", re.I)
_HARM = r"(?:fatalities|casualties|deaths|injuries|losses)"
_NO_FATAL = re.compile(
    r"\b(?:no (?:fatalities|casualties|deaths|one was (?:killed|hurt))|no(?:body| one) (?:was )?(?:killed|died|hurt)|"
    r"without (?:casualties|fatalities)|no (?:reported )?(?:fatalities|casualties|deaths)|"
    # "Neither injuries nor fatalities were reported", "with no report of fatalities nor injuries"
    rf"neither {_HARM} nor {_HARM}|no reports? (?:of|on) {_HARM}(?:,? (?:n?or|and) {_HARM})?|"
    rf"no {_HARM} (?:were|was) reported)\b",
    re.I,
)
VAGUE_FATALITIES = 10  # ACLED: 'several', 'many', an unknown plural number of dead are coded as 10
_VAGUE = r"(?:several|many|a number of|an? (?:unknown|unspecified|undetermined) number of|unknown number of|unspecified number of|numerous|scores of)"
VAGUE_DEATHS = re.compile(
    rf"\b{_VAGUE}\s+(?:[\w-]+\s+){{0,4}}?(?:were\s+|was\s+|have been\s+|had been\s+)?(?:reportedly\s+)?(?:killed|dead|died|slain)\b"
    rf"|\b(?:killing|killed|kills)\s+(?:and\s+(?:injuring|wounding)\s+)?{_VAGUE}\b"
    rf"|\b(?:incurring|inflicting|suffered|sustained|causing|caused|resulted in|with) (?:heavy |several |many |some )?fatalities\b"
    rf"|\bfatalities (?:from both sides|on both sides|were (?:reported|inflicted))",
    re.I,
)
_NO_INFORMATION = re.compile(rf"\bno (?:information|details|word|figures?|news) (?:on|about|of|regarding) (?:the )?{_HARM}", re.I)
_UNKNOWN_FATAL = re.compile(r"\b(?:an unknown number|a number of|several|many|scores of|some|unspecified number|killed and wounded|casualties)\b", re.I)
_LIST_OF_VICTIMS = re.compile(
    r"\b(?:death|deaths|killing|martyrdom)\s+of\s+(?P<list>(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"\s+[\w-]+(?:\s+[\w-]+)?(?:,\s+|\s+and\s+|\s+as well as\s+)?){1,6})",
    re.I,
)
_ITEM = re.compile(r"\b(an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?!unknown)[\w-]+", re.I)
_SUBJECT_KILLED = re.compile(
    r"\b(?P<num>an?|one|the|another)\s+(?P<noun>(?:[\w'-]+\s+){0,2}?(?:civilian|soldier|policeman|police officer|man|woman|child|boy|girl|"
    r"member|fighter|militant|farmer|shepherd|journalist|student|teacher|commander|leader|officer|guard|resident|villager|"
    r"person|individual|worker|trader|driver|elder|youth|teenager|Arbaki|insurgent|rebel|protester|demonstrator|"
    r"victim|fugitive|suspect|official|activist|pastor|priest|imam|cleric|doctor|nurse|volunteer|trooper|"
    r"labou?rer|herdsman|tribesman|militiaman|prisoner|inmate|detainee|hostage|pedestrian|passenger|employee))\s+"
    r"(?:(?:\w+\s+){0,8}?(?:was|has been|had been|got)\s+(?:\w+\s+)?(?:killed|shot dead|murdered|executed|beheaded|lynched|gunned down|found dead|beaten to death|stabbed to death|hacked to death)"
    r"|(?:\w+\s+){0,3}?(?:died|dies|succumbed)\b)",
    re.I,
)
# "killing a woman and her adult son": singular victims joined by "and" count one each.
_SINGULAR_ITEM = r"(?:an?|one|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?!children\b|people\b|men\b|women\b)[a-z-]*[a-rt-z]"
_KILLED_LIST = re.compile(
    rf"\b(?:killing|killed|kills?|shot dead|shooting dead)\s+(?P<list>{_SINGULAR_ITEM}(?:,?\s+and\s+{_SINGULAR_ITEM})+)\b"
    r"(?![\w-]|\s+(?:[a-z]+s|children|people|men|women)\b)",
    re.I,
)
# Headline style without an article: "raiders kill Kenyan Catholic worker", "gunman kills civilian".
_HEADLINE_VICTIM = re.compile(
    r"\b(?:kills?|shoots? dead|shoot and kill|behead|beheads|lynch|lynches)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:civilian|worker|man|woman|boy|girl|child|activist|officer|policeman|soldier|trader|driver|teacher|student|"
    r"farmer|herder|chief|pastor|priest|imam|journalist|official|elder|resident|villager|businessman|trooper)\b"
)


# Words that cannot end or fill a single victim's description: plural people and function words.
_NOT_ONE_VICTIM = (r"(?:people|civilians|soldiers|fighters|members|militants|men|women|children|in|on|at|of|near|during|"
                   r"and|as|with|from|by|after|before|while|when|inside|outside|to|who|which|that|the|a|an)\b")
_SINGLE_VICTIM = re.compile(
    r"\b(?:shot dead|shot and killed|gunned down|stabbed to death|beaten to death|hacked to death|killing|killed|"
    r"murdered|beheaded|executed|lynched|assassinated|kills?|shoots? dead|martyring)\s+(?:a|an|the|one|his|her|their)\s+"
    r"(?!(?:unknown|unspecified|undetermined|number|few)\b)(?:(?!" + _NOT_ONE_VICTIM + r")[\w'-]+\s+){0,2}?"
    r"(?!" + _NOT_ONE_VICTIM + r")[a-z]+[^s\W](?=\b)",
    re.I,
)


def to_number(token: str) -> int | None:
    """'three' → 3, '12' → 12, 'dozens of' → 12, 'twenty-one' → 21; None for vague words."""
    t = token.lower().strip().replace(",", "")
    if t.isdigit():
        return int(t)
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    for suffix in (" of",):
        if t.endswith(suffix) and t[: -len(suffix)] in WORD_NUMBERS:
            return WORD_NUMBERS[t[: -len(suffix)]]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
        return WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]]
    return None


def _kind(verb: str) -> str:
    v = verb.lower()
    if re.match(INJURE, v):
        return "injured"
    if re.match(ARREST, v) or v in ("arresting", "detaining"):
        return "arrested"
    return "killed"


def count(text: str, offset: int = 0, vague_fatalities: int = VAGUE_FATALITIES) -> CountResult:
    """Fatalities, injuries and arrests in one incident's text, with the spans of the fatality figures.

    ``vague_fatalities`` is the figure coded for plural deaths reported without a number ("several
    killed", "incurring fatalities"): ACLED's 10 by default, 0 to code only stated numbers. Either way
    ``fatalities_known`` is False for them."""
    figures: dict[str, list[tuple[int, Span]]] = {"killed": [], "injured": [], "arrested": []}

    def add(kind: str, value: int | None, m: re.Match[str]) -> None:
        if value is None or value > 5000:
            return
        figures[kind].append((value, Span(m.start() + offset, m.end() + offset)))

    consumed: list[tuple[int, int]] = []
    for m in _LIST_OF_VICTIMS.finditer(text):
        items = _ITEM.findall(m.group("list"))
        add("killed", sum(to_number(n) or 1 for n in items), m)
        consumed.append((m.start(), m.end()))
    for m in _KILLED_LIST.finditer(text):
        if not any(a <= m.start() < b for a, b in consumed):
            add("killed", len(re.findall(r"(?:^|,|\band)\s*(?:an?|one|his|her|their|its)\b", m.group("list"), re.I)), m)
            consumed.append((m.start(), m.end()))
    for m in _GROUPS_KILLED.finditer(text):
        if any(a <= m.start() < b for a, b in consumed):
            continue
        numbers = [to_number(n) for n in _GROUP_NUM.findall(m.group("groups"))]
        kind = _kind(m.group("verb"))
        if numbers and all(n is not None for n in numbers):
            add(kind, sum(n for n in numbers if n is not None), m)
            consumed.append((m.start(), m.end()))
    for pattern in (_NUM_BEFORE, _NUM_AFTER):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in consumed):
                continue
            if pattern is _NUM_BEFORE and _OBJECT_OF_VERB.search(text, 0, m.start("num")):
                continue  # "killing two civilians and wounding five": the two belong to "killing"
            verb = m.group("verb").lower()
            kind = "killed" if verb in ("leaving", "left", "claimed the lives of", "death of", "deaths of") else _kind(verb)
            if verb in ("leaving", "left") and not re.search(KILL, text[m.end() : m.end() + 40], re.I):
                continue
            num = m.group("num").lower()
            if num in ("a", "an") and pattern is _NUM_BEFORE and (
                    kind != "killed" or not re.search(r"\b(?:was|has been|had been|is)\b", m.group(0))):
                continue  # "a rebel spokesman put the number of dead at 30" counts nobody
            add(kind, to_number(num), m)
    for pattern in (_TOLL, _NUM_DEAD, _AND_NUM_KILLED):
        for m in pattern.finditer(text):
            add("killed", to_number(m.group("num")), m)
    for m in _SINGLE_VICTIM.finditer(text):
        if not any(a <= m.start() < b for a, b in consumed) and not figures["killed"]:
            add("killed", 1, m)
    for m in _HEADLINE_VICTIM.finditer(text):
        if not any(a <= m.start() < b for a, b in consumed) and not figures["killed"]:
            add("killed", 1, m)
    for m in _SUBJECT_KILLED.finditer(text):
        if not any(a <= m.start() < b for a, b in consumed) and not figures["killed"]:
            add("killed", 1, m)

    killed = _drop_overlaps(figures["killed"])
    injuries = _total(figures["injured"])
    arrests = _total(figures["arrested"])
    if killed:
        values = sorted({v for v, _ in killed})
        # Several figures: distinct groups ("3 soldiers and 2 civilians killed") add up when they do not
        # overlap in the text; competing tolls for the same dead take the lowest (ACLED's conservative rule).
        fatalities = _conservative(killed, text, offset)
        return CountResult(fatalities, True, injuries, arrests, tuple(s for _, s in killed),
                           (values[0], max(values)) if len(values) > 1 else None)
    if _NO_FATAL.search(text):
        return CountResult(0, True, injuries, arrests)
    # A denial ("no information on fatalities") reports no deaths: only a death said to have happened does.
    deaths_mentioned = re.search(rf"\b{KILL}\b", _NO_INFORMATION.sub(" ", text), re.I)
    if vague_fatalities and VAGUE_DEATHS.search(text):
        # "killing several fighters", "an unknown number were killed": ACLED's convention for plural
        # deaths without a number is 10; still flagged as not a count.
        return CountResult(vague_fatalities, False, injuries, arrests)
    return CountResult(0, not deaths_mentioned, injuries, arrests)


def _drop_overlaps(found: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """One figure per stretch of text: "left 3 IS militants dead" is matched twice, counted once."""
    kept: list[tuple[int, Span]] = []
    for value, span in sorted(found, key=lambda f: (f[1].start, -(f[1].end - f[1].start))):
        if kept and span.start < kept[-1][1].end:
            continue
        kept.append((value, span))
    return kept


def _total(found: list[tuple[int, Span]]) -> int | None:
    if not found:
        return None
    return _conservative(found)


# "7 militants were also killed", "another 4 died", "3 militants too": a further group of dead, not a rival toll.
_FURTHER = re.compile(r"\b(?:also|another|others|additional|in addition|as well|too|of our|our (?:fighters|heroes|men|soldiers|members|forces))\b",
                      re.I)


def _conservative(found: list[tuple[int, Span]], text: str = "", offset: int = 0) -> int:
    """Add figures that sit in one clause listing groups, or that name further dead; otherwise take the lowest."""
    if len(found) == 1:
        return found[0][0]
    ordered = sorted(found, key=lambda x: x[1].start)
    groups: list[list[tuple[int, Span]]] = [[ordered[0]]]
    for value, span in ordered[1:]:
        further = text and _FURTHER.search(text, span.start - offset, min(len(text), span.end - offset + 5))
        if span.start - groups[-1][-1][1].end <= 12 or further:  # "3 soldiers and 2 civilians were killed"
            groups[-1].append((value, span))
        else:
            groups.append([(value, span)])
    totals = [sum(v for v, _ in g) for g in groups]
    return min(totals)
