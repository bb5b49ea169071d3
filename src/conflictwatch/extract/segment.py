"""Segmentation: split a report into sentences, then group sentences into candidate incidents.

One report can describe several incidents (a statement recounting "the days and weeks prior",
a roundup of several districts). ACLED codes one event per day, place and actor pair, so the
segmenter cuts wherever a sentence (or a clause introduced by "another incident", "in a separate
attack"…) opens a new incident, and marks background clauses so the date stage can give them a
low time precision. Commentary, appeals and rhetoric are left to the classifier, which finds no
event cue in them.
"""

from __future__ import annotations

import bisect
import re

from conflictwatch.extract.deadline import NO_DEADLINE, Deadline
from conflictwatch.records import Sentence, Span
from conflictwatch.rules import Rules, load

_PATTERNS = ("abbreviation", "new_incident_clause", "separate_sentence", "party_claim", "background", "boilerplate_line",
             "another_incident",
             "page_tail")


def _rules(lang: str = "en") -> Rules:
    """The segmenter's words in one language (data/rules/<lang>/segment.json)."""
    return load("segment", lang, patterns=_PATTERNS)


# Abbreviations (the rules' ``abbreviation``) are matched against the last few characters of a piece only,
# so a long chain of "Mr. Mr. Mr." costs no more per cut than a short one.
_ABBREV_TAIL = 16  # longer than any abbreviation, so the \b before it sees the real preceding character
# The characters stripped from a piece's end before the abbreviation check.
_CLOSERS = ".!?\"'”’) "
_CLOSER_RUN = re.compile("[" + re.escape(_CLOSERS) + "]+")
# Sentence ends. Every alternative starts at the first character of its run (the look-behind) and
# runs are consumed possessively, so a run of 16 KB of dots or spaces is scanned once, not once per
# character.
_SENT_END = re.compile(
    r"(?<![.!?])[.!?]++[\"'”’)]*+\s+|\n\s*\n+|\n(?=\s*[*#=\-]{3,})|\n(?=[A-Z\"“])")
# A sentence longer than this is cut at its last space before the limit (or at the limit): a 300 KB
# line of prose becomes units of a size the sentence-level stages are written for. Real sentences
# are far shorter (the longest in the bench sets has under 900 characters).
MAX_SENTENCE_CHARS = 3000
_CHECK_EVERY = 256  # sentence ends between two looks at the clock

_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0600-\u06FF]")


def split_sentences(text: str, deadline: Deadline = NO_DEADLINE, lang: str = "en") -> list[Sentence]:
    """Sentences with their spans; abbreviations and initials do not end a sentence. Linear in the
    length of the text, whatever runs of spaces, dots or initials it holds."""
    rx = _rules(lang)
    closer_runs = [(m.start(), m.end()) for m in _CLOSER_RUN.finditer(text)]
    run_starts = [a for a, _ in closer_runs]
    sentences: list[Sentence] = []
    start = 0
    for n, m in enumerate(_SENT_END.finditer(text)):
        if n % _CHECK_EVERY == 0:
            deadline.check(f"while segmenting, at character {m.start()} of {len(text)}")
        end = m.end()
        if "\n" not in m.group(0) and _ends_in_abbreviation(text, start, m.start() + len(m.group(0).rstrip()),
                                                             closer_runs, run_starts, rx):
            continue  # "U.S." or "Gen." or an initial: only cut at paragraph breaks
        _append_capped(sentences, text, start, end, rx)
        start = end
    _append_capped(sentences, text, start, len(text), rx)
    return sentences


def _ends_in_abbreviation(text: str, start: int, end: int, closer_runs: list[tuple[int, int]],
                          run_starts: list[int], rx: Rules) -> bool:
    """Whether ``text[start:end]``, its closing marks stripped, ends in an abbreviation or an initial."""
    i = bisect.bisect_right(run_starts, end - 1) - 1
    if i >= 0 and closer_runs[i][1] >= end:
        end = max(start, closer_runs[i][0])  # the run of closing marks the piece ends in
    return rx.abbreviation.search(text[max(start, end - _ABBREV_TAIL) : end] + ".") is not None


def _append_capped(out: list[Sentence], text: str, start: int, end: int, rx: Rules) -> None:
    """``_append``, with a sentence over ``MAX_SENTENCE_CHARS`` cut into pieces at spaces."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = limit if cut < 0 else cut + 1
        _append(out, text, start, cut, rx)
        start = cut
    _append(out, text, start, end, rx)


def _append(out: list[Sentence], text: str, start: int, end: int, rx: Rules) -> None:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    if not body or _LETTER.search(body) is None or rx.boilerplate_line.match(body):
        return
    s = start + lead
    out.append(Sentence(Span(s, s + len(body)), body))


def split_clauses(sentence: Sentence, lang: str = "en") -> list[Sentence]:
    """Cut a sentence where a clause opens another incident ("… and another incident at …")."""
    cuts = list(_rules(lang).new_incident_clause.finditer(sentence.text))
    if not cuts:
        return [sentence]
    pieces: list[Sentence] = []
    prev = 0
    base = sentence.span.start
    for m in cuts:
        pieces.append(Sentence(Span(base + prev, base + m.start()), sentence.text[prev:m.start()], prev > 0))
        prev = m.end()
    pieces.append(Sentence(Span(base + prev, sentence.span.end), sentence.text[prev:], True))
    return [p for p in pieces if p.text.strip()]


def is_background(text: str, lang: str = "en") -> bool:
    return bool(_rules(lang).background.search(text))


def opens_separate_incident(text: str, lang: str = "en", before: str = "") -> bool:
    """A sentence that opens ("Separately, …") or tells ("… in another drone strike …") a further incident, or
    a party's word that it fired ("Hezbollah said it had fired rockets …") after a passage (`before`) that does
    not name that party: its own deed, not the strike told before."""
    rx = _rules(lang)
    if rx.separate_sentence.match(text) or rx.another_incident.search(text) is not None:
        return True
    claim = rx.party_claim.match(text)
    return claim is not None and claim.group("party") not in before


_TAIL_AFTER = 200  # the page's furniture follows a story; a line near the top is the story's own


def units(text: str, deadline: Deadline = NO_DEADLINE, lang: str = "en") -> list[Sentence]:
    """Sentences, with multi-incident sentences cut into clauses: the units the pipeline groups.
    ``deadline`` is looked at every few hundred sentences (it raises once the time is up)."""
    out: list[Sentence] = []
    tail = _rules(lang).page_tail.search(text, _TAIL_AFTER)
    stop = tail.start() if tail else len(text)  # "You might also like …": other stories' headlines
    for n, sentence in enumerate(split_sentences(text[:stop], deadline, lang)):
        if n % _CHECK_EVERY == 0:
            deadline.check(f"while segmenting, at character {sentence.span.start} of {len(text)}")
        out.extend(split_clauses(sentence, lang))
    return out
