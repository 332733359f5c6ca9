"""Uploads: one or more videos of sets for an athlete, each queued as an analysis job.

A self-test chosen on the form (dowel, wall or practice) runs on each video as well; its set is
then analysed on the self-tests' profile, the unweighted drill.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from python_multipart.multipart import parse_options_header

from hingecoach.selftest.request import PROFILE as SELFTEST_PROFILE
from hingecoach.store.web import athletes, jobs
from hingecoach.store.web.records import NewUpload, UserRecord
from hingecoach.web.deps import (
    CurrentUser,
    RunnerDep,
    SettingsDep,
    StoreDep,
    csrf_key,
)
from hingecoach.web.quota import check_quota, used_bytes
from hingecoach.web.schemas import UploadParams
from hingecoach.web.security import CSRF_HEADER, csrf_ok
from hingecoach.web.settings import MAX_FILES_PER_UPLOAD, Settings
from hingecoach.web.uploads import UploadReceiver, UploadRejected, sniff

router = APIRouter(tags=["uploads"])
#: Multipart framing allowance on top of the files' own bytes, per file.
_OVERHEAD_BYTES = 64_000


def _boundary(request: Request) -> bytes:
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadRejected(415, "send the videos as multipart/form-data (the upload form)")
    return boundary


async def _receive(request: Request, settings: Settings) -> UploadReceiver:
    declared = request.headers.get("content-length")
    most = MAX_FILES_PER_UPLOAD * (settings.max_upload_bytes + _OVERHEAD_BYTES)
    if declared and declared.isdigit() and int(declared) > most:
        raise UploadRejected(413, f"the upload is larger than the {most / 1e6:g} MB limit")
    key = csrf_key(request)
    receiver = UploadReceiver(
        boundary=_boundary(request),
        uploads_dir=settings.uploads_dir,
        max_file_bytes=settings.max_upload_bytes,
        max_files=MAX_FILES_PER_UPLOAD,
        csrf_valid=lambda token: csrf_ok(settings.secret, key, token),
        csrf_checked=csrf_ok(settings.secret, key, request.headers.get(CSRF_HEADER)),
    )
    try:
        async for chunk in request.stream():
            await run_in_threadpool(receiver.write, chunk)
        receiver.close()
        if not receiver.csrf_checked:
            raise UploadRejected(403, "missing or invalid CSRF token: reload the page and retry")
        if not receiver.files:
            raise UploadRejected(400, "choose at least one video")
        for f in receiver.files:
            await run_in_threadpool(sniff, f)
    except BaseException:
        receiver.discard()
        raise
    return receiver


def _params(receiver: UploadReceiver, store: StoreDep, user: UserRecord) -> UploadParams:
    try:
        params = UploadParams.model_validate(receiver.fields)
    except ValidationError as e:
        msg = "; ".join(
            f"{err['loc'][0]}: {err['msg']}" if err["loc"] else err["msg"] for err in e.errors()
        )
        raise UploadRejected(422, msg) from None
    if athletes.athlete_for_user(store, user_id=user.id, athlete_id=params.athlete_id) is None:
        raise UploadRejected(404, "no such athlete")
    return params


@router.post("/uploads")
async def upload(
    request: Request, user: CurrentUser, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> Response:
    """Stream the videos to disk, check them, queue one job each; go to the job (or home)."""

    def used() -> int:
        return used_bytes(store, results_dir=settings.results_dir, owner_id=user.id)

    try:
        quota = settings.quota_bytes
        # An account already full is refused before any of the body is read.
        check_quota(used=await run_in_threadpool(used), incoming=1, quota=quota)
        receiver = await _receive(request, settings)
        try:
            params = await run_in_threadpool(_params, receiver, store, user)
            incoming = sum(f.size_bytes for f in receiver.files)
            check_quota(used=await run_in_threadpool(used), incoming=incoming, quota=quota)
        except BaseException:
            receiver.discard()
            raise
    except UploadRejected as e:
        raise HTTPException(e.status_code, e.message) from None
    files = [
        NewUpload(stored_name=f.stored_name, original_name=f.original_name, size_bytes=f.size_bytes)
        for f in receiver.files
    ]
    selftest = params.selftest_request()
    ids = await run_in_threadpool(
        lambda: jobs.create_jobs(
            store,
            owner_id=user.id,
            athlete_id=params.athlete_id,
            files=files,
            exercise=SELFTEST_PROFILE if selftest is not None else params.exercise,
            load_text=params.load,
            first_set_number=params.set_number,
            note=params.note,
            filmed_on=params.filmed_on,
            selftest=None if selftest is None else selftest.model_dump_json(),
        )
    )
    runner.submit(ids)
    target = f"/jobs/{ids[0]}" if len(ids) == 1 else "/"
    return RedirectResponse(target, status_code=303)
