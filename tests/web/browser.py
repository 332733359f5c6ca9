"""Headless Debian Chromium driven by Playwright, for the browser tests; screenshots kept.

Screenshots go to ``test-artifacts/`` at the repository root (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD

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

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = expect = None  # type: ignore[assignment]


def launch() -> Iterator[Any]:
    """A headless Chromium for a module's tests; skips (fails under CI) when it cannot run."""
    why = None
    if sync_playwright is None:
        why = "the playwright Python package is not installed"
    elif not (CHROMIUM.exists() and shutil.which(str(CHROMIUM))):
        why = f"{CHROMIUM} is not installed (scripts/system_deps.sh installs it)"
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


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot ``test-artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_up(page: Page, base_url: str, email: str, name: str) -> None:
    """Sign up, then log in (sign-up never signs in) and land on the home page."""
    page.goto(f"{base_url}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Upload a set")).to_be_visible()


#: Elements wider than the window, outside any box that scrolls sideways: ``[]`` when none.
OVERFLOW_JS = """() => {
  const w = document.documentElement.clientWidth, out = [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > w + 1 || r.left < -1) && !scrolls(el)) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && el.className.baseVal === undefined ? '.' + el.className : '') +
               ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  return {page: document.documentElement.scrollWidth, window: w, wide: out.slice(0, 8)};
}"""


def assert_fits(page: Page, what: str) -> None:
    """No horizontal overflow: the page is no wider than the window, and no element sticks out."""
    got = page.evaluate(OVERFLOW_JS)
    assert got["page"] <= got["window"] and not got["wide"], f"{what} overflows: {got}"
