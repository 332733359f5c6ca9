"""The annotated video's bar path: the hands' trail this rep and a vertical mid-foot line."""

from __future__ import annotations

import numpy as np

from hingecoach.engine import analyze_track
from hingecoach.landmarks import idx
from hingecoach.synth import CameraSpec, SynthSpec, generate_set
from hingecoach.video.overlay import (
    BAR_RGB,
    MIDFOOT_RGB,
    bar_path_annotations,
    draw_bar_path,
    result_annotations,
)


def _set(view: str = "side") -> tuple[np.ndarray, np.ndarray, object]:
    track = generate_set(SynthSpec(exercise="rdl", reps=2, seed=4, camera=CameraSpec(view=view)))
    track = track.track
    return track.landmarks, track.t_s, analyze_track(track, exercise="rdl")


def test_each_rep_grows_a_trail_over_a_fixed_midfoot_line() -> None:
    lm, t_s, result = _set()
    anns = result_annotations(result, t_s, landmarks=lm)
    rep = next(r for r in result.reps if r.counted)
    first, last = anns[rep.start_frame], anns[rep.end_frame]
    assert 1 <= len(first.bar_trail) < len(last.bar_trail) <= rep.end_frame - rep.start_frame + 1
    assert first.midfoot_line == last.midfoot_line is not None
    (fx, fy), (tx, ty) = last.midfoot_line
    assert fx == tx and ty < fy  # vertical, from the floor up
    heel, toe = lm[rep.start_frame, idx("right_heel")], lm[rep.start_frame, idx("right_foot_index")]
    assert min(heel[0], toe[0]) < fx < max(heel[0], toe[0])  # over the foot
    assert result_annotations(result, t_s)[rep.end_frame].bar_trail == ()  # no landmarks given


def test_a_front_view_draws_no_bar_path() -> None:
    lm, t_s, result = _set("front")
    assert bar_path_annotations(result, t_s, lm) == ({}, {})


def test_draw_bar_path_draws_the_trail_and_the_line() -> None:
    rgb = np.zeros((240, 320, 3), np.uint8)
    out = draw_bar_path(
        rgb, ((100.0, 50.0), (110.0, 120.0), (112.0, 200.0)), ((200, 230), (200, 20))
    )
    assert out is rgb
    assert (rgb[100:140, 200] == MIDFOOT_RGB).all(axis=1).any()
    assert rgb[60:190, 95:120].any()  # the trail (anti-aliased)
    assert (rgb[190:210, 100:125] == BAR_RGB).all(axis=2).any()  # the hands' ring, now
    blank = np.zeros((240, 320, 3), np.uint8)
    assert draw_bar_path(blank, (), None).max() == 0
