"""Load benchmark of the web app: 50 concurrent report views while 5 uploads are analysed.

Run as ``.venv/bin/python benchmarks/web_load.py [--clip PATH] [--workers N]``. Loopback only:
it starts ``hingecoach serve`` as a subprocess on 127.0.0.1 with a throw-away data folder and
SQLite file, signs up one account, uploads one clip and waits for its report, then at once
fires a fixed load — 50 report views (from 50 threads) and 5 uploads (from 5 threads) — and
prints p50/p95 latency of each. Afterwards it waits (at most ``--timeout`` seconds) for the 5
jobs and checks that every one finished with its result stored in the database (a set per job,
visible in the athlete's history, as the CLI's ``history`` would show). Exits 1 if not.

The server's cookies are marked Secure; browsers accept those on http://127.0.0.1, httpx does
not, so the benchmark server runs with ``HINGECOACH_INSECURE_COOKIES=1``.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO.parent / "shared" / "data" / "clips" / "dl_side_good.mp4"
N_VIEWS, N_UPLOADS = 50, 5
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(data: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"HINGECOACH_INSECURE_COOKIES": "1", "GLOG_minloglevel": "2"}
    code = "import typer; from hingecoach.cli.serve import serve; typer.run(serve)"
    cmd = [
        sys.executable,
        "-c",
        code,
        "--port",
        str(port),
        "--data-dir",
        str(data / "web"),
        "--db",
        f"sqlite:///{data / 'bench.sqlite3'}",
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _csrf(client: httpx.Client, page: str) -> str:
    m = _CSRF.search(client.get(page, headers={"accept": "text/html"}).text)
    assert m, f"no CSRF token on {page}"
    return m.group(1)


def _upload(client: httpx.Client, clip: bytes, name: str, athlete_id: int) -> tuple[float, int]:
    data = {"csrf_token": _csrf(client, "/"), "athlete_id": str(athlete_id), "load": "100kg"}
    t0 = time.perf_counter()
    r = client.post("/uploads", data=data, files=[("files", (name, clip, "video/mp4"))])
    elapsed = time.perf_counter() - t0
    assert r.status_code == 303, r.text
    return elapsed, int(r.headers["location"].rsplit("/", 1)[1])


def _wait(client: httpx.Client, job_id: int, deadline: float) -> dict[str, object]:
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.25)
    return client.get(f"/api/jobs/{job_id}").json()  # type: ignore[no-any-return]


def _view(client: httpx.Client, url: str) -> float:
    t0 = time.perf_counter()
    r = client.get(url)
    elapsed = time.perf_counter() - t0
    assert r.status_code == 200 and "rep" in r.text, r.status_code
    return elapsed


def _summary(name: str, seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"{name:<14} n={len(ms):<3} p50 {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms"
        f"   max {ms[-1]:8.1f} ms"
    )


def main() -> int:
    """Run the load in the module docstring; 1 when the clip is missing or a job was not stored."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    ap.add_argument("--workers", type=int, default=1, help="analysis worker processes")
    ap.add_argument("--timeout", type=float, default=600, help="max seconds for the 5 jobs")
    args = ap.parse_args()
    if not args.clip.is_file():
        print(f"clip not found: {args.clip}")
        return 1
    clip = args.clip.read_bytes()
    with tempfile.TemporaryDirectory(prefix="hc-bench-") as tmp:
        port = _free_port()
        server = _start_server(Path(tmp), port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=120) as c:
                c.post(
                    "/signup",
                    data={
                        "csrf_token": _csrf(c, "/signup"),
                        "email": "bench@example.com",
                        "display_name": "Bench",
                        "password": "benchmark-password",
                        "role": "athlete",
                    },
                )
                c.post(  # sign-up does not sign in (it answers the same for a taken e-mail)
                    "/login",
                    data={
                        "csrf_token": _csrf(c, "/login"),
                        "email": "bench@example.com",
                        "password": "benchmark-password",
                    },
                )
                athlete_id = int(c.get("/api/athletes").json()[0]["id"])
                _, first = _upload(c, clip, "warm-up.mp4", athlete_id)
                job = _wait(c, first, time.monotonic() + args.timeout)
                assert job["status"] == "done", job
                report = str(job["report_url"])
                cookies = dict(c.cookies)
            clients = [
                httpx.Client(base_url=base, timeout=120, cookies=cookies)
                for _ in range(N_VIEWS + N_UPLOADS)
            ]
            print(
                f"load: {N_VIEWS} concurrent report views + {N_UPLOADS} concurrent uploads "
                f"({len(clip) / 1e6:.1f} MB each), {args.workers} analysis worker(s), {base}"
            )
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=N_VIEWS + N_UPLOADS) as pool:
                ups = [
                    pool.submit(_upload, clients[N_VIEWS + i], clip, f"set{i + 1}.mp4", athlete_id)
                    for i in range(N_UPLOADS)
                ]
                views = [pool.submit(_view, clients[i], report) for i in range(N_VIEWS)]
                view_s = [f.result() for f in views]
                up_results = [f.result() for f in ups]
            burst_s = time.perf_counter() - t0
            print(_summary("report view", view_s))
            print(_summary("upload", [s for s, _ in up_results]))
            print(f"burst wall time {burst_s:.2f} s")
            deadline = time.monotonic() + args.timeout
            with httpx.Client(base_url=base, timeout=60, cookies=cookies) as c:
                jobs = [_wait(c, job_id, deadline) for _, job_id in up_results]
                analysed_s = time.perf_counter() - t0
                history = c.get(f"/api/athletes/{athlete_id}/history").json()
            stored = {s["set_id"] for sess in history["sessions"] for s in sess["sets"]}
            ok = all(j["status"] == "done" and j["set_id"] in stored for j in jobs)
            for j in jobs:
                print(
                    f"  job {j['id']}: {j['status']}, set {j['set_id']}, "
                    f"{j['rep_count']} rep(s), score {j['score']}"
                    + (f", error: {j['error']}" if j.get("error") else "")
                )
            print(
                f"all {N_UPLOADS} uploads analysed in {analysed_s:.1f} s; stored sets: "
                f"{len(stored)} (1 warm-up + {N_UPLOADS}); "
                f"{'OK' if ok else 'FAILED'}: every upload finished with its result stored"
            )
            for client in clients:
                client.close()
            return 0 if ok else 1
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
