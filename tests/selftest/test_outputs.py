"""The results as JSON (one schema for every mode), in the terminal and as an HTML fragment."""

from __future__ import annotations

import io

from pydantic import TypeAdapter
from rich.console import Console

from hingecoach.selftest.dowel_test import dowel_result
from hingecoach.selftest.models import DowelResult, SelfTestResult, WallResult
from hingecoach.selftest.render import html_section, print_dowel, print_wall
from hingecoach.selftest.run import Prepared, run_wall

ADAPTER: TypeAdapter[DowelResult | WallResult] = TypeAdapter(SelfTestResult)


def _text(print_fn, result) -> str:  # type: ignore[no-untyped-def]
    buf = io.StringIO()
    print_fn(Console(file=buf, width=120), result)
    return buf.getvalue()


def test_json_round_trips_by_mode(drill_head_down: Prepared, rdl_knees_forward: Prepared) -> None:
    p = drill_head_down
    dowel = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=None)
    wall = run_wall(rdl_knees_forward, height_m=1.75, wall_cm=3.0)
    for result in (dowel, wall):
        back = ADAPTER.validate_json(result.model_dump_json())
        assert type(back) is type(result)
        assert back == result


def test_terminal_names_the_lost_contact(drill_head_down: Prepared) -> None:
    p = drill_head_down
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=None)
    text = _text(print_dowel, r)
    assert "needs work" in text
    assert "contact lost at the head: rep 2" in text
    assert "virtual" in text


def test_terminal_wall_table(rdl_knees_forward: Prepared) -> None:
    text = _text(print_wall, run_wall(rdl_knees_forward, height_m=1.75, wall_cm=3.0))
    assert "knees drifted forward first" in text
    assert "hips reached the wall first" in text


def test_html_fragment_is_one_escaped_section(drill_head_down: Prepared) -> None:
    p = drill_head_down
    r = dowel_result(p.track, p.sig, p.reps, height_m=1.75, found=None)
    r = r.model_copy(update={"warnings": ["<script>x</script>"]})
    html = html_section(r)
    assert html.startswith('<section class="hc-selftest" id="selftest-dowel">')
    assert html.rstrip().endswith("</section>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Contact lost at the head" in html and "rep 2" in html


def test_html_wall_section(rdl_knees_forward: Prepared) -> None:
    html = html_section(run_wall(rdl_knees_forward, height_m=1.75, wall_cm=3.0))
    assert 'id="selftest-wall"' in html
    assert "knees drifted forward first" in html
