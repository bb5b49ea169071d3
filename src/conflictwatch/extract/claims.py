"""Source and claims: who tells the story, and whose account is it.

``source`` is the outlet when known (the report's metadata, a dateline such as "(Reuters)", or
"told Saba"); ``source_kind`` is news, party statement, NGO or official; ``claimed_by`` names the
party to whom the text attributes the account ("according to a statement by the ISF media office").
"""

from __future__ import annotations

from functools import lru_cache

from conflictwatch.records import ClaimResult, Span
from conflictwatch.rules import Rules, load

_PATTERNS = ("outlet", "ngo", "party_statement", "witness", "official_body", "official", "claimant", "subject_statement",)


def _rules(lang: str = "en") -> Rules:
    """This stage's words in one language (data/rules/<lang>/claims.json)."""
    return load("claims", lang, patterns=_PATTERNS)


@lru_cache(maxsize=8)  # the document model, the report and its one passage are often the same text
def attribute(text: str, source: str | None = None, lang: str = "en") -> ClaimResult:
    """The outlet, the kind of source and the claiming party of a report."""
    rx = _rules(lang)
    outlet = source
    if outlet is None:
        m = rx.outlet.search(text)
        if m:
            outlet = m.group("a") or m.group("b")
    kind = "news"
    claimant: str | None = None
    span: Span | None = None
    statement = rx.party_statement.search(text)
    if statement:
        kind = "party statement"
        m = rx.subject_statement.search(text) or rx.claimant.search(text)
        if m:
            claimant = m.group("who").strip().removesuffix(" and").strip()
            span = Span(m.start("who"), m.start("who") + len(claimant))
            if rx.official_body.search(claimant):
                kind = "official"
    elif rx.witness.search(text):
        m = rx.witness.search(text)
        assert m is not None
        claimant, span = m.group("who"), Span(m.start("who"), m.end("who"))
    elif rx.ngo.search(text):
        kind = "NGO"
        m = rx.ngo.search(text)
        assert m is not None
        claimant, span = m.group(0), Span(m.start(), m.end())
    elif rx.official.search(text):
        kind = "official"
    return ClaimResult(outlet, kind, claimant, span)
