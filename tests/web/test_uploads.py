"""Uploads: the happy path through job and report, and every way an upload must be refused."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hingecoach.web.settings import Settings
from tests.web.conftest import (
    Clip,
    athlete_id,
    csrf_of,
    job_id_of,
    make_client,
    signup,
    upload,
    wait_job,
)
from tests.web.fakes import FAKE_REPS, failing_analyze


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def athlete(client: TestClient) -> TestClient:
    signup(client, email="sam@example.com")
    return client


def test_upload_runs_a_job_to_a_report_and_downloads(
    athlete: TestClient, tiny_clip: Clip, settings: Settings
) -> None:
    r = upload(
        athlete,
        [("my set.mp4", tiny_clip.bytes())],
        fields={"exercise": "rdl", "load": "100kg", "set_number": "2"},
    )
    job = wait_job(athlete, job_id_of(r))
    assert job["status"] == "done", job
    assert (job["rep_count"], job["file_name"]) == (FAKE_REPS, "my set.mp4")
    report = athlete.get(job["report_url"])
    assert report.status_code == 200
    assert f"{FAKE_REPS} reps counted" in report.text
    assert 'href="/sets/1/result.json"' in report.text  # the web's bar over the CLI report
    result = athlete.get(f"/sets/{job['set_id']}/result.json")
    assert result.status_code == 200
    assert "attachment" in result.headers["content-disposition"]
    body = json.loads(result.content)
    assert body["rep_count"] == FAKE_REPS
    assert body["source"] == "my set.mp4"  # never the server's path
    csv = athlete.get(f"/sets/{job['set_id']}/reps.csv")
    assert csv.status_code == 200 and csv.text.count("\n") >= FAKE_REPS
    assert athlete.get(f"/sets/{job['set_id']}/annotated.mp4").status_code == 404  # fake: none
    history = athlete.get(f"/api/athletes/{job['athlete_id']}/history").json()
    (saved,) = history["sessions"][0]["sets"]
    assert (saved["set_number"], saved["load_kg"], saved["exercise"]) == (2, 100.0, "rdl")


def test_several_files_become_consecutive_sets(athlete: TestClient, tiny_clip: Clip) -> None:
    r = upload(
        athlete,
        [("a.mp4", tiny_clip.bytes()), ("b.mp4", tiny_clip.bytes())],
        fields={"set_number": "3"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    jobs = athlete.get("/api/jobs").json()
    assert [j["file_name"] for j in jobs] == ["b.mp4", "a.mp4"]
    done = [wait_job(athlete, j["id"]) for j in jobs]
    assert all(j["status"] == "done" for j in done)
    history = athlete.get(f"/api/athletes/{athlete_id(athlete)}/history").json()
    assert sorted(s["set_number"] for s in history["sessions"][0]["sets"]) == [3, 4]


def test_oversized_upload_is_refused_and_nothing_is_kept(tmp_path: Path, tiny_clip: Clip) -> None:
    from hingecoach.web.settings import load_settings

    small = load_settings(
        db_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        data_dir=tmp_path / "d",
        max_upload_mb=0.004,
        secret="s",
    )
    with make_client(small) as c:
        signup(c, email="a@example.com")
        r = upload(c, [("big.mp4", tiny_clip.bytes() + b"\0" * 5000)])
        assert r.status_code == 413
        assert "big.mp4: larger than the 0.004 MB upload limit" in r.json()["detail"]
        assert _files_in(small.uploads_dir) == []
        assert c.get("/api/jobs").json() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("set.mp4", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20, "PDF document"),
        ("set.mov", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "still image"),
        ("set.mp4", b"just some text, not a video at all\n" * 20, "not a video"),
        ("set.mp4", b"", "empty"),
    ],
)
def test_content_is_sniffed_whatever_the_name(
    athlete: TestClient, settings: Settings, name: str, content: bytes, message: str
) -> None:
    r = upload(athlete, [(name, content)])
    assert r.status_code == 415
    detail = r.json()["detail"]
    assert message in detail and detail.startswith(name)
    assert str(settings.data_dir) not in detail
    assert _files_in(settings.uploads_dir) == []


def test_renamed_pdf_shows_a_clear_page_in_the_browser(athlete: TestClient) -> None:
    token = csrf_of(athlete)
    r = athlete.post(
        "/uploads",
        headers={"accept": "text/html"},
        data={"csrf_token": token, "athlete_id": str(athlete_id(athlete))},
        files=[("files", ("report.mp4", b"%PDF-1.4\n" + b"x" * 100, "video/mp4"))],
    )
    assert r.status_code == 415
    assert "report.mp4: this is a PDF document, not a video" in r.text
    assert 'role="alert"' in r.text


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil.mp4",
        "..\\..\\evil.mp4",
        "/etc/passwd",
        "a/../../b.mp4",
        "..",
        "con\x00trol\n.mp4",
        "",
    ],
)
def test_client_file_names_are_never_paths(
    athlete: TestClient, settings: Settings, tiny_clip: Clip, name: str
) -> None:
    before = set(settings.data_dir.parent.rglob("*"))
    r = upload(athlete, [(name, tiny_clip.bytes())])
    if name == "":  # no file chosen
        assert r.status_code == 400
        return
    job = wait_job(athlete, job_id_of(r))
    shown = job["file_name"]
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown and shown
    new = set(settings.data_dir.parent.rglob("*")) - before
    assert all(p.is_relative_to(settings.data_dir) for p in new)
    import sqlite3

    assert settings.db_url is not None
    with sqlite3.connect(settings.db_url.removeprefix("sqlite:///")) as db:
        ((stored,),) = db.execute("select stored_name from web_upload").fetchall()
    assert len(stored) == 32 and all(ch in "0123456789abcdef" for ch in stored)
    assert _files_in(settings.uploads_dir) == []  # the video went once its job was done


def test_csrf_must_come_before_any_file_byte(
    athlete: TestClient, settings: Settings, tiny_clip: Clip
) -> None:
    aid, token = athlete_id(athlete), csrf_of(athlete)
    boundary = "xyz123"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.mp4"\r\n'
            f"Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + tiny_clip.bytes()
        + (
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}'
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="athlete_id"\r\n\r\n{aid}'
            f"\r\n--{boundary}--\r\n"
        ).encode()
    )
    r = athlete.post(
        "/uploads",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 403
    assert _files_in(settings.uploads_dir) == []


def test_csrf_header_works_for_scripts(athlete: TestClient, tiny_clip: Clip) -> None:
    r = athlete.post(
        "/uploads",
        headers={"x-csrf-token": csrf_of(athlete)},
        data={"athlete_id": str(athlete_id(athlete))},
        files=[("files", ("a.mp4", tiny_clip.bytes(), "video/mp4"))],
    )
    assert wait_job(athlete, job_id_of(r))["status"] == "done"


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"exercise": "bench_press"}, 422, "unknown exercise"),
        ({"load": "heavy"}, 422, "load"),
        ({"set_number": "0"}, 422, "set_number"),
        ({"athlete_id": "999"}, 404, "no such athlete"),
    ],
)
def test_bad_form_fields_are_refused_and_files_dropped(
    athlete: TestClient,
    settings: Settings,
    tiny_clip: Clip,
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    aid = fields.pop("athlete_id", None)
    r = upload(
        athlete, [("a.mp4", tiny_clip.bytes())], fields=fields, athlete=int(aid) if aid else None
    )
    assert r.status_code == status
    assert message in r.json()["detail"]
    assert _files_in(settings.uploads_dir) == []


def test_not_multipart_and_too_many_files(athlete: TestClient, tiny_clip: Clip) -> None:
    r = athlete.post("/uploads", json={"athlete_id": 1}, headers={"x-csrf-token": csrf_of(athlete)})
    assert r.status_code == 415
    many = [(f"{i}.mp4", tiny_clip.bytes()) for i in range(11)]
    r = upload(athlete, many)
    assert r.status_code == 400 and "at most 10" in r.json()["detail"]


def test_a_failed_analysis_says_why_without_server_paths(
    settings: Settings, tiny_clip: Clip
) -> None:
    with make_client(settings, analyzer=failing_analyze) as c:
        signup(c, email="a@example.com")
        job = wait_job(c, job_id_of(upload(c, [("empty room.mp4", tiny_clip.bytes())])))
    assert job["status"] == "failed"
    assert job["error"].startswith("empty room.mp4: no person found")
    assert str(settings.data_dir) not in job["error"]


def test_settings_secret_is_generated_once(tmp_path: Path) -> None:
    from hingecoach.web.settings import load_settings

    first = load_settings(data_dir=tmp_path / "d")
    again = load_settings(data_dir=tmp_path / "d")
    assert first.secret == again.secret and len(first.secret) == 64
    assert (tmp_path / "d" / "secret.key").stat().st_mode & 0o777 == 0o600
    assert first.max_upload_bytes == 500_000_000
    assert dataclasses.replace(first, workers=2).workers == 2


def _multipart(parts: list[bytes], boundary: bytes = b"xyzzy") -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    return body + b"--" + boundary + b"--\r\n"


def _field(name: str, value: bytes) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value


def _post_raw(client: TestClient, body: bytes) -> tuple[int, str]:
    r = client.post(
        "/uploads",
        content=body,
        headers={
            "content-type": "multipart/form-data; boundary=xyzzy",
            "x-csrf-token": csrf_of(client),
        },
    )
    return r.status_code, str(r.json()["detail"])


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([_field(f"f{i}", b"v" * 100) for i in range(1_000)], "more than 20 form fields"),
        ([_field(f"f{i}", b"v" * 9_000) for i in range(10)], "over 64 kB in all"),
        (
            [b'Content-Disposition: form-data; name="files"; filename=""\r\n\r\n'] * 1_000,
            "too many parts",
        ),
        (
            [b"X-Pad: " + b"h" * 100_000 + b"\r\n" + _field("load", b"90kg")],
            "header",  # python-multipart caps one header line; the receiver all of them
        ),
    ],
    ids=["many fields", "many field bytes", "many empty file parts", "a huge part header"],
)
def test_the_form_itself_is_bounded(
    athlete: TestClient, settings: Settings, parts: list[bytes], message: str
) -> None:
    """Fields, their bytes, parts and part headers are all capped (issue 13: 202 MB of fields)."""
    status, detail = _post_raw(athlete, _multipart(parts))
    assert status == 400 and message in detail, detail
    assert _files_in(settings.uploads_dir) == []


def test_the_receiver_stops_holding_fields_at_the_cap(tmp_path: Path) -> None:
    """Fed field after field, the receiver refuses at the cap, holding at most the cap's bytes."""
    from hingecoach.web.uploads import (
        MAX_TEXT_BYTES,
        MAX_TEXT_FIELDS,
        UploadReceiver,
        UploadRejected,
    )

    receiver = UploadReceiver(
        boundary=b"xyzzy",
        uploads_dir=tmp_path,
        max_file_bytes=1_000,
        max_files=10,
        csrf_valid=lambda token: True,
        csrf_checked=True,
    )
    part = b"--xyzzy\r\n" + _field("f", b"v" * 1_000) + b"\r\n"
    with pytest.raises(UploadRejected) as refused:
        for i in range(100_000):  # 100 MB of fields if nothing stopped it
            receiver.write(part.replace(b'name="f"', f'name="f{i}"'.encode()))
    assert refused.value.status_code == 400
    assert len(receiver.fields) <= MAX_TEXT_FIELDS
    assert sum(len(v) for v in receiver.fields.values()) <= MAX_TEXT_BYTES


def test_a_zero_mdhd_timescale_is_refused_at_upload(
    athlete: TestClient, settings: Settings, tmp_path: Path
) -> None:
    from tests.cli.test_bad_inputs import _video_with_zero_timescale

    video = _video_with_zero_timescale(tmp_path)
    r = upload(athlete, [("clip.mp4", video.read_bytes())])
    assert r.status_code == 415
    assert "clip.mp4: the container's timing is broken" in r.json()["detail"]
    assert _files_in(settings.uploads_dir) == []
