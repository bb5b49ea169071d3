"""The coder: wires the extraction stages into events.

report → units (segment) → incidents (grouping by date cues and "another incident" markers)
→ per incident: type (classify), date, counts, place (geo), actors, claims → events, merged
when two passages of one report tell the same incident (same day and type).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from conflictwatch import __version__, acled
from conflictwatch.errors import CodingError, ConflictWatchError
from conflictwatch.extract import actors as actor_stage
from conflictwatch.extract import claims as claim_stage
from conflictwatch.extract import classify as classify_stage
from conflictwatch.extract import counts as count_stage
from conflictwatch.extract import dates as date_stage
from conflictwatch.extract import document as document_stage
from conflictwatch.extract import roles as role_stage
from conflictwatch.extract import segment as segment_stage
from conflictwatch.extract.deadline import DEFAULT_DEADLINE, Deadline
from conflictwatch.geo import eras as geo_eras
from conflictwatch.ingest.language import rules_language
from conflictwatch.notes import write_note
from conflictwatch.records import (
    ActorMention,
    Classification,
    DateNote,
    DateResult,
    Document,
    Event,
    Place,
    Report,
    ReportFailure,
    Sentence,
    Span,
)
from conflictwatch.rules import Rules, content_hash, load

# The package's version and a hash of its rules and dictionaries: a changed rule re-codes the store.
CODER_VERSION = f"conflictwatch-coder/{__version__}+{content_hash()}"

_PATTERNS = ("habitual", "trend", "history", "scene", "in_place", "non_incident_lead", "anaphoric_before",
             "irrealis_before", "named_place", "not_a_place", "aggregate", "section_header", "day_heading",
             "item_heading", "place_heading", "summary_heading", "toll_clause", "dated_opening", "dated_deed",
             "perfect", "since_conflict", "perfect_toll", "history_goes_on", "day_of_telling", "bodies_found",
             "list_item", "list_lead", "sequel", "since_month", "perfect_killed", "seat_of_talks", "place_list",
             "target_list", "also_targeted", "target_separator", "list_separator", "flight")


def _rules(lang: str = "en") -> Rules:
    """How sentences group into incidents, in one language (data/rules/<lang>/incidents.json)."""
    return load("incidents", lang, patterns=_PATTERNS, values=("anaphora_holds_date", "place_probe"))


@dataclass
class Options:
    """How the coder runs. ``geocode`` False skips the gazetteer (fields stay empty)."""

    geocode: bool = True
    max_events_per_report: int = 25
    # Plural deaths of no stated number ("several fighters were killed"): ACLED codes 10; 0 codes only
    # stated figures. Either way the event says ``fatalities_known: false``.
    vague_fatalities: int = count_stage.VAGUE_FATALITIES
    # Wall-clock seconds one report may take; past it the report fails with CW210 and the batch goes on
    # (checked between sentences, stages and incidents). None: no limit.
    deadline: float | None = DEFAULT_DEADLINE


@dataclass
class _Incident:
    units: list[Sentence]
    background: bool
    date: DateResult | None = None
    flags: list[str] = field(default_factory=list)
    parts: int = 0  # the incidents told one by one after a lead that sums them up ("strikes on four towns")
    lead: list[Sentence] = field(default_factory=list)  # that lead, for a part that names no side of its own
    listed: bool = False  # an item of a list after its lead ("1- At 10:15, the barracks"): it names only the target
    deeds_end: int | None = None  # where its last sentence with an event cue ends: comment after it tells no deed
    heading_place: Place | None = None  # the place named on a line of its own over it ("Ninewa")
    anchor: dt.date | None = None  # the day of a live blog's day heading over it ("Thursday 5 October")

    @property
    def text(self) -> str:
        return " ".join(u.text for u in self.units)

    @property
    def span(self) -> Span:
        return Span(self.units[0].span.start, self.units[-1].span.end)


class Coder:
    """Codes reports into events. Thread-compatible; build once and reuse."""

    def __init__(self, options: Options | None = None, geocoder: object | None = None):
        self.options = options or Options()
        self._geocoder = geocoder
        self._geocoder_loaded = geocoder is not None
        self._warm = False
        self._warm_languages: set[str] = set()

    @property
    def geocoder(self):  # type: ignore[no-untyped-def]
        if not self._geocoder_loaded:
            self._geocoder_loaded = True
            if self.options.geocode:
                from conflictwatch.geo import default_geocoder

                self._geocoder = default_geocoder()
        return self._geocoder

    def _geocoder_in(self, lang: str):  # type: ignore[no-untyped-def]
        """The geocoder reading place contexts in the report's rules language (an injected one without
        languages reads every text with its own; None without geocoding)."""
        geocoder = self.geocoder
        in_language = getattr(geocoder, "in_language", None)
        return in_language(lang) if in_language is not None else geocoder

    def __getstate__(self) -> dict[str, object]:
        """A copy sent to a worker process warms up there: what this process loaded is not loaded there."""
        state = dict(self.__dict__)
        state["_warm"], state["_warm_languages"] = False, set()
        return state

    # -- public -----------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load what the stages load on first use (the gazetteer, the dictionaries, the lexicon, the
        parser), so that a report's deadline never counts a process's start-up."""
        if self._warm:
            return
        self._warm = True
        _ = self.geocoder
        actor_stage.dictionary()
        classify_stage.classify("Gunmen attacked a checkpoint.", 0)
        rules_language("Gunmen attacked a checkpoint.")  # the language identifier's model
        count_stage.rules()
        date_stage.rules()
        role_stage.parser_available()

    def code(self, report: Report) -> list[Event]:
        """All events of one report (an empty list when it reports no event)."""
        self.warm_up()
        text = report.text
        deadline = Deadline(self.options.deadline)
        _language, lang = rules_language(text)  # LanguageNotCodedError for a language without rules
        if lang not in self._warm_languages:
            # the first report in a language loads its rules and its parser: not the report's time
            self._warm_languages.add(lang)
            count_stage.rules(lang)
            date_stage.rules(lang)
            role_stage.parser_available(lang)
            deadline = Deadline(self.options.deadline)
        document = self.document(report, lang)
        if report.published is None and document.published is not None:
            report = replace(report, published=document.published)
        elif report.published is not None and report.published_precision >= 3:
            # a brief dated by its month: relative dates and dates without a year are read against the
            # month's last day, and dated to the month (precision 3) in _code_incident
            report = replace(report, published=_month_end(report.published))
        incidents = self._incidents(text, report.published, deadline, document.language)
        claim = claim_stage.attribute(text, report.source, document.language)
        context = _ReportContext(text, document)
        events: list[Event] = []
        for index, incident in enumerate(incidents):
            deadline.check(f"at incident {index + 1} of {len(incidents)} (character {incident.span.start} of {len(text)})")
            event = self._code_incident(report, incident, index, claim, context)
            if event is not None:
                listed = self._listed_places(event, incident, text, document.language)
                if listed:  # each place of the list its own protest, never merged back into one
                    event = _flagged(event, "listed-place")
                events += [event, *listed]
        events = _merge_same_incident(_drop_old_references(_drop_summed_leads(events), report.published, text,
                                                            document.language))
        events = _drop_lead_genre(events, text, report.published, _rules(document.language), document.language)
        return events[: self.options.max_events_per_report]

    def document(self, report: Report, lang: str = "en") -> Document:
        """The report's document model (countries, parties, dates, author; ``lang``, the rules language
        it is coded with), read once."""
        geocoder = self._geocoder_in(lang)
        scorer = None
        if geocoder is not None:
            def scorer(text: str) -> list[tuple[str, float]]:
                return list(geocoder.explain(text).country_scores)
        return document_stage.build(report, scorer, lang)

    # -- stages -----------------------------------------------------------------------------------
    def _incidents(self, text: str, published: dt.date | None, deadline: Deadline, lang: str = "en") -> list[_Incident]:
        rx = _rules(lang)
        units = [piece for u in segment_stage.units(text, deadline, lang) for piece in _toll_clauses(u, rx, lang)]
        if not units:
            return []
        typed = []
        for u in units:
            deadline.check(f"while classifying sentences, at character {u.span.start} of {len(text)}")
            cls = classify_stage.classify(u.text, u.span.start, lang=lang)
            if cls is None and classify_stage.non_event_cues(u.text, lang):
                # "drug traffickers from the Comando Vermelho shot dead …": a named armed group is no ordinary crime
                cls = classify_stage.classify(u.text, u.span.start, _named_non_state(u.text, lang), lang=lang)
            typed.append((u, cls))
        summing = _summary_units(text, typed, rx)
        if summing:  # "Key points\n• One drone strike in Sinjar district.": the sections below tell them
            typed = [(u, c) for u, c in typed if u.span.start not in summing]
        event_units = [u for u, c in typed if c is not None]
        habitual_drop = len(event_units) > 1
        incidents: list[_Incident] = []
        current: _Incident | None = None
        sentence_background = False
        leading: list[Sentence] = []
        summary: _Incident | None = None  # a lead that sums up the incidents told after it
        heading = False  # a section heading since the last deed
        story_day: dt.date | None = None  # the day of the last dated incident: an undated one goes on in it
        cued: dict[int, Classification] = {}  # the sentences that carry event cues, by where they start
        dated: tuple[Sentence, DateResult] | None = None  # a sentence that opens with its day but tells no deed
        listing: tuple[Classification, DateResult, _Incident] | None = None  # a deed told with a colon, then a list
        after_history = False  # the sentence before was history: a toll in the perfect after it goes on with it
        scened: Sentence | None = None  # a sentence with no deed that opens a scene elsewhere ("In Tomsk, 100 gathered")
        headed: Sentence | None = None  # a bulletin item's heading with its place and day, before its deed
        headed_place: Place | None = None  # the place that heading names on a line of its own ("Ninewa")
        anchor, anchored = published, False  # the day relative dates are read from: a live blog's day heading
        for unit, cls in typed:
            deadline.check(f"while grouping sentences, at character {unit.span.start} of {len(text)}")
            background = segment_stage.is_background(unit.text, lang)
            if unit.opens_incident:
                # a clause of the same sentence: "the days and weeks prior have seen X and another incident …"
                background = background or sentence_background
            sentence_background = background
            history = habitual_drop and unit is not event_units[0] and (
                _is_history(unit.text, anchor, rx, cls)
                # "More than 200 people have been killed since October. Around a dozen soldiers have been killed on
                # the Israeli side.": the running total goes on
                or after_history and cls is not None and bool(rx.perfect_toll.search(unit.text)
                                                              or rx.history_goes_on.search(unit.text))
                and date_stage.resolve_date(unit.text, anchor, unit.span.start, lang=lang).span is None)
            after_history = history
            if history or habitual_drop and unit is not event_units[0] and (
                    classify_stage.rhetoric_cues(unit.text, lang) and not count_stage.has_toll(unit.text, lang)):
                # "the war has killed tens of thousands since 2015", "Turkey called for a halt to the
                # fighting": context and appeals, not incidents (a deed with its toll stays, whatever vow
                # follows it: "strikes on Barmal killed 46 people, the Taliban said, and vowed to retaliate")
                continue
            if cls is None and rx.section_header.match(unit.text) and _run_in_heading(text, unit.span, rx):
                heading = True  # "Abyan." opening a brief's paragraph: what follows is another scene
                continue
            if cls is None and not background and rx.day_heading.match(unit.text) and _own_line(text, unit.span):
                # "Thursday 5 October" over a live blog's entries: their "this evening" is that day's
                day = date_stage.resolve_date(unit.text, published, unit.span.start, False, lang)
                if day.span is not None and (published is None or day.date <= published):
                    anchor, anchored = day.date, True
                continue
            item_opened = _opens_item(text, unit, rx)
            heading_place = None if cls is not None or background or item_opened else self._place_heading(
                text, unit, rx, lang)
            if heading_place is not None:
                item_opened = True  # "Ninewa" on a line of its own over a bulletin's paragraph: a scene there
                headed_place = heading_place
            if item_opened and cls is None and not background:
                # "2. El Estor, Izabal (7 March). Some 300 police agents …": a bulletin's item opens with its place
                # and day; the deed told after it opens an incident with the item's sentences
                heading, headed = True, unit
                (leading if current is None else current.units).append(unit)
                continue
            heading = heading or item_opened  # "• Kpendjal, 11 July — An explosive device exploded …"
            if listing is not None and rx.list_item.match(unit.text):
                item = listing
                cls = cls or item[0]  # "1- At 10:15, the barracks, with rockets": a part of the deed told before
            else:
                item = listing = None
            if cls is None:
                if current is not None and not background:
                    if scened is None and _opens_scene_elsewhere(current, unit, rx, lang, text):
                        scened = unit
                    current.units.append(unit)
                    dated = _dated_opening(unit, anchor, rx, lang)
                elif current is None and not background:
                    leading.append(unit)  # "On 2 May, forces fired rubber bullets…" before the first cue
                continue
            cued[unit.span.start] = cls
            date = date_stage.resolve_date(unit.text, anchor, unit.span.start, background, lang)
            if date.span is not None and rx.day_of_telling.search(text, max(0, date.span.start - 16), date.span.start):
                date = replace(date, span=None)  # "nine bodies had been recovered by Sunday afternoon": told, not done
            opening = None
            # "In the Siberian city of Tomsk, around 100 people gathered. Police detained a student …": the deed
            # told after a scene set elsewhere is that scene's
            scene_opening = scened if scened is not None and current is not None and scened in current.units and (
                _places(unit.text, lang) <= _places(scened.text, lang)) else None
            scened = None
            if dated is not None and date.span is None and not background:
                # "On 23 December, our troops detected a group of terrorists. In the ensuing clash, six were killed."
                opening, date = dated
            dated = None
            if headed is not None and date.span is None and not background:
                item_day = date_stage.resolve_date(headed.text, anchor, headed.span.start, False, lang)
                if item_day.span is not None:
                    date = item_day
            if habitual_drop and date.span is None and scene_opening is None and (
                    rx.trend.search(unit.text) or rx.habitual.search(unit.text) and not background):
                if (current is not None and not background and not rx.trend.search(unit.text)
                        and not rx.perfect.search(unit.text) and count_stage.has_toll(unit.text, lang)
                        and not count_stage.has_toll(current.text, lang)):
                    # "Dozens of fighters were killed in the fighting over the past week": the toll of the deed
                    # told just before, which has none of its own
                    current.units.append(unit)
                continue  # "sticky bombs have become a weapon of choice": a trend, not an incident
            if unit.opens_incident and date.span is None and current is not None and current.date is not None:
                date = current.date
            if item is not None and date.span is None:
                date = item[1]
            has_date_cue = date.span is not None
            # "The demonstrations marked the biggest challenge since he ousted the cabinet on Monday": a sentence
            # whose every cue points back tells no deed of its own, nor its day
            pointing_back = has_date_cue and _every_cue_after(rx.anaphoric_before, text, cls)
            placed = current is not None and _next_place(current, unit, cls, rx, lang, text, cued)
            new = (
                current is None
                or background != current.background
                or segment_stage.opens_separate_incident(unit.text, lang, current.text)
                or unit.opens_incident
                or _elsewhere(current, unit, rx)
                or placed
                or heading
                or item is not None
                or scene_opening is not None
                # (a deed told again on the day it was told of: "L'attaque a été revendiquée mercredi")
                # (a toll told on a later day: "… the health ministry said on Thursday that 84 people had been killed")
                or (has_date_cue and not (date.note == date_stage.STATEMENT_DATE and _toll_told(unit, cls, lang))
                    and not _found_later(current, unit, date, rx, lang)
                    and not (pointing_back and (rx.anaphora_holds_date or date.note == date_stage.STATEMENT_DATE))
                    and (current.date is not None and current.date.span is not None and date.date != current.date.date
                         or current.date is None and story_day is not None and date.date != story_day
                         and not pointing_back))
            )
            heading = False
            item_head, headed = headed, None
            if item_head is None:
                headed_place = None
            itemised = item_opened or item_head is not None  # a bulletin's item, its heading told before or in it
            if new:
                if item is not None:
                    summary = item[2]  # the lead sums up its items: each is coded, the lead is none of its own
                elif (placed or itemised) and summary is None and current is not None and rx.aggregate.search(current.text):
                    # "air strikes on four towns …", then the towns one by one (a bulletin's summary, then its items)
                    current = summary = _summing_part(current, cued, incidents, text, published, lang)
                elif not (placed or itemised):
                    summary = None
                if summary is not None:
                    summary.parts += 1
                if not incidents and leading and not background:
                    # the sentences before the first incident open it (a dateline, the first half of a note)
                    # (read from the report itself, so the day's span is where the words stand)
                    lead_date = date_stage.resolve_date(text[leading[0].span.start : leading[-1].span.end], anchor,
                                                        leading[0].span.start, lang=lang)
                    if not has_date_cue and lead_date.span is not None:
                        date, has_date_cue = lead_date, True
                    current = _Incident([*leading, unit], background, date if has_date_cue else None,
                                        heading_place=headed_place if item_head is not None else None)
                else:
                    first = [unit]
                    opened_by = item_head if item_head is not None and current is not None and (
                        item_head in current.units) else None
                    if opened_by is not None:
                        at = current.units.index(opened_by)  # the item's heading and sentences open its incident
                        first = [*current.units[at:], unit]
                        del current.units[at:]
                    elif scene_opening is not None and current is not None and scene_opening in current.units:
                        at = current.units.index(scene_opening)  # the scene's sentences open the incident set there
                        first = [*current.units[at:], unit]
                        del current.units[at:]
                    elif opening is not None and current is not None and current.units[-1] is opening:
                        current.units.pop()  # the sentence that gave the day opens the incident it dates
                        first = [opening, unit]
                    # "Hours later, a suicide bomber tried to enter the cathedral": the day of the part told before
                    earlier = current.date if current is not None and placed and rx.sequel.match(unit.text) and (
                        current.anchor == (anchor if anchored else None)) else None  # (not across a day heading)
                    current = _Incident(first, background, date if has_date_cue else earlier or summary and summary.date,
                                        lead=summary.units if summary is not None else [], listed=item is not None,
                                        heading_place=headed_place if opened_by is not None else None)
                current.anchor = anchor if anchored else None
                incidents.append(current)
            else:
                assert current is not None
                current.units.append(unit)
                if current.date is None and has_date_cue and not pointing_back:
                    current.date = date
            if current is not None and current.date is not None and current.date.span is not None and not current.background:
                story_day = current.date.date
            if item is None and current is not None and rx.list_lead.search(unit.text):
                listing = (cls, date, current)  # "… targeted the following positions of the enemy:"
        if len(text) >= _ARTICLE_CHARS:  # only an article's kind is read to its last deed (_deeds_told)
            for i in incidents:
                i.deeds_end = max((u.span.end for u in i.units if u.span.start in cued
                                   or classify_stage.find_cues(u.text, lang=lang).has("intervention", "excessive")),
                                  default=None)
        # a lead that sums up the incidents told after it is none of its own (ACLED codes each place)
        return [i for i in incidents if i.parts < 2]

    def _place_heading(self, text: str, unit: Sentence, rx: Rules, lang: str) -> Place | None:
        """The place a name on a line of its own ("Ninewa", "North Kivu") over a bulletin's paragraphs names, in
        a country the report names ("Outlook" is no Canadian town in a note on Mali)."""
        if not rx.place_heading.match(unit.text) or not _own_line(text, unit.span):
            return None
        geocoder = self._geocoder_in(lang)
        if geocoder is None:
            return None
        probe = str(rx.place_probe).format(unit.text)
        for country in sorted(document_stage.countries_named(text)):
            place, _ = geocoder.locate(probe, None, country)
            if place is not None and place.resolved and place.country == country:
                return replace(place, span=Span(unit.span.start, unit.span.end), unresolved_span=None)
        return None

    def _code_incident(self, report: Report, incident: _Incident, index: int,
                       claim: claim_stage.ClaimResult, context: _ReportContext) -> Event | None:
        text = report.text
        inc_text = _masked(text, incident)
        offset = incident.span.start
        document = context.document
        own_claim = claim_stage.attribute(inc_text, report.source, document.language)
        if own_claim.claimed_by or own_claim.source_kind != "news":
            # the incident's own attribution ("according to rescue workers") beats the report's
            span = own_claim.span
            claim = replace(own_claim, span=Span(span.start + offset, span.end + offset) if span else None)
        named_here = document_stage.countries_named(inc_text)
        own_hint = _actor_country_hint(inc_text, document.language)
        # the report's country guides the geocoder, unless the passage's own named groups and words
        # place it elsewhere ("across the border in Kenya, al Shabaab …")
        hint = own_hint if own_hint and document.allows(own_hint, named_here) else (
            document.country or own_hint or document.party_country)
        # the comment after an article's last deed ("grain exports from the Odesa ports have continued") places
        # no deed
        told = Span(incident.span.start, incident.deeds_end or incident.span.end)
        place, mentioned = self._place(_geo_window(text, told), told, hint, document.language)
        if incident.heading_place is not None and (place is None or not place.resolved or not _placed_in(place, told)):
            # "Basra" over the paragraph: the scene its heading names, when the deeds name no place of their own
            place = incident.heading_place
        context_flag = None
        if place is not None and not document.allows(place.country, named_here):
            place, context_flag = None, "place-abroad-unsupported"  # a namesake abroad: 'Khab' is not Cheb
        if place is None or place.location in (None, place.country) or not place.resolved:
            # "another incident at a checkpoint in the city": the report's own main place
            if context.place is _UNSET:
                found = self._place(_geo_window(text, None), None, document.country or document.party_country,
                                    document.language)[0]
                context.place = found if found is not None and document.allows(found.country) else None
            report_place = context.place
            if isinstance(report_place, Place) and report_place.resolved and report_place.location != report_place.country:
                unknown = (place.unresolved_name, place.unresolved_span) if place is not None else (None, None)
                place, context_flag = report_place, "place-from-context"
                if unknown[0] is not None:  # the village the gazetteer lacks stays named
                    place = replace(place, unresolved_name=unknown[0], unresolved_span=unknown[1])
        if place and place.country:
            country: str | None = place.country
        else:
            # no place and no country named: the report's country, else the home country of the named groups
            country = document.country or hint
        mentions = actor_stage.find_actors(inc_text, country, offset, frozenset(document.countries) | named_here,
                                           document.language)
        side_text, side_offset, sides_told = inc_text, offset, incident
        if incident.lead and (incident.listed or not any(
                m.kind not in actor_stage.UNARMED and not actor_stage.speaks(m, inc_text, offset, document.language)
                for m in mentions)):
            # "A woman was killed in Ariha" after "warplanes carried out air strikes on four towns": the part of a
            # roundup that names no side (or only the force that tells it) is the lead's deed, by the lead's sides,
            # at the part's place and toll
            # (an item of a list names only its target's objects: "1- At 10:15, the barracks, with rockets")
            sides_told = _Incident([*incident.lead] if incident.listed else [*incident.lead, *incident.units],
                                   incident.background)
            side_text, side_offset = _masked(text, sides_told), sides_told.span.start
            mentions = actor_stage.find_actors(side_text, country, side_offset,
                                               frozenset(document.countries) | named_here, document.language)
        if document.author_actor is not None:
            told = actor_stage.author_mentions(side_text, side_offset, document.author_actor, document.language,
                                               document.adversary_actor)
            mentions = sorted(mentions + told, key=lambda m: m.span.start)
        # whether the first armed actor named is a state force (None when no armed actor is named)
        state_agent = next((m.kind in ("state", "external") for m in mentions
                            if m.kind not in actor_stage.UNARMED and (m.known or m.kind == "state")),
                           None)
        # the armed sides, as the one actor dictionary knows them, tell the classifier who took ground: only the
        # state's own forces regain ground; a foreign army taking a town abroad overtakes it (ACLED)
        near = (incident.date.date if incident.date else None) or report.published
        sides = tuple((m.span, m.kind == "state" and (not country or not m.country or m.country == country)) for m in
                      (actor_stage.dated(m, near) for m in mentions if m.kind not in actor_stage.UNARMED) if m is not None)
        # the comment after the last sentence that tells a deed ("the fighting risks drawing in the region") does
        # not change its kind
        told_text = _deeds_told(side_text, side_offset, incident)  # a note's deeds_end is None: all of it
        cls = lead_cls = classify_stage.classify(told_text, side_offset, state_agent, lang=document.language, sides=sides)
        if sides_told is not incident:
            # a part that tells its own kind of deed ("a missile struck a warehouse") keeps it; one that only
            # counts the dead ("a woman was killed in Ariha") is the lead's deed
            own = classify_stage.classify(inc_text, offset, state_agent, lang=document.language, sides=sides)
            if own is not None and own.event_type != "Violence against civilians" and not (
                    lead_cls is not None and own.event_type == lead_cls.event_type
                    and not classify_stage.find_cues(inc_text, offset, document.language).has(*_NAMED_WEAPONS)):
                cls = own  # ("the first blast tore through the church" after "suicide bombers struck two churches"
                # is the lead's suicide bombing: a bare blast names no weapon of its own)
        body = [u for u in incident.units if not _is_heading(u, text)]  # the passage without its headline
        if cls is not None and body and (cls.sub_event_type in _GROUND or cls.event_type == "Strategic developments"):
            # "A drone strike on the main square killed 26 … Fano briefly took control of Lalibela this month": the
            # weapon the passage's first sentence strikes with is its deed; ground taken or moves told after it are
            # the story's setting
            first = classify_stage.classify(body[0].text, body[0].span.start, state_agent, lang=document.language,
                                            sides=sides)
            if first is not None and first.event_type == _REMOTE:
                cls = first
        if cls is not None and body and len(body) < len(incident.units) and len(text) >= _ARTICLE_CHARS \
                and cls.evidence and not any(u.span.start <= e.start < u.span.end for u in body for e in cls.evidence):
            # "Militia kills 23 in attack on camp; army battles M23 near Kitshanga", then the lede of the camp: a
            # kind only the headline tells (of another of its deeds) yields to the one the passage's sentences tell
            told = classify_stage.classify(_masked(text, _Incident(body, incident.background)), body[0].span.start,
                                           state_agent, lang=document.language, sides=sides)
            cls = told or cls
        if cls is None:
            return None
        lang = context.document.language
        published = incident.anchor or report.published  # a live blog's day heading dates its entries
        date = incident.date or date_stage.resolve_date(inc_text, published, offset, incident.background, lang)
        if (incident.date is None and date.span is not None and context.last_date is not None and not incident.background
                and date.date is not None and date.date < context.last_date.date):
            # no sentence that tells a deed here is dated; an earlier day in the comment around it ("the generals
            # seized power on February 1") is not the deed's: the story goes on in its last named day
            date = replace(context.last_date, span=None, note=DateNote.PUBLISHED)
        cue_unit = _cue_unit(incident, cls, text)
        # the lead's deed sentence names the sides of a part that names none
        deed_unit = cue_unit if sides_told is incident or lead_cls is None else _cue_unit(sides_told, lead_cls, text)
        if incident.listed:
            deed_unit = incident.lead[-1]  # "… targeted the following positions of the enemy:" names who struck
        if incident.date is None and cue_unit is not None and not incident.background:
            # "the police spokesman said on Thursday that the bandits stormed the village on Wednesday": the deed's
            # own sentence dates it, not the first date of the passage
            own = date_stage.resolve_date(cue_unit.text, published, cue_unit.span.start, False, lang)
            if own.span is not None and own.note != date_stage.STATEMENT_DATE and own.date is not None:
                date = own
        if date.note == date_stage.STATEMENT_DATE and not incident.background:
            # "… killed at least 70 inmates, the charity said on Saturday. … the toll from Friday's strike was higher":
            # the deed's own day, told by its possessive, beats the day it was told on
            date = date_stage.possessive_day(inc_text, published, offset, lang) or date
        if date.note == DateNote.PUBLISHED and context.last_date is not None and not incident.background and (
                incident.anchor is None):  # (under a live blog's day heading, that day)
            # "… on Sunday, September 17. At least 18 civilians were also killed in another drone strike": a
            # passage with no date of its own goes on in the story's last named day, not the publication's
            date = replace(context.last_date, span=None, note=DateNote.PUBLISHED)
        if report.published_precision >= 3 and report.published is not None and date.note in _ANCHORED_ON_PUBLISHED:
            date = replace(date, date=report.published.replace(day=1),
                           time_precision=max(date.time_precision or 1, report.published_precision))
        if incident.background and incident.date is None and date.time_precision == 1 and date.span is None:
            date = replace(date, time_precision=2)
        first = incident.units[0]
        headline = first.span.end - offset if first.span.start == 0 and _is_heading(first, text) else 0
        counts = count_stage.count(inc_text, offset, self.options.vague_fatalities, lang, headline)
        lethal = acled.lethal_counterpart(cls.sub_event_type)
        if lethal is not None and counts.fatalities and counts.fatalities_known:
            # "gunmen torched houses and killed two villagers": a looting that kills is an attack
            lethal_type = acled.sub_event_types()[lethal]
            cls = replace(cls, event_type=lethal_type, sub_event_type=lethal,
                          disorder_type=classify_stage.disorder_type(lethal_type, lethal))
        if cls.sub_event_type in acled.without_fatalities():
            # deaths named in a protest report are what people protest about, not caused by the protest; a
            # strategic development is no violence ("hundreds have been killed" beside a peace deal came before it)
            counts = replace(counts, fatalities=0, fatalities_known=True, fatality_spans=(), fatality_range=None)
        own_date = date.span is not None and date.note != date_stage.STATEMENT_DATE
        rx_in = _rules(lang)
        stated_toll = bool(counts.fatalities or counts.injuries or counts.arrests)
        if not stated_toll and report.published is not None and (
                date.date is not None and date_stage.after_publication(date.date, report.published)
                or incident.background and incident.date is None):
            # a passage dated only after its publication ("elections due in May 2025" in a year-end analysis) tells
            # a plan, not a deed; background with no day and no toll of its own ("the court has previously ordered
            # restrictions on police raids") is no event a coder could date
            return None
        if len(text) >= _ARTICLE_CHARS and not stated_toll and not _placed_in(place, incident.span) and (
                not own_date or classify_stage.rhetoric_cues(inc_text, document.language) > 0):
            # in a long article, a passage with no toll and no place of its own that has no date either, or
            # that judges, appeals or tells a trial, is comment or analysis ("sexual violence is rife", "the
            # threat is spilling over", "was acquitted of charges of rape"), not an incident
            return None
        if len(text) >= _ARTICLE_CHARS and cls.sub_event_type == "Other" and cls.evidence and all(
                rx_in.flight.fullmatch(text, s.start, s.end) for s in cls.evidence):
            # in an article, people's flight alone ("thousands fled to the border town") is the sequel of the deeds
            # told around it, or humanitarian background: ACLED codes the deeds, not the flight
            return None
        if not stated_toll and (
                len(text) >= _ARTICLE_CHARS and not own_date and _every_cue_after(rx_in.anaphoric_before, text, cls)
                or _every_cue_after(rx_in.irrealis_before, text, cls)):
            # "… cited the decision on Jerusalem as the reason for the attack": the deed told elsewhere, named
            # again; "the officers said they would be attacked", "instead of deterring attacks": a fear, no deed
            return None
        roles = actor_stage.assign_roles(mentions, cls.event_type, cls.sub_event_type, side_text, side_offset, country,
                                         _cue_sentence_roles(deed_unit, mentions, lang), lang,
                                         focus=deed_unit.span if deed_unit is not None else None, on=date.date)
        if country is None:
            # nothing else places the report: the home country of the state force it names (its parties)
            country = next((m.country for m in (roles.actor1, roles.actor2)
                            if m is not None and m.known and m.kind == "state" and m.country), None)
        flags = list(incident.flags) + ([context_flag] if context_flag else [])
        if date.date is None:
            flags.append("date-unanchored")
        if place is not None and not place.resolved:
            flags.append("place-unresolved")
        if place is not None and place.unresolved_name is not None:
            flags.append("place-not-in-gazetteer")  # placed at the admin unit or town it falls back to
        if place is None:
            flags.append("place-missing")
            # the text names no place in its country: the event stands at the capital, as ACLED codes one
            # known only by its country (geo_precision 3; the flag above still says the text named none)
            country_place = getattr(self.geocoder, "country_place", None) if country else None
            place = country_place(country) if country_place is not None else None
        if not counts.fatalities_known:
            flags.append("fatalities-unknown")
        if count_stage.earlier_toll(inc_text, counts, offset, lang):
            flags.append("earlier-toll")  # "the ministry first put the toll at 20": a later telling's toll wins
        elif count_stage.updated_toll(inc_text, counts, offset, lang):
            flags.append("updated-toll")  # "the toll has risen to 25": it wins over a toll told without an update
        if incident.background:
            flags.append("background-incident")
        if incident.listed:
            flags.append("listed-part")  # one of the strikes a statement lists: its own event, never merged
        # state forces carry the label of the government in office on the event's date (ACLED)
        on = date.date
        roles = replace(roles, actor1=actor_stage.dated(roles.actor1, on), actor2=actor_stage.dated(roles.actor2, on),
                        assoc1=actor_stage.dated(roles.assoc1, on), assoc2=actor_stage.dated(roles.assoc2, on))
        a1, a2 = roles.actor1, roles.actor2
        if len(text) < _ARTICLE_CHARS:  # a coder's note: a partisan's claimed toll of its enemies is coded 0
            counts = count_stage.partisan_toll(counts, inc_text, offset, a1, a2, lang)
        inter1 = a1.inter if a1 else 0
        inter2 = a2.inter if a2 else 0
        evidence: dict[str, tuple[Span, ...]] = {
            "event_type": cls.evidence, "sub_event_type": cls.evidence,
        }
        if date.span and date.note != date_stage.STATEMENT_DATE:
            evidence["event_date"] = (date.span,)  # a statement's day ("said on Monday") is no evidence of the deed's
        for name, mention in (("actor1", a1), ("assoc_actor_1", roles.assoc1), ("actor2", a2), ("assoc_actor_2", roles.assoc2)):
            if mention is not None and mention.span.end > mention.span.start:
                evidence[name] = (mention.span,)
        if counts.fatality_spans:
            evidence["fatalities"] = counts.fatality_spans
        if place is not None and place.span is not None:
            evidence["location"] = (place.span,)
        if place is not None and place.unresolved_span is not None:
            evidence["place_text"] = (place.unresolved_span,)
        if claim.span is not None:
            evidence["claimed_by"] = (claim.span,)
        if (date.span is not None and date.note != date_stage.STATEMENT_DATE and not incident.background
                and date.time_precision == 1 and date.date is not None
                and (report.published is None or date.date >= report.published - _STALE_WITH_NEWS)):
            context.last_date = date  # a day of the story's own news, not a month or a year of its history
        event = Event(
            doc_id=report.id,
            event_id=_event_id(report.id, index, date.date, cls.sub_event_type),
            event_date=date.date,
            time_precision=date.time_precision,
            disorder_type=cls.disorder_type,
            event_type=cls.event_type,
            sub_event_type=cls.sub_event_type,
            actor1=a1.name if a1 else None,
            assoc_actor_1=roles.assoc1.name if roles.assoc1 else None,
            inter1=inter1,
            actor2=a2.name if a2 else None,
            assoc_actor_2=roles.assoc2.name if roles.assoc2 else None,
            inter2=inter2,
            interaction=actor_stage.interaction(inter1, inter2) if inter1 else 0,
            country=country,
            **_place_fields(geo_eras.admin1_on(place, date.date)),  # a tribal agency before 2018 is FATA's
            fatalities=counts.fatalities,
            fatalities_known=counts.fatalities_known,
            injuries=counts.injuries,
            arrests=counts.arrests,
            source=claim.source,
            source_kind=claim.source_kind,
            claimed_by=claim.claimed_by,
            evidence=evidence,
            places_mentioned=mentioned,
            flags=tuple(flags),
            coder_version=CODER_VERSION,
        )
        return replace(event, notes=write_note(event))

    def _listed_places(self, event: Event, incident: _Incident, text: str, lang: str) -> list[Event]:
        """In an article, a deed told in a list of places: crowds ("tens of thousands marched in Bogota, Medellin,
        Cali and other cities") or strikes on targets listed one by one ("the raids targeted the air base north of
        the capital; the airport in the Al-Janad area; …", "Raids also targeted the Kahlan area"). One event for
        each other place named (ACLED codes each location), same day and sides; a strike's toll stays with the
        place the passage sets it in."""
        if len(text) < _ARTICLE_CHARS or self.geocoder is None:
            return []
        rx = _rules(lang)
        if event.event_type in _CROWDS:
            cues = event.evidence.get("sub_event_type", ())
            told = (u.text for u in incident.units if any(u.span.start <= c.start < u.span.end for c in cues))
            found = next((m for m in map(rx.place_list.search, told) if m), None)  # in a sentence that tells the crowd
            names = rx.list_separator.split(found.group("list")) if found is not None else []
            toll = event.fatalities
        elif event.event_type == _REMOTE and event.sub_event_type in _LISTED_STRIKES:
            names = [item for u in incident.units for m in [rx.target_list.search(u.text) or rx.also_targeted.search(u.text)]
                     if m is not None for item in rx.target_separator.split(m.group("list"))]
            names = names if len(names) > 1 else []
            toll = 0
        else:
            return []
        out: list[Event] = []
        seen = {event.location}
        for number, name in enumerate(names, 1):
            place, _mentioned = self._geocoder_in(lang).locate(name, None, event.country)
            if place is None or not place.resolved or place.country != event.country or place.location in seen:
                continue
            seen.add(place.location)
            part = _flagged(replace(event, **_place_fields(place), event_id=f"{event.event_id}-{number}",
                                    fatalities=toll), "listed-place")
            out.append(replace(part, notes=write_note(part)))
        return out

    def _place(self, window: _Window, focus: Span | None, hint: str | None = None,
               lang: str = "en") -> tuple[Place | None, tuple[str, ...]]:
        geocoder = self._geocoder_in(lang)
        if geocoder is None:
            return None, ()
        place, mentioned = geocoder.locate(window.text, window.to_window(focus) if focus else None, hint)
        if place is not None and place.span is not None:
            place = replace(place, span=window.to_report(place.span))
        if place is not None and place.unresolved_span is not None:
            place = replace(place, unresolved_span=window.to_report(place.unresolved_span))
        return place, mentioned


