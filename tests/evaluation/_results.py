"""Hand-made results for the grading tests: a SetResult is built from a few facts, no engine."""

from __future__ import annotations

from typing import Any

from hingecoach.models import Finding, RepResult, SetResult

#: The checks a hinge profile enables in these hand-made results.
ENABLED = ("head_neutral", "torso_neutral", "bar_close", "lockout_overextension", "knee_bend")


def finding(
    check: str, severity: str = "fault", value: float | None = 10.0, rep: int = 1
) -> Finding:
    """A finding; ``severity`` may be one the model does not know yet (e.g. "watch")."""
    if severity in ("fault", "cannot_judge"):
        return Finding.model_validate(
            {"check": check, "rep": rep, "severity": severity, "value": value, "cue": "cue"}
        )
    return Finding.model_construct(
        check=check, rep=rep, severity=severity, value=value, unit="deg", cue="cue", detail=""
    )


def rep(
    index: int = 1,
    *,
    counted: bool = True,
    start: int = 10,
    bottom: int = 40,
    end: int = 70,
    fps: float = 30.0,
    findings: tuple[Finding, ...] = (),
    **fields: Any,
) -> RepResult:
    """A plausible rep over frames ``start``-``bottom``-``end``; ``fields`` override."""
    values: dict[str, Any] = {
        "index": index,
        "counted": counted,
        "start_frame": start,
        "bottom_frame": bottom,
        "end_frame": end,
        "start_s": start / fps,
        "bottom_s": bottom / fps,
        "end_s": end / fps,
        "lower_s": (bottom - start) / fps,
        "bottom_hold_s": 0.0,
        "rise_s": (end - bottom) / fps,
        "knee_flexion_max_deg": 25.0,
        "shin_angle_max_deg": 8.0,
        "torso_angle_min_deg": 20.0,
        "hip_flexion_max_deg": 85.0,
        "neck_angle_range_deg": 12.0,
        "findings": list(findings),
    }
    values.update(fields)
    return RepResult(**values)


def series(n: int = 100, fps: float = 30.0, **columns: list[float | None]) -> dict[str, Any]:
    """Per-frame series of ``n`` frames: standing values, with ``columns`` replacing some."""
    out: dict[str, Any] = {
        "t_s": [i / fps for i in range(n)],
        "knee_flexion_deg": [5.0] * n,
        "shin_angle_deg": [2.0] * n,
        "torso_angle_deg": [88.0] * n,
        "neck_angle_deg": [0.0] * n,
        "lean_deg": [2.0] * n,
    }
    out.update(columns)
    return out


def result(
    *,
    exercise: str = "conventional_deadlift",
    is_hinge: bool = True,
    view: str = "side",
    reps: tuple[RepResult, ...] = (),
    not_judged: dict[str, str] | None = None,
    enabled: tuple[str, ...] = ENABLED,
    disabled: tuple[str, ...] = ("hips_back_first",),
    **fields: Any,
) -> SetResult:
    """A SetResult with ``reps``; the checks in ``enabled`` are on in its limits."""
    limits: dict[str, dict[str, float | bool]] = {c: {"enabled": True} for c in enabled}
    limits.update({c: {"enabled": False} for c in disabled})
    values: dict[str, Any] = {
        "exercise": exercise,
        "exercise_detected": True,
        "is_hinge": is_hinge,
        "view": view,
        "rep_count": sum(r.counted for r in reps),
        "reps": list(reps),
        "score": 80,
        "broke_at_rep": None,
        "not_judged": not_judged or {},
        "limits": limits if is_hinge else {},
        "series": series(),
    }
    values.update(fields)
    return SetResult(**values)
