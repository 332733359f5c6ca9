"""The HTML report: verdict, fix-first, red cells with limits, plots with bands, self-contained."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from hingecoach.checks.base import TableColumn
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.engine import analyze_track
from hingecoach.feedback.words import finding_words
from hingecoach.models import RepResult, SetResult
from hingecoach.pose.keypoint_files import read_track
from hingecoach.report import view as report_view
from hingecoach.report.html import SetInfo, render_html, rep_columns, write_html, write_report
from hingecoach.report.words import check_name
from tests.conftest import shared_data
from tests.report.conftest import Analysed, Video

VOID = {"meta", "br", "img", "input", "link", "hr", "source", "col", "wbr"}


class _Balance(HTMLParser):
    """Checks every non-void element is closed in order (catches broken string building)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def _figure(html: str, series: str) -> str:
    m = re.search(rf'<figure class="plot-fig" data-series="{series}">(.*?)</figure>', html, re.S)
    assert m, f"no plot figure for {series}"
    return m.group(1)


@pytest.fixture(scope="module")
def html(faulty_set: Analysed) -> str:
    return render_html(faulty_set.result)


def test_well_formed(html: str) -> None:
    p = _Balance()
    p.feed(html)
    assert not p.errors and p.stack == [], (p.errors, p.stack)


def test_verdict_and_fix_first(faulty_set: Analysed, html: str) -> None:
    r = faulty_set.result
    assert r.score is not None and r.fix_first
    assert f"<b>{r.score}</b>" in html
    assert escape(r.fix_first) in html
    assert "Romanian deadlift" in html and f"{r.rep_count} reps counted" in html


def test_one_row_per_rep(faulty_set: Analysed, html: str) -> None:
    rows = re.findall(r'<tr class="rep[^"]*" data-rep="(\d+)"', html)
    assert [int(i) for i in rows] == [r.index for r in faulty_set.result.reps]


def test_bad_numbers_red_with_limit(faulty_set: Analysed, html: str) -> None:
    bad = re.findall(r'<td class="bad"[^>]*>(.*?)</td>', html, re.S)
    knee = [c for c in bad if "limit ≤ 20°" in c]
    head = [c for c in bad if "limit ≤ 22°" in c]
    faults = {(r.index, f.check) for r in faulty_set.result.reps for f in r.faults}
    assert len(bad) == len(knee) + len(head)
    assert len(knee) == sum(c == "knee_bend" for _, c in faults) >= 3
    assert len(head) == sum(c == "head_neutral" for _, c in faults) >= 2
    # the column shows the rep's maximum; the judged number is named under it
    assert all("<small>judged " in c for c in knee)
    clean_rows = re.findall(r'<tr class="rep" data-rep="[23]"[^>]*>(.*?)</tr>', html, re.S)
    assert clean_rows and not any('class="bad"' in row for row in clean_rows)


def test_rep_table_columns_come_from_the_checks(html: str) -> None:
    heads = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert heads == [
        "rep",
        "time (s)",
        "down (s)",
        "hold (s)",
        "up (s)",
        "torso° min",
        "hip° max",
        "knee° max",
        "shin° max",
        "neck° range",
        "pause",
    ]
    by_header = {col.header: {c.id for c in checks} for col, checks in rep_columns()}
    assert by_header["pause"] == {"pause_duration", "pause_position"}  # one shared column
    assert by_header["hip° max"] == set()  # a measure no check judges
    for check in BY_ID.values():
        if check.column is not None:
            assert check.id in by_header[check.column.header]


def test_a_new_checks_column_joins_the_table(
    faulty_set: Analysed, monkeypatch: pytest.MonkeyPatch
) -> None:
    knee = replace(BY_ID["knee_bend"], column=TableColumn("knee° bottom", "knee_flexion_max_deg"))
    monkeypatch.setattr(
        report_view, "CHECKS", tuple(knee if c.id == "knee_bend" else c for c in CHECKS)
    )
    monkeypatch.setattr(report_view, "BY_ID", {**BY_ID, "knee_bend": knee})
    page = render_html(faulty_set.result)
    assert '<th scope="col">knee° bottom</th>' in page
    assert '<th scope="col">knee° max</th>' not in page


def test_a_plot_per_angle_with_points(html: str) -> None:
    for key in (
        "hip_flexion_deg",
        "knee_flexion_deg",
        "shin_angle_deg",
        "torso_angle_deg",
        "neck_angle_deg",
    ):
        fig = _figure(html, key)
        assert fig.count('<svg class="plot"') == 1
        points = re.findall(r'<polyline class="series" points="([^"]+)"', fig)
        assert points and max(len(p.split()) for p in points) > 50
        assert len(re.findall(r'class="rep-band"', fig)) == 6


def test_limit_bands_of_enabled_checks(faulty_set: Analysed, html: str) -> None:
    assert 'class="limit-band fault"' in _figure(html, "knee_flexion_deg")
    assert 'class="limit-band fault"' in _figure(html, "shin_angle_deg")
    torso = _figure(html, "torso_angle_deg")
    for check in ("hinge_depth", "lockout_overextension"):
        plot = BY_ID[check].plot
        assert plot is not None and escape(plot.label) in torso, check
    assert 'class="limit-band target"' in torso and 'class="limit-band fault"' in torso
    assert "limit-band" not in _figure(html, "hip_flexion_deg")
    limits = {k: dict(v) for k, v in faulty_set.result.limits.items()}
    limits["knee_bend"]["enabled"] = False
    off = render_html(faulty_set.result.model_copy(update={"limits": limits}))
    assert "limit-band" not in _figure(off, "knee_flexion_deg")


