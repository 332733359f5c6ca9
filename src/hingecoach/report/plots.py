"""Inline SVG line plots of the per-frame angles, for the HTML report.

Built as plain strings rather than with matplotlib: a report with five plots stays a few tens of
kilobytes, renders crisply at any zoom, scales to a phone through its ``viewBox``, and needs no
fonts or images. Every plot marks the reps (shaded spans from start to end, numbered) and the
profile limits that were judged, so a lifter can see *when* an angle crossed *which* line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

#: Plot geometry in SVG user units; the browser scales the whole drawing to the page width.
WIDTH, HEIGHT = 340, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 24, 22

LINE_RGB = "#1f6fd1"
FAULT_FILL = "#e5484d"
TARGET_FILL = "#30a46c"
REP_FILL = "#8b8d98"

BandKind = Literal["fault", "target"]


@dataclass(frozen=True)
class Band:
    """A horizontal band of the y axis: a fault zone (red) or a target zone (green).

    Attributes:
        lo: lower edge in y units; None runs to the bottom of the axis.
        hi: upper edge in y units; None runs to the top of the axis.
        label: short text drawn inside the band, e.g. ``knee_bend > 20°``.
        kind: ``fault`` for values that break a limit, ``target`` for where values should be.
    """

    lo: float | None
    hi: float | None
    label: str
    kind: BandKind = "fault"


@dataclass(frozen=True)
class RepSpan:
    """One rep on the time axis: seconds from start to end, and the label drawn above it."""

    start_s: float
    end_s: float
    label: str


@dataclass(frozen=True)
class Marker:
    """A point to ring on the curve (e.g. where a fault was measured)."""

    t_s: float
    value: float
    label: str


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 × 10^k apart) inside ``[lo, hi]``, about ``n``.

    The step is the round one whose tick count is closest to ``n`` (the coarser on a tie), so an
    axis gets neither two lonely ticks nor a crowded ruler.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    mag = 10 ** math.floor(math.log10((hi - lo) / max(n - 1, 1)))

    def ticks(step: float) -> list[float]:
        first = math.ceil(lo / step - 1e-9) * step
        count = int((hi - first) / step + 1e-9) + 1
        return [round(first + k * step, 10) for k in range(count)]

    steps = [m * mag for m in (1, 2, 2.5, 5, 10, 20)]
    return min((ticks(st) for st in reversed(steps)), key=lambda t: abs(len(t) - n))


def finite(values: Sequence[float | None]) -> list[float]:
    """The measured (not None, not NaN) values as floats."""
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def y_range(values: Sequence[float | None], bands: Sequence[Band]) -> tuple[float, float]:
    """Y axis limits: the data and every finite band edge, padded 8 % so nothing sits on a rule."""
    ys = finite(values) + finite([e for b in bands for e in (b.lo, b.hi)])
    if not ys:
        return 0.0, 1.0
    lo, hi = min(ys), max(ys)
    if hi - lo < 1e-6:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def polyline_runs(
    t_s: Sequence[float], values: Sequence[float | None]
) -> list[list[tuple[float, float]]]:
    """Consecutive measured samples as separate runs: a null (not seen) breaks the line.

    Joining across a gap would draw a straight line through frames where the body was not
    seen, which reads as a measurement that was never made.
    """
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for t, v in zip(t_s, values, strict=True):
        if v is None or not math.isfinite(v):
            if current:
                runs.append(current)
            current = []
        else:
            current.append((float(t), float(v)))
    if current:
        runs.append(current)
    return runs


class _Axes:
    """Maps data (seconds, degrees) to SVG user units inside the plot frame."""

    def __init__(self, t0: float, t1: float, y0: float, y1: float) -> None:
        self.t0, self.t1 = t0, t1 if t1 > t0 else t0 + 1.0
        self.y0, self.y1 = y0, y1
        self.x_lo, self.x_hi = LEFT, WIDTH - RIGHT
        self.y_top, self.y_bottom = TOP, HEIGHT - BOTTOM

    def x(self, t: float) -> float:
        frac = (t - self.t0) / (self.t1 - self.t0)
        return self.x_lo + frac * (self.x_hi - self.x_lo)

    def y(self, v: float) -> float:
        frac = (v - self.y0) / (self.y1 - self.y0)
        return self.y_bottom - frac * (self.y_bottom - self.y_top)

    def clamp_y(self, v: float | None, default: float) -> float:
        if v is None:
            return default
        return min(max(self.y(v), self.y_top), self.y_bottom)


def _rep_layer(ax: _Axes, reps: Sequence[RepSpan]) -> list[str]:
    out = []
    for k, rep in enumerate(reps):
        x0, x1 = ax.x(max(rep.start_s, ax.t0)), ax.x(min(rep.end_s, ax.t1))
        if x1 <= x0:
            continue
        opacity = "0.16" if k % 2 == 0 else "0.10"
        out.append(
            f'<rect class="rep-band" x="{x0:.1f}" y="{ax.y_top}" width="{x1 - x0:.1f}" '
            f'height="{ax.y_bottom - ax.y_top}" fill="{REP_FILL}" fill-opacity="{opacity}"/>'
        )
        out.append(
            f'<text class="rep-no" x="{(x0 + x1) / 2:.1f}" y="{ax.y_top - 6}" '
            f'text-anchor="middle" font-size="13" fill="#444">{escape(rep.label)}</text>'
        )
    return out


def _band_layer(ax: _Axes, bands: Sequence[Band]) -> list[str]:
    out = []
    for band in bands:
        top = ax.clamp_y(band.hi, ax.y_top)
        bottom = ax.clamp_y(band.lo, ax.y_bottom)
        if bottom - top < 0.5:
            continue
        fill = FAULT_FILL if band.kind == "fault" else TARGET_FILL
        out.append(
            f'<rect class="limit-band {band.kind}" x="{ax.x_lo}" y="{top:.1f}" '
            f'width="{ax.x_hi - ax.x_lo}" height="{bottom - top:.1f}" fill="{fill}" '
            f'fill-opacity="0.13"><title>{escape(band.label)}</title></rect>'
        )
        for edge in (band.lo, band.hi):
            if edge is not None and ax.y0 <= edge <= ax.y1:
                out.append(
                    f'<line class="limit-line" x1="{ax.x_lo}" x2="{ax.x_hi}" y1="{ax.y(edge):.1f}" '
                    f'y2="{ax.y(edge):.1f}" stroke="{fill}" stroke-dasharray="5 3" '
                    'stroke-width="1.2"/>'
                )
        out.append(
            f'<text class="limit-label" x="{ax.x_hi - 4}" y="{_label_y(top, bottom, band):.1f}" '
            f'text-anchor="end" font-size="12" fill="{fill}" stroke="#fff" stroke-width="3" '
            f'paint-order="stroke">{escape(band.label)}</text>'
        )
    return out


def _label_y(top: float, bottom: float, band: Band) -> float:
    """Baseline y (SVG user units) of a band's label, so it never sits on the limit line.

    Inside the band next to its limit line, or just outside it when the band is under 18 units
    tall, too thin to hold the text.
    """
    roomy = bottom - top >= 18
    if band.lo is not None and band.hi is None:  # zone above a line at `bottom`
        return bottom - 4 if roomy else bottom + 13
    if band.hi is not None and band.lo is None:  # zone below a line at `top`
        return top + 13 if roomy else top - 4
    return top + 13 if roomy else top - 4


def _axis_layer(ax: _Axes, unit: str) -> list[str]:
    out = [
        f'<rect x="{ax.x_lo}" y="{ax.y_top}" width="{ax.x_hi - ax.x_lo}" '
        f'height="{ax.y_bottom - ax.y_top}" fill="none" stroke="#c9cbd1"/>'
    ]
    for v in nice_ticks(ax.y0, ax.y1, 5):
        y = ax.y(v)
        out.append(
            f'<line x1="{ax.x_lo}" x2="{ax.x_hi}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e6e7eb" stroke-width="1"/>'
        )
        out.append(
            f'<text class="y-tick" x="{ax.x_lo - 4}" y="{y + 3.5:.1f}" text-anchor="end" '
            f'font-size="13" fill="#555">{v:g}{escape(unit)}</text>'
        )
    for t in nice_ticks(ax.t0, ax.t1, 7):
        x = ax.x(t)
        out.append(
            f'<text class="x-tick" x="{x:.1f}" y="{ax.y_bottom + 14}" '
            f'text-anchor="middle" font-size="13" fill="#555">{t:g} s</text>'
        )
    return out


def _series_layer(ax: _Axes, t_s: Sequence[float], values: Sequence[float | None]) -> list[str]:
    out = []
    for run in polyline_runs(t_s, values):
        pts = " ".join(f"{ax.x(t):.1f},{ax.y(v):.1f}" for t, v in run)
        if len(run) == 1:
            out.append(
                f'<circle class="series-dot" cx="{ax.x(run[0][0]):.1f}" '
                f'cy="{ax.y(run[0][1]):.1f}" r="1.6" fill="{LINE_RGB}"/>'
            )
            continue
        out.append(
            f'<polyline class="series" points="{pts}" fill="none" stroke="{LINE_RGB}" '
            'stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    return out


def svg_line_plot(
    t_s: Sequence[float],
    values: Sequence[float | None],
    *,
    title: str,
    unit: str = "°",
    reps: Sequence[RepSpan] = (),
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
) -> str:
    """One angle over time as an ``<svg>`` element (a string), scaled to its data and limits.

    Args:
        t_s: sample times, seconds.
        values: one value per time, None where the body was not seen (breaks the line).
        title: accessible title (also shown as a tooltip).
        unit: suffix of the y tick labels.
        reps: rep spans shaded and numbered along the time axis.
        bands: limit zones shaded across the plot.
        markers: points ringed in red (faults).
    """
    t_fin = finite(t_s)
    t0, t1 = (min(t_fin), max(t_fin)) if t_fin else (0.0, 1.0)
    ax = _Axes(t0, t1, *y_range(values, bands))
    parts = [
        f'<svg class="plot" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
        *_rep_layer(ax, reps),
        *_band_layer(ax, bands),
        *_axis_layer(ax, unit),
        *_series_layer(ax, t_s, values),
    ]
    for m in markers:
        if ax.t0 <= m.t_s <= ax.t1 and math.isfinite(m.value):
            parts.append(
                f'<circle class="fault-marker" cx="{ax.x(m.t_s):.1f}" cy="{ax.y(m.value):.1f}" '
                f'r="4.5" fill="none" stroke="{FAULT_FILL}" stroke-width="2">'
                f"<title>{escape(m.label)}</title></circle>"
            )
    parts.append("</svg>")
    return "\n".join(parts)
