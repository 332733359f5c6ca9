"""The bar path plot: each rep's hands against the mid-foot line, drawn as inline SVG.

The drawing half of the report's bar path (:mod:`hingecoach.report.bar_path` picks the data);
it shares the axes and colours of :mod:`hingecoach.report.plots`. Distances are measured in body
lengths and labelled in centimetres for the 175 cm lifter the words assume.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from hingecoach.feedback.words import ASSUMED_HEIGHT_CM, BODY_LENGTH_PER_HEIGHT
from hingecoach.report.plots import (
    FAULT_FILL,
    HEIGHT,
    LINE_RGB,
    TARGET_FILL,
    WIDTH,
    _Axes,
    nice_ticks,
)

#: Centimetres in one body length for the 175 cm lifter the words assume (the x axis).
CM_PER_BL = BODY_LENGTH_PER_HEIGHT * ASSUMED_HEIGHT_CM


@dataclass(frozen=True)
class BarPath:
    """One rep's bar path: the hands' forward distance from mid-foot against their height.

    Attributes:
        label: the rep's label (``"1"``).
        ahead_bl: forward distance of the hands from mid-foot per frame, body lengths (+ ahead).
        height_bl: height of the hands above the ankles per frame, body lengths.
        fault: the rep's bar was faulted (drawn red).
        judged: per frame, whether the bar was judged there (the torso hinged); the rest is
            drawn dashed. Empty: every frame.
    """

    label: str
    ahead_bl: Sequence[float | None]
    height_bl: Sequence[float | None]
    fault: bool = False
    judged: Sequence[bool] = ()


def _bar_points(path: BarPath) -> list[tuple[bool, list[tuple[float, float]]]]:
    """The path's runs of seen frames: (judged, its (ahead, height) points).

    A run's last point starts the next, so a change of style does not break the line.
    """
    judged = list(path.judged) or [True] * len(path.ahead_bl)
    runs: list[tuple[bool, list[tuple[float, float]]]] = []
    for a, h, j in zip(path.ahead_bl, path.height_bl, judged, strict=True):
        if a is None or h is None or not (math.isfinite(a) and math.isfinite(h)):
            if runs and runs[-1][1]:
                runs.append((j, []))
            continue
        if not runs or (runs[-1][0] != j and runs[-1][1]):
            runs.append((j, [runs[-1][1][-1]] if runs and runs[-1][1] else []))
        runs[-1][1].append((a, h))
    return [(j, r) for j, r in runs if r]


def svg_bar_path(paths: Sequence[BarPath], *, limit_bl: float | None, title: str) -> str:
    """The bar paths of a set seen from the side, against the mid-foot line, as ``<svg>``.

    Forward distance from mid-foot runs along x (+ toward the toes, body lengths), the hands'
    height above the ankles up y: a good rep draws a near-vertical line on the mid-foot line
    (green); the zone past the limit (red) is where the bar has drifted out over the toes.
    Frames where the bar was not judged (standing) are dashed.

    Args:
        paths: one per rep, in order.
        limit_bl: the judged limit ahead of mid-foot; None draws no fault zone.
        title: accessible title (also shown as a tooltip).
    """
    pts = [p for path in paths for _, run in _bar_points(path) for p in run]
    xs = [0.0, *(a for a, _ in pts), *([limit_bl * 1.3] if limit_bl is not None else [])]
    span = max(max(abs(x) for x in xs), 0.05) * 1.15
    heights = [h for _, h in pts] or [0.0, 0.5]
    ax = _Axes(-span, span, min(0.0, min(heights)), max(heights) * 1.05 + 0.02)
    parts = [
        f'<svg class="plot bar-path" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{ax.x_lo}" y="{ax.y_top}" width="{ax.x_hi - ax.x_lo}" '
        f'height="{ax.y_bottom - ax.y_top}" fill="none" stroke="#c9cbd1"/>',
    ]
    if limit_bl is not None and limit_bl < span:
        x = ax.x(limit_bl)
        parts += [
            f'<rect class="limit-band fault" x="{x:.1f}" y="{ax.y_top}" '
            f'width="{ax.x_hi - x:.1f}" height="{ax.y_bottom - ax.y_top}" fill="{FAULT_FILL}" '
            f'fill-opacity="0.13"><title>bar more than about {limit_bl * CM_PER_BL:.0f} cm '
            "ahead of mid-foot</title></rect>",
            f'<line class="limit-line" x1="{x:.1f}" x2="{x:.1f}" y1="{ax.y_top}" '
            f'y2="{ax.y_bottom}" stroke="{FAULT_FILL}" stroke-dasharray="5 3" stroke-width="1.2"/>',
        ]
    mid = ax.x(0.0)
    parts.append(
        f'<line class="midfoot-line" x1="{mid:.1f}" x2="{mid:.1f}" y1="{ax.y_top}" '
        f'y2="{ax.y_bottom}" stroke="{TARGET_FILL}" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{mid + 4:.1f}" y="{ax.y_top + 13}" font-size="12" fill="{TARGET_FILL}">'
        "mid-foot</text>"
    )
    parts.append(
        f'<text x="{ax.x_lo - 6}" y="{(ax.y_top + ax.y_bottom) / 2:.1f}" font-size="12" '
        f'fill="#555" text-anchor="middle" transform="rotate(-90 {ax.x_lo - 6} '
        f"{(ax.y_top + ax.y_bottom) / 2:.1f})\">hands' height</text>"
    )
    for v in nice_ticks(ax.t0 * CM_PER_BL, ax.t1 * CM_PER_BL, 5):  # labelled in cm
        parts.append(
            f'<text class="x-tick" x="{ax.x(v / CM_PER_BL):.1f}" y="{ax.y_bottom + 14}" '
            f'text-anchor="middle" font-size="12" fill="#555">{"0 cm" if v == 0 else f"{v:+g}"}'
            "</text>"
        )
    for k, path in enumerate(paths):
        colour = FAULT_FILL if path.fault else LINE_RGB
        opacity = 0.95 if path.fault else max(0.35, 0.9 - 0.08 * k)
        for judged, run in _bar_points(path):
            line = " ".join(f"{ax.x(a):.1f},{ax.y(h):.1f}" for a, h in run)
            style = "" if judged else 'stroke-dasharray="3 3" '
            parts.append(
                f'<polyline class="bar-run" data-rep="{escape(path.label)}" points="{line}" '
                f'fill="none" stroke="{colour}" stroke-opacity="{opacity:.2f}" {style}'
                'stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round">'
                f"<title>rep {escape(path.label)}</title></polyline>"
            )
        low = min(
            (p for _, run in _bar_points(path) for p in run), key=lambda p: p[1], default=None
        )
        if low is not None:
            y = min(ax.y(low[1]) + 14, ax.y_bottom - 3)
            parts.append(
                f'<text class="rep-no" x="{ax.x(low[0]):.1f}" y="{y:.1f}" '
                f'text-anchor="middle" font-size="12" fill="{colour}">{escape(path.label)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
