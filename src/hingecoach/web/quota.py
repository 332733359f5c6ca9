"""Disk space per account: the videos waiting for analysis plus the results kept.

An upload's video is deleted once its job is done or failed (see
:mod:`hingecoach.web.jobs.worker`), so what an account holds is the videos still queued or
being analysed, and each finished set's result folder (report, JSON, CSV, annotated video),
measured on disk. An upload that would take the account past ``Settings.quota_bytes`` is
refused with the numbers.
"""

from __future__ import annotations

from pathlib import Path

from hingecoach.store import Store
from hingecoach.store.web.storage import account_storage
from hingecoach.web.uploads import UploadRejected


def _folder_bytes(folder: Path) -> int:
    total = 0
    try:
        for p in folder.iterdir():
            if p.is_file() and not p.is_symlink():
                total += p.stat().st_size
    except OSError:
        return total  # a folder removed meanwhile holds nothing
    return total


def used_bytes(store: Store, *, results_dir: Path, owner_id: int) -> int:
    """Bytes the account holds: waiting uploads (as uploaded) plus its result folders on disk."""
    waiting, folders = account_storage(store, owner_id=owner_id)
    return waiting + sum(_folder_bytes(results_dir / name) for name in folders)


def check_quota(*, used: int, incoming: int, quota: int) -> None:
    """Refuse ``incoming`` bytes when ``used`` plus them would pass ``quota``.

    Raises:
        UploadRejected: 413 with the quota, the space used and what the upload needs.
    """
    if used + incoming > quota:
        raise UploadRejected(
            413,
            f"this upload ({incoming / 1e6:.1f} MB) would take the account past its "
            f"{quota / 1e6:g} MB of storage ({used / 1e6:.1f} MB used by videos waiting and "
            "results kept); wait for queued videos to finish or ask the server's owner for more",
        )
