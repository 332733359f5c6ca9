"""The dowel test's gaps: on constructed back outlines, then on synthetic sets."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.selftest.dowel_line import DowelLine
from hingecoach.selftest.dowel_test import GAP_LIMIT_CM, contact_gaps_px, dowel_result
from hingecoach.selftest.run import Prepared
from hingecoach.video.dowel import fit_dowel

UP = np.array([0.0, -1.0])  # the back faces up (image y down): dorsal points up


def _outline(bump_px: float = 0.0, at: float = 70.0, half_width: float = 20.0) -> np.ndarray:
    """A flat back along x from the sacrum (0) to shoulder level (100), y = 0, with a tent."""
    u = np.linspace(0.0, 100.0, 21)
    v = bump_px * np.clip(1.0 - np.abs(u - at) / half_width, 0.0, None)
    return np.stack([u, -v], axis=1)  # dorsal is up: a bump is negative y


def test_touching_everywhere_is_zero_gap() -> None:
    gaps = contact_gaps_px((np.zeros(2), np.array([130.0, 0.0])), _outline(), [130.0, 0.0], UP)
    assert gaps == pytest.approx({"head": 0.0, "upper_back": 0.0, "sacrum": 0.0})


def test_a_dropped_sacrum_is_its_gap() -> None:
    back = _outline()
    back[:6, 1] += 8.0  # the sacrum's whole stretch (s <= 0.25) 8 px in front of the stick
    gaps = contact_gaps_px((np.zeros(2), np.array([130.0, 0.0])), back, [130.0, 0.0], UP)
    assert gaps["sacrum"] == pytest.approx(8.0)
    assert gaps["upper_back"] == pytest.approx(0.0)


def test_virtual_dowel_on_a_bulging_upper_back_leaves_the_head() -> None:
    """A 10 px hump at 70 % of the back: the stick rests on the sacrum and the hump.

    The line (0, 0) → (70, 10 up) passes 130·10/70 = 18.57 px above the head at x = 130; the
    perpendicular gap is 18.57 / hypot(1, 10/70) = 18.38 px.
    """
    back = _outline(bump_px=10.0)
    pts = np.vstack([back, [130.0, 0.0]])
    dowel = fit_dowel(pts, UP, gap_px=5.0)
    assert dowel is not None
    gaps = contact_gaps_px(dowel.line, back, pts[-1], UP)
    assert gaps["head"] == pytest.approx(18.38, abs=0.05)
    assert gaps["sacrum"] == pytest.approx(0.0, abs=1e-6)
    assert gaps["upper_back"] == pytest.approx(0.0, abs=1e-6)


def test_clean_hinges_keep_every_contact(drill_clean: Prepared) -> None:
    r = dowel_result(
        drill_clean.track, drill_clean.sig, drill_clean.reps, height_m=1.75, found=None
    )
    assert r.dowel == "virtual"
    assert r.frames_judged > 0
    assert r.passed is True
    assert r.losses == []
    assert len(r.reps) == 3
    for rep in r.reps:
        assert all(g is not None and g <= GAP_LIMIT_CM for g in rep.max_gap_cm.values())


def test_dropped_head_is_named_with_rep_and_time(drill_head_down: Prepared) -> None:
    p = drill_head_down
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=None)
    assert r.passed is False
    assert {c.point for c in r.losses} == {"head"}
    assert {c.rep for c in r.losses} == {2, 3}
    assert [rep.lost for rep in r.reps] == [[], ["head"], ["head"]]
    for c in r.losses:
        rep = p.reps[c.rep - 1]  # type: ignore[operator]
        assert rep.start_s <= c.start_s <= c.end_s <= rep.end_s
        assert c.max_gap_cm > GAP_LIMIT_CM


def test_centimetres_scale_with_height(drill_head_down: Prepared) -> None:
    p = drill_head_down
    tall = dowel_result(p.track, p.sig, p.reps, height_m=2.0, found=None)
    short = dowel_result(p.track, p.sig, p.reps, height_m=1.5, found=None)
    g_tall, g_short = tall.reps[1].max_gap_cm["head"], short.reps[1].max_gap_cm["head"]
    assert g_tall is not None and g_short is not None
    assert g_tall / g_short == pytest.approx(2.0 / 1.5, rel=0.02)


def test_not_found_falls_back_to_the_virtual_dowel(drill_clean: Prepared) -> None:
    p = drill_clean
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=[None] * p.track.n_frames)
    assert r.dowel == "virtual"
    assert r.detected_share == 0.0
    assert "could not be found" in r.note


def test_a_found_stick_is_used_and_measured(drill_clean: Prepared) -> None:
    """A stick 'found' 30 cm above the sacrum's outline in every frame: every contact is lost."""
    p = drill_clean
    cm_px = 1.75 * 77.9 / p.sig.body_length_px
    found: list[DowelLine | None] = []
    for c in p.track.back_contour or ():
        if c is None:
            found.append(None)
            continue
        lift = np.array([0.0, -30.0 / cm_px])  # straight up the image: off the back
        found.append(DowelLine(a=c[0] + lift, b=c[-1] + lift, span_px=1.0))
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=found)
    assert r.dowel == "detected"
    assert r.detected_share > 0.5
    assert {c.point for c in r.losses} >= {"upper_back", "sacrum"}


def test_front_view_says_why_nothing_was_judged() -> None:
    from hingecoach.selftest.run import prepare
    from hingecoach.synth.generate import generate_set
    from hingecoach.synth.spec import CameraSpec, SynthSpec

    p = prepare(
        generate_set(SynthSpec(exercise="hinge_drill", reps=2, camera=CameraSpec("front"))).track
    )
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=None)
    assert r.dowel == "none"
    assert r.passed is None
    assert any("front" in w for w in r.warnings)


def test_head_gap_holds_with_the_face_turned_down() -> None:
    """Hinged, the face points down: the back of the head is the disc's edge toward the stick.

    Ear at (0, 0), nose 10 px straight down (toward the floor), the stick 8 px above the ear
    (dorsal is up): the skull's radius 0.8 × 10 = 8 px reaches it, a gap of 0; raised 5 px
    further, the gap is 5 px.
    """
    from hingecoach.landmarks import N_LANDMARKS, idx
    from hingecoach.selftest.dowel_test import head_sphere

    lm = np.zeros((N_LANDMARKS, 4))
    lm[idx("left_ear")] = [0.0, 0.0, 0.0, 0.9]
    lm[idx("nose")] = [0.0, 10.0, 0.0, 0.9]
    head = head_sphere(lm)
    assert head is not None
    centre, radius = head
    assert radius == pytest.approx(8.0)
    back = _outline()
    for lift, want in ((8.0, 0.0), (13.0, 5.0)):
        line = (np.array([-50.0, -lift]), np.array([50.0, -lift]))
        gaps = contact_gaps_px(line, back, centre, UP, head_radius_px=radius)
        assert gaps["head"] == pytest.approx(want)
