"""Profiles: user overrides merge over the shipped limits; malformed ones fail by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from hingecoach.checks.profiles import load_profile, parse_profile
from hingecoach.errors import InputError


def test_override_changes_only_given_keys(tmp_path: Path) -> None:
    over = tmp_path / "mine.toml"
    over.write_text("[checks.knee_bend]\nmax_deg = 25.0\n")
    p = load_profile("rdl", over)
    assert p.limits["knee_bend"].max_deg == 25.0  # type: ignore[attr-defined]
    assert p.limits["shin_vertical"] == load_profile("rdl").limits["shin_vertical"]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[checks.knee_bend]\nmax_degs = 25.0\n", "checks.knee_bend.max_degs"),
        ("[checks.knee_bnd]\nmax_deg = 25.0\n", "unknown check(s) knee_bnd"),
        ("[checks.knee_bend]\nmax_deg = 'a lot'\n", "checks.knee_bend.max_deg"),
        ("[segmentation]\nleave = 3\n", "segmentation"),
        ("this is = = not toml", "cannot read profile override"),
    ],
)
def test_bad_override_names_the_key(tmp_path: Path, toml: str, message: str) -> None:
    over = tmp_path / "bad.toml"
    over.write_text(toml)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_profile("rdl", over)


def test_missing_check_table_is_an_error() -> None:
    with pytest.raises(InputError, match="no limits for check"):
        parse_profile("rdl", {"checks": {}}, where="test")


def test_unknown_exercise() -> None:
    with pytest.raises(InputError, match="unknown exercise 'deadlfit'"):
        load_profile("deadlfit")
