"""Analysed sets: the report (the CLI's HTML), downloads, and two reps side by side.

Files are looked up by the job's result folder (a name the server chose), never by anything
the client sends; the client only names a set id, which must belong to an athlete it may see.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from hingecoach.report.html import exercise_name
from hingecoach.store.web import jobs
from hingecoach.store.web.records import JobRecord
from hingecoach.web.deps import CurrentUser, SettingsDep, StoreDep
from hingecoach.web.pages import render
from hingecoach.web.schemas import MAX_DB_ID, DbId
from hingecoach.web.settings import Settings

router = APIRouter(prefix="/sets", tags=["sets"])
#: Downloads: URL name → (file in the result folder, media type).
DOWNLOADS = {
    "result.json": ("result.json", "application/json"),
    "reps.csv": ("reps.csv", "text/csv; charset=utf-8"),
    "annotated.mp4": ("annotated.mp4", "video/mp4"),
}
_NAV = (
    '<nav style="font:14px system-ui,sans-serif;padding:.5rem 1rem;background:#1f3b57;'
    'color:#fff;display:flex;gap:1rem;flex-wrap:wrap" aria-label="hingecoach">'
    '<a style="color:#fff" href="/">home</a>'
    '<a style="color:#fff" href="/athletes/{athlete}">athlete</a>'
    '<a style="color:#fff" href="/sets/{set}/compare">compare reps</a>'
    '<a style="color:#fff" href="/sets/{set}/result.json" download>JSON</a>'
    '<a style="color:#fff" href="/sets/{set}/reps.csv" download>CSV</a>'
    "{video}</nav>"
)


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
    """The same self-contained report the CLI writes, with a navigation bar on top."""
    job = _done_job(store, user.id, set_id)
    html = _file(settings, job, "report.html").read_text(encoding="utf-8")
    has_video = (settings.results_dir / str(job.result_dir) / "annotated.mp4").is_file()
    video = (
        f'<a style="color:#fff" href="/sets/{set_id}/annotated.mp4" download>annotated video</a>'
        if has_video
        else ""
    )
    nav = _NAV.format(athlete=job.athlete_id, set=set_id, video=video)
    return HTMLResponse(html.replace("<body>", f"<body>{nav}", 1))


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
    """Two reps of the set side by side, played in step.

    Reps ``a`` and ``b`` are 1-based; by default rep 1 is set against the rep where form broke,
    else against the last rep.
    """
    job = _done_job(store, user.id, set_id)
    result = json.loads(_file(settings, job, "result.json").read_text(encoding="utf-8"))
    reps = [
        {k: r[k] for k in ("index", "counted", "start_s", "bottom_s", "end_s")}
        | {"faults": [f["check"] for f in r["findings"] if f["severity"] == "fault"]}
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
