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
