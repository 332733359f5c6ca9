"""The video the report embeds, and when the set was filmed.

The report opens offline as one file, so a video goes inside it as base64 when it is small
enough: up to :data:`INLINE_VIDEO_MAX_BYTES` (8 MB, about 11 MB of base64; a phone opens such a
page in a second or two). A larger video is linked by its path relative to the report, with a
note to keep the two files together; the web app keeps the annotated video next to the report,
so the same link plays there too. The annotated video is preferred (it shows what was measured),
else the source video.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hingecoach.models import SetResult

#: Largest video put inside the report as base64, bytes.
INLINE_VIDEO_MAX_BYTES = 8 * 1024 * 1024
#: Media types browsers play, by file suffix; a .mov of H.264 plays as mp4.
MEDIA_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/mp4", ".webm": "video/webm"}


@dataclass(frozen=True)
class EmbeddedVideo:
    """How the report shows the video.

    Attributes:
        src: a ``data:`` URI or a relative link for the ``<video>`` element; empty when the
            video cannot be shown (then ``note`` says why).
        note: a line for the reader under the video, e.g. to keep a linked file next to the
            report; empty when there is nothing to say.
    """

    src: str
    note: str = ""


def embed_video(
    report: Path,
    *,
    annotated: Path | None = None,
    source: Path | None = None,
    max_inline_bytes: int = INLINE_VIDEO_MAX_BYTES,
) -> EmbeddedVideo | None:
    """The video for the report written to ``report``: inline when small, else linked.

    Args:
        report: where the report will be written (links are relative to its folder).
        annotated: the annotated video, when one was written.
        source: the source video, when the set came from one.
        max_inline_bytes: largest video inlined as base64.

    Returns:
        None when there is no video (a keypoint file), else how to show it.
    """
    video = next((v for v in (annotated, source) if v is not None and v.is_file()), None)
    if video is None:
        return None
    what = "annotated video" if video == annotated else "video"
    media = MEDIA_TYPES.get(video.suffix.lower())
    if media is None:
        return EmbeddedVideo("", f"The {what} ({video.name}) is in a format browsers do not play.")
    size = video.stat().st_size
    if size <= max_inline_bytes:
        data = base64.b64encode(video.read_bytes()).decode("ascii")
        return EmbeddedVideo(f"data:{media};base64,{data}")
    rel = Path(os.path.relpath(video.resolve(), report.resolve().parent))
    mb = size / 1e6
    note = (
        f"The {what} ({mb:.0f} MB) is too large to put inside this file, so it is linked as "
        f"{rel.as_posix()} (relative to this report): move the two together for the player and "
        "the rep timeline to keep working."
    )
    return EmbeddedVideo(quote(rel.as_posix()), note)


def filmed_at(video: Path) -> dt.datetime | None:
    """When the video was recorded, from its container's ``creation_time``; None if unknown.

    Phones write it; an edited or re-encoded clip may carry the edit's time or none.
    """
    import av

    try:
        with av.open(str(video)) as container:
            stamp = container.metadata.get("creation_time")
    except (OSError, av.FFmpegError):
        return None
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.year < 1990:  # an encoder's zero date (1904 or 1970), not a recording time
        return None
    return when.astimezone()


def timeline_marks(result: SetResult, duration_s: float) -> list[dict[str, Any]]:
    """One box per rep on the video's timeline: where it starts and ends (% of the video).

    The classes colour it: ``fault``, ``watch``, ``partial`` (not counted) or none (clean).
    """
    marks = []
    for r in result.reps:
        severities = {f.severity for f in r.findings}
        cls = (
            "partial"
            if not r.counted
            else ("fault" if r.faults else ("watch" if "watch" in severities else ""))
        )
        state = {"partial": "partial, not counted", "fault": "a fault", "watch": "watch"}
        marks.append(
            {
                "index": r.index,
                "cls": cls,
                "start_s": f"{r.start_s:.2f}",
                "end_s": f"{r.end_s:.2f}",
                "left_pct": f"{100 * r.start_s / duration_s:.2f}",
                "width_pct": f"{100 * max(r.end_s - r.start_s, 0) / duration_s:.2f}",
                "title": f"rep {r.index}, {r.start_s:.1f}–{r.end_s:.1f} s"
                + (f": {state[cls]}" if cls else ": clean"),
            }
        )
    return marks


def duration_s(result: SetResult) -> float:
    """The set's length on the video clock, seconds: its last frame or its last rep's end."""
    t = [x for x in result.series.get("t_s", []) if x is not None]
    ends = [r.end_s for r in result.reps]
    return max([*t, *ends, 0.0]) or 1.0
