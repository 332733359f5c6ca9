"""The web app as a user drives it: headless Debian Chromium against a real server.

Real Uvicorn, the real spawned worker pool and the real pipeline (MediaPipe) on a real clip
from ../shared/data: sign up, upload, watch the progress bar reach done, read the report (the
right rep count), open the athlete page and the rep comparison; a second account cannot open
the first one's report. Screenshots go to ``test-artifacts/web-*.png``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hingecoach.web.app import create_app
from hingecoach.web.settings import Settings
from tests.conftest import shared_data
from tests.web.conftest import PASSWORD
from tests.web.server import running

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The clip and its rep count from ../shared/data/README.md.
CLIP, CLIP_REPS = "dl_side_good.mp4", 1

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = None
    if sync_playwright is None:
        why = "the playwright Python package is not installed"
    elif not (CHROMIUM.exists() and shutil.which(str(CHROMIUM))):
        why = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run under CI: {why}")
        pytest.skip(f"browser test skipped: {why}")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def base_url(settings: Settings) -> Iterator[str]:
    with running(create_app(settings)) as url:  # real process pool, real analysis
        yield url


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def _sign_up(page: Page, base_url: str, email: str, name: str) -> None:
    page.goto(f"{base_url}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()  # sign-up never signs in
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Upload a set")).to_be_visible()


def test_sign_up_upload_report_athlete_page_and_isolation(browser: Any, base_url: str) -> None:
    clip = shared_data() / "clips" / CLIP
    alice = browser.new_context(viewport={"width": 1280, "height": 860})
    page = alice.new_page()
    _sign_up(page, base_url, "alice@example.com", "Alice")
    cookies = {c["name"]: c for c in alice.cookies()}
    assert cookies["hc_session"]["httpOnly"] and cookies["hc_session"]["secure"]
    assert cookies["hc_session"]["sameSite"] == "Lax"

    page.get_by_label("Exercise").select_option("conventional_deadlift")
    page.get_by_label("Load", exact=True).fill("100kg")
    page.locator("input[type=file]").set_input_files(str(clip))
    _shot(page, "1-home")
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url("**/jobs/*")
    bar = page.locator("#job-progress")
    expect(bar).to_be_visible()
    seen = set()
    for _ in range(600):  # the bar moves while MediaPipe works (≤ 60 s)
        seen.add(float(bar.get_attribute("value") or 0))
        if page.locator("#job-status").text_content() in ("done", "failed"):
            break
        page.wait_for_timeout(100)
    _shot(page, "2-job-done")
    expect(page.locator("#job-status")).to_have_text("done")
    assert max(seen) <= 1.0 and len(seen) >= 2, f"progress never moved: {sorted(seen)}"
    assert float(bar.get_attribute("value") or 0) == pytest.approx(1.0)

    page.get_by_role("link", name="Open the report").click()
    page.wait_for_url("**/sets/*/report")
    facts = page.locator("#verdict .facts").inner_text()
    assert f"{CLIP_REPS} rep counted" in facts
    assert page.locator("tr.rep:not(.partial)").count() == CLIP_REPS
    _shot(page, "3-report")
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
    _shot(page, "4-compare")

    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Alice").click()
    expect(page.get_by_role("heading", name="Form-limited load")).to_be_visible()
    expect(page.locator("#score-vs-load svg")).to_have_count(1)
    expect(page.locator("#sessions")).to_contain_text("100 kg")
    _shot(page, "5-athlete")

    bob = browser.new_context(viewport={"width": 390, "height": 844})
    intruder = bob.new_page()
    _sign_up(intruder, base_url, "bob@example.com", "Bob")
    response = intruder.goto(report_url)
    assert response is not None and response.status == 404
    expect(intruder.get_by_role("alert")).to_contain_text("no such set")
    _shot(intruder, "6-other-account-404")
    alice.close()
    bob.close()


def test_a_renamed_pdf_is_refused_in_the_page(browser: Any, base_url: str, tmp_path: Path) -> None:
    fake = tmp_path / "my set.mp4"
    fake.write_bytes(b"%PDF-1.7\n" + b"0" * 2000)
    page = browser.new_context().new_page()
    _sign_up(page, base_url, "carol@example.com", "Carol")
    page.locator("input[type=file]").set_input_files(str(fake))
    page.get_by_role("button", name="Upload and analyse").click()
    alert = page.locator("#upload-error")
    expect(alert).to_contain_text("my set.mp4: this is a PDF document, not a video")
    assert page.url.rstrip("/") == base_url
    _shot(page, "7-pdf-refused")
    page.context.close()