def test_fault_markers_on_the_curve(html: str) -> None:
    assert _figure(html, "knee_flexion_deg").count('class="fault-marker"') >= 3


def test_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""["'(]//""", html)  # no protocol-relative reference either
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert re.findall(r"<script[^>]*>", html) == ["<script>"]  # one inline script, no src
    assert all(src.startswith("data:") for src in re.findall(r'src="([^"]*)"', html))


def test_coaching_and_trend(faulty_set: Analysed, html: str) -> None:
    r = faulty_set.result
    assert r.broke_at_rep and f"Form broke at rep {r.broke_at_rep}" in html
    for line in r.drifted + r.advice:
        assert escape(line) in html
    for cue in {f.cue for rep in r.reps for f in rep.faults}:
        assert escape(cue) in html
    for cid, why in r.not_judged.items():
        assert escape(check_name(cid)) in html and escape(why) in html


def test_stills_inlined(faulty_set: Analysed) -> None:
    jpeg = b"\xff\xd8\xff\xe0fake-jpeg"
    html = render_html(faulty_set.result, stills={1: jpeg, 4: jpeg})
    imgs = re.findall(r'<img [^>]*src="data:image/jpeg;base64,([^"]+)"', html)
    assert len(imgs) == 2
    assert "Bottom position of each rep" not in render_html(faulty_set.result)


def test_text_is_escaped(faulty_set: Analysed) -> None:
    evil = "<script>alert('x')</script>"
    r = faulty_set.result.model_copy(
        update={
            "warnings": [evil],
            "source": f"/videos/{evil}.mp4",
            "not_judged": {"knee_valgus": evil},
            "fix_first": evil,
            "advice": [evil],
            "drifted": [evil],
        }
    )
    info = SetInfo(athlete=evil, load=evil, note=evil, set_number=2)
    html = render_html(r, info=info)
    assert "<script>alert" not in html and "</script>.mp4" not in html
    # fix-first, warning, not-judged, advice, drift, athlete, load, note, title (the footer
    # shows the source's file name: the part after the "/" of "</script>")
    assert html.count(escape(evil)) >= 9 and "script&gt;.mp4" in html
    assert re.findall(r"<script[^>]*>", html) == ["<script>"]  # only the report's own


def test_not_a_hinge_and_empty_series() -> None:
    rep = RepResult(
        index=1,
        counted=True,
        start_frame=0,
        bottom_frame=5,
        end_frame=10,
        start_s=0,
        bottom_s=0.5,
        end_s=1,
        lower_s=0.5,
        bottom_hold_s=0,
        rise_s=0.5,
        knee_flexion_max_deg=100,
        shin_angle_max_deg=30,
        torso_angle_min_deg=60,
        hip_flexion_max_deg=100,
    )
    r = SetResult(
        exercise="squat",
        exercise_detected=True,
        is_hinge=False,
        view="side",
        rep_count=1,
        reps=[rep],
        score=None,
        broke_at_rep=None,
        advice=["This is not a hip hinge: the knees lead."],
    )
    html = render_html(r)
    assert "Not a hinge" in html and "the knees lead" in html
    assert "Not measured in this side view: hip flexion, knee flexion" in html
    assert "<svg" not in html


def test_real_coco_result(tmp_path: Path) -> None:
    track = read_track(shared_data() / "keypoints_coco17" / "dl_bad005_yolo_coco17.csv")
    r = analyze_track(track)
    out = write_html(r, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    faults = {f.check for rep in r.reps for f in rep.faults}
    assert faults and all(escape(check_name(c)) in html for c in faults) and r.fix_first
    assert escape(r.fix_first) in html
    assert '<th scope="row">(2)</th>' in html  # the partial second pull
    assert "Back curvature" not in html  # COCO-17 has no back outline: no empty spine plot


def test_write_report_with_and_without_video(small_video: Video, tmp_path: Path) -> None:
    plain = write_report(small_video.result, tmp_path / "plain.html").read_text(encoding="utf-8")
    assert "data:image/jpeg" not in plain
    with_stills = write_report(
        small_video.result,
        tmp_path / "stills.html",
        video=small_video.path,
        track=small_video.track,
    ).read_text(encoding="utf-8")
    assert with_stills.count("data:image/jpeg;base64,") == len(small_video.result.reps)


def test_findings_in_words_under_each_rep(faulty_set: Analysed, html: str) -> None:
    for rep in faulty_set.result.reps:
        row_re = rf'<tr class="findings-row[^"]*" data-for="{rep.index}"[^>]*>(.*?)</tr>'
        m = re.search(row_re, html)
        assert m, rep.index
        row = m.group(1)
        for f in rep.faults:
            w = finding_words(f)
            assert escape(w.title) in row and escape(w.number) in row, (rep.index, f.check)
        assert ("clean" in row) == (rep.counted and not rep.faults)
