"""The analysis core end to end: PoseTrack in, SetResult out. No files, clocks or network.

decode → pose happen before this (video/, pose/); report, store and web after it. Everything here
is a pure function of the track and the profile, which is what lets the same engine run on
synthetic sets with known answers, keypoint files, videos and (frame by frame) a live camera.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from hingecoach.checks.base import Baseline, CannotJudge, Check, RepContext
from hingecoach.checks.profiles import Profile, load_profile
from hingecoach.checks.registry import BY_ID
from hingecoach.errors import InputError
from hingecoach.feedback.advice import advice, fix_first
from hingecoach.feedback.score import set_score
from hingecoach.feedback.trend import set_trend
from hingecoach.kinematics.signals import Signals, compute_signals
from hingecoach.models import Finding, PoseTrack, RepResult, SetResult, Side
from hingecoach.reps.phases import Phases, height_label, refine_start, rep_phases
from hingecoach.reps.recognise import recognise, squat_spans
from hingecoach.reps.segment import RepSpan, SegmentParams, segment

#: A rep with fewer frames where the core joints were seen than this share is unmeasurable.
MIN_VALID_SHARE = 0.5
#: How much higher than the set's other bottoms (hand height, body lengths) an opening pull may
#: start and still count as a whole pull from the floor.
OPENING_DEPTH_TOLERANCE_BL = 0.05
#: Hands lower than this at the bottom (body lengths above the ankles) are at the floor.
FLOOR_HANDS_BL = 0.25
#: Feet travelling further than this during a rep (body lengths) mean walking, not hinging.
MAX_FEET_TRAVEL_BL = 0.5
#: A still stretch this long in most reps makes a recognised deadlift a pause deadlift.
DELIBERATE_PAUSE_S = 0.6
#: Window either side of a rep used for the lifter's standing baseline, seconds.
BASELINE_S = 0.4


def analyze_track(
    track: PoseTrack,
    *,
    exercise: str | None = None,
    profile_override: Path | None = None,
    warnings: list[str] | None = None,
    side: Side | None = None,
) -> SetResult:
    """Analyse one set.

    Args:
        track: the lifter's landmarks over time.
        exercise: profile to judge against; recognised from the motion when None.
        profile_override: a user TOML merged over the shipped profile.
        warnings: caveats from earlier stages (decoding, pose) to carry into the result.
        side: the lifter's side nearer the camera, overriding the guess from the landmarks.

    Raises:
        InputError: when nothing in the track can be measured.
    """
    notes = list(warnings or [])
    if track.n_frames < 3:
        raise InputError("too few frames to analyse: record the whole set")
    sig = compute_signals(track, side=side)
    if sig.valid.mean() == 0:
        raise InputError(
            "no frame shows the shoulders, hips, knees and ankles: film the whole body, side-on"
        )
    detected = exercise is None
    spans = segment(sig.t_s, sig.lean_deg, SegmentParams())
    if exercise is None:
        rec = recognise(sig, spans)
        if not rec.is_hinge:
            return _not_a_hinge(track, sig, rec.reason, notes)
        exercise = rec.exercise
    profile = load_profile(exercise, profile_override)
    spans = refine_spans(sig, segment(sig.t_s, sig.lean_deg, profile.segmentation), profile)
    phases = [rep_phases(sig, s) for s in spans]
    if detected and exercise == "conventional_deadlift" and _mostly_paused(spans, phases):
        profile = load_profile("pause_deadlift", profile_override)
        exercise = "pause_deadlift"
    not_judged = not_judged_checks(profile, sig, track)
    judged = [
        judge_rep(sig, span, i, profile, not_judged, phases=ph)
        for i, (span, ph) in enumerate(zip(spans, phases, strict=True), start=1)
    ]
    return assemble(track, sig, judged, profile, not_judged, detected=detected, warnings=notes)


def assemble(
    track: PoseTrack,
    sig: Signals,
    judged: list[tuple[RepResult, dict[str, float]]],
    profile: Profile,
    not_judged: dict[str, str],
    *,
    detected: bool,
    warnings: list[str],
) -> SetResult:
    """The set's verdict from its judged reps: score, trend, fix-first, advice, warnings.

    Shared by offline analysis and the live loop, which judges each rep as it completes and
    assembles the set when the lifter stops.
    """
    reps = [r for r, _ in judged]
    values = {r.index: v for r, v in judged if v}
    notes = [*warnings, *_set_warnings(sig, reps, not_judged)]
    trend = set_trend(reps, values)
    breakdown = _breakdown_height(reps, trend.broke_at_rep)
    return SetResult(
        source=track.source,
        exercise=profile.exercise,
        exercise_detected=detected,
        view=sig.view.view,
        facing=sig.view.facing,
        rep_count=sum(r.counted for r in reps),
        reps=reps,
        score=set_score(reps),
        broke_at_rep=trend.broke_at_rep,
        drifted=trend.drifted,
        fix_first=fix_first(reps),
        advice=advice(reps, trend.broke_at_rep, profile.exercise, breakdown=breakdown),
        not_judged=not_judged,
        warnings=notes,
        limits={cid: lim.model_dump() for cid, lim in profile.limits.items()},
        series=series(sig),
    )


#: Per-frame signals carried in the result so reports can plot without the track.
SERIES = (
    "hip_flexion_deg",
    "knee_flexion_deg",
    "shin_angle_deg",
    "torso_angle_deg",
    "neck_angle_deg",
    "lean_deg",
    "spine_bend_deg",
    "knee_valgus_deg",
)


def series(sig: Signals) -> dict[str, list[float | None]]:
    """Signals rounded to 0.1 for the result (NaN → None)."""
    out: dict[str, list[float | None]] = {"t_s": [round(float(t), 4) for t in sig.t_s]}
    for name in SERIES:
        x = getattr(sig, name)
        out[name] = [round(float(v), 1) if np.isfinite(v) else None for v in x]
    return out


def refine_spans(sig: Signals, spans: list[RepSpan], profile: Profile) -> list[RepSpan]:
    """Starts moved back to the first movement; walking, mid-rep openings and (for swings)
    floor touches are reported but not counted."""
    out: list[RepSpan] = []
    full_bottoms = [sig.hand_height_bl[s.bottom] for s in spans if s.counted and not s.from_bottom]
    for s in spans:
        if s.from_bottom and s.counted and full_bottoms:
            # A clip opening at the bottom counts its pull only if it opened at the depth of the
            # set's other reps; opening higher up means the clip starts in the middle of a rep.
            typical = float(np.nanmedian(full_bottoms))
            if not sig.hand_height_bl[s.start] <= typical + OPENING_DEPTH_TOLERANCE_BL:
                s = replace(s, counted=False, note="the clip starts in the middle of this rep")
        if not profile.segmentation.floor_touch_counts and s.counted:
            if sig.hand_height_bl[s.bottom] < FLOOR_HANDS_BL:
                s = replace(
                    s,
                    counted=False,
                    note="the bell went to the floor: a hike pass or park, not a swing",
                )
        s = refine_start(sig, s, out[-1].end if out else 0)
        feet = sig.feet_x_bl[s.start : s.end + 1]
        if np.isfinite(feet).any() and np.nanmax(feet) - np.nanmin(feet) > MAX_FEET_TRAVEL_BL:
            s = replace(s, counted=False, note="the feet travelled: walking, not a rep in place")
        out.append(s)
    return out


def _mostly_paused(spans: list[RepSpan], phases: list[Phases]) -> bool:
    """Most reps hold a deliberate pause: longer than the slow-down of a hard pull."""
    paused = [
        p.pause is not None and p.pause.duration_s >= DELIBERATE_PAUSE_S
        for s, p in zip(spans, phases, strict=True)
        if s.counted
    ]
    return bool(paused) and sum(paused) >= 0.5 * len(paused)


def not_judged_checks(profile: Profile, sig: Signals, track: PoseTrack) -> dict[str, str]:
    """Checks this set cannot judge at all, and why — said once, not on every rep."""
    out: dict[str, str] = {}
    view = sig.view.view
    has_contour = track.back_contour is not None and any(c is not None for c in track.back_contour)
    for cid in profile.enabled():
        check = BY_ID[cid]
        if view not in check.views:
            need = " or ".join(sorted(check.views))
            out[cid] = f"needs a {need} view; this set was filmed from the {view}"
        elif check.needs_contour and not has_contour:
            out[cid] = "cannot judge from landmarks alone: the track has no back outline"
        elif check.needs_feet and not sig.has_feet:
            out[cid] = (
                "the keypoints have no heels or toes (e.g. COCO-17), so the feet cannot be judged"
            )
    return out


def _baseline(sig: Signals, span: RepSpan, fallback: Baseline) -> Baseline:
    t = sig.t_s
    near = ((t >= t[span.start] - BASELINE_S) & (t <= t[span.start])) | (
        (t >= t[span.end]) & (t <= t[span.end] + BASELINE_S)
    )
    near &= sig.lean_deg < 15.0

    def med(x: np.ndarray, fb: float) -> float:
        v = x[near]
        v = v[np.isfinite(v)]
        return float(np.median(v)) if len(v) else fb

    return Baseline(
        med(sig.neck_angle_deg, fallback.neck_angle_deg),
        med(sig.spine_bend_deg, fallback.spine_bend_deg),
    )


def _set_baseline(sig: Signals) -> Baseline:
    upright = sig.lean_deg < 10.0

    def med(x: np.ndarray) -> float:
        v = x[upright & np.isfinite(x)]
        return float(np.median(v)) if len(v) else float("nan")

    return Baseline(med(sig.neck_angle_deg), med(sig.spine_bend_deg))


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

    Only reads frames up to shortly after the rep's lockout, so the live loop can call it the
    moment the streaming segmenter emits the rep.
    """
    ph = phases or rep_phases(sig, span)
    measurable = bool(sig.valid[span.start : span.end + 1].mean() >= MIN_VALID_SHARE)
    findings: list[Finding] = []
    values: dict[str, float] = {}
    # Partial reps are reported, not judged: half a rep (or a walk) has no bottom or lockout
    # to hold to the limits.
    if measurable and span.counted:
        checks = [BY_ID[c] for c in profile.enabled() if c not in not_judged]
        ctx = RepContext(index, sig, span, ph, _baseline(sig, span, _set_baseline(sig)))
        findings, values = _run_checks(ctx, checks, profile)
    return _rep_result(index, sig, span, ph, measurable, findings), values


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
                    severity="fault",
                    value=round(verdict.value, 3),
                    limit=verdict.limit,
                    unit=check.unit,
                    cue=check.cue,
                    detail=verdict.detail,
                    frame=verdict.frame,
                )
            )
    return findings, values


