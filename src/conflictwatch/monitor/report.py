"""A ceasefire report: violations per party per ISO week (confirmed vs claimed only), fatalities,
places and the list of violations with their sources — as a record, and as Markdown, HTML or CSV."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conflictwatch.export import safe_cell
from conflictwatch.monitor.agreements import Agreement
from conflictwatch.monitor.violations import Violation, iso_week, plural

REPORT_FORMATS = ("md", "html", "csv")
CSV_COLUMNS = ("event_id", "event_date", "week", "event_type", "sub_event_type", "location", "admin1", "country",
               "attribution", "initiator", "confirmed", "responder", "fatalities", "parties_involved", "other_actors",
               "n_sources", "sources")


@dataclass(frozen=True)
class PartyCount:
    """Violations a party started in one week: named by an independent source, or only by parties."""

    confirmed: int = 0
    claimed: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"confirmed": self.confirmed, "claimed": self.claimed}


@dataclass(frozen=True)
class WeekRow:
    week: str  # ISO week, "2020-W17"
    monday: dt.date
    per_party: dict[str, PartyCount] = field(hash=False)
    violations: int = 0
    unattributed: int = 0
    contested: int = 0
    fatalities: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "per_party": {p: c.to_dict() for p, c in self.per_party.items()},
                "fatalities": self.fatalities, "violations": self.violations, "unattributed": self.unattributed,
                "contested": self.contested}


@dataclass(frozen=True)
class CeasefireReport:
    agreement: Agreement
    weeks: tuple[WeekRow, ...]
    violations: tuple[Violation, ...]

    @property
    def places(self) -> list[tuple[str, int]]:
        return Counter(v.place for v in self.violations).most_common()

    @property
    def fatalities(self) -> int:
        return sum(v.fatalities for v in self.violations)

    def totals(self) -> dict[str, PartyCount]:
        out = {}
        for party in self.agreement.party_names:
            out[party] = PartyCount(sum(w.per_party[party].confirmed for w in self.weeks),
                                    sum(w.per_party[party].claimed for w in self.weeks))
        return out

    def by_attribution(self) -> dict[str, int]:
        counts = Counter(v.attribution for v in self.violations)
        return {a: counts.get(a, 0) for a in ("initiator", "contested", "unattributed")}

    def to_dict(self) -> dict[str, Any]:
        """The JSON the API serves: name, parties, from, to, area, weeks and violations."""
        a = self.agreement
        return {"name": a.name, "parties": list(a.party_names), "from": a.start.isoformat(),
                "to": a.end.isoformat() if a.end else None, "area": a.area.describe() if a.area else None,
                "note": a.note, "totals": {p: c.to_dict() for p, c in self.totals().items()},
                "fatalities": self.fatalities, "places": dict(self.places),
                "weeks": [w.to_dict() for w in self.weeks], "violations": [v.to_dict() for v in self.violations]}


def build_report(agreement: Agreement, violations: list[Violation], today: dt.date | None = None,
                 data_until: dt.date | None = None) -> CeasefireReport:
    """Weekly counts from the agreement's first week through its window: to its end when that has
    passed, else (open-ended, or still running) to the last day the data reports on (``data_until``),
    and never short of its latest violation."""
    today = today or dt.date.today()
    last = max([agreement.start, *(v.event_date for v in violations)])
    if agreement.end is not None and agreement.end <= today:
        end = agreement.end
    else:
        end = data_until or last
        if agreement.end is not None:
            end = min(end, agreement.end)
    end = max(end, last)
    weeks = []
    monday = agreement.start - dt.timedelta(days=agreement.start.weekday())
    while monday <= end:
        label = iso_week(monday)
        in_week = [v for v in violations if v.week == label]
        per_party = {}
        for party in agreement.party_names:
            blamed = [v.blame(party) for v in in_week]
            per_party[party] = PartyCount(blamed.count("confirmed"), blamed.count("claimed"))
        weeks.append(WeekRow(label, monday, per_party, len(in_week),
                             sum(v.attribution == "unattributed" for v in in_week),
                             sum(v.attribution == "contested" for v in in_week), sum(v.fatalities for v in in_week)))
        monday += dt.timedelta(days=7)
    return CeasefireReport(agreement, tuple(weeks), tuple(violations))


def render(report: CeasefireReport, fmt: str, chart_png: bytes | None = None, chart_name: str | None = None) -> str:
    """The report as ``md``, ``html`` (the chart embedded when given) or ``csv`` (one row per violation)."""
    if fmt == "md":
        return render_markdown(report, chart_name)
    if fmt == "html":
        return render_html(report, chart_png)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")


def _window(a: Agreement) -> str:
    return f"from {a.start.isoformat()}" + (f" to {a.end.isoformat()}" if a.end else ", open-ended")


def _party_label(report: CeasefireReport, name: str) -> str:
    given = next((p.given for p in report.agreement.parties if p.name == name), name)
    return name if given == name else f"{name} ({given})"


def _source_line(s: Any) -> str:
    return f"{s.label} — {_source_detail(s)}"


def _source_detail(s: Any) -> str:
    who = f", claimed by {s.ref.claimed_by}" if s.ref.claimed_by and s.ref.claimed_by != s.label else ""
    role = "independent" if s.independent else "claim"
    return f"{s.ref.source_kind}{who}, {role}: {s.claim}"


def _violations_line(report: CeasefireReport) -> str:
    counts = report.by_attribution()
    return (f"{plural(len(report.violations), 'violation')} ({counts['initiator']} attributed, {counts['contested']} "
            f"contested, {counts['unattributed']} unattributed); {plural(report.fatalities, 'fatality', 'fatalities')}.")


def render_markdown(report: CeasefireReport, chart_name: str | None = None) -> str:
    a = report.agreement
    lines = [f"# Ceasefire report: {a.name}", "",
             f"Parties: {', '.join(_party_label(report, p) for p in a.party_names)}; {_window(a)}; "
             f"area: {a.area.describe() if a.area else 'anywhere'}."]
    if a.note:
        lines += ["", a.note]
    lines += ["", _violations_line(report), "",
              "## Who started them", "", "| party | confirmed | claimed only |", "|---|---:|---:|"]
    for party, c in report.totals().items():
        lines.append(f"| {_party_label(report, party)} | {c.confirmed} | {c.claimed} |")
    lines += ["", "Confirmed: an independent source (news, NGO or monitor) names the party as the one who started it. "
                  "Claimed only: only a party's (or an official) statement does.", "", "## Per week", ""]
    head = ["week"] + [f"{p} confirmed | {p} claimed" for p in a.party_names] + ["unattributed", "contested", "fatalities"]
    lines += ["| " + " | ".join(head) + " |", "|---" + "|---:" * (2 * len(a.party_names) + 3) + "|"]
    for w in report.weeks:
        cells = [w.week] + [f"{w.per_party[p].confirmed} | {w.per_party[p].claimed}" for p in a.party_names]
        cells += [str(w.unattributed), str(w.contested), str(w.fatalities)]
        lines.append("| " + " | ".join(cells) + " |")
    if chart_name:
        lines += ["", f"![violations per week]({chart_name})"]
    lines += ["", "## Places", "", "| place | violations |", "|---|---:|"]
    lines += [f"| {place} | {n} |" for place, n in report.places]
    lines += ["", "## Violations"]
    for v in report.violations:
        who = v.initiator or "no one named"
        lines += ["", f"### {v.event_date.isoformat()} — {v.event_type} / {v.sub_event_type} — {v.place}", "",
                  f"`{v.event_id}` · attribution: **{v.attribution}** · started by: {who}"
                  + (" (confirmed)" if v.confirmed else " (claimed only)" if v.initiator else "")
                  + (f" · responder: {v.responder}" if v.responder else "") + f" · fatalities: {v.fatalities}", ""]
        for s in v.sources:
            name = f"[{s.label}]({s.link})" if s.link else s.label
            lines.append(f"- {name} — {_source_detail(s)}")
            for f in s.reading.findings:
                lines.append(f"  - {f.role} {f.actor}: “{f.quote}” [{f.span.start}–{f.span.end}]")
    return "\n".join(lines) + "\n"


def render_html(report: CeasefireReport, chart_png: bytes | None = None) -> str:
    a = report.agreement
    e = html.escape
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>Ceasefire report: {e(a.name)}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:.2em .5em}td.n{text-align:right}blockquote{color:#444}</style>",
           "</head><body>", f"<h1>Ceasefire report: {e(a.name)}</h1>",
           f"<p>Parties: {e(', '.join(_party_label(report, p) for p in a.party_names))}; {e(_window(a))}; "
           f"area: {e(a.area.describe() if a.area else 'anywhere')}.</p>"]
    if a.note:
        out.append(f"<p>{e(a.note)}</p>")
    out.append(f"<p>{e(_violations_line(report))}</p>")
    out += ["<h2>Who started them</h2>", "<table><tr><th>party</th><th>confirmed</th><th>claimed only</th></tr>"]
    for party, c in report.totals().items():
        out.append(f"<tr><td>{e(_party_label(report, party))}</td><td class=n>{c.confirmed}</td>"
                   f"<td class=n>{c.claimed}</td></tr>")
    out += ["</table>", "<h2>Per week</h2>", "<table><tr><th>week</th>"
            + "".join(f"<th>{e(p)} confirmed</th><th>{e(p)} claimed</th>" for p in a.party_names)
            + "<th>unattributed</th><th>contested</th><th>fatalities</th></tr>"]
    for w in report.weeks:
        cells = "".join(f"<td class=n>{w.per_party[p].confirmed}</td><td class=n>{w.per_party[p].claimed}</td>"
                        for p in a.party_names)
        out.append(f"<tr><td>{w.week}</td>{cells}<td class=n>{w.unattributed}</td><td class=n>{w.contested}</td>"
                   f"<td class=n>{w.fatalities}</td></tr>")
    out.append("</table>")
    if chart_png:
        out.append(f"<p><img alt=\"violations per week\" src=\"data:image/png;base64,"
                   f"{base64.b64encode(chart_png).decode()}\"></p>")
    out += ["<h2>Places</h2>", "<table><tr><th>place</th><th>violations</th></tr>"]
    out += [f"<tr><td>{e(place)}</td><td class=n>{n}</td></tr>" for place, n in report.places]
    out += ["</table>", "<h2>Violations</h2>"]
    for v in report.violations:
        out.append(f"<h3>{v.event_date.isoformat()} — {e(v.event_type)} / {e(v.sub_event_type)} — {e(v.place)}</h3>")
        out.append(f"<p><code>{e(v.event_id)}</code> · attribution: <strong>{v.attribution}</strong> · started by: "
                   f"{e(v.initiator or 'no one named')}"
                   + (" (confirmed)" if v.confirmed else " (claimed only)" if v.initiator else "")
                   + (f" · responder: {e(v.responder)}" if v.responder else "") + f" · fatalities: {v.fatalities}</p>")
        out.append("<ul>")
        for s in v.sources:
            quotes = "".join(f"<blockquote>{e(f.role)} {e(f.actor)}: “{e(f.quote)}” [{f.span.start}–{f.span.end}]"
                             "</blockquote>" for f in s.reading.findings)
            name = f'<a href="{e(s.link)}" rel="noopener noreferrer">{e(s.label)}</a>' if s.link else e(s.label)
            out.append(f"<li>{name} — {e(_source_detail(s))}{quotes}</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_csv(report: CeasefireReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in report.violations:
        writer.writerow([safe_cell(c) for c in [
                         v.event_id, v.event_date.isoformat(), v.week, v.event_type, v.sub_event_type, v.location or "",
                         v.admin1 or "", v.country or "", v.attribution, v.initiator or "", int(v.confirmed),
                         v.responder or "", v.fatalities, "; ".join(v.parties_involved), "; ".join(v.other_actors),
                         len(v.sources), " | ".join(f"{s.ref.report_id}: {_source_line(s)}" + (f" <{s.link}>" if s.link else "")
                                                    for s in v.sources)]])
    return buffer.getvalue()
