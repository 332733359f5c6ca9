"""Shared test helpers: where the real clips live, and whether tests may skip them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"


def shared_data() -> Path:
    """The shared data folder; skip when absent outside CI, fail under CI."""
    if DATA.is_dir():
        return DATA
    if os.environ.get("CI"):
        pytest.fail(f"{DATA} is missing under CI: the shared folder must sit beside the repo")
    pytest.skip(f"{DATA} not found (the shared folder sits beside the repo in CI)")
    raise AssertionError("unreachable")
