"""Web test fixtures: an app on a fresh SQLite store with a thread pool and a fast analyser."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2, which is not released
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from hingecoach.web.app import create_app
from hingecoach.web.jobs.analysis import Analyzer
from hingecoach.web.settings import Settings, load_settings
from tests.web.fakes import fake_analyze

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "HINGECOACH_DB",
        "HINGECOACH_DATA_DIR",
        "HINGECOACH_MAX_UPLOAD_MB",
        "HINGECOACH_SECRET",
        "HINGECOACH_WORKERS",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh SQLite file and data folder, with a 20 MB upload limit."""
    return load_settings(
        db_url=f"sqlite:///{tmp_path / 'web.sqlite3'}",
        data_dir=tmp_path / "data",
        max_upload_mb=20,
        secret="test-secret",
    )


def make_client(settings: Settings, analyzer: Analyzer = fake_analyze) -> TestClient:
    """A client for a new app (enter it with ``with`` to run the lifespan)."""
    app = create_app(
        settings, analyzer=analyzer, make_executor=lambda: ThreadPoolExecutor(max_workers=1)
    )
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with make_client(settings) as c:
        yield c


@pytest.fixture
def make_user(settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Sign up a new account on the shared app; each gets its own client (own cookies)."""
    app_client = make_client(settings)
    app_client.__enter__()
    clients: list[TestClient] = []

    def _make(email: str, role: str = "athlete", name: str = "Sam") -> TestClient:
        c = TestClient(app_client.app, base_url="https://testserver", follow_redirects=False)
        clients.append(c)
        signup(c, email=email, role=role, name=name)
        return c

    yield _make
    app_client.__exit__(None, None, None)


def csrf_of(client: TestClient, page: str = "/") -> str:
    """The CSRF token of a page's forms."""
    r = client.get(page, headers={"accept": "text/html"})
    m = _CSRF.search(r.text)
    assert m, f"no CSRF token on {page}: {r.status_code} {r.text[:300]}"
    return m.group(1)


def signup(client: TestClient, *, email: str, role: str = "athlete", name: str = "Sam") -> None:
    token = csrf_of(client, "/signup")
    r = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "email": email,
            "display_name": name,
            "password": PASSWORD,
            "role": role,
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/login?signed_up=1", r.text
    log_in(client, email=email)


def log_in(client: TestClient, *, email: str, password: str = PASSWORD) -> None:
    """Log this browser in (sign-up does not: it answers the same for a taken e-mail)."""
    token = csrf_of(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert r.status_code == 303, r.text


@dataclass
class Clip:
    """A small, real, decodable video."""

    path: Path

    def bytes(self) -> bytes:
        return self.path.read_bytes()


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> Clip:
    """A 12-frame 64×64 MPEG-4 clip made here (the fake analyser ignores its pixels)."""
    path = tmp_path_factory.mktemp("clips") / "tiny.mp4"
    with av.open(str(path), "w") as out:
        stream: Any = out.add_stream("mpeg4", rate=Fraction(30))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(12):
            rgb = np.full((64, 64, 3), 20 * i % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return Clip(path)


def athlete_id(client: TestClient) -> int:
    r = client.get("/api/athletes")
    assert r.status_code == 200, r.text
    return int(r.json()[0]["id"])


def upload(
    client: TestClient,
    files: list[tuple[str, bytes]],
    *,
    athlete: int | None = None,
    token: str | None = None,
    fields: dict[str, str] | None = None,
) -> Any:
    """POST /uploads with the CSRF field first (as the browser form sends it)."""
    data = {"csrf_token": token if token is not None else csrf_of(client)}
    data["athlete_id"] = str(athlete if athlete is not None else athlete_id(client))
    data.update(fields or {})
    return client.post(
        "/uploads",
        data=data,
        files=[("files", (name, content, "video/mp4")) for name, content in files],
    )


def wait_job(client: TestClient, job_id: int, timeout_s: float = 60) -> dict[str, Any]:
    """Poll the job until it is done or failed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def job_id_of(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])