def _nan_to_none(x: float) -> float | None:
    return round(float(x), 2) if np.isfinite(x) else None


def _window_max(x: np.ndarray, span: RepSpan) -> float | None:
    w = x[span.start : span.end + 1]
    return _nan_to_none(np.nanmax(w)) if np.isfinite(w).any() else None


def _window_min(x: np.ndarray, span: RepSpan) -> float | None:
    w = x[span.start : span.end + 1]
    return _nan_to_none(np.nanmin(w)) if np.isfinite(w).any() else None


def _rep_result(
    i: int, sig: Signals, span: RepSpan, ph: Phases, measurable: bool, findings: list[Finding]
) -> RepResult:
    t = sig.t_s
    sagittal = sig.view.view in ("side", "oblique")
    neck_lo, neck_hi = _window_min(sig.neck_angle_deg, span), _window_max(sig.neck_angle_deg, span)
    return RepResult(
        index=i,
        counted=span.counted and measurable,
        start_frame=span.start,
        bottom_frame=span.bottom,
        end_frame=span.end,
        start_s=round(float(t[span.start]), 3),
        bottom_s=round(float(t[span.bottom]), 3),
        end_s=round(float(t[span.end]), 3),
        lower_s=round(ph.lower_s, 3),
        bottom_hold_s=round(ph.bottom_hold_s, 3),
        rise_s=round(ph.rise_s, 3),
        knee_flexion_max_deg=_window_max(sig.knee_flexion_deg, span) if sagittal else None,
        shin_angle_max_deg=_window_max(sig.shin_angle_deg, span) if sagittal else None,
        torso_angle_min_deg=_nan_to_none(90.0 - np.nanmax(sig.lean_deg[span.start : span.end + 1])),
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


def _breakdown_height(reps: list[RepResult], at: int | None) -> str | None:
    rep = next((r for r in reps if r.index == at), None)
    return None if rep is None else rep.pause_height


def _set_warnings(sig: Signals, reps: list[RepResult], not_judged: dict[str, str]) -> list[str]:
    out = []
    if sig.view.view == "front" and any("side" in why for why in not_judged.values()):
        out.append(
            "filmed from the front: knee bend, shins, sequencing and back need a side view — "
            "film from the side at hip height, whole body in frame"
        )
    if sig.view.view == "unknown":
        out.append(
            "could not tell the camera view: film from the side at hip height, whole body in frame"
        )
    if not any(r.counted for r in reps):
        out.append("no full rep found: hinge until the torso tips well forward, then stand tall")
    for r in reps:
        if not r.measurable:
            out.append(
                f"rep {r.index}: the body was hidden for most of the rep, so it was not judged"
            )
    low = 1.0 - float(sig.valid.mean())
    if low > 0.2:
        out.append(f"the body was not fully visible in {low:.0%} of the frames")
    return out


def _not_a_hinge(track: PoseTrack, sig: Signals, reason: str, notes: list[str]) -> SetResult:
    spans = squat_spans(sig)
    phases = [rep_phases(sig, s) for s in spans]
    reps = [
        _rep_result(i, sig, s, p, True, [])
        for i, (s, p) in enumerate(zip(spans, phases, strict=True), 1)
    ]
    return SetResult(
        source=track.source,
        exercise="squat",
        exercise_detected=True,
        is_hinge=False,
        view=sig.view.view,
        facing=sig.view.facing,
        rep_count=sum(r.counted for r in reps),
        reps=reps,
        score=None,
        broke_at_rep=None,
        fix_first=None,
        advice=[
            f"This is not a hip hinge: {reason}. hingecoach coaches hinges "
            "(RDL, deadlift, good morning, swing, hinge drill); pass --exercise "
            "to judge it as one anyway."
        ],
        warnings=[*notes, f"not a hinge: {reason}"],
    )
