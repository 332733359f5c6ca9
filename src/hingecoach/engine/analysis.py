"""The whole-set analysis: a set's frames in, its SetResult out. No files, clocks or network.

This is what :meth:`hingecoach.engine.session.Session.finish` runs on every frame the session
was fed — whether they came from a video file, a keypoint file, a camera or the web — so a file
played through ``live`` gives exactly the result of ``analyze``. While a set is still going, the
session runs the same function on the frames so far to judge each rep as it completes.
"""

from __future__ import annotations

from collections.abc import Sequence

from hingecoach.checks.profiles import Profile, Profiles
from hingecoach.checks.registry import BY_ID
from hingecoach.engine.assemble import assemble, not_a_hinge
from hingecoach.engine.judge import judge_rep, rep_result
from hingecoach.errors import InputError
from hingecoach.kinematics.signals import Signals, compute_signals
from hingecoach.models import PoseTrack, SetResult, Side
from hingecoach.reps.phases import rep_phases
from hingecoach.reps.recognise import recognise, squat_spans
from hingecoach.reps.refine import mostly_paused, refine_spans
from hingecoach.reps.segment import segment

NO_BODY_MSG = "no frame shows the shoulders, hips, knees and ankles: film the whole body, side-on"
TOO_FEW_MSG = "too few frames to analyse: record the whole set"


def analyse_set(
    track: PoseTrack,
    profiles: Profiles,
    *,
    exercise: str | None = None,
    side: Side | None = None,
    warnings: Sequence[str] = (),
) -> SetResult:
    """Analyse one set.

    Args:
        track: the lifter's landmarks over time.
        profiles: every exercise's limits, loaded at the edge.
        exercise: profile to judge against; recognised from the motion when None.
        side: the lifter's side nearer the camera, overriding the guess from the landmarks.
        warnings: caveats from earlier stages (decoding, pose) to carry into the result.

    Raises:
        InputError: when nothing in the track can be measured.
    """
    notes = list(warnings)
    if track.n_frames < 3:
        raise InputError(TOO_FEW_MSG)
    sig = compute_signals(track, side=side)
    if sig.valid.mean() == 0:
        raise InputError(NO_BODY_MSG)
    detected = exercise is None
    if exercise is None:
        spans = segment(sig.t_s, sig.lean_deg, profiles.recognition)
        rec = recognise(sig, spans, profiles.squat_segmentation)
        if not rec.is_hinge:
            squats = squat_spans(sig, profiles.squat_segmentation)
            reps = [
                rep_result(i, sig, s, rep_phases(sig, s), True, []) for i, s in enumerate(squats, 1)
            ]
            return not_a_hinge(track, sig, reps, rec.reason, notes)
        exercise = rec.exercise
    profile = profiles.get(exercise)
    spans = refine_spans(sig, segment(sig.t_s, sig.lean_deg, profile.segmentation), profile)
    phases = [rep_phases(sig, s) for s in spans]
    if detected and exercise == "conventional_deadlift" and mostly_paused(spans, phases):
        profile = profiles.get("pause_deadlift")
    not_judged = not_judged_checks(profile, sig, track)
    judged = [
        judge_rep(sig, span, i, profile, not_judged, phases=ph)
        for i, (span, ph) in enumerate(zip(spans, phases, strict=True), start=1)
    ]
    return assemble(track, sig, judged, profile, not_judged, detected=detected, warnings=notes)


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
