"""The hingecoach.posetrack JSON writer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from hingecoach.landmarks import NAMES
from hingecoach.synth import NoiseSpec, SynthSpec, generate_set, parse_fault_spec, write_synth_json


def test_json_round_trips_shapes(tmp_path: Path) -> None:
    spec = SynthSpec(
        reps=2,
        noise=NoiseSpec(dropout_rate=0.05, contour_dropout_rate=0.2),
        faults=(parse_fault_spec("head_up:from=2"),),
    )
    sset = generate_set(spec)
    path = write_synth_json(sset, tmp_path / "out" / "set.json")
    doc = json.loads(path.read_text())
    tr = sset.track
    assert doc["format"] == "hingecoach.posetrack" and doc["version"] == 1
    assert (doc["image_width"], doc["image_height"]) == tr.image_size
    assert doc["landmark_names"] == list(NAMES)
    assert len(doc["frames"]) == tr.n_frames
    lm = np.array(
        [
            [[np.nan if v is None else v for v in row] for row in f["landmarks"]]
            for f in doc["frames"]
        ],
        dtype=float,
    )
    assert lm.shape == tr.landmarks.shape
    np.testing.assert_allclose(lm, tr.landmarks, atol=1e-3)
    assert np.isnan(lm[..., 0]).any()  # dropouts written as null, read back as NaN
    world = np.array(
        [[[np.nan if v is None else v for v in row] for row in f["world"]] for f in doc["frames"]],
        dtype=float,
    )
    assert world.shape == (tr.n_frames, 33, 3)
    contours = [f["back_contour"] for f in doc["frames"]]
    assert any(c is None for c in contours)
    assert {np.shape(c) for c in contours if c is not None} == {(16, 2)}
    assert [f["t_s"] for f in doc["frames"]] == [round(float(t), 6) for t in tr.t_s]
    gt = doc["ground_truth"]
    assert gt["faults"] == {"head_up": [2]}
    assert len(gt["reps"]) == 2
    assert len(gt["angles"]["knee_flexion_deg"]) == tr.n_frames
