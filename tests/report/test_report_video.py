"""The report's header, its video with the rep timeline, and what it never shows (ids, schema)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import av
import numpy as np
import pytest

from hingecoach.checks.registry import BY_ID
from hingecoach.report.embed import EmbeddedVideo, embed_video, filmed_at
from hingecoach.report.html import SetInfo, render_html, write_report
from tests.report.conftest import Analysed, Video


class _Text(HTMLParser):
    """The page's visible text and attribute values a reader sees (titles, alt text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v or "" for k, v in attrs if k in ("title", "alt", "aria-label")]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _seen(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def test_no_check_ids_or_schema_on_the_page(faulty_set: Analysed) -> None:
    text = _seen(render_html(faulty_set.result))
    assert faulty_set.result.fix_first and faulty_set.result.fix_first in text
    ids = [cid for cid in BY_ID if cid in text]
    assert not ids, ids
    assert "schema" not in text.lower()
    assert "Units" in text and "degrees" in text and "centimetres" in text
    assert " bl" not in text  # body lengths are said in cm


def test_header_shows_what_is_known(faulty_set: Analysed) -> None:
    info = SetInfo(
        athlete="Sam",
        load="225lb",
        set_number=3,
        note="belt on",
        filmed=dt.datetime(2026, 11, 30, 9, 5),
        analysed=dt.datetime(2026, 12, 1, 18, 30),
    )
    html = render_html(faulty_set.result, info=info)
    head = re.search(r'<ul class="set-head" id="set-head">(.*?)</ul>', html, re.S)
    assert head
    items = re.findall(r'<li class="(\w+)">[^<]*<b>([^<]*)</b></li>', head.group(1))
    assert items == [
        ("athlete", "Sam"),
        ("set", "3"),
        ("load", "102.1 kg (225lb)"),
        ("filmed", "2026-11-30 09:05"),
        ("analysed", "2026-12-01 18:30"),
        ("note", "belt on"),
    ]
    assert "<title>Sam · Romanian deadlift" in html
    assert 'id="set-head"' not in render_html(faulty_set.result)  # nothing known: no header


def test_video_with_rep_timeline(small_video: Video, tmp_path: Path) -> None:
    out = write_report(
        small_video.result,
        tmp_path / "report.html",
        video=small_video.path,
        track=small_video.track,
        annotated=small_video.path,
    )
    html = out.read_text(encoding="utf-8")
    (src,) = re.findall(r'<video id="set-video"[^>]* src="([^"]+)"', html)
    inline = base64.b64encode(small_video.path.read_bytes()).decode("ascii")
    assert src == f"data:video/mp4;base64,{inline}"
    reps = small_video.result.reps
    marks = re.findall(r'<button type="button" class="mark[^"]*" data-rep="(\d+)"[^>]*>', html)
    assert [int(m) for m in marks] == [r.index for r in reps]
    for r in reps:  # every row and every mark seeks to its rep's start
        assert html.count(f'data-seek="{r.start_s:.2f}"') >= 3  # mark, rep row, findings row
    faulted = [r.index for r in reps if r.counted and r.faults]
    assert len(re.findall(r'class="rep-link" data-seek=', html)) >= len(faulted) > 0
    assert re.search(r'<li class="analysed">Analysed <b>\d{4}-\d\d-\d\d', html)


def test_large_video_is_linked_next_to_the_report(small_video: Video, tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir()
    linked = embed_video(report, source=small_video.path, max_inline_bytes=1000)
    assert linked is not None and not linked.src.startswith("data:")
    assert (report.parent / linked.src).resolve() == small_video.path.resolve()
    assert "too large" in linked.note and "relative to this report" in linked.note
    html = render_html(small_video.result, video=linked)
    assert f'src="{linked.src}"' in html and "too large" in html
    assert embed_video(report) is None  # a keypoint file: no video
    odd = tmp_path / "clip.avi"
    odd.write_bytes(b"x")
    shown = embed_video(report, source=odd)
    assert shown == EmbeddedVideo("", "The video (clip.avi) is in a format browsers do not play.")
    assert "<video" not in render_html(small_video.result, video=shown)
    assert "format browsers do not play" in render_html(small_video.result, video=shown)


def test_no_video_no_player(faulty_set: Analysed) -> None:
    body = render_html(faulty_set.result).split("<script>")[0]
    assert "<video" not in body and 'class="timeline"' not in body and "data-seek" not in body


def _mp4_with_creation_time(path: Path, stamp: str | None) -> Path:
    with av.open(str(path), "w") as out:
        if stamp is not None:
            out.metadata["creation_time"] = stamp
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        stream.time_base = Fraction(1, 30)
        for i in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            frame.pts = i
            for p in stream.encode(frame):
                out.mux(p)
        for p in stream.encode():
            out.mux(p)
    return path


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-11-30T09:05:00.000000Z", dt.datetime(2026, 11, 30, 9, 5, tzinfo=dt.UTC)),
        ("1970-01-01T00:00:00.000000Z", None),  # an encoder's zero date
        (None, None),
    ],
)
def test_filmed_at_from_the_container(
    tmp_path: Path, stamp: str | None, expected: dt.datetime | None
) -> None:
    when = filmed_at(_mp4_with_creation_time(tmp_path / "c.mp4", stamp))
    assert when == expected
    assert filmed_at(tmp_path / "missing.mp4") is None
