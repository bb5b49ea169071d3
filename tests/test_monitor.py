"""The ceasefire monitor on SQLite and PostgreSQL: the ISF's Qamishli statement, an independent
monitor's account of the same 21 April clash and the NDF's denial, against the UN's global ceasefire
call — who started it, according to whom; the report in md, html, csv and PNG; alerts that fire once."""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import io
import json
import re
import threading
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch.cli import main
from conflictwatch.extract.initiative import actor_candidates
from conflictwatch.monitor import Monitor, agreement_from_spec, load_agreement_file
from conflictwatch.monitor.agreements import resolve_parties
from conflictwatch.monitor.errors import AgreementExistsError, AgreementNotFoundError, AreaError, PartyError
from conflictwatch.monitor.schema import MONITOR_MIGRATIONS
from conflictwatch.store import open_store
from conflictwatch.store.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "monitor"
STATEMENT = ROOT / "examples" / "qamishli-statement-2020.txt"
MONITOR_ACCOUNT = DATA / "qamishli-monitor-2020.txt"
DENIAL = DATA / "qamishli-ndf-denial-2020.txt"
UN_CALL = "UN global ceasefire call"
NDF, ASAYISH = "NDF: National Defence Forces", "Asayish"
_agreement = partial(agreement_from_spec, lookup=actor_candidates)  # parties through the coder's actor dictionary
PG_SCHEMA = "cw_monitor_test"


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _ingest(db_url: str, path: Path, published: str) -> None:
    _cli("ingest", path, "--published", published, "--db", db_url)


def _add_un_call(db_url: str) -> None:
    _cli("ceasefire", "add", UN_CALL, "--parties", "NDF,ISF", "--from", "2020-03-23", "--area", "Qamishli",
         "--note", "UN Secretary-General's appeal of 23 March 2020", "--db", db_url)


def _clash(monitor: Monitor):
    found = [v for v in monitor.violations(UN_CALL) if v.event_date == dt.date(2020, 4, 21)]
    assert len(found) == 1
    return found[0]


def _week(report, label: str):
    return next(w for w in report.weeks if w.week == label)


# -- agreements ------------------------------------------------------------------------------------

def test_parties_resolve_through_the_actor_dictionary():
    assert [p.name for p in resolve_parties(["NDF", "ISF"], lookup=actor_candidates)] == [NDF, ASAYISH]
    assert [p.name for p in resolve_parties(["ISF"], "Syria", actor_candidates)] == [ASAYISH]
    assert resolve_parties(["Syrian army"], lookup=actor_candidates)[0].name == "Military Forces of Syria (2000-)"
    with pytest.raises(PartyError, match="ambiguous"):
        resolve_parties(["ISF"], lookup=actor_candidates)  # Syria's Asayish or Iraq's forces
    with pytest.raises(PartyError, match="not in the actor dictionary"):
        resolve_parties(["Imaginary Brigade of Nowhere"], lookup=actor_candidates)
    # without the coder's dictionary a party is the actor name as events carry it
    assert [p.name for p in resolve_parties([NDF, "Asayish"])] == [NDF, ASAYISH]


def test_agreement_spec_is_strict():
    with pytest.raises(PartyError):
        _agreement({"name": "x", "parties": "NDF,Nobody At All", "from": "2020-03-23"})
    with pytest.raises(Exception, match="unknown key"):
        _agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23", "until": "2020-05-01"})
    with pytest.raises(Exception, match="before it starts"):
        _agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23", "to": "2020-03-01"})
    with pytest.raises(AreaError):
        _agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23", "area": "missing.geojson"})


