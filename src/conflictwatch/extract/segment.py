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

# Abbreviations that end in a period but do not end a sentence. Matched against the last few
# characters of a piece only (``_ABBREV_TAIL``), so a long chain of "Mr. Mr. Mr." costs no more per cut
# than a short one.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"U\.S|U\.N|U\.K|approx|vs|etc|Gov|Sen|Rep|Brig|Cpl|Pvt|Prof|Jr|Sr|Inc|Co|Ltd|Dist|Prov)\.|\b[A-Z]\.)$"
)
_ABBREV_TAIL = 16  # longer than any abbreviation above, so the \b before it sees the real preceding character
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

# A clause inside a sentence that opens a further incident.
_NEW_INCIDENT = re.compile(
    r",?(?<!\s)\s++(?:and|while|as well as|whereas)\s+(?:in\s+)?(?:another|a separate|a second|a further|other)\s+"
    r"(?=incident|attack|clash|explosion|blast|bomb|raid|strike|shooting|ambush)",
    re.I,
)
_SEPARATE_SENT = re.compile(
    r"^\s*(?:(?:In|On)?\s*(?:a |an )?(?:separate|another|second|other|similar|related|unrelated)\s+"
    r"(?:incident|attack|clash|development|event|explosion|blast|raid|strike)"
    # "Separately, gunmen …", "Also on Wednesday, …", "In Hajjah province, the army …": a new scene
    r"|(?:Separately|Elsewhere|Meanwhile|In a separate development),"
    r"|Also(?: on| late on| early on)? (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|In (?:the )?(?:[A-Z][\w'-]+ ){1,3}(?:province|governorate|district|region|state),)",
    re.I,
)
BACKGROUND = re.compile(
    r"\b(?:the\s+(?:days|weeks|months)(?:\s+and\s+(?:days|weeks|months))?\s+(?:prior|before|earlier)|"
    r"in\s+(?:the\s+)?(?:past|last|previous|recent)\s+(?:few\s+)?(?:days|weeks|months)|"
    r"(?:days|weeks|months)\s+(?:earlier|ago|before)|previously|earlier\s+this\s+(?:week|month|year)|"
    r"over\s+the\s+(?:past|last)\s+\w+\s+(?:days|weeks|months))\b",
    re.I,
)
_LETTER = re.compile(r"[A-Za-z\u0600-\u06FF]")
_BOILERPLATE_LINE = re.compile(r"^\W*(?:press\s+statement|statement|update|breaking)\W*$", re.I)


def split_sentences(text: str, deadline: Deadline = NO_DEADLINE) -> list[Sentence]:
    """Sentences with their spans; abbreviations and initials do not end a sentence. Linear in the
    length of the text, whatever runs of spaces, dots or initials it holds."""
    closer_runs = [(m.start(), m.end()) for m in _CLOSER_RUN.finditer(text)]
    run_starts = [a for a, _ in closer_runs]
    sentences: list[Sentence] = []
    start = 0
    for n, m in enumerate(_SENT_END.finditer(text)):
        if n % _CHECK_EVERY == 0:
            deadline.check(f"while segmenting, at character {m.start()} of {len(text)}")
        end = m.end()
        if "\n" not in m.group(0) and _ends_in_abbreviation(text, start, m.start() + len(m.group(0).rstrip()),
                                                             closer_runs, run_starts):
            continue  # "U.S." or "Gen." or an initial: only cut at paragraph breaks
        _append_capped(sentences, text, start, end)
        start = end
    _append_capped(sentences, text, start, len(text))
    return sentences


def _ends_in_abbreviation(text: str, start: int, end: int, closer_runs: list[tuple[int, int]],
                          run_starts: list[int]) -> bool:
    """Whether ``text[start:end]``, its closing marks stripped, ends in an abbreviation or an initial."""
    i = bisect.bisect_right(run_starts, end - 1) - 1
    if i >= 0 and closer_runs[i][1] >= end:
        end = max(start, closer_runs[i][0])  # the run of closing marks the piece ends in
    return _ABBREV.search(text[max(start, end - _ABBREV_TAIL) : end] + ".") is not None


def _append_capped(out: list[Sentence], text: str, start: int, end: int) -> None:
    """``_append``, with a sentence over ``MAX_SENTENCE_CHARS`` cut into pieces at spaces."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = limit if cut < 0 else cut + 1
        _append(out, text, start, cut)
        start = cut
    _append(out, text, start, end)


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    if not body or _LETTER.search(body) is None or _BOILERPLATE_LINE.match(body):
        return
    s = start + lead
    out.append(Sentence(Span(s, s + len(body)), body))


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """Cut a sentence where a clause opens another incident ("… and another incident at …")."""
    cuts = [m for m in _NEW_INCIDENT.finditer(sentence.text)]
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


def is_background(text: str) -> bool:
    return bool(BACKGROUND.search(text))


# "18 civilians were also killed in another drone strike in Dembecha": a sentence that tells a further incident
_ANOTHER_INCIDENT = re.compile(
    r"\b(?:another|a separate|a second|a third|a further)\s+(?:[\w-]+\s+)?(?:incident|attack|clash|explosion|blast|"
    r"bombing|raid|strike|air ?strike|shooting|ambush|assault)s?\b", re.I)


def opens_separate_incident(text: str) -> bool:
    """A sentence that opens ("Separately, …") or tells ("… in another drone strike …") a further incident."""
    return bool(_SEPARATE_SENT.match(text)) or _ANOTHER_INCIDENT.search(text) is not None


def units(text: str, deadline: Deadline = NO_DEADLINE) -> list[Sentence]:
    """Sentences, with multi-incident sentences cut into clauses: the units the pipeline groups.
    ``deadline`` is looked at every few hundred sentences (it raises once the time is up)."""
    out: list[Sentence] = []
    for n, sentence in enumerate(split_sentences(text, deadline)):
        if n % _CHECK_EVERY == 0:
            deadline.check(f"while segmenting, at character {sentence.span.start} of {len(text)}")
        out.extend(split_clauses(sentence))
    return out
