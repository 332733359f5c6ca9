"""The report's bar path: each rep's hands against the mid-foot line, drift reps in red."""

from __future__ import annotations

import re

from hingecoach.engine import analyze_track
from hingecoach.report.bar_path import bar_path_svg, bar_paths
from hingecoach.report.bar_plot import BarPath, svg_bar_path
from hingecoach.report.html import render_html
from hingecoach.report.plots import FAULT_FILL
from hingecoach.synth import FaultSpec, SynthSpec, generate_set
from tests.report.conftest import Analysed


def test_every_counted_rep_draws_its_path_in_a_side_view(faulty_set: Analysed) -> None:
    r = faulty_set.result
    paths = bar_paths(r)
    assert [p.label for p in paths] == [str(x.index) for x in r.reps if x.counted]
    assert not any(p.fault for p in paths)  # no bar drift in this set
    html = render_html(r)
    section = re.search(r'<section class="card" id="bar-path">.*?</section>', html, re.S)
    assert section is not None
    assert section.group(0).count('class="bar-run"') >= len(paths)
    assert 'class="midfoot-line"' in section.group(0)
    # the RDL profile's limit, 0.1 body lengths, in cm for a 175 cm lifter
    assert "bar more than about 14 cm ahead of mid-foot" in section.group(0)


def test_a_front_view_draws_no_bar_path(front_set: Analysed) -> None:
    assert bar_path_svg(front_set.result) is None
    assert 'id="bar-path"' not in render_html(front_set.result)


def test_a_drifting_rep_is_drawn_red_past_the_limit_line() -> None:
    spec = SynthSpec(exercise="rdl", reps=3, seed=5, faults=(FaultSpec("bar_drift", from_rep=3),))
    result = analyze_track(generate_set(spec).track, exercise="rdl")
    paths = {p.label: p for p in bar_paths(result)}
    assert paths["3"].fault and not paths["1"].fault
    svg = bar_path_svg(result)
    assert svg is not None and 'data-rep="3" points=' in svg
    red = re.findall(r'data-rep="(\d)"[^>]*stroke="([^"]+)"', svg)
    assert {rep for rep, colour in red if colour == FAULT_FILL} == {"3"}


def test_the_plot_keeps_gaps_and_needs_no_limit() -> None:
    path = BarPath("1", [0.0, None, 0.02, 0.03], [0.5, 0.4, 0.3, 0.2])
    svg = svg_bar_path([path], limit_bl=None, title="t")
    assert svg.count('class="bar-run"') == 2  # the unseen frame breaks the line
    assert "limit-band" not in svg


def test_frames_not_judged_are_dashed_without_breaking_the_line() -> None:
    path = BarPath(
        "1", [0.0, 0.01, 0.02, 0.03], [0.5, 0.4, 0.3, 0.2], judged=[False, False, True, True]
    )
    svg = svg_bar_path([path], limit_bl=0.1, title="t")
    runs = re.findall(r'<polyline class="bar-run"[^>]*>', svg)
    assert len(runs) == 2 and "stroke-dasharray" in runs[0] and "stroke-dasharray" not in runs[1]
    first_end = re.search(r'points="([^"]*)"', runs[0]).group(1).split()[-1]  # type: ignore[union-attr]
    assert re.search(r'points="([^"]*)"', runs[1]).group(1).split()[0] == first_end  # type: ignore[union-attr]


def test_distances_are_labelled_in_cm() -> None:
    path = BarPath("1", [0.0, 0.02, 0.05], [0.5, 0.3, 0.1])
    svg = svg_bar_path([path], limit_bl=0.1, title="t")
    ticks = re.findall(r'class="x-tick" x="([\d.]+)"[^>]*>([^<]*)<', svg)
    labels = [t for _, t in ticks]
    assert "0 cm" in labels and "+10" in labels  # 0.1 bl ≈ 14 cm: +10 cm falls inside it
    x = {t: float(v) for v, t in ticks}
    mid = float(re.search(r'class="midfoot-line" x1="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert x["0 cm"] == mid
    limit = float(re.search(r'class="limit-line" x1="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert mid < x["+10"] < limit  # 10 cm lies short of the 0.1 bl (≈ 14 cm) limit
