"""The document model: what a report says about itself, read once before the stages run.

Every stage reads the :class:`~conflictwatch.records.Document` instead of guessing the country
again: the report's countries come from its dateline, the countries and places it names and the
home countries of the parties it names, weighed together; an event, a place or an actor of another
country then needs the passage's own evidence (a country name or a nationality word in it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from conflictwatch.extract import actors as actor_stage
from conflictwatch.extract import claims as claim_stage
from conflictwatch.extract import dates as date_stage
from conflictwatch.extract import roles as role_stage
from conflictwatch.records import ActorMention, Document, Report, Span

# How much each kind of evidence weighs (a dateline names where the reporter files from; a named
# party's home country is a weaker witness: groups fight abroad, and the same name has namesakes).
DATELINE_WEIGHT = 3.0
PARTY_WEIGHT = 0.8
# A country with less than this share of the best country's evidence is a passing mention
# ("Turkey called for …", "like the war in Ukraine"), not one of the report's settings.
SECONDARY_SHARE = 0.35
OPENING_CHARS = 8000  # the headline, lede and first paragraphs set the scene
HEADING_CHARS = 200  # a statement's heading ("Statement of the Izz ad-Din al-Qassam Brigades — 10 June")
NON_STATE_KINDS = ("rebel", "militia", "communal", "party", "group")  # named groups whose home says where

_DATELINE_PLACE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z .'\-]{1,40}?)(?:\s*\((?P<agency>[^)\n]{1,30})\))?\s*,\s*(?P<country>[A-Z][\w .'\-]{1,30}?)"
    r"\s*(?:\((?P<agency2>[^)\n]{1,30})\)\s*)?[,\-\u2013\u2014:]"
)

CountryScorer = Callable[[str], list[tuple[str, float]]]


def build(report: Report, country_scores: CountryScorer | None = None, language: str = "en") -> Document:
    """Read ``report`` once: its countries (ranked), parties, dates and author.

    ``country_scores`` is the geocoder's country evidence for a text (country names, demonyms and
    resolved places), as ``[(country, score), …]``; without it, country names and demonyms alone vote.
    ``language`` is the rules language the report is coded with (see :mod:`conflictwatch.ingest.language`).
    """
    text = report.text
    opening = text[:OPENING_CHARS]
    evidence: dict[str, float] = {}

    def vote(country: str | None, weight: float) -> None:
        if country:
            evidence[country] = evidence.get(country, 0.0) + weight

    if country_scores is not None:
        for country, score in country_scores(opening):
            vote(country, score)
    else:
        for country, _span in actor_stage.country_mentions(opening):
            vote(country, 1.0)
    line_span, line_country = _dateline(text)
    vote(line_country, DATELINE_WEIGHT)
    parties: list[str] = []
    homes: dict[str, int] = {}
    named = actor_stage.find_actors(opening, None, lang=language)
    for mention in named:
        if not (mention.known and mention.kind in NON_STATE_KINDS):
            continue
        if mention.country:
            homes[mention.country] = homes.get(mention.country, 0) + 1
        if mention.name not in parties:
            parties.append(mention.name)
            vote(mention.country, PARTY_WEIGHT)
    countries: tuple[str, ...] = ()
    if evidence:
        top = max(evidence.values())
        ranked = sorted(evidence.items(), key=lambda kv: (-kv[1], kv[0]))
        countries = tuple(c for c, score in ranked if score >= SECONDARY_SHARE * top)
    dateline = date_stage.dateline_date(text, report.published, language)
    published = report.published
    if published is None and dateline is not None and dateline[1] is not None:
        published = dateline[1]  # "KABUL, May 3, 2021 -": the dispatch's date anchors the report
    stamp = date_stage.page_stamp(text, language)
    if published is None and stamp is not None:
        published = stamp[1]  # "Posted on 3 March 2021": the page's own date
    claim = claim_stage.attribute(opening, report.source, language)
    author = claim.claimed_by if claim.source_kind in ("party statement", "official") else None
    main = countries[0] if countries else None
    author_actor = next((m for m in actor_stage.find_actors(author, main, lang=language)
                         if m.known and m.kind not in actor_stage.VICTIM_KINDS), None) if author else None
    if author_actor is None and role_stage.first_person_spans(opening, 0, language):
        # "Statement of the Qassam Brigades … Our mujahideen detonated …": the party its heading names speaks
        heading = opening[: opening.find("\n") if "\n" in opening[:HEADING_CHARS] else HEADING_CHARS]
        author_actor = next((m for m in actor_stage.find_actors(heading, main, lang=language)
                             if m.known and m.kind not in actor_stage.VICTIM_KINDS), None)
        author = heading.strip() if author_actor is not None else author
    adversary = _adversary(opening, named, author_actor, main) if author_actor is not None else None
    return Document(
        report_id=report.id,
        language=language,
        countries=countries,
        country_evidence=evidence,
        parties=tuple(parties),
        party_country=max(homes, key=lambda c: homes[c]) if homes else None,
        published=published,
        published_precision=report.published_precision if report.published else 1,
        dateline=line_span or (dateline[0] if dateline else None),
        dateline_date=dateline[1] if dateline else None,
        author=author,
        author_actor=author_actor,
        adversary_actor=adversary,
    )


def _adversary(text: str, named: list[ActorMention], author: ActorMention, country: str | None) -> ActorMention | None:
    """The side a party's statement calls "the enemy": the first armed side it names (``named``: the opening's
    actors, read once) that is not the author's (another state's forces, or a group when a state speaks), else
    the state of the first other country named."""
    for m in named:
        if not m.known or m.kind in actor_stage.VICTIM_KINDS or m.name == author.name:
            continue
        if m.kind in ("state", "external") and m.country:
            # read with no country, a state's forces are a state's; against the report's, at home or abroad
            inter, kind = (8, "external") if m.country != country else (1, "state")
            m = replace(m, inter=inter, kind=kind)
        if m.kind in ("state", "external") and author.kind in ("state", "external") and m.country == author.country:
            continue  # the author's own army, police or air force
        return m
    other = next((c for c, _span in actor_stage.country_mentions(text) if c != author.country), None)
    if other is None or author.kind not in ("state", "external"):
        return None
    name = actor_stage.state_force_name(other)
    inter, kind = (8, "external") if other != country else (1, "state")
    return ActorMention(name, inter, Span(0, 0), True, other, kind=kind)



def _dateline(text: str) -> tuple[Span | None, str | None]:
    """A dateline's country: "MAIDUGURI, Nigeria (Reuters) -" → Nigeria."""
    m = _DATELINE_PLACE.match(text)
    if m is None or not m.group("city").strip().isupper():
        return None, None
    words = actor_stage.dictionary().country_by_word
    country = words.get(m.group("country").strip())
    if country is None:
        return None, None
    return Span(m.start("city"), m.end("country")), country


def countries_named(text: str) -> frozenset[str]:
    """The countries a passage names by name or nationality word: its own evidence for a foreign place
    or actor."""
    return frozenset(country for country, _span in actor_stage.country_mentions(text))