def test_agreement_file_yaml_and_cli_lifecycle(tmp_path):
    db = str(tmp_path / "cw.db")
    polygon = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[41.1, 36.95], [41.35, 36.95], [41.35, 37.15], [41.1, 37.15], [41.1, 36.95]]]}}
    (tmp_path / "qamishli.geojson").write_text(json.dumps(polygon), encoding="utf-8")
    spec = tmp_path / "agreement.yaml"
    spec.write_text("name: Qamishli truce\nparties: [NDF, ISF]\nfrom: 2020-03-23\nto: 2020-06-30\n"
                    "area: qamishli.geojson\nnote: polygon around the city\n", encoding="utf-8")
    agreement = load_agreement_file(spec, actor_candidates)
    assert agreement.party_names == (NDF, ASAYISH) and agreement.end == dt.date(2020, 6, 30)
    assert agreement.area is not None and agreement.area.geometry["type"] == "Polygon"

    out = _cli("ceasefire", "add", "--file", spec, "--db", db)
    assert "Qamishli truce" in out and NDF in out
    result = CliRunner().invoke(main, ["ceasefire", "add", "--file", str(spec), "--db", db])
    assert result.exit_code == 1 and "CW603" in result.output  # already stored
    out = _cli("ceasefire", "edit", "Qamishli truce", "--no-end", "--note", "extended", "--db", db)
    assert "open-ended" in out and "extended" in out
    listed = [json.loads(line) for line in _cli("ceasefire", "list", "--json", "--db", db).splitlines()]
    assert listed == [{"name": "Qamishli truce", "parties": [NDF, ASAYISH], "parties_given": ["NDF", "ISF"],
                       "from": "2020-03-23", "to": None, "area": "qamishli.geojson", "country": "Syria",
                       "note": "extended"}]
    _cli("ceasefire", "remove", "Qamishli truce", "--db", db)
    assert "0 ceasefires" in _cli("ceasefire", "list", "--db", db)
    with open_store(db) as store:
        actions = [e.action for e in store.audit_log("Qamishli truce")]
        assert actions == ["ceasefire-add", "ceasefire-edit", "ceasefire-remove"]
        with pytest.raises(AgreementNotFoundError):
            Monitor(store).agreement("Qamishli truce")


# -- the Qamishli clash, told three ways -----------------------------------------------------------

def test_clash_initiated_by_ndf_per_isf_then_confirmed_then_contested(db_url):
    _ingest(db_url, STATEMENT, "2020-04-22")
    _add_un_call(db_url)
    with open_store(db_url) as store:
        monitor = Monitor(store)
        clash = _clash(monitor)
        assert clash.attribution == "initiator" and clash.initiator == NDF
        assert not clash.confirmed  # the ISF's own statement is a claim
        (statement,) = clash.sources
        assert statement.ref.source_kind == "party statement" and statement.speaker == ASAYISH
        text = store.report_text(statement.ref.report_id)
        for finding in statement.reading.findings:
            assert text[finding.span.start:finding.span.end] == finding.quote
        assert any("deliberately targeted" in f.quote for f in statement.reading.findings)
        report = monitor.report(UN_CALL)
        assert _week(report, "2020-W17").per_party[NDF].to_dict() == {"confirmed": 0, "claimed": 1}
        assert _week(report, "2020-W17").per_party[ASAYISH].to_dict() == {"confirmed": 0, "claimed": 0}
        # the "past few days" fire and the ISF's response: NDF initiator, ISF responder
        earlier = next(v for v in report.violations if v.event_date == dt.date(2020, 4, 19))
        assert (earlier.initiator, earlier.responder, earlier.attribution) == (NDF, ASAYISH, "initiator")
        # the checkpoint death: nobody in the text is said to have attacked
        death = next(v for v in report.violations if v.fatalities == 2)
        assert death.attribution == "unattributed" and death.initiator is None
        clash_id = clash.event_id

    _ingest(db_url, MONITOR_ACCOUNT, "2020-04-22")
    with open_store(db_url) as store:
        monitor = Monitor(store)
        assert sum(1 for e in store.events() if e.event.event_date == dt.date(2020, 4, 21)) == 1
        clash = _clash(monitor)
        assert clash.event_id == clash_id and len(clash.sources) == 2
        assert clash.attribution == "initiator" and clash.initiator == NDF and clash.confirmed
        ngo = clash.sources[1]
        assert ngo.ref.source_kind == "NGO" and ngo.independent and ngo.initiator == NDF
        report = monitor.report(UN_CALL)
        assert _week(report, "2020-W17").per_party[NDF].to_dict() == {"confirmed": 1, "claimed": 0}

    _ingest(db_url, DENIAL, "2020-04-23")
    with open_store(db_url) as store:
        monitor = Monitor(store)
        assert sum(1 for e in store.events() if e.event.event_date == dt.date(2020, 4, 21)) == 1
        clash = _clash(monitor)
        assert clash.event_id == clash_id and len(clash.sources) == 3
        assert clash.attribution == "contested"
        assert clash.initiator == NDF and clash.confirmed  # the independent monitor's word stands, contested
        denial = clash.sources[2]
        assert denial.speaker == NDF and not denial.independent
        assert denial.initiator == ASAYISH and denial.reading.denies == (NDF,)
        assert denial.reading.responder == NDF  # "our members only responded"
        assert "fired first" in " ".join(f.quote for f in denial.reading.findings)
        report = monitor.report(UN_CALL)
        w17 = _week(report, "2020-W17")
        assert w17.per_party[NDF].to_dict() == {"confirmed": 1, "claimed": 0}
        assert w17.per_party[ASAYISH].to_dict() == {"confirmed": 0, "claimed": 1}
        assert (w17.violations, w17.contested, w17.unattributed, w17.fatalities) == (1, 1, 0, 0)
        assert _week(report, "2020-W16").per_party[NDF].to_dict() == {"confirmed": 0, "claimed": 1}
        w15 = _week(report, "2020-W15")
        assert (w15.violations, w15.unattributed, w15.fatalities) == (1, 1, 2)
        assert report.weeks[0].week == "2020-W13" and report.weeks[-1].week == "2020-W17"
        assert {p: c.to_dict() for p, c in report.totals().items()} == {
            NDF: {"confirmed": 1, "claimed": 1}, ASAYISH: {"confirmed": 0, "claimed": 1}}
        assert report.by_attribution() == {"initiator": 1, "contested": 1, "unattributed": 1}
        ((place, n),) = report.places
        assert "Qamishli" in place and n == 3


