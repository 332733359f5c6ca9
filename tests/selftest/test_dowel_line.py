"""The dowel detector on drawn pictures: a figure with a thin straight bar, and without one."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.selftest.dowel_line import MIN_SPAN_TORSO, DowelLine, find_dowel, is_thin_bar
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


@pytest.mark.parametrize("dowel", [True, False])
@pytest.mark.parametrize("sigma", [10.0, 30.0])
def test_grain_neither_hides_nor_invents_a_dowel(dowel: bool, sigma: float) -> None:
    """Sensor-like grain (σ grey levels per pixel) neither hides a bar nor makes one.

    Hough strings noise edges into long lines; the thin-bar test must refuse those while still
    seeing a real bar.
    """
    rng = np.random.default_rng(int(sigma))
    for tilt_deg in (10.0, 26.0, 42.0):
        fig = draw_figure(dowel=dowel, tilt_deg=tilt_deg)
        noisy = np.clip(fig.gray + rng.normal(0.0, sigma, fig.gray.shape), 0, 255)
        found = find_dowel(noisy.astype(np.uint8), fig.back_px, fig.dorsal, TORSO_PX)
        assert (found is not None) == dowel, f"tilt {tilt_deg}°"


def test_a_plain_edge_is_not_a_thin_bar() -> None:
    """The figure's own back edge, stretched to a stick's length, has no bar on it."""
    fig = draw_figure(dowel=False)
    a, b = fig.back_px[0], fig.back_px[-1]
    d = (b - a) / np.hypot(*(b - a))
    edge = DowelLine(a=a - 20.0 * d, b=b + 60.0 * d, span_px=float(np.hypot(*(b - a))) + 80.0)
    assert not is_thin_bar(fig.gray, edge, TORSO_PX)
    with_bar = draw_figure(dowel=True)
    assert with_bar.dowel is not None
    bar = DowelLine(a=with_bar.dowel[0], b=with_bar.dowel[1], span_px=1.0)
    assert is_thin_bar(with_bar.gray, bar, TORSO_PX)
