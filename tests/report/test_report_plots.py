"""The inline SVG plot: gaps break the line, axes fit data and limits, bands follow the profile."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from hingecoach.checks.base import PlotLimit
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.report import set_plots
from hingecoach.report.plots import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    Band,
    Marker,
    RepSpan,
    nice_ticks,
    polyline_runs,
    svg_line_plot,
)
from hingecoach.report.set_plots import (
    PLOTS,
    limit_bands,
    plot_values,
    plotted_on,
    result_plots,
)
from tests.report.conftest import Analysed

BOTTOM_Y = HEIGHT - BOTTOM


def _polylines(svg: str) -> list[list[tuple[float, float]]]:
    out = []
    for pts in re.findall(r'<polyline class="series" points="([^"]+)"', svg):
        out.append([tuple(map(float, p.split(","))) for p in pts.split()])
    return out


def test_runs_break_at_null() -> None:
    runs = polyline_runs([0, 1, 2, 3, 4], [1.0, 2.0, None, 3.0, float("nan")])
    assert runs == [[(0.0, 1.0), (1.0, 2.0)], [(3.0, 3.0)]]


def test_null_breaks_the_polyline() -> None:
    svg = svg_line_plot([0, 1, 2, 3, 4, 5], [1, 2, 3, None, 4, 5], title="t")
    lines = _polylines(svg)
    assert [len(line) for line in lines] == [3, 2]
    assert lines[0][-1][0] < lines[1][0][0]  # the gap is not bridged


def test_lone_sample_is_a_dot() -> None:
    svg = svg_line_plot([0, 1, 2], [1, None, 3], title="t")
    assert not _polylines(svg) and svg.count('class="series-dot"') == 2


def test_axes_scaled_to_data() -> None:
    svg = svg_line_plot([10, 12, 14], [0, 50, 100], title="t")
    (line,) = _polylines(svg)
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    assert xs[0] == pytest.approx(LEFT) and xs[-1] == pytest.approx(WIDTH - RIGHT)
    assert ys[0] > ys[1] > ys[2]  # larger values are higher up (SVG y grows downward)
    assert TOP < ys[2] < ys[0] < BOTTOM_Y  # padded: no point on the frame
    assert 'viewBox="0 0 ' in svg and "<title>t</title>" in svg


def test_axes_include_limit_bands() -> None:
    svg = svg_line_plot([0, 1, 2], [0, 5, 10], title="t", bands=[Band(40, None, "knee > 40°")])
    (y_limit,) = {float(y) for y in re.findall(r'class="limit-line"[^>]*y1="([\d.]+)"', svg)}
    (line,) = _polylines(svg)
    assert TOP < y_limit < min(p[1] for p in line)  # the limit is in view, above the data
    assert 'class="limit-band fault"' in svg and "knee &gt; 40°" in svg


def test_rep_bands_and_markers() -> None:
    svg = svg_line_plot(
        [0, 1, 2, 3, 4],
        [0, 1, 2, 1, 0],
        title="t",
        reps=[RepSpan(0.5, 2.5, "1"), RepSpan(3, 9, "(2)")],
        markers=[Marker(2, 2, "rep 1: knee_bend 2°")],
    )
    widths = [float(w) for w in re.findall(r'class="rep-band"[^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 2 and widths[0] > widths[1] > 0  # rep 2 clipped to the data's end
    assert ">(2)</text>" in svg and svg.count('class="fault-marker"') == 1


def test_nice_ticks() -> None:
    assert nice_ticks(0, 100, 5) == [0, 25, 50, 75, 100]
    assert nice_ticks(-3.2, 17.1, 5) == [0, 5, 10, 15]
    assert nice_ticks(1, 1) == [1]


def test_limit_bands_follow_profile(faulty_set: Analysed) -> None:
    r = faulty_set.result
    (knee,) = limit_bands(r, "knee_flexion_deg")
    assert knee.lo == r.limits["knee_bend"]["max_deg"] and knee.hi is None
    torso = limit_bands(r, "torso_angle_deg")
    assert {b.kind for b in torso} == {"fault", "target"}
    (neck,) = limit_bands(r, "neck_angle_deg")
    head = r.limits["head_neutral"]
    assert (neck.lo, neck.hi) == (-head["max_down_deg"], head["max_up_deg"])
    assert limit_bands(r, "hip_flexion_deg") == []
    judged_elsewhere = r.model_copy(update={"not_judged": {"knee_bend": "needs a side view"}})
    assert limit_bands(judged_elsewhere, "knee_flexion_deg") == []


def test_bands_and_markers_follow_each_checks_plot(
    faulty_set: Analysed, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = faulty_set.result
    (knee,) = limit_bands(r, "knee_flexion_deg")
    assert knee.label == f"knee > {r.limits['knee_bend']['max_deg']:g}°"  # words, no check id
    for check in CHECKS:
        if check.plot is not None and check.id not in r.not_judged:
            assert plotted_on(check.id) == check.plot.series
            labels = [b.label for b in limit_bands(r, check.plot.series)]
            assert any(check.plot.label in label for label in labels), check.id
            assert not any(check.id in label for label in labels), labels
    moved = replace(
        BY_ID["knee_bend"], plot=PlotLimit("hip_flexion_deg", "above", ("max_deg",), "knee")
    )
    monkeypatch.setattr(
        set_plots, "CHECKS", tuple(moved if c.id == "knee_bend" else c for c in CHECKS)
    )
    monkeypatch.setattr(set_plots, "BY_ID", {**BY_ID, "knee_bend": moved})
    assert limit_bands(r, "knee_flexion_deg") == []
    assert [b.label for b in limit_bands(r, "hip_flexion_deg")] == [knee.label]
    assert plotted_on("knee_bend") == "hip_flexion_deg" and plotted_on("no_such_check") is None


def test_front_view_plots(front_set: Analysed) -> None:
    r = front_set.result
    assert r.view == "front"
    plots = {spec.key: svg for spec, svg in result_plots(r)}
    for side_only in ("hip_flexion_deg", "knee_flexion_deg", "shin_angle_deg", "neck_angle_deg"):
        assert plots[side_only] is None, side_only  # projections, not joint angles
    torso = plot_values(r, PLOTS[3])
    assert torso is not None and min(v for v in torso if v is not None) < 45  # from the lean
    valgus = plots["knee_valgus_deg"]
    assert valgus is not None and 'class="limit-band fault"' in valgus
    assert valgus.count('class="fault-marker"') >= 3


def test_side_view_has_no_valgus_plot(faulty_set: Analysed) -> None:
    keys = [spec.key for spec, _ in result_plots(faulty_set.result)]
    assert "knee_valgus_deg" not in keys and "spine_bend_deg" in keys
