"""Issue 14's walk at a phone's width (390 px) and a laptop's (1280 px), in real Chromium.

Sign up → upload the shortest shared clip (with a note and the day it was filmed) → the job
page's stages → the report it opens with the video first → compare reps → the athlete page,
with the log-in, sign-up and error pages on the way. Every page must fit its window (no
horizontal overflow), the report must carry the video, the athlete page's report and compare
links must be on screen, and the compare page must line the reps up on their phases. Real
Uvicorn, the spawned worker pool and MediaPipe; screenshots go to ``test-artifacts/walk-*.png``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import pytest

from hingecoach.web.app import create_app
from hingecoach.web.settings import load_settings
from tests.conftest import shared_data
from tests.web.browser import ARTIFACTS, assert_fits, expect, launch, shot, sign_up
from tests.web.server import running

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)
#: Narrower windows than this are phones: their pages are also checked at 360 and 430 px.
PHONE_MAX = 600
FILMED = dt.date(2026, 11, 28)
NOTE = "belt on, felt heavy off the floor"


def _seconds(clip: Path) -> float:
    with av.open(str(clip)) as container:
        return float(container.duration or 0) / 1e6


@pytest.fixture(scope="module")
def clip() -> Path:
    """The shortest clip of the shared set (read at test time: the folder may change)."""
    clips = sorted((shared_data() / "clips").glob("*.mp4"), key=_seconds)
    assert clips, "no clips in the shared data folder"
    return clips[0]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("walk")
    settings = load_settings(
        db_url=f"sqlite:///{root / 'web.sqlite3'}", data_dir=root / "data", secret="walk-secret"
    )
    with running(create_app(settings)) as url:  # real process pool, real analysis
        yield url


def _fits(page: Any, what: str) -> None:
    """No horizontal overflow at the window's width; at a phone's, also at 360 and 430 px."""
    size = page.viewport_size
    assert_fits(page, what)
    if size["width"] < PHONE_MAX:
        for width in (360, 430):
            page.set_viewport_size({"width": width, "height": size["height"]})
            assert_fits(page, f"{what} at {width} px")
        page.set_viewport_size(size)


def _on_screen(page: Any, locator: Any, width: int) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def _job_page(page: Any, name: str) -> list[str]:
    """Follow the job page until it opens the report; the stages it showed, in order."""
    seen: list[str] = []
    for _ in range(2400):
        if "/report" in page.url:
            break
        try:
            current = page.locator("#job-stages li.current").first.get_attribute(
                "data-step", timeout=500
            )
        except Exception:  # the page is on its way to the report
            continue
        if current and (not seen or seen[-1] != current):
            seen.append(current)
            shot(page, f"{name}-3-job-{len(seen)}-{current}")
            _fits(page, f"the job page ({current})")
        page.wait_for_timeout(100)
    page.wait_for_url("**/sets/*/report", timeout=900_000)  # a hang guard, not a speed limit
    return seen


@pytest.mark.parametrize("width", WIDTHS)
def test_walk_sign_up_upload_report_compare(
    browser: Any, base_url: str, clip: Path, width: int
) -> None:
    name = f"walk-{width}"
    for old in ARTIFACTS.glob(f"{name}-*.png"):  # this run's screenshots only
        old.unlink()
    height = 844 if width < PHONE_MAX else 860
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    blocked: list[str] = []  # the Content Security Policy must not block our own pages
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{base_url}/signup")
    _fits(page, "the sign-up page")
    shot(page, f"{name}-0-signup")
    sign_up(page, base_url, f"walker{width}@example.com", f"Walker {width}")
    page.goto(f"{base_url}/login")
    _fits(page, "the log-in page")
    page.goto(f"{base_url}/")

    page.get_by_label("Load", exact=True).fill("60kg")
    page.get_by_label("Filmed on").fill(FILMED.isoformat())
    page.get_by_label("Note").fill(NOTE)
    page.locator("input[type=file]").set_input_files(str(clip))
    _fits(page, "the home page")
    shot(page, f"{name}-1-home")
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url("**/jobs/*")
    expect(page.locator("#job-stages li")).to_have_count(7)
    shot(page, f"{name}-2-job")
    job_id = page.url.rstrip("/").split("/")[-1]
    seen = _job_page(page, name)
    order = ["queued", "starting", "pose", "analysing", "video", "report", "saving"]
    assert seen == sorted(seen, key=order.index), f"stages out of order: {seen}"
    job = page.request.get(f"{base_url}/api/jobs/{job_id}").json()
    assert job["step"] == "done" and job["frames_total"] and job["frames_per_s"] > 0, job

    # The report, video first, with the set's note and date.
    video = page.locator("#set-video")
    expect(video).to_have_count(1)
    page.wait_for_function("() => document.getElementById('set-video').readyState >= 1")
    assert page.evaluate("document.getElementById('set-video').duration") > 0
    expect(page.locator("body")).to_contain_text(NOTE)
    mark = page.locator(".timeline .mark").last  # the report's own script seeks the video
    start_s = float(mark.get_attribute("data-start") or "nan")
    to_end = "() => { const v = document.getElementById('set-video'); v.currentTime = v.duration; }"
    page.evaluate(to_end)
    page.wait_for_function("() => document.getElementById('set-video').currentTime > 0.5")
    mark.click()
    page.wait_for_function(
        "(t) => Math.abs(document.getElementById('set-video').currentTime - t) < 0.2", arg=start_s
    )
    _fits(page, "the report")
    shot(page, f"{name}-4-report")
    set_id = page.url.rstrip("/").split("/")[-2]

    # Compare: at the slider's bottom mark both reps are at their own bottom.
    page.get_by_role("link", name="compare reps").click()
    expect(page.locator("#compare video")).to_have_count(2)
    reps = json.loads(page.locator("#compare").get_attribute("data-reps") or "[]")
    by_index = {r["index"]: r for r in reps}
    rep_a = by_index[int(page.locator("#compare").get_attribute("data-a") or 0)]
    rep_b = by_index[int(page.locator("#compare").get_attribute("data-b") or 0)]
    u_bottom = page.evaluate("window.hingecoachCompare.uBottom")
    for side, rep in (("a", rep_a), ("b", rep_b)):
        time_at = f"(u) => window.hingecoachCompare.timeAt('{side}', u)"
        at = [page.evaluate(time_at, u) for u in (0, u_bottom, 1)]
        assert at == pytest.approx(rep["marks"], abs=1e-6), (side, at, rep["marks"])
    page.wait_for_function(
        "() => [...document.querySelectorAll('#compare video')].every(v => v.readyState >= 2)",
        timeout=120_000,  # a hang guard: a busy machine loads slowly
    )
    expect(page.locator("main")).to_contain_text("lined up on their phases")
    _fits(page, "the compare page")
    shot(page, f"{name}-5-compare")

    # The athlete page: the set under the day it was filmed, its note, links on screen.
    page.goto(f"{base_url}/")
    page.get_by_role("link", name=f"Walker {width}").first.click()
    expect(page.locator("#sessions")).to_contain_text(FILMED.isoformat())
    expect(page.locator("#sessions")).to_contain_text(NOTE)
    _fits(page, "the athlete page")
    for link in ("report", "compare reps"):
        target = page.locator(f"#sessions a[href='/sets/{set_id}/{link.split()[0]}']")
        target.scroll_into_view_if_needed()
        _on_screen(page, target, width)
    shot(page, f"{name}-6-athlete")

    # Home again: the finished upload in the list, its report link on screen.
    page.goto(f"{base_url}/")
    _fits(page, "the home page with an upload")
    _on_screen(page, page.locator("li.job a.report-link").first, width)
    shot(page, f"{name}-7-home-after")

    # An error page.
    response = page.goto(f"{base_url}/sets/999999/report")
    assert response is not None and response.status == 404
    _fits(page, "the error page")
    shot(page, f"{name}-8-error")
    assert not blocked, blocked
    context.close()
