"""The HTML report in a real browser (headless Debian Chromium), on a phone and on a laptop.

String checks cannot tell whether a plot actually draws, a table pushes the page sideways on a
phone, chart text shrinks below reading size or a rep row really seeks the video; a browser can.
Screenshots go to ``test-artifacts/`` (kept out of git) for a human to look at.

Locally the test skips when Chromium or Playwright is missing; under CI (``CI`` set) it must run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hingecoach.report.embed import EmbeddedVideo
from hingecoach.report.html import SetInfo, render_html, write_report
from hingecoach.report.progress import render_progress_html
from hingecoach.store import athlete_history, open_store, save_result
from tests.report.conftest import Video
from tests.store._results import make_result

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"phone": (390, 844), "laptop": (1280, 800)}
#: Smallest rendered chart text, CSS pixels, at any width.
MIN_CHART_TEXT_PX = 11.0
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]


def _missing() -> str | None:
    if sync_playwright is None:
        return "the playwright Python package is not installed"
    if not (CHROMIUM.exists() and shutil.which(str(CHROMIUM))):
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run under CI: {why}")
        pytest.skip(f"browser test skipped: {why}")
    assert sync_playwright is not None
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def report(small_video: Video, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    info = SetInfo(athlete="Sam O'Neil", load="100kg", set_number=2, note="belt on")
    return write_report(
        small_video.result,
        out,
        video=small_video.path,
        track=small_video.track,
        annotated=small_video.path,
        info=info,
    )


#: Per plot over time: its bounding box and the on-screen length of its polylines (user units ×
#: scale); ``BAR_PATH_JS`` the same for the bar path's runs (one per rep, not the whole set).
PLOT_GEOMETRY_JS = """
() => [...document.querySelectorAll('svg.plot:not(.bar-path)')].map(svg => {
  const r = svg.getBoundingClientRect();
  const scale = r.width / svg.viewBox.baseVal.width;
  const lines = [...svg.querySelectorAll('polyline.series')];
  const length = lines.reduce((s, p) => s + p.getTotalLength(), 0) * scale;
  return {w: r.width, h: r.height, lines: lines.length, length};
})
"""

BAR_PATH_JS = PLOT_GEOMETRY_JS.replace("svg.plot:not(.bar-path)", "svg.bar-path").replace(
    "polyline.series", "polyline.bar-run"
)

#: Rendered font size of every chart text (SVG user units × the SVG's scale), CSS pixels.
CHART_TEXT_JS = """
() => [...document.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale};
})
"""

#: Elements sticking out of the viewport sideways, except inside the table's scroll wrapper.
OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-wrap') && !el.classList.contains('table-wrap')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > vw + 1 || r.left < -1)) {
      bad.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} ` +
               `${Math.round(r.left)}..${Math.round(r.right)} > ${vw}`);
    }
  }
  return {bad, scrollWidth: document.documentElement.scrollWidth, vw};
}
"""


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_report_renders(browser: Any, report: Path, small_video: Video, device: str) -> None:
    w, h = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": w, "height": h})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    result = small_video.result

    assert page.locator("#verdict .score b").inner_text() == str(result.score)
    assert page.locator("#fix-first p.cue").is_visible()
    assert page.locator("table.reps tbody tr.rep").count() == len(result.reps)
    assert page.locator("td.bad").count() >= 2
    assert page.locator(".stills img").count() == len(result.reps)
    assert all(
        page.locator(".stills img").nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
        for i in range(len(result.reps))
    )

    plots = page.evaluate(PLOT_GEOMETRY_JS)
    assert len(plots) >= 5
    for p in plots:
        assert p["w"] > 200 and p["h"] > 80, p
        assert p["lines"] >= 1 and p["length"] > 0.8 * p["w"], p  # spans the set, not a stub
    (bar,) = page.evaluate(BAR_PATH_JS)
    assert bar["w"] > 200 and bar["h"] > 80, bar
    assert bar["lines"] >= sum(r.counted for r in result.reps), bar
    assert bar["length"] > 0.3 * bar["h"], bar  # each rep travels down and up

    texts = page.evaluate(CHART_TEXT_JS)
    assert texts
    small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX]
    assert not small, small[:5]

    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["vw"], overflow
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert not overflow["bad"], overflow["bad"][:10]
    assert all(u.startswith(("file:", "data:")) for u in requests), requests

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{device}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_report_video_seeks_and_stills_enlarge(
    browser: Any, report: Path, small_video: Video, device: str
) -> None:
    w, h = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    result = small_video.result

    head = page.locator("#set-head").inner_text()
    assert "Sam O'Neil" in head and "100 kg" in head and "Set 2" in head.replace("\n", " ")
    video = page.locator("#set-video")
    page.wait_for_function("document.getElementById('set-video').readyState >= 1")
    duration = video.evaluate("v => v.duration")
    assert duration == pytest.approx(small_video.track.t_s[-1], abs=0.2)
    assert page.locator(".timeline .mark").count() == len(result.reps)

    rep = result.reps[2]
    page.locator(f'tr[data-rep="{rep.index}"] td').first.click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('set-video').currentTime - {rep.start_s}) < 0.5"
    )
    video.evaluate("v => v.pause()")
    last = result.reps[-1]
    page.locator(f'.timeline .mark[data-rep="{last.index}"]').click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('set-video').currentTime - {last.start_s}) < 0.5"
    )
    video.evaluate("v => v.pause()")
    box = page.locator(f'.timeline .mark[data-rep="{last.index}"]').bounding_box()
    line = page.locator(".timeline").bounding_box()
    assert box and line
    assert box["x"] - line["x"] == pytest.approx(line["width"] * last.start_s / duration, abs=3)

    page.locator(".stills img").first.click()
    zoom = page.locator("dialog#zoom")
    assert zoom.is_visible()
    big = zoom.locator("img").bounding_box()
    small = page.locator(".stills img").first.bounding_box()
    assert big and small and big["width"] > 1.5 * small["width"]
    page.screenshot(path=str(ARTIFACTS / f"report-{device}-still.png"))
    page.keyboard.press("Escape")
    assert not zoom.is_visible()
    page.close()


