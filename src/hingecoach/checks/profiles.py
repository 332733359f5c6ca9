"""Per-exercise profiles: which checks apply and their limits, as validated TOML data.

Limits live in one place — ``checks/profiles/<exercise>.toml`` — never as literals in code. A user
can override any of them with their own TOML (same shape, only the keys they change). Loading
fails loudly on an unknown check, an unknown key or a missing limit, naming the file and key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hingecoach.checks.base import Limits
from hingecoach.checks.registry import BY_ID
from hingecoach.errors import InputError
from hingecoach.reps.segment import SegmentParams

EXERCISES: tuple[str, ...] = (
    "hinge_drill",
    "rdl",
    "conventional_deadlift",
    "pause_deadlift",
    "good_morning",
    "kb_swing",
)


@dataclass(frozen=True)
class Profile:
    """One exercise's title, rep segmentation and check limits."""

    exercise: str
    title: str
    segmentation: SegmentParams
    limits: dict[str, Limits]

    def enabled(self) -> list[str]:
        """Ids of the checks this exercise uses."""
        return [cid for cid, lim in self.limits.items() if lim.enabled]


def _shipped(exercise: str) -> dict[str, Any]:
    path = resources.files("hingecoach.checks") / "profiles" / f"{exercise}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_profile(exercise: str, override: Path | None = None) -> Profile:
    """The shipped profile of ``exercise``, with a user's TOML merged over it."""
    if exercise not in EXERCISES:
        raise InputError(f"unknown exercise {exercise!r}: choose one of {', '.join(EXERCISES)}")
    data = _shipped(exercise)
    where = f"profile {exercise}"
    if override is not None:
        try:
            data = _merge(data, tomllib.loads(override.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise InputError(f"{override}: cannot read profile override: {e}") from None
        where = f"{override} (over profile {exercise})"
    return parse_profile(exercise, data, where=where)


def parse_profile(exercise: str, data: dict[str, Any], *, where: str) -> Profile:
    """Validate a profile table; every check must be present with every limit."""
    checks = data.get("checks", {})
    unknown = sorted(set(checks) - set(BY_ID))
    if unknown:
        raise InputError(f"{where}: unknown check(s) {', '.join(unknown)}")
    missing = sorted(set(BY_ID) - set(checks))
    if missing:
        raise InputError(f"{where}: no limits for check(s) {', '.join(missing)}")
    limits: dict[str, Limits] = {}
    for cid, table in checks.items():
        try:
            limits[cid] = BY_ID[cid].limits.model_validate(table)
        except ValidationError as e:
            first = e.errors()[0]
            key = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{where}: checks.{cid}.{key}: {first['msg']}") from None
    seg = data.get("segmentation", {})
    try:
        params = SegmentParams(**seg)
    except TypeError as e:
        raise InputError(f"{where}: segmentation: {e}") from None
    return Profile(exercise, str(data.get("title", exercise)), params, limits)
