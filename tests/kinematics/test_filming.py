"""The filming judgements on synthetic tracks: nobody, too small, feet cut off, late or early."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.kinematics import filming as track_mod
from hingecoach.kinematics.filming import judge_filming
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack
from tests.bodies import standing as _standing


def _track(frames: list[np.ndarray | None], size: tuple[int, int] = (600, 600)) -> PoseTrack:
    lm = np.full((len(frames), N_LANDMARKS, 4), np.nan)
    lm[..., 3] = 0.0
    for i, f in enumerate(frames):
        if f is not None:
            lm[i] = f
    return PoseTrack(t_s=np.arange(len(frames)) / 30.0, landmarks=lm, image_size=size)


def test_good_filming_has_no_warnings() -> None:
    assert judge_filming(_track([_standing(450)] * 60)) == []


def test_nobody_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no person found: film the whole body"):
        judge_filming(_track([None] * 30))


def test_person_in_few_frames_warns() -> None:
    warnings = judge_filming(_track([_standing(450)] * 10 + [None] * 50))
    assert any("person found in only 17% of frames" in w for w in warnings)


def test_tiny_person_warns() -> None:
    warnings = judge_filming(_track([_standing(60)] * 30))
    assert track_mod.TOO_SMALL_MSG in warnings


def test_feet_out_of_frame_warns() -> None:
    lm = _standing(700)  # feet at y = 750 in a 600 px tall frame
    warnings = judge_filming(_track([lm] * 30))
    assert track_mod.FEET_MSG in warnings
    hidden = _standing(450)
    hidden[[idx("left_ankle"), idx("right_ankle"), idx("left_heel"), idx("right_heel")], 3] = 0.1
    assert track_mod.FEET_MSG in judge_filming(_track([hidden] * 30))


def test_late_entry_and_early_exit_warn_with_times() -> None:
    frames: list[np.ndarray | None] = [None] * 45 + [_standing(450)] * 60 + [None] * 60
    warnings = judge_filming(_track(frames))
    assert any(w.startswith("no person in the first 1.5 s") for w in warnings)
    assert any(w.startswith("no person after 3.5 s (the last 2.0 s)") for w in warnings)


def test_two_people_warning_from_sampled_score() -> None:
    t = _track([_standing(450)] * 30)
    assert track_mod.TWO_PEOPLE_MSG in judge_filming(t, other_person_fraction=0.5)
    assert judge_filming(t, other_person_fraction=0.0) == []
