"""The web app's settings: one frozen object, built from arguments or the environment.

Environment variables (all optional):

* ``HINGECOACH_DB`` — database URL; default: the store's per-user SQLite file, so the CLI's
  ``history`` shows web uploads too.
* ``HINGECOACH_DATA_DIR`` — uploads, results and the secret key; default: the per-user data
  directory's ``web`` folder.
* ``HINGECOACH_MAX_UPLOAD_MB`` — largest accepted video, megabytes (default 500).
* ``HINGECOACH_QUOTA_MB`` — disk space one account may use, megabytes (default 5000): videos
  waiting for analysis plus the kept results (report, JSON, CSV, annotated video); an upload
  that would pass it is refused. A video is deleted once its analysis is done or failed.
* ``HINGECOACH_SECRET`` — key for CSRF tokens; default: generated on first start and kept in
  ``<data dir>/secret.key`` (mode 0600), so restarts keep forms valid.
* ``HINGECOACH_WORKERS`` — analysis worker processes (default 1: MediaPipe is CPU heavy).
* ``HINGECOACH_JOB_LEASE_S`` — how long a running job's claim holds without its worker renewing
  it, seconds (default 30); a job whose worker died is re-queued that long after.
* ``HINGECOACH_MAX_HASHING`` — password hashes computed at once (default 2; each argon2id hash
  holds 64 MiB): more log-ins wait, up to 10 s, then are told the server is busy.
* ``HINGECOACH_MAX_VIDEO_S``, ``HINGECOACH_MAX_VIDEO_FRAMES``, ``HINGECOACH_MAX_VIDEO_PIXELS`` —
  the longest, most frames and largest frame (width × height) analysed, read from the video's
  container before the pose pass (defaults 600 s, 36000 frames, 3840 × 2160).
* ``HINGECOACH_JOB_TIME_LIMIT_S`` — longest analysis of one upload, seconds (default 900).
* ``HINGECOACH_RAY_ADDRESS`` — a Ray cluster (``host:port`` of its head node): the workers track
  each upload's pose there, one Ray task per chunk (``hingecoach batch --ray``'s path); unset:
  in the worker processes themselves.
* ``HINGECOACH_INSECURE_COOKIES=1`` — drop the cookies' ``Secure`` flag (only for a plain-HTTP
  server reached by a name other than localhost/127.0.0.1, which browsers treat as secure).
"""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.video.limits import VideoLimits

#: Default upload limit, megabytes (10^6 bytes).
DEFAULT_MAX_UPLOAD_MB = 500
#: Default disk space per account, megabytes (10^6 bytes).
DEFAULT_QUOTA_MB = 5000
#: Default lease of a running job's claim, seconds (renewed every third of it).
DEFAULT_JOB_LEASE_S = 30.0
#: Default number of password hashes computed at once.
DEFAULT_MAX_HASHING = 2
#: Default longest analysis of one upload, seconds.
DEFAULT_JOB_TIME_LIMIT_S = 900.0
#: Most files one upload request may carry.
MAX_FILES_PER_UPLOAD = 10


def default_data_dir() -> Path:
    """``<user data dir>/hingecoach/web`` (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("hingecoach", appauthor=False)) / "web"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to start; see the module docstring for the environment."""

    data_dir: Path
    secret: str
    db_url: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1_000_000
    workers: int = 1
    secure_cookies: bool = True
    job_lease_s: float = DEFAULT_JOB_LEASE_S
    max_hashing: int = DEFAULT_MAX_HASHING
    video_limits: VideoLimits = field(default_factory=VideoLimits)
    job_time_limit_s: float = DEFAULT_JOB_TIME_LIMIT_S
    quota_bytes: int = DEFAULT_QUOTA_MB * 1_000_000
    ray_address: str | None = None

    @property
    def uploads_dir(self) -> Path:
        """Uploaded videos, under random names."""
        return self.data_dir / "uploads"

    @property
    def results_dir(self) -> Path:
        """One folder per finished job: report, JSON, CSV, annotated video."""
        return self.data_dir / "results"


