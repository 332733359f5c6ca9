"""Synthetic hinge sets with known ground truth and injected faults.

A kinematic body (anthropometric segment lengths, feet flat, chain solved upward) performs
reps of one of ``EXERCISES`` with the requested ``FAULTS`` and is filmed by a pinhole camera;
the result is a ``PoseTrack`` like a pose model would produce plus the ``GroundTruth`` the
engine is scored against (``hingecoach eval``).
"""

from hingecoach.synth.generate import SyntheticSet, generate_set
from hingecoach.synth.io import synth_json_dict, write_synth_json
from hingecoach.synth.spec import (
    EXERCISES,
    FAULT_TO_CHECK,
    FAULTS,
    CameraSpec,
    FaultSpec,
    NoiseSpec,
    SurfaceSpec,
    SynthSpec,
    parse_fault_spec,
)
from hingecoach.synth.truth import GroundTruth

__all__ = [
    "EXERCISES",
    "FAULTS",
    "FAULT_TO_CHECK",
    "CameraSpec",
    "FaultSpec",
    "GroundTruth",
    "NoiseSpec",
    "SurfaceSpec",
    "SynthSpec",
    "SyntheticSet",
    "generate_set",
    "parse_fault_spec",
    "synth_json_dict",
    "write_synth_json",
]