_PLACE_FIELDS = ("admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "geonames_id")


_REMOTE = "Explosions/Remote violence"
_LISTED_STRIKES = ("Air/drone strike", "Shelling/artillery/missile attack")
_GROUND = ("Government regains territory", "Non-state actor overtakes territory")
_ARTICLE_CHARS = 1200  # a report this long is an article, not a coder's note


def _placed_in(place: Place | None, span: Span) -> bool:
    return place is not None and place.span is not None and span.start <= place.span.start < span.end


# Dates read off the publication date: for a report dated only by its month, they are only as precise.
_ANCHORED_ON_PUBLISHED = frozenset({DateNote.RELATIVE, DateNote.WEEKDAY, DateNote.PUBLISHED, DateNote.STATEMENT})


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _every_cue_after(words: re.Pattern[str], text: str, cls: Classification) -> bool:
    """Whether ``words`` end right before every event cue of the classification (within ``_CUE_REACH``)."""
    def before(span: Span) -> bool:
        if words.search(text, max(0, span.start - _CUE_REACH), span.start):
            return True
        elided = _ELIDED_HEAD.match(text, span.start, span.end)  # a cue read with its article: French "L'attaque"
        return elided is not None and words.search(text, max(0, span.start - _CUE_REACH), elided.end()) is not None

    return bool(cls.evidence) and all(before(span) for span in cls.evidence)


_CUE_REACH = 40
_ELIDED_HEAD = re.compile(r"\w{1,3}['’]")


def _deeds_told(side_text: str, side_offset: int, incident: _Incident) -> str:
    """What an article's incident tells of its deed, for its kind: the passage to its last sentence with an event
    cue or a crowd's handling ("Riot police waded into the crowd" after "300 people gathered" still tells the
    protest; comment after it, "the fighting risks drawing in the region", tells none)."""
    return side_text if incident.deeds_end is None else side_text[: max(0, incident.deeds_end - side_offset)]


def _cue_unit(incident: _Incident, cls: Classification, text: str) -> Sentence | None:
    """The sentence of the incident that carries its event cue: the first sentence that tells it rather than a
    headline or a statement's heading ("Air Force of Ukraine: results of repelling the attack of 26 August"),
    which name who speaks or sum up in a few words, unless no sentence does."""
    carrying = [u for u in incident.units if any(u.span.start <= cue.start < u.span.end for cue in cls.evidence[:1])]
    if carrying and _is_heading(carrying[0], text):
        told = next((u for u in incident.units if not _is_heading(u, text)
                     and any(u.span.start <= cue.start < u.span.end for cue in cls.evidence)), None)
        return told or carrying[0]
    return carrying[0] if carrying else None


def _is_heading(unit: Sentence, text: str) -> bool:
    """A headline or a heading: a line of its own with no sentence end (not a clause cut from a sentence)."""
    return not _ends_sentence(unit.text) and text[unit.span.end :].lstrip(" \t")[:1] in ("\n", "")


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _cue_sentence_roles(unit: Sentence | None, mentions: list[ActorMention], lang: str = "en") -> dict[str, str]:
    """The actors' roles by the parse of the sentence that carries the incident's event cue (``unit``): in a
    long passage, other sentences tell other deeds of the same actors."""
    if unit is None:
        return {}
    inside = [m for m in mentions if unit.span.start <= m.span.start and m.span.end <= unit.span.end]
    return actor_stage.syntax_roles(inside, unit.text, unit.span.start, lang)


def _place_fields(place: Place | Event | None) -> dict[str, Any]:
    """The location fields of a geocoded place or of another event (all None when there is none)."""
    return {name: getattr(place, name) if place else None for name in _PLACE_FIELDS}


def _is_history(text: str, published: dt.date | None, rx: Rules, cls: Classification | None = None) -> bool:
    """A sentence about earlier years (war tolls, anniversaries), not about the report's incidents.

    A deed told with its month and year ("In April 2023, ten guards were killed when …") is a dated
    incident of the background, which ACLED codes, not history."""
    perfect = rx.perfect.search(text)
    if cls is not None and rx.dated_deed.search(text) and not perfect:
        return False
    if rx.since_conflict.search(text) and rx.perfect_toll.search(text):
        return True  # "at least 650 people have been killed in the region since the war began": the war's toll
    if rx.since_month.search(text) and rx.perfect_killed.search(text):
        return True  # "more than 200 people have been killed in Lebanon since October": a running total
    for m in rx.history.finditer(text):
        year = m.group("year")
        if year is None or published is None or int(year) < published.year:
            return True
    return False


_UNSET: object = object()
_GEO_WINDOW = 2000  # characters around an incident that the geocoder reads in a long report


class _ReportContext:
    """What every incident of one report shares, computed at most once per report."""

    def __init__(self, text: str, document: Document):
        self.text = text
        self.document = document
        self.place: object = _UNSET
        self.last_date: DateResult | None = None  # the last incident's own date, which dateless ones go on in


@dataclass(frozen=True)
class _Window:
    """A short stand-in for a long report: its opening (headline, dateline) and the stretch around one
    incident, glued together; ``to_report`` maps a span of the window back to the report."""

    text: str
    head: int  # characters of the opening kept (they sit at the same offsets)
    start: int  # where the incident stretch begins in the report
    gap: int  # characters inserted between the opening and the stretch

    def to_report(self, span: Span) -> Span:
        if span.start < self.head:
            return span
        shift = self.start - self.head - self.gap
        return Span(span.start + shift, span.end + shift)

    def to_window(self, span: Span) -> Span:
        shift = self.start - self.head - self.gap
        return Span(span.start - shift, span.end - shift)


def _geo_window(text: str, focus: Span | None) -> _Window:
    """For long reports, what the geocoder reads: the opening and the incident's surroundings only,
    so that geocoding stays linear in the report's length (every incident would otherwise re-read it
    all)."""
    if len(text) <= 3 * _GEO_WINDOW or focus is None and len(text) <= 4 * _GEO_WINDOW:
        return _Window(text, len(text), len(text), 0)
    head = _GEO_WINDOW // 2
    if focus is None:
        return _Window(text[: 2 * _GEO_WINDOW], 2 * _GEO_WINDOW, 2 * _GEO_WINDOW, 0)
    start = max(head, focus.start - _GEO_WINDOW)
    end = min(len(text), focus.end + _GEO_WINDOW)
    return _Window(text[:head] + "\n\n" + text[start:end], head, start, 2)


def _masked(text: str, incident: _Incident) -> str:
    """The incident's stretch of text with everything that is not one of its units blanked out, so
    offsets still point into the report but skipped sentences (history, appeals) cannot leak in."""
    start = incident.span.start
    chars = [" "] * (incident.span.end - start)
    for unit in incident.units:
        chars[unit.span.start - start : unit.span.end - start] = text[unit.span.start : unit.span.end]
    return "".join(chars)


def _named_non_state(text: str, lang: str) -> bool | None:
    """False when the text names a known non-state armed group (the classifier's ``state_agent``), else None."""
    named = any(m.known and m.kind in document_stage.NON_STATE_KINDS for m in actor_stage.find_actors(text, None, lang=lang))
    return False if named else None


def _actor_country_hint(text: str, lang: str = "en") -> str | None:
    """The home country of the named non-state groups in the text (Taliban → Afghanistan, Houthis →
    Yemen): a hint for the geocoder. State forces are left out: they often fight abroad."""
    counts: dict[str, int] = {}
    for mention in actor_stage.find_actors(text, None, lang=lang):
        if mention.known and mention.country and mention.kind in document_stage.NON_STATE_KINDS:
            counts[mention.country] = counts.get(mention.country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


# A report with news of the last days that also dates an incident weeks or months back is referring
# to it ("the ceasefire announced on 17 October", "retook Kirkuk in October 2017"): background.
# A report whose incidents are all old (an archive, a back-catalogue coded later) keeps them all.
_STALE_WITH_NEWS = dt.timedelta(days=21)
_RECENT = dt.timedelta(days=7)
_HISTORY = dt.timedelta(days=360)  # a year or more before: an anniversary's "a year ago today" too


def _drop_lead_genre(events: list[Event], text: str, published: dt.date | None, rx: Rules,
                     lang: str = "en") -> list[Event]:
    """A report whose lead tells talks, a verdict, an appeal or an anniversary ("Judges convicted a former
    commander …", "The UN appealed for $2bn …") is about that, not an incident: its events are the deeds it
    recalls or the lead's own news. Only an incident told with a day of its own outside the lead, near the
    publication, stays ("On Sunday, gunmen attacked …" further down a talks story)."""
    lead_end = _lead_end(text, lang)
    genre = rx.non_incident_lead.search(text, 0, lead_end) if len(text) >= _GENRE_CHARS else None
    if genre is None:
        return events  # a coder's note ("a march to commemorate the 1977 victims") is its event
    cues = classify_stage.find_cues(text[:lead_end], 0, lang)
    if any(span.start < genre.start() for category in _LEAD_DEEDS for span in cues.spans.get(category, ())):
        return events  # "Taliban fighters attacked army outposts …, as peace talks in Qatar made little progress"
    def told_of_its_own(e: Event) -> bool:
        # (a day said inside a quote, "'Today a judge said it,' said a woman who testified", is the speaker's)
        own_day = e.time_precision == 1 and any(span.start >= lead_end and not _quoted(text, span.start)
                                                for span in e.evidence.get("event_date", ()))
        recent = published is None or (e.event_date is not None and e.event_date >= published - _RECENT)
        return own_day and recent

    crowd_cues = [span for category in _CROWD_DEEDS for span in classify_stage.find_cues(text, 0, lang).spans.get(
        category, ())]

    def crowd_told(e: Event) -> bool:
        # "the violence faced by activists" in a verdict's lead is no crowd: a protest or riot needs its own cue
        return e.event_type in ("Protests", "Riots") and any(
            c.start < span.end and span.start < c.end for span in e.evidence.get("event_type", ()) for c in crowd_cues)

    # a rally at the verdict, a march on the anniversary: people took to the streets
    return [e for e in events if crowd_told(e) or told_of_its_own(e)]


def _quoted(text: str, at: int) -> bool:
    """Whether ``at`` stands inside a quotation of its paragraph (an odd number of quote marks before it)."""
    start = text.rfind("\n", 0, at) + 1
    before = text[start:at]
    return (before.count('"') + before.count("\u201c") + before.count("\u201d")) % 2 == 1


def _lead_end(text: str, lang: str = "en") -> int:
    """Where a report's lead ends: its headline lines and its first full sentence (at most ``_LEAD_CHARS``)."""
    for sentence in segment_stage.split_sentences(text[:_LEAD_CHARS], lang=lang):
        if _ends_sentence(sentence.text):
            return sentence.span.end  # a headline has no full stop: the sentence after it is the lead's too
    return min(len(text), _LEAD_CHARS)


_CLOSERS = "\"'”’)]"
_SENTENCE_ENDS = (".", "!", "?")
_LEAD_CHARS = 400
_GENRE_CHARS = 600  # a report of several paragraphs; a coder's note is told for its event
# cue categories of a deed: a lead that tells one before its talks or verdict words is an incident's lead
# cue categories of a crowd's deed: a protest or a riot kept in a trial's or an anniversary's report
_CROWD_DEEDS = ("protest", "intervention", "excessive", "riot", "mob", "looting")
_LEAD_DEEDS = ("suicide", "chemical", "air", "grenade", "ied", "shelling", "explosion", "sexual", "abduction", "clash",
               "attack", "protest", "riot", "mob", "looting", "arrest")


def _flagged(event: Event, flag: str) -> Event:
    return replace(event, flags=tuple(dict.fromkeys((*event.flags, flag))))


def _drop_summed_leads(events: list[Event]) -> list[Event]:
    """An event whose toll the report's later events share out exactly ("Israeli troops shot dead 58 Palestinians
    along the border … 32 people were killed east of Gaza City … Another 26 were killed east of Khan Younis") is a
    lead that sums up its parts: ACLED codes each part, and the sum is none of its own."""
    def sums(total: int, parts: list[int]) -> bool:
        return any(sum(combo) == total for size in range(2, min(4, len(parts)) + 1)
                   for combo in itertools.combinations(parts, size))

    kept = []
    for i, event in enumerate(events):
        if event.fatalities_known and event.fatalities >= _SUMMED_LEAD_MIN and event.event_date is not None and sums(
                event.fatalities, [e.fatalities for e in events[i + 1 :] if e.fatalities_known
                                   and 0 < e.fatalities < event.fatalities and e.event_date is not None
                                   and abs((e.event_date - event.event_date).days) <= 1]):
            continue
        kept.append(event)
    return kept


_SUMMED_LEAD_MIN = 10  # smaller tolls add up from other incidents' by chance (3 = 2 + 1)


def _drop_old_references(events: list[Event], published: dt.date | None, text: str = "", lang: str = "en") -> list[Event]:
    if published is None:
        return events
    if events and all(e.event_date is not None and e.event_date < published - _HISTORY for e in events):
        return []  # a report that tells only deeds of years ago (an anniversary, a profile): history, no event
    if not any(e.event_date is not None and e.event_date >= published - _RECENT for e in events):
        return events
    kept = []
    for e in events:
        if e.event_date is None or e.event_date >= published - _STALE_WITH_NEWS:
            kept.append(e)
        elif (e.fatalities and e.fatalities_known or e.injuries) and e.location and e.location != e.country \
                and _placed_where_told(e, text, lang):
            # an earlier incident told with its own toll and place ("in November, ISWAP stormed a camp in
            # Kareto, killing five soldiers") is an event of its own, flagged as background; one whose place
            # is read from elsewhere in the report ("Border clashes in September 2022 killed nearly 300
            # soldiers", closing a story about another village) is the story's history
            kept.append(_flagged(e, "background-incident"))
    return kept


_TOLD_NEAR = 300  # characters: a place this close to an incident's date or toll is told with it


def _placed_where_told(event: Event, text: str, lang: str) -> bool:
    """Whether an earlier incident is placed by its own words: the words naming its place stand near the words
    telling its date or toll, its day is told in full ("on March 15, 2017", a day in a city the story is set
    in), or the sentence of its date names a place the geocoder did not find ("outside the police station in
    San Lorenzo")."""
    told = [s for name in ("event_date", "fatalities") for s in event.evidence.get(name, ())]
    places = event.evidence.get("location", ()) + event.evidence.get("place_text", ())
    if not told or event.time_precision == 1 or any(abs(p.start - t.start) <= _TOLD_NEAR for p in places for t in told):
        return True
    return any(_places(_sentence_at(text, t.start), lang) for t in event.evidence.get("event_date", ()))


def _sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    end = text.find(". ", at)
    return text[start : end + 1 if end >= 0 else len(text)]


def _elsewhere(current: _Incident, unit: Sentence, rx: Rules) -> bool:
    """An incident set in one place ("In Baghdad, students marched…") does not absorb a later sentence
    about another place ("The two men killed in Basra on Tuesday…"): that one tells another incident."""
    first = current.units[0].text
    scene = rx.scene.match(first) or rx.in_place.search(first)
    if scene is None:
        return False
    opener = rx.scene.match(unit.text)
    if opener is not None:  # "In Erbil, teachers marched …": a new scene
        return opener.group("place") != scene.group("place")
    if rx.scene.match(first) is None:
        return False  # only a scene set with "In X," holds its sentences to X
    other = rx.in_place.search(unit.text)
    # "A health official in Latakia province said 53 people had been killed in Jableh": the scene named again
    return other is not None and other.group("place") != scene.group("place") and scene.group("place") not in unit.text


def _dated_opening(unit: Sentence, published: dt.date | None, rx: Rules, lang: str) -> tuple[Sentence, DateResult] | None:
    """A sentence that opens with its day and tells no deed ("On 23 December, in the same region, our troops
    detected a group of terrorists"), with that day: the deed told next takes it."""
    if not rx.dated_opening.match(unit.text):
        return None
    date = date_stage.resolve_date(unit.text, published, unit.span.start, False, lang)
    return (unit, date) if date.span is not None else None


def _summing_part(current: _Incident, cued: dict[int, Classification], incidents: list[_Incident], text: str,
                  published: dt.date | None, lang: str) -> _Incident:
    """The part of the current incident that sums up the deeds told after it. When the summing sentence comes
    after a deed told with its day or toll ("Rangers arrested Khan on Tuesday … Within hours, his supporters took
    to the streets across the country"), it opens the summary and the deed before it stays an incident (a
    photo's caption before the summing lede tells no deed)."""
    rx = _rules(lang)

    def told(v: Sentence) -> bool:
        return v.span.start in cued and not _is_heading(v, text) and (
            count_stage.has_toll(v.text, lang)
            or date_stage.resolve_date(v.text, published, v.span.start, lang=lang).span is not None)

    def retold(u: Sentence) -> bool:  # "The drone attacks were carried out on two locations": the deed again
        return _every_cue_after(rx.anaphoric_before, text, cued[u.span.start])

    for i, u in enumerate(current.units):
        if i and u.span.start in cued and rx.aggregate.search(u.text):
            if any(told(v) for v in current.units[:i]) and not retold(u):
                rest = _Incident(current.units[i:], current.background, current.date)
                del current.units[i:]
                incidents.append(rest)
                return rest
            break
    return current


def _own_line(text: str, span: Span) -> bool:
    """Whether the sentence at ``span`` stands on a line of its own (a heading: "Ninewa", "Thursday 5 October")."""
    before = text[: span.start].rstrip(" \t")
    after = text[span.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


_HEADING_CHARS = 60  # a section's heading on a line of its own ("Key points", "INCIDENTS — TOGO (Savanes region)")


def _summary_units(text: str, typed: list[tuple[Sentence, Classification | None]], rx: Rules) -> set[int]:
    """Where the sentences of an article's summary section start ("Key points", "Highlights"), when sections
    after it tell deeds of their own: the summary's lines sum those up."""
    if len(text) < _ARTICLE_CHARS:
        return set()
    headings: list[tuple[int, bool]] = []  # where each heading line starts, and whether it heads a summary
    at = 0
    for line in text.split("\n"):
        bare = line.strip()
        if bare and len(bare) <= _HEADING_CHARS and bare[-1] not in ".!?;,\"”'’" and not rx.list_item.match(bare + " "):
            headings.append((at, bool(rx.summary_heading.match(bare))))
        at += len(line) + 1
    if not any(summary for _, summary in headings):
        return set()
    starts = [h for h, _ in headings]

    def in_summary(unit: Sentence) -> bool:
        i = bisect_right(starts, unit.span.start) - 1
        return i >= 0 and headings[i][1]

    inside = {u.span.start for u, _ in typed if in_summary(u)}
    told_below = any(c is not None and u.span.start not in inside for u, c in typed
                     if u.span.start > min(inside, default=len(text)))
    return inside if told_below else set()


def _opens_item(text: str, unit: Sentence, rx: Rules) -> bool:
    """A bulletin item's heading with its place and day ("2. El Estor, Izabal (7 March).", "• Kpendjal, 11 July —
    An explosive device …") at the start of a line or list item."""
    return bool(rx.item_heading.match(unit.text)) and _at_line_start(text, unit.span, rx)


def _at_line_start(text: str, span: Span, rx: Rules) -> bool:
    """Whether the sentence at ``span`` opens a line, or a list item's line after its number or bullet."""
    before = text[: span.start].rstrip(" \t")
    line = before[before.rfind("\n") + 1 :]
    return not line or bool(rx.list_item.fullmatch(line + " "))


def _run_in_heading(text: str, span: Span, rx: Rules) -> bool:
    """A heading that opens its paragraph (or a numbered item, "2. El Estor (7 March).") and runs into its text
    ("Abyan. Suspected militants …"), as briefs and sitreps write them; a heading on a line of its own may be a
    feature's, over one story told on."""
    after = text[span.end : span.end + 2]
    return _at_line_start(text, span, rx) and after[:1] == " " and after[1:2].isupper()


@lru_cache(maxsize=4096)  # each sentence is asked again for every later sentence of its passage
def _places(text: str, lang: str) -> frozenset[str]:
    """The places a passage sets deeds in ("killed in Saraqib", "near Khan Sheikhoun"), countries aside."""
    rx = _rules(lang)
    countries = actor_stage.country_mentions(text)
    scene = rx.scene.match(text)  # "In Moscow, several hundred people gathered": a capital that sets the scene
    return frozenset(m.group("place") for m in rx.named_place.finditer(text)
            if not rx.not_a_place.match(m.group("place"))
            and not (rx.seat_of_talks.match(m.group("place")) and (scene is None or scene.start("place") != m.start("place")))
            and not any(s.start < m.end("place") and m.start("place") < s.end for _, s in countries))


def _next_place(current: _Incident, unit: Sentence, cls: Classification, rx: Rules, lang: str, text: str,
                cued: dict[int, Classification] | None = None) -> bool:
    """A roundup's next incident: a sentence with a toll of its own, set in a place the current incident
    does not name, after a passage with a toll of its own or a lead that sums up several places ("Three people
    were killed in Saraqib" after "strikes on a market in Maarat al-Numan killed nine"); in an article, a
    crowd in another place is another protest, and a deed set "In X," in another place another incident, toll
    or none (a coder's note tells one event)."""
    here = _places(unit.text, lang)
    if not here:
        return False
    seen = _told_places(current, text, lang)
    summing = bool(rx.aggregate.search(current.text))
    if summing and len(seen) > 1 and not here >= seen and rx.scene.match(unit.text) and len(text) >= _ARTICLE_CHARS:
        return True  # "… struck in Rask and in the port city of Chabahar … In Chabahar, militants tried": the parts
    if here & seen:
        return False
    if len(text) >= _ARTICLE_CHARS and rx.sequel.match(unit.text) and not all(_is_heading(u, text) for u in current.units):
        return True  # "Hours earlier, Hezbollah fired a missile at a house in Metula", "Last night, a drone struck … in Misrata"
    if not seen and not summing:
        return False
    if all(_is_heading(u, text) for u in current.units):
        return False  # a headline ("Four killed in Twice East cattle raid") is told again in the lede
    if len(text) >= _ARTICLE_CHARS and (
            cls.event_type in _CROWDS  # "thousands marched in Mandalay …; police fired tear gas at protesters in Yangon"
            # "In Lutsk, a missile struck a building … Over the Kyiv region, air defence shot down 15 missiles": the
            # interception where it took place (ACLED: Disrupted weapons use)
            or cls.sub_event_type == _DISRUPTED and _DISRUPTED not in _told_subs(current, cued or {})
            or rx.scene.match(unit.text)  # "In Kharkiv, two missiles hit an energy facility", after Dnipro's strike
            # "… captured the town of Tal Rifaat. Warplanes struck Idlib city, killing eight": another kind of deed
            # (a toll alone, "five passengers died, a hospital source in Dori said", is the deed told before)
            or cls.event_type != "Violence against civilians" and count_stage.has_toll(unit.text, lang)
            and _tells_another_kind(current, cls, cued or {})):
        return True
    # two tolls in two places are two incidents; a toll in a new place after a lead that sums up several
    return count_stage.has_toll(unit.text, lang) and (summing or count_stage.has_toll(current.text, lang))


def _told_subs(current: _Incident, cued: dict[int, Classification]) -> set[str]:
    """The sub-event types the current incident's sentences tell."""
    return {cued[u.span.start].sub_event_type for u in current.units if u.span.start in cued}


_DISRUPTED = "Disrupted weapons use"


def _tells_another_kind(current: _Incident, cls: Classification, cued: dict[int, Classification]) -> bool:
    """Whether the current incident tells deeds of its own kinds, none of them ``cls``'s."""
    kinds = {cued[u.span.start].event_type for u in current.units if u.span.start in cued}
    return bool(kinds) and cls.event_type not in kinds


_CROWDS = ("Protests", "Riots")
_NAMED_WEAPONS = ("suicide", "chemical", "air", "grenade", "ied", "shelling")  # cue categories beside a bare "explosion"


def _opens_scene_elsewhere(current: _Incident, unit: Sentence, rx: Rules, lang: str, text: str) -> bool:
    """In an article, a sentence that opens a scene ("In the Siberian city of Tomsk, …") in a place the current
    incident does not name."""
    if len(text) < _ARTICLE_CHARS or not rx.scene.match(unit.text):
        return False
    here = _places(unit.text, lang)
    return bool(here) and not here & _told_places(current, text, lang)


def _told_places(current: _Incident, text: str, lang: str) -> frozenset[str]:
    """The places the current incident sets its deeds in, its headline aside (a headline names every place of
    the story)."""
    told = [u for u in current.units if not _is_heading(u, text)]
    return frozenset().union(*(_places(u.text, lang) for u in told or current.units))


def _toll_clauses(unit: Sentence, rx: Rules, lang: str) -> list[Sentence]:
    """A sentence that tells two tolls in two places ("Three people were killed in Saraqib, and four died when a
    strike hit a house in Kafr Nabl") as two units, the second opening an incident of its own."""
    m = rx.toll_clause.search(unit.text)
    if m is None:
        return [unit]
    first, second = unit.text[: m.start()], unit.text[m.end() :]
    here, there = _places(first, lang), _places(second, lang)
    if not here or not there or here & there or not count_stage.has_toll(first, lang) or not count_stage.has_toll(second, lang):
        return [unit]
    start = unit.span.start
    return [Sentence(Span(start, start + m.start()), first, unit.opens_incident),
            Sentence(Span(start + m.end(), unit.span.end), second, True)]


def _found_later(current: _Incident, unit: Sentence, date: DateResult, rx: Rules, lang: str) -> bool:
    """A body found a day or three after the deed told before with its toll ("On Saturday morning, firefighters
    found the body of a camera operator in a building the crowd had set ablaze"): a victim of that deed."""
    told = current.date.date if current.date is not None else None
    return (told is not None and date.date is not None and 0 < (date.date - told).days <= _FOUND_LATER_DAYS
            and bool(rx.bodies_found.search(unit.text)) and count_stage.has_toll(current.text, lang))


_FOUND_LATER_DAYS = 3


@lru_cache(maxsize=4096)  # the current passage's toll is asked again for each sentence that names a new place
def _toll_told(unit: Sentence, cls: Classification, lang: str) -> bool:
    """Whether a sentence's only cues are the words of a toll ("the ministry said on Thursday that 84 people had
    been killed"): a count told on its day, no deed of its own."""
    r = count_stage.rules(lang)
    return bool(cls.evidence) and count_stage.has_toll(unit.text, lang) and all(
        r.kill_word.fullmatch(word) or r.injure_verb.fullmatch(word)
        for word in (unit.text[s.start - unit.span.start : s.end - unit.span.start] for s in cls.evidence))


def _event_id(doc_id: str, index: int, date: dt.date | None, sub: str) -> str:
    digest = hashlib.sha1(f"{doc_id}|{index}|{date}|{sub}".encode()).hexdigest()
    return f"cw-{digest[:16]}"


def _retelling(a: Event, b: Event) -> bool:
    """``b`` retells ``a`` ("The two men killed in Kirkuk on Tuesday were brothers"): same day and place, and
    ``b`` names no armed side of its own, only the default unidentified group or ``a``'s actor1 with no
    other ("both were shot as police pushed the crowd back", after the police fired on the protest); the
    target acting alone ("the peacekeepers defused a second rocket") tells a deed of its own."""
    return (a.event_date == b.event_date and a.location is not None and a.location == b.location
            and a.time_precision == b.time_precision and (
                b.actor1 is None or b.actor1.startswith("Unidentified")
                or b.actor2 is None and b.actor1 == a.actor1))


def _same_deed_undated(a: Event, b: Event) -> bool:
    """One of the two has no date of its own (it fell back on the publication day) and both tell the same
    deed at the same place a few days apart: the town "occupied this morning" and "occupied on Monday"."""
    if a.event_date is None or b.event_date is None or ("event_date" in a.evidence) == ("event_date" in b.evidence):
        return False
    return (a.sub_event_type == b.sub_event_type and a.location is not None and a.location == b.location
            and abs((a.event_date - b.event_date).days) <= _UNDATED_RETELLING_DAYS)


_UNDATED_RETELLING_DAYS = 3


def _compatible(a: Event, b: Event) -> bool:
    if "listed-part" in a.flags and "listed-part" in b.flags or "listed-place" in a.flags and "listed-place" in b.flags:
        return False  # "1- the barracks … 2- a gathering of soldiers …": each item its own strike; so each place listed
    if a.event_type != b.event_type and _retelling(a, b):
        return True
    if a.event_type != b.event_type or a.event_date != b.event_date and not _same_deed_undated(a, b):
        return False
    if a.location and b.location and a.location != b.location and (
            a.sub_event_type != b.sub_event_type or a.geo_precision == b.geo_precision == 1):
        # a march in Baghdad and shooting at protesters in Basra on the same day; a missile on Dnipro and two on
        # Kharkiv (ACLED: another town is another event)
        return False
    if a.fatalities and b.fatalities and a.fatalities != b.fatalities and (
            a.location != b.location or a.location is None):
        return False  # 30 killed by a drone in one town, 18 by another drone in the next: two strikes
    if a.time_precision != b.time_precision:
        return False
    names_a = {a.actor1, a.actor2} - {None}
    names_b = {b.actor1, b.actor2} - {None}
    return not names_a or not names_b or bool(names_a & names_b)


def _merge_same_incident(events: list[Event]) -> list[Event]:
    """Two passages of one report that tell the same incident (a news paragraph and the statement it
    relays) become one event: the first keeps its fields, fills gaps from the second, and the
    evidence of both."""
    out: list[Event] = []
    for event in events:
        target = next((i for i, e in enumerate(out) if _compatible(e, event)), None)
        if target is None:
            out.append(event)
            continue
        kept = out[target]
        evidence = dict(kept.evidence)
        for key, spans in event.evidence.items():
            evidence[key] = tuple(dict.fromkeys(evidence.get(key, ()) + spans))
        fatalities = max(kept.fatalities, event.fatalities)
        kept_earlier, event_earlier = "earlier-toll" in kept.flags, "earlier-toll" in event.flags
        flags = tuple(dict.fromkeys(kept.flags + event.flags))
        if kept.fatalities and event.fatalities and kept_earlier != event_earlier:
            # "the toll rose to 25" told in one passage, "the ministry first put the toll at 20" in another: the
            # latest figure of the report, not the lowest
            fatalities = event.fatalities if kept_earlier else kept.fatalities
            flags = tuple(f for f in flags if f != "earlier-toll")
        elif kept.fatalities and event.fatalities and ("updated-toll" in kept.flags) != ("updated-toll" in event.flags):
            # "at least 17 people have been killed" at 13:05, "the toll has risen to at least 25" the next morning:
            # ACLED codes the report's latest figure
            fatalities = kept.fatalities if "updated-toll" in kept.flags else event.fatalities
        elif min(kept.fatalities, event.fatalities) > 1:
            # two tolls of one incident: ACLED's lowest credible figure; a single death told beside a larger toll
            # ("after shooting dead a guard at the entrance") is one of its dead, not a rival count
            fatalities = min(kept.fatalities, event.fatalities)
        better_place = kept.geo_precision is None or (
            event.geo_precision is not None and event.geo_precision < kept.geo_precision)
        if kept.actor2 is None and event.actor2 is not None and kept.actor1 in (event.actor1, event.actor2):
            # "4 fighters killed in Bamenda", then "government forces attacked the fighters": the telling that
            # names both sides gives the roles
            kept = replace(kept, actor1=event.actor1, inter1=event.inter1, assoc_actor_1=event.assoc_actor_1)
        merged = replace(
            kept,
            fatalities=fatalities,
            actor2=kept.actor2 or event.actor2,
            inter2=kept.inter2 or event.inter2,
            interaction=actor_stage.interaction(kept.inter1, kept.inter2 or event.inter2) if kept.inter1 else 0,
            evidence=evidence,
            flags=flags,
            places_mentioned=tuple(dict.fromkeys(kept.places_mentioned + event.places_mentioned)),
        )
        if better_place:
            merged = replace(merged, **_place_fields(event), country=event.country or kept.country)
        if "event_date" not in kept.evidence and "event_date" in event.evidence:
            merged = replace(merged, event_date=event.event_date, time_precision=event.time_precision)
        out[target] = replace(merged, notes=write_note(merged))
    return out


_DEFAULT: Coder | None = None


def default_coder() -> Coder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Coder()
    return _DEFAULT


def code_reports(reports: Iterable[Report | ReportFailure], coder: Coder | None = None) -> Iterator[Event | ReportFailure]:
    """Events of each report, in order; a report that fails becomes a ReportFailure, never a crash."""
    coder = coder or default_coder()
    for item in reports:
        if isinstance(item, ReportFailure):
            yield item
            continue
        try:
            yield from coder.code(item)
        except ConflictWatchError as err:
            yield ReportFailure(item.origin or item.id, err.code, err.message, item.id)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, re.error) as err:
            failure = CodingError(f"the coder failed on this report ({type(err).__name__}: {err}); please report it")
            yield ReportFailure(item.origin or item.id, failure.code, failure.message, item.id)

