"""The whole-set analysis: a set's frames in, its SetResult out. No files, clocks or network.

This is what :meth:`hingecoach.engine.session.Session.finish` runs on every frame the session
was fed — whether they came from a video file, a keypoint file, a camera or the web — so a file
played through ``live`` gives exactly the result of ``analyze``. While a set is still going, the
session runs the same function on the frames so far to judge each rep as it completes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from hingecoach.checks.profiles import Profile, Profiles
from hingecoach.checks.registry import BY_ID
from hingecoach.engine.assemble import Part, assemble, not_a_hinge
from hingecoach.engine.judge import judge_rep, rep_result
from hingecoach.engine.live_state import masked
from hingecoach.errors import InputError
from hingecoach.feedback.words import needs_view
from hingecoach.kinematics.signals import Signals, compute_signals
from hingecoach.kinematics.view_changes import view_changes
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack, SetResult, Side, View
from hingecoach.models import Shot as ShotInfo
from hingecoach.reps.not_hinge import HOLD_PCT
from hingecoach.reps.phases import rep_phases
from hingecoach.reps.recognise import recognise
from hingecoach.reps.refine import mostly_paused, refine_spans
from hingecoach.reps.segment import segment

NO_BODY_MSG = "no frame shows the shoulders and hips: film the whole body, side-on"
TOO_FEW_MSG = "too few frames to analyse: record the whole set"


#: Shoulders and hips: the landmarks a frame needs to show the lifter at all.
TORSO_LANDMARKS = tuple(
    idx(n) for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
)
#: A shot shorter than this is not analysed (a frame or two of another scene at a cut), seconds.
MIN_SHOT_S = 0.5


@dataclass(frozen=True)
class _Shot:
    """One shot analysed alone: the part to assemble, or why it is not a hinge."""

    part: Part | None
    profile: Profile | None
    detected: bool
    not_hinge: SetResult | None = None


def analyse_set(
    track: PoseTrack,
    profiles: Profiles,
    *,
    exercise: str | None = None,
    side: Side | None = None,
    warnings: Sequence[str] = (),
) -> SetResult:
    """Analyse one set; an edited clip shot by shot, no rep spanning a scene cut.

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
    splits = _splits(track, notes)
    if not splits:
        shot = _analyse_shot(track, profiles, exercise=exercise, side=side, notes=notes)
        if shot.part is None or shot.profile is None:
            assert shot.not_hinge is not None
            return shot.not_hinge
        return assemble(track, [shot.part], shot.profile, detected=shot.detected, warnings=notes)
    return _analyse_shots(track, splits, profiles, exercise=exercise, side=side, notes=notes)


def _splits(track: PoseTrack, notes: list[str]) -> list[int]:
    """Frames where the clip must be split, each said in ``notes``.

    Scene cuts first, then the view changes inside each shot (the lifter turning round, a set
    facing the camera inside a side-view clip).
    """
    t = track.t_s
    if track.cut_frames:
        cuts = ", ".join(f"{t[c]:.1f} s" for c in track.cut_frames)
        notes.append(f"the clip cuts to another shot at {cuts}: each shot is judged on its own")
    xy = masked(track.landmarks)
    bounds = [0, *track.cut_frames, track.n_frames]
    turns = [a + k for a, b in itertools.pairwise(bounds) for k in view_changes(xy[a:b], t[a:b])]
    if turns:
        at = ", ".join(f"{t[c]:.1f} s" for c in turns)
        notes.append(
            f"the lifter turns or the camera view changes at {at}: each part is judged in its own "
            "view"
        )
    return sorted({*track.cut_frames, *turns})


def _analyse_shots(
    track: PoseTrack,
    splits: list[int],
    profiles: Profiles,
    *,
    exercise: str | None,
    side: Side | None,
    notes: list[str],
) -> SetResult:
    """Each part between splits analysed alone, judged as one exercise, then assembled."""
    spans = list(itertools.pairwise([0, *splits, track.n_frames]))
    t = track.t_s
    found: dict[int, _Shot] = {}
    skipped: dict[int, str] = {}
    for k, (a, b) in enumerate(spans):
        if b - a < 3 or t[b - 1] - t[a] < MIN_SHOT_S:
            skipped[k] = "too short to analyse"
            continue
        try:
            found[k] = _analyse_shot(
                track.slice(a, b), profiles, exercise=exercise, side=side, notes=[]
            )
        except InputError as e:
            skipped[k] = str(e)
    hinges = {k: s for k, s in found.items() if s.part is not None}
    if not hinges:
        if not found:
            raise InputError(NO_BODY_MSG)
        k = max(found, key=lambda k: spans[k][1] - spans[k][0])
        result = found[k].not_hinge
        assert result is not None
        return result.model_copy(update={"warnings": [*notes, *result.warnings]})
    main = max(hinges, key=lambda k: (_counted(hinges[k]), spans[k][1] - spans[k][0]))
    profile = hinges[main].profile
    assert profile is not None
    for k, shot in list(hinges.items()):
        if shot.profile is not None and shot.profile.exercise != profile.exercise:
            a, b = spans[k]
            hinges[k] = _analyse_shot(
                track.slice(a, b), profiles, exercise=profile.exercise, side=side, notes=[]
            )
    order = sorted(hinges)
    parts = [replace(_part(hinges[k]), first=spans[k][0]) for k in order]
    shots = _shot_list(track, spans, hinges, skipped, found)
    return assemble(
        track,
        parts,
        profile,
        detected=exercise is None,
        warnings=notes,
        main=order.index(main),
        shots=shots,
    )