@pytest.fixture(scope="module")
def progress_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A progress page of three days, two exercises, loads in kg and lb, long notes."""
    folder = tmp_path_factory.mktemp("progress")
    name = "Alexandra Konstantinopoulou-Whitfield"
    with open_store(f"sqlite:///{folder / 'h.sqlite3'}") as store:
        for i, (load, result) in enumerate(
            (
                ("60kg", make_result()),
                ("100kg", make_result(faults={r: ["knee_bend"] for r in (3, 4)}, broke_at_rep=3)),
                ("225lb", make_result(faults={1: ["head_neutral"]}, broke_at_rep=1)),
                ("80kg", make_result(exercise="conventional_deadlift")),
            )
        ):
            save_result(
                store,
                athlete=name,
                result=result,
                load=load,
                set_number=None,
                note="a long note about the grip, the belt and how the last rep felt " * (i % 2),
                performed_at=dt.datetime(2026, 11, 20 + 3 * i, 18, 0, tzinfo=dt.UTC),
            )
        page = render_progress_html(athlete_history(store, athlete=name))
    out = folder / "progress.html"
    out.write_text(page, encoding="utf-8")
    return out


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_progress_page_fits(browser: Any, progress_page: Path, device: str) -> None:
    w, h = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": w, "height": h})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(progress_page.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("svg.progress-chart").count() == 3  # two exercises + the timeline
    texts = page.evaluate(CHART_TEXT_JS)
    small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX]
    assert texts and not small, small[:5]
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["vw"], overflow
    assert not overflow["bad"], overflow["bad"][:10]
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"progress-{device}.png"), full_page=True)
    page.close()


def test_report_says_when_the_video_cannot_play(
    browser: Any, small_video: Video, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    out.write_text(
        render_html(small_video.result, video=EmbeddedVideo("missing.mp4")), encoding="utf-8"
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(out.as_uri())
    note = page.locator("#video .video-note")
    note.wait_for()
    assert "cannot play the video" in note.inner_text()
    page.close()


@pytest.mark.parametrize("width", [360, 430])
def test_narrow_and_wide_phones_do_not_overflow(
    browser: Any, report: Path, progress_page: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    for doc in (report, progress_page):
        page.goto(doc.as_uri())
        page.wait_for_load_state("load")
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["scrollWidth"] <= overflow["vw"], (doc.name, overflow)
        assert not overflow["bad"], (doc.name, overflow["bad"][:10])
    page.close()