def _secret(data_dir: Path, given: str | None) -> str:
    if given:
        return given
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def load_settings(
    *,
    db_url: str | None = None,
    data_dir: Path | None = None,
    max_upload_mb: float | None = None,
    workers: int | None = None,
    secret: str | None = None,
    job_lease_s: float | None = None,
    max_hashing: int | None = None,
    video_limits: VideoLimits | None = None,
    job_time_limit_s: float | None = None,
    quota_mb: float | None = None,
    ray_address: str | None = None,
) -> Settings:
    """Settings from the arguments, falling back to the environment, then the defaults.

    Creates the data directory (and the secret key file on first start).

    Raises:
        InputError: a value that is not a number, or a folder that cannot be created.
    """
    env = os.environ
    folder = Path(data_dir or env.get("HINGECOACH_DATA_DIR") or default_data_dir()).expanduser()
    try:
        mb = float(max_upload_mb or env.get("HINGECOACH_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB)
        n_workers = int(workers or env.get("HINGECOACH_WORKERS") or 1)
        lease_s = float(job_lease_s or env.get("HINGECOACH_JOB_LEASE_S") or DEFAULT_JOB_LEASE_S)
        hashing = int(max_hashing or env.get("HINGECOACH_MAX_HASHING") or DEFAULT_MAX_HASHING)
        limits = video_limits or _video_limits(env)
        quota = float(quota_mb or env.get("HINGECOACH_QUOTA_MB") or DEFAULT_QUOTA_MB)
        time_limit_s = float(
            job_time_limit_s or env.get("HINGECOACH_JOB_TIME_LIMIT_S") or DEFAULT_JOB_TIME_LIMIT_S
        )
    except ValueError as e:
        raise InputError(f"bad number in the web settings: {e}") from None
    if not all(math.isfinite(x) for x in (mb, lease_s, time_limit_s, limits.max_duration_s, quota)):
        raise InputError("the web settings' numbers must be finite (not nan or inf)")
    if not (mb > 0 and n_workers >= 1 and 0.3 <= lease_s <= 3600 and 1 <= hashing <= 64):
        raise InputError(
            "the upload limit and the worker count must be positive, the job lease 0.3-3600 s "
            "and the password hashes at once 1-64"
        )
    if not (
        time_limit_s > 0
        and limits.max_duration_s > 0
        and limits.max_frames > 0
        and limits.max_pixels > 0
    ):
        raise InputError("the video limits and the job time limit must be positive")
    if not quota > 0:
        raise InputError(f"HINGECOACH_QUOTA_MB must be a positive size, not {quota:g}")
    try:
        for sub in (folder, folder / "uploads", folder / "results"):
            sub.mkdir(parents=True, exist_ok=True)
        key = _secret(folder, secret or env.get("HINGECOACH_SECRET"))
    except OSError as e:
        raise InputError(f"cannot use the data folder {folder}: {e.strerror or e}") from None
    return Settings(
        data_dir=folder.resolve(),
        secret=key,
        db_url=db_url or env.get("HINGECOACH_DB") or None,
        max_upload_bytes=int(mb * 1_000_000),
        workers=n_workers,
        secure_cookies=env.get("HINGECOACH_INSECURE_COOKIES", "") not in ("1", "true", "yes"),
        job_lease_s=lease_s,
        max_hashing=hashing,
        video_limits=limits,
        job_time_limit_s=time_limit_s,
        quota_bytes=int(quota * 1_000_000),
        ray_address=ray_address or env.get("HINGECOACH_RAY_ADDRESS") or None,
    )


def _video_limits(env: dict[str, str] | os._Environ[str]) -> VideoLimits:
    """The video limits from the environment, defaults for what it does not set.

    Raises:
        ValueError: a value that is not a number.
    """
    default = VideoLimits()
    return VideoLimits(
        max_duration_s=float(env.get("HINGECOACH_MAX_VIDEO_S") or default.max_duration_s),
        max_frames=int(env.get("HINGECOACH_MAX_VIDEO_FRAMES") or default.max_frames),
        max_pixels=int(env.get("HINGECOACH_MAX_VIDEO_PIXELS") or default.max_pixels),
    )
