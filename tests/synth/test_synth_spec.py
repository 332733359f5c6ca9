"""Spec parsing and validation."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.synth import (
    FAULT_TO_CHECK,
    FAULTS,
    CameraSpec,
    FaultSpec,
    NoiseSpec,
    SynthSpec,
    parse_fault_spec,
)
from hingecoach.synth.motion import fault_magnitudes, faulty_reps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("knees_forward", FaultSpec("knees_forward")),
        ("knees_forward:from=5", FaultSpec("knees_forward", from_rep=5)),
        ("lumbar_flexion:from=3,grow", FaultSpec("lumbar_flexion", from_rep=3, grow=True)),
        ("knee_bend:from=2,to=4", FaultSpec("knee_bend", from_rep=2, to_rep=4)),
        (" head_up : from=2 , grow ", FaultSpec("head_up", from_rep=2, grow=True)),
    ],
)
def test_parse_fault_spec_accepts_documented_forms(text: str, expected: FaultSpec) -> None:
    assert parse_fault_spec(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("slouching", "unknown fault"),
        ("knee_bend:from=x", "cannot read option"),
        ("knee_bend:start=2", "cannot read option"),
        ("knee_bend:", "empty options"),
        ("knee_bend:from=3,to=2", "before from"),
        ("knee_bend:from=0", "from must be >= 1"),
        ("Knee-Bend", "bad fault spec"),
        ("", "bad fault spec"),
    ],
)
def test_parse_fault_spec_rejects_junk_with_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_fault_spec(text)


def test_every_fault_maps_to_a_check() -> None:
    assert set(FAULT_TO_CHECK) == set(FAULTS)
    assert FAULT_TO_CHECK["knees_forward"] == "hips_back_first"
    assert FAULT_TO_CHECK["pause_short"] == "pause_duration"


def test_spec_rejects_fault_that_does_not_apply() -> None:
    with pytest.raises(ValueError, match="does not apply"):
        SynthSpec(exercise="good_morning", faults=(FaultSpec("bar_drift"),))
    with pytest.raises(ValueError, match="only 3 reps"):
        SynthSpec(reps=3, faults=(FaultSpec("knee_bend", from_rep=4),))
    with pytest.raises(ValueError, match="unknown exercise"):
        SynthSpec(exercise="squat")
    with pytest.raises(ValueError, match="unknown camera view"):
        CameraSpec(view="top")


def test_camera_image_size_and_focal() -> None:
    assert CameraSpec().image_size == (1920, 1080)
    assert CameraSpec(orientation="portrait").image_size == (1080, 1920)
    # The body fills ~70 % of the frame height at the default distance.
    assert CameraSpec().focal_px(1.75) * 1.75 / 4.0 == pytest.approx(0.7 * 1080)


def test_noise_none_is_all_zero() -> None:
    n = NoiseSpec.none()
    assert n.sigma_px == n.jitter_px == n.dropout_rate == n.swap_rate == 0.0
    assert n.low_visibility_rate == n.contour_dropout_rate == n.vfr_jitter_s == 0.0


def test_grow_ramps_from_from_rep_and_truth_counts_only_strong_reps() -> None:
    mags = fault_magnitudes((parse_fault_spec("lumbar_flexion:from=2,grow"),), 5)
    m = mags["lumbar_flexion"]
    assert m[0] == 0.0
    assert m[1] == pytest.approx(0.4)
    assert m[4] == pytest.approx(1.0)
    assert np.all(np.diff(m[1:]) > 0)
    assert faulty_reps(mags) == {"lumbar_flexion": [4, 5]}


def test_to_rep_limits_the_fault() -> None:
    mags = fault_magnitudes((parse_fault_spec("knee_bend:from=2,to=3"),), 5)
    assert faulty_reps(mags) == {"knee_bend": [2, 3]}