def _counted(shot: _Shot) -> int:
    return 0 if shot.part is None else sum(r.counted for r, _ in shot.part.judged)


def _part(shot: _Shot) -> Part:
    assert shot.part is not None
    return shot.part


def _shot_list(
    track: PoseTrack,
    spans: list[tuple[int, int]],
    hinges: dict[int, _Shot],
    skipped: dict[int, str],
    found: dict[int, _Shot],
) -> list[ShotInfo]:
    """Each shot's time, view and reps (numbered as in the set), or why it was not analysed."""
    out: list[ShotInfo] = []
    index = 0
    t = track.t_s
    for k, (a, b) in enumerate(spans):
        shot = hinges.get(k)
        view: View = "unknown"
        facing: Side | None = None
        reps: list[int] = []
        note = skipped.get(k, "")
        if shot is not None:
            sig = _part(shot).sig
            view, facing = sig.view.view, sig.view.facing
            reps = list(range(index + 1, index + 1 + len(_part(shot).judged)))
            index += len(reps)
        elif k in found:
            note = "not a hinge in this shot"
        out.append(
            ShotInfo(
                start_s=round(float(t[a]), 3),
                end_s=round(float(t[b - 1]), 3),
                view=view,
                facing=facing,
                reps=reps,
                note=note,
            )
        )
    return out


def _analyse_shot(
    track: PoseTrack,
    profiles: Profiles,
    *,
    exercise: str | None,
    side: Side | None,
    notes: list[str],
) -> _Shot:
    """One continuous shot: its signals, reps and judged checks (not yet assembled)."""
    sig = compute_signals(track, side=side)
    if sig.valid.mean() == 0:
        raise InputError(NO_BODY_MSG)
    detected = exercise is None
    if exercise is None:
        spans = segment(sig.t_s, sig.lean_deg, profiles.recognition)
        rec = recognise(sig, spans, profiles.squat_segmentation)
        if not rec.is_hinge:
            # Timed on the movement's own signal: a row's torso and a squat's lean barely
            # move, so the lean would put the whole rep "at the bottom" (0 s phases).
            reps = [
                rep_result(i, sig, s, rep_phases(sig, s, depth=rec.depth, hold=HOLD_PCT), True, [])
                for i, s in enumerate(rec.spans, 1)
            ]
            result = not_a_hinge(
                track,
                sig,
                reps,
                rec.reason,
                notes,
                exercise=rec.exercise,
                confidence=rec.confidence,
            )
            return _Shot(None, None, True, result)
        exercise = rec.exercise
    profile = profiles.get(exercise)
    spans = refine_spans(
        sig, segment(sig.t_s, sig.lean_deg, profile.segmentation), profile, seen=torso_seen(track)
    )
    phases = [rep_phases(sig, s) for s in spans]
    if detected and exercise == "conventional_deadlift" and mostly_paused(spans, phases):
        profile = profiles.get("pause_deadlift")
    not_judged = not_judged_checks(profile, sig, track)
    judged = [
        judge_rep(sig, span, i, profile, not_judged, phases=ph)
        for i, (span, ph) in enumerate(zip(spans, phases, strict=True), start=1)
    ]
    return _Shot(Part(0, sig, judged, not_judged), profile, detected)


def torso_seen(track: PoseTrack) -> np.ndarray:
    """``(N,)`` frames where the pose found the shoulders and hips at all.

    Read on the raw landmarks, before any filter bridged a gap: a frame without them shows no
    lifter (e.g. a fade to another scene).
    """
    torso = track.landmarks[:, list(TORSO_LANDMARKS), :2]
    return np.isfinite(torso).all(axis=(1, 2))


def not_judged_checks(profile: Profile, sig: Signals, track: PoseTrack) -> dict[str, str]:
    """Checks this set cannot judge at all, and why — said once, not on every rep."""
    out: dict[str, str] = {}
    view = sig.view.view
    has_contour = track.back_contour is not None and any(c is not None for c in track.back_contour)
    for cid in profile.enabled():
        check = BY_ID[cid]
        if view not in check.views:
            out[cid] = needs_view(check.views, view)
        elif check.needs_contour and not has_contour:
            out[cid] = "cannot judge from landmarks alone: the track has no back outline"
        elif check.needs_feet and not sig.has_feet:
            out[cid] = (
                "the keypoints have no heels or toes (e.g. COCO-17), so the feet cannot be judged"
            )
    return out
