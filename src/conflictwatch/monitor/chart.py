"""The trend chart of a ceasefire report: violations each party started per week, confirmed
(solid) and claimed only (dashed), with unattributed ones as grey bars. Drawn with matplotlib's
Agg canvas directly, so no display and no pyplot state are involved."""

from __future__ import annotations

import io
from pathlib import Path

from conflictwatch.monitor.report import CeasefireReport


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
    ax.bar(x, [w.unattributed for w in report.weeks], color="#cccccc", label="unattributed")
    colours = ["#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#34495e"]
    for i, party in enumerate(report.agreement.party_names):
        colour = colours[i % len(colours)]
        ax.plot(x, [w.per_party[party].confirmed for w in report.weeks], color=colour, marker="o",
                label=f"{party}: confirmed")
        ax.plot(x, [w.per_party[party].claimed for w in report.weeks], color=colour, marker="x", linestyle="--",
                label=f"{party}: claimed only")
    ax.set_xticks(x)
    ax.set_xticklabels(weeks, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("violations started")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    highest = max([w.unattributed for w in report.weeks]
                  + [c for w in report.weeks for pc in w.per_party.values() for c in (pc.confirmed, pc.claimed)], default=0)
    ax.set_ylim(0, highest + 1)
    ax.set_title(f"{report.agreement.name}: violations per week")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_chart(report: CeasefireReport, path: str | Path) -> int:
    """Write the chart PNG to ``path``; returns its size in bytes."""
    data = chart_png(report)
    Path(path).write_bytes(data)
    return len(data)
