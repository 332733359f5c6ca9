"""Analysed sets: the report (the CLI's HTML), downloads, and two reps side by side.

Files are looked up by the job's result folder (a name the server chose), never by anything
the client sends; the client only names a set id, which must belong to an athlete it may see.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from hingecoach.feedback.words import fault_name
from hingecoach.models import Finding
from hingecoach.report.html import exercise_name
from hingecoach.store.web import jobs
from hingecoach.store.web.records import JobRecord
from hingecoach.web.deps import CurrentUser, SettingsDep, StoreDep
from hingecoach.web.pages import check_name, render, templates
from hingecoach.web.schemas import MAX_DB_ID, DbId
from hingecoach.web.settings import Settings

router = APIRouter(prefix="/sets", tags=["sets"])
#: Downloads: URL name → (file in the result folder, media type).
DOWNLOADS = {
    "result.json": ("result.json", "application/json"),
    "reps.csv": ("reps.csv", "text/csv; charset=utf-8"),
    "annotated.mp4": ("annotated.mp4", "video/mp4"),
}
#: The served report: its own inline script (by hash) and an inline (``data:``) video may run.
REPORT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' {hashes}; media-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(html: str) -> str:
    """CSP sources allowing exactly the page's inline scripts (the report's seek-to-rep code)."""
    digests = {
        base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode("ascii")
        for m in _INLINE_SCRIPT.finditer(html)
    }
    return " ".join(f"'sha256-{d}'" for d in sorted(digests))


def _done_job(store: StoreDep, user_id: int, set_id: int) -> JobRecord:
    found = jobs.job_for_set(store, user_id=user_id, set_id=set_id)
    if found is None or found.result_dir is None:
        raise HTTPException(404, "no such set")
    return found


def _file(settings: Settings, job: JobRecord, name: str) -> Path:
    path = settings.results_dir / str(job.result_dir) / name
    if not path.is_file():
        raise HTTPException(404, f"this set has no {name}")
    return path


@router.get("/{set_id}/report", response_class=HTMLResponse)
def report(set_id: DbId, user: CurrentUser, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    """The same self-contained report the CLI writes (video first), with the app's bar on top.

    A video too large to sit inside the report is linked as ``annotated.mp4`` next to it, which
    is this set's video download here.
    """
    job = _done_job(store, user.id, set_id)
    html = _file(settings, job, "report.html").read_text(encoding="utf-8")
    has_video = (settings.results_dir / str(job.result_dir) / "annotated.mp4").is_file()
    bar = templates.get_template("_report_bar.html").render(
        job=job, set_id=set_id, has_video=has_video
    )
    page = HTMLResponse(html.replace("<body>", f"<body>{bar}", 1))
    page.headers["Content-Security-Policy"] = REPORT_CSP.format(hashes=_script_hashes(html))
    return page


def _fault_words(finding: dict[str, Any]) -> str:
    """A fault of a saved result in words, on the side its value fell (``back rounded``)."""
    try:
        return fault_name(Finding.model_validate(finding))
    except (KeyError, ValueError):  # a check retired since, or an older result's shape
        return check_name(str(finding.get("check", "")))


@router.get("/{set_id}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    set_id: DbId,
    user: CurrentUser,
    store: StoreDep,
    settings: SettingsDep,
    a: Annotated[int | None, Query(ge=1, le=MAX_DB_ID)] = None,
    b: Annotated[int | None, Query(ge=1, le=MAX_DB_ID)] = None,
) -> HTMLResponse:
    """Two reps of the set side by side, played in step phase by phase (see compare.js).

    Reps ``a`` and ``b`` are 1-based; by default rep 1 is set against the rep where form broke,
    else against the last rep. Each rep carries its phase marks: start, bottom, lockout (s).
    """
    job = _done_job(store, user.id, set_id)
    result = json.loads(_file(settings, job, "result.json").read_text(encoding="utf-8"))
    reps = [
        {
            "index": r["index"],
            "counted": r["counted"],
            "marks": [r["start_s"], r["bottom_s"], r["end_s"]],
            "fault_words": [_fault_words(f) for f in r["findings"] if f["severity"] == "fault"],
        }
        for r in result["reps"]
    ]
    indices = [r["index"] for r in reps]
    if not reps:
        raise HTTPException(404, "this set has no reps to compare")
    first = a if a in indices else indices[0]
    broke = result.get("broke_at_rep")
    default_b = broke if broke in indices and broke != first else indices[-1]
    second = b if b in indices else default_b
    return render(
        request,
        "compare.html",
        {
            "job": job,
            "set_id": set_id,
            "exercise": exercise_name(result["exercise"]),
            "broke_at_rep": broke,
            "reps": reps,
            "a": first,
            "b": second,
            "has_video": (settings.results_dir / str(job.result_dir) / "annotated.mp4").is_file(),
        },
    )


@router.get("/{set_id}/{name}", response_class=FileResponse)
def download(
    set_id: DbId, name: str, user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> FileResponse:
    """result.json, reps.csv or annotated.mp4 (the video with skeleton, angles and faults)."""
    if name not in DOWNLOADS:
        raise HTTPException(404, "no such download")
    job = _done_job(store, user.id, set_id)
    file_name, media_type = DOWNLOADS[name]
    path = _file(settings, job, file_name)
    stem = Path(job.original_name).stem or "set"
    disposition = "inline" if name == "annotated.mp4" else "attachment"
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"{stem}.{file_name}",
        content_disposition_type=disposition,
    )
