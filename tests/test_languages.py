"""Languages: which one a report is in, and that a language without rules is never silent."""

import json

import pytest
from click.testing import CliRunner

from conflictwatch import extract_documents
from conflictwatch.cli import main
from conflictwatch.ingest.language import coding_status, detect_language
from conflictwatch.records import Event, ReportFailure

SPANISH = ("Hombres armados atacaron el martes un puesto de la policía en las afueras de la ciudad y mataron a tres "
           "agentes, según las autoridades locales.")
ENGLISH = "On 3 May 2021, gunmen attacked a police checkpoint in Kunduz, killing two policemen, officials said."


@pytest.mark.parametrize(
    "text, language",
    [
        ("Bewaffnete griffen in der Nacht einen Polizeiposten an und töteten zwei Beamte.", "de"),  # not English
        ("Homens armados atacaram um posto policial e mataram dois agentes.", "pt"),
        ("Des hommes armés ont attaqué un poste de police.", "fr"),
        ("Hombres armados atacaron un puesto policial por la noche.", "es"),
        ("هاجم مسلحون مركزا للشرطة ليلا.", "ar"),
        ("Gunmen attacked a police post overnight.", "en"),
        (ENGLISH, "en"),
        # names say nothing of the language: an English sentence among many names is English
        ("Gunmen attacked a checkpoint near the town " + "Abu Kamal Deir Hasakah " * 80 + "and fled.", "en"),  # not "id"
        ("12 3 -- 4", "und"),
    ],
)
def test_language_of_short_and_long_texts(text, language):
    assert detect_language(text) == language


def test_status_says_which_language_is_not_coded():
    assert coding_status("en") == coding_status("fr") == coding_status("und") == "coded"
    assert coding_status("de") == "not coded (language de)"


def test_extract_documents_yields_a_failure_for_a_language_without_rules():
    out = list(extract_documents([{"id": "es-1", "text": SPANISH}, {"id": "en-1", "text": ENGLISH}], geocode=False))
    failures = [o for o in out if isinstance(o, ReportFailure)]
    assert [(f.origin, f.code) for f in failures] == [("es-1", "CW220")]
    assert "'es'" in failures[0].message
    assert any(isinstance(o, Event) and o.doc_id == "en-1" for o in out)


def test_extract_names_the_report_on_stderr_and_exits_1(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "es-1", "text": SPANISH}) + "\n" + json.dumps({"id": "en-1", "text": ENGLISH}) + "\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(batch), "--no-geocode", "--jobs", "1"])
    assert result.exit_code == 1
    assert "[CW220]" in result.stderr and "language 'es'" in result.stderr and "batch.jsonl:1" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert events and {e["doc_id"] for e in events} == {"en-1"}


def test_ingest_stores_and_lists_it_not_coded(tmp_path):
    from conflictwatch import open_store

    page = tmp_path / "es.txt"
    page.write_text(SPANISH, encoding="utf-8")
    db = str(tmp_path / "cw.db")
    result = CliRunner().invoke(main, ["ingest", str(page), "--db", db, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert [(r.status, r.language) for r in store.reports()] == [("not coded (language es)", "es")]


def test_one_text_for_one_page_in_extract_and_ingest(tmp_path):
    """extract and ingest read an HTML page the same way (trafilatura): the same text, without the menu."""
    from conflictwatch.ingest import read_inputs
    from conflictwatch.ingest.sources import read_sources

    body = " ".join([ENGLISH] + ["Residents said the market stayed closed for the rest of the day."] * 3)
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Checkpoint attacked</title></head><body>"
                    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World news</a></li></ul></nav>"
                    f"<article><h1>Checkpoint attacked</h1><p>{body}</p></article><div class='share'>Share on Twitter</div>"
                    "<footer>Copyright Example Media. All rights reserved.</footer></body></html>", encoding="utf-8")
    extracted = next(iter(read_inputs([str(page)], None)))
    ingested = next(iter(read_sources([str(page)])))
    assert extracted.text == ingested.report.text
    assert "Kunduz" in extracted.text and "World news" not in extracted.text and "Copyright" not in extracted.text
    assert "Share on" not in extracted.text  # boilerplate the old tag stripper kept
    assert extracted.title == "Checkpoint attacked"
