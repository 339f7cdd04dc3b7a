"""PNG plot of a replay in the style of the reference paper's figure.

Top: site power without control and with control, and the limit. Bottom: EV charging power
without and with control, so one sees the car give way to the house and resume afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # files only: never needs a display

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from custom_components.capacity_manager.engine.simulator import Series


def _times(series: Series) -> list[datetime]:
    # Naive clock times: the inputs' fixed clock is stored as if UTC (see tools.inputs).
    return [datetime.fromtimestamp(t, UTC).replace(tzinfo=None) for t in series.times_s]


def _kw(values: Sequence[float]) -> list[float]:
    return [v / 1000.0 for v in values]


def plot_replay(
    path: Path,
    *,
    title: str,
    limit_w: float,
    uncontrolled: Series,
    controlled: Series,
    controller: str,
) -> None:
    """Write the figure to `path` (parent folders are created)."""
    times = _times(controlled)
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 6.5), sharex=True, gridspec_kw={"height_ratios": [2, 1]}
    )
    top.plot(
        _times(uncontrolled),
        _kw(uncontrolled.site_w),
        color="0.6",
        lw=1.0,
        label="site, no control",
    )
    top.plot(times, _kw(controlled.site_w), color="tab:blue", lw=1.2, label=f"site, {controller}")
    top.axhline(limit_w / 1000.0, color="tab:red", ls="--", lw=1.2, label=f"limit {limit_w:.0f} W")
    top.set_ylabel("power (kW)")
    top.set_title(title)
    top.legend(loc="upper left", fontsize="small")
    top.grid(alpha=0.3)

    bottom.plot(
        _times(uncontrolled), _kw(uncontrolled.ev_w), color="0.6", lw=1.0, label="EV, no control"
    )
    bottom.fill_between(
        times,
        _kw(controlled.ev_w),
        step="post",
        color="tab:green",
        alpha=0.4,
        label=f"EV, {controller}",
    )
    bottom.set_ylabel("EV power (kW)")
    bottom.legend(loc="upper left", fontsize="small")
    bottom.grid(alpha=0.3)
    span_h = (times[-1] - times[0]).total_seconds() / 3600.0 if len(times) > 1 else 0.0
    fmt = "%H:%M" if span_h <= 36 else "%a %d %H:%M"
    bottom.xaxis.set_major_formatter(mdates.DateFormatter(fmt))  # type: ignore[no-untyped-call]
    fig.autofmt_xdate()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
