"""The report's plots of one set: which angles, which limit zones, where the faults were.

:mod:`hingecoach.report.plots` draws; this module decides what to draw from a ``SetResult``:
only series that mean something in the filmed view, only limits of checks that were enabled and
judged, and the frame where each fault was measured. Which series a check is read on and how its
limit is drawn come from the check itself (:attr:`hingecoach.checks.base.Check.plot`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from hingecoach.checks.base import Check, PlotLimit
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.feedback.words import finding_sentence
from hingecoach.models import SetResult
from hingecoach.report.plots import Band, Marker, RepSpan, finite, svg_line_plot

#: Views in which the side-on angles (hip, knee, shin, neck, back outline) are measured.
SAGITTAL = frozenset({"side", "oblique"})


@dataclass(frozen=True)
class PlotSpec:
    """Which result series a plot shows and how it is labelled."""

    key: str
    title: str
    caption: str
    views: frozenset[str] | None = SAGITTAL  # None: every view


#: The plots of the report, in the order a coach reads a hinge: hips, knees, shins, torso, head.
PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec("hip_flexion_deg", "Hip flexion", "0° standing; grows as the hips hinge back."),
    PlotSpec("knee_flexion_deg", "Knee flexion", "0° = straight knee."),
    PlotSpec("shin_angle_deg", "Shin angle", "From vertical; + = knee ahead of the ankle."),
    PlotSpec("torso_angle_deg", "Torso angle", "To horizontal: 90° upright, 0° parallel.", None),
    PlotSpec("neck_angle_deg", "Neck angle", "Head against the torso line; + = looking up."),
)
#: Shown only when measured: the back outline's curve (needs a contour) and, in a front view,
#: knee valgus (a side view's valgus series is a projection artefact, so it is never shown).
SPINE_PLOT = PlotSpec("spine_bend_deg", "Back curvature", "Back outline's bend; + = rounding.")
VALGUS_PLOT = PlotSpec(
    "knee_valgus_deg", "Knee valgus", "Frontal-plane knee angle, + = inward.", frozenset({"front"})
)


def judged_limits(result: SetResult, check: str) -> dict[str, float | bool] | None:
    """The check's limits when it was enabled *and* could be judged in this set, else None.

    A limit the set was never judged against (disabled for the exercise, or needing another
    view) would be a line the lifter is told nothing about, so it is not drawn.
    """
    lim = result.limits.get(check)
    if not lim or not lim.get("enabled") or check in result.not_judged:
        return None
    return lim


def limit_bands(result: SetResult, key: str) -> list[Band]:
    """Shaded limit zones for the plot of series ``key``, from the checks judged in this set.

    Args:
        result: the analysed set, with the limits it was judged against.
        key: the plotted series (a key of ``result.series``).

    Returns:
        One band per judged check read on ``key`` (its ``plot``), in the registry's order.
    """
    bands: list[Band] = []
    for check in CHECKS:
        if check.plot is None or check.plot.series != key:
            continue
        lim = judged_limits(result, check.id)
        if lim is not None:
            bands.append(_band(check, check.plot, lim))
    return bands


def _band(check: Check[Any], plot: PlotLimit, lim: dict[str, float | bool]) -> Band:
    """The zone ``plot`` draws for ``check`` at limits ``lim``."""
    unit = "°" if check.unit == "deg" else f" {check.unit}"
    if plot.zone == "above":
        v = float(lim[plot.keys[0]])
        return Band(v, None, f"{plot.label} > {v:g}{unit}")
    if plot.zone == "below":
        v = float(lim[plot.keys[0]])
        return Band(None, v, f"{plot.label} ≤ {v:g}{unit}", "target")
    # between: the neutral zone -keys[0] .. +keys[1].
    lo, hi = -float(lim[plot.keys[0]]), float(lim[plot.keys[1]])
    return Band(lo, hi, plot.label, "target")


def rep_spans(result: SetResult) -> list[RepSpan]:
    """Every rep's span; partial reps are labelled in brackets as in the table."""
    return [
        RepSpan(r.start_s, r.end_s, str(r.index) if r.counted else f"({r.index})")
        for r in result.reps
    ]


def plot_values(result: SetResult, spec: PlotSpec) -> list[float | None] | None:
    """The series a plot shows, or None when it means nothing in this view or was never seen.

    Side-on angles from a front view are projections, not joint angles, so they are not drawn.
    The torso angle is drawn in every view: from the front it is ``90 - lean_deg`` (the lean the
    engine judges depth with, estimated from how much the torso shortens), because the raw
    ``torso_angle_deg`` of a torso tipping toward the camera stays near vertical.
    """
    if spec.views is not None and result.view not in spec.views:
        return None
    values = result.series.get(spec.key)
    lean = result.series.get("lean_deg")
    if spec.key == "torso_angle_deg" and result.view not in SAGITTAL and lean:
        values = [None if v is None else round(90.0 - v, 1) for v in lean]
    n = len(result.series.get("t_s", []))
    if not values or len(values) != n or not finite(values):
        return None
    return values


def plotted_on(check_id: str) -> str | None:
    """The series a check's value is plotted on, or None (no plot, or a check no longer known)."""
    check = BY_ID.get(check_id)
    return check.plot.series if check is not None and check.plot is not None else None


def fault_markers(result: SetResult, key: str, values: list[float | None]) -> list[Marker]:
    """Where on the curve ``values`` of series ``key`` each fault measured on it was found.

    Args:
        result: the analysed set.
        key: the plotted series.
        values: the plotted values of ``key``, one per frame.

    Returns:
        One marker per fault of a check plotted on ``key`` whose frame has a value.
    """
    t_s = result.series.get("t_s", [])
    out = []
    for rep in result.reps:
        for f in rep.faults:
            if plotted_on(f.check) != key or f.frame is None or f.frame >= len(values):
                continue
            v, t = values[f.frame], t_s[f.frame]
            if v is not None and t is not None:
                out.append(Marker(t, v, finding_sentence(f)))
    return out


def result_plots(result: SetResult) -> list[tuple[PlotSpec, str | None]]:
    """Each plot of the report with its SVG, or None for a core angle not measured here.

    The optional plots (back outline, knee valgus) are left out entirely when not measured:
    most tracks have no back outline, and saying so is the caveats section's job.
    """
    t_s = [float(t) if t is not None else math.nan for t in result.series.get("t_s", [])]
    reps = rep_spans(result)
    out: list[tuple[PlotSpec, str | None]] = []
    for spec in [*PLOTS, SPINE_PLOT, VALGUS_PLOT]:
        values = plot_values(result, spec)
        if values is None:
            if spec in PLOTS:
                out.append((spec, None))
            continue
        svg = svg_line_plot(
            t_s,
            values,
            title=f"{spec.title} over time",
            reps=reps,
            bands=limit_bands(result, spec.key),
            markers=fault_markers(result, spec.key, values),
        )
        out.append((spec, svg))
    return out
