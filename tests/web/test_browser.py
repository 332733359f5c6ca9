"""The web app as a user drives it: headless Debian Chromium against a real server.

Real Uvicorn, the real spawned worker pool and the real pipeline (MediaPipe) on a real clip
from ../shared/data: sign up, upload, watch the progress bar move until the page opens the
report (the right rep count), open the athlete page and the rep comparison; a second account
cannot open the first one's report. Screenshots go to ``test-artifacts/web-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hingecoach.web.app import create_app
from hingecoach.web.settings import Settings
from tests.conftest import shared_data
from tests.web.browser import expect, launch, shot, sign_up
from tests.web.server import running

pytestmark = pytest.mark.e2e

#: The clip and its rep count from ../shared/data/README.md.
CLIP, CLIP_REPS = "dl_side_good.mp4", 1


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture
def base_url(settings: Settings) -> Iterator[str]:
    with running(create_app(settings)) as url:  # real process pool, real analysis
        yield url


def test_sign_up_upload_report_athlete_page_and_isolation(browser: Any, base_url: str) -> None:
    clip = shared_data() / "clips" / CLIP
    alice = browser.new_context(viewport={"width": 1280, "height": 860})
    page = alice.new_page()
    sign_up(page, base_url, "alice@example.com", "Alice")
    cookies = {c["name"]: c for c in alice.cookies()}
    assert cookies["hc_session"]["httpOnly"] and cookies["hc_session"]["secure"]
    assert cookies["hc_session"]["sameSite"] == "Lax"

    page.get_by_label("Exercise").select_option("conventional_deadlift")
    page.get_by_label("Load", exact=True).fill("100kg")
    page.locator("input[type=file]").set_input_files(str(clip))
    shot(page, "web-1-home")
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url("**/jobs/*")
    bar = page.locator("#job-progress")
    expect(bar).to_be_visible()
    seen = set()
    for _ in range(2400):  # the bar moves while MediaPipe works; the page opens the report
        if "/report" in page.url:
            break
        try:
            seen.add(float(bar.get_attribute("value", timeout=1000) or 0))
        except Exception:  # the page is navigating to the report
            continue
        page.wait_for_timeout(100)
    page.wait_for_url("**/sets/*/report", timeout=240_000)
    assert len(seen) >= 2 and max(seen) <= 1.0, f"progress never moved: {sorted(seen)}"
    facts = page.locator("#verdict .facts").inner_text()
    assert f"{CLIP_REPS} rep counted" in facts
    assert page.locator("tr.rep:not(.partial)").count() == CLIP_REPS
    shot(page, "web-3-report")
    report_url = page.url

    page.get_by_role("link", name="compare reps").click()
    expect(page.locator("#compare video")).to_have_count(2)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#compare video')].every(v => v.readyState >= 2)",
        timeout=15_000,
    )
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(600)
    assert float(page.locator("#phase").input_value()) > 0
    shot(page, "web-4-compare")

    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Alice").click()
    expect(page.get_by_role("heading", name="Form-limited load")).to_be_visible()
    expect(page.locator("#score-vs-load svg")).to_have_count(1)
    expect(page.locator("#sessions")).to_contain_text("100 kg")
    shot(page, "web-5-athlete")

    bob = browser.new_context(viewport={"width": 390, "height": 844})
    intruder = bob.new_page()
    sign_up(intruder, base_url, "bob@example.com", "Bob")
    response = intruder.goto(report_url)
    assert response is not None and response.status == 404
    expect(intruder.get_by_role("alert")).to_contain_text("no such set")
    shot(intruder, "web-6-other-account-404")
    alice.close()
    bob.close()


def test_a_renamed_pdf_is_refused_in_the_page(browser: Any, base_url: str, tmp_path: Path) -> None:
    fake = tmp_path / "my set.mp4"
    fake.write_bytes(b"%PDF-1.7\n" + b"0" * 2000)
    page = browser.new_context().new_page()
    sign_up(page, base_url, "carol@example.com", "Carol")
    page.locator("input[type=file]").set_input_files(str(fake))
    page.get_by_role("button", name="Upload and analyse").click()
    alert = page.locator("#upload-error")
    expect(alert).to_contain_text("my set.mp4: this is a PDF document, not a video")
    assert page.url.rstrip("/") == base_url
    shot(page, "web-7-pdf-refused")
    page.context.close()
