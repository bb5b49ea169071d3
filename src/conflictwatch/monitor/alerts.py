"""Alert rules over an agreement's violations, evaluated for one ISO week (by default the latest week
of the data, see :meth:`conflictwatch.monitor.Monitor.pending_alerts`).

Rule kinds (each rule has a ``name``, a ``kind`` and optionally ``agreements``, the names it applies to):

* ``weekly_count`` (``min``): this week's violations are at least ``min``;
* ``above_recent_max`` (``weeks``, default 8): this week's violations exceed the highest weekly count
  of the ``weeks`` weeks before it;
* ``new_party``: an armed actor that is no party to the agreement is involved in a violation this
  week and in none before it;
* ``fatalities`` (``over``): this week's violations killed more than ``over`` people.

An alert is keyed by rule, agreement and condition (the week, or the new actor); the monitor
remembers fired keys in its ``monitor_alerts`` table so each alert fires once.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictwatch.monitor.agreements import Agreement, load_mapping
from conflictwatch.monitor.errors import AlertRuleError, WebhookError
from conflictwatch.monitor.violations import Violation, iso_week, plural

# kind -> (its parameter, the parameter's default; None = required)
RULE_KINDS: dict[str, tuple[str | None, int | None]] = {
    "weekly_count": ("min", None),
    "above_recent_max": ("weeks", 8),
    "new_party": (None, None),
    "fatalities": ("over", None),
}


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    threshold: int = 0  # min | weeks | over, by kind
    agreements: tuple[str, ...] = ()  # empty: every agreement

    def applies_to(self, agreement: str) -> bool:
        return not self.agreements or agreement in self.agreements


DEFAULT_RULES = (
    Rule("weekly-violations", "weekly_count", 3),
    Rule("above-8-week-high", "above_recent_max", 8),
    Rule("new-party", "new_party"),
    Rule("deadly-week", "fatalities", 5),
)


@dataclass(frozen=True)
class Alert:
    """One alert: which rule fired for which agreement, on what condition, and the events behind it."""

    key: str
    rule: str
    kind: str
    agreement: str
    condition: str  # "week=2020-W17" or "actor=Military Forces of Syria (2000-)"
    week: str
    value: int
    threshold: int
    message: str
    event_ids: tuple[str, ...]
    fired_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "rule": self.rule, "kind": self.kind, "agreement": self.agreement,
                "condition": self.condition, "week": self.week, "value": self.value, "threshold": self.threshold,
                "message": self.message, "event_ids": list(self.event_ids), "fired_at": self.fired_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alert:
        return cls(data["key"], data["rule"], data["kind"], data["agreement"], data["condition"], data["week"],
                   int(data["value"]), int(data["threshold"]), data["message"], tuple(data.get("event_ids") or ()),
                   data.get("fired_at"))


def parse_rules(data: Any) -> tuple[Rule, ...]:
    """Rules from ``{"rules": [...]}`` or a plain list; unknown kinds and keys are rejected."""
    items = data.get("rules") if isinstance(data, Mapping) else data
    if isinstance(data, Mapping) and set(data) - {"rules"}:
        raise AlertRuleError(f"unknown key(s) {', '.join(sorted(set(data) - {'rules'}))}; a rules file has 'rules'")
    if not isinstance(items, list) or not items:
        raise AlertRuleError("give a list of rules under 'rules'")
    rules = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise AlertRuleError(f"rule {i}: expected a mapping with name and kind")
        kind = item.get("kind")
        if kind not in RULE_KINDS:
            raise AlertRuleError(f"rule {i}: kind {kind!r} is unknown; use one of {', '.join(RULE_KINDS)}")
        param, default = RULE_KINDS[kind]
        allowed = {"name", "kind", "agreements"} | ({param} if param else set())
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise AlertRuleError(f"rule {i} ({kind}): unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
        value = item.get(param, default) if param else 0
        if value is None:
            raise AlertRuleError(f"rule {i} ({kind}): give '{param}'")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise AlertRuleError(f"rule {i} ({kind}): '{param}' must be a whole number ≥ 0, not {value!r}")
        agreements = item.get("agreements") or ()
        if isinstance(agreements, str):
            agreements = (agreements,)
        rules.append(Rule(str(item.get("name") or f"{kind}-{i}"), kind, value, tuple(str(a) for a in agreements)))
    if len({r.name for r in rules}) != len(rules):
        raise AlertRuleError("two rules have the same name; names key the alerts already fired")
    return tuple(rules)


def load_rules(path: str | Path) -> tuple[Rule, ...]:
    """Rules from a YAML or JSON file (see :func:`parse_rules`)."""
    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise AlertRuleError(f"{path}: a rules file is .yaml, .yml or .json")
    return parse_rules(load_mapping(path, AlertRuleError))


def evaluate(rules: Iterable[Rule], agreement: Agreement, violations: list[Violation], as_of: dt.date,
             weeks: int = 1) -> list[Alert]:
    """The alerts the rules raise for the ISO week of ``as_of`` and the ``weeks - 1`` weeks before it
    (to catch late reports). Only violations on or before ``as_of`` count. Pure: remembers nothing."""
    seen = [v for v in violations if v.event_date <= as_of]
    per_week: Counter[str] = Counter(v.week for v in seen)
    monday = as_of - dt.timedelta(days=as_of.weekday())
    out: list[Alert] = []
    for back in range(max(1, weeks) - 1, -1, -1):
        start = monday - dt.timedelta(weeks=back)
        week = iso_week(start)
        this = [v for v in seen if v.week == week]
        ids = tuple(v.event_id for v in this)
        for rule in rules:
            if not rule.applies_to(agreement.name):
                continue
            if rule.kind == "weekly_count" and this and len(this) >= rule.threshold:
                out.append(_alert(rule, agreement, week, len(this), rule.threshold, ids,
                                  f"{agreement.name}: {plural(len(this), 'violation')} in {week} "
                                  f"(threshold {rule.threshold})"))
            elif rule.kind == "above_recent_max" and this:
                past = max(per_week.get(iso_week(start - dt.timedelta(weeks=k)), 0) for k in range(1, rule.threshold + 1))
                if len(this) > past:
                    out.append(_alert(rule, agreement, week, len(this), past, ids,
                                      f"{agreement.name}: {plural(len(this), 'violation')} in {week}, above the highest weekly "
                                      f"count of the {rule.threshold} weeks before ({past})"))
            elif rule.kind == "fatalities":
                deaths = sum(v.fatalities for v in this)
                if deaths > rule.threshold:
                    out.append(_alert(rule, agreement, week, deaths, rule.threshold, ids,
                                      f"{agreement.name}: {plural(deaths, 'fatality', 'fatalities')} in violations in {week} "
                                      f"(threshold {rule.threshold})"))
            elif rule.kind == "new_party":
                before = {a for v in seen if v.event_date < start for a in v.other_actors}
                for actor in dict.fromkeys(a for v in this for a in v.other_actors):
                    if actor in before:
                        continue
                    with_actor = tuple(v.event_id for v in this if actor in v.other_actors)
                    out.append(_alert(rule, agreement, week, len(with_actor), 0, with_actor,
                                      f"{agreement.name}: {actor}, no party to the agreement, involved in "
                                      f"{plural(len(with_actor), 'violation')} in {week}", condition=f"actor={actor}"))
    return out


def _alert(rule: Rule, agreement: Agreement, week: str, value: int, threshold: int, ids: tuple[str, ...],
           message: str, condition: str | None = None) -> Alert:
    condition = condition or f"week={week}"
    return Alert(f"{rule.name}|{agreement.name}|{condition}", rule.name, rule.kind, agreement.name, condition, week,
                 value, threshold, message, ids)


def post_webhook(url: str, alert: Alert, timeout: float = 10.0) -> None:
    """POST the alert as JSON to ``url``; raises :class:`WebhookError` unless the server answers 2xx."""
    if not url.startswith(("http://", "https://")):
        raise WebhookError(f"--webhook {url!r}: give an http:// or https:// URL")
    body = json.dumps(alert.to_dict(), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "conflictwatch-alerts"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            status = response.status
    except urllib.error.HTTPError as err:
        raise WebhookError(f"webhook {url} answered HTTP {err.code} for alert {alert.key!r}") from err
    except (urllib.error.URLError, OSError) as err:
        raise WebhookError(f"webhook {url} unreachable for alert {alert.key!r}: {getattr(err, 'reason', err)}") from err
    if not 200 <= status < 300:
        raise WebhookError(f"webhook {url} answered HTTP {status} for alert {alert.key!r}")
