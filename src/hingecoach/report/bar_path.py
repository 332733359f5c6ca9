"""The report's bar path: each rep's hands against the mid-foot line, as a coach draws it.

:mod:`hingecoach.report.plots` draws; this module picks each rep's frames of the result's
``bar_offset_bl`` (hands ahead of mid-foot) and ``hand_height_bl`` series, and the limit
``bar_close`` was judged against. Only a side or oblique view sees forward distances.
"""

from __future__ import annotations

from hingecoach.checks.bar_close import HINGED_LEAN_DEG
from hingecoach.models import SetResult
from hingecoach.report.bar_plot import BarPath, svg_bar_path
from hingecoach.report.set_plots import SAGITTAL, judged_limits

#: What the bar path plot shows, for its caption.
CAPTION = (
    "The hands seen from the side, rep by rep: how far ahead of mid-foot they are (+, in cm "
    "for a 175 cm lifter) against their height. A good pull draws a near-vertical line on the "
    "green mid-foot line; past the red line the bar hangs out over the toes. Dashed: "
    "standing, where the bar is not judged."
)


def bar_paths(result: SetResult) -> list[BarPath]:
    """Each counted rep's bar path from the result's series (empty when it was not measured).

    Args:
        result: the analysed set, with ``bar_offset_bl`` and ``hand_height_bl`` series.

    Returns:
        One path per counted rep with at least one seen frame, in order.
    """
    ahead = result.series.get("bar_offset_bl")
    height = result.series.get("hand_height_bl")
    lean = result.series.get("lean_deg") or []
    n = len(result.series.get("t_s", []))
    if result.view not in SAGITTAL or not ahead or not height or not len(ahead) == len(height) == n:
        return []
    out = []
    for rep in result.reps:
        if not rep.counted:
            continue
        a = ahead[rep.start_frame : rep.end_frame + 1]
        h = height[rep.start_frame : rep.end_frame + 1]
        hinged = [
            v is not None and v >= HINGED_LEAN_DEG
            for v in lean[rep.start_frame : rep.end_frame + 1]
        ]
        if any(x is not None and y is not None for x, y in zip(a, h, strict=True)):
            fault = any(f.check == "bar_close" for f in rep.faults)
            judged = hinged if len(hinged) == len(a) else []
            out.append(BarPath(str(rep.index), a, h, fault, judged))
    return out


def bar_path_svg(result: SetResult) -> str | None:
    """The set's bar path plot, or None when no rep's bar path was measured."""
    paths = bar_paths(result)
    if not paths:
        return None
    lim = judged_limits(result, "bar_close")
    limit = None if lim is None else float(lim["max_offset_bl"])
    return svg_bar_path(paths, limit_bl=limit, title="Bar path against mid-foot, per rep")
