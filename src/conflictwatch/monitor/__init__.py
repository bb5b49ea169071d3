"""The ceasefire monitor: who breaks the truce, according to whom.

* :mod:`~conflictwatch.monitor.agreements` — agreements as data (parties via a party lookup, areas
  as admin names or GeoJSON polygons), from the command line or a YAML/JSON file;
* :mod:`~conflictwatch.monitor.violations` — violent events in an agreement's window and area that
  involve its parties, attributed (initiator / unattributed / contested) from what each source says,
  as the coder recorded it with each account (the monitor reads the dataset only);
* :mod:`~conflictwatch.monitor.report` and :mod:`~conflictwatch.monitor.chart` — weekly counts per party,
  confirmed vs claimed only, as Markdown, HTML, CSV and a PNG trend chart;
* :mod:`~conflictwatch.monitor.alerts` — rules evaluated per week, each alert fired once;
* :mod:`~conflictwatch.monitor.api` — a FastAPI router (needs ``fastapi``).

    >>> from conflictwatch.store import open_store
    >>> from conflictwatch.monitor import Monitor, agreement_from_spec
    >>> from conflictwatch.extract.initiative import actor_candidates  # the coder's actor dictionary
    >>> with open_store("events.db") as store:
    ...     monitor = Monitor(store)
    ...     monitor.add(agreement_from_spec({"name": "UN call", "parties": "NDF,ISF", "from": "2020-03-23",
    ...                                      "area": "Qamishli"}, lookup=actor_candidates))
    ...     report = monitor.report("UN call")
"""

from conflictwatch.monitor.agreements import Agreement, Area, Party, agreement_from_spec, load_agreement_file
from conflictwatch.monitor.alerts import DEFAULT_RULES, Alert, Rule, evaluate, load_rules, parse_rules
from conflictwatch.monitor.monitor import Monitor
from conflictwatch.monitor.report import CeasefireReport, build_report, render
from conflictwatch.monitor.violations import SourceClaim, Violation, find_violations

__all__ = ["DEFAULT_RULES", "Agreement", "Alert", "Area", "CeasefireReport", "Monitor", "Party", "Rule", "SourceClaim",
           "Violation", "agreement_from_spec", "build_report", "evaluate", "find_violations", "load_agreement_file",
           "load_rules", "parse_rules", "render"]
