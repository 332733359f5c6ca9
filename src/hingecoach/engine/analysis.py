"""The whole-set analysis: a set's frames in, its SetResult out. No files, clocks or network.

This is what :meth:`hingecoach.engine.session.Session.finish` runs on every frame the session
was fed — whether they came from a video file, a keypoint file, a camera or the web — so a file
played through ``live`` gives exactly the result of ``analyze``. While a set is still going, the
session runs the same function on the frames so far to judge each rep as it completes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from hingecoach.checks.profiles import Profile, Profiles
from hingecoach.checks.registry import BY_ID
from hingecoach.engine.assemble import assemble, not_a_hinge
from hingecoach.engine.judge import judge_rep, rep_result
from hingecoach.errors import InputError
from hingecoach.kinematics.signals import Signals, compute_signals
from hingecoach.models import PoseTrack, SetResult, Side
from hingecoach.reps.phases import Phases, refine_start, rep_phases
from hingecoach.reps.recognise import recognise, squat_spans
from hingecoach.reps.segment import RepSpan, segment

#: How much higher than the set's other bottoms (hand height, body lengths) an opening pull may
#: start and still count as a whole pull from the floor.
OPENING_DEPTH_TOLERANCE_BL = 0.05
#: Hands lower than this at the bottom (body lengths above the ankles) are at the floor.
FLOOR_HANDS_BL = 0.25
#: Feet travelling further than this during a rep (body lengths) mean walking, not hinging.
MAX_FEET_TRAVEL_BL = 0.5
#: A still stretch this long in most reps makes a recognised deadlift a pause deadlift.
DELIBERATE_PAUSE_S = 0.6
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
    if detected and exercise == "conventional_deadlift" and _mostly_paused(spans, phases):
        profile = profiles.get("pause_deadlift")
    not_judged = not_judged_checks(profile, sig, track)
    judged = [
        judge_rep(sig, span, i, profile, not_judged, phases=ph)
        for i, (span, ph) in enumerate(zip(spans, phases, strict=True), start=1)
    ]
    return assemble(track, sig, judged, profile, not_judged, detected=detected, warnings=notes)


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
