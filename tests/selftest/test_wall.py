"""The wall test's sequencing on synthetic sets with known errors.

The synthetic body's hips travel only ~4–6 cm back in an RDL (its shins stay near vertical),
less than a real lifter's, so these sets put the wall 3 cm behind the glutes: what is tested is
the order of events, which the wall's distance only moves.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from hingecoach.selftest.run import Prepared, limits, run_wall
from hingecoach.selftest.scale import cm_per_bl
from hingecoach.selftest.wall import wall_result

WALL_CM = 3.0


def test_clean_hinges_reach_the_wall_first(rdl_clean: Prepared) -> None:
    r = run_wall(rdl_clean, height_m=1.75, wall_cm=WALL_CM)
    assert [rep.verdict for rep in r.reps] == ["good"] * 3
    assert r.passed is True
    for rep in r.reps:
        assert rep.contact
        assert rep.hip_travel_cm is not None and rep.hip_travel_cm >= WALL_CM
        assert rep.knee_travel_cm is not None and rep.knee_travel_cm <= r.knee_limit_cm


def test_knees_forward_before_the_wall(rdl_knees_forward: Prepared) -> None:
    r = run_wall(rdl_knees_forward, height_m=1.75, wall_cm=WALL_CM)
    assert [rep.verdict for rep in r.reps] == ["good", "knees_forward", "knees_forward"]
    assert r.passed is False
    for rep in r.reps[1:]:
        assert rep.knees_forward_s is not None
        assert rep.knees_forward_s < rep.at_s or not rep.contact


def test_back_rounding_before_the_wall(rdl_clean: Prepared) -> None:
    """Rep 2's back curve set past the limit from its second frame: the torso broke first."""
    knee_bl, spine_deg = limits()
    sig = rdl_clean.sig
    rep = rdl_clean.reps[1]
    bend = np.array(sig.spine_bend_deg, copy=True)
    lean = np.array(sig.lean_deg, copy=True)
    a, b = rep.start_frame + 1, rep.bottom_frame
    bend[a : b + 1] = spine_deg + 10.0
    lean[a : b + 1] = np.maximum(lean[a : b + 1], 60.0)  # hinged: the outline can be read
    broken = replace(sig, spine_bend_deg=bend, lean_deg=lean)
    r = wall_result(
        broken,
        rdl_clean.reps,
        height_m=1.75,
        wall_cm=WALL_CM,
        knee_limit_bl=knee_bl,
        spine_limit_deg=spine_deg,
    )
    assert [x.verdict for x in r.reps] == ["good", "torso_broke", "good"]
    assert r.reps[1].torso_broke_s == pytest.approx(float(sig.t_s[a]), abs=0.001)


def test_a_far_wall_is_never_reached(rdl_clean: Prepared) -> None:
    r = run_wall(rdl_clean, height_m=1.75, wall_cm=30.0)
    assert [rep.verdict for rep in r.reps] == ["no_contact"] * 3
    for rep, engine_rep in zip(r.reps, rdl_clean.reps, strict=True):
        assert not rep.contact
        assert rep.at_s == pytest.approx(engine_rep.bottom_s, abs=0.001)
        assert rep.hip_travel_cm is not None and rep.hip_travel_cm < 30.0


def test_figures_in_centimetres_follow_the_height(rdl_clean: Prepared) -> None:
    """Hip travel in cm is bl × 0.779 × height: it scales with the height given."""
    short = run_wall(rdl_clean, height_m=1.5, wall_cm=30.0)
    tall = run_wall(rdl_clean, height_m=2.0, wall_cm=30.0)
    for s, t in zip(short.reps, tall.reps, strict=True):
        assert s.hip_travel_cm is not None and t.hip_travel_cm is not None
        assert t.hip_travel_cm / s.hip_travel_cm == pytest.approx(2.0 / 1.5, rel=0.05)
    assert short.cm_per_bl == pytest.approx(cm_per_bl(1.5), abs=0.05)
    assert cm_per_bl(1.75) == pytest.approx(136.3, abs=0.1)


@pytest.mark.parametrize(
    ("contact", "knees", "broke", "verdict"),
    [
        (5, None, None, "good"),
        (5, 5, None, "good"),  # the same frame: the hips got there
        (5, 6, 7, "good"),
        (5, 4, None, "knees_forward"),
        (5, 4, 3, "torso_broke"),
        (None, 9, None, "knees_forward"),
        (None, None, None, "no_contact"),
    ],
)
def test_whichever_comes_first_decides(
    contact: int | None, knees: int | None, broke: int | None, verdict: str
) -> None:
    from hingecoach.selftest.wall import _verdict

    assert _verdict(contact, knees, broke) == verdict
