"""An edited clip is judged shot by shot: no rep spans a scene cut, each shot has its own view."""

from __future__ import annotations

import numpy as np

from hingecoach import synth as sy
from hingecoach.engine import analyze_track
from hingecoach.models import PoseTrack


def synth(view: str, reps: int, seed: int) -> PoseTrack:
    spec = sy.SynthSpec(
        exercise="rdl", reps=reps, camera=sy.CameraSpec(view=view), seed=seed, faults=()
    )
    return sy.generate_set(spec).track


def joined(a: PoseTrack, b: PoseTrack) -> PoseTrack:
    """``b`` played right after ``a``, with a scene cut where it starts."""
    dt = float(np.median(np.diff(a.t_s)))
    contours = (a.back_contour or (None,) * a.n_frames) + (b.back_contour or (None,) * b.n_frames)
    return PoseTrack(
        t_s=np.concatenate([a.t_s, a.t_s[-1] + dt + b.t_s - b.t_s[0]]),
        landmarks=np.concatenate([a.landmarks, b.landmarks]),
        image_size=a.image_size,
        back_contour=contours,
        cut_frames=(a.n_frames,),
    )


def test_two_shots_keep_their_reps_and_views() -> None:
    side, front = synth("side", 3, 1), synth("front", 2, 2)
    result = analyze_track(joined(side, front), exercise="rdl")
    assert result.rep_count == 5
    assert [s.view for s in result.shots] == ["side", "front"]
    assert [s.reps for s in result.shots] == [[1, 2, 3], [4, 5]]
    assert result.view == "side"  # the shot with the most reps speaks for the set
    cut = side.n_frames
    for rep in result.reps:
        assert rep.end_frame < cut or rep.start_frame >= cut, rep
    assert len(result.series["lean_deg"]) == side.n_frames + front.n_frames
    assert any("cuts to another shot" in w for w in result.warnings)


def test_a_frame_of_another_scene_at_the_start_changes_nothing() -> None:
    """Edited reels often open with the last frame of the previous scene."""
    track = synth("side", 4, 3)
    stray = track.landmarks[:1].copy()
    stray[..., 0] = track.image_size[0] - stray[..., 0]  # another shot: mirrored, say
    t0 = track.t_s[0] - float(np.median(np.diff(track.t_s)))
    edited = PoseTrack(
        t_s=np.concatenate([[t0], track.t_s]),
        landmarks=np.concatenate([stray, track.landmarks]),
        image_size=track.image_size,
        back_contour=(None, *(track.back_contour or (None,) * track.n_frames)),
        cut_frames=(1,),
    )
    plain = analyze_track(track)
    result = analyze_track(edited)
    assert result.rep_count == plain.rep_count == 4
    assert [r.start_frame - 1 for r in result.reps] == [r.start_frame for r in plain.reps]
    assert result.shots[0].note == "too short to analyse"


def turned(a: PoseTrack, b: PoseTrack) -> PoseTrack:
    """``b`` right after ``a`` in one continuous shot (no cut): the lifter turned between."""
    dt = float(np.median(np.diff(a.t_s)))
    return PoseTrack(
        t_s=np.concatenate([a.t_s, a.t_s[-1] + dt + b.t_s - b.t_s[0]]),
        landmarks=np.concatenate([a.landmarks, b.landmarks]),
        image_size=a.image_size,
    )


def test_a_lifter_who_turns_around_is_judged_facing_each_way() -> None:
    right, left = synth("side", 3, 4), synth("side_left", 3, 5)
    result = analyze_track(turned(right, left), exercise="rdl")
    assert result.rep_count == 6
    assert [s.facing for s in result.shots] == ["right", "left"]
    turn = result.shots[1].start_s
    assert abs(turn - float(right.t_s[-1])) < 1.5
    assert all(r.torso_angle_min_deg is not None and r.torso_angle_min_deg > 0 for r in result.reps)
    assert any("turns or the camera view changes" in w for w in result.warnings)


def test_a_front_set_inside_a_side_clip_keeps_its_reps() -> None:
    side, front = synth("side", 3, 6), synth("front", 3, 7)
    result = analyze_track(turned(side, front), exercise="rdl")
    assert [s.view for s in result.shots] == ["side", "front"]
    assert result.rep_count == 6


def test_a_steady_clip_is_not_split() -> None:
    result = analyze_track(synth("oblique30", 5, 8))
    assert result.shots == [] and result.rep_count == 5
