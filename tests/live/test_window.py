"""The coaching window really shows: run ``live`` with its window under Xvfb and screenshot it.

Xvfb (Debian package ``xvfb``) is started by the test with ``-fbdir``, which keeps its screen in
a file in XWD format — the screenshot is read straight from the X server's framebuffer.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from hingecoach.video.overlay import DOWEL_RGB
from tests.live._clips import clip_path

pytestmark = pytest.mark.e2e

RUN_LIVE = """
import sys, typer
from hingecoach.cli.live import register
app = typer.Typer()
@app.callback()
def main() -> None:
    pass
register(app)
app(sys.argv[1:])
"""


def read_xwd(path: Path) -> np.ndarray:
    """``(H, W, 3)`` RGB pixels of a 24/32-bit TrueColor XWD file (as Xvfb -fbdir writes)."""
    data = path.read_bytes()
    head = struct.unpack(">25I", data[:100])
    header_size, width, height = head[0], head[4], head[5]
    bits_per_pixel, bytes_per_line, n_colors = head[11], head[12], head[19]
    assert bits_per_pixel == 32, f"expected a 32-bit framebuffer, got {bits_per_pixel}"
    px = np.frombuffer(
        data, np.uint8, offset=header_size + 12 * n_colors, count=height * bytes_per_line
    )
    bgrx = px.reshape(height, bytes_per_line)[:, : width * 4].reshape(height, width, 4)
    return bgrx[..., 2::-1].copy()


def free_display() -> int:
    for n in range(90, 200):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb(tmp_path: Path):  # type: ignore[no-untyped-def]
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb missing under CI: scripts/system_deps.sh installs xvfb")
        pytest.skip("Xvfb not installed (apt-get install xvfb)")
    n = free_display()
    fb = tmp_path / "fb"
    fb.mkdir()
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1024x768x24", "-fbdir", str(fb), "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.1)
    try:
        yield f":{n}", fb / "Xvfb_screen0"
    finally:
        proc.terminate()
        proc.wait(5)


def test_window_shows_the_overlay_under_xvfb(xvfb: tuple[str, Path], tmp_path: Path) -> None:
    display, screen = xvfb
    clip = clip_path("dl_side_full_rep")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "GLOG_minloglevel": "2"}
    # Frame by frame, not --realtime: a busy machine must not drop the frames the set needs.
    args = ["live", "--source", str(clip), "--replay-delay", "0.5"]
    args += ["--exercise", "conventional_deadlift", "--skip-capture-check"]
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_LIVE, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    best, best_score = None, -1
    while proc.poll() is None:
        time.sleep(0.25)
        shot = read_xwd(screen)
        score = int(np.all(np.abs(shot.astype(int) - DOWEL_RGB) <= 12, axis=2).sum())
        if score > best_score:
            best, best_score = shot, score
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-2000:]
    assert "1 reps" in out or "rep 1" in out
    assert "dropped" not in out + err  # frame by frame: however busy the machine, none dropped
    assert best is not None
    import cv2

    cv2.imwrite(str(tmp_path / "screenshot.png"), cv2.cvtColor(best, cv2.COLOR_RGB2BGR))
    distinct = len(np.unique(best.reshape(-1, 3), axis=0))
    assert best.std() > 20 and distinct > 2000, "the screenshot is blank"
    assert best_score > 30, "no dowel line drawn in the window"
