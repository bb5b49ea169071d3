"""The trend chart of a ceasefire report: violations each party started per week, confirmed
(solid, filled markers) and claimed only (dashed, open markers), each party in its own colour and marker
and shifted a little sideways so equal counts stay visible; unattributed ones as grey bars. Drawn with matplotlib's
Agg canvas directly, so no display and no pyplot state are involved."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from conflictwatch.monitor.report import CeasefireReport

# one colour, marker and horizontal offset per party, so equal counts never hide one line under another
_COLOURS = ("#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#34495e")
_MARKERS = ("o", "s", "^", "D", "v", "P")


@dataclass(frozen=True)
class Series:
    """One line of the chart: whose, which count, and how it is drawn."""

    label: str
    values: tuple[int, ...]
    colour: str
    marker: str
    linestyle: str
    offset: float  # in weeks, so that parties with equal counts stay side by side


def chart_series(report: CeasefireReport) -> list[Series]:
    """The chart's lines: per party, violations it started that independent sources confirm (solid)
    and those only parties claim (dashed)."""
    parties = report.agreement.party_names
    out = []
    for i, party in enumerate(parties):
        offset = (i - (len(parties) - 1) / 2) * 0.12
        colour, marker = _COLOURS[i % len(_COLOURS)], _MARKERS[i % len(_MARKERS)]
        out.append(Series(f"{party}: confirmed", tuple(w.per_party[party].confirmed for w in report.weeks), colour, marker,
                          "-", offset))
        out.append(Series(f"{party}: claimed only", tuple(w.per_party[party].claimed for w in report.weeks), colour, marker,
                          "--", offset))
    return out


def chart_png(report: CeasefireReport) -> bytes:
    """The chart as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    weeks = [w.week for w in report.weeks]
    x = list(range(len(weeks)))
    figure = Figure(figsize=(max(6.0, 0.45 * len(weeks) + 3) + 3.0, 4.0), dpi=100)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.bar(x, [w.unattributed for w in report.weeks], color="#cccccc", label="unattributed", zorder=1)
    for z, series in enumerate(chart_series(report)):
        ax.plot([k + series.offset for k in x], series.values, color=series.colour, marker=series.marker,
                linestyle=series.linestyle, markersize=6 if series.linestyle == "-" else 5,
                markerfacecolor=series.colour if series.linestyle == "-" else "white", linewidth=1.6,
                label=series.label, zorder=2 + z)
    ax.set_xticks(x)
    ax.set_xticklabels(weeks, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("violations started")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    highest = max([w.unattributed for w in report.weeks]
                  + [c for w in report.weeks for pc in w.per_party.values() for c in (pc.confirmed, pc.claimed)], default=0)
    ax.set_ylim(0, highest + 1)
    ax.set_title(f"{report.agreement.name}: violations per week")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
              title="who started them, per source", title_fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_chart(report: CeasefireReport, path: str | Path) -> int:
    """Write the chart PNG to ``path``; returns its size in bytes."""
    data = chart_png(report)
    Path(path).write_bytes(data)
    return len(data)
