"""Profiles: user overrides merge over the shipped limits; malformed ones fail by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from hingecoach.checks.profiles import EXERCISES, load_profile, load_profiles, parse_profile
from hingecoach.errors import InputError


def test_override_changes_only_given_keys(tmp_path: Path) -> None:
    over = tmp_path / "mine.toml"
    over.write_text("[checks.knee_bend]\nmax_deg = 25.0\n")
    p = load_profile("rdl", over)
    assert p.limits["knee_bend"].max_deg == 25.0  # type: ignore[attr-defined]
    assert p.limits["shin_vertical"] == load_profile("rdl").limits["shin_vertical"]


def test_override_applies_to_every_exercise_loaded_once(tmp_path: Path) -> None:
    over = tmp_path / "mine.toml"
    over.write_text("[segmentation]\nsettle_s = 0.3\n")
    profiles = load_profiles(over)
    assert {profiles.get(e).segmentation.settle_s for e in EXERCISES} == {0.3}
    assert profiles.source == str(over)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[checks.knee_bend]\nmax_degs = 25.0\n", "checks.knee_bend.max_degs"),
        ("[checks.knee_bnd]\nmax_deg = 25.0\n", "unknown check(s) knee_bnd"),
        ("[checks.knee_bend]\nmax_deg = 'a lot'\n", "checks.knee_bend.max_deg"),
        ("[checks.knee_bend]\nmax_deg = nan\n", "checks.knee_bend.max_deg: must be a finite"),
        ("[checks.knee_bend]\nmax_deg = inf\n", "checks.knee_bend.max_deg: must be a finite"),
        ("[checks.knee_bend]\nmax_deg = -5.0\n", "checks.knee_bend.max_deg: -5.0 is outside"),
        ("[checks.bar_close]\nmax_offset_bl = 3.0\n", "max_offset_bl: 3.0 is outside 0–1"),
        ("[checks.lowering_control]\nmin_lower_s = 0.0\n", "min_lower_s: 0.0 is outside"),
        ("[check.knee_bend]\nmax_deg = 25.0\n", "unknown table or key 'check'"),
        ("[segmentation]\nleave = 3\n", "segmentation.leave"),
        ("[segmentation]\nleave_deg = 'lots'\n", "segmentation.leave_deg"),
        ("[segmentation]\nleave_deg = '20'\n", "segmentation.leave_deg"),
        ("[segmentation]\ncount_deg = 10.0\n", "count_deg .10.0. must be above leave_deg"),
        ("[segmentation]\nsettle_s = nan\n", "segmentation.settle_s"),
        ("this is = = not toml", "cannot read profile override"),
    ],
)
def test_bad_override_names_the_file_table_and_key(tmp_path: Path, toml: str, message: str) -> None:
    over = tmp_path / "bad.toml"
    over.write_text(toml)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        load_profiles(over)
    assert str(over) in str(e.value)


def test_missing_check_table_is_an_error() -> None:
    with pytest.raises(InputError, match="no limits for check"):
        parse_profile("rdl", {"checks": {}}, where="test")


def test_missing_segmentation_key_is_an_error() -> None:
    from hingecoach.checks.profiles import _shipped

    data = _shipped("rdl")
    del data["segmentation"]["floor_touch_counts"]
    with pytest.raises(InputError, match=r"segmentation\.floor_touch_counts: Field required"):
        parse_profile("rdl", data, where="test")


def test_unknown_exercise() -> None:
    with pytest.raises(InputError, match="unknown exercise 'deadlfit'"):
        load_profile("deadlfit")
    with pytest.raises(InputError, match="unknown exercise 'deadlfit'"):
        load_profiles().get("deadlfit")


def test_every_shipped_limit_is_inside_its_range() -> None:
    profiles = load_profiles()  # parsing validates every range; this pins that it passes
    assert set(profiles.by_exercise) == set(EXERCISES)
    assert profiles.recognition.count_deg > profiles.recognition.leave_deg
