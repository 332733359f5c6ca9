"""The self-test page on a phone: upload with a wall test in Chromium at 390 px, read the result.

Real Uvicorn and real Chromium; the fake analyser stands in for MediaPipe (a synthetic set), so
the page the job opens is the real self-test page of the engine's reps. The page must fit the
phone (no horizontal overflow), also at 360 px; so must the CLI's ``--report`` file, opened from
disk. Screenshots: ``test-artifacts/selftest-390.png``, ``selftest-file-390.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from hingecoach.selftest.report import write_report
from hingecoach.selftest.run import prepare, run_practice
from hingecoach.synth.generate import generate_set
from hingecoach.synth.spec import FaultSpec, SynthSpec
from hingecoach.web.app import create_app
from hingecoach.web.settings import Settings
from tests.web.browser import assert_fits, expect, launch, shot, sign_up
from tests.web.conftest import Clip
from tests.web.fakes import fake_analyze
from tests.web.server import running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture
def base_url(settings: Settings) -> Iterator[str]:
    app = create_app(
        settings, analyzer=fake_analyze, make_executor=lambda: ThreadPoolExecutor(max_workers=1)
    )
    with running(app) as url:
        yield url


def test_wall_test_page_fits_a_phone(browser: Any, base_url: str, tiny_clip: Clip) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_up(page, base_url, "pia@example.com", "Pia")
    page.locator("details.selftest-fields summary").click()
    page.get_by_label("Self-test").select_option("wall")
    page.get_by_label("Your height, m").fill("1.68")
    page.get_by_label("Wall distance, cm").fill("9")
    assert_fits(page, "the upload form with the self-test open")
    page.locator("input[type=file]").set_input_files(str(tiny_clip.path))
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url("**/jobs/*/selftest", timeout=600_000)  # the job page opens it when done
    expect(page.locator("#selftest-wall h2")).to_contain_text("Wall test (9 cm)")
    expect(page.locator("#selftest-wall table tr")).to_have_count(4)  # header + 3 reps
    expect(page.get_by_role("link", name="JSON")).to_be_visible()
    shot(page, "selftest-390")
    assert_fits(page, "the self-test page at 390 px")
    page.set_viewport_size({"width": 360, "height": 780})
    assert_fits(page, "the self-test page at 360 px")
    context.close()


def test_practice_report_file_fits_a_phone_offline(browser: Any, tmp_path: Path) -> None:
    spec = SynthSpec(exercise="hinge_drill", reps=4, faults=(FaultSpec("knees_forward", 3),))
    result = run_practice(prepare(generate_set(spec).track), height_m=1.75, reps_asked=4)
    path = write_report(
        result.model_copy(update={"source": "x" * 120 + ".mp4"}), tmp_path / "p.html"
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True)
    page = context.new_page()
    page.goto(path.as_uri())
    expect(page.locator("#selftest-practice table tr")).to_have_count(5)  # header + 4 reps
    shot(page, "selftest-file-390")
    assert_fits(page, "the practice report file at 390 px")
    context.close()
