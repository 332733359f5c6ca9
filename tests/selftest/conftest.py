"""Synthetic sets shared by the self-test tests, generated once per session."""

from __future__ import annotations

import pytest

from hingecoach.selftest.run import Prepared, prepare
from hingecoach.synth.generate import generate_set
from hingecoach.synth.spec import FaultSpec, NoiseSpec, SynthSpec


def _set(exercise: str, *faults: FaultSpec, seed: int = 0, clean: bool = False) -> Prepared:
    spec = SynthSpec(
        exercise=exercise,
        reps=3,
        seed=seed,
        faults=faults,
        noise=NoiseSpec.none() if clean else NoiseSpec(),
    )
    return prepare(generate_set(spec).track)


@pytest.fixture(scope="session")
def drill_clean() -> Prepared:
    """Three clean unweighted hinges, noise-free, side-on."""
    return _set("hinge_drill", clean=True)


@pytest.fixture(scope="session")
def drill_head_down() -> Prepared:
    """Three hinges, the head dropping from rep 2 on (it leaves the dowel)."""
    return _set("hinge_drill", FaultSpec("head_down", from_rep=2), clean=True)


@pytest.fixture(scope="session")
def rdl_clean() -> Prepared:
    """Three clean RDLs with pose-model-like noise."""
    return _set("rdl")


@pytest.fixture(scope="session")
def rdl_knees_forward() -> Prepared:
    """Three RDLs, the knees shoved forward early in the lowering from rep 2 on."""
    return _set("rdl", FaultSpec("knees_forward", from_rep=2))
