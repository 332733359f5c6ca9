"""One self-contained HTML report of a set: header, verdict, video, reps, plots, stills, advice.

The file is meant to be sent to a phone or kept next to the video, so it carries everything:
the shared stylesheet and the report's small script inline, inline SVG plots
(:mod:`hingecoach.report.plots`), the rep stills as base64 JPEG and the video as base64 when it is
small enough (:mod:`hingecoach.report.embed`). It references nothing outside itself — no fonts,
scripts or CDNs — except a too-large video, linked by a relative path next to the file.

The page is rendered from the Jinja2 templates in :mod:`hingecoach.templates` (autoescaped: every
piece of text from the result, which may echo a file name or a user's profile, is escaped); what
it says is worked out in :mod:`hingecoach.report.view`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hingecoach.models import PoseTrack, SetResult
from hingecoach.report.embed import EmbeddedVideo, embed_video, filmed_at
from hingecoach.report.view import SetInfo, rep_columns, report_view
from hingecoach.report.words import exercise_name, limit_text
from hingecoach.templates import environment, script, stylesheet

__all__ = [
    "SetInfo",
    "exercise_name",
    "limit_text",
    "render_html",
    "rep_columns",
    "write_html",
    "write_report",
]


def render_html(
    result: SetResult,
    *,
    stills: dict[int, bytes] | None = None,
    info: SetInfo | None = None,
    video: EmbeddedVideo | None = None,
) -> str:
    """The whole report as one HTML document (a string).

    Args:
        result: the analysed set.
        stills: rep index → JPEG of its bottom position (see
            :func:`hingecoach.report.stills.bottom_stills`); None leaves the stills out.
        info: athlete, load, set number, dates for the header; None leaves the header out.
        video: the video to show with the rep timeline (:func:`embed_video`); None for none.
    """
    view = report_view(result, stills=stills, info=info, video=video)
    page = environment().get_template("report.html")
    return page.render(r=view, css=stylesheet(), js=script("report.js"))


def write_html(
    result: SetResult,
    path: str | Path,
    *,
    stills: dict[int, bytes] | None = None,
    info: SetInfo | None = None,
    video: EmbeddedVideo | None = None,
) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return it as a Path."""
    out = Path(path)
    out.write_text(render_html(result, stills=stills, info=info, video=video), encoding="utf-8")
    return out


def write_report(
    result: SetResult,
    path: str | Path,
    *,
    video: str | Path | None = None,
    track: PoseTrack | None = None,
    annotated: str | Path | None = None,
    info: SetInfo | None = None,
) -> Path:
    """The HTML report, with the video, its rep timeline and stills when there was a video.

    One call for the CLI and the web app: keypoint files (no pixels) get the report without
    stills or video; videos get one still per rep and the annotated video (written before the
    report) or else the source video, inline when small (see :mod:`hingecoach.report.embed`).

    Args:
        result: the analysed set.
        path: the report file to write.
        video: the source video, when the set came from one.
        track: its pose track (for the stills).
        annotated: the annotated video, when one was written.
        info: athlete, load, set number and note for the header; the dates are filled in here
            (filmed from the video's metadata, analysed now) when not given.

    Raises:
        InputError: the video cannot be decoded for the stills.
    """
    out = Path(path)
    src = None if video is None else Path(video)
    stills = None
    if src is not None and track is not None:
        from hingecoach.report.stills import bottom_stills  # OpenCV/PyAV only when needed

        stills = bottom_stills(src, track, result)
    info = info or SetInfo()
    filmed = info.filmed if info.filmed is not None or src is None else filmed_at(src)
    analysed = info.analysed or dt.datetime.now().astimezone()
    info = SetInfo(info.athlete, info.load, info.set_number, info.note, filmed, analysed)
    done = None if annotated is None else Path(annotated)
    embedded = embed_video(out, annotated=done, source=src)
    return write_html(result, out, stills=stills, info=info, video=embedded)
