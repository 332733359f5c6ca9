"""Storage per account (issue 13, item 7): videos deleted once analysed, a quota on upload."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hingecoach.store import open_store
from hingecoach.web.app import create_app
from hingecoach.web.quota import used_bytes
from hingecoach.web.settings import Settings, load_settings
from tests.web.conftest import Clip, job_id_of, make_client, signup, upload, wait_job
from tests.web.fakes import failing_analyze
from tests.web.test_jobs import NoWorkers


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_the_video_is_deleted_once_its_job_is_done_and_the_report_stays(
    client: TestClient, settings: Settings, tiny_clip: Clip
) -> None:
    signup(client, email="sam@example.com")
    job = wait_job(client, job_id_of(upload(client, [("a.mp4", tiny_clip.bytes())])))
    assert job["status"] == "done"
    assert _files_in(settings.uploads_dir) == []
    assert client.get(job["report_url"]).status_code == 200
    assert client.get(f"/sets/{job['set_id']}/result.json").status_code == 200


def test_the_video_is_deleted_once_its_job_failed(settings: Settings, tiny_clip: Clip) -> None:
    with make_client(settings, analyzer=failing_analyze) as c:
        signup(c, email="sam@example.com")
        job = wait_job(c, job_id_of(upload(c, [("a.mp4", tiny_clip.bytes())])))
    assert job["status"] == "failed"
    assert _files_in(settings.uploads_dir) == []


@pytest.fixture
def queued_only(settings: Settings, tiny_clip: Clip) -> Iterator[tuple[TestClient, Settings]]:
    """An app whose jobs stay queued (their videos kept), with room for one and a half clips."""
    size = len(tiny_clip.bytes())
    small = dataclasses.replace(settings, quota_bytes=size + size // 2)
    app = create_app(small, make_executor=NoWorkers)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        signup(c, email="sam@example.com")
        yield c, small


def test_an_upload_past_the_quota_is_refused_and_nothing_kept(
    queued_only: tuple[TestClient, Settings], tiny_clip: Clip
) -> None:
    c, small = queued_only
    assert upload(c, [("a.mp4", tiny_clip.bytes())]).status_code == 303
    kept = _files_in(small.uploads_dir)
    r = upload(c, [("b.mp4", tiny_clip.bytes())])
    assert r.status_code == 413
    detail = r.json()["detail"]
    assert "would take the account past its" in detail and "MB of storage" in detail
    assert _files_in(small.uploads_dir) == kept  # the refused video is not kept
    assert len(c.get("/api/jobs").json()) == 1  # and no job was made for it


def test_the_quota_is_per_account(
    queued_only: tuple[TestClient, Settings], tiny_clip: Clip
) -> None:
    c, _ = queued_only
    assert upload(c, [("a.mp4", tiny_clip.bytes())]).status_code == 303
    other = TestClient(c.app, base_url="https://testserver", follow_redirects=False)
    signup(other, email="kim@example.com", name="Kim")
    assert upload(other, [("k.mp4", tiny_clip.bytes())]).status_code == 303


def test_results_count_and_waiting_videos_count_once_done(
    client: TestClient, settings: Settings, tiny_clip: Clip
) -> None:
    signup(client, email="sam@example.com")
    job = wait_job(client, job_id_of(upload(client, [("a.mp4", tiny_clip.bytes())])))
    result_files = _files_in(settings.results_dir)
    on_disk = sum(p.stat().st_size for p in result_files)
    me = int(client.get("/api/me").json()["id"])
    with open_store(settings.db_url) as store:
        used = used_bytes(store, results_dir=settings.results_dir, owner_id=me)
    assert job["status"] == "done" and on_disk > 0
    assert used == on_disk  # the video itself no longer counts: it was deleted


def test_a_bad_quota_setting_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hingecoach.errors import InputError

    monkeypatch.setenv("HINGECOACH_QUOTA_MB", "0")
    with pytest.raises(InputError, match="HINGECOACH_QUOTA_MB must be a positive size"):
        load_settings(data_dir=tmp_path / "d", secret="s")
    monkeypatch.setenv("HINGECOACH_QUOTA_MB", "plenty")
    with pytest.raises(InputError, match="bad number in the web settings"):
        load_settings(data_dir=tmp_path / "d", secret="s")