def _three_accounts(db_url: str) -> None:
    _ingest(db_url, STATEMENT, "2020-04-22")
    _ingest(db_url, MONITOR_ACCOUNT, "2020-04-22")
    _ingest(db_url, DENIAL, "2020-04-23")
    _add_un_call(db_url)


def test_report_renders_md_html_csv_json_and_a_real_png_chart(db_url, tmp_path):
    _three_accounts(db_url)
    md, chart = tmp_path / "report.md", tmp_path / "trend.png"
    _cli("ceasefire", "report", UN_CALL, "--db", db_url, "-o", md, "--chart", chart)
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# Ceasefire report: {UN_CALL}")
    assert "3 violations (1 attributed, 1 contested, 1 unattributed); 2 fatalities." in text
    assert "| 2020-W17 | 1 | 0 | 0 | 1 | 0 | 1 | 0 |" in text
    assert "| 2020-W15 | 0 | 0 | 0 | 0 | 1 | 0 | 2 |" in text
    assert f"| {NDF} (NDF) | 1 | 1 |" in text and "| Asayish (ISF) | 0 | 1 |" in text
    assert "![violations per week](trend.png)" in text
    assert "“Internal Security Forces (ISF) fired first”" in text

    png = chart.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] >= 300 and pixels.shape[1] >= 600
    assert len({tuple(p) for p in pixels.reshape(-1, pixels.shape[2])[::37]}) > 20  # drawn, not a blank canvas

    html_out = tmp_path / "report.html"
    _cli("ceasefire", "report", UN_CALL, "--db", db_url, "-o", html_out, "--chart", chart)
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "data:image/png;base64," in page and "<strong>contested</strong>" in page
    assert "<td>2020-W17</td><td class=n>1</td><td class=n>0</td><td class=n>0</td><td class=n>1</td>" in page

    rows = list(csv.DictReader(io.StringIO(_cli("ceasefire", "report", UN_CALL, "--db", db_url, "--format", "csv"))))
    assert [(r["event_date"], r["attribution"], r["initiator"], r["confirmed"], r["n_sources"]) for r in rows] == [
        ("2020-04-08", "unattributed", "", "0", "1"),
        ("2020-04-19", "initiator", NDF, "0", "1"),
        ("2020-04-21", "contested", NDF, "1", "3")]
    assert sum(int(r["fatalities"]) for r in rows) == 2

    data = json.loads(_cli("ceasefire", "report", UN_CALL, "--db", db_url, "--format", "json"))
    assert data["parties"] == [NDF, ASAYISH] and data["from"] == "2020-03-23" and data["to"] is None
    assert data["area"] == "Qamishli"


