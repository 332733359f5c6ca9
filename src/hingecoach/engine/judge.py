"""One rep judged: its checks run on the set's signals, its numbers gathered into a RepResult.

Reads only the rep's frames and a short standing window around it, so a rep can be judged the
moment it completes.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.base import CannotJudge, Check, RepContext, Verdict
from hingecoach.checks.profiles import Profile
from hingecoach.checks.registry import BY_ID
from hingecoach.kinematics.signals import Signals
from hingecoach.models import Finding, RepResult, Severity
from hingecoach.reps.phases import Phases, height_label, rep_phases
from hingecoach.reps.segment import RepSpan

#: A rep with fewer frames where the core joints were seen than this share is unmeasurable.
MIN_VALID_SHARE = 0.5


def judge_rep(
    sig: Signals,
    span: RepSpan,
    index: int,
    profile: Profile,
    not_judged: dict[str, str],
    *,
    phases: Phases | None = None,
) -> tuple[RepResult, dict[str, float]]:
    """One rep's result and every judged check's value, from the signals around it.

    Args:
        sig: the set's signals.
        span: the rep's frames.
        index: the rep's number in the set, from 1.
        profile: the exercise's limits.
        not_judged: checks the whole set cannot judge (skipped here).
        phases: the rep's phases when already computed.

    Returns:
        The rep's result and ``{check id: measured value}`` for every check that was judged.
    """
    ph = phases or rep_phases(sig, span)
    measurable = bool(sig.valid[span.start : span.end + 1].mean() >= MIN_VALID_SHARE)
    findings: list[Finding] = []
    values: dict[str, float] = {}
    # Partial reps are reported, not judged: half a rep (or a walk) has no bottom or lockout
    # to hold to the limits.
    if measurable and span.counted:
        checks = [BY_ID[c] for c in profile.enabled() if c not in not_judged]
        ctx = RepContext(index, sig, span, ph)
        findings, values = _run_checks(ctx, checks, profile)
    return rep_result(index, sig, span, ph, measurable, findings), values


def _run_checks(
    ctx: RepContext, checks: list[Check], profile: Profile
) -> tuple[list[Finding], dict[str, float]]:
    findings: list[Finding] = []
    values: dict[str, float] = {}
    for check in checks:
        verdict = check.evaluate(ctx, profile.limits[check.id])
        if isinstance(verdict, CannotJudge):
            findings.append(
                Finding(
                    check=check.id,
                    rep=ctx.index,
                    severity="cannot_judge",
                    unit=check.unit,
                    cue=check.cue,
                    detail=verdict.reason,
                )
            )
            continue
        values[check.id] = verdict.value
        if verdict.fault:
            findings.append(
                Finding(
                    check=check.id,
                    rep=ctx.index,
                    severity=severity(verdict, check.error),
                    value=round(verdict.value, 3),
                    limit=verdict.limit,
                    unit=check.unit,
                    cue=check.cue,
                    detail=verdict.detail,
                    frame=verdict.frame,
                )
            )
    return findings, values


def severity(verdict: Verdict, error: float) -> Severity:
    """``watch`` for a value past its limit by no more than the check's measurement error.

    Such a value may be within the limit in fact, so it is shown and never scored; further
    out it is a ``fault``.

    Args:
        verdict: a verdict whose value is past its limit.
        error: the check's measurement error, in its unit.
    """
    return "watch" if abs(verdict.value - verdict.limit) <= error else "fault"


def _nan_to_none(x: float, digits: int = 2) -> float | None:
    return round(float(x), digits) if np.isfinite(x) else None


def _window_max(x: np.ndarray, span: RepSpan) -> float | None:
    w = x[span.start : span.end + 1]
    return _nan_to_none(np.nanmax(w)) if np.isfinite(w).any() else None


def _window_min(x: np.ndarray, span: RepSpan) -> float | None:
    w = x[span.start : span.end + 1]
    return _nan_to_none(np.nanmin(w)) if np.isfinite(w).any() else None


def rep_result(
    i: int, sig: Signals, span: RepSpan, ph: Phases, measurable: bool, findings: list[Finding]
) -> RepResult:
    """The rep's frames, times, tempo, peak angles and findings as a :class:`RepResult`."""
    t = sig.t_s
    sagittal = sig.view.view in ("side", "oblique")
    neck_lo, neck_hi = _window_min(sig.neck_angle_deg, span), _window_max(sig.neck_angle_deg, span)
    lean = sig.lean_deg[span.start : span.end + 1]
    return RepResult(
        index=i,
        counted=span.counted and measurable,
        start_frame=span.start,
        bottom_frame=span.bottom,
        end_frame=span.end,
        start_s=round(float(t[span.start]), 3),
        bottom_s=round(float(t[span.bottom]), 3),
        end_s=round(float(t[span.end]), 3),
        lower_s=_nan_to_none(ph.lower_s, 3),
        bottom_hold_s=_nan_to_none(ph.bottom_hold_s, 3),
        rise_s=_nan_to_none(ph.rise_s, 3),
        knee_flexion_max_deg=_window_max(sig.knee_flexion_deg, span) if sagittal else None,
        shin_angle_max_deg=_window_max(sig.shin_angle_deg, span) if sagittal else None,
        torso_angle_min_deg=(
            _nan_to_none(90.0 - np.nanmax(lean)) if np.isfinite(lean).any() else None
        ),
        hip_flexion_max_deg=_window_max(sig.hip_flexion_deg, span) if sagittal else None,
        neck_angle_range_deg=(
            round(neck_hi - neck_lo, 2)
            if sagittal and neck_lo is not None and neck_hi is not None
            else None
        ),
        pause_s=None if ph.pause is None else round(ph.pause.duration_s, 3),
        pause_height=None if ph.pause is None else height_label(ph.pause.height_shin),
        measurable=measurable,
        findings=findings if measurable else [],
    )


def moved_rep(rep: RepResult, *, index: int, by: int) -> RepResult:
    """``rep`` renumbered ``index`` with its frames moved ``by`` (a window or shot's offset)."""
    findings = [
        f.model_copy(update={"rep": index, "frame": None if f.frame is None else f.frame + by})
        for f in rep.findings
    ]
    return rep.model_copy(
        update={
            "index": index,
            "start_frame": rep.start_frame + by,
            "bottom_frame": rep.bottom_frame + by,
            "end_frame": rep.end_frame + by,
            "findings": findings,
        }
    )
