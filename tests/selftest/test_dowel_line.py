"""The dowel detector on drawn pictures: a figure with a thin straight bar, and without one."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.selftest.dowel_line import MIN_SPAN_TORSO, find_dowel
from tests.selftest.drawn import TORSO_PX, draw_figure

#: The detected line must lie within this of the drawn bar's centre line at both ends, pixels
#: (the bar is 5 px thick: its two edges are 2.5 px either side of the centre).
TOL_PX = 3.0
#: ...and point the same way within this, degrees.
TOL_DEG = 1.5


def _off_line(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    d = (b - a) / np.hypot(*(b - a))
    return float(abs((p - a) @ np.array([-d[1], d[0]])))


@pytest.mark.parametrize("tilt_deg", [15.0, 25.0, 45.0])
def test_drawn_dowel_is_found_on_its_line(tilt_deg: float) -> None:
    fig = draw_figure(dowel=True, tilt_deg=tilt_deg)
    assert fig.dowel is not None
    found = find_dowel(fig.gray, fig.back_px, fig.dorsal, TORSO_PX)
    assert found is not None
    a, b = fig.dowel
    assert _off_line(a, found.a, found.b) <= TOL_PX
    assert _off_line(b, found.a, found.b) <= TOL_PX
    drawn = np.degrees(np.arctan2(*(b - a)[::-1]))
    seen = np.degrees(np.arctan2(*(found.b - found.a)[::-1]))
    assert abs(drawn - seen) <= TOL_DEG
    assert found.span_px >= MIN_SPAN_TORSO * TORSO_PX


@pytest.mark.parametrize("tilt_deg", [15.0, 25.0, 45.0])
def test_no_dowel_is_not_found(tilt_deg: float) -> None:
    """The figure's own straight back edge is not taken for a stick (it stops at the neck)."""
    fig = draw_figure(dowel=False, tilt_deg=tilt_deg)
    assert find_dowel(fig.gray, fig.back_px, fig.dorsal, TORSO_PX) is None


def test_a_bar_far_off_the_back_is_not_the_dowel() -> None:
    fig = draw_figure(dowel=True)
    shifted = fig.back_px - 150.0 * fig.dorsal  # an outline far from where the bar lies
    assert find_dowel(fig.gray, shifted, fig.dorsal, TORSO_PX) is None


def test_no_outline_finds_nothing() -> None:
    fig = draw_figure(dowel=True)
    assert find_dowel(fig.gray, np.full((16, 2), np.nan), fig.dorsal, TORSO_PX) is None