def test_violations_stay_inside_the_window_and_the_area(db_url, tmp_path):
    _ingest(db_url, STATEMENT, "2020-04-22")
    _ingest(db_url, ROOT / "examples" / "manbij-statement-2020.txt", "2020-05-10")
    square = {"type": "Polygon", "coordinates": [[[41.1, 36.95], [41.35, 36.95], [41.35, 37.15], [41.1, 37.15],
                                                  [41.1, 36.95]]]}
    elsewhere = {"type": "Polygon", "coordinates": [[[38.0, 36.4], [38.1, 36.4], [38.1, 36.5], [38.0, 36.5],
                                                     [38.0, 36.4]]]}
    with open_store(db_url) as store:
        monitor = Monitor(store)
        base = {"parties": "NDF,ISF", "from": "2020-03-23"}
        monitor.add(_agreement({**base, "name": "city", "area": "Al-Qamishli"}))  # article and case folded
        monitor.add(_agreement({**base, "name": "later", "from": "2020-04-22", "area": "Qamishli"}))
        monitor.add(_agreement({**base, "name": "ended", "to": "2020-04-10"}))
        monitor.add(_agreement({**base, "name": "manbij", "area": "Manbij"}))
        monitor.add(_agreement({**base, "name": "square", "area": square}))
        monitor.add(_agreement({**base, "name": "elsewhere", "area": {"geojson": elsewhere}}))
        dates = {a.name: [str(v.event_date) for v in monitor.violations(a.name)] for a in monitor.agreements()}
    assert dates == {"city": ["2020-04-08", "2020-04-19", "2020-04-21"], "ended": ["2020-04-08"],
                     "square": ["2020-04-08", "2020-04-19", "2020-04-21"], "manbij": [], "elsewhere": [], "later": []}


# -- alerts ----------------------------------------------------------------------------------------

RULES_YAML = """rules:
  - {name: any-violation, kind: weekly_count, min: 1}
  - {name: surge, kind: above_recent_max, weeks: 8}
  - {name: new-party, kind: new_party}
  - {name: deadly, kind: fatalities, over: 1}
"""


def test_alerts_fire_once_per_rule_and_condition(db_url, tmp_path):
    _three_accounts(db_url)
    rules, out = tmp_path / "rules.yaml", tmp_path / "alerts.jsonl"
    rules.write_text(RULES_YAML, encoding="utf-8")
    args = ["alerts", "--db", db_url, "--rules", rules, "--out", out, "--as-of", "2020-04-23", "--weeks", "5"]
    _cli(*args)
    first = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((a["rule"], a["week"]) for a in first) == [
        ("any-violation", "2020-W15"), ("any-violation", "2020-W16"), ("any-violation", "2020-W17"),
        ("deadly", "2020-W15"), ("surge", "2020-W15")]
    deadly = next(a for a in first if a["rule"] == "deadly")
    assert deadly["value"] == 2 and deadly["key"] == f"deadly|{UN_CALL}|week=2020-W15"
    _cli(*args)  # a second run: nothing new
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    with open_store(db_url) as store:
        assert len(Monitor(store).fired_alerts(UN_CALL)) == 5


