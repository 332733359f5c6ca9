"""The report's plots of one set: which angles, which limit zones, where the faults were.

:mod:`hingecoach.report.plots` draws; this module decides what to draw from a ``SetResult``:
only series that mean something in the filmed view, only limits of checks that were enabled and
judged, and the frame where each fault was measured.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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

#: Which series a check's measured value lives on, for ringing faults on the right plot.
CHECK_SERIES: dict[str, str] = {
    "knee_bend": "knee_flexion_deg",
    "shin_vertical": "shin_angle_deg",
    "hinge_depth": "torso_angle_deg",
    "lockout_overextension": "torso_angle_deg",
    "head_neutral": "neck_angle_deg",
    "torso_neutral": "spine_bend_deg",
    "knee_valgus": "knee_valgus_deg",
}
#: Torso angle to horizontal above which the lifter counts as standing (lean under 10°), the
#: same rule the engine uses for the set's standing head position.
STANDING_TORSO_DEG = 80.0


def judged_limits(result: SetResult, check: str) -> dict[str, float | bool] | None:
    """The check's limits when it was enabled *and* could be judged in this set, else None.

    A limit the set was never judged against (disabled for the exercise, or needing another
    view) would be a line the lifter is told nothing about, so it is not drawn.
    """
    lim = result.limits.get(check)
    if not lim or not lim.get("enabled") or check in result.not_judged:
        return None
    return lim


def standing_median(result: SetResult, key: str) -> float | None:
    """Median of series ``key`` while standing: the centre of a change-from-standing band.

    The checks measure the head and back against the lifter's own standing posture near each
    rep; the set-wide median is what the plot can show, so the band is approximate.
    """
    torso = result.series.get("torso_angle_deg", [])
    series = result.series.get(key, [])
    vals = sorted(
        n
        for t, n in zip(torso, series, strict=False)
        if t is not None and n is not None and t >= STANDING_TORSO_DEG
    )
    if not vals:
        return None
    mid = len(vals) // 2
    return vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2


def limit_bands(result: SetResult, key: str) -> list[Band]:
    """Shaded limit zones for the plot of series ``key``, from the checks judged in this set."""
    bands: list[Band] = []

    def over(check: str, field: str, what: str) -> None:
        lim = judged_limits(result, check)
        if lim is not None:
            v = float(lim[field])
            bands.append(Band(v, None, f"{what} > {v:g}° ({check})"))

    if key == "knee_flexion_deg":
        over("knee_bend", "max_deg", "knee")
    elif key == "shin_angle_deg":
        over("shin_vertical", "max_deg", "shin")
    elif key == "knee_valgus_deg":
        over("knee_valgus", "max_deg", "valgus")
    elif key == "torso_angle_deg":
        depth = judged_limits(result, "hinge_depth")
        if depth is not None:
            v = float(depth["max_torso_deg"])
            bands.append(Band(None, v, f"depth target ≤ {v:g}° (hinge_depth)", "target"))
        over("lockout_overextension", "max_torso_deg", "lean-back")
    elif key == "neck_angle_deg":
        _standing_band(result, key, "head_neutral", ("max_down_deg", "max_up_deg"), bands)
    elif key == "spine_bend_deg":
        _standing_band(
            result, key, "torso_neutral", ("max_extension_deg", "max_flexion_deg"), bands
        )
    return bands


def _standing_band(
    result: SetResult, key: str, check: str, fields: tuple[str, str], bands: list[Band]
) -> None:
    """Append the neutral zone ``standing - fields[0] .. standing + fields[1]`` of ``check``."""
    lim = judged_limits(result, check)
    base = standing_median(result, key)
    if lim is not None and base is not None:
        lo, hi = base - float(lim[fields[0]]), base + float(lim[fields[1]])
        bands.append(Band(lo, hi, f"neutral vs standing ({check})", "target"))


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


def fault_markers(result: SetResult, key: str, values: list[float | None]) -> list[Marker]:
    """Where on the curve ``values`` of series ``key`` each fault measured on it was found."""
    t_s = result.series.get("t_s", [])
    out = []
    for rep in result.reps:
        for f in rep.faults:
            if CHECK_SERIES.get(f.check) != key or f.frame is None or f.frame >= len(values):
                continue
            v, t = values[f.frame], t_s[f.frame]
            if v is not None and t is not None:
                shown = "" if f.value is None else f" {f.value:g}{f.unit}"
                out.append(Marker(t, v, f"rep {rep.index}: {f.check}{shown}"))
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
