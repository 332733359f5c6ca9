"""The dowel laid on a synthetic back outline: it touches head, upper back and sacrum."""

from __future__ import annotations

import numpy as np

from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.video.dowel import GAP_TORSO, back_of_head, dowel_on_back, fit_dowel
from hingecoach.video.overlay import GAP_RGB, draw_overlay


def _dist(p: np.ndarray, line: tuple[tuple[float, float], tuple[float, float]]) -> float:
    a, b = np.asarray(line[0]), np.asarray(line[1])
    d = (b - a) / np.hypot(*(b - a))
    rel = np.asarray(p) - a
    return float(abs(rel[0] * d[1] - rel[1] * d[0]))


def _lifter(bulge_px: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A lifter facing right, hinged: back outline along the line y = 300 - 0.5 (x - 100).

    Sacrum at x=100, upper back at x=300; the head's back lies on the same line at x=380. A
    ``bulge_px`` pulls the outline's middle toward the belly (a dip under the dowel, as a big
    arch or a sagging back leaves).
    """
    xs = np.linspace(100.0, 300.0, 16)
    on_line = 300.0 - 0.5 * (xs - 100.0)
    s = (xs - 100.0) / 200.0
    dip = bulge_px * np.clip(1 - ((s - 0.45) / 0.25) ** 2, 0, None)  # a bump in the middle
    contour = np.stack([xs, on_line + dip], axis=1)  # image y down: +y is toward the belly
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, 3] = 0.9
    body = {"hip": (110.0, 340.0), "shoulder": (300.0, 245.0)}
    for side in ("left", "right"):
        for joint, (x, y) in body.items():
            lm[idx(f"{side}_{joint}"), :2] = (x, y)
    # Back of the head = ear + 0.8 (ear - nose) lands on the line at x = 380.
    head_back = np.array([380.0, 300.0 - 0.5 * 280.0])
    ear = head_back - np.array([16.0, -20.0])
    nose = ear - (head_back - ear) / 0.8
    lm[idx("left_ear"), :2] = ear
    lm[idx("right_ear"), :2] = ear
    lm[idx("right_ear"), 3] = 0.2
    lm[idx("nose"), :2] = nose
    return lm, contour


def test_straight_back_dowel_touches_head_upper_back_and_sacrum() -> None:
    lm, contour = _lifter()
    head = back_of_head(lm)
    assert head is not None
    np.testing.assert_allclose(head, [380.0, 160.0], atol=1e-6)
    dowel = dowel_on_back(lm, contour)
    assert dowel is not None
    for p in (contour[0], contour[-1], head):  # sacrum, upper back, head
        assert _dist(p, dowel.line) < 1e-6
    assert dowel.gaps == ()
    np.testing.assert_allclose(dowel.line[0], head, atol=1e-6)  # drawn from the head...
    np.testing.assert_allclose(dowel.line[1], contour[0], atol=1e-6)  # ...to the sacrum


def test_dip_in_the_back_leaves_the_dowel_with_gap_marks_there() -> None:
    lm, contour = _lifter(bulge_px=40.0)
    dowel = dowel_on_back(lm, contour)
    assert dowel is not None
    head = back_of_head(lm)
    for p in (contour[0], contour[-1], head):  # still resting on the three contacts
        assert _dist(np.asarray(p), dowel.line) < 1e-6
    torso = float(np.hypot(*(contour[-1] - contour[0])))
    assert dowel.gap_px == GAP_TORSO * torso
    marked = np.array([p for p, _ in dowel.gaps])
    assert len(marked) >= 3
    dips = np.flatnonzero(np.array([_dist(p, dowel.line) for p in contour]) > dowel.gap_px)
    np.testing.assert_allclose(marked, contour[dips])
    assert (marked[:, 0] > 130).all() and (marked[:, 0] < 260).all(), "only the middle"
    for p, foot in dowel.gaps:  # each mark ends on the stick, square to it
        assert _dist(np.asarray(foot), dowel.line) < 1e-6
        assert np.hypot(*(np.asarray(p) - foot)) > dowel.gap_px


def test_rounded_upper_back_lifts_the_dowel_off_the_head() -> None:
    """A hump behind the line (kyphosis) carries the stick: the head end leaves it."""
    back = np.array([[0.0, 0.0], [50.0, -10.0], [100.0, -30.0], [150.0, -20.0], [200.0, 0.0]])
    dowel = fit_dowel(back, np.array([0.0, -1.0]), gap_px=12.0)
    assert dowel is not None
    assert _dist(back[0], dowel.line) < 1e-6, "rests on the sacrum"
    assert _dist(back[2], dowel.line) < 1e-6, "and on the hump"
    marked = [np.asarray(p) for p, _ in dowel.gaps]
    assert any(np.allclose(p, back[-1]) for p in marked), "the head has left the stick"
    assert not any(np.allclose(p, back[2]) for p in marked)


def test_no_outline_no_dowel() -> None:
    lm, _ = _lifter()
    assert dowel_on_back(lm, None) is None
    lm[[idx("left_ear"), idx("right_ear")], 3] = 0.0
    assert dowel_on_back(lm, _lifter()[1]) is None


def test_overlay_draws_the_gap_marks() -> None:
    lm, contour = _lifter(bulge_px=40.0)
    dowel = dowel_on_back(lm, contour)
    assert dowel is not None
    img = np.zeros((480, 480, 3), np.uint8)
    out = draw_overlay(img, None, contour=contour, dowel_line=dowel.line)
    assert not (out == GAP_RGB).all(axis=2).any(), "no landmarks: no head, no gap marks"
    out = draw_overlay(img, lm, contour=contour, dowel_line=dowel.line)
    p, _ = dowel.gaps[0]
    x, y = round(p[0]), round(p[1])
    assert (out[y - 1 : y + 2, x - 1 : x + 2] == GAP_RGB).all(axis=2).any()