def test_alerts_never_fire_outside_the_window_or_area(db_url, tmp_path):
    _ingest(db_url, STATEMENT, "2020-04-22")
    _ingest(db_url, ROOT / "examples" / "manbij-statement-2020.txt", "2020-05-10")
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES_YAML, encoding="utf-8")
    with open_store(db_url) as store:
        monitor = Monitor(store)
        monitor.add(_agreement({"name": "later", "parties": "NDF,ISF", "from": "2020-04-22",
                                         "area": "Qamishli"}))
        monitor.add(_agreement({"name": "manbij", "parties": "NDF,ISF", "from": "2020-03-23",
                                         "area": "Manbij"}))
    result = CliRunner().invoke(main, ["alerts", "--db", db_url, "--rules", str(rules), "--as-of", "2020-05-12",
                                       "--weeks", "12"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 new alerts" in result.output


class _Hook(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).status == 200:
            type(self).received.append(json.loads(body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def webhook():
    handler = type("Hook", (_Hook,), {"received": [], "status": 200})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler
    server.shutdown()
    server.server_close()


def test_alerts_post_to_a_webhook_once_and_retry_after_a_failure(tmp_path, webhook):
    url, hook = webhook
    db = str(tmp_path / "cw.db")
    _three_accounts(db)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES_YAML, encoding="utf-8")
    args = ["alerts", "--db", db, "--rules", str(rules), "--webhook", url, "--as-of", "2020-04-23"]

    hook.status = 500
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == 1 and "HTTP 500" in failed.output and "CW607" in failed.output
    with open_store(db) as store:
        assert Monitor(store).fired_alerts() == []  # not delivered, so not fired

    hook.status = 200
    _cli(*args)
    assert [(a["rule"], a["week"]) for a in hook.received] == [("any-violation", "2020-W17")]
    assert hook.received[0]["event_ids"] and hook.received[0]["agreement"] == UN_CALL
    _cli(*args)
    assert len(hook.received) == 1


def test_rules_files_are_validated(tmp_path):
    from conflictwatch.monitor import load_rules
    from conflictwatch.monitor.errors import AlertRuleError

    bad = tmp_path / "rules.json"
    bad.write_text(json.dumps({"rules": [{"name": "x", "kind": "weekly_count", "min": 2, "max": 3}]}), encoding="utf-8")
    with pytest.raises(AlertRuleError, match="unknown key"):
        load_rules(bad)
    bad.write_text(json.dumps({"rules": [{"kind": "sometimes"}]}), encoding="utf-8")
    with pytest.raises(AlertRuleError, match="unknown"):
        load_rules(bad)
    bad.write_text(json.dumps({"rules": [{"kind": "fatalities"}]}), encoding="utf-8")
    with pytest.raises(AlertRuleError, match="give 'over'"):
        load_rules(bad)
    good = tmp_path / "rules.yaml"
    good.write_text(RULES_YAML, encoding="utf-8")
    assert [r.threshold for r in load_rules(good)] == [1, 8, 0, 1]


# -- storage ---------------------------------------------------------------------------------------

def test_monitor_tables_migrate_beside_the_store(db_url):
    with open_store(db_url) as store:
        Monitor(store)
        Monitor(store)  # idempotent
        assert store.db.scalar("SELECT MAX(version) FROM monitor_migrations") == MONITOR_MIGRATIONS[-1].version
        assert store.db.scalar("SELECT MAX(version) FROM schema_migrations") == MIGRATIONS[-1].version
        assert {"ceasefires", "monitor_alerts"} <= store.db.table_names()
        monitor = Monitor(store)
        monitor.add(_agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23"}))
        with pytest.raises(AgreementExistsError):
            monitor.add(_agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23"}))
    with open_store(db_url) as store:  # the store reopens (and migrates) with the monitor's tables present
        assert [a.name for a in Monitor(store).agreements()] == ["x"]


def _violation(day: str, others: tuple[str, ...] = (), fatalities: int = 0, n: int = 0):
    from conflictwatch.monitor.violations import Violation

    return Violation(f"ev-{day}-{n}", dt.date.fromisoformat(day), "Battles", "Armed clash", "Qamishli", "Al Hasakeh",
                     "Syria", NDF, ASAYISH, fatalities, (NDF, ASAYISH), others, "unattributed", None, None, False, ())


def test_rules_compare_with_past_weeks_and_spot_new_parties():
    from conflictwatch.monitor import Rule, evaluate

    agreement = _agreement({"name": "x", "parties": "NDF,ISF", "from": "2020-03-23"})
    turkey = "Military Forces of Turkey (2016-)"
    violations = [_violation("2020-04-01", n=1), _violation("2020-04-02", n=2),  # W14: 2
                  _violation("2020-04-08", (turkey,)),  # W15: 1, Turkey first seen
                  _violation("2020-04-13", (turkey,), 3, 1), _violation("2020-04-14", n=2),
                  _violation("2020-04-15", ("Syrian Democratic Forces",), n=3),  # W16: 3, SDF new
                  _violation("2020-04-30", fatalities=9)]  # after as_of: never counts
    rules = (Rule("surge", "above_recent_max", 8), Rule("new", "new_party"), Rule("deadly", "fatalities", 2),
             Rule("only-y", "weekly_count", 1, ("y",)))
    alerts = evaluate(rules, agreement, violations, dt.date(2020, 4, 16), weeks=3)
    assert sorted(a.key for a in alerts) == [
        "deadly|x|week=2020-W16",
        "new|x|actor=Military Forces of Turkey (2016-)",
        "new|x|actor=Syrian Democratic Forces",
        "surge|x|week=2020-W14", "surge|x|week=2020-W16"]
    surge = next(a for a in alerts if a.key == "surge|x|week=2020-W16")
    assert (surge.value, surge.threshold) == (3, 2)
    turkey_alert = next(a for a in alerts if "Turkey" in a.key)
    assert turkey_alert.week == "2020-W15" and turkey_alert.event_ids == ("ev-2020-04-08-0",)


@pytest.mark.parametrize(("sentence", "speaker", "initiator", "responder", "denies"), [
    ("Members of the NDF deliberately targeted an ISF post in Halku.", None, NDF, None, ()),
    ("The post came under attack by the National Defence Forces on Tuesday.", None, NDF, None, ()),
    ("Kurdish security forces returned fire after the NDF fired on their post.", None, NDF, ASAYISH, ()),
    ("The Asayish denied that the ISF attacked the checkpoint and blamed the NDF for the clash.", None, NDF, None,
     (ASAYISH,)),
    ("The ISF fired first on our positions and our fighters responded.", NDF, ASAYISH, NDF, ()),
    ("There was an exchange of fire between the NDF and the ISF.", None, None, None, ()),
])
def test_who_started_it_is_read_from_the_words(sentence, speaker, initiator, responder, denies):
    from conflictwatch.extract.initiative import read_account
    from conflictwatch.records import Span

    reading = read_account(sentence, {"event_type": (Span(0, len(sentence)),)}, "Syria", speaker)
    assert (reading.initiator, reading.responder, reading.denies) == (initiator, responder, denies)
    for finding in reading.findings:
        assert sentence[finding.span.start:finding.span.end] == finding.quote


# -- views for a mediator: the whole window, sources by name, the latest week of the data ------------

def test_the_weekly_table_runs_through_the_window_or_to_the_last_report(db_url):
    _three_accounts(db_url)  # violations up to 2020-04-21 (W17), reports up to 2020-04-23
    _ingest(db_url, ROOT / "examples" / "busayrah-news-2020.txt", "2020-05-10")  # a later report, elsewhere (W19)
    with open_store(db_url) as store:
        monitor = Monitor(store)
        monitor.add(_agreement({"name": "closed", "parties": "NDF,ISF", "from": "2020-03-23", "to": "2020-06-30",
                                "area": "Qamishli"}))
        monitor.add(_agreement({"name": "running", "parties": "NDF,ISF", "from": "2020-03-23", "to": "2999-12-31",
                                "area": "Qamishli"}))
        assert monitor.latest_day() == dt.date(2020, 5, 10)
        closed = [w.week for w in monitor.report("closed").weeks]
        assert closed[0] == "2020-W13" and closed[-1] == "2020-W27" and len(closed) == 15  # the window, every week
        assert [w.week for w in monitor.report(UN_CALL).weeks][-1] == "2020-W19"  # open-ended: to the last report
        assert [w.week for w in monitor.report("running").weeks][-1] == "2020-W19"  # not yet over: the same
        assert _week(monitor.report("closed"), "2020-W26").violations == 0


def test_sources_are_named_by_outlet_and_linked(db_url, tmp_path):
    batch = tmp_path / "monitor.jsonl"
    batch.write_text(json.dumps({"id": "sohr-2020-04-22-qamishli", "text": MONITOR_ACCOUNT.read_text(encoding="utf-8"),
                                 "source": "Syrian Observatory for Human Rights",
                                 "url": "https://www.syriahr.com/en/qamishli-2020-04-22", "published": "2020-04-22"})
                     + "\n", encoding="utf-8")
    _ingest(db_url, STATEMENT, "2020-04-22")
    _ingest(db_url, batch, "2020-04-22")
    _add_un_call(db_url)
    text = _cli("ceasefire", "report", UN_CALL, "--db", db_url)
    assert ("- [Syrian Observatory for Human Rights](https://www.syriahr.com/en/qamishli-2020-04-22) — NGO, "
            "independent: NDF: National Defence Forces started it") in text
    assert "- Internal Security Forces of North and East Syria — party statement, claim:" in text
    sources = text[text.index("## Violations"):]
    assert not re.search(r"\br-[0-9a-f]{16}\b", sources)  # no source named by a hash id
    page = _cli("ceasefire", "report", UN_CALL, "--db", db_url, "--format", "html")
    assert '<a href="https://www.syriahr.com/en/qamishli-2020-04-22" rel="noopener noreferrer">' in page
    data = json.loads(_cli("ceasefire", "report", UN_CALL, "--db", db_url, "--format", "json"))
    named = {s["name"]: s["url"] for v in data["violations"] for s in v["sources"]}
    assert named["Syrian Observatory for Human Rights"] == "https://www.syriahr.com/en/qamishli-2020-04-22"
    _cli("ceasefire", "add", "early", "--parties", "NDF,ISF", "--from", "2020-03-23", "--to", "2020-04-10",
         "--area", "Qamishli", "--db", db_url)
    one = _cli("ceasefire", "report", "early", "--db", db_url)
    assert "1 violation (0 attributed, 0 contested, 1 unattributed); 2 fatalities." in one


def test_alerts_evaluate_the_latest_week_of_the_data_unless_as_of(db_url, tmp_path):
    _three_accounts(db_url)  # an archive: its last report is of 2020-04-23, years before today
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - {name: any-violation, kind: weekly_count, min: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["alerts", "--db", db_url, "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    [alert] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert alert["week"] == "2020-W17" and alert["message"] == f"{UN_CALL}: 1 violation in 2020-W17 (threshold 1)"
    assert "1 new alert" in result.output and "1 new alerts" not in result.output
    result = CliRunner().invoke(main, ["alerts", "--db", db_url, "--rules", str(rules), "--as-of", "2020-04-10"])
    assert [json.loads(line)["week"] for line in result.stdout.splitlines() if line.startswith("{")] == ["2020-W15"]
    assert "0 new alerts" in CliRunner().invoke(main, ["alerts", "--db", db_url, "--rules", str(rules)]).output


def test_chart_lines_of_the_parties_never_hide_each_other(db_url):
    from conflictwatch.monitor.chart import chart_series

    _three_accounts(db_url)
    with open_store(db_url) as store:
        series = chart_series(Monitor(store).report(UN_CALL))
    assert [s.label for s in series] == [f"{NDF}: confirmed", f"{NDF}: claimed only", f"{ASAYISH}: confirmed",
                                         f"{ASAYISH}: claimed only"]
    ndf, asayish = series[0], series[2]
    assert (ndf.colour, ndf.marker) != (asayish.colour, asayish.marker) and ndf.offset != asayish.offset
    assert {s.linestyle for s in series[:2]} == {"-", "--"}


def test_an_event_whose_report_names_no_place_is_in_no_area() -> None:
    # a report naming only its country is coded at the capital (ACLED's convention), which says nothing
    # about whether the truce's area was broken
    from conflictwatch.monitor.agreements import Area
    from conflictwatch.records import Event

    placed = Event(doc_id="d", event_id="e1", event_date=dt.date(2024, 6, 9), time_precision=1,
                   disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash",
                   actor1="Al Shabaab", assoc_actor_1=None, inter1=2, actor2=None, assoc_actor_2=None, inter2=0,
                   interaction=20, country="Kenya", admin1="Nairobi", admin2=None, admin3=None, location="Kenya",
                   latitude=-1.28, longitude=36.82, geo_precision=3, fatalities=0)
    area = Area(names=("Nairobi",))
    assert area.contains(placed)
    assert not area.contains(replace(placed, flags=("place-missing",)))
