"""Source and claims: who tells the story, and whose account is it.

``source`` is the outlet when known (the report's metadata, a dateline such as "(Reuters)", or
"told Saba"); ``source_kind`` is news, party statement, NGO or official; ``claimed_by`` names the
party to whom the text attributes the account ("according to a statement by the ISF media office").
"""

from __future__ import annotations

import re

from conflictwatch.records import ClaimResult, Span

_OUTLET = re.compile(
    r"\((?P<a>Reuters|AFP|AP|Xinhua|Saba|SANA|ANHA|Anadolu|IRNA|Kurdistan24|Rudaw|Hawar|TOLOnews|Pajhwok|"
    r"Dawn|Al Jazeera|Al-Masdar|Shafaq)\)|\b(?:told|according to|reported by|cited by|said)\s+(?P<b>Reuters|AFP|"
    r"Saba|SANA|ANHA|Anadolu|Xinhua|the Associated Press|Al Jazeera|Rudaw|Kurdistan24|TOLOnews|Pajhwok|Hawar News Agency)\b"
)
_NGO = re.compile(
    r"\b(?:SOHR|Syrian Observatory(?: for Human Rights)?|Human Rights Watch|HRW|Amnesty(?: International)?|"
    r"OCHA|UNHCR|UNAMA|OSCE(?: SMM)?|ICRC|Red Cross|Red Crescent|MSF|Doctors Without Borders|monitor(?:ing group)?|"
    r"war monitor|NGO|rights group|human rights (?:group|organi[sz]ation|activists))\b"
)
_PARTY_STATEMENT = re.compile(
    r"\b(?:press statement|press release|(?:media|press) (?:office|center|centre|wing|cell)|statement (?:by|from|of|on its)|"
    r"released a statement|issued a statement|issue statement|said in a statement|spokes(?:man|woman|person) (?:for|of)|"
    r"in a statement)\b",
    re.I,
)
_WITNESS = re.compile(
    r"\baccording to (?P<who>(?:local |several |two |some )?(?:rescue workers|rescuers|residents|witnesses|medics|"
    r"doctors|hospital sources|health officials|security sources|local sources|sources|activists|tribal elders|"
    r"a (?:local |security |health |hospital )?(?:official|source|resident|witness|doctor)))\b", re.I)
_OFFICIAL_BODY = re.compile(
    r"\b(?:Ministry|Minister|Government|Governor|Presidency|Police|Army|Armed Forces|Military|Prime Minister|"
    r"Interior|Defen[cs]e|Gendarmerie|Prosecutor)\b"
)
_OFFICIAL = re.compile(
    r"\b(?:ministry|minister|governor|official(?:s)? said|officials told|police said|army said|military said|"
    r"state media|state television|state news agency|government said|authorities said|district chief|spokesman said)\b",
    re.I,
)
_CLAIMANT = re.compile(
    r"\b(?:according to|statement (?:by|from|of)|media office of|press office of|claimed by|said|reported|claimed|alleged)\s+"
    r"(?:a |an |the )?(?:statement (?:by|from|of) )?(?:the )?(?:media office of |press office of )?(?P<who>(?:[A-Z][\w'-]*\s*(?:of\s+(?:the\s+)?)?(?:and\s+)?){1,9})",
)
# Words of at most 41 characters: each start in a long hyphened run then costs 40 steps, not the run.
_SUBJECT_STATEMENT = re.compile(
    r"\b(?:the\s+)?(?:media office of\s+)?(?:the\s+)?(?P<who>(?:[A-Z][\w'-]{0,40}\s+(?:of\s+(?:the\s+)?)?(?:and\s+)?){1,9})"
    r"(?:media office\s+)?(?:released|issued|published|said in)\s+(?:a\s+)?(?:statement|press statement|press release)"
)


def attribute(text: str, source: str | None = None) -> ClaimResult:
    """The outlet, the kind of source and the claiming party of a report."""
    outlet = source
    if outlet is None:
        m = _OUTLET.search(text)
        if m:
            outlet = m.group("a") or m.group("b")
    kind = "news"
    claimant: str | None = None
    span: Span | None = None
    statement = _PARTY_STATEMENT.search(text)
    if statement:
        kind = "party statement"
        m = _SUBJECT_STATEMENT.search(text) or _CLAIMANT.search(text)
        if m:
            claimant = m.group("who").strip().removesuffix(" and").strip()
            span = Span(m.start("who"), m.start("who") + len(claimant))
            if _OFFICIAL_BODY.search(claimant):
                kind = "official"
    elif _WITNESS.search(text):
        m = _WITNESS.search(text)
        assert m is not None
        claimant, span = m.group("who"), Span(m.start("who"), m.end("who"))
    elif _NGO.search(text):
        kind = "NGO"
        m = _NGO.search(text)
        assert m is not None
        claimant, span = m.group(0), Span(m.start(), m.end())
    elif _OFFICIAL.search(text):
        kind = "official"
    return ClaimResult(outlet, kind, claimant, span)
